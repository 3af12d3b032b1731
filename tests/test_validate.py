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


# --- legitimate inputs that must be accepted (and read as written: see tests/test_data.py)


def _edit(root, rel, old, new):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel}: {old!r} not found"
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


CONTROLS = {
    # a party and a track written as the words NA / null / None are text, not missing values
    "party_na": ("tracks/testsea-2020-01-02.csv", ",XT-2,Otherland\n", ",XT-2,NA\n"),
    "claim_party_null": ("claims.csv", ",Testland Navy,closest_distance,", ",null,closest_distance,"),
    "claim_party_none": ("claims.csv", ",Otherland Defence Ministry,", ",None,"),
    # U+2028 / U+2029 / U+0085 inside text are characters, not line breaks
    "line_separator_in_summary": ("incidents.csv", "not a real event: an", "not a real event:\u2028an"),
    "paragraph_separator_in_quote": ("claims.csv", "the intercept lasted", "the intercept\u2029lasted"),
    "next_line_in_title": ("sources.csv", "Command statement", "Command\u0085statement"),
    # a quoted line break inside a text field
    "quoted_newline_in_quote": ("claims.csv", "within 50 feet, in an", "within 50 feet,\nin an"),
    # a byte-order mark at the start of a CSV and of a GeoJSON file
    "csv_with_bom": ("bases.csv", "id,name", "\ufeffid,name"),
    "geojson_with_bom": ("zones/test_adiz.geojson", '{\n  "type": "FeatureCollection"', '\ufeff{\n  "type": "FeatureCollection"'),
    # other forms the rules allow
    "time_with_fraction_and_offset": ("tracks/testsea-2020-01-02.csv", "2020-01-02T10:06:00+00:00",
                                      "2020-01-02T11:06:00.500+01:00"),
    "zone_with_hole": ("zones/test_adiz.geojson", "[17.0, 55.0]]]",
                       "[17.0, 55.0]], [[18.0, 55.5], [18.5, 55.5], [18.5, 56.0], [18.0, 56.0], [18.0, 55.5]]]"),
    "zone_across_the_antimeridian": ("zones/test_adiz.geojson",
                                     "[[17.0, 55.0], [19.5, 55.0], [19.5, 56.5], [17.0, 56.5], [17.0, 55.0]]",
                                     "[[179.0, 55.0], [181.0, 55.0], [181.0, 56.5], [179.0, 56.5], [179.0, 55.0]]"),
    "claim_range": ("claims.csv", ",95,min,", ",90 to 95,min,"),
    # one statement carried by two outlets: one row, both source ids
    "claim_two_outlets": ("claims.csv", ",test-fixture-release,", ",test-fixture-release;test-fixture-news,"),
}


@pytest.mark.parametrize("name", CONTROLS)
def test_legitimate_input_is_accepted(name, tmp_path):
    root = _copy_valid(tmp_path)
    _edit(root, *CONTROLS[name])
    problems, _ = _checked(root)
    assert problems == [], _describe(problems)


def test_folder_named_like_a_data_file_is_a_problem(tmp_path):
    root = _copy_valid(tmp_path)
    (root / "trends" / "extra.csv").mkdir()
    (root / "zones" / "extra.geojson").mkdir()
    problems, _ = _checked(root)
    assert {(p.file, p.message) for p in problems} == {
        ("trends/extra.csv", "is a folder, not a file; rename or remove it"),
        ("zones/extra.geojson", "is a folder, not a file; rename or remove it")}, _describe(problems)


def test_required_table_that_is_a_folder_is_a_problem(tmp_path):
    root = _copy_valid(tmp_path)
    (root / "law.csv").unlink()
    (root / "law.csv").mkdir()
    problems, _ = _checked(root)
    assert [str(p) for p in problems] == ["law.csv: is a folder, not a file; rename or remove it"]


def test_one_reader_gives_the_frame_the_loader_uses():
    """The validator's reader and the loader share helpers.tables: same dtypes, text stays text."""
    read = v.read_table(VALID / "tracks" / "testsea-2020-01-02.csv", "tracks/testsea-2020-01-02.csv", [])
    assert read.problems == []
    frame = read.frame
    assert str(frame["time"].dt.tz) == "UTC" and str(frame["time"].dtype) == "datetime64[ns, UTC]"
    assert frame["lat"].dtype == "float64" and frame["alt_ft"].dtype == "int64"
    assert frame["party"].tolist() == ["Testland", "Testland", "Otherland", "Otherland", "Testland"]
    assert read.lines == [2, 3, 4, 5, 6]


def test_every_data_file_is_checked_by_a_rule():
    """No CSV or GeoJSON file in data/ escapes the validator."""
    for _path, rel in v.files(DATA):
        if rel.endswith(".csv"):
            assert v.schema_for(rel) is not None, rel
        elif rel.endswith(".geojson"):
            assert rel.split("/")[0] in ("zones", "coastlines"), rel


def test_validate_and_data_do_not_import_each_other():
    code = ("import sys; import helpers.validate; "
            "assert 'helpers.data' not in sys.modules, 'validate imports data'; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_a_track_file_with_a_wrong_header_gets_one_error_not_a_missing_file_too(tmp_path):
    root = _copy_valid(tmp_path)
    track = root / "tracks" / "testsea-2020-01-02.csv"
    lines = track.read_text(encoding="utf-8").splitlines(keepends=True)
    track.write_text(lines[0].replace("lat", "latitude", 1) + "".join(lines[1:]), encoding="utf-8")
    problems, _ = _checked(root)
    messages = [str(p) for p in problems]
    assert any("tracks/testsea-2020-01-02.csv" in m and "lat" in m for m in messages), _describe(problems)
    assert not any("has no track file" in m for m in messages), _describe(problems)
