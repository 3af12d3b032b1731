"""Notebooks are committed clean and follow the lesson skeleton (notebooks/README.md)."""

import json
import pathlib

import pytest

NOTEBOOKS = sorted(p for p in (pathlib.Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00")]
CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_except_checked_cells(path):
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs") and not _source(cell).lstrip().startswith(CHECK_MARK):
            pytest.fail(f"{path.name}: cell {i} has stored outputs but is not a '{CHECK_MARK}' cell; "
                        "clear its outputs before committing")
        if cell.get("outputs"):
            for out in cell["outputs"]:
                assert out.get("output_type") in ("stream", "execute_result"), (
                    f"{path.name}: cell {i} stores a {out.get('output_type')} output; checked cells keep small text only")
                text = "".join(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
                assert len(text) < 2000, f"{path.name}: cell {i} stores {len(text)} characters; keep checked output small"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_checked_cells_have_their_output_committed(path):
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] == "code" and _source(cell).lstrip().startswith(CHECK_MARK):
            assert cell.get("outputs"), (f"{path.name}: cell {i} is a '{CHECK_MARK}' cell without a stored output, "
                                         "so nbval has nothing to compare; run it and commit its output")


REQUIRED_HEADINGS = ("## Overview", "## Questions and learning objectives", "## Prerequisites", "## Time",
                     "## Your turn", "## Discussion", "## Summary", "## What's next", "## Sources")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_follows_the_skeleton(path):
    cells = _cells(path)
    markdown = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    first = _source(cells[0]).lstrip()
    assert first.startswith("# "), f"{path.name}: the first cell must be the H1 title"
    for heading in REQUIRED_HEADINGS:
        assert any(line.startswith(heading) for line in markdown.splitlines()), (
            f"{path.name}: missing a section starting with '{heading}' (see notebooks/README.md)")
    assert "teaching" in markdown.lower() and "exercise" in markdown.lower(), (
        f"{path.name}: the Time section must give teaching and exercise minutes separately")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_have_three_exercises_with_solutions_and_self_checks(path):
    cells = _cells(path)
    solutions = [c for c in cells if "solution" in c.get("metadata", {}).get("tags", [])]
    checks = [c for c in cells if c["cell_type"] == "code" and _source(c).lstrip().startswith("# Self-check")]
    assert len(solutions) >= 3, f"{path.name}: {len(solutions)} cells tagged 'solution'; a lesson needs at least 3"
    assert len(checks) >= 3, f"{path.name}: {len(checks)} '# Self-check' cells; a lesson needs at least 3"
    for c in checks:
        assert "assert" in _source(c), f"{path.name}: a self-check cell must assert something"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_key_results_are_pinned(path):
    marked = [c for c in _cells(path) if c["cell_type"] == "code" and _source(c).lstrip().startswith(CHECK_MARK)]
    assert marked, f"{path.name}: pin the lesson's key results in at least one '{CHECK_MARK}' cell"
