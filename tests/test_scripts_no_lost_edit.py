"""No script ever loses an edit: every generating script, under edits and under concurrent runs.

Each test works on a copy of the kit (helpers, scripts, notebooks, data) in a temporary folder,
so a script that misbehaves damages only the copy. To see the tests fail on older scripts, point
AIR_ENCOUNTERS_OLD_SCRIPTS at a folder holding old versions (e.g. from
``git show HEAD~3:scripts/pin_outputs.py``): they are copied over the copy's scripts.
"""

import hashlib
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
OLD_SCRIPTS = os.environ.get("AIR_ENCOUNTERS_OLD_SCRIPTS")


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """A copy of the kit; its scripts replaced by AIR_ENCOUNTERS_OLD_SCRIPTS when that is set."""
    kit = tmp_path_factory.mktemp("kit")
    ignore = shutil.ignore_patterns("__pycache__", ".generated.lock", ".ipynb_checkpoints")
    for name in ("helpers", "scripts", "notebooks", "data"):
        shutil.copytree(ROOT / name, kit / name, ignore=ignore)
    if OLD_SCRIPTS:
        for old in pathlib.Path(OLD_SCRIPTS).glob("*.py"):
            shutil.copy(old, kit / "scripts" / old.name)
    return kit


def _run(kit, *args, env=None, cwd=None):
    full_env = {k: v for k, v in os.environ.items() if k != "AIR_ENCOUNTERS_DATA"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, *args], cwd=cwd or kit, env=full_env, capture_output=True, text=True,
                          timeout=600)


def _load(kit, name):
    """Import kit/scripts/<name>.py as a fresh module."""
    spec = importlib.util.spec_from_file_location(f"kit_{name}", kit / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    sys.path.insert(0, str(kit / "scripts"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(kit / "scripts"))
    return module


def _sha(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- pin_outputs

def test_pin_outputs_keeps_an_edit_saved_while_it_runs(kit, monkeypatch):
    pin_outputs = _load(kit, "pin_outputs")
    lesson = kit / "notebooks" / "toy_pin.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(6 * 7)")])
    nbformat.write(nb, lesson)
    author_edit = "The author's new paragraph, saved while the notebook was running."

    class ClientThatSeesAnAuthorSave:
        """Runs instantly; meanwhile the author saves an edit of the notebook (as JupyterLab would)."""

        def __init__(self, nb, **kwargs):
            self.nb = nb

        def execute(self):
            edited = nbformat.read(lesson, as_version=4)
            edited.cells.append(nbformat.v4.new_markdown_cell(author_edit))
            nbformat.write(edited, lesson)
            for cell in self.nb.cells:
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
            return self.nb

    monkeypatch.setattr(pin_outputs, "NotebookClient", ClientThatSeesAnAuthorSave)
    refusal = None
    try:
        pin_outputs.pin(lesson)
    except Exception as err:  # noqa: BLE001 - whatever the script raises, the edit must survive
        refusal = err
    after = nbformat.read(lesson, as_version=4)
    assert any(c.source == author_edit for c in after.cells), "pin_outputs overwrote an edit saved while it ran"
    assert refusal is not None and "\n" not in str(refusal), "the refusal must be said, in one line"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")]), lesson)
    assert pin_outputs.main([str(lesson)]) == 1, "the command's exit status must show the refusal"


def test_pin_outputs_pins_when_nobody_edits(kit, monkeypatch):
    pin_outputs = _load(kit, "pin_outputs")
    lesson = kit / "notebooks" / "toy_pin_quiet.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(42)"),
                                                   nbformat.v4.new_code_cell("print('noise')")]), lesson)

    class QuietClient:
        def __init__(self, nb, **kwargs):
            self.nb = nb

        def execute(self):
            for cell in self.nb.cells:
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
            return self.nb

    monkeypatch.setattr(pin_outputs, "NotebookClient", QuietClient)
    pin_outputs.pin(lesson)
    pinned, noise = nbformat.read(lesson, as_version=4).cells
    assert pinned.outputs and pinned.outputs[0]["text"] == "42\n" and not noise.outputs


# --------------------------------------------------------------------------- student edition

def _lesson_digests(kit):
    return {p.name: _sha(p) for p in sorted((kit / "notebooks").glob("[0-9]*.ipynb"))}


def test_student_edition_refuses_the_lessons_own_folder(kit):
    before = _lesson_digests(kit)
    result = _run(kit, "scripts/student_edition.py", "notebooks")
    assert _lesson_digests(kit) == before, "the student edition overwrote the lessons (their solutions are gone)"
    assert result.returncode != 0 and "lessons' own folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_student_edition_help_writes_nothing(kit):
    result = _run(kit, "scripts/student_edition.py", "--help")
    assert result.returncode == 0 and "usage" in result.stdout.lower()
    assert not (kit / "--help").exists(), "--help was taken for an output folder"


