"""How long a lesson takes at least: a floor computed from its content, checked against its Time section.

Run ``python -m helpers.timing notebooks/02_alaska_2020.ipynb`` to print the floor and its parts.

The floor (minutes) of a part of a lesson is

    words / WORDS_PER_MIN + code cells * CODE_CELL_MIN + maps * MAP_MIN
    + widgets * WIDGET_MIN + figures * FIGURE_MIN              (teaching)
    + the minutes its exercise headings state                  (exercises)

Words are counted in markdown cells; code cells are the ones a student runs (solution cells are
not counted). The exercise block (from ``## Your turn`` to the next ``##`` heading) is not part of
the teaching floor: its time is the minutes each exercise heading states.

Every lesson states its time in its ``## Time`` cell in exactly this form (numbers are minutes)::

    - **Full lesson:** 55 min teaching + 40 min exercises = 95 min
    - **Core path (one 50-minute period):** 30 min teaching + 20 min exercises = 50 min

Sections: ``## N. Title`` is core, ``## N. Title (optional)`` is not. Exercises:
``### Exercise K (*read the map*, 5 min)``, with `` (optional)`` at the end of the heading when the
exercise is not on the core path. Headings without a number (Overview, Discussion, Summary, ...)
are core unless they end in ``(optional)``.

``problems(path)`` lists everything wrong (a stated time below the floor, a sum that does not add
up, a core path longer than 50 minutes, an exercise heading without minutes); the test suite
(``tests/test_timing.py``) runs it on every lesson.
"""

import math
import pathlib
import re
import sys
from dataclasses import dataclass, field

import nbformat

WORDS_PER_MIN = 130.0  # reading (or hearing) lesson prose, words per minute
CODE_CELL_MIN = 0.5  # running and reading one code cell's output, min
MAP_MIN = 2.0  # looking at a map on the projector, min
WIDGET_MIN = 3.0  # trying a widget, min
FIGURE_MIN = 1.0  # reading a chart, min
PERIOD_MIN = 50  # one class period, min

FULL_RE = re.compile(r"\*\*Full lesson:\*\*\s*(\d+)\s*min teaching\s*\+\s*(\d+)\s*min exercises\s*=\s*(\d+)\s*min")
CORE_RE = re.compile(r"\*\*Core path \(one 50-minute period\):\*\*\s*(\d+)\s*min teaching\s*\+\s*(\d+)\s*min "
                     r"exercises\s*=\s*(\d+)\s*min")
H2_RE = re.compile(r"^##\s+(?!#)(.+?)\s*$", re.M)
H3_EXERCISE_RE = re.compile(r"^###\s+Exercise\b(.*)$", re.M)
EXERCISE_MIN_RE = re.compile(r"\(([^()]*?),\s*(\d+)\s*min\)")
OPTIONAL_RE = re.compile(r"[*_]*\(optional\)[*_]*\s*$", re.I)
MAP_RE = re.compile(r"\bmaps\.\w*map\s*\(|\bfolium\.Map\s*\(")
WIDGET_RE = re.compile(r"\bwidgets\.\w+\s*\(|\bexercises\.\w*widget\s*\(|\binteract(ive)?\s*\(")
FIGURE_RE = re.compile(r"\bplt\.(subplots|figure)\s*\(|\bmaps\.\w*(chart|figure|plot)\w*\s*\(")
WORD_RE = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019.-][A-Za-z0-9\u00c0-\u024f]+)*")


@dataclass
class Parts:
    """What one part of a lesson (the full lesson or its core path) contains, and its floor."""

    words: int = 0
    code_cells: int = 0
    maps: int = 0
    widgets: int = 0
    figures: int = 0
    exercise_min: float = 0.0  # stated minutes of its exercises
    exercises: list = field(default_factory=list)  # (heading, minutes)

    @property
    def teaching_floor_min(self):
        """Teaching minutes at least: reading, running cells, maps, widgets, figures."""
        return (self.words / WORDS_PER_MIN + self.code_cells * CODE_CELL_MIN + self.maps * MAP_MIN
                + self.widgets * WIDGET_MIN + self.figures * FIGURE_MIN)

    @property
    def floor_min(self):
        """Teaching floor plus the stated exercise minutes."""
        return self.teaching_floor_min + self.exercise_min


@dataclass
class Estimate:
    """The floor of a lesson, its full and core parts, what its Time section states, and problems."""

    path: str
    full: Parts
    core: Parts
    stated_full: tuple = None  # (teaching, exercises, total) minutes, or None
    stated_core: tuple = None
    problems: list = field(default_factory=list)


def _words(markdown):
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    return len(WORD_RE.findall(text))


def _is_solution(cell):
    return "solution" in cell.get("metadata", {}).get("tags", [])


def _add_code(parts, source):
    parts.code_cells += 1
    parts.maps += len(MAP_RE.findall(source))
    parts.widgets += len(WIDGET_RE.findall(source))
    parts.figures += len(FIGURE_RE.findall(source))


