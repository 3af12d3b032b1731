"""Zones at sea: distance to the coast, geodesic buffers (12, 24, 200 nmi), inside or outside.

Shapely works on flat coordinates, so it is never asked for a distance in degrees. Distances
and buffers are computed in an azimuthal equidistant projection (``+proj=aeqd``) centred on the
place in question, in which distances from the centre are true on the WGS84 ellipsoid.

Geometries are shapely objects in (lon, lat) order, as in GeoJSON. Coastlines that cross the
antimeridian use continuous longitudes (e.g. -183 for 177 E); a position is moved by +-360
degrees into the geometry's frame before testing it.

Real territorial-sea limits are measured from legal baselines (UNCLOS Art. 5-7: the low-water
line or straight baselines across bays and island fringes), not from a drawn coastline, so the
kit's 12-nmi line is an approximation of the legal one.
"""

from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pyproj
import shapely
from shapely.geometry import Point, box
from shapely.ops import nearest_points

from helpers.geo import checks
from helpers.geo.geodesic import LatLon
from helpers.geo.units import NM_IN_M

_WGS84 = "EPSG:4326"


@lru_cache(maxsize=4096)
def _aeqd(lat, lon):
    """(forward, inverse) transformers of the azimuthal equidistant projection centred here."""
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")
    return (pyproj.Transformer.from_crs(_WGS84, crs, always_xy=True),
            pyproj.Transformer.from_crs(crs, _WGS84, always_xy=True))


def _project(geom, transformer):
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _unproject(geom, inverse, lon0):
    """Back to lon/lat with longitudes continuous around ``lon0`` (proj returns -180..180)."""
    def back(xy):
        lon, lat = inverse.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([lon0 + (np.asarray(lon) - lon0 + 180.0) % 360.0 - 180.0, lat])

    return shapely.transform(geom, back)


def _check_geometry(name, geom):
    if not isinstance(geom, shapely.Geometry):
        raise ValueError(f"{name}: expected a shapely geometry in (lon, lat) degrees, got {type(geom).__name__}")
    if geom.is_empty:
        raise ValueError(f"{name}: the geometry is empty")
    return geom


def _into_frame(lon, geom):
    """Shift longitude(s) by a multiple of 360 towards the middle of ``geom``'s longitudes."""
    minx, _, maxx, _ = geom.bounds
    mid = (minx + maxx) / 2.0
    return lon + np.round((mid - lon) / 360.0) * 360.0


class CoastPoint(NamedTuple):
    """The nearest point of a coastline to a position."""

    distance_nmi: float
    nearest: LatLon


TILE_DEG = 1.0
"""Coastlines are cut into tiles of this many degrees once, so a query touches only small pieces."""


SEGMENT_DEG = 0.02
"""Edges are straight in lon/lat (the GeoJSON convention); splitting them into pieces of at most
this many degrees keeps their projected chords within about 1e-5 nmi of them."""
_TILE_CACHE = {}


def _tiles(coast):
    """The coast cut into pieces no larger than TILE_DEG, and an STRtree over them. Cached per
    coast object (by identity: hashing a large geometry would cost more than the lookup saves)."""
    hit = _TILE_CACHE.get(id(coast))
    if hit is not None and hit[0] is coast:
        return hit[1], hit[2]
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
    pieces = list(shapely.segmentize(np.asarray(pieces, dtype=object), SEGMENT_DEG))
    tree = shapely.STRtree(pieces)
    if len(_TILE_CACHE) >= 16:
        _TILE_CACHE.pop(next(iter(_TILE_CACHE)))
    _TILE_CACHE[id(coast)] = (coast, pieces, tree)
    return pieces, tree


PROJECTION_GRID_DEG = 0.5
"""Local projections are centred on a grid of this spacing, so they can be cached and reused."""


