"""The curriculum as a static website: every lesson executed, then written as HTML pages.

Two editions from one execution of each lesson:

- ``OUT/instructor/``: every cell, each solution collapsed under "Solution (click to show)";
- ``OUT/student/``: no solution cells, and no outputs in the exercises (they would show the
  solved state), as in the student edition.

Engine: nbconvert's HTML exporter with the kit's template (``templates/air_site``), which loads
nothing from a CDN. Maps are executed in offline mode (``AIR_ENCOUNTERS_OFFLINE_MAPS=1``: Leaflet
travels inside each map), so the pages work with the network closed. Figures keep their alt text
(the lesson's ``*Figure: ...*`` caption). Widgets are drawn in the state they were saved in by
``@jupyter-widgets/html-manager``, copied from a local npm folder into ``OUT/assets/`` (never from a
CDN), with a caption saying that they need the notebook to move; when no local copy is found, each
widget is a note that links to the notebook. Each page links to its notebook, which is copied next
to it. Every file is written through ``safe_write`` (an edited page is never overwritten).
"""

import copy
import html
import json
import os
import pathlib
import re
import sys

import nbformat

from helpers import classroom
from helpers.classroom import safe_write

TEMPLATES = pathlib.Path(__file__).resolve().parent / "templates"
EDITIONS = ("instructor", "student")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
# The widget manager for static pages: npm's @jupyter-widgets/html-manager 1.x (ipywidgets 8's
# protocol), its self-contained dist/embed.js and the icon fonts it loads next to itself.
HTML_MANAGER = "@jupyter-widgets/html-manager"
HTML_MANAGER_MAJOR = "1."
ASSETS = "assets/html-manager"
NPM_HINT = (f"npm install --prefix ~/.cache/air-encounters/npm {HTML_MANAGER}@1.0.15 "
            "(or: python3 tests/browser/assets.py install)")
CAPTION = re.compile(r"^\s*\*(?:Figure|Map)[^:]*:\s*(.+?)\*?\s*$", re.DOTALL)
KERNEL_TIMEOUT_S = 600


class SiteError(RuntimeError):
    """A lesson could not be executed or the site could not be written."""


class Progress:
    """A one-line console progress bar on stderr: ``[#####.....] 3/10 executing 02_alaska_2020``."""

    def __init__(self, total, enabled=True, stream=None, width=30):
        self.total, self.done, self.enabled, self.width = total, 0, enabled, width
        self.stream = stream or sys.stderr

    def step(self, label):
        """Show the bar with ``label`` for the step about to start."""
        if self.enabled:
            filled = int(self.width * self.done / max(self.total, 1))
            bar = "#" * filled + "." * (self.width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label:<48.48}")
            self.stream.flush()
        self.done += 1

    def close(self, label="done"):
        if self.enabled:
            self.stream.write(f"\r[{'#' * self.width}] {self.total}/{self.total} {label:<48.48}\n")
            self.stream.flush()


def execute(lesson, timeout_s=KERNEL_TIMEOUT_S):
    """Run lesson ``lesson`` (a path) in a fresh kernel with offline maps, saving the widgets' state
    (``metadata.widgets``); return the executed notebook. Raises ``SiteError`` naming the lesson and
    the cell that failed. Safe to call from several threads at once (the kernel gets its own
    environment; this process's is not changed)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(lesson, as_version=4)
    env = {**os.environ, "AIR_ENCOUNTERS_OFFLINE_MAPS": "1"}
    try:
        NotebookClient(nb, timeout=timeout_s, kernel_name="python3", store_widget_state=True,
                       resources={"metadata": {"path": str(pathlib.Path(lesson).parent)}}).execute(env=env)
    except CellExecutionError as err:
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip()  # no terminal colours in the message
        first = text.splitlines()[-1] if text else repr(err)
        raise SiteError(f"{lesson}: a cell failed while building the site: {first}") from None
    return nb


def _plain(markdown):
    """Markdown caption as plain text for an alt attribute."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip()


def add_alt_text(nb):
    """Give every PNG output the caption that follows its cell (``*Figure: ...*``) as alt text."""
    for cell, after in zip(nb.cells, nb.cells[1:] + [None]):
        if cell.cell_type != "code" or after is None or after.cell_type != "markdown":
            continue
        match = CAPTION.match(after.source)
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}) and match:
                out.setdefault("metadata", {}).setdefault("image/png", {})["alt"] = _plain(match.group(1))
    return nb


