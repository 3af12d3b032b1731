"""Run notebooks and store the outputs of their ``# NBVAL_CHECK_OUTPUT`` cells, clearing all others.

Usage: ``python scripts/pin_outputs.py notebooks/02_alaska_2020.ipynb [...]`` (default: all).

This is how a lesson's key numbers get pinned: nbval then compares them on every test run.
The script only changes outputs and execution counts; it checks that every cell's source is
byte-for-byte what it read, so an author's edits are never lost, and it writes through a
temporary file so a failed run leaves the notebook untouched.
"""

import copy
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
MARK = "# NBVAL_CHECK_OUTPUT"


def pin(path):
    path = pathlib.Path(path).resolve()
    original = nbformat.read(path, as_version=4)
    sources = [c.source for c in original.cells]
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
    if [c.source for c in original.cells] != sources:
        raise SystemExit(f"{path}: cell sources changed while pinning; nothing written")
    tmp = path.with_suffix(".ipynb.tmp")
    nbformat.write(original, tmp)
    tmp.replace(path)
    pinned = sum(1 for c in original.cells if c.cell_type == "code" and c.outputs)
    print(f"{path.relative_to(ROOT)}: {pinned} checked cell(s) pinned, other outputs cleared")


if __name__ == "__main__":
    targets = sys.argv[1:] or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for target in targets:
        pin(target)