def nearest_coast_point(*, lat, lon, coast):
    """Distance in nautical miles from one position to the nearest land in ``coast`` (a shapely
    (Multi)Polygon of land, lon/lat), and that nearest point. Zero on land.

    Method: the land piece nearest in degrees gives a point on land, whose geodesic distance is
    an upper bound d. Every land piece inside a lat/lon box that contains the circle of radius d
    is measured in an azimuthal equidistant projection centred within 0.36 degrees of the
    position, which picks the nearest coast point; the distance reported is the exact WGS84
    geodesic distance to that point (``pyproj.Geod``).
    """
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
    """(distance nmi, lat, lon) of the point of ``piece``'s boundary (edges straight in lon/lat)
    geodesically nearest to (lat, lon), searched by golden section within ``span_deg`` of the
    first guess (near_lat, near_lon)."""
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


def _geodesic_nmi(lat1, lon1, lat2, lon2):
    from helpers.geo.geodesic import GEOD

    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / NM_IN_M


def distance_to_coast_nmi(*, lat, lon, coast):
    """Distance in nautical miles from position(s) to the nearest land of ``coast`` (0 on land).

    Accepts numbers or equal-length arrays; see ``nearest_coast_point`` for the method.
    """
    lats = checks.latitude("lat", lat)
    lons = checks.longitude("lon", lon)
    checks.same_shape(lat=lats, lon=lons)
    lats, lons = np.broadcast_arrays(lats, lons)
    out = np.array([nearest_coast_point(lat=a, lon=o, coast=coast).distance_nmi
                    for a, o in zip(lats.ravel(), lons.ravel())]).reshape(lats.shape)
    return checks.scalar_or_array(out)


def buffer_nmi(geometry, distance_nmi, *, tile_deg=4.0, quad_segs=16):
    """Everything within ``distance_nmi`` nautical miles of ``geometry``, geodesically.

    The geometry is cut into tiles of ``tile_deg`` degrees of latitude; each piece is buffered in
    an azimuthal equidistant projection centred on its tile, and the pieces are united. Because a
    buffer of a union is the union of the buffers, the result is exact up to the projection's
    scale error at the tile's edge (about 0.3 % of the distance for 4-degree tiles and 200 nmi).
    Each polygon is buffered on its own and the results united on a 1-m grid: buffering a
    collection of thousands of islets at once makes GEOS use gigabytes of memory.
    """
    geometry = _check_geometry("geometry", geometry)
    dist_m = float(checks.non_negative("distance_nmi", distance_nmi)) * NM_IN_M
    tile = float(checks.positive("tile_deg", tile_deg))
    minx, miny, maxx, maxy = geometry.bounds
    pieces = []
    for south in np.arange(np.floor(miny / tile) * tile, maxy, tile):
        lat_c = float(np.clip(south + tile / 2, -89.0, 89.0))
        lon_step = tile / max(np.cos(np.deg2rad(min(abs(south), abs(south + tile)))), 0.05)
        for west in np.arange(np.floor(minx / lon_step) * lon_step, maxx, lon_step):
            part = shapely.clip_by_rect(geometry, west, south, west + lon_step, south + tile)
            if part.is_empty:
                continue
            lon_c = float(west + lon_step / 2)
            forward, inverse = _aeqd(round(lat_c, 6), round(lon_c, 6))
            polygons = np.asarray(shapely.get_parts(part), dtype=object)
            grown = shapely.buffer(_project(polygons, forward), dist_m, quad_segs=quad_segs)
            merged = shapely.union_all(grown, grid_size=1.0)
            pieces.append(_unproject(merged, inverse, lon_c))
    return shapely.make_valid(shapely.union_all(pieces))


def inside(polygon, *, lat, lon):
    """True where the position(s) lie inside ``polygon`` (a shapely geometry in lon/lat)."""
    polygon = _check_geometry("polygon", polygon)
    lats = checks.latitude("lat", lat)
    lons = checks.longitude("lon", lon)
    checks.same_shape(lat=lats, lon=lons)
    result = shapely.contains_xy(polygon, _into_frame(lons, polygon), lats)
    return bool(result) if np.ndim(result) == 0 else np.asarray(result)


