"""The kit on a real JupyterHub: students pull it with nbgitpuller, run lesson 00, keep their edits.

The ``classroom`` fixture (conftest.py) has already logged three students in and opened the pull
link for each (their servers spawned on the way)."""

import concurrent.futures
import json
import urllib.parse

import harness

LESSON_PATH = f"{harness.KIT_NAME}/{harness.LESSON}"


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


def test_new_commit_arrives_and_no_student_edit_is_lost(classroom):
    students = classroom.students
    # 1. Each student answers an exercise (its placeholder line), adds a note cell and saves.
    edits = {name: harness.student_edits_lesson(student) for name, student in students.items()}
    # 2. The instructor commits a change to the same lesson, the answered line included.
    commit, updates = harness.instructor_updates_lesson(classroom.kit)
    # 3. Each student opens the same link again.
    with concurrent.futures.ThreadPoolExecutor(len(students)) as pool:
        landed = list(pool.map(lambda s: s.open_pull_link(classroom.link), students.values()))
    assert all(url.endswith(LESSON_PATH) for url in landed)
    lost_edits, missing_updates = {}, {}
    for name in students:
        lost_edits[name], missing_updates[name] = harness.merged_lesson(classroom.hub.homes / name, edits[name],
                                                                         updates, commit)
    assert sum(map(len, lost_edits.values())) == 0, f"lost edits: {lost_edits}"
    assert sum(map(len, missing_updates.values())) == 0, f"the update did not arrive: {missing_updates}"
