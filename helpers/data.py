"""Load the kit's data by name: incidents, claims, aircraft, bases, zones, coastlines, tracks.

Everything comes from the ``data/`` folder next to the ``helpers`` package (set the
environment variable ``AIR_ENCOUNTERS_DATA`` to use another folder), whatever the notebook's
working directory. Each table is checked when it is loaded (see ``helpers.validate``); a bad
file raises ``DataError`` naming the file, row, column and value.
"""

import json
import os
import pathlib
from functools import cache, lru_cache

import pandas as pd

from helpers import page, validate

DATA_DIR = pathlib.Path(os.environ.get("AIR_ENCOUNTERS_DATA", pathlib.Path(__file__).resolve().parent.parent / "data"))


class DataError(ValueError):
    """A data file is missing, unreadable or breaks its schema."""


def _closest(name, options):
    import difflib

    near = difflib.get_close_matches(str(name), [str(o) for o in options], n=3)
    return f" Did you mean {', '.join(repr(n) for n in near)}?" if near else ""


@lru_cache(maxsize=1)
def _checked():
    """Validate the whole data folder once per session; raise DataError listing every problem."""
    problems, _ = validate.validate(DATA_DIR)
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise DataError(f"{len(problems)} problem(s) in {DATA_DIR} "
                        f"(run `python -m helpers.validate` to see them all):\n{listing}{more}")
    return True


@cache
def _table(name):
    _checked()
    frame = pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for col in validate.SCHEMAS[name].columns:
        if col.kind in ("number", "lat", "lon"):
            frame[col.name] = pd.to_numeric(frame[col.name].replace("", None))
    return frame


def sources():
    """All sources: id, publisher, title, date, url, accessed, kind."""
    return _table("sources.csv").copy()


def incidents():
    """All incidents, oldest first, with ``date_start``/``date_end`` as dates."""
    frame = _table("incidents.csv").copy()
    for col in ("date_start", "date_end"):
        frame[col] = pd.to_datetime(frame[col].replace("", None))
    return frame.sort_values("date_start").reset_index(drop=True)


def incident(incident_id):
    """One incident as a Series; unknown ids raise ``KeyError`` with suggestions."""
    frame = incidents()
    match = frame[frame["id"] == incident_id]
    if match.empty:
        raise KeyError(f"no incident {incident_id!r} in incidents.csv.{_closest(incident_id, frame['id'])}")
    return match.iloc[0]


def claims(incident_id=None):
    """Claims (what each party said), for one incident or all. ``value_number`` holds the value as
    a number where it is one."""
    frame = _table("claims.csv").copy()
    if incident_id is not None:
        incident(incident_id)
        frame = frame[frame["incident_id"] == incident_id]
    frame["value_number"] = pd.to_numeric(frame["value"], errors="coerce")
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
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values("date").reset_index(drop=True)


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
    """A yearly series from ``data/trends/<name>.csv``."""
    _checked()
    path = DATA_DIR / "trends" / f"{name}.csv"
    if not path.exists():
        options = [p.stem for p in (DATA_DIR / "trends").glob("*.csv")]
        raise KeyError(f"no trend {name!r} in data/trends.{_closest(name, options)}")
    return pd.read_csv(path, encoding="utf-8-sig")


def _geojson_geometry(path):
    import shapely
    from shapely.geometry import shape

    doc = json.loads(path.read_text(encoding="utf-8"))
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
    return _geojson_geometry(path)[0]


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
    _checked()
    path = DATA_DIR / "tracks" / f"{incident_id}.csv"
    if not path.exists():
        options = [p.stem for p in (DATA_DIR / "tracks").glob("*.csv") if p.stem != "constraints"]
        raise KeyError(f"no tracks for incident {incident_id!r}.{_closest(incident_id, options)}")
    frame = pd.read_csv(path, encoding="utf-8-sig")
    frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    return frame


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
    """The public constraints each reconstructed track was built to satisfy."""
    _checked()
    frame = pd.read_csv(DATA_DIR / "tracks" / "constraints.csv", encoding="utf-8-sig")
    return frame if incident_id is None else frame[frame["incident_id"] == incident_id].reset_index(drop=True)


def _source_row(source_id):
    frame = sources()
    match = frame[frame["id"] == source_id]
    if match.empty:
        raise KeyError(f"no source {source_id!r} in sources.csv.{_closest(source_id, frame['id'])}")
    return match.iloc[0]


def cite(source_id):
    """A formatted citation as PLAIN text: Publisher. "Title." Date. URL (accessed YYYY-MM-DD).

    Plain text is safe to ``print``; maps and widgets escape it. For Markdown use
    ``cite_markdown`` or ``sources_markdown`` (never ``Markdown(cite(...))``: data text is untrusted).
    """
    s = _source_row(source_id)
    date = f" {s['date']}." if s["date"] else ""
    return f"{s['publisher']}. \"{s['title']}.\"{date} {s['url']} (accessed {s['accessed']})"


def cite_markdown(source_id):
    """The citation of ``cite`` as safe Markdown: every text escaped (``helpers.page``), the web
    address a link only if it passes ``page.is_safe_url`` (else it is left out)."""
    s = _source_row(source_id)
    date = f" {page.escape_markdown(s['date'])}." if s["date"] else ""
    url = page.link(s["url"], s["url"]) if page.is_safe_url(s["url"]) else "(web address not shown: not a safe address)"
    return (f"{page.escape_markdown(s['publisher'])}. \"{page.escape_markdown(s['title'])}.\"{date} {url} "
            f"(accessed {page.escape_markdown(s['accessed'])})")


def sources_of(incident_id):
    """Ids of every source behind an incident: its row, its claims and its track constraints."""
    row = incident(incident_id)
    ids = [s.strip() for s in row["source_ids"].split(";") if s.strip()]
    ids += list(claims(incident_id)["source_id"])
    path = DATA_DIR / "tracks" / "constraints.csv"
    if path.exists():
        cons = track_constraints(incident_id)
        for cell in cons.get("source_ids", []):
            ids += [s.strip() for s in str(cell).split(";") if s.strip()]
    return list(dict.fromkeys(ids))


def sources_markdown(source_ids):
    """A numbered Markdown list of citations (``cite_markdown``: escaped, safe links only), for a
    notebook's Sources section: ``display(Markdown(data.sources_markdown(ids)))``."""
    return "\n".join(f"{n}. {cite_markdown(s)}" for n, s in enumerate(dict.fromkeys(source_ids), start=1))


def clear_caches():
    """Forget everything loaded so far, so edited files in data/ are read again (e.g. after an
    instructor adds an incident during a session) without restarting the kernel."""
    for loader in (_checked, _table, zone, _coastline, sea_limit):
        loader.cache_clear()
