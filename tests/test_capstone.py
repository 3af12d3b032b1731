"""The capstone (notebooks/10_capstone.ipynb) works for any incident with claims: the notebook runs
unchanged, in strict mode (every solution must pass its check), with only its `INCIDENT = "..."` cell
replaced -- for an incident with tracks, one without, Hainan, and a fictional incident added to a
copy of data/ as an instructor would (tests/training_incident)."""

import csv
import io
import pathlib
import re
import shutil

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "10_capstone.ipynb"
TRAINING = ROOT / "tests" / "training_incident"
INCIDENT_CELL = re.compile(r'^INCIDENT = "[^"\n]+"$')


def _incident_cell(nb):
    cells = [c for c in nb.cells if c.cell_type == "code" and INCIDENT_CELL.match(c.source.strip())]
    assert len(cells) == 1, 'the capstone needs exactly one cell that is only `INCIDENT = "..."`'
    return cells[0]


def _with_training(tmp_path):
    """A copy of data/ with the training incident's rows appended to its CSV files."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns(".generated.lock"))
    for path in sorted(TRAINING.glob("*.csv")):
        header, *rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        target = data_dir / path.name
        existing = target.read_text(encoding="utf-8")
        assert existing.splitlines()[0].lstrip("\ufeff").split(",") == header, f"{path.name}: header differs"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        target.write_text(existing + ("" if existing.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")
    return data_dir


def _run(incident, monkeypatch, data_dir=None):
    """Execute the capstone for ``incident`` (strict mode: a failing check is a cell error); its text outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    _incident_cell(nb).source = f'INCIDENT = "{incident}"'
    monkeypatch.setenv("AIR_ENCOUNTERS_STRICT", "1")
    monkeypatch.setenv("AIR_ENCOUNTERS_OFFLINE_MAPS", "1")
    if data_dir is not None:
        monkeypatch.setenv("AIR_ENCOUNTERS_DATA", str(data_dir))
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{incident}: cell errors {[e.get('ename') for e in errors]}"
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
            texts.append(out.get("data", {}).get("text/markdown", ""))
    return "\n".join(texts)


def test_the_incident_is_set_in_one_cell_with_the_default():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert _incident_cell(nb).source.strip() == 'INCIDENT = "black-sea-2018-01-29"'


@pytest.mark.parametrize("incident, has_track", [("baltic-2019-03-20", True), ("u2-1960-05-01", False),
                                                 ("hainan-2001-04-01", False)])
def test_capstone_runs_for_an_incident(incident, has_track, monkeypatch):
    from helpers import data

    assert (incident in data.incidents_with_tracks()) == has_track, "the test's premise changed in data/"
    text = _run(incident, monkeypatch)
    assert f"{incident}: {data.claims(incident)['party'].nunique()} parties made" in text
    assert ("no reconstructed track" in text) == (not has_track)
    assert "Exercise 10.1 (a one-page assessment): Correct" in text
    assert "Exercise 10.3 (how far outside the territorial sea the tracks stayed): Correct" in text


def test_capstone_runs_for_an_incident_an_instructor_added(tmp_path, monkeypatch):
    data_dir = _with_training(tmp_path)
    incident = next(csv.DictReader(open(TRAINING / "incidents.csv", encoding="utf-8")))["id"]
    text = _run(incident, monkeypatch, data_dir)
    assert f"{incident}: " in text and "parties made" in text
    assert "Exercise 10.2 (parties that made claims): Correct" in text
