"""Classroom tools for instructors: the student edition, the static site, nbgitpuller links.

Command line (``python -m helpers.classroom --help``)::

    python -m helpers.classroom student-edition OUT   # lessons without solutions, never overwriting an edit
    python -m helpers.classroom site OUT              # the executed lessons as a static website
    python -m helpers.classroom gitpuller-link ...    # a JupyterHub link that pulls the kit for a student

From Python, ``student_notebook(nb)`` makes the student copy of one lesson (used by the student
edition, the site and the exercise trials).
"""

import copy
import os
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
NOTEBOOKS = ROOT / "notebooks"
LESSON_GLOB = "[0-9]*.ipynb"

SOLUTION_TAG = "solution"
"""Cells with this tag are removed from the student edition."""
HIDE_OUTPUT_TAG = "student-clear-output"
"""A pinned cell with this tag loses its output in the student edition (it would give an answer away)."""
PIN_MARK = "# NBVAL_CHECK_OUTPUT"
EXERCISES_HEADING = re.compile(r"^##\s+Your turn\b", re.MULTILINE)
ANY_H2 = re.compile(r"^##\s", re.MULTILINE)

_LINK = re.compile(r"(\]\(\s*<?|\b(?:href|src)=[\"'])([^)\s\"'<>]+)")


def lessons(folder=NOTEBOOKS):
    """The lesson notebooks of ``folder``, sorted: files whose name starts with a digit."""
    return sorted(pathlib.Path(folder).glob(LESSON_GLOB))


def is_pinned(cell):
    """True for a code cell whose first line is ``# NBVAL_CHECK_OUTPUT`` (its output is committed)."""
    return cell.cell_type == "code" and cell.source.lstrip().startswith(PIN_MARK)


def _rewrite_target(target, source_dir, out_dir, lesson_names):
    """One relative link target as seen from ``out_dir`` (unchanged when it is absolute or a URL)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith(("#", "/")):
        return target
    path, sep, anchor = target.partition("#")
    if not path:
        return target
    resolved = (pathlib.Path(source_dir) / path).resolve()
    if resolved.parent == pathlib.Path(source_dir).resolve() and resolved.name in lesson_names:
        new = resolved.name  # another lesson: it sits next to this one in the edition
    else:
        try:
            new = pathlib.Path(os.path.relpath(resolved, pathlib.Path(out_dir).resolve())).as_posix()
        except ValueError:  # another drive on Windows: no relative path exists
            new = resolved.as_uri()
    return new + sep + anchor


def rewrite_links(text, *, source_dir=NOTEBOOKS, out_dir=None, lesson_names=None):
    """``text`` with its relative Markdown/HTML links made to work from ``out_dir``.

    Links to other lessons point to the lesson's copy next to this one; links to ``docs/``,
    ``data/`` and other files of the kit point back into the kit. ``out_dir=None``: unchanged.
    """
    if out_dir is None:
        return text
    names = set(lesson_names) if lesson_names is not None else {p.name for p in lessons(source_dir)}

    def repl(match):
        return match.group(1) + _rewrite_target(match.group(2), source_dir, out_dir, names)

    return _LINK.sub(repl, text)


def student_notebook(nb, *, out_dir=None, source_dir=NOTEBOOKS, lesson_names=None):
    """The student copy of lesson ``nb`` (an ``nbformat.NotebookNode``; ``nb`` is not changed).

    - every cell tagged ``solution`` is removed (nbconvert's ``TagRemovePreprocessor``);
      self-checks and answer cells stay;
    - outputs are cleared, except pinned results (``# NBVAL_CHECK_OUTPUT``) in the teaching
      sections that do not give an answer away: pinned cells from the ``## Your turn`` section
      on, and cells tagged ``student-clear-output``, lose their outputs too;
    - with ``out_dir``, relative links are rewritten so they work from that folder
      (see ``rewrite_links``).
    """
    from nbconvert.preprocessors import TagRemovePreprocessor

    student = copy.deepcopy(nb)
    remover = TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG})
    student, _ = remover.preprocess(student, {})
    in_exercises = False
    for cell in student.cells:
        if cell.cell_type == "markdown":
            if EXERCISES_HEADING.search(cell.source):
                in_exercises = True
            elif in_exercises and ANY_H2.search(cell.source) and not EXERCISES_HEADING.search(cell.source):
                in_exercises = False
            cell.source = rewrite_links(cell.source, source_dir=source_dir, out_dir=out_dir,
                                        lesson_names=lesson_names)
        if cell.cell_type != "code":
            continue
        keep = is_pinned(cell) and not in_exercises and HIDE_OUTPUT_TAG not in cell.metadata.get("tags", [])
        if not keep:
            cell.outputs = []
            cell.execution_count = None
    student.metadata.setdefault("air_encounters", {})["edition"] = "student"
    return student


def is_solution(cell):
    """True for a cell tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


__all__ = ["student_notebook", "rewrite_links", "lessons", "is_pinned", "is_solution"]
