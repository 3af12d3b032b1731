"""Run notebooks and store the outputs of their ``# NBVAL_CHECK_OUTPUT`` cells, clearing all others.

Usage: ``python scripts/pin_outputs.py notebooks/02_alaska_2020.ipynb [...]`` (default: all).

This is how a lesson's key numbers get pinned: nbval then compares them on every test run.
The script only changes outputs and execution counts. Running a notebook takes a while, and an
author may save the notebook meanwhile: just before writing, the script reads the file again
and, if it is not byte-for-byte what it read at the start, writes nothing and says so (run it
again). It replaces the file atomically (``safe_write.atomic_write``), so a failed run leaves the
notebook untouched. With several notebooks, a refusal is reported and the others are still pinned.
"""

import copy
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.classroom.safe_write import EditedFileError, atomic_write  # noqa: E402

MARK = "# NBVAL_CHECK_OUTPUT"


def pin(path):
    """Run notebook ``path`` and store the outputs of its pinned cells; raise ``EditedFileError``
    (nothing written) if the file changed on disk while it ran."""
    path = pathlib.Path(path).resolve()
    read_bytes = path.read_bytes()
    original = nbformat.reads(read_bytes.decode("utf-8"), as_version=4)
    run = copy.deepcopy(original)
    NotebookClient(run, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    count = 0
    for cell, done in zip(original.cells, run.cells):
        if cell.cell_type != "code":
            continue
        keep = cell.source.lstrip().startswith(MARK)
        cell.outputs = [o for o in done.outputs if o.output_type in ("stream", "execute_result")] if keep else []
        # nbval refuses stored outputs in a cell without an execution count, so pinned cells get one
        count = count + 1 if cell.outputs else count
        cell.execution_count = count if cell.outputs else None
        for out in cell.outputs:
            if out.output_type == "execute_result":
                out["data"] = {"text/plain": out["data"].get("text/plain", "")}
                out["metadata"] = {}
                out["execution_count"] = count
    text = nbformat.writes(original)
    text = text if text.endswith("\n") else text + "\n"
    if path.read_bytes() != read_bytes:
        raise EditedFileError(f"{path}: changed on disk while it was being pinned (an edit was saved); "
                              "nothing written, so your edit is kept: run the script again")
    atomic_write(path, text.encode("utf-8"))
    return sum(1 for c in original.cells if c.cell_type == "code" and c.outputs)


def main(argv=None):
    """Pin every notebook named in ``argv`` (default: every lesson); return the exit status."""
    targets = argv if argv else sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    if {"-h", "--help"} & set(targets):
        print(__doc__)
        return 0
    status = 0
    for target in targets:
        try:
            pinned = pin(target)
        except EditedFileError as err:
            print(f"error: {err}", file=sys.stderr)
            status = 1
            continue
        print(f"{target}: {pinned} checked cell(s) pinned, other outputs cleared")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
