"""``python -m helpers.classroom site``: both editions built from the real lessons, checked for content.

One build per session (tests/classroom_site_build.py); tests/browser/test_browser_classroom_site.py
opens the same pages in Chromium with the network closed.
"""

import html
import io
import re
import subprocess
import sys

import classroom_site_build
import nbformat
import pytest

from helpers import classroom
from helpers.classroom import site as site_module

LESSONS = classroom.lessons()


@pytest.fixture(scope="module")
def built():
    return classroom_site_build.site()


def _page(folder, edition, lesson):
    return (folder / edition / lesson.with_suffix(".html").name).read_text(encoding="utf-8")


def test_every_lesson_executes_and_both_editions_are_built(built):
    folder, failures = built
    assert not failures, "lessons that could not be executed for the site:\n" + "\n".join(failures)
    for edition in site_module.EDITIONS:
        index = (folder / edition / "index.html").read_text(encoding="utf-8")
        for lesson in LESSONS:
            assert (folder / edition / lesson.with_suffix(".html").name).exists(), f"{edition}: no page for {lesson.name}"
            assert f'href="{lesson.with_suffix(".html").name}"' in index


def _solutions(lesson):
    return [c for c in nbformat.read(lesson, as_version=4).cells if classroom.is_solution(c)]


def _squash(text):
    return re.sub(r"\s+", "", text)


def _probe(cell):
    """What of a solution cell must (not) appear in a page's text: a code cell's whole code; for a
    Markdown cell (rendered, so its markup is gone) its longest run of plain words."""
    if cell.cell_type == "code":
        return _squash(cell.source)
    return _squash(max(re.split(r"[^A-Za-z ,.']+", cell.source), key=len))


def _text(page):
    """The page's visible text without any whitespace: tags removed, entities decoded."""
    return _squash(html.unescape(re.sub(r"<[^>]+>", "", page)))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_no_solution_in_the_student_pages_and_collapsed_in_the_instructor_pages(built, lesson):
    folder, _ = built
    if not (folder / "student" / lesson.with_suffix(".html").name).exists():
        pytest.fail(f"{lesson.name}: not built (see test_every_lesson_executes_and_both_editions_are_built)")
    solutions = _solutions(lesson)
    assert solutions, f"{lesson.name} has no solution: nothing to check"
    student, instructor = _text(_page(folder, "student", lesson)), _page(folder, "instructor", lesson)
    for cell in solutions:  # a whole solution (self-checks may share single lines with it)
        assert _probe(cell) not in student, f"{lesson.name}: a solution survived in the student page"
        assert _probe(cell) in _text(instructor), f"{lesson.name}: a solution is missing in the instructor page"
    assert instructor.count('<details class="ae-solution">') == len(solutions)
    assert '<details class="ae-solution">' not in _page(folder, "student", lesson)
    copy = nbformat.read(folder / "student" / lesson.name, as_version=4)
    assert not any(classroom.is_solution(c) for c in copy.cells), "the student page's notebook has solutions"


@pytest.mark.parametrize("edition", site_module.EDITIONS)
def test_pages_link_their_notebook_and_each_other_and_load_nothing_from_a_cdn(built, edition):
    folder, _ = built
    maps = 0
    for lesson in LESSONS:
        path = folder / edition / lesson.with_suffix(".html").name
        if not path.exists():
            continue
        page = path.read_text(encoding="utf-8")
        nav = re.search(r'<nav class="ae-nav">(.*?)</nav>', page, re.DOTALL)
        assert nav and re.search(rf'<a [^>]*href="{re.escape(lesson.name)}"', nav.group(1)), f"{path.name}: no notebook link"
        assert (folder / edition / lesson.name).exists()
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", page), f"{path.name} loads from a CDN"
        frames = re.findall(r'srcdoc="([^"]*)"', page)
        for frame in frames:
            inner = html.unescape(frame)
            assert "leaflet" in inner.lower()
            assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", inner), f"{path.name}: a map is not offline"
        maps += len(frames)
        for other in LESSONS:
            assert f"]({other.name})" not in page
    assert maps >= len(LESSONS) - 1, f"only {maps} maps in the {edition} pages"


def test_figures_keep_their_alt_text(built):
    folder, _ = built
    images = []
    for lesson in LESSONS:
        path = folder / "instructor" / lesson.with_suffix(".html").name
        if path.exists():
            images += re.findall(r"<img\b[^>]*>", path.read_text(encoding="utf-8"))
    assert images, "no figure in any page"
    alts = [re.search(r"alt=([\"'])(.*?)\1", img, re.DOTALL) for img in images]
    assert all(a and a.group(2).strip() for a in alts), "a figure without alt text"
    captioned = [a.group(2) for a in alts if a and not a.group(2).startswith("Figure (its caption")]
    assert len(captioned) >= len(images) // 2, f"most figures should carry their caption as alt text: {captioned}"


def test_widgets_become_a_note_with_a_link_to_the_notebook(built):
    folder, _ = built
    page = _page(folder, "instructor", next(p for p in LESSONS if p.name.startswith("02")))
    assert "ae-widget-note" in page and "application/vnd.jupyter.widget-view+json" not in page


def test_progress_bar_counts_every_step():
    stream = io.StringIO()
    bar = site_module.Progress(4, stream=stream, width=8)
    for label in ("executing 00", "rendering instructor 00", "rendering student 00", "executing 01"):
        bar.step(label)
    bar.close()
    frames = stream.getvalue().split("\r")[1:]
    assert [f.split("]")[1].split()[0] for f in frames] == ["0/4", "1/4", "2/4", "3/4", "4/4"]
    assert frames[-1].startswith("[########]")


def test_site_help():
    result = subprocess.run([sys.executable, "-m", "helpers.classroom", "site", "--help"], capture_output=True,
                            text=True, timeout=120, cwd=classroom.ROOT)
    assert result.returncode == 0 and "instructor" in result.stdout and "--executed" in result.stdout
