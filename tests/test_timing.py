"""The lesson-time estimator: its floor on small made-up lessons, and every real lesson's Time section."""

import pathlib

import nbformat
import pytest

from helpers import timing

LESSONS = sorted(pathlib.Path(__file__).resolve().parent.parent.glob("notebooks/[0-9][0-9]_*.ipynb"))

FULL = "- **Full lesson:** {} min teaching + {} min exercises = {} min"
CORE = "- **Core path (one 50-minute period):** {} min teaching + {} min exercises = {} min"


def lesson(full=(10, 5, 15), core=(10, 5, 15), extra=()):
    """A small lesson: 130 words of prose, one plain code cell, one map, one exercise of 5 min, then ``extra``."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [md("# Title"), md("## Time\n\n" + FULL.format(*full) + "\n" + CORE.format(*core)),
             md("## 1. Words\n\n" + " ".join(["word"] * 130)), code("x = 1"), code("maps.incident_map(ID)"),
             md("## Your turn"), md("### Exercise 1 (*read the map*, 5 min)\n\n" + " ".join(["prompt"] * 500)),
             code("answer = ..."), *extra]
    return nbformat.v4.new_notebook(cells=cells)


def test_the_floor_adds_words_cells_maps_widgets_figures_and_exercise_minutes():
    nb = lesson(extra=[nbformat.v4.new_markdown_cell("## 2. More"),
                       nbformat.v4.new_code_cell("widgets.track_explorer(ID)"),
                       nbformat.v4.new_code_cell("fig, ax = plt.subplots()"),
                       nbformat.v4.new_code_cell("print('solution')", metadata={"tags": ["solution"]})])
    est = timing.estimate(nb)
    # title 1 + "Time" section (its words count too) + 130 + "Words" 1 + "More" 1
    assert est.full.code_cells == 4, "the solution cell and the exercise's answer cell are not teaching"
    assert (est.full.maps, est.full.widgets, est.full.figures) == (1, 1, 1)
    expected = (est.full.words / 130 + 4 * timing.CODE_CELL_MIN + timing.MAP_MIN + timing.WIDGET_MIN
                + timing.FIGURE_MIN)
    assert est.full.teaching_floor_min == pytest.approx(expected)
    assert est.full.exercise_min == 5
    assert est.full.floor_min == pytest.approx(expected + 5)
    assert est.full.words < 200, "the exercise prompt's 500 words belong to the exercise's own minutes"


def test_an_honest_lesson_has_no_problems():
    assert timing.problems(lesson()) == []


def test_teaching_below_the_floor_is_a_problem():
    found = timing.problems(lesson(full=(3, 5, 8), core=(3, 5, 8)))
    assert any("Full lesson: 3 min teaching is below the floor" in p for p in found), found
    assert any("Core path: 3 min teaching is below the floor" in p for p in found), found


def test_exercises_below_their_stated_minutes_and_wrong_sums_are_problems():
    found = timing.problems(lesson(full=(10, 2, 13), core=(10, 2, 12)))
    assert any("2 min exercises is below the 5 min" in p for p in found), found
    assert any("10 + 2 is not 13" in p for p in found), found


def test_optional_sections_and_exercises_leave_the_core_path():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = lesson(full=(40, 15, 55), core=(10, 5, 15),
                extra=[md("### Exercise 2 (*derive*, 10 min) (optional)"),
                       md("## 2. Extra (optional)\n\n" + " ".join(["more"] * 1300)), code("widgets.cpa_explorer()")])
    est = timing.estimate(nb)
    assert est.core.exercise_min == 5 and est.full.exercise_min == 15
    assert est.full.words - est.core.words == 1300 + 3  # "2", "Extra", "optional" of the heading
    assert est.full.widgets == 1 and est.core.widgets == 0
    assert timing.problems(nb) == []


def test_a_core_path_longer_than_a_period_is_a_problem():
    found = timing.problems(lesson(full=(50, 5, 55), core=(50, 5, 55)))
    assert any("does not fit one 50-minute period" in p for p in found), found


def test_missing_time_lines_and_exercise_minutes_are_problems():
    nb = lesson()
    nb.cells[1].source = "## Time\n\nTeaching: 20 min."
    nb.cells[6].source = "### Exercise 1 (read the map)"
    found = timing.problems(nb)
    assert any("no 'Full lesson' line" in p for p in found), found
    assert any("no 'Core path' line" in p for p in found), found
    assert any("states no minutes" in p for p in found), found


def test_the_command_prints_the_floor_and_its_parts(tmp_path, capsys):
    path = tmp_path / "99_x.ipynb"
    nbformat.write(lesson(full=(3, 5, 8), core=(10, 5, 15)), str(path))
    assert timing.main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "Full lesson: floor" in out and "words / 130" in out and "1 maps x 2" in out
    assert "exercise: Exercise 1 (*read the map*, 5 min): 5 min" in out
    assert "PROBLEM: Full lesson: 3 min teaching is below the floor" in out


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_lesson_states_at_least_its_floor(path):
    found = timing.problems(path)
    assert not found, f"{path.name}: " + "; ".join(found) + f"\n(run: python -m helpers.timing notebooks/{path.name})"
