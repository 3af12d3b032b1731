"""Load the kit's data by name: incidents, claims, aircraft, bases, zones, coastlines, tracks.

Everything comes from the ``data/`` folder next to the ``helpers`` package (set the
environment variable ``AIR_ENCOUNTERS_DATA`` to use another folder), whatever the notebook's
working directory. Files are read by ``helpers.tables``, the same reader ``helpers.validate``
checks with, so a lesson gets exactly the table that was checked.

Validation once per data version: the first access validates the whole folder (a bad file
raises ``DataError`` naming the file, row, column and value) and leaves a stamp, keyed by the
hash of every data file and of the rules, in a cache folder outside the repository
(``$AIR_ENCOUNTERS_CACHE``, else ``~/.cache/air-encounters``); later kernels with the same files
skip the work. Every file a loader reads is compared with the hash that was validated, so an
edited file is validated again before it is used. ``clear_caches()`` forgets what was loaded.
"""

import hashlib
import json
import os
import pathlib
import tempfile
from functools import cache, lru_cache

from helpers import page, tables, validate

DATA_DIR = tables.default_data_dir()
_CACHES = []  # caches registered by modules that compute from data (see register_cache)


class DataError(ValueError):
    """A data file is missing, unreadable or breaks its schema."""


def _closest(name, options):
    import difflib

    near = difflib.get_close_matches(str(name), [str(o) for o in options], n=3)
    return f" Did you mean {', '.join(repr(n) for n in near)}?" if near else ""


def register_cache(fn):
    """Register a ``functools`` cache (anything with ``cache_clear``) computed from data, so that
    ``clear_caches()`` clears it too. Returns ``fn``, so it works as a decorator above ``@cache``."""
    if fn not in _CACHES:
        _CACHES.append(fn)
    return fn


def _digest(raw):
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def _fingerprint(root):
    """{path inside the folder: hash of its bytes} for every file of a data folder."""
    return {rel: (_digest(p.read_bytes()) if p.is_file() else "folder") for p, rel in validate.files(root)}


def _rules():
    """A hash of the validation rules (the source of helpers.tables and helpers.validate)."""
    return _digest(b"".join(pathlib.Path(m.__file__).read_bytes() for m in (tables, validate)))


