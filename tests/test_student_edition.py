"""The student edition hides every solution, keeps every exercise check, and never touches the lessons."""

import ast
import hashlib
import pathlib
import subprocess
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _check_calls(cell):
    """``[(exercise id, [answer variables])]`` of the ``exercises.check(...)`` calls in a code cell.

    The answer variables are the positional answer and the keyword arguments that are answer parts
    (not givens such as an assumed depth)."""
    from helpers import exercises

    if cell.cell_type != "code" or "exercises.check(" not in cell.source:
        return []
    calls = []
    for node in ast.walk(ast.parse(cell.source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "exercises"):
            exercise_id = node.args[0].value
            parts = exercises.get(exercise_id).parts
            names = [a.id for a in node.args[1:2] if isinstance(a, ast.Name)]
            names += [k.value.id for k in node.keywords if k.arg in parts and isinstance(k.value, ast.Name)]
            calls.append((exercise_id, names))
    return calls


def test_student_edition(tmp_path):
    before = _digest(LESSONS)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "student_edition.py"), str(tmp_path)],
                   check=True, capture_output=True, cwd=ROOT)
    assert _digest(LESSONS) == before, "student_edition.py must never modify the lessons"
    for lesson in LESSONS:
        original = nbformat.read(lesson, as_version=4)
        student = nbformat.read(tmp_path / lesson.name, as_version=4)
        tags = [c.get("metadata", {}).get("tags", []) for c in student.cells]
        assert not any("solution" in t for t in tags), f"{lesson.name}: a solution cell survived"
        old_style = [c for c in student.cells if c.cell_type == "code" and c.source.lstrip().startswith("# Self-check")
                     and "exercises.check(" not in c.source]
        assert not old_style, (
            f"{lesson.name}: an old `# Self-check` assert cell is left; use exercises.check (helpers/exercises)")
        checks = [c for c in original.cells if _check_calls(c)]
        kept = [c for c in student.cells if _check_calls(c)]
        assert len(kept) == len(checks), f"{lesson.name}: exercise checks lost in the student edition"
        for index, cell in enumerate(student.cells):
            for exercise_id, variables in _check_calls(cell):
                before = [c for c in student.cells[:index] if c.cell_type == "code"]
                for variable in variables:
                    assert any(line.startswith((f"{variable} = ...", f"def {variable}("))
                               for c in before for line in c.source.splitlines()), (
                        f"{lesson.name}: no student cell `{variable} = ...` (or `def {variable}(`) before the check "
                        f"of exercise {exercise_id}")
