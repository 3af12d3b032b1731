"""Tests of ``helpers.validate``: a small valid data folder, and broken copies of it with one defect each.

``tests/fixtures/valid_data`` is a complete, valid data folder with fictional rows. Each folder
``tests/broken_data/<case>/`` holds one file that replaces (or joins) the valid one at the same
relative path; ``tests/broken_data/cases.csv`` says which file it is, a fragment the problem's message
must contain, and, where the defect is in one row or one cell, its row number and column (and the
line the row starts on, where a quoted line break earlier in the file makes it differ from row + 1).
"""

import csv
import pathlib
import shutil
import subprocess
import sys

import pytest

from helpers import validate as v

REPO = pathlib.Path(__file__).resolve().parent.parent
VALID = REPO / "tests" / "fixtures" / "valid_data"
BROKEN = REPO / "tests" / "broken_data"
DATA = REPO / "data"


def _cases():
    with open(BROKEN / "cases.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CASES = _cases()


def _snapshot(root):
    """Bytes and modification times of every file under ``root``."""
    root = pathlib.Path(root)
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def _copy_valid(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(VALID, target)
    return target


def _overlay(target, case):
    """Copy the broken file(s) of ``case`` over the data folder at ``target``."""
    case_dir = BROKEN / case
    for src in case_dir.rglob("*"):
        if src.is_file():
            dst = target / src.relative_to(case_dir)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)


def _checked(root):
    """Run validate() and assert it left every file as it was."""
    before = _snapshot(root)
    problems, counts = v.validate(root)
    assert _snapshot(root) == before, "validate() changed a file"
    return problems, counts


def _describe(problems):
    return "\n".join(f"  - {p}" for p in problems) or "  (none)"


# --- the fixtures themselves


def test_manifest_matches_the_case_folders():
    names = [c["case"] for c in CASES]
    assert len(names) == len(set(names)), "a case is listed twice in cases.csv"
    assert len(CASES) >= 140
    folders = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
    assert folders == sorted(names)
    for c in CASES:
        files = [p.relative_to(BROKEN / c["case"]).as_posix() for p in (BROKEN / c["case"]).rglob("*") if p.is_file()]
        assert files == [c["file"]], f"{c['case']}: expected exactly the one file {c['file']}, found {files}"
        assert c["expected"].strip(), f"{c['case']}: no expected message fragment"
        assert c["row"] == "" or c["row"].isdigit(), f"{c['case']}: row must be a number or empty"
        assert not c.get("line") or c["line"].isdigit(), f"{c['case']}: line must be a number or empty"


def test_valid_fixture_has_no_problems():
    problems, counts = _checked(VALID)
    assert problems == [], _describe(problems)
    assert counts == {"sources.csv": 3, "aircraft.csv": 2, "incidents.csv": 2, "claims.csv": 3, "bases.csv": 2,
                      "law.csv": 1, "tracks/constraints.csv": 2, "tracks": 1, "trends": 1, "coastlines": 1, "zones": 1}


def test_real_data_has_no_problems():
    problems, _ = _checked(DATA)
    assert problems == [], f"{len(problems)} problem(s) in data/:\n{_describe(problems)}"


# --- one defect per case


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_broken_case_is_reported(case, tmp_path):
    root = _copy_valid(tmp_path)
    _overlay(root, case["case"])
    problems, _ = _checked(root)
    assert problems, f"{case['case']}: the validator found nothing wrong"
    texts = [str(p) for p in problems]
    matching = [p for p in problems if case["expected"] in str(p)]
    assert matching, f"{case['case']}: no problem mentions {case['expected']!r}; got:\n{_describe(problems)}"
    row = int(case["row"]) if case["row"] else None
    line = int(case["line"]) if case.get("line") else (row + 1 if row else None)
    column = case["column"] or None

    def names_the_place(p):
        text = str(p)
        if pathlib.PurePath(p.file) != pathlib.PurePath(case["file"]) or not text.startswith(p.file):
            return False
        if row is not None and (p.row != row or f"row {row} (line {line})" not in text):
            return False
        if column is not None and (p.column != column or f"column '{column}'" not in text):
            return False
        return True

    assert any(names_the_place(p) for p in matching), (
        f"{case['case']}: a problem says {case['expected']!r} but none names file {case['file']}"
        f"{f', row {row}' if row else ''}{f', column {column!r}' if column else ''}:\n" + "\n".join(texts))


# --- how problems read


def test_problem_text_names_file_row_line_column_and_value():
    p = v.Problem("bases.csv", "latitude out of range", row=3, column="lat", value="95")
    assert str(p) == "bases.csv, row 3 (line 4), column 'lat': '95': latitude out of range"
    assert str(v.Problem("law.csv", "is empty")) == "law.csv: is empty"


def test_every_problem_is_reported_at_once(tmp_path):
    """Two defects in two files: validate() reports both, not just the first."""
    root = _copy_valid(tmp_path)
    _overlay(root, "lat_out_of_range")
    _overlay(root, "naive_track_time")
    problems, _ = _checked(root)
    files = {pathlib.PurePath(p.file).as_posix() for p in problems}
    assert files == {"bases.csv", "tracks/testsea-2020-01-02.csv"}, _describe(problems)


def test_missing_folder_and_missing_required_files(tmp_path):
    problems, _ = v.validate(tmp_path / "nowhere")
    assert len(problems) == 1 and "is not a folder" in str(problems[0])
    problems, _ = _checked(tmp_path)
    assert {p.file for p in problems} == {"sources.csv", "incidents.csv"}
    assert all("is missing" in p.message for p in problems)


def test_validator_does_not_modify_real_data():
    before = _snapshot(DATA)
    v.validate(DATA)
    assert _snapshot(DATA) == before


# --- the command line


def _cli(path):
    return subprocess.run([sys.executable, "-m", "helpers.validate", str(path)], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def test_cli_lists_every_problem_and_exits_1(tmp_path):
    root = _copy_valid(tmp_path)
    _overlay(root, "lat_out_of_range")
    _overlay(root, "naive_track_time")
    before = _snapshot(root)
    result = _cli(root)
    assert _snapshot(root) == before
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "2 problem(s)" in out
    assert "bases.csv, row 1 (line 2), column 'lat': '95.75': latitude out of range" in out
    track = str(pathlib.PurePath("tracks", "testsea-2020-01-02.csv"))
    assert f"{track}, row 2 (line 3), column 'time': '2020-01-02T10:05:00': has no time zone" in out
    assert out.count("\n  - ") == 2


def test_cli_passes_valid_folder_with_summary(tmp_path):
    root = _copy_valid(tmp_path)
    result = _cli(root)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "all checks passed" in lines[0]
    assert "3 sources" in lines[0] and "2 incidents" in lines[0] and "1 zones" in lines[0]
