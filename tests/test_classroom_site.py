"""``python -m helpers.classroom site``: both editions built from the real lessons, checked for content.

One build per session (tests/classroom_site_build.py); tests/browser/test_browser_classroom_site.py
opens the same pages in Chromium with the network closed.
"""

import html
import io
import json
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


def _widget_state(page):
    """The models of the page's saved widget state, {model id: model}; {} if none."""
    match = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', page, re.DOTALL)
    return json.loads(match.group(1))["state"] if match else {}


def _views(page):
    return [json.loads(v)["model_id"] for v in
            re.findall(r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', page, re.DOTALL)]


def test_widgets_show_their_saved_state_with_a_caption_linking_the_notebook(built):
    folder, _ = built
    lesson = next(p for p in LESSONS if p.name.startswith("02"))
    if not (folder / site_module.ASSETS / "embed.js").exists():  # built without a local widget manager
        page = _page(folder, "instructor", lesson)
        assert "ae-widget-note" in page and site_module.WIDGET_MIME not in page
        pytest.skip(f"no local {site_module.HTML_MANAGER}: widgets are notes ({site_module.NPM_HINT})")
    for edition in site_module.EDITIONS:
        page = _page(folder, edition, lesson)
        views, state = _views(page), _widget_state(page)
        assert views, f"{edition}: no widget in lesson 02's page"
        assert all(v in state for v in views), f"{edition}: a widget without its saved state"
        assert f'<script src="../{site_module.ASSETS}/embed.js"></script>' in page
        captions = re.findall(r'<div class="ae-widget-note ae-widget-caption">(.*?)</div>', page, re.DOTALL)
        assert len(captions) == len(views), f"{edition}: every saved widget needs its caption"
        assert all(f'href="{lesson.name}"' in c and "saved" in c for c in captions)
    licences = (folder / site_module.ASSETS / "LICENSES.txt").read_text(encoding="utf-8")
    assert "BSD-3-Clause" in licences and "Redistribution and use" in licences and "Font Awesome" in licences


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


def _toy_lesson(tmp_path):
    """A toy lesson and its 'executed' copy (no kernel): a box widget showing a slider, a widget
    whose state was not saved, and a saved model no view shows (an exercise's feedback)."""
    lessons, executed = tmp_path / "lessons", tmp_path / "executed"
    lessons.mkdir()
    executed.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Toy lesson"),
                                         nbformat.v4.new_code_cell("box"), nbformat.v4.new_code_cell("lost")])
    nbformat.write(nb, lessons / "00_toy.ipynb")

    def view(model):
        return nbformat.v4.new_output("display_data", data={
            site_module.WIDGET_MIME: {"version_major": 2, "version_minor": 0, "model_id": model},
            "text/plain": "Widget"})

    def model(name, **state):
        return {"model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0",
                "model_name": name, "state": state}

    nb.cells[1].outputs, nb.cells[2].outputs = [view("b0x")], [view("dead")]
    nb.metadata["widgets"] = {site_module.WIDGET_STATE_MIME: {"version_major": 2, "version_minor": 0, "state": {
        "b0x": model("HBoxModel", children=["IPY_MODEL_511de"], layout="IPY_MODEL_1a1"),
        "511de": model("IntSliderModel", value=7, layout="IPY_MODEL_1a2"),
        "1a1": model("LayoutModel"), "1a2": model("LayoutModel"),
        "feedb": model("HTMLModel", value="the expected answer is 42")}}}
    nbformat.write(nb, executed / "00_toy.ipynb")
    return lessons, executed


def _fake_widget_manager(tmp_path):
    """A folder laid out as npm's html-manager 1.x (its embed.js a stand-in)."""
    package = tmp_path / "npm" / "node_modules" / "@jupyter-widgets" / "html-manager"
    (package / "dist").mkdir(parents=True)
    (package / "package.json").write_text('{"name": "@jupyter-widgets/html-manager", "version": "1.0.15"}')
    (package / "dist" / "embed.js").write_text("/* stand-in */")
    (package / "dist" / "abc.woff2").write_bytes(b"font")
    (package / "dist" / "embed.js.map").write_text("{}")
    return tmp_path / "npm"


def test_saved_widgets_keep_only_the_state_their_views_show(tmp_path):
    lessons, executed = _toy_lesson(tmp_path)
    npm = _fake_widget_manager(tmp_path)
    said = []
    out = tmp_path / "site"
    site_module.build(out, source=lessons, executed=executed, progress_bar=False,
                      widget_manager=site_module.find_widget_manager(npm), say=said.append)
    assert any("saved state" in line for line in said), said
    assert sorted(p.name for p in (out / site_module.ASSETS).iterdir() if not p.name.startswith(".")) == [
        "LICENSES.txt", "abc.woff2", "embed.js"]
    page = (out / "instructor" / "00_toy.html").read_text(encoding="utf-8")
    assert _views(page) == ["b0x"], "only the widget whose state was saved keeps its view"
    assert sorted(_widget_state(page)) == ["1a1", "1a2", "511de", "b0x"], "the state is cut to what the view shows"
    assert "expected answer" not in page
    assert page.count("ae-widget-caption") == 2 and page.count('class="ae-widget-note">') == 1  # css rule + caption
    assert re.search(r'<script src="\.\./assets/html-manager/embed\.js"></script>', page)


def test_without_a_widget_manager_every_widget_is_a_note_and_the_build_says_so(tmp_path):
    lessons, executed = _toy_lesson(tmp_path)
    said = []
    assert site_module.find_widget_manager(tmp_path / "no-npm-here") is None
    site_module.build(tmp_path / "site", source=lessons, executed=executed, progress_bar=False,
                      widget_manager=False, say=said.append)
    assert any("no local copy" in line and "npm install" in line for line in said), said
    page = (tmp_path / "site" / "student" / "00_toy.html").read_text(encoding="utf-8")
    assert page.count('class="ae-widget-note">') == 2 and site_module.WIDGET_MIME not in page
    assert "embed.js" not in page and "widget-state" not in page and not (tmp_path / "site" / "assets").exists()
