"""Exercises, their checks and the verdicts: the one check mechanism of every lesson.

An ``Exercise`` (defined in ``helpers/exercises/lesson_NN.py``) names its answer parts and their
kinds (``answers.Number``, ``Boolean``, ``Name``, ``Time``, ``Function``), computes its expected
values from ``data/`` inside the helpers (never in the notebook), and lists the known mistakes,
each with a specific hint, checked in order; a generic hint comes last.

``check(exercise_id, answer, **parts)`` reads the answers, judges them and reports "not answered
yet", "correct" or "not yet" with a hint (HTML with a text twin). It never raises for a student;
with ``AIR_ENCOUNTERS_STRICT=1`` (set by the test suite) anything but "correct" raises
``ExerciseNotPassed``, so an instructor notebook whose solution breaks fails nbval.
"""

import importlib
import math
import os
import re
from dataclasses import dataclass, field

from helpers.exercises.answers import Function, Unreadable, is_blank

STRICT_ENV = "AIR_ENCOUNTERS_STRICT"
UNANSWERED, CORRECT, NOT_YET, BROKEN = "not answered yet", "correct", "not yet", "check failed"

_REGISTRY = {}
_RESULTS = {}  # exercise id -> status of its latest check in this session


class ExerciseNotPassed(AssertionError):
    """Raised in strict mode when a check does not say "correct"."""


def strict():
    """True when ``AIR_ENCOUNTERS_STRICT=1``: a check that is not "correct" raises."""
    return os.environ.get(STRICT_ENV, "") == "1"


@dataclass
class Mistake:
    """A known mistake: ``test(t)`` is true for it (``t`` is a ``Trial``); ``hint`` says what to fix."""

    hint: str
    test: object


@dataclass
class Exercise:
    """One exercise of a lesson.

    - ``id``: ``"NN.K"`` (lesson NN, exercise K); ``title``: a few words, shown in the report.
    - ``parts``: ``{name: kind}``; the first part is ``"answer"`` (the positional argument of check).
    - ``expected(g)``: ``{part: value}`` computed from ``data/`` (``g``: the givens); for a
      ``Function`` part, the reference function.
    - ``givens``: parameters the notebook may pass to the check (e.g. an assumed depth), with defaults.
    - ``cases(g)``: the inputs a ``Function`` part is called with.
    - ``mistakes``: ``Mistake`` list, checked in order when the answer is not right.
    - ``hint``: the generic hint, last; ``part_hints``: the generic hint of each part.
    - ``praise``: what a correct verdict says was checked (never a number from the answer).
    - ``intro(g)``: optional text shown above the widget (what is given, never the answer).
    """

    id: str
    title: str
    parts: dict
    expected: object
    hint: str
    praise: str
    mistakes: list = field(default_factory=list)
    givens: dict = field(default_factory=dict)
    cases: object = None
    part_hints: dict = field(default_factory=dict)
    intro: object = None
    widget_parts: dict = field(default_factory=dict)

    def __post_init__(self):
        if next(iter(self.parts)) != "answer":
            raise ValueError(f"exercise {self.id}: the first part must be called 'answer'")
        _REGISTRY[self.id] = self


class Trial:
    """What a mistake test sees: ``a`` (the answers, read), ``e`` (expected), ``g`` (givens), ``cases``.

    For a ``Function`` part, ``a[part]`` and ``e[part]`` are the lists of outputs on ``cases``.
    """

    def __init__(self, exercise, answers, expected, givens, cases):
        self.exercise, self.a, self.e, self.g, self.cases = exercise, answers, expected, givens, cases

    def near(self, part, value, *, rel=0.01, tol=None):
        """True when part ``part`` of the answer is within ``rel`` (or the part's tolerance) of ``value``."""
        got = self.a[part]
        kind = self.exercise.parts[part]
        if isinstance(kind, Function):
            wanted = [float(value(*args)) for args in self.cases] if callable(value) else value
            return all(_near(x, y, rel, tol) for x, y in zip(got, wanted))
        slack = max(getattr(kind, "tol", 0.0), tol or 0.0)
        return _near(got, value, rel, slack)

    def like(self, part, wrong_fn, *, rel=1e-3):
        """For a ``Function`` part: True when the student's outputs match ``wrong_fn`` on every case."""
        try:
            wanted = [float(wrong_fn(*args)) for args in self.cases]
        except (ArithmeticError, ValueError):
            return False
        return all(_near(x, y, rel, 1e-9) for x, y in zip(self.a[part], wanted))