def npm_folder():
    """The kit's npm folder: ``$AIR_ENCOUNTERS_NPM`` or ``~/.cache/air-encounters/npm``."""
    return pathlib.Path(os.environ.get("AIR_ENCOUNTERS_NPM", pathlib.Path.home() / ".cache" / "air-encounters" / "npm"))


def find_widget_manager(npm_dir=None):
    """The ``dist/`` folder of a local ``@jupyter-widgets/html-manager`` 1.x that has ``embed.js``
    (in ``npm_dir``, default ``npm_folder()``), or None. Nothing is downloaded."""
    package = pathlib.Path(npm_dir or npm_folder()) / "node_modules" / HTML_MANAGER
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    dist = package / "dist"
    return dist if version.startswith(HTML_MANAGER_MAJOR) and (dist / "embed.js").is_file() else None


def widget_manager_files(dist):
    """{name in ``OUT/assets/html-manager/``: bytes} for a local html-manager ``dist/`` folder:
    embed.js, the icon fonts it asks for (woff2, woff) and the licences of what is copied
    (html-manager: BSD-3-Clause, Project Jupyter; the libraries bundled in embed.js; Font Awesome
    Free's fonts: SIL OFL 1.1)."""
    dist = pathlib.Path(dist)
    package = dist.parent
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    files = {"embed.js": (dist / "embed.js").read_bytes()}
    for font in sorted(dist.glob("*.woff*")):
        files[font.name] = font.read_bytes()
    notices = [f"{HTML_MANAGER} {version} (npm), licence BSD-3-Clause (its package.json); the same "
               "licence text as every package of the jupyter-widgets/ipywidgets repository:\n"]
    for licence in (package.parent / "schema" / "LICENSE", package.parent / "base7" / "LICENSE"):
        if licence.is_file():
            notices.append(licence.read_text(encoding="utf-8"))
            break
    if (dist / "embed.js.LICENSE.txt").is_file():
        notices.append("Libraries bundled in embed.js (embed.js.LICENSE.txt):\n\n"
                       + (dist / "embed.js.LICENSE.txt").read_text(encoding="utf-8"))
    for fa in (package / "node_modules" / "@fortawesome" / "fontawesome-free" / "LICENSE.txt",
               package.parent.parent / "@fortawesome" / "fontawesome-free" / "LICENSE.txt"):
        if fa.is_file():
            notices.append("The fonts (*.woff2, *.woff), Font Awesome Free:\n\n" + fa.read_text(encoding="utf-8"))
            break
    files["LICENSES.txt"] = ("\n\n".join(notices)).encode("utf-8")
    return files


def _note(notebook_href, saved_state):
    """The note shown under (or instead of) a widget, with a link to the notebook."""
    link = f'<a href="{html.escape(notebook_href)}">Open this lesson\'s notebook</a>'
    if saved_state:
        return ('<div class="ae-widget-note ae-widget-caption">Saved widget: drag it in the notebook; this page '
                f'shows only the state it was saved in. {link} in Jupyter to use it.</div>')
    return f'<div class="ae-widget-note">Interactive widget: it needs Python running. {link} in Jupyter to use it.</div>'


def _model_ids(value):
    """Every widget model id that a piece of widget state refers to."""
    text = json.dumps(value)
    return set(re.findall(r"IPY_MODEL_([0-9a-f]+)", text)) | set(re.findall(r'"model_id": "([0-9a-f]+)"', text))


