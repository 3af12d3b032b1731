"""Add your own incident, end to end: the fictional training incident in tests/training_incident/
is added to a copy of data/, passes the validator, and runs through the template notebook; the
usual mistakes get a clear message naming file, row and column (docs/add-an-incident.md)."""

import csv
import io
import os
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from helpers import validate

ROOT = pathlib.Path(__file__).resolve().parent.parent
TRAINING = ROOT / "tests" / "training_incident"
TEMPLATE = ROOT / "notebooks" / "templates" / "incident_template.ipynb"
INCIDENT = "training-2030-04-01"


def _add_rows(data_dir, name, text):
    """Append the data rows of CSV ``text`` (its header must match) to data_dir/name."""
    target = data_dir / name
    header, *rows = list(csv.reader(io.StringIO(text)))
    with target.open(newline="", encoding="utf-8-sig") as f:
        assert next(csv.reader(f)) == header, f"{name}: the training file's header differs from data/{name}"
    existing = target.read_text(encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    target.write_text(existing + ("" if existing.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")


def _with_training(tmp_path, **replace):
    """A copy of data/ with the training incident added: rows appended to the tables data/ has,
    new files (its track) copied. ``replace`` maps a training file (path under
    tests/training_incident, '/' written '__') to (old, new) text to plant a mistake."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns(".generated.lock"))
    for path in sorted(TRAINING.rglob("*.csv")):
        rel = path.relative_to(TRAINING).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel.replace("/", "__") in replace:
            old, new = replace.pop(rel.replace("/", "__"))
            assert old in text, f"{old!r} not in {rel}"
            text = text.replace(old, new)
        if (data_dir / rel).exists():
            _add_rows(data_dir, rel, text)
        else:
            (data_dir / rel).write_text(text, encoding="utf-8")
    assert not replace, f"no such training file: {sorted(replace)}"
    return data_dir


def test_training_incident_passes_the_validator(tmp_path):
    data_dir = _with_training(tmp_path)
    result = subprocess.run([sys.executable, "-m", "helpers.validate", str(data_dir)], capture_output=True,
                            text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks passed" in result.stdout


MISTAKES = [  # (training file, old text, planted mistake, file named, column named)
    ("claims.csv", "training-news-report,", "training-newz-report,", "claims.csv", "source_id"),
    ("incidents.csv", "2030-04-01,,black_sea", "01/04/2030,,black_sea", "incidents.csv", "date_start"),
    ("incidents.csv", ",black_sea,", ",Black Sea,", "incidents.csv", "region"),
    ("claims.csv", "training-2030-04-01-gazette-closest,training-2030-04-01,",
     "training-2030-04-01-gazette-closest,training-2030-04-02,", "claims.csv", "incident_id"),
    ("sources.csv", "https://example.org/gazette/intercept", "https://example.org/gazette/two accounts",
     "sources.csv", "url"),
    ("claims.csv", ",40,nmi,", ",40,miles,", "claims.csv", "unit"),
]


@pytest.mark.parametrize("training_file,old,new,named_file,column", MISTAKES, ids=[m[4] for m in MISTAKES])
def test_usual_mistakes_get_a_message_naming_file_row_and_column(tmp_path, training_file, old, new, named_file,
                                                                 column):
    data_dir = _with_training(tmp_path, **{training_file: (old, new)})
    problems, _ = validate.validate(data_dir)
    problems = [str(p) for p in problems]
    assert problems, f"the validator accepted a planted mistake ({new!r} in {training_file})"
    about = [p for p in problems if named_file in p and column in p]
    assert about, f"no message names {named_file} and column {column}: {problems}"
    assert any("row" in p or "line" in p for p in about), f"the message does not say which row: {about}"


TRACK = "tracks__training-2030-04-01.csv"  # the training track, as a key of _with_training's replace
TRACK_MISTAKES = [  # (training file, old text, planted mistake, file named, column named, words of the message)
    (TRACK, "time,lat,lon,alt_ft", "time,latitude,lon,alt_ft", "tracks/training-2030-04-01.csv", "lat",
     "missing column"),
    (TRACK, "2030-04-01T09:20:00Z,", "2030-04-01 09:20,", "tracks/training-2030-04-01.csv, row 21", "time",
     "is not a time"),
    (TRACK, "2030-04-01T09:21:00Z,", "2030-04-01T09:21:00,", "tracks/training-2030-04-01.csv, row 22", "time",
     "no time zone"),
    (TRACK, "2030-04-01T09:00:00Z,43", "2003-04-01T09:00:00Z,43", "tracks/training-2030-04-01.csv, row 1", "time",
     "a typo in the year"),
    ("tracks__constraints.csv", ",Freedonian fighter,Sylvanian", ",Freedonian fighters,Sylvanian",
     "tracks/constraints.csv, row 22", "track", "no track of that name"),
]


@pytest.mark.parametrize("training_file,old,new,named,column,words", TRACK_MISTAKES,
                         ids=["wrong-column", "time-with-a-space", "time-without-Z", "year-typo", "track-name"])
def test_usual_mistakes_in_a_track_get_a_message_naming_file_and_column(tmp_path, training_file, old, new, named,
                                                                       column, words):
    data_dir = _with_training(tmp_path, **{training_file: (old, new)})
    problems = [str(p) for p in validate.validate(data_dir)[0]]
    about = [p for p in problems if p.startswith(named) and column in p and words in p]
    assert about, f"no message names {named!r}, column {column!r} and says {words!r}: {problems}"


def _run_template(incident, data_dir, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("AIR_ENCOUNTERS_INCIDENT", incident)
    monkeypatch.setenv("AIR_ENCOUNTERS_OFFLINE_MAPS", "1")
    if data_dir is not None:
        monkeypatch.setenv("AIR_ENCOUNTERS_DATA", str(data_dir))
    nb = nbformat.read(TEMPLATE, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(TEMPLATE.parent)}}).execute()
    return nb


def _outputs_text(nb):
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for v in out.get("data", {}).values())
    return "\n".join(parts)


def test_template_runs_the_training_incident_end_to_end(tmp_path, monkeypatch):
    nb = _run_template(INCIDENT, _with_training(tmp_path), monkeypatch)
    text = _outputs_text(nb)
    assert "FICTIONAL training incident" in text and "Not a real event" in text
    assert "40 nautical miles" in text and "15 nautical miles" in text, "each party's claim must be shown"
    assert "leaflet" in text.lower(), "no map in the outputs"
    assert "Sylvanian patrol aircraft: closest to shore 40.0 nmi" in text, "the track's measurement is missing"
    for constraint in ("training-patrol-closest", "training-patrol-outside", "training-fighter-meets"):
        assert re.search(rf"^{constraint}: .* measured [0-9.]+: holds$", text, re.MULTILINE), f"{constraint}: {text}"
    assert "does NOT hold" not in text
    assert "The Example Gazette (FICTIONAL)" in text, "the sources list is missing"


def test_a_constraint_the_track_does_not_satisfy_is_named_by_the_template(tmp_path, monkeypatch):
    """The Gazette's 15 nmi put as the patrol's constraint: the files' form is right (the validator
    passes), the measurement is not, and the template says which row and what it measured."""
    data_dir = _with_training(tmp_path, **{"tracks__constraints.csv": (
        "min_distance_to_coast,40,nmi,0.5,training-2030-04-01-ministry-closest,training-ministry-release",
        "min_distance_to_coast,15,nmi,0.5,training-2030-04-01-gazette-closest,training-news-report")})
    assert validate.validate(data_dir)[0] == [], "the planted row must be well formed"
    text = _outputs_text(_run_template(INCIDENT, data_dir, monkeypatch))
    assert re.search(r"^training-patrol-closest: Sylvanian patrol aircraft min_distance_to_coast 15 nmi "
                     r"\(tolerance 0\.5\), measured 39\.9\d: does NOT hold: fix the track or this row of "
                     r"tracks/constraints\.csv$", text, re.MULTILINE), text
    assert re.search(r"^training-fighter-meets: .*: holds$", text, re.MULTILINE)


def test_template_runs_an_incident_without_a_track(monkeypatch):
    from helpers import data

    incident = sorted(set(data.incidents()["id"]) - set(data.incidents_with_tracks()))[0]
    text = _outputs_text(_run_template(incident, None, monkeypatch))
    assert "No track for this incident in data/tracks/: nothing to measure." in text
    assert "No track for this incident in data/tracks/: no constraint to check." in text
    assert "leaflet" in text.lower()


def test_the_template_is_not_a_lesson():
    from helpers import classroom

    assert TEMPLATE.exists() and TEMPLATE not in classroom.lessons()
    assert all(not p.name[0].isdigit() for p in TEMPLATE.parent.glob("*.ipynb"))
    os.stat(TEMPLATE)
