"""Routes between places: great circle vs rhumb line, which 12-nmi limits a route passes, how far
an aircraft can reach, and whether a reported distance fits a candidate base.

Places are rows of ``data/bases.csv`` named by id. Distances in nautical miles (``_nmi``) on the
WGS84 ellipsoid, speeds in knots (``_kt``), times in hours (``_h``). The 12-nmi limits are the
kit's precomputed ``data/coastlines/<region>.limit12.geojson`` (drawn from a coastline, not from
legal baselines: an approximation). Nothing here draws; ``helpers.maps`` does.
"""

import re
from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString

from helpers import data, geo

LIMIT_REGIONS = ("alaska_bering", "baltic", "barents", "black_sea", "east_china_sea", "sea_of_japan",
                 "south_china_sea")
"""Regions with a precomputed 12-nmi limit (``data/coastlines/<region>.limit12.geojson``)."""


class Route(NamedTuple):
    """A route between two places (distances in nmi, courses in degrees true)."""

    start: str
    end: str
    great_circle_nmi: float
    rhumb_nmi: float
    rhumb_extra_nmi: float
    initial_course_deg: float


def place(base_id):
    """(name, ``geo.LatLon``) of a row of ``data/bases.csv``."""
    row = data.base(base_id)
    return row["name"], geo.LatLon(float(row["lat"]), float(row["lon"]))


def route(start_id, end_id):
    """The great circle and the rhumb line between two bases of ``data/bases.csv``."""
    (start_name, a), (end_name, b) = place(start_id), place(end_id)
    gc = float(geo.distance_nmi(lat1=a.lat, lon1=a.lon, lat2=b.lat, lon2=b.lon))
    rhumb = geo.rhumb_distance_nmi(lat1=a.lat, lon1=a.lon, lat2=b.lat, lon2=b.lon)
    course = float(geo.initial_bearing_deg(lat1=a.lat, lon1=a.lon, lat2=b.lat, lon2=b.lon))
    return Route(start_name, end_name, gc, rhumb, rhumb - gc, course)


def flight_time_h(distance_nmi, speed_kt):
    """Hours to fly ``distance_nmi`` nautical miles at ``speed_kt`` knots (no wind, no climb)."""
    speed = float(speed_kt)
    if not speed > 0:
        raise ValueError(f"speed_kt: need a speed above 0 kt, got {speed_kt!r}")
    return float(distance_nmi) / speed


def route_points(start_id, end_id, *, kind="great_circle", n=200):
    """``n`` points (DataFrame lat, lon) along the great circle or the rhumb line between two bases."""
    (_, a), (_, b) = place(start_id), place(end_id)
    if kind == "great_circle":
        return geo.great_circle_points(lat1=a.lat, lon1=a.lon, lat2=b.lat, lon2=b.lon, n=n)
    if kind == "rhumb":
        return geo.rhumb_line_points(lat1=a.lat, lon1=a.lon, lat2=b.lat, lon2=b.lon, n=n)
    raise ValueError(f"kind: expected 'great_circle' or 'rhumb', got {kind!r}")


def path_points(points, *, n_per_leg=60):
    """Great-circle legs joining ``points`` (a sequence of (lat, lon)), as a DataFrame lat, lon
    with continuous longitudes."""
    pts = [(float(lat), float(lon)) for lat, lon in points]
    if len(pts) < 2:
        raise ValueError("points: need at least two (lat, lon) points for a path")
    legs = []
    for (lat1, lon1), (lat2, lon2) in zip(pts, pts[1:]):
        leg = geo.great_circle_points(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2, n=n_per_leg)
        legs.append(leg if not legs else leg.iloc[1:])
    out = pd.concat(legs, ignore_index=True)
    out["lon"] = geo.unwrap_lon(out["lon"].to_numpy())
    return out


def path_length_nmi(points):
    """Length in nautical miles of the great-circle legs joining ``points`` ((lat, lon) pairs)."""
    pts = np.asarray([(float(lat), float(lon)) for lat, lon in points])
    if len(pts) < 2:
        raise ValueError("points: need at least two (lat, lon) points for a path")
    legs = geo.distance_nmi(lat1=pts[:-1, 0], lon1=pts[:-1, 1], lat2=pts[1:, 0], lon2=pts[1:, 1])
    return float(np.sum(legs))


class LimitPassage(NamedTuple):
    """A stretch of a route inside a region's 12-nmi limit (or over its land)."""

    region: str
    inside_nmi: float
    first: geo.LatLon
    last: geo.LatLon


def limits_passed(points, *, regions=LIMIT_REGIONS, limit_nmi=12):
    """The stretches of a path (DataFrame lat, lon) that lie within ``limit_nmi`` of a coast (or over
    land) in each region with a precomputed limit: a list of ``LimitPassage`` (empty: none)."""
    lats, lons = points["lat"].to_numpy(float), geo.unwrap_lon(points["lon"].to_numpy(float))
    out = []
    for region in regions:
        try:
            zone = data.sea_limit(region, limit_nmi)
        except KeyError:
            continue
        minx, _, maxx, _ = zone.bounds
        shift = np.round(((minx + maxx) / 2 - lons) / 360.0) * 360.0
        inside = shapely.contains_xy(zone, lons + shift, lats)
        if not inside.any():
            continue
        idx = np.flatnonzero(inside)
        seg = geo.distance_nmi(lat1=lats[:-1], lon1=lons[:-1], lat2=lats[1:], lon2=lons[1:])
        both = inside[:-1] & inside[1:]
        out.append(LimitPassage(region, float(np.sum(np.asarray(seg)[both])),
                                geo.LatLon(float(lats[idx[0]]), float(geo.wrap_lon(lons[idx[0]]))),
                                geo.LatLon(float(lats[idx[-1]]), float(geo.wrap_lon(lons[idx[-1]])))))
    return out


