"""The instructor guide is generated from the lessons, the exercises, the corpus and data/, and cannot drift.

No kernel runs here: the pages are rendered from the notebooks' text and the exercise definitions.
"""

import html
import re
import shutil

import nbformat
import pytest

from helpers import exercises, page
from helpers.classroom import guide, lessons, notes, outline, safe_write
from helpers.exercises import answers, core

LESSONS = lessons()


@pytest.fixture(scope="module")
def pages():
    """``{lesson number: rendered page}`` for every lesson notebook (rendered once for this module)."""
    return {outline.lesson_number(path): guide.render_lesson(path) for path in LESSONS}


def _sections(text, level="##"):
    """``{heading: body}`` of a page's ``level`` headings (lines in code fences are not headings)."""
    found, current, fence = {}, None, False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        if not fence and line.startswith(level + " "):
            current = line[len(level) + 1:].strip()
            found[current] = []
        elif current is not None:
            found[current].append(line)
    return {k: "\n".join(v).strip() for k, v in found.items()}


# --- the misconceptions page ---------------------------------------------------------------------

def test_misconceptions_page_matches_the_exercise_corpus():
    assert guide.PAGE.exists(), "docs/instructor/misconceptions.md is missing: run `python -m helpers.classroom guide`"
    assert guide.PAGE.read_text(encoding="utf-8") == guide.render(), (
        "docs/instructor/misconceptions.md is out of date with tests/exercises/: "
        "run `python -m helpers.classroom guide` and commit the page")


