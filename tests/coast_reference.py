"""The kit's original, point-by-point distance to the coast: the exact reference the fast
vectorised functions in ``helpers.geo.zones`` are tested against (agreement within 1 m and 1 s).

Per position: the land piece nearest in degrees gives an upper bound d; every piece inside a
lat/lon box containing the circle of radius d is measured in an azimuthal equidistant projection
centred within 0.36 degrees of the position; the nearest piece's boundary is then searched by
golden section for the point at the least WGS84 geodesic distance (``pyproj.Geod``). Slow
(milliseconds per position, Python loops), but simple to read and check.
"""

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point, box
from shapely.ops import nearest_points

from helpers.geo import checks
from helpers.geo.geodesic import GEOD, LatLon
from helpers.geo.tracks import position_at
from helpers.geo.units import NM_IN_M
from helpers.geo.zones import CoastPoint, TrackToCoast, _aeqd, _check_geometry, _into_frame, _project

PROJECTION_GRID_DEG = 0.5
"""Local projections are centred on a grid of this spacing (so they can be cached and reused)."""

TILE_DEG = 1.0
"""Coastlines are cut into tiles of this many degrees once, so a query touches only small pieces."""

SEGMENT_DEG = 0.02
"""Edges are straight in lon/lat (the GeoJSON convention); splitting them into pieces of at most
this many degrees keeps their projected chords within about 1e-5 nmi of them."""

_TILE_CACHE = {}


def _cut_tiles(coast):
    """The coast cut into pieces no larger than TILE_DEG, edges split every SEGMENT_DEG."""
    pieces = []
    for poly in getattr(coast, "geoms", [coast]):
        minx, miny, maxx, maxy = poly.bounds
        if maxx - minx <= TILE_DEG and maxy - miny <= TILE_DEG:
            pieces.append(poly)
            continue
        for x0 in np.arange(np.floor(minx / TILE_DEG) * TILE_DEG, maxx, TILE_DEG):
            column = shapely.clip_by_rect(poly, x0, miny, x0 + TILE_DEG, maxy)
            if column.is_empty:
                continue
            for y0 in np.arange(np.floor(miny / TILE_DEG) * TILE_DEG, maxy, TILE_DEG):
                piece = shapely.clip_by_rect(column, x0, y0, x0 + TILE_DEG, y0 + TILE_DEG)
                if not piece.is_empty:
                    pieces.append(piece)
    return shapely.segmentize(np.asarray(pieces, dtype=object), SEGMENT_DEG)


def _tiles(coast):
    """(tiles, STRtree over them), kept in memory per coast object."""
    hit = _TILE_CACHE.get(id(coast))
    if hit is None or hit[0] is not coast:
        pieces = _cut_tiles(coast)
        hit = _TILE_CACHE[id(coast)] = (coast, pieces, shapely.STRtree(pieces))
    return hit[1], hit[2]