def min_distance_to_coast_nmi(points, region, *, tier="light", step=1):
    """The smallest distance in nautical miles from the points of a path (DataFrame lat, lon; every
    ``step``-th point) to the coastline of ``region``, and where: (distance_nmi, LatLon)."""
    coast = data.coastline(region, tier)
    sub = points.iloc[::step]
    # every point measured at once (geo.distance_to_coast_nmi works on arrays)
    lats = sub["lat"].to_numpy(float)
    lons = geo.unwrap_lon(sub["lon"].to_numpy(float))
    if not len(lats):
        return (np.inf, None)
    dist = np.asarray(geo.distance_to_coast_nmi(lat=lats, lon=lons, coast=coast), dtype=float).ravel()
    i = int(np.argmin(dist))
    return (float(dist[i]), geo.LatLon(float(lats[i]), float(geo.wrap_lon(lons[i]))))


def reach(*, lat, lon, range_nmi, kinds=("airbase", "airport")):
    """Bases of ``data/bases.csv`` (of the given kinds) with their distance in nmi from (lat, lon)
    and whether they lie within ``range_nmi``; nearest first."""
    if not float(range_nmi) >= 0:
        raise ValueError(f"range_nmi: need a range of 0 nmi or more, got {range_nmi!r}")
    table = data.bases()
    table = table[table["kind"].isin(kinds)].copy()
    table["distance_nmi"] = np.asarray(geo.distance_nmi(lat1=np.full(len(table), float(lat)),
                                                        lon1=np.full(len(table), float(lon)),
                                                        lat2=table["lat"].to_numpy(float),
                                                        lon2=table["lon"].to_numpy(float)))
    table["reachable"] = table["distance_nmi"] <= float(range_nmi)
    cols = ["id", "name", "country", "kind", "distance_nmi", "reachable"]
    return table.sort_values("distance_nmi")[cols].reset_index(drop=True)


_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:[\s-]*)(km|kilomet|nmi|nautical|mi)", re.IGNORECASE)


def reported_distance_km(value):
    """The distance in km stated in a claim's text value (e.g. "more than 10,000 km flight",
    "9,977-kilometer flight"), or None; ``(km, is_lower_bound)`` where the text says "more than"
    or "over"."""
    match = _NUMBER.search(str(value))
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    unit = match.group(2).lower()
    km = number if unit.startswith("k") else geo.nmi_to_km(number if unit.startswith("n") else geo.mi_to_nmi(number))
    lower = bool(re.search(r"\b(more than|over|exceed)", str(value), re.IGNORECASE))
    return float(km), lower


def distance_fit(incident_id, candidates, destination, *, tolerance=0.01):
    """Each reported flight distance of an incident tested against the great circle from each
    candidate base to ``destination``. A flown route is never shorter than the great circle, so a
    figure fits a base when it is at least the great circle (less ``tolerance``, a fraction); a lower
    bound ("more than 10,000 km") fits every base, since a detour can make any route that long.
    Columns: claim id, party, value, reported_km, lower_bound, base, great_circle_km, detour_km, fits."""
    claims = data.claims(incident_id)
    rows = []
    (_, end) = place(destination)
    for _, c in claims.iterrows():
        parsed = reported_distance_km(c["value"])
        if parsed is None:
            continue
        km, lower = parsed
        for base_id in candidates:
            name, start = place(base_id)
            gc_km = geo.nmi_to_km(float(geo.distance_nmi(lat1=start.lat, lon1=start.lon, lat2=end.lat, lon2=end.lon)))
            rows.append({"claim": c["id"], "party": c["party"], "value": c["value"], "reported_km": km,
                         "lower_bound": lower, "base": base_id, "great_circle_km": gc_km,
                         "detour_km": km - gc_km, "fits": lower or km >= gc_km * (1 - tolerance)})
    return pd.DataFrame(rows)


def offshore_check(points, regions, *, tier="fine", min_nmi=12.0):
    """For each region, the path's smallest distance to that region's coast (nmi), where, and
    whether it stays beyond ``min_nmi`` (a point at exactly ``min_nmi`` is inside the limit, UNCLOS Art. 3's
    "not exceeding"): a DataFrame region, min_nmi, lat, lon, keeps_clear."""
    rows = []
    for region in regions:
        try:
            d, at = min_distance_to_coast_nmi(points, region, tier=tier)
        except KeyError:
            d, at = min_distance_to_coast_nmi(points, region, tier="light")
        rows.append({"region": region, "min_nmi": d, "lat": at.lat, "lon": at.lon, "keeps_clear": d > min_nmi})
    return pd.DataFrame(rows)


def path_line(points):
    """A shapely LineString (lon, lat) of a path DataFrame, for drawing."""
    return LineString(zip(geo.unwrap_lon(points["lon"].to_numpy(float)), points["lat"].to_numpy(float)))
