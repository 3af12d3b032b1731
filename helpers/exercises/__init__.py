"""Exercises a student can trust: one check mechanism for every lesson.

In a notebook::

    from helpers import exercises
    exercises.check("02.2", answer_fix_nmi, inside=answer_fix_inside)  # shows correct / not yet + hint
    exercises.widget("02.1")                                            # answer without code
    exercises.progress("02")                                            # last cell of the lesson

``check`` never raises for a student (a "not yet" is a message, Run All carries on). With
``AIR_ENCOUNTERS_STRICT=1`` (the test suite sets it) anything but "correct" raises, so a broken
solution in the instructor notebook fails nbval.

Each lesson's exercises live in ``helpers/exercises/lesson_NN.py``: the answer kinds
(``answers.py``), the expected values computed from ``data/``, the known mistakes with their hints.
Their trials (blank, wrong, right answers) are in ``tests/exercises/lesson_NN.yaml``.
"""

from helpers.exercises.answers import Boolean, Function, Name, Number, Time, Unreadable
from helpers.exercises.core import (
    BROKEN,
    CORRECT,
    NOT_YET,
    STRICT_ENV,
    UNANSWERED,
    Exercise,
    ExerciseNotPassed,
    Mistake,
    Verdict,
    check,
    clear_cache,
    get,
    load_lesson,
    results,
    strict,
)
from helpers.exercises.report import Progress, progress


def widget(exercise_id, **givens):
    """The no-code answer form of ``exercise_id`` (choices, yes/no, number boxes and a Check button)."""
    from helpers.exercises.forms import widget as make

    return make(exercise_id, **givens)


def choice_widget(exercise_id, options=None, **givens):
    """A form whose main answer is picked from ``options`` (default: the exercise's choices)."""
    from helpers.exercises.forms import choice_widget as make

    return make(exercise_id, options, **givens)


def number_widget(exercise_id, unit=None, **givens):
    """A form whose main answer is a number typed in a box; ``unit`` labels it (e.g. ``"nmi"``)."""
    from helpers.exercises.forms import number_widget as make

    return make(exercise_id, unit, **givens)


__all__ = ["check", "progress", "widget", "choice_widget", "number_widget", "get", "load_lesson", "results",
           "strict", "clear_cache", "Exercise", "Mistake", "Verdict", "Progress", "ExerciseNotPassed",
           "Number", "Boolean", "Name", "Time", "Function", "Unreadable",
           "CORRECT", "NOT_YET", "UNANSWERED", "BROKEN", "STRICT_ENV"]
