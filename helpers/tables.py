"""The one reader of the kit's data files, shared by the loader (``helpers.data``) and the
validator (``helpers.validate``), so both see exactly the same table.

A CSV file is read as text (UTF-8, an optional byte-order mark), split into records by the
``csv`` module (a quoted field may hold a line break), and each cell is converted by its
column's kind with the strict rules below. Nothing is guessed: no cell is ever turned into a
missing value except an empty one, so ``NA``, ``null`` or ``None`` stay text.

- ``number``, ``lat``, ``lon``: ASCII digits, an optional sign, ``.`` for decimals, an optional
  exponent (``61.25``, ``-3``, ``1e3``). No spaces, ``_``, ``,`` or other digits.
- ``date``: ``YYYY-MM-DD``; ``partial_date``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (kept as text).
- ``time_utc``: ISO 8601 with seconds and a zone, ``2020-06-10T05:30:00Z`` or ``...+00:00``.
- every other kind is text.

``parse_csv`` returns the typed frame, the raw text of every cell, the line each row starts on
and the problems found; the validator adds the checks of meaning on top.
"""

import csv
import datetime as dt
import io
import json
import math
import os
import pathlib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?")
FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters


def default_data_dir():
    """The data folder: ``$AIR_ENCOUNTERS_DATA`` if set, else ``data/`` next to the ``helpers`` package."""
    return pathlib.Path(os.environ.get("AIR_ENCOUNTERS_DATA", pathlib.Path(__file__).resolve().parent.parent / "data"))


@dataclass
class Problem:
    """One thing wrong in one place. ``row`` counts data rows from 1; ``line`` is the line of the
    file the row starts on (they differ after a quoted field that holds a line break)."""

    file: str
    message: str
    row: int = None
    column: str = None
    value: str = None
    line: int = None

    def __str__(self):
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.line if self.line is not None else self.row + 1})"
        if self.column is not None:
            where += f", column '{self.column}'"
        value = f": {self.value!r}" if self.value is not None else ""
        return f"{where}{value}: {self.message}"


@dataclass
class Column:
    """What one column may hold. ``kind`` is one of: text, id, ids, number, lat, lon, date,
    partial_date, time_utc, url, choice; ``ref`` names a table whose ids this column must match."""

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple = ()
    ref: str = None
    absent_ok: bool = False  # the whole column may be left out of the file


@dataclass
class Table:
    """A table's schema: its columns and the column whose values must be unique (``key``)."""

    name: str
    columns: list
    key: str = None
    rows: list = field(default_factory=list)


@dataclass
class Read:
    """What ``parse_csv`` found: ``frame`` (typed, or None if the file cannot be read as a table),
    ``raw`` (every cell as its text), ``lines`` (the line each row starts on) and ``problems``."""

    frame: pd.DataFrame = None
    raw: pd.DataFrame = None
    lines: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def to_number(text):
    """A number cell as a float; ValueError with the reason if it is not one."""
    if text.lower() in NOT_FINITE:
        raise ValueError("must be a finite number")
    if not NUMBER.fullmatch(text):
        raise ValueError("is not a number; write digits 0-9 with '.' for decimals (no spaces, commas or '_')")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    return number


def to_date(text):
    """A ``YYYY-MM-DD`` cell as a pandas Timestamp."""
    if DATE.fullmatch(text):
        try:
            return pd.Timestamp(dt.date.fromisoformat(text))
        except ValueError:
            pass
    raise ValueError("is not a date; expected YYYY-MM-DD")


