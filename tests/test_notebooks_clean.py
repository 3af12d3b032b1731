"""Notebooks are committed clean and follow the lesson skeleton (notebooks/README.md)."""

import json
import pathlib
import re

import pytest

NOTEBOOKS = sorted(p for p in (pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00")]
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_except_checked_cells(path):
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs") and not _source(cell).lstrip().startswith(CHECK_MARK):
            pytest.fail(f"{path.name}: cell {i} has stored outputs but is not a '{CHECK_MARK}' cell; "
                        "clear its outputs before committing")
        if cell.get("outputs"):
            for out in cell["outputs"]:
                assert out.get("output_type") in ("stream", "execute_result"), (
                    f"{path.name}: cell {i} stores a {out.get('output_type')} output; checked cells keep small text only")
                text = "".join(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
                assert len(text) < 2000, f"{path.name}: cell {i} stores {len(text)} characters; keep checked output small"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_checked_cells_have_their_output_committed(path):
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] == "code" and _source(cell).lstrip().startswith(CHECK_MARK):
            assert cell.get("outputs"), (f"{path.name}: cell {i} is a '{CHECK_MARK}' cell without a stored output, "
                                         "so nbval has nothing to compare; run it and commit its output")


REQUIRED_HEADINGS = ("## Overview", "## Questions and learning objectives", "## Prerequisites", "## Time",
                     "## Your turn", "## Discussion", "## Summary", "## What's next", "## Sources")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_follows_the_skeleton(path):
    cells = _cells(path)
    markdown = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    first = _source(cells[0]).lstrip()
    assert first.startswith("# "), f"{path.name}: the first cell must be the H1 title"
    for heading in REQUIRED_HEADINGS:
        assert any(line.startswith(heading) for line in markdown.splitlines()), (
            f"{path.name}: missing a section starting with '{heading}' (see notebooks/README.md)")
    assert "teaching" in markdown.lower() and "exercise" in markdown.lower(), (
        f"{path.name}: the Time section must give teaching and exercise minutes separately")


EXERCISE_HEADING = re.compile(r"^### Exercise (\d+) \(\*(read the map|compute|derive)\*, (\d+) min\)( \(optional\))?$")
PROGRESS_PENDING = set()  # every lesson ends with its progress cell


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_have_three_exercises_with_solutions_and_checks(path):
    cells = _cells(path)
    solutions = [c for c in cells if "solution" in c.get("metadata", {}).get("tags", [])]
    checks = [c for c in cells if c["cell_type"] == "code" and "exercises.check(" in _source(c)]
    assert len(solutions) >= 3, f"{path.name}: {len(solutions)} cells tagged 'solution'; a lesson needs at least 3"
    assert len(checks) >= 3, f"{path.name}: {len(checks)} `exercises.check(...)` cells; a lesson needs at least 3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_use_the_one_check_mechanism(path):
    """Every exercise heading has the form the timing estimator reads, and its own check cell; no bare-assert
    self-checks; the lesson ends with its progress cell."""
    cells = _cells(path)
    lesson = path.name[:2]
    headings = [line for c in cells if c["cell_type"] == "markdown" for line in _source(c).splitlines()
                if line.startswith("### Exercise")]
    for line in headings:
        assert EXERCISE_HEADING.match(line), (
            f"{path.name}: exercise heading {line!r} is not of the form '### Exercise K (*read the map*, 5 min)'")
    for c in cells:
        src = _source(c)
        assert not (c["cell_type"] == "code" and src.lstrip().startswith("# Self-check") and "exercises.check(" not in src), (
            f"{path.name}: a bare-assert `# Self-check` cell is left; use exercises.check (helpers/exercises)")
    called = set(re.findall(r'exercises\.check\(\s*"(\d\d\.\d+)"', "\n".join(_source(c) for c in cells)))
    numbers = {f"{lesson}.{EXERCISE_HEADING.match(line).group(1)}" for line in headings}
    assert numbers <= called, f"{path.name}: exercises without a check cell: {sorted(numbers - called)}"
    if called and lesson not in PROGRESS_PENDING:
        last = [c for c in cells if c["cell_type"] == "code"][-1]
        assert _source(last).strip() == f'exercises.progress("{lesson}")', (
            f"{path.name}: the last cell must be `exercises.progress(\"{lesson}\")`")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_key_results_are_pinned(path):
    marked = [c for c in _cells(path) if c["cell_type"] == "code" and _source(c).lstrip().startswith(CHECK_MARK)]
    assert marked, f"{path.name}: pin the lesson's key results in at least one '{CHECK_MARK}' cell"
