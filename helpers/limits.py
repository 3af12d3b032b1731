"""Distances in nautical miles as the law texts of ``data/law.csv`` state them.

A lesson that argues with "12 nmi", "3 nmi short of the median line" or "a six nautical mile
corridor" takes the figure from the quoted text itself, so the number on the page is the one the
source wrote::

    limits.limit_nmi("unclos-art3")                 # 12.0 ("not exceeding 12 nautical miles")
    limits.stated_nmi("gulf-of-finland-corridor")   # [3.0, 6.0] ("three nautical miles ... six nautical mile")

A figure is a number (digits, or a word from one to twenty-four) followed by ``nautical mile(s)``,
``nm`` or ``nmi``. Figures in other units are not read.
"""

import re

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen", "twenty", "twenty-one", "twenty-two", "twenty-three", "twenty-four"]
_NUMBER = r"\d+(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True))
_FIGURE = re.compile(rf"\b({_NUMBER})[ -]?(?:nautical[ -]miles?|nmi|nm)\b", re.IGNORECASE)


def _value(word):
    word = word.lower()
    return float(_WORDS.index(word)) if word in _WORDS else float(word)


def stated_nmi(law_id):
    """Every distance in nautical miles (nmi) that the ``text`` of row ``law_id`` of
    ``data/law.csv`` states, in the order of the text (an empty list if it states none)."""
    from helpers import data

    frame = data.law()
    row = frame[frame["id"] == law_id]
    if row.empty:
        raise KeyError(f"no row {law_id!r} in data/law.csv (column id)")
    return [_value(m.group(1)) for m in _FIGURE.finditer(str(row["text"].iloc[0]))]


def limit_nmi(law_id):
    """The one distance in nautical miles (nmi) that row ``law_id`` of ``data/law.csv`` states;
    ValueError naming the row if its text states none or several (use ``stated_nmi`` then)."""
    figures = stated_nmi(law_id)
    if len(figures) != 1:
        raise ValueError(f"data/law.csv row {law_id!r}, column text: expected one distance in nautical "
                         f"miles, found {len(figures)} ({figures}); use limits.stated_nmi")
    return figures[0]