def saved_widget_state(nb, roots):
    """The notebook's saved widget state (``metadata.widgets``) cut down to the models the views
    ``roots`` (model ids) show, directly or through their children, layouts and styles."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
    keep, todo = {}, [m for m in roots if m in state]
    while todo:
        model = todo.pop()
        if model in keep:
            continue
        keep[model] = state[model]
        todo.extend(m for m in _model_ids(state[model].get("state", {})) if m in state and m not in keep)
    return keep


def replace_widgets(nb, notebook_href, saved_state=False):
    """Widgets on a page. With ``saved_state`` (a widget manager is shipped with the site), a widget
    whose state was saved keeps its view, with a caption under it, and the notebook's saved state is
    cut to what the views show; every other widget (and all of them without ``saved_state``) becomes
    a note linking to the notebook (widgets need a kernel)."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {}) if saved_state else {}
    shown = []
    for cell in nb.cells:
        outputs = []
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_MIME)
            if view is None:
                outputs.append(out)
            elif isinstance(view, dict) and view.get("model_id") in state:
                shown.append(view["model_id"])
                outputs += [out, nbformat.v4.new_output("display_data", data={
                    "text/html": _note(notebook_href, True), "text/plain": "Widget in its saved state"})]
            else:
                out["data"] = {"text/html": _note(notebook_href, False),
                               "text/plain": "Interactive widget (open the notebook to use it)"}
                outputs.append(out)
        if cell.cell_type == "code":
            cell.outputs = outputs
    kept = saved_widget_state(nb, shown)
    if kept:
        full = nb.metadata["widgets"][WIDGET_STATE_MIME]
        nb.metadata["widgets"] = {WIDGET_STATE_MIME: {**full, "state": kept}}
    else:
        nb.metadata.pop("widgets", None)
    return nb


def edition_notebook(executed, edition, lesson_names):
    """The executed notebook as the ``edition`` shows it, links pointing to the site's pages."""
    nb = copy.deepcopy(executed)
    if edition == "student":
        from nbconvert.preprocessors import TagRemovePreprocessor

        nb, _ = TagRemovePreprocessor(remove_cell_tags={classroom.SOLUTION_TAG}).preprocess(nb, {})
        in_exercises = False
        for cell in nb.cells:
            if cell.cell_type == "markdown" and classroom.ANY_H2.search(cell.source):
                in_exercises = bool(classroom.EXERCISES_HEADING.search(cell.source))
            if cell.cell_type == "code" and in_exercises:
                cell.outputs, cell.execution_count = [], None
    pages = {name: name.replace(".ipynb", ".html") for name in lesson_names}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for name, page in pages.items():
                cell.source = re.sub(rf"\]\(\s*{re.escape(name)}(#[^)]*)?\)", rf"]({page}\1)", cell.source)
    return nb


def render_page(nb, title, edition, notebook_name, lesson_names, widgets_js=None):
    """One lesson page as HTML text; ``widgets_js`` is the (relative) address of the widget
    manager's embed.js, loaded only when the notebook has saved widget state."""
    from nbconvert import HTMLExporter

    nav = ('<nav class="ae-nav"><a href="index.html">All lessons</a>'
           f'<a href="{html.escape(notebook_name)}" download>This lesson as a notebook ({html.escape(notebook_name)})</a>'
           f'<span>{html.escape(edition.capitalize())} edition</span></nav>')
    exporter = HTMLExporter(template_name="air_site", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"ae_nav": nav, "ae_widgets_js": widgets_js or "",
                                                         "metadata": {"name": title}})
    return body


def lesson_title(nb, fallback):
    """The lesson's H1 title."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def index_page(edition, entries):
    """The edition's index: one link per lesson."""
    items = "\n".join(f'<li><a href="{html.escape(page)}">{html.escape(name[:2])} {html.escape(title)}</a></li>'
                      for name, page, title in entries)
    other = "student" if edition == "instructor" else "instructor"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Air Encounters: {edition} edition</title></head>\n<body>\n"
            f"<h1>Air Encounters: {edition} edition</h1>\n<ol>\n{items}\n</ol>\n"
            f"<p><a href=\"../{other}/index.html\">The {other} edition</a></p>\n</body></html>\n")


def lesson_pages(lesson, executed, editions, lesson_names, saved_state, widgets_js):
    """Execute one lesson (or read it from the folder ``executed``) and render its page for each
    edition. Returns {"error": message or None, "executed": the executed notebook as text (None if
    read from ``executed``), "title": ..., "pages": {edition: HTML text}}. Runs in a worker
    process when several lessons are built at once (it writes nothing)."""
    lesson = pathlib.Path(lesson)
    kept = pathlib.Path(executed) / lesson.name if executed else None
    try:
        run = nbformat.read(kept, as_version=4) if kept and kept.exists() else execute(lesson)
    except SiteError as err:
        return {"error": str(err), "executed": None, "title": None, "pages": {}}
    text = None if kept and kept.exists() else nbformat.writes(run)
    add_alt_text(run)
    title = lesson_title(run, lesson.stem)
    pages = {}
    for edition in editions:
        shown = replace_widgets(edition_notebook(run, edition, lesson_names), lesson.name, saved_state=saved_state)
        pages[edition] = render_page(shown, title, edition, lesson.name, lesson_names, widgets_js=widgets_js)
    return {"error": None, "executed": text, "title": title, "pages": pages}