def estimate(notebook):
    """The ``Estimate`` of a lesson (a path to an .ipynb, or a notebook node)."""
    path = str(notebook) if isinstance(notebook, (str, pathlib.Path)) else "<notebook>"
    nb = nbformat.read(str(notebook), as_version=4) if isinstance(notebook, (str, pathlib.Path)) else notebook
    full, core = Parts(), Parts()
    problems = []
    in_core, in_exercises, exercise_core = True, False, True
    time_text = None
    for index, cell in enumerate(nb.cells):
        source = cell.source
        if cell.cell_type == "markdown":
            for heading in H2_RE.findall(source):
                title = heading.strip()
                in_exercises = title.lower().startswith("your turn")
                in_core = not OPTIONAL_RE.search(title)
                exercise_core = in_core
                if title.lower() == "time":
                    time_text = source
            for match in H3_EXERCISE_RE.finditer(source):
                heading = match.group(0).strip()
                minutes = EXERCISE_MIN_RE.search(heading)
                exercise_core = in_core and not OPTIONAL_RE.search(heading)
                if not minutes:
                    problems.append(f"cell {index}: exercise heading {heading!r} states no minutes; write it as "
                                    "'### Exercise K (*read the map*, 5 min)'")
                    continue
                item = (heading.lstrip("# ").strip(), float(minutes.group(2)))
                full.exercise_min += item[1]
                full.exercises.append(item)
                if exercise_core:
                    core.exercise_min += item[1]
                    core.exercises.append(item)
                if not in_exercises:
                    problems.append(f"cell {index}: exercise {item[0]!r} is outside the '## Your turn' section")
            if not in_exercises:
                n = _words(source)
                full.words += n
                if in_core:
                    core.words += n
        elif cell.cell_type == "code" and not in_exercises and not _is_solution(cell) and source.strip():
            _add_code(full, source)
            if in_core:
                _add_code(core, source)
    est = Estimate(path, full, core)
    if time_text is None:
        problems.append("no '## Time' section")
    else:
        for name, regex, attr in (("Full lesson", FULL_RE, "stated_full"), ("Core path", CORE_RE, "stated_core")):
            match = regex.search(time_text)
            if not match:
                example = ("- **Full lesson:** 55 min teaching + 40 min exercises = 95 min" if attr == "stated_full"
                           else "- **Core path (one 50-minute period):** 30 min teaching + 20 min exercises = 50 min")
                problems.append(f"the Time section has no '{name}' line in the form: {example}")
                continue
            setattr(est, attr, tuple(int(g) for g in match.groups()))
    problems += _check(est)
    est.problems = problems
    return est


def _check(est):
    out = []
    for name, stated, parts in (("Full lesson", est.stated_full, est.full), ("Core path", est.stated_core, est.core)):
        if stated is None:
            continue
        teaching, exercises, total = stated
        if teaching + exercises != total:
            out.append(f"{name}: {teaching} + {exercises} is not {total} min")
        floor = math.ceil(parts.teaching_floor_min - 1e-9)
        if teaching < floor:
            out.append(f"{name}: {teaching} min teaching is below the floor of {floor} min ({_parts_text(parts)})")
        if exercises < parts.exercise_min:
            out.append(f"{name}: {exercises} min exercises is below the {parts.exercise_min:g} min its exercise "
                       f"headings state ({len(parts.exercises)} exercises)")
    if est.stated_core is not None:
        if est.stated_core[2] > PERIOD_MIN:
            out.append(f"Core path: {est.stated_core[2]} min does not fit one {PERIOD_MIN}-minute period; mark more "
                       "sections or exercises (optional)")
        if est.stated_full is not None and any(c > f for c, f in zip(est.stated_core, est.stated_full)):
            out.append(f"Core path {est.stated_core} states more minutes than the full lesson {est.stated_full}")
    return out


def _parts_text(parts):
    return (f"{parts.words} words / {WORDS_PER_MIN:g} = {parts.words / WORDS_PER_MIN:.1f} min, "
            f"{parts.code_cells} code cells x {CODE_CELL_MIN:g}, {parts.maps} maps x {MAP_MIN:g}, "
            f"{parts.widgets} widgets x {WIDGET_MIN:g}, {parts.figures} figures x {FIGURE_MIN:g}")


def problems(notebook):
    """Everything wrong with a lesson's stated time (an empty list when it is honest)."""
    return estimate(notebook).problems


def report(est):
    """The floor of a lesson and its parts, as text."""
    lines = [f"{est.path}"]
    for name, parts, stated in (("Full lesson", est.full, est.stated_full), ("Core path", est.core, est.stated_core)):
        lines.append(f"  {name}: floor {parts.floor_min:.1f} min = teaching {parts.teaching_floor_min:.1f} "
                     f"+ exercises {parts.exercise_min:g}")
        lines.append(f"    teaching: {_parts_text(parts)}")
        for heading, minutes in parts.exercises:
            lines.append(f"    exercise: {heading}: {minutes:g} min")
        lines.append("    stated: " + (f"{stated[0]} min teaching + {stated[1]} min exercises = {stated[2]} min"
                                        if stated else "(no line in the Time section)"))
    lines += [f"  PROBLEM: {p}" for p in est.problems] or ["  ok: the stated times are at or above the floor"]
    return "\n".join(lines)


def main(argv=None):
    paths = (argv if argv is not None else sys.argv[1:]) or sorted(str(p) for p in pathlib.Path("notebooks").glob("[0-9]*.ipynb"))
    status = 0
    for path in paths:
        est = estimate(path)
        print(report(est))
        status |= bool(est.problems)
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
