"""Check every file in ``data/``: ``python -m helpers.validate [path]``.

Each table has a schema (its columns and what each may hold, in ``SCHEMAS`` and ``PATTERNS``).
Files are read by ``helpers.tables``, the same reader the loaders in ``helpers.data`` use, so
what passes here is exactly what a lesson gets. The checks report every problem at once, each
naming the file, the row (and the line it starts on), the column, the bad value and what was
expected, so an instructor who adds an incident can fix them in one pass. Besides the form of
each cell they check meaning: references between tables, dates in order, claims against their
units, tracks that are flyable (times increasing, no jumps, plausible altitudes, close to the
incident's date), zone and coastline geometry. Exit code 1 when anything is wrong.
"""

import fnmatch
import math
import pathlib
import re
import sys

import numpy as np
import pandas as pd

from helpers import page, tables
from helpers.tables import Column, Problem, Table  # noqa: F401  (Problem is part of this module's API)

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
CONSTRAINT_KINDS = ("min_distance_to_coast", "never_inside", "nearest_coast_east_of", "closest_approach_local_date",
                    "min_slant_separation", "min_lateral_separation_at_most", "track_duration",
                    "min_wingtip_clearance", "max_turn_rate", "joins_before_turnaround", "joins_after_turnaround")
CONSTRAINT_UNITS = ("nmi", "ft", "min", "deg", "deg/s")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
BLANKS = " \t\r\n\v\f\u00a0"  # a cell must not start or end with one of these

