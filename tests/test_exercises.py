"""The check mechanism itself (helpers/exercises): reading answers, verdicts, strict mode, forms, progress.

The lessons' own exercises are tried in tests/test_exercise_trials.py, in the student edition.
"""

import pandas as pd
import pytest

from helpers import exercises
from helpers.exercises import core
from helpers.exercises.answers import Boolean, Function, Name, Number, Time, Unreadable, canonical_text

TOY = core.Exercise(
    id="99.1", title="toy", parts={"answer": Number("nmi", tol=0.05), "inside": Boolean(true_words=("inside",))},
    expected=lambda g: {"answer": 12.0 * g["scale"], "inside": True},
    givens={"scale": 1.0},
    mistakes=[core.Mistake("that is in km", lambda t: t.near("answer", 12.0 * t.g["scale"] * 1.852))],
    hint="generic hint", praise="checked both parts",
)
FUNC = core.Exercise(
    id="99.2", title="toy function", parts={"answer": Function(("x",))},
    expected=lambda g: {"answer": lambda x: 2 * x}, cases=lambda g: [(1.0,), (2.5,), (-3.0,)],
    mistakes=[core.Mistake("you forgot the factor 2", lambda t: t.like("answer", lambda x: x))],
    hint="generic", praise="your function doubles",
)


@pytest.fixture
def student(monkeypatch):
    monkeypatch.setenv(core.STRICT_ENV, "0")


@pytest.mark.parametrize("typed, number", [("13.8", 13.8), (" 13.8 nmi ", 13.8), ("13,8", 13.8), ("3", 3.0),
                                           ("-2.5e1", -25.0), ("12 NM", 12.0), (pd.Series([4.0]), 4.0)])
def test_numbers_typed_as_text_or_wrapped_are_read(typed, number):
    assert Number("nmi").read(typed) == number


@pytest.mark.parametrize("typed, phrase", [("13.8 km", "not that unit"), ("three", "without quotes"),
                                           (True, "yes/no"), ("1,234", "thousands"), ([1, 2], "2 values"),
                                           (float("nan"), "finite")])
def test_unreadable_numbers_get_a_plain_message(typed, phrase):
    with pytest.raises(Unreadable, match=phrase):
        Number("nmi").read(typed)


@pytest.mark.parametrize("typed, value", [(True, True), ("False", False), ("no", False), ("YES", True),
                                          ("'True'", True), (0, False), ("inside", True)])
def test_booleans_in_words(typed, value):
    assert Boolean(true_words=("inside",)).read(typed) is value


def test_names_ignore_case_spacing_punctuation_and_know_aliases():
    kind = Name(["Russian Defence Ministry", "U.S. Navy"], aliases={"Russian MoD": "Russian Defence Ministry"})
    assert kind.read("  russian   defense ministry ") == "Russian Defence Ministry"
    assert kind.read("us navy") == "U.S. Navy"
    assert kind.read("Russian M.o.D.") == "Russian Defence Ministry"
    for partial in ("sian", "Ministry", "Navy"):
        with pytest.raises(Unreadable):
            kind.read(partial)
    assert canonical_text("U.S.-Navy") == "us navy"


def test_times_with_or_without_a_date():
    day = pd.Timestamp("2019-03-20", tz="UTC")
    kind = Time(day=lambda: day, tol_s=0)
    assert kind.read("10:30:54") == pd.Timestamp("2019-03-20 10:30:54", tz="UTC")
    assert kind.read(pd.Timestamp("2019-03-20 10:30:54")) == kind.read("10:30:54 UTC")
    with pytest.raises(Unreadable):
        kind.read(1030)


def test_verdicts_and_hints_in_order(student):
    assert exercises.check("99.1").status == core.UNANSWERED
    assert "missing" in exercises.check("99.1", 12.0).message
    assert exercises.check("99.1", "12.03 nmi", inside="yes").correct
    assert exercises.check("99.1", 12 * 1.852, inside=True).message == "that is in km"
    wrong = exercises.check("99.1", 12.0, inside=False)
    assert wrong.status == core.NOT_YET and "right" in wrong.message and "12" not in wrong.message
    assert exercises.check("99.1", 24.0, inside=True, scale=2.0).correct, "givens change the expected value"


def test_function_answers_are_called_on_other_inputs(student):
    assert exercises.check("99.2", lambda x: x + x).correct
    assert exercises.check("99.2", lambda x: x).message == "you forgot the factor 2"
    assert "raised ZeroDivisionError" in exercises.check("99.2", lambda x: 1 / 0).message
    assert "function, not a number" in exercises.check("99.2", 2.0).message


def test_never_raises_for_a_student_but_strict_mode_does(monkeypatch):
    monkeypatch.setenv(core.STRICT_ENV, "0")
    assert exercises.check("99.1", 1.0, inside=True).status == core.NOT_YET
    assert exercises.check("99.1", 1.0, no_such_part=1).status == core.BROKEN
    assert exercises.check("00.99", 1).status == core.BROKEN
    monkeypatch.setenv(core.STRICT_ENV, "1")
    with pytest.raises(core.ExerciseNotPassed, match="not yet"):
        exercises.check("99.1", 1.0, inside=True)
    with pytest.raises(core.ExerciseNotPassed, match="not answered"):
        exercises.check("99.1")
    assert exercises.check("99.1", 12.0, inside=True).correct


def test_report_has_html_and_text_twins(student):
    verdict = exercises.check("99.1", 1.0, inside=True)
    bundle = verdict._repr_mimebundle_()
    assert bundle["text/plain"].startswith("\u2717 Exercise 99.1") and 'role="status"' in bundle["text/html"]
    evil = core.Verdict("99.1", "<b>x</b>", core.NOT_YET, "<script>alert(1)</script> `code`")
    assert "<script>" not in evil._repr_mimebundle_()["text/html"]
    assert "<code>code</code>" in evil._repr_mimebundle_()["text/html"]


def test_the_form_calls_the_same_check(student):
    form = exercises.widget("99.1")
    assert form.submit().status == core.UNANSWERED
    form.fields["answer"].value = "12"
    form.fields["inside"].value = True
    assert form.submit().correct
    with pytest.raises(ValueError, match="function"):
        exercises.widget("99.2")


def test_progress_lists_status_without_answers(student):
    exercises.check("00.1", 999)
    text = exercises.progress("00").text()
    assert "00.1" in text and "Not yet" in text and "00.2" in text
    exercises.check("00.1")  # an empty cell run later does not undo an answer
    assert core.results()["00.1"] == core.NOT_YET
