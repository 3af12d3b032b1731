"""Every exercise check, tried with the answers of the misconception corpus, in the student edition.

For each lesson with a corpus file (``tests/exercises/lesson_NN.yaml``, format in its README):

- the lesson's student edition (``helpers.classroom.student_notebook``: solutions removed) runs top
  to bottom in ONE real kernel, with every exercise unanswered and strict mode off, as a student
  has it; no cell may fail (``test_student_edition_runs_unanswered``);
- before each exercise's question, the page shown so far (every output above its heading) and the
  student's namespace hold none of its expected values (``test_no_expected_value_before_its_question``);
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


# Run in the kernel just before an exercise's question: the names of the student's globals that hold
# one of the given numbers (a scalar, not a table the student is to search).
PROBE = r'''
def __air_probe(values):
    import json, numbers
    import numpy
    hits = []
    for name, obj in list(globals().items()):
        if name.startswith("_") or isinstance(obj, (bool, numpy.bool_)):
            continue
        if isinstance(obj, (numbers.Real, numpy.floating, numpy.integer)):
            hits += [f"{name} = {float(obj)!r}" for v in values if abs(float(obj) - v) <= 1e-6 * max(1.0, abs(v))]
    print("@@probe@@" + json.dumps(hits))
'''
QUESTION = re.compile(r"^### Exercise (\d+)\b", re.M)


def expected_numbers(exercise_id):
    """The exercise's expected values that a page could give away: non-integer numbers (a count such
    as 3 or a limit such as 12 is everywhere on a page; 44.2 is not)."""
    from helpers.exercises import core

    exercise = core.get(exercise_id)
    expected, _cases = core._expected(exercise, exercise.givens)
    return {name: float(value) for name, value in expected.items()
            if not name.startswith("_") and isinstance(value, (int, float)) and not isinstance(value, bool)
            and float(value) != round(float(value))}


def shown_forms(value):
    """How a page would print ``value``: to 1, 2 and 3 decimals, each with at least three significant
    digits (a bare "1.0" or "0.99" turns up on any page by chance; "44.2" or "0.987" does not)."""
    forms = {f"{value:.1f}", f"{value:.2f}", f"{value:.3f}"}
    return {form for form in forms if len(form.replace("-", "").replace(".", "").lstrip("0")) >= 3}


def visible_text(html):
    """The text a reader sees in ``html``: scripts, styles and every tag with its attributes removed (a
    map's coordinates and a chart's path data are drawing, not text on the page)."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html)
    return re.sub(r"(?s)<[^>]*>", " ", html)


def output_text(cell):
    """The text a code cell shows: its printed text and each rich output's text, Markdown and visible HTML."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts += [str(data.get(kind, "")) for kind in ("text/plain", "text/markdown", "text/latex")]
        parts.append(visible_text(str(data.get("text/html", ""))))
    return "\n".join(parts)


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
        self.questions = {}  # exercise id -> index of its question's heading cell in the student edition
        for index, cell in enumerate(self.nb.cells):
            match = QUESTION.search(cell.source) if cell.cell_type == "markdown" else None
            if match:
                self.questions[f"{lesson}.{match.group(1)}"] = index
        self.namespace_leaks = {}  # exercise id -> globals holding an expected value before its question
        try:
            self.client.start_new_kernel(env=env, cwd=str(NOTEBOOKS))
            self.client.start_new_kernel_client()
            self.run(PROBE)
            for index, cell in enumerate(self.nb.cells):
                for exercise_id in [e for e, q in self.questions.items() if q == index]:
                    values = list(expected_numbers(exercise_id).values())
                    printed = self.run(f"__air_probe({values!r})")
                    line = next(x for x in printed.splitlines() if x.startswith("@@probe@@"))
                    self.namespace_leaks[exercise_id] = json.loads(line[len("@@probe@@"):])
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


# scope="module" groups the two lesson tests by lesson, so each lesson's kernel starts once for both.
@pytest.mark.parametrize("lesson", sorted(CORPUS_FILES), scope="module")
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


@pytest.mark.parametrize("lesson", sorted(CORPUS_FILES), scope="module")
def test_no_expected_value_before_its_question(kernels, lesson):
    kernel = kernels.get(lesson)
    assert kernel.error is None, f"lesson {lesson}: the student edition stops with every exercise unanswered: {kernel.error}"
    from helpers.exercises import core

    exercises = [e.id for e in core.load_lesson(lesson)]
    missing = [e for e in exercises if e not in kernel.questions]
    assert not missing, f"lesson {lesson}: no '### Exercise N' heading found for {missing}"
    problems = []
    for exercise_id in exercises:
        question = kernel.questions[exercise_id]
        problems += [f"{exercise_id}: before its question the namespace holds {hit}"
                     for hit in kernel.namespace_leaks.get(exercise_id, [])]
        problems += [f"{exercise_id}: {leak} before its question (cell {question})"
                     for leak in page_leaks(kernel.nb.cells[:question], expected_numbers(exercise_id))]
    assert not problems, "\n".join(problems)


def page_leaks(cells, values):
    """Where ``cells`` (Markdown source, code outputs) show one of ``values`` ({name: number})."""
    leaks = []
    for name, value in values.items():
        for index, cell in enumerate(cells):
            text = output_text(cell) if cell.cell_type == "code" else cell.source
            for shown in sorted(shown_forms(value)):
                if re.search(r"(?<![\d.])" + re.escape(shown) + r"(?!\d)", text):
                    leaks.append(f"its {name} {shown} is on the page in cell {index}: {cell.source[:80]!r}")
    return leaks


def test_page_leaks_finds_a_printed_or_typed_answer_and_ignores_drawing():
    printed = nbformat.v4.new_code_cell("print(x)", outputs=[nbformat.v4.new_output("stream", text="gap 44.2 nmi\n")])
    typed = nbformat.v4.new_markdown_cell("That is about 24.20 seconds.")
    shown = nbformat.v4.new_code_cell("page.md(...)", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/markdown": "**0.987** s", "text/plain": "<Markdown>"})])
    drawn = nbformat.v4.new_code_cell("maps.incident_map(i)", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": '<iframe srcdoc="L.marker([44.2, 30.129])"></iframe><svg>'
                                           '<path d="M 44.2 24.2"/><text>scale</text></svg>',
                              "text/plain": "<folium.folium.Map>"})])
    other = nbformat.v4.new_code_cell("print(y)", outputs=[nbformat.v4.new_output("stream", text="144.25 1.0 0.99 24.21\n")])
    values = {"answer": 44.2, "time": 24.2036, "small": 0.98747}
    found = page_leaks([printed, typed, shown, drawn, other], values)
    assert [leak.split(":")[0] for leak in found] == [
        "its answer 44.2 is on the page in cell 0", "its time 24.20 is on the page in cell 1",
        "its small 0.987 is on the page in cell 2"], found


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