# Limits of plausibility for reconstructed tracks.
ALT_FT = (-1500, 100_000)      # lowest and highest altitude, ft
MAX_SPEED_KT = 2500            # faster than any aircraft in these incidents
MAX_GAP_H = 6                  # longest gap between two fixes of one track, h
MAX_SPAN_H = 48                # longest track, h
DAYS_AROUND_INCIDENT = 1       # a track starts and ends within this many days of its incident's dates

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
        # one row per statement: every outlet that carried it, closest to the party first ("a;b")
        Column("source_id", "ids", ref="sources.csv"), Column("quote"),
    ], key="id"),
    "aircraft.csv": Table("aircraft.csv", [
        Column("type"), Column("name"), Column("role"), Column("country"),
        Column("cruise_speed", "number", required=False), Column("cruise_speed_unit", "choice", False, SPEED_UNITS),
        Column("max_speed", "number", required=False), Column("max_speed_unit", "choice", False, SPEED_UNITS),
        Column("range", "number", required=False), Column("range_unit", "choice", False, RANGE_UNITS),
        Column("source_ids", "ids", ref="sources.csv"),
        Column("length", "number", required=False, absent_ok=True),
        Column("wingspan", "number", required=False, absent_ok=True),
        Column("dimension_unit", "choice", False, ("m", "ft"), absent_ok=True),
        Column("dimension_source_ids", "ids", required=False, ref="sources.csv", absent_ok=True),
        Column("note", required=False, absent_ok=True),
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
    "definitions.csv": Table("definitions.csv", [
        Column("id", "id"), Column("series"), Column("term"), Column("meaning"),
        Column("value", "number", required=False), Column("unit", required=False), Column("quote"),
        Column("source_id", "id", ref="sources.csv"),
    ], key="id"),
    "waypoints.csv": Table("waypoints.csv", [
        Column("id", "id"), Column("route", "id"), Column("seq", "number"), Column("name"), Column("lat", "lat"),
        Column("lon", "lon"), Column("basis"), Column("source_ids", "ids", ref="sources.csv"),
    ], key="id"),
    "tracks/constraints.csv": Table("tracks/constraints.csv", [
        Column("id", "id"), Column("incident_id", "id", ref="incidents.csv"), Column("track"),
        Column("other_track", required=False), Column("kind", "choice", choices=CONSTRAINT_KINDS), Column("value"),
        Column("unit"), Column("tolerance", "number"), Column("claim_ids", "ids", ref="claims.csv"),
        Column("source_ids", "ids", ref="sources.csv"), Column("note", required=False),
    ], key="id"),
    "coastlines/regions.csv": Table("coastlines/regions.csv", [
        Column("region", "id"), Column("west", "lon"), Column("south", "lat"), Column("east", "lon"),
        Column("north", "lat"), Column("tiers"), Column("note", required=False),
    ], key="region"),
    "coastlines/reference_points.csv": Table("coastlines/reference_points.csv", [
        Column("region", "id"), Column("name"), Column("lat", "lat"), Column("lon", "lon"),
        Column("note", required=False),
    ], key="name"),
}
#: Files checked by a pattern (``fnmatch`` against the path inside the data folder), after SCHEMAS.
PATTERNS = {
    "tracks/*.csv": Table("tracks", [
        Column("time", "time_utc"), Column("lat", "lat"), Column("lon", "lon"), Column("alt_ft", "number"),
        Column("track"), Column("aircraft", "ids", ref="aircraft.csv"), Column("party")]),
    # trends: every column not listed here is a number (empty where no source stated it)
    "trends/*.csv": Table("trends", [
        Column("source_id", "ids", ref="sources.csv"), Column("note", required=False, absent_ok=True),
        Column("kind", required=False, absent_ok=True), Column("as_of", "partial_date", required=False, absent_ok=True)]),
    "zones/*_points.csv": Table("zone points", [
        Column("order", "number"), Column("lat", "lat"), Column("lon", "lon"), Column("source_id", "id", ref="sources.csv")]),
}
TRACK_COLUMNS = PATTERNS["tracks/*.csv"].columns
REQUIRED_FILES = ("sources.csv", "incidents.csv")


def schema_for(rel):
    """The Table schema of a file (path inside the data folder, with '/'), or None."""
    if rel in SCHEMAS:
        return SCHEMAS[rel]
    return next((t for pattern, t in PATTERNS.items() if fnmatch.fnmatch(rel, pattern)), None)


def other_kind(rel):
    """The kind of the columns a schema does not list: numbers in trends, text elsewhere."""
    return "number" if fnmatch.fnmatch(rel, "trends/*.csv") else "text"


def read_table(path, rel, problems):
    """Read one CSV file of the data folder with its schema (the loaders use this too)."""
    raw = tables.read_bytes(path, rel, problems)
    if raw is None:
        return tables.Read()
    return parse_table(raw, rel, problems)


def parse_table(raw, rel, problems):
    schema = schema_for(rel)
    read = tables.parse_csv(raw, schema.columns, rel, other_kind(rel))
    problems.extend(read.problems)
    return read


def _where(read, i):
    return read.lines[i - 1] if read.lines else None


def _ids(cell):
    return [s.strip() for s in cell.split(";") if s.strip()]


def _check_cells(rel, read, schema, problems):
    """The form of every cell: blanks, required, ids, ranges, choices, web addresses, unique keys."""
    raw = read.raw
    missing = [c.name for c in schema.columns if c.name not in raw.columns and not c.absent_ok]
    if missing:
        problems.append(Problem(rel, f"is missing column(s) {', '.join(missing)}; "
                                     f"expected {', '.join(c.name for c in schema.columns)}"))
        return False
    known = {c.name for c in schema.columns}
    columns = [c for c in schema.columns if c.name in raw.columns] + [Column(n, other_kind(rel), required=False) for n in raw.columns if n not in known]
    for col in columns:
        numbers = read.frame[col.name].to_numpy() if col.kind in ("lat", "lon") else None
        for i, value in enumerate(raw[col.name], start=1):
            line = _where(read, i)

            def bad(message, shown=value, i=i, name=col.name, line=line):
                problems.append(Problem(rel, message, i, name, shown, line))

            if value == "":
                if col.required:
                    bad(f"is empty; this column is required ({col.kind})", None)
                continue
            if value.strip(BLANKS) != value:
                bad("starts or ends with a space or other blank; remove it")
                continue
            kind = col.kind
            if kind == "id" and not ID_PATTERN.fullmatch(value):
                bad("is not a valid id (lowercase letters, digits, '.', '_', '-')")
            elif kind == "ids":
                parts = value.split(";")
                if any(p.strip(BLANKS) != p or not p for p in parts):
                    bad("a list of ids is written a;b;c, with no spaces and no empty entries")
            elif kind in ("lat", "lon") and not math.isnan(numbers[i - 1]):
                number = numbers[i - 1]
                if kind == "lat" and not -90 <= number <= 90:
                    bad("latitude out of range; expected -90 to 90 degrees")
                elif kind == "lon" and not -540 <= number <= 540:
                    bad("longitude out of range; expected -180 to 180 degrees "
                        "(continuous up to +-540 across the antimeridian)")
            elif kind == "url" and not page.is_safe_url(value):
                bad("is not a safe web address: http:// or https://, a host, and no quotes, angle brackets, "
                    "backtick, backslash, spaces or control characters (write them %-encoded, e.g. ' as %27)")
            elif kind == "choice" and value not in col.choices:
                bad(f"is not allowed; expected one of {', '.join(col.choices)}")
    if schema.key:
        seen = {}
        for i, k in enumerate(raw[schema.key], start=1):
            if k and k in seen:
                problems.append(Problem(rel, f"duplicate {schema.key}; row {seen[k]} has it too", i, schema.key, k,
                                        _where(read, i)))
            seen.setdefault(k, i)
    return True


def _check_refs(rel, read, columns, ids, problems):
    """Every id a column refers to must exist in the referenced table."""
    for col in columns:
        if not col.ref or col.ref not in ids or col.name not in read.raw.columns:
            continue
        for i, cell in enumerate(read.raw[col.name], start=1):
            for ref in _ids(cell):
                if ref not in ids[col.ref]:
                    problems.append(Problem(rel, f"refers to an unknown id; no row of {col.ref} has it", i,
                                            col.name, ref, _where(read, i)))


# --- checks of meaning, table by table


def _rows(read):
    """(row number, line, typed row, raw row) for every row."""
    for i, ((_, row), (_, raw)) in enumerate(zip(read.frame.iterrows(), read.raw.iterrows()), start=1):
        yield i, _where(read, i), row, raw


def _check_sources_used(rel, read, column, problems):
    for i, line, _, raw in _rows(read):
        if not _ids(raw[column]) and raw[column] == "":
            continue  # reported as empty already
        if not _ids(raw[column]):
            problems.append(Problem(rel, "has no source id; every fact needs a source", i, column, None, line))


def _check_incidents(rel, read, problems):
    for i, line, row, raw in _rows(read):
        if row["date_end"] is not None and not _isna(row["date_end"]) and not _isna(row["date_start"]) \
                and row["date_end"] < row["date_start"]:
            problems.append(Problem(rel, f"ends before it starts (date_start is {raw['date_start']})", i, "date_end",
                                    raw["date_end"], line))


def _isna(value):
    try:
        return bool(value != value) or value is None or str(value) == "NaT"
    except (TypeError, ValueError):
        return False


def _check_aircraft(rel, read, problems):
    for i, line, row, raw in _rows(read):
        for col in ("cruise_speed", "max_speed", "range"):
            unit = f"{col}_unit"
            if raw[col] and not _isna(row[col]) and row[col] < 0:
                problems.append(Problem(rel, "must not be negative", i, col, raw[col], line))
            if bool(raw[col]) != bool(raw[unit]):
                problems.append(Problem(rel, f"a figure and its unit go together: {col} is "
                                             f"{raw[col] or 'empty'}, {unit} is {raw[unit] or 'empty'}",
                                        i, unit, raw[unit] or None, line))


NUMERIC_UNITS = ("nmi", "km", "mi", "ft", "m", "min", "h", "kt", "km/h", "mph", "count")


def claim_number(value):
    """A claim's value as a number, or None if it is not a plain number (e.g. '530 to 560', text)."""
    try:
        return tables.to_number(value)
    except ValueError:
        return None


def _same_words(quote):
    """A quote reduced to its words (lowercase letters and digits), so typographic variants of one
    statement (curly or straight quotes, trailing comma) compare equal."""
    return " ".join(re.findall(r"[^\W_]+", quote.lower()))


def _check_claims(rel, read, problems):
    statements = {}
    for i, line, _, raw in _rows(read):
        value, unit = raw["value"], raw["unit"]
        key = (raw["incident_id"], raw["party"], raw["kind"], value, unit, _same_words(raw["quote"]))
        if key in statements:
            problems.append(Problem(rel, f"the same statement as row {statements[key]} (incident, party, kind, value, "
                                         "unit and words): keep one row and list every outlet in its source_id, "
                                         "separated by ';'", i, "quote", raw["quote"], line))
        statements.setdefault(key, i)
        if not value:
            continue
        if unit in NUMERIC_UNITS:
            parts = value.split(" to ")
            numbers = [claim_number(p) for p in parts]
            if len(parts) > 2 or None in numbers:
                problems.append(Problem(rel, f"a value in {unit} must be a number (or a range 'A to B'), digits 0-9 "
                                             "with '.' for decimals", i, "value", value, line))
            elif any(n < 0 for n in numbers):
                problems.append(Problem(rel, f"a value in {unit} must not be negative", i, "value", value, line))
            elif len(numbers) == 2 and numbers[0] > numbers[1]:
                problems.append(Problem(rel, "a range 'A to B' needs A <= B", i, "value", value, line))
        elif unit == "yes/no" and value not in ("yes", "no"):
            problems.append(Problem(rel, "a yes/no claim's value is 'yes' or 'no'", i, "value", value, line))


def _check_constraints(rel, read, problems, track_names, unreadable=()):
    """Constraints name existing tracks and give a value that fits their kind. A track file that
    exists but could not be read (``unreadable``: incident ids) has its own error; its constraints'
    track names are not checked against it."""
    for i, line, row, raw in _rows(read):
        def bad(message, column, shown, i=i, line=line):
            problems.append(Problem(rel, message, i, column, shown, line))

        inc, kind, value, unit = raw["incident_id"], raw["kind"], raw["value"], raw["unit"]
        names = track_names.get(inc)
        if names is None and inc in unreadable:
            pass  # tracks/{inc}.csv exists and has its own error above
        elif names is None:
            bad(f"incident {inc!r} has no track file tracks/{inc}.csv", "incident_id", inc)
        else:
            for column in ("track", "other_track"):
                if raw[column] and raw[column] not in names:
                    bad(f"no track of that name in tracks/{inc}.csv; its tracks are {sorted(names)}", column,
                        raw[column])
        if kind in ("min_slant_separation", "min_lateral_separation_at_most", "min_wingtip_clearance",
                    "joins_before_turnaround", "joins_after_turnaround") and not raw["other_track"]:
            bad(f"a {kind} constraint needs the other track", "other_track", None)
        if not _isna(row["tolerance"]) and row["tolerance"] < 0:
            bad("must not be negative", "tolerance", raw["tolerance"])
        if kind == "closest_approach_local_date":
            try:
                tables.to_date(value)
            except ValueError as err:
                bad(str(err), "value", value)
            if not re.fullmatch(r"UTC[+-][0-9]{2}:[0-9]{2}", unit):
                bad("the unit of a local date is its offset from UTC, e.g. UTC-08:00", "unit", unit)
        elif kind in CONSTRAINT_KINDS:
            if claim_number(value) is None:
                bad("is not a number; write digits 0-9 with '.' for decimals", "value", value)
            elif kind != "nearest_coast_east_of" and claim_number(value) < 0:
                bad("must not be negative", "value", value)
            if unit not in CONSTRAINT_UNITS:
                bad(f"is not allowed; expected one of {', '.join(CONSTRAINT_UNITS)}", "unit", unit)


def _check_track(rel, read, problems, incident):
    """Each track: 2+ fixes, times increasing, no gap or span beyond the limits, near the incident's
    dates, no longitude step over 180 degrees, no impossible speed, plausible altitudes."""
    frame, raw = read.frame, read.raw

    def bad(i, column, message):
        problems.append(Problem(rel, message, int(i) + 1, column, raw[column].iloc[i], _where(read, int(i) + 1)))

    alt = frame["alt_ft"].to_numpy(dtype=float)
    for i in np.flatnonzero((alt < ALT_FT[0]) | (alt > ALT_FT[1])):
        bad(i, "alt_ft", f"altitude out of range; expected {ALT_FT[0]:,} to {ALT_FT[1]:,} ft")
    complete = frame[["time", "lat", "lon"]].notna().all(axis=1).to_numpy()
    names = raw["track"].to_numpy()
    for name in dict.fromkeys(names):
        if not name:
            continue
        rows = np.flatnonzero(names == name)
        if len(rows) < 2:
            bad(rows[0], "track", f"track {name!r} has {len(rows)} fix; a track needs at least 2")
            continue
        rows = rows[complete[rows]]
        if len(rows) < 2:
            continue
        times = frame["time"].iloc[rows]
        lat, lon = frame["lat"].to_numpy()[rows], frame["lon"].to_numpy()[rows]
        if incident is not None:
            start = incident["date_start"] - pd.Timedelta(days=DAYS_AROUND_INCIDENT)
            end_date = incident["date_start"] if pd.isna(incident["date_end"]) else incident["date_end"]
            end = end_date + pd.Timedelta(days=1 + DAYS_AROUND_INCIDENT)
            for k in (0, len(rows) - 1):
                if not start <= times.iloc[k].tz_localize(None) <= end:
                    bad(rows[k], "time", f"fix of track {name!r} is not within {DAYS_AROUND_INCIDENT} day of its "
                                         f"incident's dates ({incident['raw_dates']}); a typo in the year?")
        seconds = np.diff(times.dt.tz_localize(None).to_numpy().astype("datetime64[ns]").astype(np.int64)) / 1e9
        steps = np.diff(lon)
        nmi = _haversine_nmi(lat[:-1], lon[:-1], lat[1:], lon[1:])
        for k in range(len(seconds)):
            a, b = rows[k], rows[k + 1]
            if seconds[k] <= 0:
                bad(b, "time", f"times of track {name!r} must increase; row {a + 1} is at {times.iloc[k].isoformat()}")
            elif seconds[k] > MAX_GAP_H * 3600:
                bad(b, "time", f"{seconds[k] / 3600:.1f} h after the previous fix of track {name!r} (row {a + 1}); "
                               f"fixes more than {MAX_GAP_H} h apart are a typo or two flights")
            elif abs(steps[k]) > 180:
                bad(b, "lon", f"longitude jumps {abs(steps[k]):.1f} degrees from row {a + 1}; across the "
                              "antimeridian keep longitudes continuous (e.g. -179 then -181)")
            elif nmi[k] / seconds[k] * 3600 > MAX_SPEED_KT:
                bad(b, "lat", f"{nmi[k]:.1f} nmi from row {a + 1} in {seconds[k]:.0f} s is "
                              f"{nmi[k] / seconds[k] * 3600:,.0f} kt, faster than {MAX_SPEED_KT:,} kt")
        span = (times.iloc[-1] - times.iloc[0]).total_seconds() / 3600
        if span > MAX_SPAN_H:
            bad(rows[-1], "time", f"track {name!r} lasts {span:.1f} h; more than {MAX_SPAN_H} h is a typo in a time")


def _haversine_nmi(lat1, lon1, lat2, lon2):
    """Great-circle distances (arrays, degrees) on a sphere of radius 3440.065 nmi, nmi: a
    plausibility check, not a measurement."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * 3440.065 * np.arcsin(np.minimum(1.0, np.sqrt(h)))


# --- GeoJSON

ZONE_TYPES = ("Polygon", "MultiPolygon")


def read_geojson(path, rel, problems):
    raw = tables.read_bytes(path, rel, problems)
    return None if raw is None else tables.parse_geojson(raw, rel, problems)


def check_geojson(doc, rel, problems, ids, zone=False):
    """Features of a zone or coastline file: polygons, rings of 4+ closed positions in range, no
    longitude step over 180 degrees, no ring around a pole; zones also valid per shapely, with
    their legal sources and (optional) incident ids."""
    for n, feat in enumerate(doc["features"], start=1):
        def bad(message, n=n):
            problems.append(Problem(rel, f"feature {n}: {message}"))

        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            bad("is not a GeoJSON Feature object")
            continue
        geom = feat.get("geometry") if isinstance(feat.get("geometry"), dict) else {}
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        kind = geom.get("type")
        if kind not in ZONE_TYPES:
            bad(f"geometry type {kind!r} is not supported; expected {' or '.join(ZONE_TYPES)}")
            continue
        try:
            rings = tables.positions(geom.get("coordinates"), tables.POSITION_DEPTH[kind])
        except ValueError:
            bad(f"coordinates must be nested lists of [lon, lat] numbers ({kind}: "
                f"{tables.POSITION_DEPTH[kind] + 1} levels of brackets)")
            continue
        if not _check_rings(rings, bad, zone):
            continue
        if zone:
            import shapely
            from shapely.geometry import shape

            reason = shapely.is_valid_reason(shape(geom))
            if reason != "Valid Geometry":
                bad(f"the polygon is not valid ({reason}); fix the ring so it does not cross itself")
            srcs = _ids(str(props.get("source_ids", "")))
            if not srcs:
                bad("properties.source_ids is empty; a zone needs its legal source")
            for s in srcs:
                if "sources.csv" in ids and s not in ids["sources.csv"]:
                    bad(f"source id {s!r} is not in sources.csv")
            for s in _ids(str(props.get("incidents", ""))):
                if "incidents.csv" in ids and s not in ids["incidents.csv"]:
                    bad(f"incident id {s!r} in properties.incidents is not in incidents.csv")


def _check_rings(rings, bad, zone):
    every = np.concatenate(rings)
    if not zone and ((-90 <= every[:, 1]) & (every[:, 1] <= 90) & (-540 <= every[:, 0]) & (every[:, 0] <= 540)).all():
        firsts = np.array([r[0] for r in rings])
        lasts = np.array([r[-1] for r in rings])
        if (firsts == lasts).all() and min(len(r) for r in rings) >= 4:
            return True  # the fast path for coastlines; otherwise find the first bad ring below
    for r, ring in enumerate(rings, start=1):
        lon, lat = ring[:, 0], ring[:, 1]
        out = np.flatnonzero(~((-90 <= lat) & (lat <= 90) & (-540 <= lon) & (lon <= 540)))
        if len(out):
            bad(f"ring {r}: coordinate ({lon[out[0]]}, {lat[out[0]]}) is out of range; GeoJSON order is (lon, lat)")
            return False
        closed = bool((ring[0] == ring[-1]).all())
        if len(ring) < 4 or not closed:
            bad(f"ring {r} has {len(ring)} positions{'' if closed else ' and is not closed'}; a ring "
                "needs at least 4, the last equal to the first")
            return False
        if not zone:
            continue  # coastlines may follow the antimeridian (Antarctica's ring in the world tier)
        steps = np.diff(lon)
        shortest = (steps + 180) % 360 - 180  # each step the short way round
        if abs(shortest.sum()) > 180:
            bad(f"ring {r} goes around a pole (its longitudes wind {shortest.sum():.0f} degrees); "
                "a zone must not contain a pole")
            return False
        jump = np.flatnonzero(np.abs(steps) > 180)
        if len(jump):
            bad(f"ring {r}: longitude jumps {abs(steps[jump[0]]):.1f} degrees after position {jump[0] + 1}; keep "
                "longitudes continuous across the antimeridian")
            return False
    return True


# --- the whole folder


def files(root):
    """Every file of a data folder, as (path, path inside the folder with '/'), sorted; folders that
    are named like data files (x.csv) are listed too so they can be reported."""
    root = pathlib.Path(root)
    out = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue  # hidden files (editor locks, .DS_Store)
        if p.is_file() or (p.is_dir() and p.suffix in (".csv", ".geojson")):
            out.append((p, rel))
    return out


def validate(path):
    """Check the data folder at ``path``; return (list of Problem, summary dict of counts)."""
    root = pathlib.Path(path)
    problems, ids, counts, reads = [], {}, {}, {}
    if not root.is_dir():
        return [Problem(str(root), "is not a folder")], counts
    for name in REQUIRED_FILES:
        if not (root / name).exists():
            problems.append(Problem(name, "is missing; every data folder needs it"))
    listed = files(root)
    # 1. every CSV file with a schema, read once; ids of keyed tables
    for p, rel in listed:
        if not rel.endswith(".csv"):
            continue
        schema = schema_for(rel)
        if schema is None:
            problems.append(Problem(rel, "is not checked by any schema; add one to helpers.validate.SCHEMAS "
                                         "(or move the file out of the data folder)"))
            continue
        read = read_table(p, rel, problems)
        if read.frame is None or not _check_cells(rel, read, schema, problems):
            continue
        reads[rel] = (read, schema)
        if rel in SCHEMAS:
            counts[rel] = len(read.frame)
            if schema.key:
                ids[rel] = set(read.raw[schema.key])
        else:
            group = rel.split("/")[0]
            counts[group] = counts.get(group, 0) + 1
    # 2. references and meaning
    for rel, (read, schema) in reads.items():
        _check_refs(rel, read, schema.columns, ids, problems)
    incidents = {}
    if "incidents.csv" in reads:
        read = reads["incidents.csv"][0]
        _check_incidents("incidents.csv", read, problems)
        for _, _, row, raw in _rows(read):
            incidents[raw["id"]] = {"date_start": row["date_start"], "date_end": row["date_end"],
                                    "region": raw["region"],
                                    "raw_dates": raw["date_start"] + (f" to {raw['date_end']}" if raw["date_end"] else "")}
    for name, column in (("incidents.csv", "source_ids"), ("aircraft.csv", "source_ids"), ("bases.csv", "source_ids")):
        if name in reads:
            _check_sources_used(name, reads[name][0], column, problems)
    if "aircraft.csv" in reads:
        _check_aircraft("aircraft.csv", reads["aircraft.csv"][0], problems)
    if "claims.csv" in reads:
        _check_claims("claims.csv", reads["claims.csv"][0], problems)
    track_names = {}
    for rel, (read, _) in reads.items():
        if fnmatch.fnmatch(rel, "tracks/*.csv") and rel not in SCHEMAS:
            stem = rel[len("tracks/"):-len(".csv")]
            incident = incidents.get(stem)
            if incident is None and "incidents.csv" in ids:
                problems.append(Problem(rel, f"a track file is named after its incident id, and no incident is "
                                             f"called {stem!r}"))
            _check_track(rel, read, problems, incident)
            track_names[stem] = set(read.raw["track"])
            if incident and not (root / "coastlines" / f"{incident['region']}.fine.geojson").is_file():
                problems.append(Problem(rel, f"incident {stem!r} has tracks, so its region {incident['region']!r} "
                                             f"needs a coastline coastlines/{incident['region']}.fine.geojson"))
    unreadable = {rel[len("tracks/"):-len(".csv")] for _, rel in listed
                  if fnmatch.fnmatch(rel, "tracks/*.csv") and rel not in SCHEMAS and rel not in reads}
    if "tracks/constraints.csv" in reads:
        _check_constraints("tracks/constraints.csv", reads["tracks/constraints.csv"][0], problems, track_names,
                           unreadable)
    # 3. GeoJSON: zones and coastlines
    for p, rel in listed:
        if not rel.endswith(".geojson"):
            continue
        group = rel.split("/")[0]
        if group not in ("zones", "coastlines"):
            problems.append(Problem(rel, "is not checked by any rule; GeoJSON files belong in zones/ or coastlines/"))
            continue
        counts[group] = counts.get(group, 0) + 1
        doc = read_geojson(p, rel, problems)
        if doc is not None:
            check_geojson(doc, rel, problems, ids, zone=group == "zones")
    return problems, counts


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    path = pathlib.Path(argv[0]) if argv else tables.default_data_dir()
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
