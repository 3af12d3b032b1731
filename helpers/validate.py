"""Check every file in ``data/``: ``python -m helpers.validate [path]``.

Each table has a schema (its columns and what each may hold). The checks report every problem
at once, each naming the file, the row (and its line in the file), the column, the bad value
and what was expected, so an instructor who adds an incident can fix them in one pass. Exit
code 1 when anything is wrong; otherwise a short summary.
"""

import csv
import json
import pathlib
import re
import sys
from dataclasses import dataclass, field

import pandas as pd

from helpers import page

REGIONS = ("alaska_bering", "baltic", "black_sea", "south_china_sea", "east_china_sea", "sea_of_japan",
           "barents", "atlantic_caribbean", "russia_interior")
SOURCE_KINDS = ("official release", "news", "regulation", "treaty", "reference", "report", "book")
CLAIM_KINDS = ("closest_distance", "separation", "duration", "entered_adiz", "entered_sovereign_airspace",
               "international_airspace", "conduct", "count", "speed", "altitude", "other")
CLAIM_UNITS = ("nmi", "km", "mi", "ft", "m", "min", "h", "kt", "km/h", "mph", "count", "yes/no", "text")
SPEED_UNITS = ("kt", "km/h", "mph", "mach")
RANGE_UNITS = ("nmi", "km", "mi")
BASE_KINDS = ("airbase", "airport", "city", "island", "cape", "place")
TREATY_EVENTS = ("signed", "in_force", "extended", "suspended", "withdrawal_announced",
                 "withdrawal_effective", "expired")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass
class Problem:
    """One thing wrong in one place."""

    file: str
    message: str
    row: int = None
    column: str = None
    value: str = None

    def __str__(self):
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
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


@dataclass
class Table:
    name: str
    columns: list
    key: str = None
    rows: list = field(default_factory=list)


SCHEMAS = {
    "sources.csv": Table("sources.csv", [
        Column("id", "id"), Column("publisher"), Column("title"), Column("date", "partial_date", required=False),
        Column("url", "url"), Column("accessed", "date"), Column("kind", "choice", choices=SOURCE_KINDS),
    ], key="id"),
    "incidents.csv": Table("incidents.csv", [
        Column("id", "id"), Column("title"), Column("date_start", "date"), Column("date_end", "date", required=False),
        Column("region", "choice", choices=REGIONS), Column("parties"), Column("aircraft", "ids", ref="aircraft.csv"),
        Column("outcome"), Column("summary"), Column("lat", "lat"), Column("lon", "lon"), Column("location_note"),
        Column("source_ids", "ids", ref="sources.csv"),
    ], key="id"),
    "claims.csv": Table("claims.csv", [
        Column("id", "id"), Column("incident_id", "id", ref="incidents.csv"), Column("party"),
        Column("kind", "choice", choices=CLAIM_KINDS), Column("value"), Column("unit", "choice", choices=CLAIM_UNITS),
        Column("source_id", "id", ref="sources.csv"), Column("quote"),
    ], key="id"),
    "aircraft.csv": Table("aircraft.csv", [
        Column("type"), Column("name"), Column("role"), Column("country"),
        Column("cruise_speed", "number", required=False), Column("cruise_speed_unit", "choice", False, SPEED_UNITS),
        Column("max_speed", "number", required=False), Column("max_speed_unit", "choice", False, SPEED_UNITS),
        Column("range", "number", required=False), Column("range_unit", "choice", False, RANGE_UNITS),
        Column("source_ids", "ids", ref="sources.csv"),
        Column("length", "number", required=False), Column("wingspan", "number", required=False),
        Column("dimension_unit", "choice", False, ("m", "ft")),
        Column("dimension_source_ids", "ids", required=False, ref="sources.csv"), Column("note", required=False),
    ], key="type"),
    "bases.csv": Table("bases.csv", [
        Column("id", "id"), Column("name"), Column("country"), Column("lat", "lat"), Column("lon", "lon"),
        Column("kind", "choice", choices=BASE_KINDS), Column("source_ids", "ids", ref="sources.csv"),
    ], key="id"),
    "law.csv": Table("law.csv", [
        Column("id", "id"), Column("instrument"), Column("article"), Column("text"),
        Column("source_id", "id", ref="sources.csv"),
    ], key="id"),
    "treaties.csv": Table("treaties.csv", [
        Column("id", "id"), Column("treaty"), Column("event", "choice", choices=TREATY_EVENTS),
        Column("date", "date"), Column("party"), Column("text"), Column("source_id", "id", ref="sources.csv"),
    ], key="id"),
    "waypoints.csv": Table("waypoints.csv", [
        Column("id", "id"), Column("route", "id"), Column("seq", "number"), Column("name"), Column("lat", "lat"),
        Column("lon", "lon"), Column("basis"), Column("source_ids", "ids", ref="sources.csv"),
    ], key="id"),
}
TRACK_COLUMNS = [Column("time", "time_utc"), Column("lat", "lat"), Column("lon", "lon"), Column("alt_ft", "number"),
                 Column("track"), Column("aircraft", "ids", ref="aircraft.csv"), Column("party")]
