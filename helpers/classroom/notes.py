"""The hand-written part of each lesson's instructor page: ``docs/instructor/notes/lesson-NN.md``.

A notes file has three ``##`` sections, written by an instructor::

    ## Projector tips
    ## Talking points
    ## Extra exercises

Facts in notes come from ``data/`` through placeholders, filled in (escaped) when the page is
generated, so a note never states a figure of its own:

- ``{claim:ID}``: who claimed what, in their words, and the source (publisher, kind);
  ``{claim:ID:value}``: only the claimed value and unit; ``{claim:ID:party}``: only the party;
- ``{incident:ID:FIELD}``: one field of data/incidents.csv (e.g. ``title``, ``date_start``);
- ``{law:ID}``: the instrument, article and text of a row of data/law.csv;
- ``{source:ID}``: a citation of data/sources.csv (publisher, title, date, link).

``digits_outside_placeholders(text)`` finds figures typed into a note (the test suite fails on
them): digits are allowed only in placeholders, code spans, exercise ids (``02.3``), names of
aircraft (``RB-47H``) and flights (``KAL 007``), and references such as "Exercise 2", "Sections
1 to 3" or "lesson 05".
"""

import pathlib
import re

from helpers import page
from helpers.classroom import ROOT

NOTES = ROOT / "docs" / "instructor" / "notes"
SECTIONS = ("Projector tips", "Talking points", "Extra exercises")
PLACEHOLDER = re.compile(r"\{(claim|incident|law|source):([A-Za-z0-9_.-]+)(?::([a-z_]+))?\}")
_ALLOWED_DIGITS = re.compile(r"`[^`]*`|\{[a-z]+:[^}]*\}|\b\d\d\.\d+\b|"
                             r"\b[A-Z][A-Za-z]*-\d+[A-Za-z]*\b|\b[A-Z]{2,3} \d{3}\b|"
                             r"\b(?:[Ee]xercises?|[Ss]ections?|[Ll]essons?|[Pp]arts?)\s+\d+(?:\s*(?:-|to|and|,|or)\s*\d+)*")


class NotesError(ValueError):
    """A notes file names something that is not in data/ (the message names file, line and placeholder)."""


def path_of(number, folder=NOTES):
    """``docs/instructor/notes/lesson-NN.md`` for lesson ``NN``."""
    return pathlib.Path(folder) / f"lesson-{number}.md"


def read(number, folder=NOTES):
    """``{section title: text}`` of lesson ``number``'s notes file (``{}`` when it does not exist)."""
    path = path_of(number, folder)
    if not path.exists():
        return {}
    found, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^##\s+(.+?)\s*$", line)
        if heading:
            current = heading.group(1)
            found[current] = []
        elif current is not None:
            found[current].append(line)
    return {title: "\n".join(lines).strip() for title, lines in found.items()}


def digits_outside_placeholders(text):
    """The figures typed into ``text`` (a list of the lines that hold them): digits not in a
    placeholder, a code span, an exercise id or a reference to an exercise, section or lesson."""
    return [line for line in text.splitlines() if re.search(r"\d", _ALLOWED_DIGITS.sub("", line))]


_FILES = {"claim": "claims.csv", "incident": "incidents.csv", "law": "law.csv", "source": "sources.csv"}


def _row(table, key, what, where):
    if key not in table.index:
        raise NotesError(f"{where}: {{{what}:{key}}}: no row with id {key!r} in data/{_FILES[what]}")
    return table.loc[key]


def source_text(source_id):
    """``publisher (kind)`` of a source, the publisher linked to its address; for a cell naming
    several sources ("a;b", a statement carried by several outlets) each of them, joined by "; "."""
    from helpers import data

    table = data.sources().set_index("id")
    rows = [table.loc[s] for s in data.source_ids(source_id)]
    return "; ".join(f"{page.link(row['publisher'], row['url'])} ({page.escape_markdown(row['kind'])})" for row in rows)


def claim_value(row):
    """The claimed value and unit of a claims.csv row, escaped ("" when it has none)."""
    value = "" if row["value"] is None or str(row["value"]) in ("", "nan") else str(row["value"])
    unit = "" if row["unit"] is None or str(row["unit"]) in ("", "nan", "yes/no", "text", "count") else str(row["unit"])
    return page.escape_markdown(f"{value} {unit}".strip())


def expand(text, where="notes"):
    """``text`` with every placeholder filled in from data/ (escaped); ``NotesError`` for an unknown id."""
    from helpers import data

    def fill(match, where):
        what, key, field = match.groups()
        if what == "claim":
            row = _row(data.claims().set_index("id"), key, what, where)
            if field == "value":
                return claim_value(row)
            if field == "party":
                return page.escape_markdown(row["party"])
            if field:
                raise NotesError(f"{where}: {match.group(0)}: a claim placeholder takes ':value', ':party' or nothing")
            return (f"{page.escape_markdown(row['party'])}: \u201c{page.escape_markdown(row['quote'])}\u201d "
                    f"({source_text(row['source_id'])})")
        if what == "incident":
            row = _row(data.incidents().set_index("id"), key, what, where)
            field = field or "title"
            if field not in row.index:
                raise NotesError(f"{where}: {match.group(0)}: data/incidents.csv has no column {field!r}")
            value = row[field]
            return page.escape_markdown(f"{value:%Y-%m-%d}" if hasattr(value, "strftime") else value)
        if what == "law":
            row = _row(data.law().set_index("id"), key, what, where)
            return (f"{page.escape_markdown(row['instrument'])} {page.escape_markdown(row['article'])}: "
                    f"\u201c{page.escape_markdown(row['text'])}\u201d")
        row = _row(data.sources().set_index("id"), key, what, where)
        return f"{page.link(row['publisher'], row['url'])}, \u201c{page.escape_markdown(row['title'])}\u201d " \
               f"({page.escape_markdown(row['date'])})"

    out = []
    for number, line in enumerate(text.splitlines(), 1):
        where_line = f"{where}, line {number}"
        out.append(PLACEHOLDER.sub(lambda m, at=where_line: fill(m, at), line) if "{" in line else line)
        leftover = re.search(r"\{(claim|incident|law|source):[^}]*\}", out[-1])
        if leftover:
            raise NotesError(f"{where_line}: {leftover.group(0)}: not a placeholder (write {{claim:ID}}, "
                             "{claim:ID:value}, {incident:ID:FIELD}, {law:ID} or {source:ID})")
    return "\n".join(out)
