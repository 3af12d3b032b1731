"""Every exercise check, tried with the answers of the misconception corpus, in the student edition.

For each lesson with a corpus file (``tests/exercises/lesson_NN.yaml``, format in its README):

- the lesson's student edition (``helpers.classroom.student_notebook``: solutions removed) runs top
  to bottom in ONE real kernel, with every exercise unanswered and strict mode off, as a student
  has it; no cell may fail (``test_student_edition_runs_unanswered``);
- then each trial runs in that kernel: the answer is set, the check is called (or the exercise's
  answer form is filled in and its Check button pressed), and the verdict, the hint phrase, the
  HTML + text/plain twin and the absence of the expected value in the message are asserted.
"""

import json
import os
import pathlib
import re

import nbformat
import pytest
import yaml
from nbclient.util import run_sync

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "exercises"
NOTEBOOKS = ROOT / "notebooks"
MARK = "@@trial-result@@"
KINDS = ("blank", "mistake", "unreadable", "right")


def _corpus():
    files = {}
    for path in sorted(CORPUS.glob("lesson_*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        lesson = path.stem.split("_", 1)[1]
        files[lesson] = spec
    return files


CORPUS_FILES = _corpus()
TRIALS = [(lesson, i, trial) for lesson, spec in CORPUS_FILES.items() for i, trial in enumerate(spec["trials"])]


def _trial_id(item):
    lesson, i, trial = item
    return f"{trial['id']}-{i:02d}-{trial['kind']}"


# Defined once in each lesson's kernel: runs one trial and prints its result as JSON.
RUNNER = r'''
def __air_trial(exercise_id, answer, parts, via):
    import json, re
    from IPython.core.interactiveshell import InteractiveShell
    from helpers.exercises import core
    captured = []
    publisher = InteractiveShell.instance().display_pub
    original = publisher.publish
    def publish(data, *args, **kwargs):
        captured.append(dict(data))
        return original(data, *args, **kwargs)
    publisher.publish = publish
    try:
        if via == "widget":
            from helpers.exercises.forms import AnswerForm
            exercise = core.get(exercise_id)
            form = AnswerForm(exercise_id, givens={k: v for k, v in parts.items() if k in exercise.givens})
            for name, value in {"answer": answer, **parts}.items():
                if name in form.fields:
                    field = form.fields[name]
                    field.value = value if not hasattr(field, "placeholder") else ("" if value is ... else str(value))
            verdict = form.submit()
            captured.extend({"text/plain": o.get("data", {}).get("text/plain", ""),
                             "text/html": o.get("data", {}).get("text/html", "")} for o in form.output.outputs)
        else:
            verdict = core.check(exercise_id, answer, **parts)
    finally:
        publisher.publish = original
    exercise = core.get(exercise_id)
    givens = {**exercise.givens, **{k: v for k, v in parts.items() if k in exercise.givens}}
    leaks = []
    if verdict.status != core.CORRECT and verdict.status != core.UNANSWERED:
        expected, _cases = core._expected(exercise, givens)
        for name, value in expected.items():
            if name.startswith("_") or isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            for shown in {f"{value:.1f}", f"{value:.2f}", f"{value:.3f}"}:
                if shown not in ("0.0", "-0.0") and re.search(r"(?<![\d.])" + re.escape(shown) + r"(?!\d)", verdict.message):
                    leaks.append(shown)
    print("@@trial-result@@" + json.dumps({"status": verdict.status, "message": verdict.message,
                                            "reports": captured, "leaks": leaks}))
'''


class LessonKernel:
    """One lesson's student edition, run top to bottom in a kernel that stays up for its trials."""

    def __init__(self, lesson, notebook):
        from nbclient import NotebookClient

        from helpers import classroom

        self.lesson = lesson
        nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
        self.nb = classroom.student_notebook(nb)
        env = {**os.environ, "AIR_ENCOUNTERS_STRICT": "0"}
        self.client = NotebookClient(self.nb, timeout=600, kernel_name="python3", allow_errors=False,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
        self.client.km = self.client.create_kernel_manager()
        self.error = None
        try:
            self.client.start_new_kernel(env=env, cwd=str(NOTEBOOKS))
            self.client.start_new_kernel_client()
            for index, cell in enumerate(self.nb.cells):
                self.client.execute_cell(cell, index)  # raises CellExecutionError on any error
            self.run(RUNNER)
        except Exception as err:  # reported by the run test, and by every trial of the lesson
            self.error = f"{type(err).__name__}: {err}"

    def run(self, code):
        """Run ``code`` in the kernel; return its printed text; raise with the traceback on an error."""
        out, errors = [], []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                errors.append("\n".join(content.get("traceback", [])) or content.get("evalue", ""))

        run_sync(self.client.kc.execute_interactive)(code, timeout=300, output_hook=hook, store_history=False)
        if errors:
            raise AssertionError("traceback in the kernel:\n" + re.sub(r"\x1b\[[0-9;]*m", "", errors[0]))
        return "".join(out)

    def close(self):
        try:
            if self.client.kc is not None:
                self.client.kc.stop_channels()
        finally:
            if self.client.km is not None and self.client.km.has_kernel:
                run_sync(self.client.km.shutdown_kernel)(now=True)


class Kernels:
    """At most one lesson kernel alive at a time (trials are collected lesson by lesson)."""

    def __init__(self):
        self.current = None

    def get(self, lesson):
        if self.current is None or self.current.lesson != lesson:
            self.close()
            self.current = LessonKernel(lesson, CORPUS_FILES[lesson]["notebook"])
        return self.current

    def close(self):
        if self.current is not None:
            self.current.close()
            self.current = None


@pytest.fixture(scope="module")
def kernels():
    pool = Kernels()
    yield pool
    pool.close()


@pytest.mark.parametrize("lesson", sorted(CORPUS_FILES))
def test_student_edition_runs_unanswered(kernels, lesson):
    kernel = kernels.get(lesson)
    assert kernel.error is None, f"lesson {lesson}: the student edition stops with every exercise unanswered: {kernel.error}"
    got = json.loads(kernel.run(
        "import json\nfrom helpers.exercises import core\n"
        f"print(json.dumps({{e.id: core.results().get(e.id) for e in core.load_lesson('{lesson}')}}))"))
    assert got, f"lesson {lesson}: helpers/exercises/lesson_{lesson}.py defines no exercise"
    unchecked = [k for k, v in got.items() if v is None]
    assert not unchecked, f"lesson {lesson}: no check cell ran for {unchecked}"
    assert set(got.values()) == {"not answered yet"}, f"lesson {lesson}: unanswered exercises got {got}"
    bound = json.loads(kernel.run(
        "import json\nprint(json.dumps(sorted(n for n in globals() if n.lower().startswith(('expected', 'solution')))))"))
    assert not bound, f"lesson {lesson}: the student's namespace holds {bound}: expected values stay inside the helpers"


def _expr(text):
    return "..." if text is None else str(text)


@pytest.mark.parametrize("item", TRIALS, ids=_trial_id)
def test_trial(kernels, item):
    lesson, _, trial = item
    kernel = kernels.get(lesson)
    if kernel.error is not None:
        pytest.fail(f"lesson {lesson}'s student edition did not run: {kernel.error}")
    parts = ", ".join(f"{name!r}: ({_expr(value)})" for name, value in (trial.get("parts") or {}).items())
    code = (trial.get("setup") or "") + (
        f"\n__air_trial({trial['id']!r}, ({_expr(trial['answer'])}), {{{parts}}}, {trial.get('via', 'code')!r})\n")
    printed = kernel.run(code)
    line = next((x for x in printed.splitlines() if x.startswith(MARK)), None)
    assert line is not None, f"the trial printed no result:\n{printed}"
    result = json.loads(line[len(MARK):])
    where = f"{trial['id']} answer {trial['answer']!r} {trial.get('parts') or ''}: "
    assert result["status"] == trial["verdict"], where + f"verdict {result['status']!r}, expected {trial['verdict']!r}: {result['message']}"
    if trial.get("hint"):
        assert trial["hint"].lower() in result["message"].lower(), (
            where + f"the hint should contain {trial['hint']!r}; it says: {result['message']}")
    reports = [r for r in result["reports"] if "air-exercise-verdict" in r.get("text/html", "")]
    assert reports, where + "the check showed no report"
    assert all(r.get("text/plain", "").strip() for r in reports), where + "a report has no text/plain twin"
    assert not result["leaks"], where + f"the message shows the expected value {result['leaks']}: {result['message']}"


def test_corpus_covers_every_exercise():
    from helpers.exercises import core

    problems = []
    for lesson, spec in CORPUS_FILES.items():
        trials = spec["trials"]
        for trial in trials:
            if trial.get("kind") not in KINDS or "verdict" not in trial or "answer" not in trial:
                problems.append(f"lesson {lesson}: malformed trial {trial}")
            elif trial["kind"] in ("mistake", "unreadable") and trial["verdict"] != "correct" and not trial.get("hint"):
                problems.append(f"lesson {lesson}: a {trial['kind']} trial without its hint phrase: {trial}")
        for exercise in core.load_lesson(lesson):
            mine = [t for t in trials if t.get("id") == exercise.id]
            count = {kind: sum(t.get("kind") == kind for t in mine) for kind in KINDS}
            if len(mine) < 8 or count["blank"] < 1 or count["mistake"] < 4 or count["right"] < 3:
                problems.append(f"{exercise.id}: {len(mine)} trials {count}; needs >= 8, >= 1 blank, "
                                ">= 4 mistake, >= 3 right")
        known = {e.id for e in core.load_lesson(lesson)}
        problems += [f"lesson {lesson}: trial of unknown exercise {t.get('id')}" for t in trials if t.get("id") not in known]
    assert not problems, "\n".join(problems)