TREND_REQUIRED = ("source_id",)


def _read_csv(path, problems, root):
    """Rows of a CSV as dicts, or None after recording why it cannot be read."""
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(Problem(rel, f"is not UTF-8 text (byte {err.start}); save it as UTF-8"))
        return None, rel
    if not text.strip():
        problems.append(Problem(rel, "is empty; expected a header row and at least one data row"))
        return None, rel
    reader = csv.DictReader(text.splitlines())
    rows = list(reader)
    if not rows:
        problems.append(Problem(rel, "has a header but no data rows"))
        return None, rel
    for i, row in enumerate(rows, start=1):
        if None in row:
            problems.append(Problem(rel, f"has {len(reader.fieldnames) + len(row[None])} fields, the header has "
                                         f"{len(reader.fieldnames)} (a comma inside an unquoted field?)", row=i))
        if any(v is None for v in row.values()):
            problems.append(Problem(rel, f"has fewer fields than the header's {len(reader.fieldnames)}", row=i))
    return rows, rel


def _check_value(col, value, rel, i, problems):
    """Check one cell against its column; return the parsed value (or None)."""
    if value is None:
        return None
    value = value.strip()
    if value == "":
        if col.required:
            problems.append(Problem(rel, f"is empty; this column is required ({col.kind})", i, col.name))
        return None
    kind = col.kind
    if kind == "id" and not ID_PATTERN.match(value):
        problems.append(Problem(rel, "is not a valid id (lowercase letters, digits, '.', '_', '-')", i, col.name, value))
    elif kind in ("number", "lat", "lon"):
        try:
            number = float(value)
        except ValueError:
            problems.append(Problem(rel, "is not a number", i, col.name, value))
            return None
        if number != number or number in (float("inf"), float("-inf")):
            problems.append(Problem(rel, "must be a finite number", i, col.name, value))
        elif kind == "lat" and not -90 <= number <= 90:
            problems.append(Problem(rel, "latitude out of range; expected -90 to 90 degrees", i, col.name, value))
        elif kind == "lon" and not -540 <= number <= 540:
            problems.append(Problem(rel, "longitude out of range; expected -180 to 180 degrees "
                                         "(continuous up to +-540 across the antimeridian)", i, col.name, value))
        return number
    elif kind in ("date", "partial_date"):
        pattern = r"^\d{4}-\d{2}-\d{2}$" if kind == "date" else r"^\d{4}(-\d{2}(-\d{2})?)?$"
        ok = re.match(pattern, value)
        if ok:
            try:
                pd.Timestamp(value if len(value) == 10 else value + "-01" * ((10 - len(value)) // 3))
            except ValueError:
                ok = None
        if not ok:
            expected = "YYYY-MM-DD" if kind == "date" else "YYYY, YYYY-MM or YYYY-MM-DD"
            problems.append(Problem(rel, f"is not a date; expected {expected}", i, col.name, value))
    elif kind == "time_utc":
        try:
            ts = pd.Timestamp(value)
        except ValueError:
            problems.append(Problem(rel, "is not a time; expected ISO 8601 UTC like 2020-06-10T05:30:00Z", i,
                                    col.name, value))
            return None
        if ts.tzinfo is None:
            problems.append(Problem(rel, "has no time zone; write UTC explicitly, e.g. 2020-06-10T05:30:00Z", i,
                                    col.name, value))
            return None
        return ts.tz_convert("UTC")
    elif kind == "url" and not page.is_safe_url(value):
        problems.append(Problem(rel, "is not a safe web address: http:// or https://, a host, and no quotes, angle "
                                "brackets, backtick, backslash, spaces or control characters (write them %-encoded, "
                                "e.g. ' as %27)", i, col.name, value))
    elif kind == "choice" and value not in col.choices:
        problems.append(Problem(rel, f"is not allowed; expected one of {', '.join(col.choices)}", i, col.name, value))
    return value


def _check_table(path, columns, problems, root, key=None):
    rows, rel = _read_csv(path, problems, root)
    if rows is None:
        return rel, []
    header = list(rows[0].keys())
    missing = [c.name for c in columns if c.name not in header]
    if missing:
        problems.append(Problem(rel, f"is missing column(s) {', '.join(missing)}; "
                                     f"expected {', '.join(c.name for c in columns)}"))
        return rel, []
    seen = {}
    for i, row in enumerate(rows, start=1):
        for col in columns:
            _check_value(col, row.get(col.name), rel, i, problems)
        if key:
            k = (row.get(key) or "").strip()
            if k and k in seen:
                problems.append(Problem(rel, f"duplicate {key}; row {seen[k]} has it too", i, key, k))
            seen.setdefault(k, i)
    return rel, rows


def _check_refs(rel, rows, columns, ids, problems):
    """Every id a column refers to must exist in the referenced table."""
    for i, row in enumerate(rows, start=1):
        for col in columns:
            if not col.ref or col.ref not in ids:
                continue
            for ref in [x.strip() for x in (row.get(col.name) or "").split(";") if x.strip()]:
                if ref not in ids[col.ref]:
                    problems.append(Problem(rel, f"refers to an unknown id; no row of {col.ref} has it", i,
                                            col.name, ref))


def _check_track_file(path, problems, root, ids):
    rel, rows = _check_table(path, TRACK_COLUMNS, problems, root)
    _check_refs(rel, rows, TRACK_COLUMNS, ids, problems)
    last = {}
    for i, row in enumerate(rows, start=1):
        try:
            ts = pd.Timestamp(row["time"].strip())
        except (ValueError, AttributeError):
            continue
        if ts.tzinfo is None:
            continue
        name = row.get("track", "")
        if name in last and ts <= last[name][1]:
            problems.append(Problem(rel, f"times of track {name!r} must increase; row {last[name][0]} is at "
                                         f"{last[name][1].isoformat()}", i, "time", row["time"]))
        last[name] = (i, ts)
    if rows and path.stem not in ids.get("incidents.csv", {path.stem}):
        problems.append(Problem(rel, f"a track file is named after its incident id, and no incident is "
                                     f"called {path.stem!r}"))
    return rows


def _check_trend_file(path, problems, root, ids):
    rows, rel = _read_csv(path, problems, root)
    if rows is None:
        return
    if "source_id" not in rows[0]:
        problems.append(Problem(rel, "is missing column source_id; every count needs its source"))
        return
    _check_refs(rel, rows, [Column("source_id", "id", ref="sources.csv")], ids, problems)
    for i, row in enumerate(rows, start=1):
        if not (row.get("source_id") or "").strip():
            problems.append(Problem(rel, "is empty; every count needs its source", i, "source_id"))


def _check_geojson(path, problems, root, ids):
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(rel, "is not UTF-8 text"))
        return
    except json.JSONDecodeError as err:
        problems.append(Problem(rel, f"is not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"))
        return
    features = doc.get("features") if isinstance(doc, dict) and doc.get("type") == "FeatureCollection" else None
    if not isinstance(features, list) or not features:
        problems.append(Problem(rel, "expected a GeoJSON FeatureCollection with at least one feature"))
        return
    for n, feat in enumerate(features, start=1):
        if not isinstance(feat, dict):
            problems.append(Problem(rel, f"feature {n}: is not a GeoJSON Feature object"))
            continue
        geom = feat.get("geometry") if isinstance(feat.get("geometry"), dict) else {}
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        if geom.get("type") not in ("Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point"):
            problems.append(Problem(rel, f"feature {n}: geometry type {geom.get('type')!r} is not supported"))
            continue
        try:
            flat = _flatten(geom.get("coordinates"))
        except ValueError:
            flat = None
        if not flat:
            problems.append(Problem(rel, f"feature {n}: coordinates must be nested lists of [lon, lat] numbers"))
            continue
        for lon, lat in flat:
            if not (-90 <= lat <= 90 and -540 <= lon <= 540):
                problems.append(Problem(rel, f"feature {n}: coordinate ({lon}, {lat}) is out of range; GeoJSON "
                                             "order is (lon, lat)"))
                break
        if "zones" in path.parts:
            srcs = [s.strip() for s in str(props.get("source_ids", "")).split(";") if s.strip()]
            if not srcs:
                problems.append(Problem(rel, f"feature {n}: properties.source_ids is empty; a zone needs its legal source"))
            for s in srcs:
                if "sources.csv" in ids and s not in ids["sources.csv"]:
                    problems.append(Problem(rel, f"feature {n}: source id {s!r} is not in sources.csv"))


def _flatten(coords):
    """The (lon, lat) pairs of nested GeoJSON coordinates; ValueError if something is not a list or number."""
    def number(c):
        return isinstance(c, (int, float)) and not isinstance(c, bool)

    if isinstance(coords, (list, tuple)) and len(coords) >= 2 and all(number(c) for c in coords):
        return [(float(coords[0]), float(coords[1]))]
    if not isinstance(coords, (list, tuple)) or any(number(c) for c in coords):
        raise ValueError(f"not a position or a list of positions: {coords!r}")
    out = []
    for c in coords:
        out.extend(_flatten(c))
    return out


TABLE_ORDER = ("sources.csv", "aircraft.csv", "incidents.csv", "claims.csv", "bases.csv", "law.csv",
               "treaties.csv", "waypoints.csv")


def validate(path):
    """Check the data folder at ``path``; return (list of Problem, summary dict)."""
    root = pathlib.Path(path)
    problems, ids, counts = [], {}, {}
    if not root.is_dir():
        return [Problem(str(root), "is not a folder")], counts
    tables = {}
    for name in TABLE_ORDER:
        file = root / name
        if not file.exists():
            if name in ("sources.csv", "incidents.csv"):
                problems.append(Problem(name, "is missing; every data folder needs it"))
            continue
        schema = SCHEMAS[name]
        rel, rows = _check_table(file, schema.columns, problems, root, key=schema.key)
        tables[name] = (rel, rows)
        ids[name] = {(r.get(schema.key) or "").strip() for r in rows}
        counts[name] = len(rows)
    for name, (rel, rows) in tables.items():
        _check_refs(rel, rows, SCHEMAS[name].columns, ids, problems)
    if "sources.csv" in ids:
        _check_sources_used(tables, ids, problems)
    for file in sorted((root / "tracks").glob("*.csv")) if (root / "tracks").is_dir() else []:
        if file.name == "constraints.csv":
            continue
        counts["tracks"] = counts.get("tracks", 0) + 1
        _check_track_file(file, problems, root, ids)
    for file in sorted((root / "trends").glob("*.csv")) if (root / "trends").is_dir() else []:
        counts["trends"] = counts.get("trends", 0) + 1
        _check_trend_file(file, problems, root, ids)
    for file in sorted((root / "zones").glob("*.geojson")) if (root / "zones").is_dir() else []:
        counts["zones"] = counts.get("zones", 0) + 1
        _check_geojson(file, problems, root, ids)
    return problems, counts


def _check_sources_used(tables, ids, problems):
    """Rows whose every source is missing are caught by _check_refs; here: no row without one."""
    for name in ("incidents.csv", "aircraft.csv", "bases.csv"):
        if name in tables:
            rel, rows = tables[name]
            for i, row in enumerate(rows, start=1):
                if not [s for s in (row.get("source_ids") or "").split(";") if s.strip()]:
                    problems.append(Problem(rel, "has no source id; every fact needs a source", i, "source_ids"))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    from helpers.data import DATA_DIR

    path = pathlib.Path(argv[0]) if argv else DATA_DIR
    problems, counts = validate(path)
    if problems:
        print(f"{len(problems)} problem(s) in {path}:")
        for p in problems:
            print(f"  - {p}")
        return 1
    summary = ", ".join(f"{n} {k.replace('.csv', '')}" for k, n in counts.items())
    print(f"{path}: all checks passed ({summary}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
