"""A lesson notebook read as an outline: its sections, exercises and what goes on the projector.

``outline(path)`` reads a lesson (the skeleton of notebooks/README.md) without running it and
returns an ``Outline``: the title, the objectives and Time cells, every ``##`` section with
whether it is on the core path and the teaching floor ``helpers.timing`` gives it (minutes), the
``### Exercise`` blocks of ``## Your turn`` (level, minutes, the exercise ids their check cells
name, the solution cells' code, the keyword arguments of the check call), the helper calls that
draw a map, widget or chart, the simple constants (``NAME = "literal"``) and the incident ids the
code names. Used by the instructor guide (``helpers.classroom.guide``).
"""

import ast
import pathlib
import re
from dataclasses import dataclass, field

import nbformat

from helpers import timing

H2 = re.compile(r"^##\s+(?!#)(.+?)\s*$", re.M)
H3_EXERCISE = re.compile(r"^###\s+(Exercise\b.*?)\s*$", re.M)
LEVEL_MIN = re.compile(r"\(\s*\*?([^*,()]+?)\*?\s*,\s*(\d+)\s*min\)")
SHOWN_CALL = re.compile(r"\b(maps|widgets|charts)\.([a-z]\w*)\s*\(|\bexercises\.(\w*widget)\s*\(")
NOT_SHOWN = {"alt_text", "projector_fonts", "mercator_y", "map_html", "claims_frame", "view_box",
             "coast_in_view", "sea_limit_in_view", "padded_view", "incident_zones", "incident_routes",
             "claim_rings"}
"""Helper functions that compute something rather than show it: not listed for the projector."""
PLOT = re.compile(r"\bplt\.(subplots|figure)\s*\(")
CHECK = re.compile(r"\bexercises\.check\(")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
OBJECTIVES = "questions and learning objectives"


@dataclass
class Section:
    """One ``##`` section: ``title`` (without ``(optional)``), ``core`` (bool), its cells, and
    ``floor_min``: the teaching minutes ``helpers.timing`` counts for it (its exercises apart)."""

    title: str
    core: bool
    cells: list = field(default_factory=list)
    floor_min: float = 0.0
    exercise_min: float = 0.0
    number: str = ""  # "3" for "## 3. Title", "" for Overview, Your turn, ...


@dataclass
class ExerciseBlock:
    """One ``### Exercise K (*level*, N min)`` of ``## Your turn`` and the cells under it."""

    heading: str
    level: str
    minutes: float
    core: bool
    ids: list = field(default_factory=list)  # exercise ids its check cells name, e.g. ["02.1"]
    solutions: list = field(default_factory=list)  # source of each solution cell
    check_kwargs: dict = field(default_factory=dict)  # {exercise id: {keyword: source text}}
    shown: list = field(default_factory=list)  # answer-form calls, e.g. 'exercises.widget("02.1")'


@dataclass
class Outline:
    """Everything the instructor guide reads from one lesson notebook."""

    path: pathlib.Path
    number: str
    title: str
    objectives: str
    time_text: str
    sections: list
    exercises: list
    constants: dict
    literals: set
    estimate: object

    @property
    def core_sections(self):
        return [s for s in self.sections if s.core]


def lesson_number(path):
    """``"02"`` for ``notebooks/02_alaska_2020.ipynb`` (the digits its name starts with)."""
    match = re.match(r"(\d+)", pathlib.Path(path).name)
    if not match:
        raise ValueError(f"{path}: a lesson's file name starts with its number, e.g. 02_alaska_2020.ipynb")
    return match.group(1)


def _body(source):
    """A markdown cell's text without its first ``##`` heading line."""
    return H2.sub("", source, count=1).strip()


def _title(nb, path):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+?)\s*$", cell.source, re.M)
            if match:
                return match.group(1)
    return pathlib.Path(path).stem


