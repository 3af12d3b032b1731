"""Answer notes for the instructor guide: what each exercise's check accepts, and how it is derived.

Every value comes from the exercise definitions (``helpers/exercises/lesson_NN.py``), which
compute their expected values from ``data/``: ``expected_values(exercise, givens)`` asks the same
code the self-check uses. A number is printed with the fewest decimals (at least one, or none for
a count) that the check itself still accepts, so the page shows an answer a student could type.
Text from data (a track's or a party's name) is escaped for Markdown.
"""

import math
import numbers

from helpers import page
from helpers.exercises import answers, core


def expected_values(exercise, givens):
    """``(expected, cases)`` as the check computes them: ``{part: value}`` (for a ``Function``
    part, the reference outputs on ``cases``) and the inputs a function is called with."""
    expected, cases = core._expected(exercise, givens)
    return dict(expected), list(cases)


def _number_kind(kind):
    """The ``answers.Number`` that judges ``kind``'s numbers (a Function's outputs, a distance-or-words)."""
    if isinstance(kind, answers.Number):
        return kind
    return getattr(kind, "number", None)


def shown_number(kind, value):
    """``value`` as the shortest text (fewest decimals, at least one unless the answer is a count) that
    ``kind`` reads and judges the same as ``value``; ``None`` when no rounding is accepted."""
    start = 0 if getattr(_number_kind(kind) or kind, "integer", False) or float(value).is_integer() else 1
    for decimals in range(start, 13):
        text = f"{value:.{decimals}f}"
        try:
            if kind.same(kind.read(text), value):
                return text
        except answers.Unreadable:
            return None
    return None


def shown_output(number_kind, value):
    """A function's reference output with the fewest decimals its ``Number`` accepts."""
    for decimals in range(0, 13):
        text = f"{value:.{decimals}f}"
        if number_kind.same(number_kind.read(text), value):
            return text
    return repr(float(value))


def tolerance_text(kind, value):
    """What the check lets pass around ``value``, e.g. "within 0.1 nmi", or "" when it has its own rule."""
    number = _number_kind(kind)
    if number is None or type(number).same is not answers.Number.same:
        return ""
    unit = f" {number.unit}" if number.unit and number.unit != "incidents" else ""
    if number.integer or (number.tol == 0 and number.rel == 0):
        return "exactly"
    slack = number.tol + number.rel * abs(value)
    parts = [f"{number.tol:g}{unit}"] if number.tol else []
    parts += [f"{number.rel * 100:g} %"] if number.rel else []
    return f"within {' + '.join(parts)}: {value - slack:.{_decimals(slack)}f} to {value + slack:.{_decimals(slack)}f}"


def _decimals(slack):
    return max(1, min(6, 1 - math.floor(math.log10(slack)))) if slack > 0 else 1


def argument_text(value):
    """One input of a function's test case, shortly (a table as its row count and constant columns)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Real):
        return f"{float(value):g}"
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(argument_text(v) for v in value) + ")"
    if hasattr(value, "columns") and hasattr(value, "nunique"):
        constant = [f"{c} = {argument_text(value[c].iloc[0])}" for c in value.columns
                    if len(value) and value[c].nunique() == 1 and isinstance(value[c].iloc[0], numbers.Real)]
        return f"a table of {len(value)} rows ({', '.join(map(str, value.columns))})" + (
            f"; {', '.join(constant)}" if constant else "")
    if hasattr(value, "isoformat"):
        return page.escape_markdown(value.isoformat())
    return page.escape_markdown(str(value)[:60])


def value_text(kind, value):
    """The accepted value of one part, as Markdown: bold (what a student could type) and a note."""
    if isinstance(value, bool):
        return f"**{value}** ({'yes' if value else 'no'})"
    if isinstance(value, numbers.Real):
        shown = shown_number(kind, float(value))
        number = _number_kind(kind)
        unit = f" {number.unit}" if number is not None and number.unit and number.unit != "incidents" else ""
        if shown is None:
            return f"**{float(value)!r}**{unit}"
        tolerance = tolerance_text(kind, float(value))
        return f"**{shown}**{unit}" + (f" (the check accepts it {tolerance})" if tolerance else "")
    if hasattr(value, "strftime"):
        text = f"{value:%Y-%m-%d %H:%M:%S} UTC"
        slack = getattr(kind, "tol_s", 0)
        return f"**{text}**" + (f" (within {slack / 3600:g} h)" if slack >= 3600 else
                                f" (within {slack:g} s)" if slack else "")
    if isinstance(value, str):
        return f"**{page.escape_markdown(value)}**"
    if isinstance(value, dict):
        return "no single value; the check compares the answer with these " + "; ".join(
            f"{page.escape_markdown(k)}: {_plain(v)}" for k, v in value.items())
    return _plain(value)


def _plain(value):
    """A list or mapping from an expected value, as escaped text (each name in bold)."""
    if isinstance(value, dict):
        label = value.get("publisher") or value.get("name") or value.get("id")
        if label is not None:
            return f"**{page.escape_markdown(label)}**" + (f" ({page.escape_markdown(value['id'])})"
                                                            if "id" in value and value["id"] != label else "")
        return ", ".join(f"{page.escape_markdown(k)} {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value) or "(none)"
    return f"**{page.escape_markdown(value)}**"


def function_table(kind, outputs, cases):
    """Markdown table: each test case the check calls the student's function with, and the reference output."""
    number = _number_kind(kind)
    lines = ["| " + " | ".join(f"`{a}`" for a in kind.args) + " | the reference function returns |",
             "|" + "---|" * (len(kind.args) + 1)]
    for args, out in zip(cases, outputs):
        cells = [argument_text(a).replace("|", "\\|") for a in args]
        lines.append("| " + " | ".join(cells) + f" | **{shown_output(number, out)}** |")
    relative = f"within {number.rel * 100:g} % of each" if number.rel else "exactly"
    return "\n".join(lines) + f"\n\nThe check calls the function on these {len(cases)} inputs and accepts it " \
                              f"when every output is {relative}" + (f" (or within {number.tol:g})" if number.tol else "") + "."
