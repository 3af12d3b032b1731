"""The student edition hides every solution, keeps every self-check, and never touches the lessons."""

import hashlib
import pathlib
import subprocess
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


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
        checks = [c for c in original.cells if c.cell_type == "code" and c.source.lstrip().startswith("# Self-check")]
        kept = [c for c in student.cells if c.cell_type == "code" and c.source.lstrip().startswith("# Self-check")]
        assert len(kept) == len(checks), f"{lesson.name}: self-checks lost"
        for check in kept:
            first_assert = next(line for line in check.source.splitlines() if line.startswith("assert"))
            assert "is not ..." in first_assert, (
                f"{lesson.name}: a self-check must first fail on the unanswered placeholder (...), got: {first_assert}")
            variable = first_assert.split()[1]
            answer_cells = [c for c in student.cells if c.cell_type == "code"
                            and any(line.startswith(f"{variable} = ...") for line in c.source.splitlines())]
            assert answer_cells, f"{lesson.name}: no student cell `{variable} = ...` before its self-check"