def check_partial_date(text):
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, returned unchanged (as text)."""
    if PARTIAL_DATE.fullmatch(text):
        try:
            dt.date.fromisoformat((text + "-01-01")[:10] if len(text) == 4 else (text + "-01")[:10])
            return text
        except ValueError:
            pass
    raise ValueError("is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")


def to_time(text):
    """An ISO 8601 time with its zone as a UTC Timestamp."""
    match = TIME.fullmatch(text)
    if match and match.group(1) is None:
        raise ValueError("has no time zone; write UTC explicitly, e.g. 2020-06-10T05:30:00Z")
    if match:
        try:
            return pd.Timestamp(dt.datetime.fromisoformat(text.replace("Z", "+00:00"))).tz_convert("UTC")
        except ValueError:
            pass
    raise ValueError("is not a time; expected ISO 8601 UTC like 2020-06-10T05:30:00Z")


CONVERTERS = {"number": to_number, "lat": to_number, "lon": to_number, "date": to_date,
              "partial_date": check_partial_date, "time_utc": to_time}


def decode(raw, rel, problems, nul_ok=False):
    """The text of a file's bytes (UTF-8, optional BOM), or None after recording why not. NUL
    bytes make the file unreadable unless ``nul_ok`` (CSV: each cell with one is reported)."""
    if b"\x00" in raw and not nul_ok:
        line = raw[:raw.index(b"\x00")].count(b"\n") + 1
        problems.append(Problem(rel, f"contains a NUL byte (line {line}); this is not a text file, or it is damaged"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(Problem(rel, f"is not UTF-8 text (byte {err.start}); save it as UTF-8"))
        return None


def read_bytes(path, rel, problems):
    """The bytes of a file, or None after recording why it cannot be read (a folder, unreadable)."""
    path = pathlib.Path(path)
    if path.is_dir():
        problems.append(Problem(rel, "is a folder, not a file; rename or remove it"))
        return None
    try:
        return path.read_bytes()
    except OSError as err:
        problems.append(Problem(rel, f"cannot be read ({err.strerror})"))
        return None


def parse_csv(raw, columns, rel, other="text"):
    """Read CSV bytes as a table with ``columns`` (a list of ``Column``); see the module docstring.
    Columns not in ``columns`` are of kind ``other`` (text, or number in trends). Returns a ``Read``."""
    out = Read()
    problems = out.problems
    text = decode(raw, rel, problems, nul_ok=True)
    if text is None:
        return out
    if not text.strip():
        problems.append(Problem(rel, "is empty; expected a header row and at least one data row"))
        return out
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, lines = [], []
    try:
        start = 1
        for record in reader:
            if record:  # a blank line is no row
                records.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as err:
        reason = str(err)
        if "field larger than field limit" in reason:
            reason = f"a field is longer than {FIELD_LIMIT:,} characters (is a closing quote missing?)"
        elif "unexpected end of data" in reason:
            reason = "the file ends inside a quoted field (a quote opened and never closed?)"
        elif "expected after" in reason:
            reason += " (a quote inside a quoted field is written twice: \"\")"
        problems.append(Problem(rel, f"cannot be read as CSV at line {reader.line_num}: {reason}"))
        return out
    header, records, lines = records[0], records[1:], lines[1:]
    if not records:
        problems.append(Problem(rel, "has a header but no data rows"))
        return out
    seen = {}
    for n, name in enumerate(header, start=1):
        if "\x00" in name:
            problems.append(Problem(rel, f"header column {n} contains a NUL character (byte 0)"))
        elif name != name.strip() or not name:
            problems.append(Problem(rel, f"header column {n} ({name!r}) is empty or has spaces around it"))
        elif name in seen:
            problems.append(Problem(rel, f"header names column '{name}' twice (columns {seen[name]} and {n}); "
                                         "each column must appear once"))
        seen.setdefault(name, n)
    if problems:
        return out
    width = len(header)
    rows = []
    for i, (record, line) in enumerate(zip(records, lines), start=1):
        if len(record) > width:
            problems.append(Problem(rel, f"has {len(record)} fields, the header has {width} "
                                         "(a comma inside an unquoted field?)", row=i, line=line))
        elif len(record) < width:
            problems.append(Problem(rel, f"has fewer fields than the header's {width}", row=i, line=line))
        rows.append((record + [""] * width)[:width])
    raw_frame = pd.DataFrame(rows, columns=header, dtype=object)
    if "\x00" in text:
        for i, row in enumerate(rows, start=1):
            for name, cell in zip(header, row):
                if "\x00" in cell:
                    problems.append(Problem(rel, "contains a NUL character (byte 0); retype the cell or save the "
                                                 "file again as UTF-8 text", i, name, cell, lines[i - 1]))
    frame = raw_frame.copy()
    listed = {c.name for c in columns}
    for col in columns + [Column(n, other) for n in header if n not in listed]:
        if col.name not in header or col.kind not in CONVERTERS:
            continue
        convert = CONVERTERS[col.kind]
        values = []
        for i, cell in enumerate(raw_frame[col.name], start=1):
            value = None
            if cell != "":
                try:
                    value = convert(cell)
                except ValueError as err:
                    problems.append(Problem(rel, str(err), i, col.name, cell, lines[i - 1]))
            values.append(value)
        frame[col.name] = _typed(values, col.kind)
    out.frame, out.raw, out.lines = frame, raw_frame, lines
    return out


def _typed(values, kind):
    """A column of converted values as a pandas Series of the kind's dtype: numbers as int64 when
    every cell is a whole number (as pandas reads them), otherwise float64 with NaN for empty
    cells; dates as datetime64 (NaT for empty), times as UTC datetimes, partial dates as text."""
    if kind == "partial_date":
        return pd.Series(["" if v is None else v for v in values], dtype=object)
    if kind in ("date", "time_utc"):
        series = pd.Series([pd.NaT if v is None else v for v in values])
        typed = pd.to_datetime(series, utc=True) if kind == "time_utc" else pd.to_datetime(series)
        return typed.dt.as_unit("ns")
    numbers = pd.Series([math.nan if v is None else v for v in values], dtype="float64")
    if kind == "number" and len(numbers) and numbers.notna().all() and (numbers == numbers.round()).all() \
            and numbers.abs().max() < 2**53:
        return numbers.astype("int64")
    return numbers


# --- GeoJSON

#: How deep [lon, lat] positions sit in each geometry type's coordinates.
POSITION_DEPTH = {"Point": 0, "LineString": 1, "MultiPoint": 1, "Polygon": 2, "MultiLineString": 2, "MultiPolygon": 3}


def parse_geojson(raw, rel, problems):
    """A GeoJSON file's bytes as a FeatureCollection dict (a BOM is allowed), or None after
    recording why not. Only the outer structure is checked here; see ``positions``."""
    text = decode(raw, rel, problems)
    if text is None:
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        problems.append(Problem(rel, f"is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"))
        return None
    except RecursionError:
        problems.append(Problem(rel, "is nested too deeply to read (about 1,000 levels of brackets); "
                                     "GeoJSON needs at most 4"))
        return None
    features = doc.get("features") if isinstance(doc, dict) and doc.get("type") == "FeatureCollection" else None
    if not isinstance(features, list) or not features:
        problems.append(Problem(rel, "expected a GeoJSON FeatureCollection with at least one feature"))
        return None
    return doc


def positions(coords, depth):
    """The positions of coordinates nested ``depth`` levels above the positions, as a list of
    parts (one float array of shape (n, 2) per ring or line; a point is one part of one position);
    ValueError if the nesting or a position is wrong. Iterative, so any nesting depth is safe."""
    level = [[coords]] if depth == 0 else [coords]
    for _ in range(max(depth - 1, 0)):
        nxt = []
        for item in level:
            if not isinstance(item, list) or not item:
                raise ValueError("empty or not a list")
            nxt.extend(item)
        level = nxt
    flat, ends = [], []
    for part in level:
        if not isinstance(part, list) or not part:
            raise ValueError("not a list of positions")
        flat.extend(part)
        ends.append(len(flat))
    if not all(isinstance(p, list) for p in flat):
        raise ValueError("not a list of positions")
    try:
        arr = np.asarray(flat)
    except ValueError:
        raise ValueError("positions of different lengths") from None
    if arr.dtype.kind not in "fi" or arr.ndim != 2 or arr.shape[1] not in (2, 3) or not np.isfinite(arr).all():
        raise ValueError("a position is not [lon, lat] numbers")
    return np.split(arr[:, :2].astype(float), ends[:-1])