def _all_lesson_pages(lessons, jobs, *args):
    """lesson_pages(...) of each lesson, in order, ``jobs`` lessons at a time in worker processes
    (each also runs a kernel: at most the number of cores); jobs=1 runs them here, one by one."""
    if jobs <= 1:
        for lesson in lessons:
            yield lesson, lesson_pages(lesson, *args)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [(lesson, pool.submit(lesson_pages, lesson, *args)) for lesson in lessons]
        for lesson, future in futures:
            yield lesson, future.result()


def build(out, *, editions=None, executed=None, source=classroom.NOTEBOOKS, backup=False, progress_bar=True,
          widget_manager=None, say=print, jobs=1, save_executed=None):
    """Execute every lesson (or read it from ``executed``, a folder of already-executed copies with
    the lessons' names; ``jobs`` lessons at a time, each executed and rendered in a worker process)
    and write ``out/<edition>/`` for each edition;
    return the written paths. ``save_executed``: a folder to keep each executed lesson in (for a
    later ``executed=``). ``widget_manager``: html-manager's ``dist/`` folder (default:
    ``find_widget_manager()``; False: none, every widget becomes a note). ``say`` prints the line
    about the widget manager."""
    out = pathlib.Path(out).resolve()
    dist = find_widget_manager() if widget_manager is None else widget_manager or None
    written = []
    if dist:
        for name, data in widget_manager_files(dist).items():
            written.append(safe_write.write_generated(out / ASSETS / name, data, backup=backup))
        say(f"widgets: shown in their saved state by {HTML_MANAGER} from {dist} (copied to {out / ASSETS})")
    else:
        say(f"widgets: no local copy of {HTML_MANAGER} 1.x in {npm_folder()}: each widget is a note with a "
            f"link to its notebook. To show their saved state: {NPM_HINT}")
    widgets_js = f"../{ASSETS}/embed.js" if dist else None
    editions = list(dict.fromkeys(editions or EDITIONS))
    lessons = classroom.lessons(source)
    if not lessons:
        raise SiteError(f"{source}: no lessons found")
    names = [p.name for p in lessons]
    progress = Progress(len(lessons) * (1 + len(editions)), enabled=progress_bar)
    failures, entries = [], {e: [] for e in editions}
    results = _all_lesson_pages(lessons, max(1, int(jobs)), executed, editions, names, bool(dist), widgets_js)
    progress.step(f"executing and rendering {lessons[0].stem}")
    for k, (lesson, result) in enumerate(results):
        if k:
            progress.step(f"executing and rendering {lesson.stem}")
        if result["error"]:
            failures.append(result["error"])
            progress.done += len(editions)
            continue
        if save_executed and result["executed"]:
            written.append(safe_write.write_generated(pathlib.Path(save_executed) / lesson.name, result["executed"],
                                                      backup=backup))
        original = nbformat.read(lesson, as_version=4)
        for edition in editions:
            progress.step(f"writing {edition} {lesson.stem}")
            folder = out / edition
            page = lesson.with_suffix(".html").name
            written.append(safe_write.write_generated(folder / page, result["pages"][edition], backup=backup))
            copy_nb = original if edition == "instructor" else classroom.student_notebook(
                original, out_dir=folder, source_dir=lesson.parent, lesson_names=names)
            text = nbformat.writes(copy_nb)
            written.append(safe_write.write_generated(folder / lesson.name, text if text.endswith("\n") else text + "\n",
                                                      backup=backup))
            entries[edition].append((lesson.name, page, result["title"]))
    for edition in editions:
        written.append(safe_write.write_generated(out / edition / "index.html", index_page(edition, entries[edition]),
                                                  backup=backup))
    progress.close(f"site written to {out}")
    if failures:
        raise SiteError(f"{len(failures)} lesson(s) not built (the others were):\n" + "\n".join(failures))
    return written