class TrackToCoast(NamedTuple):
    """Where a track came closest to a coastline."""

    distance_nmi: float
    time: object
    on_track: LatLon
    on_coast: LatLon


def closest_to_coast(track, coast, *, step_s=60.0):
    """When and where a track came closest to ``coast`` (land as a shapely geometry).

    Measures every ``step_s`` seconds (not at every fix: dense tracks would cost too much), then
    searches the time between the samples either side of the closest one by golden section (to
    about 0.1 s); the distance is smooth or V-shaped there, so the search finds the minimum. Returns a ``TrackToCoast`` (distance in
    nautical miles, UTC time, the point on the track and the nearest point of the coast).
    """
    import pandas as pd

    from helpers.geo.tracks import position_at

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


class Corridor(NamedTuple):
    """The widest stretch of a line that lies beyond a distance from every coast."""

    width_nmi: float
    start: LatLon
    end: LatLon
    profile: object
    """DataFrame along the line: ``along_nmi``, ``lat``, ``lon``, ``to_coast_nmi``."""


def corridor_width_nmi(*, lat1, lon1, lat2, lon2, coast, limit_nmi=12.0, n=401):
    """How much of the geodesic from point 1 to point 2 lies more than ``limit_nmi`` from land.

    Samples ``n`` points along the line, measures each one's distance to ``coast``, and returns
    the longest continuous stretch beyond the limit (e.g. the international airspace between two
    12-nmi territorial seas across the Gulf of Finland) as a ``Corridor``, its ends refined to
    about 0.01 nmi. Width 0 if no point is beyond the limit.
    """
    import pandas as pd

    from helpers.geo.geodesic import destination, distance_nmi, great_circle_points, initial_bearing_deg

    limit = float(checks.non_negative("limit_nmi", limit_nmi))
    pts = great_circle_points(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2, n=n)
    along = np.asarray(distance_nmi(lat1=np.full(n, float(lat1)), lon1=np.full(n, float(lon1)),
                                    lat2=pts["lat"].to_numpy(), lon2=pts["lon"].to_numpy()))
    dist = np.asarray(distance_to_coast_nmi(lat=pts["lat"].to_numpy(), lon=pts["lon"].to_numpy(), coast=coast))
    profile = pd.DataFrame({"along_nmi": along, "lat": pts["lat"], "lon": pts["lon"], "to_coast_nmi": dist})
    beyond = dist > limit
    if not beyond.any():
        here = LatLon(float(lat1), float(lon1))
        return Corridor(0.0, here, here, profile)
    runs, start = [], None
    for i, b in enumerate(beyond):
        if b and start is None:
            start = i
        if (not b or i == n - 1) and start is not None:
            runs.append((start, i if b else i - 1))
            start = None
    i0, i1 = max(runs, key=lambda r: along[r[1]] - along[r[0]])
    course = float(initial_bearing_deg(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2))

    def edge(inside_i, outside_i):
        """Along-distance where the distance to coast crosses the limit between two samples."""
        lo, hi = along[outside_i], along[inside_i]
        for _ in range(30):
            mid = (lo + hi) / 2
            p = destination(lat=float(lat1), lon=float(lon1), bearing_deg=course, distance_nmi=mid)
            if nearest_coast_point(lat=p.lat, lon=p.lon, coast=coast).distance_nmi > limit:
                hi = mid
            else:
                lo = mid
        return (lo + hi) / 2

    a = edge(i0, i0 - 1) if i0 > 0 else along[0]
    b = edge(i1, i1 + 1) if i1 < n - 1 else along[-1]
    pa = destination(lat=float(lat1), lon=float(lon1), bearing_deg=course, distance_nmi=a)
    pb = destination(lat=float(lat1), lon=float(lon1), bearing_deg=course, distance_nmi=b)
    return Corridor(float(b - a), LatLon(float(pa.lat), float(pa.lon)), LatLon(float(pb.lat), float(pb.lon)), profile)
