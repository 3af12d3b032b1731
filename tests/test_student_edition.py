"""The student edition hides every solution, keeps every exercise check, and never touches the lessons."""

import ast
import hashlib
import pathlib
import re
import shutil
import subprocess
import sys
from urllib.parse import unquote

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _check_calls(cell):
    """``[(exercise id, [answer variables])]`` of the ``exercises.check(...)`` calls in a code cell.

    The answer variables are the positional answer and the keyword arguments that are answer parts
    (not givens such as an assumed depth)."""
    from helpers import exercises

    if cell.cell_type != "code" or "exercises.check(" not in cell.source:
        return []
    calls = []
    for node in ast.walk(ast.parse(cell.source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "exercises"):
            exercise_id = node.args[0].value
            parts = exercises.get(exercise_id).parts
            names = [a.id for a in node.args[1:2] if isinstance(a, ast.Name)]
            names += [k.value.id for k in node.keywords if k.arg in parts and isinstance(k.value, ast.Name)]
            calls.append((exercise_id, names))
    return calls


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
        old_style = [c for c in student.cells if c.cell_type == "code" and c.source.lstrip().startswith("# Self-check")
                     and "exercises.check(" not in c.source]
        assert not old_style, (
            f"{lesson.name}: an old `# Self-check` assert cell is left; use exercises.check (helpers/exercises)")
        checks = [c for c in original.cells if _check_calls(c)]
        kept = [c for c in student.cells if _check_calls(c)]
        assert len(kept) == len(checks), f"{lesson.name}: exercise checks lost in the student edition"
        for index, cell in enumerate(student.cells):
            for exercise_id, variables in _check_calls(cell):
                before = [c for c in student.cells[:index] if c.cell_type == "code"]
                for variable in variables:
                    assert any(line.startswith((f"{variable} = ...", f"def {variable}("))
                               for c in before for line in c.source.splitlines()), (
                        f"{lesson.name}: no student cell `{variable} = ...` (or `def {variable}(`) before the check "
                        f"of exercise {exercise_id}")


# --- links: every relative link of the edition leads to a file that exists ------------------------

LINK = re.compile(r"\]\(\s*<?([^)\s>]+)"  # [text](target) and [text](<target>)
                  r"|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)"  # [label]: target
                  r"|\b(?:href|src)=[\"']([^\"']+)", re.MULTILINE)  # HTML


def _relative_links(nb):
    """The relative link targets of a notebook's Markdown cells (URLs and same-page anchors left out)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in LINK.finditer(cell.source):
            target = next(g for g in match.groups() if g)
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("#"):
                yield target


def _anchors(path):
    """The anchors of a Markdown file's or a notebook's headings, as GitHub and JupyterLab write them."""
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    found = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE):
        found.add(heading.replace(" ", "-"))  # JupyterLab
        found.add(re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-"))  # GitHub
    return found


def _broken_links(out):
    broken, count = [], 0
    for path in sorted(out.glob("*.ipynb")):
        for target in _relative_links(nbformat.read(path, as_version=4)):
            count += 1
            file, _, anchor = unquote(target).partition("#")
            resolved = (out / file).resolve()
            if target.startswith("/") or not resolved.is_file():
                broken.append(f"{path.name}: {target} (no file {resolved})")
            elif anchor and resolved.suffix in (".md", ".ipynb") and anchor not in _anchors(resolved):
                broken.append(f"{path.name}: {target} (no heading #{anchor} in {resolved.name})")
    return broken, count


def test_every_link_of_the_student_edition_resolves(tmp_path):
    """Built outside the kit (a student's folder) and inside it (build/, where JupyterLab serves it):
    links to ../docs, ../data, the README and the other lessons all reach an existing file."""
    from helpers.classroom import edition

    for out in (tmp_path / "student", ROOT / "build" / f"test-edition-links-{tmp_path.name}"):
        try:
            edition.build(out, progress=lambda message: None)
            assert sorted(p.name for p in out.glob("*.ipynb")) == [p.name for p in LESSONS]
            broken, count = _broken_links(out)
            assert count > 50, f"only {count} relative links found in the edition: the link pattern misses some"
            assert not broken, f"links of the student edition in {out} that lead nowhere:\n" + "\n".join(broken)
            if ROOT in out.parents:  # served by JupyterLab from the kit: links must stay inside it
                outside = [t for p in out.glob("*.ipynb") for t in _relative_links(nbformat.read(p, as_version=4))
                           if ROOT not in (out / t.partition("#")[0]).resolve().parents]
                assert not outside, f"links that leave the kit (JupyterLab cannot open them): {outside}"
        finally:
            if ROOT in out.parents:
                shutil.rmtree(out, ignore_errors=True)


def test_the_link_check_finds_a_broken_link(tmp_path):
    """The check above can fail: a link to a file the kit lacks, and a wrong anchor, are both reported."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "See the [glossary](../docs/no-such-page.md), [the README](README.md#no-such-heading), "
        "[a lesson](00_start_here.ipynb) and [the web](https://example.org/x).\n\n[ref]: missing.csv")])
    (tmp_path / "00_start_here.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    (tmp_path / "README.md").write_text("# Title\n\n## Some heading\n", encoding="utf-8")
    broken, count = _broken_links(tmp_path)
    assert count == 4, count
    assert len(broken) == 3 and any("no-such-page.md" in b for b in broken), broken
    assert any("#no-such-heading" in b for b in broken) and any("missing.csv" in b for b in broken), broken