def cache_dir():
    """Where the kit keeps files derived from data (never inside the repository):
    ``$AIR_ENCOUNTERS_CACHE``, else ``$XDG_CACHE_HOME/air-encounters`` or ``~/.cache/air-encounters``."""
    if os.environ.get("AIR_ENCOUNTERS_CACHE"):
        return pathlib.Path(os.environ["AIR_ENCOUNTERS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache"
    return pathlib.Path(base) / "air-encounters"


def _stamp(prints):
    """The stamp file that says: these exact files passed these exact rules."""
    key = _digest(json.dumps([_rules(), sorted(prints.items())]).encode())
    return cache_dir() / "validated" / key


def _write_stamp(stamp):
    """Create the stamp atomically; a cache folder that cannot be written only costs time."""
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=stamp.parent, prefix=".tmp-")
        os.close(fd)
        os.replace(tmp, stamp)
    except OSError:
        pass


@lru_cache(maxsize=1)
def _checked():
    """Validate the data folder unless these exact files passed before (see the module docstring);
    raise DataError listing every problem. Returns {path inside the folder: hash} of what passed."""
    root = pathlib.Path(DATA_DIR)
    for _ in range(3):
        prints = _fingerprint(root)
        stamp = _stamp(prints)
        if stamp.exists():
            return prints
        problems, _ = validate.validate(root)
        if problems:
            listing = "\n".join(f"  - {p}" for p in problems[:20])
            more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
            raise DataError(f"{len(problems)} problem(s) in {DATA_DIR} "
                            f"(run `python -m helpers.validate` to see them all):\n{listing}{more}")
        if _fingerprint(root) == prints:  # nothing changed while it was checked
            _write_stamp(stamp)
            return prints
    raise DataError(f"files in {DATA_DIR} kept changing while they were checked; save your edits and try again")


def _read(rel):
    """The bytes of a data file (path inside the folder, with '/'), exactly as validated: a file
    edited since the last validation is validated again first."""
    for _ in range(3):
        prints = _checked()
        try:
            raw = (pathlib.Path(DATA_DIR) / rel).read_bytes()
        except OSError as err:
            raise DataError(f"{rel} cannot be read in {DATA_DIR} ({err.strerror})") from None
        if prints.get(rel) == _digest(raw):
            return raw
        _checked.cache_clear()
    raise DataError(f"{rel} in {DATA_DIR} kept changing while it was read; save your edits and try again")


def digest(rel):
    """The hash of a data file as validated (e.g. ``"coastlines/baltic.fine.geojson"``), to key a
    cache derived from it."""
    return _digest(_read(rel))


@cache
def _table(name):
    """The typed frame of a CSV file (path inside the data folder), read by ``helpers.tables``
    with its schema from ``helpers.validate``. Shared: callers copy before changing it."""
    return validate.parse_table(_read(name), name, []).frame


def sources():
    """All sources: id, publisher, title, date, url, accessed, kind (all text; ``date`` may be
    partial, e.g. 2020-06; ``accessed`` is YYYY-MM-DD)."""
    frame = _table("sources.csv").copy()
    frame["accessed"] = frame["accessed"].dt.strftime("%Y-%m-%d").fillna("")
    return frame


def incidents():
    """All incidents, oldest first, with ``date_start``/``date_end`` as dates."""
    frame = _table("incidents.csv").copy()
    return frame.sort_values("date_start", kind="stable").reset_index(drop=True)


def incident(incident_id):
    """One incident as a Series; unknown ids raise ``KeyError`` with suggestions."""
    frame = incidents()
    match = frame[frame["id"] == incident_id]
    if match.empty:
        raise KeyError(f"no incident {incident_id!r} in incidents.csv.{_closest(incident_id, frame['id'])}")
    return match.iloc[0]


def claims(incident_id=None):
    """Claims (what each party said), for one incident or all. ``value_number`` holds the value as
    a number where it is one (NaN for text, yes/no and ranges such as '530 to 560')."""
    frame = _table("claims.csv").copy()
    if incident_id is not None:
        incident(incident_id)
        frame = frame[frame["incident_id"] == incident_id]
    frame["value_number"] = [validate.claim_number(v) for v in frame["value"]]
    frame["value_number"] = frame["value_number"].astype("float64")
    return frame.reset_index(drop=True)


def aircraft(type_name=None):
    """The aircraft table, or one type's row as a Series."""
    frame = _table("aircraft.csv").copy()
    if type_name is None:
        return frame
    match = frame[frame["type"] == type_name]
    if match.empty:
        raise KeyError(f"no aircraft type {type_name!r} in aircraft.csv.{_closest(type_name, frame['type'])}")
    return match.iloc[0]


def bases():
    """Airfields and places named in the incidents, with coordinates."""
    return _table("bases.csv").copy()


def base(base_id):
    """One base as a Series."""
    frame = bases()
    match = frame[frame["id"] == base_id]
    if match.empty:
        raise KeyError(f"no base {base_id!r} in bases.csv.{_closest(base_id, frame['id'])}")
    return match.iloc[0]


def law(instrument=None):
    """Excerpts of treaties and regulations (UNCLOS, Chicago Convention, INCSEA, 14 CFR 99)."""
    frame = _table("law.csv").copy()
    return frame if instrument is None else frame[frame["instrument"] == instrument].reset_index(drop=True)


def treaties():
    """Dated events of arms-control treaties (signed, in force, withdrawal, ...), oldest first,
    ``date`` as a date; each row cites its source."""
    frame = _table("treaties.csv").copy()
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def definitions(series=None):
    """What the terms of a published series mean (``data/definitions.csv``: e.g. when a fiscal
    year starts), each with its quote and source; ``series`` picks one trend's rows."""
    frame = _table("definitions.csv").copy()
    return frame if series is None else frame[frame["series"] == series].reset_index(drop=True)


def waypoints(route=None):
    """Waypoints of reconstructed routes (``data/waypoints.csv``), in order; ``route`` picks one.
    Most points are assumptions placed to match a report's wording (see the ``basis`` column)."""
    frame = _table("waypoints.csv").copy()
    if route is not None:
        frame = frame[frame["route"] == route]
        if frame.empty:
            options = _table("waypoints.csv")["route"].unique()
            raise KeyError(f"no route {route!r} in waypoints.csv.{_closest(route, options)}")
    return frame.sort_values(["route", "seq"]).reset_index(drop=True)


def trend(name):
    """A yearly series from ``data/trends/<name>.csv``: numbers (NaN where no source stated one),
    ``source_id`` and any ``note``/``kind``/``as_of`` as text."""
    _checked()
    path = DATA_DIR / "trends" / f"{name}.csv"
    if not path.is_file():
        options = [p.stem for p in (DATA_DIR / "trends").glob("*.csv")]
        raise KeyError(f"no trend {name!r} in data/trends.{_closest(name, options)}")
    return _table(f"trends/{name}.csv").copy()


def _geojson_geometry(path):
    """(geometry, properties of the first feature) of a GeoJSON file under DATA_DIR."""
    import shapely
    from shapely.geometry import shape

    path = pathlib.Path(path)
    doc = json.loads(_read(path.relative_to(DATA_DIR).as_posix()).decode("utf-8-sig"))
    geoms = [shape(f["geometry"]) for f in doc["features"]]
    props = doc["features"][0].get("properties", {}) if doc["features"] else {}
    return shapely.union_all(geoms) if len(geoms) > 1 else geoms[0], props


@cache
def zone(name):
    """A declared or legal zone from ``data/zones/<name>.geojson`` as a shapely geometry (lon/lat)."""
    _checked()
    path = DATA_DIR / "zones" / f"{name}.geojson"
    if not path.exists():
        raise KeyError(f"no zone {name!r} in data/zones.{_closest(name, zone_names())}")
    return _geojson_geometry(path)[0]


def zone_properties(name):
    """The properties (name, legal source ids, notes) of a zone."""
    zone(name)
    return _geojson_geometry(DATA_DIR / "zones" / f"{name}.geojson")[1]


def zones_of(incident_id):
    """Names of the zones whose ``properties.incidents`` lists ``incident_id`` (exact ids, ';'-separated)."""
    return [z for z in zone_names()
            if incident_id in [s.strip() for s in str(zone_properties(z).get("incidents", "")).split(";")]]


def zone_names():
    """Names of the zones in ``data/zones``."""
    return sorted(p.stem for p in (DATA_DIR / "zones").glob("*.geojson"))


def coastline(region, tier="fine"):
    """Land of a region as a shapely MultiPolygon (lon/lat, continuous longitudes).

    ``tier="fine"`` is for measuring (distance to shore, 12-nmi limits), ``"light"`` for drawing.
    """
    if tier not in ("fine", "light"):
        raise ValueError(f"tier: expected 'fine' or 'light', got {tier!r}")
    return _coastline(region, tier)


@cache
def _coastline(region, tier):
    """The cached loader behind ``coastline`` (one cache entry per region and tier)."""
    path = DATA_DIR / "coastlines" / f"{region}.{tier}.geojson"
    if not path.exists():
        options = sorted({p.name.split(".")[0] for p in (DATA_DIR / "coastlines").glob("*.geojson")})
        raise KeyError(f"no {tier} coastline for region {region!r}.{_closest(region, options)}")
    from helpers.geo import cache as derived  # a WKB copy per file version: 50x faster than GeoJSON

    raw = _read(path.relative_to(DATA_DIR).as_posix())
    return derived.geometry_of_bytes(raw, _parse_coastline)


def _parse_coastline(raw):
    """The land of a (validated) coastline GeoJSON file's bytes: shapely's own GeoJSON reader, about
    6x faster than ``json`` + ``shape`` (``_geojson_geometry``) and the same coordinates."""
    import shapely

    doc = shapely.from_geojson(raw.decode("utf-8-sig"))
    geoms = list(doc.geoms) if doc.geom_type == "GeometryCollection" else [doc]
    return shapely.union_all(geoms) if len(geoms) > 1 else geoms[0]


@cache
def sea_limit(region, distance_nmi):
    """The sea within ``distance_nmi`` (12 or 200) of the region's coast, as a shapely geometry,
    from ``data/coastlines/<region>.limit<N>.geojson``. These files are computed from the fine
    coastline with ``helpers.geo.buffer_nmi`` by ``scripts/build_zones.py`` and simplified for
    drawing; for a measurement use ``helpers.geo.distance_to_coast_nmi`` on ``coastline(region)``.

    Real limits run from legal baselines, not from this coastline; treat it as an approximation.
    """
    path = DATA_DIR / "coastlines" / f"{region}.limit{int(distance_nmi)}.geojson"
    if not path.exists():
        raise KeyError(f"no precomputed {distance_nmi}-nmi limit for region {region!r} "
                       "(run python scripts/build_zones.py)")
    return _geojson_geometry(path)[0]


def _track_file(incident_id):
    """The whole track file of an incident (shared frame: do not change it)."""
    _checked()
    path = DATA_DIR / "tracks" / f"{incident_id}.csv"
    if incident_id == "constraints" or not path.is_file():
        options = [p.stem for p in (DATA_DIR / "tracks").glob("*.csv") if p.stem != "constraints"]
        raise KeyError(f"no tracks for incident {incident_id!r}.{_closest(incident_id, options)}")
    return _table(f"tracks/{incident_id}.csv")


def incidents_with_tracks():
    """Ids of the incidents that have reconstructed tracks in ``data/tracks``."""
    _checked()
    return sorted(p.stem for p in (DATA_DIR / "tracks").glob("*.csv") if p.stem != "constraints")


def track_names(incident_id):
    """The names of the tracks (one per aircraft or formation) of an incident."""
    return list(dict.fromkeys(_track_file(incident_id)["track"]))


def track(incident_id, name=None):
    """One track of an incident as a DataFrame (time, lat, lon, alt_ft, track, aircraft, party).

    ``name`` picks one track when the incident has several (see ``track_names``).
    """
    frame = _track_file(incident_id)
    names = list(dict.fromkeys(frame["track"]))
    if name is None:
        if len(names) > 1:
            raise ValueError(f"name: incident {incident_id!r} has several tracks {names}; pick one with name=")
        name = names[0]
    if name not in names:
        raise KeyError(f"no track {name!r} in incident {incident_id!r}; tracks are {names}")
    return frame[frame["track"] == name].reset_index(drop=True)


def tracks(incident_id):
    """All tracks of an incident as a dict name -> DataFrame."""
    return {n: track(incident_id, n) for n in track_names(incident_id)}


def track_constraints(incident_id=None):
    """The public constraints each reconstructed track was built to satisfy (``other_track`` is
    empty where a constraint concerns one track)."""
    frame = _table("tracks/constraints.csv").copy()
    return frame if incident_id is None else frame[frame["incident_id"] == incident_id].reset_index(drop=True)


def source_ids(cell):
    """The source ids in a cell: one id, or several separated by ';' (a claim carried by several
    outlets lists them all, closest to the party first). Empty entries and spaces are dropped."""
    return [s.strip() for s in str(cell).split(";") if s.strip()]


_split_ids = source_ids  # for functions whose parameter is named source_ids


def _source_row(source_id):
    frame = sources()
    match = frame[frame["id"] == source_id]
    if match.empty:
        raise KeyError(f"no source {source_id!r} in sources.csv.{_closest(source_id, frame['id'])}")
    return match.iloc[0]


def cite(source_id):
    """A formatted citation as PLAIN text: Publisher. "Title." Date. URL (accessed YYYY-MM-DD).
    A cell naming several sources ("a;b", as a claim's ``source_id`` may) gives every citation,
    separated by " | ".

    Plain text is safe to ``print``; maps and widgets escape it. For Markdown use
    ``cite_markdown`` or ``sources_markdown`` (never ``Markdown(cite(...))``: data text is untrusted).
    """
    ids = source_ids(source_id)
    if len(ids) > 1:
        return " | ".join(cite(s) for s in ids)
    s = _source_row(ids[0] if ids else source_id)
    date = f" {s['date']}." if s["date"] else ""
    return f"{s['publisher']}. \"{_sentence(s['title'])}\"{date} {s['url']} (accessed {s['accessed']})"


def _sentence(title):
    """A title closed by a full stop, unless it already ends in one, '?' or '!'."""
    return title if title.rstrip().endswith((".", "?", "!")) else f"{title}."


def cite_markdown(source_id):
    """The citation of ``cite`` as safe Markdown: every text escaped (``helpers.page``), the web
    address a link only if it passes ``page.is_safe_url`` (else it is left out). Several sources
    ("a;b") are separated by " | "."""
    ids = source_ids(source_id)
    if len(ids) > 1:
        return " | ".join(cite_markdown(s) for s in ids)
    s = _source_row(ids[0] if ids else source_id)
    date = f" {page.escape_markdown(s['date'])}." if s["date"] else ""
    url = page.link(s["url"], s["url"]) if page.is_safe_url(s["url"]) else "(web address not shown: not a safe address)"
    return (f"{page.escape_markdown(s['publisher'])}. \"{page.escape_markdown(_sentence(s['title']))}\"{date} {url} "
            f"(accessed {page.escape_markdown(s['accessed'])})")


def sources_of(incident_id):
    """Ids of every source behind an incident: its row, its claims and its track constraints."""
    row = incident(incident_id)
    ids = source_ids(row["source_ids"])
    for cell in claims(incident_id)["source_id"]:
        ids += source_ids(cell)
    path = DATA_DIR / "tracks" / "constraints.csv"
    if path.exists():
        cons = track_constraints(incident_id)
        for cell in cons.get("source_ids", []):
            ids += source_ids(cell)
    return list(dict.fromkeys(ids))


def with_sources(claims_frame):
    """A copy of a claims table with three more columns from sources.csv, ``publisher``,
    ``source_kind`` and ``source_date`` (the outlet's date, YYYY-MM-DD or "undated", which tells
    apart two statements of one party on different days): one row per claim; a claim carried by several
    outlets ("a;b") lists each outlet's value in order, joined by " | "."""
    table = sources().set_index("id")
    out = claims_frame.copy()
    ids = out["source_id"].map(source_ids)
    for column, field in (("publisher", "publisher"), ("source_kind", "kind"), ("source_date", "date")):
        out[column] = ids.map(lambda i, field=field: " | ".join(str(v) or "undated" for v in table.loc[i, field]))
    return out


def sources_markdown(source_ids):
    """A numbered Markdown list of citations (``cite_markdown``: escaped, safe links only), for a
    notebook's Sources section: ``display(Markdown(data.sources_markdown(ids)))``. An entry naming
    several sources ("a;b", a claim's ``source_id``) counts as each of them."""
    ids = [s for cell in source_ids for s in _split_ids(cell)]
    return "\n".join(f"{n}. {cite_markdown(s)}" for n, s in enumerate(dict.fromkeys(ids), start=1))


def clear_caches():
    """Forget everything loaded so far, so edited files in data/ are read again (e.g. after an
    instructor adds an incident during a session) without restarting the kernel."""
    for loader in (_checked, _table, zone, _coastline, sea_limit, *_CACHES):
        loader.cache_clear()
