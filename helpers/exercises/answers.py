"""Kinds of answer an exercise asks for, and how typed answers are read before judging.

Each kind turns what a student wrote (a number, ``"13.8 nmi"``, ``'no'``, ``"russian mod"``, a
time, a function) into one value the check can compare, or raises ``Unreadable`` with a plain
message ("type a number, without quotes"). ``...`` (the placeholder) and ``""`` / ``None`` (an
empty widget) mean "not answered yet".
"""

import math
import numbers
import re
import unicodedata


class Unreadable(ValueError):
    """The answer cannot be read as the kind asked for; the message says what to type instead."""


def is_blank(value):
    """True for the placeholder ``...``, ``None`` and an empty or blank string."""
    return value is ... or value is None or (isinstance(value, str) and not value.strip())


def _scalar(value):
    """A one-element array, Series or 0-d numpy value as a plain Python object; other values unchanged."""
    size = getattr(value, "size", None)
    if size == 1 and hasattr(value, "item") and not isinstance(value, str):
        try:
            return value.item()
        except (ValueError, TypeError):
            return value
    if hasattr(value, "__len__") and hasattr(value, "iloc") and len(value) == 1:
        return value.iloc[0]
    return value


class Kind:
    """Base class: ``label`` names the part in messages, e.g. "the distance"."""

    label = "the answer"

    def read(self, value):
        return value

    def same(self, got, expected):
        return got == expected

    def describe(self):
        """What to type, for the widget's placeholder and for messages."""
        return "an answer"


_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*([^\d\s].*)?$")


class Number(Kind):
    """A number, compared within ``tol`` (absolute, in ``unit``) or ``rel`` (a fraction of the expected value).

    ``unit`` is the unit the question asks for (e.g. ``"nmi"``); a typed answer may carry it
    (``"13.8 nmi"``) or one of its ``unit_aliases``; any other unit is refused with a message.
    """

    UNIT_ALIASES = {
        "nmi": ("nmi", "nm", "nautical miles", "nautical mile", "nautical mi"),
        "km": ("km", "kilometres", "kilometers", "kilometre", "kilometer"),
        "ft": ("ft", "feet", "foot", "'"),
        "kt": ("kt", "kts", "knots", "knot", "kn"),
        "min": ("min", "mins", "minutes", "minute", "'"),
        "s": ("s", "sec", "secs", "seconds", "second"),
        "h": ("h", "hr", "hrs", "hours", "hour"),
        "deg": ("deg", "degrees", "degree", "°"),
        "incidents": ("incidents", "incident"),
    }

    def __init__(self, unit=None, *, tol=0.0, rel=0.0, integer=False, label="the number"):
        self.unit, self.tol, self.rel, self.integer, self.label = unit, tol, rel, integer, label

    def describe(self):
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} in {self.unit}" if self.unit and self.unit != "incidents" else kind

    def read(self, value):
        value = _scalar(value)
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            raise Unreadable(f"{self.label}: {value} is a yes/no value; type {self.describe()}, without quotes.")
        if isinstance(value, numbers.Real):
            number = float(value)
        elif isinstance(value, str):
            number = self._parse(value)
        elif hasattr(value, "distance_nmi"):
            raise Unreadable(f"{self.label}: that is a whole result object ({type(value).__name__}); "
                             "take the number out of it, e.g. with `.distance_nmi`.")
        elif callable(value):
            raise Unreadable(f"{self.label}: that is a function; call it and give the number it returns.")
        elif hasattr(value, "__len__"):
            raise Unreadable(f"{self.label}: that holds {len(value)} values; pick the one number the question asks for.")
        else:
            raise Unreadable(f"{self.label}: {type(value).__name__} is not a number; type {self.describe()}.")
        if math.isnan(number) or math.isinf(number):
            raise Unreadable(f"{self.label}: that is not a finite number; type {self.describe()}.")
        if self.integer and abs(number - round(number)) > 1e-9:
            raise Unreadable(f"{self.label}: the question asks for a whole number (a count).")
        return number

    def _parse(self, text):
        match = _NUMBER.match(text.replace("\u2212", "-"))
        if not match:
            raise Unreadable(f"{self.label}: could not read {text.strip()[:40]!r} as a number; "
                             f"type {self.describe()}, e.g. {'12' if self.integer else '12.5'}, without quotes.")
        digits, unit = match.group(1), (match.group(2) or "").strip().lower().rstrip(".")
        if "," in digits:
            if "." in digits or len(digits.split(",")[-1]) == 3:
                raise Unreadable(f"{self.label}: write the number with a decimal point and no thousands "
                                 "separator, e.g. 1234.5.")
            digits = digits.replace(",", ".")
        if unit:
            allowed = self.UNIT_ALIASES.get(self.unit, (self.unit,)) if self.unit else ()
            if unit not in allowed:
                asked = f"in {self.unit}" if self.unit else "without a unit"
                raise Unreadable(f"{self.label}: the question asks for the number {asked}; "
                                 f"{unit!r} is not that unit (convert first).")
        return float(digits)

    def same(self, got, expected):
        return abs(got - expected) <= self.tol + self.rel * abs(expected) + 1e-12


