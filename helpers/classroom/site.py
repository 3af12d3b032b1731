"""The curriculum as a static website: every lesson executed, then written as HTML pages.

Two editions from one execution of each lesson:

- ``OUT/instructor/``: every cell, each solution collapsed under "Solution (click to show)";
- ``OUT/student/``: no solution cells, and no outputs in the exercises (they would show the
  solved state), as in the student edition.

Engine: nbconvert's HTML exporter with the kit's template (``templates/air_site``), which loads
nothing from a CDN. Maps are executed in offline mode (``AIR_ENCOUNTERS_OFFLINE_MAPS=1``: Leaflet
travels inside each map), so the pages work with the network closed. Figures keep their alt text
(the lesson's ``*Figure: ...*`` caption). Widgets need a running kernel: each is replaced by a
note that links to the notebook. Each page links to its notebook, which is copied next to it.
Every file is written through ``safe_write`` (an edited page is never overwritten).
"""

import copy
import html
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
    """Run lesson ``lesson`` (a path) in a fresh kernel with offline maps; return the executed notebook.
    Raises ``SiteError`` naming the lesson and the cell that failed."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(lesson, as_version=4)
    previous = os.environ.get("AIR_ENCOUNTERS_OFFLINE_MAPS")
    os.environ["AIR_ENCOUNTERS_OFFLINE_MAPS"] = "1"
    try:
        NotebookClient(nb, timeout=timeout_s, kernel_name="python3",
                       resources={"metadata": {"path": str(pathlib.Path(lesson).parent)}}).execute()
    except CellExecutionError as err:
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip()  # no terminal colours in the message
        first = text.splitlines()[-1] if text else repr(err)
        raise SiteError(f"{lesson}: a cell failed while building the site: {first}") from None
    finally:
        if previous is None:
            os.environ.pop("AIR_ENCOUNTERS_OFFLINE_MAPS", None)
        else:
            os.environ["AIR_ENCOUNTERS_OFFLINE_MAPS"] = previous
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


def replace_widgets(nb, notebook_href):
    """Replace each widget output by a note linking to the notebook (widgets need a kernel)."""
    note = ('<div class="ae-widget-note">Interactive widget: it needs Python running. '
            f'<a href="{html.escape(notebook_href)}">Open this lesson\'s notebook</a> in Jupyter to use it.</div>')
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if WIDGET_MIME in out.get("data", {}):
                out["data"] = {"text/html": note, "text/plain": "Interactive widget (open the notebook to use it)"}
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


def render_page(nb, title, edition, notebook_name, lesson_names):
    """One lesson page as HTML text."""
    from nbconvert import HTMLExporter

    nav = ('<nav class="ae-nav"><a href="index.html">All lessons</a>'
           f'<a href="{html.escape(notebook_name)}" download>This lesson as a notebook ({html.escape(notebook_name)})</a>'
           f'<span>{html.escape(edition.capitalize())} edition</span></nav>')
    exporter = HTMLExporter(template_name="air_site", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"ae_nav": nav, "metadata": {"name": title}})
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


def build(out, *, editions=None, executed=None, source=classroom.NOTEBOOKS, backup=False, progress_bar=True):
    """Execute every lesson (or read it from ``executed``, a folder of already-executed copies with
    the lessons' names) and write ``out/<edition>/`` for each edition; return the written paths."""
    out = pathlib.Path(out).resolve()
    editions = list(dict.fromkeys(editions or EDITIONS))
    lessons = classroom.lessons(source)
    if not lessons:
        raise SiteError(f"{source}: no lessons found")
    names = [p.name for p in lessons]
    progress = Progress(len(lessons) * (1 + len(editions)), enabled=progress_bar)
    written, failures, entries = [], [], {e: [] for e in editions}
    for lesson in lessons:
        progress.step(f"executing {lesson.stem}")
        try:
            if executed and (pathlib.Path(executed) / lesson.name).exists():
                run = nbformat.read(pathlib.Path(executed) / lesson.name, as_version=4)
            else:
                run = execute(lesson)
        except SiteError as err:
            failures.append(str(err))
            progress.done += len(editions)
            continue
        add_alt_text(run)
        title = lesson_title(run, lesson.stem)
        original = nbformat.read(lesson, as_version=4)
        for edition in editions:
            progress.step(f"rendering {edition} {lesson.stem}")
            folder = out / edition
            shown = replace_widgets(edition_notebook(run, edition, names), lesson.name)
            page = lesson.with_suffix(".html").name
            written.append(safe_write.write_generated(folder / page, render_page(shown, title, edition, lesson.name, names),
                                                      backup=backup))
            copy_nb = original if edition == "instructor" else classroom.student_notebook(
                original, out_dir=folder, source_dir=lesson.parent, lesson_names=names)
            text = nbformat.writes(copy_nb)
            written.append(safe_write.write_generated(folder / lesson.name, text if text.endswith("\n") else text + "\n",
                                                      backup=backup))
            entries[edition].append((lesson.name, page, title))
    for edition in editions:
        written.append(safe_write.write_generated(out / edition / "index.html", index_page(edition, entries[edition]),
                                                  backup=backup))
    progress.close(f"site written to {out}")
    if failures:
        raise SiteError(f"{len(failures)} lesson(s) not built (the others were):\n" + "\n".join(failures))
    return written
