"""The kit on a real JupyterHub: students pull it with nbgitpuller, run lesson 00, keep their edits.

The ``classroom`` fixture (conftest.py) has already logged three students in and opened the pull
link for each (their servers spawned on the way)."""

import concurrent.futures
import json
import re
import subprocess
import urllib.parse

import harness
import nbformat
import pytest

LESSON_PATH = f"{harness.KIT_NAME}/{harness.LESSON}"
PLACEHOLDER = re.compile(r"^(\w+) = \.\.\.")


def test_each_student_lands_in_lesson_00_in_their_own_home(classroom):
    for name, landed in classroom.landed.items():
        assert urllib.parse.urlparse(landed).path == f"/user/{name}/lab/tree/{LESSON_PATH}"
        on_disk = classroom.hub.homes / name / harness.KIT_NAME / harness.LESSON
        assert on_disk.is_file(), f"{name}: nbgitpuller did not put the lesson in {on_disk.parent}"
        served = classroom.students[name].contents(LESSON_PATH)
        assert served["type"] == "notebook"
        disk_cells = json.loads(on_disk.read_text(encoding="utf-8"))["cells"]
        assert [(c["id"], c["source"]) for c in served["content"]["cells"]] == [
            (c["id"], "".join(c["source"])) for c in disk_cells]


def test_each_student_runs_lesson_00_through_the_kernel_websocket(classroom):
    def run(student):
        nb = student.contents(LESSON_PATH)["content"]
        kernel = student.open_kernel(LESSON_PATH)
        try:
            return [(src, *kernel.execute(src)) for src in harness.code_cells(nb)]
        finally:
            kernel.close()

    with concurrent.futures.ThreadPoolExecutor(len(classroom.students)) as pool:
        results = dict(zip(classroom.students, pool.map(run, classroom.students.values())))
    for name, cells in results.items():
        assert len(cells) >= 10, f"{name}: lesson 00 has only {len(cells)} code cells"
        failed = [(src.splitlines()[0], error) for src, _, error in cells if error]
        assert not failed, f"{name}: cells failed: {failed}"


def _answer_cell(nb):
    """The first exercise cell with a placeholder answer (``name = ...``)."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and PLACEHOLDER.match("".join(cell["source"])):
            return cell
    pytest.fail("lesson 00 has no code cell of the form `answer = ...` for a student to fill in")


def test_new_commit_arrives_and_no_student_edit_is_lost(classroom):
    students = classroom.students
    # 1. Each student answers an exercise (the placeholder line) and adds a note cell, then saves.
    edits = {}
    for name, student in students.items():
        nb = student.contents(LESSON_PATH)["content"]
        cell = _answer_cell(nb)
        first, *rest = "".join(cell["source"]).split("\n")
        variable = PLACEHOLDER.match(first).group(1)
        answer_line = f"{variable} = 4  # {name}'s answer, counted on the timeline"
        cell["source"] = "\n".join([answer_line, *rest])
        note = f"My notes ({name}): the oldest incident surprised me."
        position = nb["cells"].index(cell) + 1
        nb["cells"].insert(position, nbformat.v4.new_markdown_cell(note).copy())
        student.save_notebook(LESSON_PATH, nb)
        edits[name] = (answer_line, note)

    # 2. The instructor commits a change to the same lesson: the same placeholder line (a conflict
    #    nbgitpuller resolves for the student), the introduction, and a new cell at the end.
    intro = "Update from your instructor: read the sources list before the exercises."
    closing = "## After class\n\nBring one question about a claim and its source."

    def change(nb):
        cell = _answer_cell(nb)
        lines = "".join(cell["source"]).split("\n")
        lines[0] += " (count rows whose region is black_sea)"
        cell["source"] = "\n".join(lines)
        nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n\n" + intro
        nb["cells"].append(nbformat.v4.new_markdown_cell(closing))

    classroom.kit.edit_lesson(change)
    commit = classroom.kit.commit("Lesson 00: instructor's update")

    # 3. Each student opens the same link again.
    with concurrent.futures.ThreadPoolExecutor(len(students)) as pool:
        landed = list(pool.map(lambda s: s.open_pull_link(classroom.link), students.values()))
    assert all(url.endswith(LESSON_PATH) for url in landed)

    lost_edits, missing_updates = [], []
    for name in students:
        text = (classroom.hub.homes / name / LESSON_PATH).read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)  # the merged file is still a valid notebook
        sources = ["".join(c["source"]) for c in nb["cells"]]
        answer_line, note = edits[name]
        lost_edits += [(name, e) for e in (answer_line, note) if not any(e in s for s in sources)]
        missing_updates += [(name, u) for u in (intro, closing) if not any(u in s for s in sources)]
        clone = classroom.hub.homes / name / harness.KIT_NAME
        subprocess.run(["git", "merge-base", "--is-ancestor", commit, "HEAD"], cwd=clone, check=True)
    assert lost_edits == [], f"lost edits: {lost_edits}"
    assert missing_updates == [], f"the instructor's update did not arrive: {missing_updates}"
