"""helpers.classroom.student_notebook: solutions gone, self-checks kept, outputs cleared, links rewritten."""

import pathlib
import re

import nbformat
import pytest

from helpers import classroom

LESSONS = classroom.lessons()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_student_notebook_removes_solutions_and_keeps_checks(lesson, tmp_path):
    nb = nbformat.read(lesson, as_version=4)
    solutions = [c for c in nb.cells if classroom.is_solution(c)]
    assert solutions, f"{lesson.name} has no solution cell: nothing to test"
    student = classroom.student_notebook(nb, out_dir=tmp_path)
    nbformat.validate(student)
    assert not any(classroom.is_solution(c) for c in student.cells)
    assert len(student.cells) == len(nb.cells) - len(solutions)
    solution_sources = {c.source for c in solutions}
    assert not any(c.source in solution_sources for c in student.cells), "a solution's code survived untagged"
    assert any(classroom.is_solution(c) for c in nb.cells), "the lesson itself must not be changed"
    for cell in student.cells:
        if cell.cell_type == "code" and cell.outputs:
            assert classroom.is_pinned(cell), f"an unpinned output survived: {cell.source[:60]}"


def _cell(source, tags=(), outputs=True, kind="code"):
    if kind == "markdown":
        return nbformat.v4.new_markdown_cell(source)
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    if outputs:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
        cell.execution_count = 1
    return cell


def test_outputs_cleared_except_pinned_results_that_give_nothing_away():
    nb = nbformat.v4.new_notebook(cells=[
        _cell("# NBVAL_CHECK_OUTPUT\nprint(42)"),
        _cell("print(1)"),
        _cell("# NBVAL_CHECK_OUTPUT\nprint(answer)", tags=[classroom.HIDE_OUTPUT_TAG]),
        _cell("## Your turn", kind="markdown"),
        _cell("# NBVAL_CHECK_OUTPUT\nprint(answer)"),
        _cell("answer = 42", tags=["solution"]),
        _cell("## Discussion", kind="markdown"),
        _cell("# NBVAL_CHECK_OUTPUT\nprint(43)"),
    ])
    student = classroom.student_notebook(nb)
    kept = [bool(c.outputs) for c in student.cells if c.cell_type == "code"]
    assert kept == [True, False, False, False, True]
    assert all(c.execution_count is None for c in student.cells if c.cell_type == "code" and not c.outputs)


def test_links_rewritten_for_the_output_folder(tmp_path):
    out = tmp_path / "usb" / "student"
    text = ("[glossary](../docs/glossary.md), [next](02_alaska_2020.ipynb), [web](https://example.org/x), "
            "[top](#sources), [readme](../README.md#the-notebooks), <img src=\"../data/x.png\">")
    new = classroom.rewrite_links(text, out_dir=out)
    targets = re.findall(r"\]\(([^)]+)\)|src=\"([^\"]+)\"", new)
    targets = [a or b for a, b in targets]
    assert targets[1] == "02_alaska_2020.ipynb" and targets[2] == "https://example.org/x" and targets[3] == "#sources"
    assert targets[4].endswith("#the-notebooks")
    for link, kit_file in zip([targets[0], targets[4], targets[5]], ["docs/glossary.md", "README.md", "data/x.png"]):
        assert (out / link.split("#")[0]).resolve() == (classroom.ROOT / kit_file).resolve(), link
    assert classroom.rewrite_links(text) == text


def test_student_notebook_does_not_change_its_input():
    lesson = LESSONS[0]
    nb = nbformat.read(lesson, as_version=4)
    before = nbformat.writes(nb)
    classroom.student_notebook(nb, out_dir=pathlib.Path("/tmp"))
    assert nbformat.writes(nb) == before


def test_tools_work_from_any_working_directory(tmp_path):
    import subprocess
    import sys

    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    code = "from helpers import data; print(len(data.incidents()) > 0)"
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "True", result.stderr
    result = subprocess.run([sys.executable, "-m", "helpers.classroom", "student-edition", "edition"], cwd=elsewhere,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (elsewhere / "edition").glob("*.ipynb"))
    assert names == [p.name for p in classroom.lessons()], "the edition goes into OUT relative to the working directory"


def test_gitpuller_link():
    from urllib.parse import parse_qs, urlparse

    from helpers.classroom import gitpuller

    url = gitpuller.link("https://hub.example.edu/", "https://github.com/someone/air-encounters.git")
    parsed = urlparse(url)
    assert parsed.netloc == "hub.example.edu" and parsed.path == "/hub/user-redirect/git-pull"
    query = parse_qs(parsed.query)
    assert query["repo"] == ["https://github.com/someone/air-encounters.git"] and query["branch"] == ["main"]
    assert query["urlpath"] == ["lab/tree/air-encounters/notebooks/00_start_here.ipynb"]
    with pytest.raises(ValueError):
        gitpuller.link("javascript:alert(1)", "https://github.com/x/y")


def test_site_from_executed_notebooks_never_overwrites_an_edited_page(tmp_path):
    from helpers.classroom import safe_write
    from helpers.classroom import site as site_module

    lessons, executed, out = tmp_path / "lessons", tmp_path / "executed", tmp_path / "site"
    lessons.mkdir()
    executed.mkdir()
    nb = nbformat.v4.new_notebook(cells=[
        _cell("# Toy lesson", kind="markdown"),
        _cell("print('teaching output')"),
        _cell("## Your turn", kind="markdown"),
        _cell("answer = ...", outputs=False),
        _cell("answer = 'toy solution value'", tags=["solution"]),
    ])
    nb.cells[4].metadata["tags"] = ["solution"]
    nbformat.write(nb, lessons / "00_toy.ipynb")
    nbformat.write(nb, executed / "00_toy.ipynb")  # stands for the executed copy: no kernel needed
    site_module.build(out, source=lessons, executed=executed, progress_bar=False)
    instructor = (out / "instructor" / "00_toy.html").read_text(encoding="utf-8")
    student = (out / "student" / "00_toy.html").read_text(encoding="utf-8")
    assert "toy solution value" in instructor and '<details class="ae-solution">' in instructor
    assert "toy solution value" not in student and "teaching output" in student
    page = out / "student" / "00_toy.html"
    page.write_text(student + "<!-- my notes -->", encoding="utf-8")
    with pytest.raises(safe_write.EditedFileError):
        site_module.build(out, source=lessons, executed=executed, progress_bar=False)
    assert page.read_text(encoding="utf-8").endswith("<!-- my notes -->")
    site_module.build(out, source=lessons, executed=executed, progress_bar=False, backup=True)
    assert [p.read_text(encoding="utf-8").endswith("<!-- my notes -->") for p in (out / "student").glob("00_toy.edited-*")] == [True]


def test_atomic_write_gives_files_a_readable_mode(tmp_path):
    """A rewritten file keeps its mode; a new one gets 0666 less the umask, not mkstemp's 0600."""
    import os

    from helpers.classroom import safe_write

    new = tmp_path / "page.html"
    old_umask = os.umask(0o022)
    try:
        safe_write.atomic_write(new, b"<p>new</p>")
    finally:
        os.umask(old_umask)
    assert new.stat().st_mode & 0o777 == 0o644
    kept = tmp_path / "notes.md"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    safe_write.atomic_write(kept, b"new")
    assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_bytes() == b"new"