def test_student_edition_never_overwrites_an_edited_copy(kit, tmp_path):
    out = tmp_path / "edition"
    assert _run(kit, "scripts/student_edition.py", str(out)).returncode == 0
    mine = out / "02_alaska_2020.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("My answer: the first formation."))
    nbformat.write(nb, mine)
    edited = mine.read_bytes()
    refused = _run(kit, "scripts/student_edition.py", str(out))
    assert mine.read_bytes() == edited, "the student edition overwrote a student's edited notebook"
    assert refused.returncode != 0 and "02_alaska_2020.ipynb" in refused.stderr and "Traceback" not in refused.stderr
    kept = _run(kit, "scripts/student_edition.py", str(out), "--backup")
    assert kept.returncode == 0, kept.stderr
    backups = list(out.glob("02_alaska_2020.edited-*.ipynb"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited, "--backup must keep the edited file first"
    assert "solution" not in json.dumps([c.get("metadata", {}) for c in nbformat.read(mine, as_version=4).cells])


def test_two_student_editions_at_once_leave_a_consistent_folder(kit, tmp_path):
    out = tmp_path / "shared"
    runs = [subprocess.Popen([sys.executable, "scripts/student_edition.py", str(out)], cwd=kit,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in results] == [0, 0], results
    manifest = json.loads((out / ".generated.json").read_text())
    for path in out.glob("*.ipynb"):
        nbformat.validate(nbformat.read(path, as_version=4))
        assert manifest.get(path.name) == _sha(path), f"{path.name}: manifest and file disagree"
    again = _run(kit, "scripts/student_edition.py", str(out))
    assert again.returncode == 0, f"a third run saw a false edit: {again.stderr}"


# --------------------------------------------------------------------------- safe_write

WRITER = """
import sys
sys.path.insert(0, sys.argv[1])
from safe_write import write_generated
for k in range(int(sys.argv[4])):
    write_generated(f"{sys.argv[2]}/w{sys.argv[3]}_{k}.txt", f"writer {sys.argv[3]} file {k}\\n")
"""


def test_safe_write_manifest_survives_concurrent_writers(kit, tmp_path):
    folder = tmp_path / "generated"
    folder.mkdir()
    writers, files_each = 4, 40
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(kit / "scripts"), str(folder), str(i), str(files_each)],
                              stderr=subprocess.PIPE, text=True) for i in range(writers)]
    errors = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for p in procs:
        p.stderr.close()
    assert all(code == 0 for code, _ in errors), errors
    manifest = json.loads((folder / ".generated.json").read_text())
    written = sorted(p.name for p in folder.glob("w*.txt"))
    assert len(written) == writers * files_each
    assert sorted(manifest) == written, "entries lost from the manifest"
    safe_write = _load(kit, "safe_write")
    for name in written:  # no false "edited by hand" afterwards
        safe_write.write_generated(folder / name, (folder / name).read_text())


def test_edited_file_error_is_one_line(kit, tmp_path):
    safe_write = _load(kit, "safe_write")
    target = tmp_path / "made.txt"
    safe_write.write_generated(target, "generated\n")
    target.write_text("edited by a person\n")
    with pytest.raises(safe_write.EditedFileError) as err:
        safe_write.write_generated(target, "generated again\n")
    assert "\n" not in str(err.value) and "made.txt" in str(err.value)
    assert target.read_text() == "edited by a person\n"


# --------------------------------------------------------------------------- build_zones, build_coastlines

def test_build_zones_one_folder_every_refusal_reported_byte_identical(kit, tmp_path):
    other = tmp_path / "other_data"
    shutil.copytree(kit / "data", other, ignore=shutil.ignore_patterns(".generated.lock"))
    for folder in (other, kit / "data"):
        (folder / "coastlines" / "black_sea.limit12.geojson").unlink()
    for edited in (other / "zones" / "china_ecs_adiz_2013.geojson", other / "coastlines" / "black_sea.limit200.geojson"):
        edited.write_bytes(edited.read_bytes() + b" ")
    before = {p: p.read_bytes() for p in (other / "zones" / "china_ecs_adiz_2013.geojson",
                                          other / "coastlines" / "black_sea.limit200.geojson")}
    result = _run(kit, "scripts/build_zones.py", "china_ecs_adiz_2013", "black_sea",
                  env={"AIR_ENCOUNTERS_DATA": str(other)})
    assert "Traceback" not in result.stderr, result.stderr
    refusals = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(refusals) == 2 and result.returncode == 1, result.stderr
    assert all(p.read_bytes() == b for p, b in before.items()), "an edited file was overwritten"
    rebuilt = other / "coastlines" / "black_sea.limit12.geojson"
    assert rebuilt.exists(), "the file that was not edited must still be built"
    assert not (kit / "data" / "coastlines" / "black_sea.limit12.geojson").exists(), (
        "build_zones read AIR_ENCOUNTERS_DATA but wrote into the kit's data/")
    assert rebuilt.read_bytes() == (ROOT / "data" / "coastlines" / "black_sea.limit12.geojson").read_bytes(), (
        "a rebuilt file must be byte-identical to the committed one")
    assert b"seconds_to_build" not in rebuilt.read_bytes()


def test_no_build_time_in_generated_data():
    for path in sorted((ROOT / "data").rglob("*.geojson")):
        assert b"seconds_to_build" not in path.read_bytes(), f"{path}: build time in a data file (not reproducible)"


def test_build_coastlines_writes_through_safe_write(kit, tmp_path):
    build_coastlines = _load(kit, "build_coastlines")
    regions = tmp_path / "regions.csv"
    build_coastlines.write_regions_csv(regions)
    generated = regions.read_text()
    assert generated.startswith("region,west,south,east,north,tiers,note\n")
    regions.write_text(generated + "my_region,0,0,1,1,light,added by hand\n")
    edited = regions.read_bytes()
    build_coastlines.write_regions_csv(regions)
    assert regions.read_bytes() == edited, "build_coastlines overwrote a regions.csv a person edited"
