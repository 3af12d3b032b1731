"""Write a student edition of every lesson: the same notebooks without the ``solution`` cells.

Usage: ``python scripts/student_edition.py [OUTDIR]`` (default ``build/student``). Writes new
files only under OUTDIR; the lessons in ``notebooks/`` are never modified. Each removed
solution leaves a markdown cell saying where the answer goes, and the self-checks stay, so a
student's own answer is checked.
"""

import pathlib
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent


def student_version(nb):
    """A copy of notebook ``nb`` with each cell tagged ``solution`` replaced by a short note."""
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    for cell in nb.cells:
        if "solution" in cell.get("metadata", {}).get("tags", []):
            out.cells.append(nbformat.v4.new_markdown_cell(
                "*(The solution is hidden in the student edition: write your answer in the cell above, "
                "then run the self-check below.)*"))
        else:
            out.cells.append(cell)
    return out


def main(outdir="build/student"):
    target = (ROOT / outdir).resolve()
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        dest = target / path.name
        nbformat.write(student_version(nb), dest)
        removed = len(nb.cells) - sum(1 for c in nb.cells if "solution" not in c.get("metadata", {}).get("tags", []))
        print(f"{dest}: {removed} solution cell(s) hidden")


if __name__ == "__main__":
    main(*sys.argv[1:])