def _geodesic_nmi(lat1, lon1, lat2, lon2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / NM_IN_M


def nearest_coast_point(*, lat, lon, coast):
    """Distance in nmi from one position to the nearest land of ``coast`` and that point (0 on land)."""
    lat = float(checks.latitude("lat", lat))
    coast = _check_geometry("coast", coast)
    lon = float(_into_frame(float(checks.longitude("lon", lon)), coast))
    pieces, tree = _tiles(coast)
    here = Point(lon, lat)
    if len(tree.query(here, predicate="intersects")):
        return CoastPoint(0.0, LatLon(lat, lon))
    guess = pieces[int(tree.nearest(here))]
    on_land = shapely.get_coordinates(shapely.shortest_line(guess, here))[0]
    bound_nmi = _geodesic_nmi(lat, lon, on_land[1], on_land[0])
    dlat = bound_nmi / 60.0 * 1.01 + 0.01
    dlon = min(360.0, dlat / max(np.cos(np.deg2rad(min(abs(lat) + dlat, 89.9))), 1e-6))
    window = box(lon - dlon, max(lat - dlat, -90), lon + dlon, min(lat + dlat, 90))
    grid = PROJECTION_GRID_DEG
    forward, inverse = _aeqd(round(lat / grid) * grid, round(lon / grid) * grid)
    origin = Point(*forward.transform(lon, lat))
    candidates = np.asarray(pieces, dtype=object)[tree.query(window)]
    best = (bound_nmi, on_land[1], on_land[0])
    if len(candidates):
        projected = _project(candidates, forward)
        k = int(np.argmin(shapely.distance(projected, origin)))
        near = nearest_points(projected[k], origin)[0]
        near_lon, near_lat = inverse.transform(near.x, near.y)
        near_lon = lon + (near_lon - lon + 180.0) % 360.0 - 180.0
        candidate = _refine_on_boundary(candidates[k], lat, lon, near_lat, near_lon)
        if candidate[0] < best[0]:
            best = candidate
    dist, near_lat, near_lon = best
    near_lon = lon + (near_lon - lon + 180.0) % 360.0 - 180.0
    return CoastPoint(float(dist), LatLon(float(near_lat), float(near_lon)))


def _refine_on_boundary(piece, lat, lon, near_lat, near_lon, span_deg=0.05):
    """(distance nmi, lat, lon) of the boundary point of ``piece`` geodesically nearest to
    (lat, lon), by golden section within ``span_deg`` of the first guess."""
    guess = Point(near_lon, near_lat)
    lines = list(getattr(piece.boundary, "geoms", [piece.boundary]))
    line = lines[int(np.argmin([g.distance(guess) for g in lines]))]
    s0 = line.project(guess)
    lo, hi = max(s0 - span_deg, 0.0), min(s0 + span_deg, line.length)

    def at(s):
        p = line.interpolate(s)
        return _geodesic_nmi(lat, lon, p.y, p.x), p.y, p.x

    ratio = (np.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = at(a)[0], at(b)[0]
    for _ in range(60):
        if hi - lo < 1e-9:
            break
        if fa <= fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = at(a)[0]
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = at(b)[0]
    return min(at(lo), at(hi), at((lo + hi) / 2), at(s0))


def distance_to_coast_nmi(*, lat, lon, coast):
    """``nearest_coast_point`` in a loop, for arrays (nmi)."""
    lats, lons = np.broadcast_arrays(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float))
    out = np.array([nearest_coast_point(lat=a, lon=o, coast=coast).distance_nmi
                    for a, o in zip(lats.ravel(), lons.ravel())]).reshape(lats.shape)
    return checks.scalar_or_array(out)


def closest_to_coast(track, coast, *, step_s=60.0):
    """When and where a track came closest to ``coast``: samples every ``step_s`` seconds, then a
    golden-section search in time (to about 0.1 s) around the closest sample."""
    start, end = track["time"].iloc[0], track["time"].iloc[-1]
    grid = pd.date_range(start, end, freq=pd.Timedelta(seconds=float(step_s)))
    coarse = position_at(track, grid.append(pd.DatetimeIndex([end])).unique())
    dists = distance_to_coast_nmi(lat=coarse["lat"].to_numpy(), lon=coarse["lon"].to_numpy(), coast=coast)
    k = int(np.argmin(dists))
    lo = coarse["time"].iloc[max(k - 1, 0)].value / 1e9
    hi = coarse["time"].iloc[min(k + 1, len(coarse) - 1)].value / 1e9

    def at(seconds):
        when = pd.Timestamp(int(round(seconds * 1e9)), tz="UTC")
        pos = position_at(track, when)
        hit = nearest_coast_point(lat=pos["lat"], lon=pos["lon"], coast=coast)
        return TrackToCoast(hit.distance_nmi, when, LatLon(float(pos["lat"]), float(pos["lon"])), hit.nearest)

    ratio = (np.sqrt(5) - 1) / 2
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = at(a), at(b)
    while hi - lo > 0.1:
        if fa.distance_nmi <= fb.distance_nmi:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = at(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = at(b)
    candidates = [fa, fb, at(coarse["time"].iloc[k].value / 1e9)]
    return min(candidates, key=lambda c: c.distance_nmi)