def _near(x, y, rel, tol):
    if not (isinstance(x, (int, float)) and isinstance(y, (int, float))) or math.isnan(y):
        return False
    return abs(x - y) <= (tol or 0.0) + rel * abs(y) + 1e-12


@dataclass
class Verdict:
    """The outcome of one check: ``status`` (``"correct"``, ``"not yet"``, ``"not answered yet"``,
    ``"check failed"``), the ``message`` shown with it, and the exercise's ``id`` and ``title``.
    ``bool(verdict)`` is True only when correct."""

    exercise_id: str
    title: str
    status: str
    message: str
    _reported: bool = False

    def __bool__(self):
        return self.status == CORRECT

    @property
    def correct(self):
        return self.status == CORRECT

    @property
    def text(self):
        from helpers.exercises.report import verdict_text

        return verdict_text(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        from helpers.exercises.report import verdict_html

        return {"text/plain": self.text, "text/html": verdict_html(self)}

    def _ipython_display_(self):
        # check() has already shown this verdict once; a verdict left as a cell's last value is not shown twice
        if self._reported:
            self._reported = False
            return
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def __repr__(self):
        return self.text


def lesson_of(exercise_id):
    """``"02"`` for ``"02.3"``."""
    return str(exercise_id).split(".")[0]


def load_lesson(lesson):
    """Import ``helpers/exercises/lesson_NN.py`` (which registers its exercises) and return its exercises."""
    lesson = f"{int(lesson):02d}" if str(lesson).isdigit() else str(lesson)
    importlib.import_module(f"helpers.exercises.lesson_{lesson}")
    return [ex for key, ex in sorted(_REGISTRY.items(), key=lambda kv: _sort_key(kv[0])) if lesson_of(key) == lesson]


def _sort_key(exercise_id):
    lesson, _, number = exercise_id.partition(".")
    return (lesson, int(number) if number.isdigit() else 0, number)


def get(exercise_id):
    """The registered exercise ``exercise_id`` (its lesson module is imported on first use)."""
    exercise_id = str(exercise_id)
    if exercise_id not in _REGISTRY:
        try:
            load_lesson(lesson_of(exercise_id))
        except ModuleNotFoundError:
            pass
    if exercise_id not in _REGISTRY:
        raise KeyError(f"no exercise {exercise_id!r}: exercises are defined in helpers/exercises/lesson_NN.py")
    return _REGISTRY[exercise_id]


def _freeze(givens):
    return tuple(sorted((k, repr(v)) for k, v in givens.items()))


class _Cache(dict):
    """Expected values by (exercise id, givens); ``cache_clear`` as functools caches have it."""

    def cache_clear(self):
        self.clear()


_CACHE = _Cache()


def _expected(exercise, givens):
    """``(expected, cases)`` for ``exercise`` with ``givens``, computed once per session."""
    key = (exercise.id, tuple(sorted((k, repr(v)) for k, v in givens.items())))
    if key not in _CACHE:
        if not _CACHE:
            _register_with_data()
        expected = dict(exercise.expected(givens))
        cases = list(exercise.cases(givens)) if exercise.cases is not None else []
        for name, kind in exercise.parts.items():
            if isinstance(kind, Function):
                expected[name] = [float(expected[name](*args)) for args in cases]
        _CACHE[key] = expected, cases
    return _CACHE[key]


def _register_with_data():
    from helpers import data

    register = getattr(data, "register_cache", None)
    if register is not None and not getattr(_CACHE, "registered", False):
        register(_CACHE)
        _CACHE.registered = True


def clear_cache():
    """Forget the expected values computed so far (e.g. after the data changed)."""
    _CACHE.cache_clear()


def _returns_placeholder(kind, value, exercise, givens):
    """True for a ``Function`` answer still returning the template's ``...`` (not answered yet)."""
    if not (isinstance(kind, Function) and callable(value)):
        return False
    _, cases = _expected(exercise, givens)
    try:
        return bool(cases) and value(*cases[0]) is ...
    except Exception:  # a half-written function that raises is judged (and explained) as an answer
        return False


def judge(exercise, answers, givens):
    """The ``Verdict`` for ``answers`` (``{part: raw value}``); does not report and does not raise."""
    missing = [name for name, kind in exercise.parts.items()
               if is_blank(answers.get(name, ...)) or _returns_placeholder(kind, answers.get(name), exercise, givens)]
    if missing:
        if len(missing) == len(exercise.parts):
            message = "Replace the `...` with your answer (or use the widget), then run the check again."
        else:
            names = ", ".join(exercise.parts[m].label for m in missing)
            message = f"Part of the answer is still missing: {names}. Fill it in, then run the check again."
        return Verdict(exercise.id, exercise.title, UNANSWERED, message)
    expected, cases = _expected(exercise, givens)
    read = {}
    for name, kind in exercise.parts.items():
        try:
            value = kind.read(answers[name])
            read[name] = kind.outputs(value, cases) if isinstance(kind, Function) else value
        except Unreadable as err:
            message = str(err)
            return Verdict(exercise.id, exercise.title, NOT_YET, message[:1].upper() + message[1:])
    right = {name: kind.same(read[name], expected[name]) for name, kind in exercise.parts.items()}
    if all(right.values()):
        return Verdict(exercise.id, exercise.title, CORRECT, exercise.praise)
    trial = Trial(exercise, read, expected, givens, cases)
    for mistake in exercise.mistakes:
        try:
            hit = mistake.test(trial)
        except (ArithmeticError, ValueError, TypeError, KeyError, IndexError):
            hit = False
        if hit:
            return Verdict(exercise.id, exercise.title, NOT_YET, mistake.hint)
    wrong = [name for name, ok in right.items() if not ok]
    if len(exercise.parts) > 1:
        good = [exercise.parts[n].label for n, ok in right.items() if ok]
        lines = [f"{', '.join(good).capitalize()}: right." if good else ""]
        lines += [exercise.part_hints.get(n, f"{exercise.parts[n].label.capitalize()}: not yet.") for n in wrong]
        if not any(n in exercise.part_hints for n in wrong):
            lines.append(exercise.hint)
        return Verdict(exercise.id, exercise.title, NOT_YET, " ".join(x for x in lines if x))
    return Verdict(exercise.id, exercise.title, NOT_YET, exercise.part_hints.get(wrong[0], exercise.hint))


def check(exercise_id, answer=..., /, **parts):
    """Judge the answer to exercise ``exercise_id``, show the verdict, and return it (a ``Verdict``).

    ``answer`` is the main answer; other parts and givens by name, e.g.
    ``check("02.2", answer_fix_nmi, inside=answer_fix_inside)``. Never raises for a student; in
    strict mode (``AIR_ENCOUNTERS_STRICT=1``) a verdict other than "correct" raises.
    """
    try:
        exercise = get(exercise_id)
        unknown = set(parts) - set(exercise.parts) - set(exercise.givens)
        if unknown:
            raise TypeError(f"exercise {exercise_id} has no part {sorted(unknown)}; "
                            f"its parts: {list(exercise.parts)}, givens: {list(exercise.givens)}")
        givens = {**exercise.givens, **{k: v for k, v in parts.items() if k in exercise.givens}}
        answers = {"answer": answer, **{k: v for k, v in parts.items() if k in exercise.parts}}
        verdict = judge(exercise, answers, givens)
    except Exception as err:
        if strict():
            raise
        title = _REGISTRY[exercise_id].title if exercise_id in _REGISTRY else ""
        verdict = Verdict(str(exercise_id), title, BROKEN,
                          f"The check itself could not run ({type(err).__name__}: {err}). Re-run the cells "
                          "above this one (Run > Run All Above Selected Cell); if it persists, tell your instructor.")
    if verdict.status != UNANSWERED or verdict.exercise_id not in _RESULTS:
        _RESULTS[verdict.exercise_id] = verdict.status  # an empty answer cell does not undo a widget's answer
    report(verdict)
    if strict() and not verdict.correct:
        raise ExerciseNotPassed(f"exercise {verdict.exercise_id}: {verdict.status}: {verdict.message}")
    return verdict


def report(verdict):
    """Show ``verdict`` as HTML with a text/plain twin (a terminal or screen reader gets the text)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is None or get_ipython() is None:  # plain Python, no notebook: print the text
        print(verdict.text)
        return
    display(verdict._repr_mimebundle_(), raw=True)
    verdict._reported = True


def results():
    """``{exercise id: status}`` of the checks run in this session (a copy)."""
    return dict(_RESULTS)


def is_exercise_id(text):
    return bool(re.fullmatch(r"\d\d\.\d+[a-z]?", str(text)))