def test_every_corpus_file_and_hint_is_in_the_page(tmp_path):
    import yaml

    text = guide.render()
    for path in sorted(guide.CORPUS.glob("lesson_*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert f"## {doc['notebook']}" in text
        for trial in doc["trials"]:
            if trial.get("kind") in guide.SHOWN and trial.get("hint"):
                assert guide._cell(trial["hint"]) in text, f"{path.name}: hint {trial['hint']!r} missing"
    (tmp_path / "lesson_99.yaml").write_text("notebook: 99_x.ipynb\ntrials:\n  - {id: '99.1', kind: mistake, "
                                             "answer: '1', verdict: not yet, hint: 'a planted hint'}\n")
    assert "a planted hint" in guide.render(tmp_path), "the generator must follow the corpus"


# --- the lesson pages ----------------------------------------------------------------------------

def test_every_lesson_page_matches_its_sources(pages):
    assert len(pages) == len(LESSONS) >= 11
    for number, text in pages.items():
        path = guide.page_path(number)
        assert path.exists(), f"{path} is missing: run `python -m helpers.classroom guide` and commit it"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is out of date with its lesson, exercises, corpus, data/ or notes file: "
            "run `python -m helpers.classroom guide` and commit the pages")


def test_the_guide_links_every_lesson_page_with_its_minutes():
    text = guide.GUIDE.read_text(encoding="utf-8")
    a, b = guide._region(text, guide.GUIDE)
    assert text[a:b].strip("\n") == guide.index_table(LESSONS), (
        "the lesson table of docs/instructor-guide.md is out of date: run `python -m helpers.classroom guide`")
    for path in LESSONS:
        est = outline.outline(path).estimate
        number = outline.lesson_number(path)
        row = next(line for line in text[a:b].splitlines() if line.startswith(f"| {number} "))
        assert f"(instructor/lesson-{number}.md)" in row
        assert f"= {est.stated_core[2]} min" in row.split("|")[2] and f"= {est.stated_full[2]} min" in row.split("|")[3]


def test_every_page_has_the_seven_sections_with_content(pages):
    for number, text in pages.items():
        assert "Instructor only" in text.split("## ")[0], f"lesson {number}: the top must say it is instructor-only"
        found = _sections(text)
        assert [s for s in found if s in guide.SECTIONS] == list(guide.SECTIONS), f"lesson {number}: {list(found)}"
        for section in guide.SECTIONS:
            body = found[section]
            assert len(body) > 80, f"lesson {number}: section {section!r} is (nearly) empty"
            assert "Not written yet" not in body, f"lesson {number}: {section!r}: the notes file lacks a part"
        assert "After this lesson you can" in found["Objectives"], f"lesson {number}: objectives not taken over"
        est = outline.outline(guide.ROOT / "notebooks" / next(p.name for p in LESSONS if p.name.startswith(number))).estimate
        paths = found["Core path and full path"]
        assert f"{est.stated_core[0]} + {est.stated_core[1]} = **{est.stated_core[2]} min**" in paths
        assert f"{est.stated_full[0]} + {est.stated_full[1]} = **{est.stated_full[2]} min**" in paths


def _exercise_block(text, exercise_id):
    blocks = [b for b in _sections(_sections(text)["Answer notes"], "###").values() if f"`{exercise_id}`" in b]
    assert len(blocks) == 1, f"exercise {exercise_id}: {len(blocks)} answer-note blocks"
    return blocks[0]


def _bold(line):
    return [html.unescape(m) for m in re.findall(r"\*\*(.+?)\*\*", line)]


def _answer_from_page(kind, name, block, cases):
    """What the page says the answer to part ``name`` is, as a student would give it to the check."""
    if isinstance(kind, answers.Function):
        table = block.split(f"(`{name}`,", 1)[1].split("The check calls", 1)[0]
        outputs = [float(_bold(line)[-1]) for line in table.splitlines() if line.startswith("| ") and "**" in line]
        assert len(outputs) == len(cases), f"part {name}: {len(outputs)} outputs for {len(cases)} cases"

        def from_the_table(*args):
            index = next(i for i, case in enumerate(cases) if all(x is y for x, y in zip(args, case)))
            return outputs[index]
        return from_the_table
    line = next(ln for ln in block.splitlines() if ln.startswith("- ") and f"(`{name}`)" in ln)
    return _bold(line)[0]


def test_answer_notes_give_what_the_check_accepts(pages):
    """Take each answer the page shows, give it to the exercise's own check: it must say "correct"."""
    checked = 0
    for number, text in pages.items():
        for exercise in exercises.load_lesson(number):
            block = _exercise_block(text, exercise.id)
            givens = dict(exercise.givens)
            expected, cases = core._expected(exercise, givens)
            if type(exercise.parts["answer"]).__name__ == "Assessment":  # a text the check reads for structure
                for party in expected["answer"]["parties"]:
                    assert page.escape_markdown(party) in block, f"{exercise.id}: party {party!r} missing"
                for source in expected["answer"]["sources"]:
                    assert page.escape_markdown(source["publisher"]) in block
                continue
            given = {name: _answer_from_page(kind, name, block, cases) for name, kind in exercise.parts.items()}
            verdict = core.judge(exercise, given, givens)
            assert verdict.status == exercises.CORRECT, f"{exercise.id}: the page's answer {given} -> {verdict.message}"
            checked += 1
    assert checked >= 40


def test_answer_notes_do_not_type_numbers_the_lesson_does_not_compute():
    """The generator's own text holds no figure: every number on a page comes from the lesson or data."""
    from helpers.classroom import answer_notes, contested

    for module in (guide, outline, answer_notes, contested, notes):
        source = open(module.__file__, encoding="utf-8").read()
        strings = re.findall(r'"([^"\n]*)"', source)
        typed = [s for s in strings if re.search(r"\b\d+(\.\d+)?\s*(nmi|km|kt|min|ft|s)\b", s)]
        assert not typed, f"{module.__name__}: figures typed into page text: {typed}"


# --- hand-written notes --------------------------------------------------------------------------

def test_every_lesson_has_a_notes_file_with_all_parts_and_no_typed_figures():
    for path in LESSONS:
        number = outline.lesson_number(path)
        written = notes.read(number)
        assert written, f"{notes.path_of(number)} is missing"
        for section in notes.SECTIONS:
            assert written.get(section, "").strip(), f"{notes.path_of(number)}: section '## {section}' is empty"
            typed = notes.digits_outside_placeholders(written[section])
            assert not typed, (f"{notes.path_of(number)}, {section}: a figure typed by hand (take it from data/ "
                               f"with a placeholder): {typed}")
            notes.expand(written[section])  # every placeholder names a row of data/
        extra = [line for line in written["Extra exercises"].splitlines() if line.startswith("- ")]
        assert 2 <= len(extra) <= 3, f"{notes.path_of(number)}: {len(extra)} extra exercises (write 2 or 3, as '- ' items)"


def test_placeholders_fill_in_escaped_data_and_name_a_bad_id():
    from helpers import data

    claim = data.claims().iloc[0]
    filled = notes.expand(f"Said: {{claim:{claim['id']}}}.")
    assert page.escape_markdown(claim["quote"]) in filled and page.escape_markdown(claim["party"]) in filled
    assert "{claim:" not in filled
    with pytest.raises(notes.NotesError, match=r"line 2.*no-such-claim.*claims\.csv"):
        notes.expand("fine\n{claim:no-such-claim}", where="x.md")
    assert notes.digits_outside_placeholders("about 12 nmi") == ["about 12 nmi"]
    assert notes.digits_outside_placeholders("Exercise 2 and `x = 3` and {claim:a-1} and 02.3") == []
    assert notes.digits_outside_placeholders("the RB-47H and KAL 007, Exercises 1 to 3") == []
    assert notes.digits_outside_placeholders("a Su-27 at 5 ft") == ["a Su-27 at 5 ft"]


# --- a lesson added later, and no hand edit is ever lost --------------------------------------------

def _fake_lesson(path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[
        md("# A fake lesson\n\nA hook."),
        md("## Questions and learning objectives\n\nAfter this lesson you can **compare** two planted claims."),
        md("## Time\n\n- **Full lesson:** 20 min teaching + 6 min exercises = 26 min\n"
           "- **Core path (one 50-minute period):** 10 min teaching + 3 min exercises = 13 min"),
        code("from helpers import maps, widgets"),
        md("## 1. A map\n\nLook at it."),
        code('maps.incident_map("hainan-2001-04-01")'),
        md("## 2. More (optional)\n\nLater."),
        code("widgets.intercept_planner()"),
        md("## Your turn\n\n### Exercise 1 (*read the map*, 3 min)\n\nRead it."),
        md("### Exercise 2 (*compute*, 3 min) (optional)\n\nCompute it."),
    ])
    nbformat.write(nb, str(path))


@pytest.fixture()
def tmp_kit(tmp_path):
    """A tmp copy: lesson 00 and a fake lesson 11, an empty corpus and notes folder, a guide with markers."""
    (tmp_path / "notebooks").mkdir()
    shutil.copy(LESSONS[0], tmp_path / "notebooks" / LESSONS[0].name)
    _fake_lesson(tmp_path / "notebooks" / "11_fake.ipynb")
    for name in ("corpus", "notes"):
        (tmp_path / name).mkdir()
    (tmp_path / "guide.md").write_text(f"# Guide\n\nBefore.\n\n{guide.START}\n{guide.END}\n\nAfter.\n", encoding="utf-8")
    kw = dict(notebooks=tmp_path / "notebooks", folder=tmp_path / "out", guide=tmp_path / "guide.md",
              corpus=tmp_path / "corpus", notes_dir=tmp_path / "notes")
    return tmp_path, kw


def test_a_lesson_added_later_gets_a_page(tmp_kit):
    tmp, kw = tmp_kit
    (tmp / "guide.md").chmod(0o644)
    guide.write(**kw)
    assert (tmp / "guide.md").stat().st_mode & 0o777 == 0o644, "the hand-written guide keeps its permissions"
    fake = (tmp / "out" / "lesson-11.md").read_text(encoding="utf-8")
    found = _sections(fake)
    assert [s for s in found if s in guide.SECTIONS] == list(guide.SECTIONS)
    assert "compare** two planted claims" in found["Objectives"]
    assert "10 + 3 = **13 min**" in found["Core path and full path"]
    assert "`maps.incident_map(\"hainan-2001-04-01\")`" in found["On the projector"]
    assert "widgets.intercept_planner" not in found["On the projector"].split("Off the core path")[0]
    assert "Not written yet" in found["Extra exercises"] and "lesson-11.md" in found["Extra exercises"]
    assert "No check cell" in found["Answer notes"]
    assert "Hainan" in found["Contested claims: talking points"]
    assert (tmp / "out" / "lesson-00.md").exists()
    text = (tmp / "guide.md").read_text(encoding="utf-8")
    assert "[lesson-11.md](out/lesson-11.md)" in text and text.startswith("# Guide\n\nBefore.") and "After." in text


def test_no_hand_edit_of_a_page_or_the_guide_table_is_lost(tmp_kit):
    tmp, kw = tmp_kit
    guide.write(**kw)
    page_11 = tmp / "out" / "lesson-11.md"
    page_11.write_text(page_11.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    with pytest.raises(safe_write.EditedFileError, match="lesson-11.md"):
        guide.write(**kw)
    assert "My own note." in page_11.read_text(encoding="utf-8")
    backups = []
    guide.write(**kw, backup=True, backups=backups)
    assert any("My own note." in p.read_text(encoding="utf-8") for p in backups)
    assert "My own note." not in page_11.read_text(encoding="utf-8")

    guide_md = tmp / "guide.md"
    text = guide_md.read_text(encoding="utf-8")
    guide_md.write_text(text.replace("After.", "After, edited by hand."), encoding="utf-8")
    guide.write(**kw)  # outside the markers: kept, not refused
    assert "After, edited by hand." in guide_md.read_text(encoding="utf-8")
    text = guide_md.read_text(encoding="utf-8")
    guide_md.write_text(text.replace("| 11 A fake lesson", "| 11 My fake lesson"), encoding="utf-8")
    with pytest.raises(safe_write.EditedFileError, match="lesson table"):
        guide.write(**kw)
    assert "| 11 My fake lesson" in guide_md.read_text(encoding="utf-8")


def test_a_new_lessons_exercises_get_answer_notes_and_a_broken_one_is_named(tmp_kit):
    from helpers import data

    tmp, kw = tmp_kit
    path = tmp / "notebooks" / "11_fake.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.insert(9, nbformat.v4.new_code_cell('exercises.check("11.1", answer)'))
    nbformat.write(nb, str(path))
    exercise = core.Exercise(id="11.1", title="a planted count", parts={"answer": answers.Number(integer=True)},
                             expected=lambda g: {"answer": float(len(data.incidents()))},
                             hint="Count the rows.", praise="Right.")
    try:
        text = guide.render_lesson(path, corpus=kw["corpus"], notes_dir=kw["notes_dir"], folder=kw["folder"])
        block = _exercise_block(text, "11.1")
        assert core.judge(exercise, {"answer": _answer_from_page(exercise.parts["answer"], "answer", block, [])},
                          {}).status == exercises.CORRECT
        exercise.expected = lambda g: {"answer": 1 / 0}
        core.clear_cache()
        with pytest.raises(guide.GuideError, match=r"11_fake.ipynb: exercise 11.1: .*ZeroDivisionError"):
            guide.render_lesson(path, corpus=kw["corpus"], notes_dir=kw["notes_dir"], folder=kw["folder"])
    finally:
        core._REGISTRY.pop("11.1", None)
        core.clear_cache()


def test_the_page_of_a_deleted_lesson_goes_unless_it_was_edited(tmp_kit):
    tmp, kw = tmp_kit
    guide.write(**kw)
    page_11, page_00 = tmp / "out" / "lesson-11.md", tmp / "out" / "lesson-00.md"
    assert page_11.exists() and page_00.exists()
    (tmp / "notebooks" / "11_fake.ipynb").unlink()
    stale = []
    guide.write(**kw, stale=stale)
    assert not page_11.exists() and stale == [(page_11, "removed")]
    assert "lesson-11.md" not in safe_write.read_manifest(tmp / "out")
    assert "lesson-11.md" not in (tmp / "guide.md").read_text(encoding="utf-8")

    # an edited page of a deleted lesson is kept, and said so
    _fake_lesson(tmp / "notebooks" / "11_fake.ipynb")
    guide.write(**kw)
    page_11.write_text(page_11.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    (tmp / "notebooks" / "11_fake.ipynb").unlink()
    stale = []
    guide.write(**kw, stale=stale)
    assert "My own note." in page_11.read_text(encoding="utf-8")
    assert [(p, w.split(":")[0]) for p, w in stale] == [(page_11, "kept")]
    assert page_00.exists()