def shown_calls(source):
    """The calls in ``source`` that put a map, widget or chart on the screen, as written (one line each)."""
    found = []
    for match in SHOWN_CALL.finditer(source):
        name = match.group(2) or match.group(3)
        if name in NOT_SHOWN or name.startswith("_"):
            continue
        found.append(_call_text(source, match.start()))
    if PLOT.search(source):
        found.append("a matplotlib chart (`plt." + PLOT.search(source).group(1) + "`)")
    return found


def _call_text(source, start):
    """The call starting at ``start``, up to its closing parenthesis (joined onto one line, shortened)."""
    depth, end = 0, len(source)
    for i in range(source.index("(", start), len(source)):
        if source[i] == "(":
            depth += 1
        elif source[i] == ")":
            depth -= 1
            if depth == 0:
                end = i + 1
                break
    text = " ".join(source[start:end].split())
    return text if len(text) <= 90 else text[:87] + "..."


def _constants(cells):
    """``{NAME: value}`` for top-level assignments of a literal (``INCIDENT = "..."``) in code cells."""
    found = {}
    for cell in cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                try:
                    found[node.targets[0].id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
    return found


def _check_calls(source):
    """``{exercise id: {keyword: source text}}`` for each ``exercises.check("NN.K", ..., kw=...)`` in ``source``."""
    calls = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return calls
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            calls[node.args[0].value] = {kw.arg: ast.unparse(kw.value) for kw in node.keywords if kw.arg}
    return calls


def _is_solution(cell):
    return "solution" in cell.get("metadata", {}).get("tags", [])


def outline(path):
    """The ``Outline`` of the lesson notebook at ``path``."""
    path = pathlib.Path(path)
    nb = nbformat.read(str(path), as_version=4)
    sections, exercises = [], []
    objectives = time_text = ""
    current, block = None, None
    for cell in nb.cells:
        owner = current
        if cell.cell_type == "markdown":
            for k, title in enumerate(H2.findall(FENCE.sub("", cell.source))):
                title = title.strip()
                core = not timing.OPTIONAL_RE.search(title)
                clean = timing.OPTIONAL_RE.sub("", title).strip()
                number = re.match(r"(\d+)\.\s", clean)
                current = Section(clean, core, number=number.group(1) if number else "")
                sections.append(current)
                owner = current if k == 0 else owner  # the cell counts in its first section
                block = None
                if clean.lower() == OBJECTIVES:
                    objectives = _body(cell.source)
                elif clean.lower() == "time":
                    time_text = _body(cell.source)
            for match in H3_EXERCISE.finditer(cell.source):
                heading = match.group(1)
                level_min = LEVEL_MIN.search(heading)
                block = ExerciseBlock(heading=timing.OPTIONAL_RE.sub("", heading).strip(),
                                      level=level_min.group(1).strip() if level_min else "",
                                      minutes=float(level_min.group(2)) if level_min else 0.0,
                                      core=bool(current and current.core) and not timing.OPTIONAL_RE.search(heading))
                exercises.append(block)
        if owner is not None:
            owner.cells.append(cell)
        if cell.cell_type == "code" and block is not None:
            if _is_solution(cell):
                block.solutions.append(cell.source.strip())
            calls = _check_calls(cell.source) if CHECK.search(cell.source) else {}
            for exercise_id, kwargs in calls.items():
                block.ids.append(exercise_id)
                block.check_kwargs[exercise_id] = kwargs
            if not _is_solution(cell):
                block.shown += [c for c in shown_calls(cell.source) if c not in block.shown]
    for section in sections:
        part = timing.estimate(nbformat.v4.new_notebook(cells=section.cells)).full
        section.floor_min, section.exercise_min = part.teaching_floor_min, part.exercise_min
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    literals = set(re.findall(r"[\"']([A-Za-z0-9_.-]+)[\"']", code))
    return Outline(path=path, number=lesson_number(path), title=_title(nb, path), objectives=objectives,
                   time_text=time_text, sections=sections, exercises=exercises, constants=_constants(nb.cells),
                   literals=literals, estimate=timing.estimate(nb))