class Boolean(Kind):
    """True or False; also typed as ``'yes'``/``'no'``, ``'true'``/``'false'`` or the words given."""

    TRUE = ("true", "yes", "y", "t", "1")
    FALSE = ("false", "no", "n", "f", "0")

    def __init__(self, *, true_words=(), false_words=(), label="the yes/no answer"):
        self.true_words = self.TRUE + tuple(w.lower() for w in true_words)
        self.false_words = self.FALSE + tuple(w.lower() for w in false_words)
        self.label = label

    def describe(self):
        return "True or False"

    def read(self, value):
        value = _scalar(value)
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return bool(value)
        if isinstance(value, numbers.Integral) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            word = value.strip().strip("'\"").strip().lower()
            if word in self.true_words:
                return True
            if word in self.false_words:
                return False
        raise Unreadable(f"{self.label}: type True or False (without quotes), or 'yes' / 'no'.")


def canonical_text(text):
    """Text folded for comparing names: case, accents, dots, hyphens, apostrophes and spacing ignored."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"[.'\u2019`\"]", "", text.casefold())
    text = re.sub(r"[-_/,;:()&]+", " ", text)
    text = re.sub(r"\bdefense\b", "defence", text)
    return " ".join(text.split())


class Name(Kind):
    """One of a few names (``choices``, a callable giving them), in any case and spacing, or an alias.

    ``aliases`` maps each accepted other spelling to its name (e.g. ``"Russian MoD"`` ->
    ``"Russian Defence Ministry"``). A name that is none of them is refused with the list of choices.
    """

    def __init__(self, choices, *, aliases=None, label="the name", show_choices=True, options=None):
        self._choices, self.aliases, self.label, self.show_choices = choices, aliases or {}, label, show_choices
        self._options = options  # what the answer form offers (default: the choices)

    def options(self):
        """The names the answer form offers (the real candidates, without decoys kept for hints)."""
        chosen = self._options if self._options is not None else self._choices
        return list(chosen() if callable(chosen) else chosen)

    def choices(self):
        return list(self._choices() if callable(self._choices) else self._choices)

    def describe(self):
        return "one of the names"

    def read(self, value):
        value = _scalar(value)
        if not isinstance(value, str):
            raise Unreadable(f"{self.label}: type the name as text, in quotes, e.g. \"{self.options()[0]}\".")
        wanted = canonical_text(value)
        for name in self.choices():
            if canonical_text(name) == wanted:
                return name
        for alias, name in self.aliases.items():
            if canonical_text(alias) == wanted:
                return name
        listed = "; ".join(f'"{c}"' for c in self.options())
        more = f" Write one of: {listed}." if self.show_choices else ""
        raise Unreadable(f"{self.label}: {value.strip()[:60]!r} is not one of the names in the question.{more}")


class Time(Kind):
    """A moment in UTC: a pandas/datetime timestamp or text like ``"10:30:54"`` or ``"2019-03-20 10:30"``.

    ``day`` (a callable giving a timestamp) supplies the date when only a clock time is typed.
    ``tol_s`` is the tolerance in seconds.
    """

    def __init__(self, *, day=None, tol_s=0.0, label="the time"):
        self.day, self.tol_s, self.label = day, tol_s, label

    def describe(self):
        return "a time in UTC, e.g. 10:30:00"

    def read(self, value):
        import pandas as pd

        value = _scalar(value)
        try:
            if isinstance(value, str) and re.fullmatch(r"\s*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(utc|z)?\s*", value, re.I):
                if self.day is None:
                    raise Unreadable(f"{self.label}: give the date too, e.g. 2019-03-20 10:30:00.")
                clock = re.sub(r"(?i)\s*(utc|z)\s*$", "", value.strip())
                stamp = pd.Timestamp(f"{pd.Timestamp(self.day()):%Y-%m-%d} {clock}")
            elif isinstance(value, numbers.Real) or isinstance(value, bool):
                raise Unreadable(f"{self.label}: that is a number; give a time, e.g. \"10:30:00\" (in quotes).")
            else:
                stamp = pd.Timestamp(value)
        except Unreadable:
            raise
        except (ValueError, TypeError):
            raise Unreadable(f"{self.label}: could not read {str(value)[:40]!r} as a time; "
                             "type it like \"10:30:00\" (UTC, in quotes).") from None
        if stamp is pd.NaT:
            raise Unreadable(f"{self.label}: that is an empty time (NaT).")
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")

    def same(self, got, expected):
        return abs((got - expected).total_seconds()) <= self.tol_s + 1e-6


class Function(Kind):
    """A function the student wrote; the check calls it on ``cases`` and compares with a reference.

    ``args`` names the parameters (for messages). Each output is compared as a Number with ``tol``
    / ``rel``.
    """

    def __init__(self, args, *, tol=0.0, rel=1e-6, label="your function", forbidden=()):
        self.args, self.tol, self.rel, self.label = tuple(args), tol, rel, label
        self.forbidden = tuple(forbidden)  # helper names the function must not call (it is what it is checked against)
        self.number = Number(tol=tol, rel=rel, label=label)

    def describe(self):
        return f"a function of ({', '.join(self.args)})"

    def read(self, value):
        if not callable(value):
            if isinstance(value, (numbers.Real, str)):
                raise Unreadable(f"{self.label}: the answer is a function, not a number; write "
                                 f"`def name({', '.join(self.args)}): return ...` and give its name.")
            raise Unreadable(f"{self.label}: the answer is a function of ({', '.join(self.args)}).")
        used = sorted(set(self.forbidden) & _names_used(value))
        if used:
            raise Unreadable(f"{self.label} calls {', '.join(used)}, which is what the check compares with: "
                             "write the formula yourself.")
        return value

    def outputs(self, fn, cases):
        """``fn`` called on every case: a list of floats, or raises Unreadable with a plain message."""
        out = []
        for args in cases:
            try:
                result = fn(*args)
            except Exception as err:  # a student's function may raise anything; say it plainly
                shown = ", ".join(_short(a) for a in args)
                raise Unreadable(f"{self.label} raised {type(err).__name__} ({str(err)[:120]}) when called with "
                                 f"({shown}).") from None
            try:
                out.append(self.number.read(result))
            except Unreadable:
                raise Unreadable(f"{self.label} should return one number; it returned "
                                 f"{type(result).__name__} {_short(result)}.") from None
        return out

    def same(self, got, expected):
        return len(got) == len(expected) and all(self.number.same(g, e) for g, e in zip(got, expected))


def _names_used(fn):
    """The global and attribute names a function's code uses (nested functions included)."""
    code = getattr(fn, "__code__", None)
    names, stack = set(), [code] if code is not None else []
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
    return names


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
