"""Zones at sea: distance to the coast, geodesic buffers (12, 24, 200 nmi), inside or outside.

Shapely works on flat coordinates, so it is never asked for a distance in degrees. Distances to
the coast are WGS84 geodesics found by the array search of ``helpers.geo.nearest``; buffers are
computed in an azimuthal equidistant projection (``+proj=aeqd``) centred on the place in question,
in which distances from the centre are true on the WGS84 ellipsoid.

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

from helpers.geo import cache, checks, nearest
from helpers.geo.geodesic import LatLon
from helpers.geo.units import NM_IN_M

_WGS84 = "EPSG:4326"


@lru_cache(maxsize=4096)
def _aeqd(lat, lon):
    """(forward, inverse) transformers of the azimuthal equidistant projection centred here."""
    # A PROJ pipeline (the same operations as EPSG:4326 -> +proj=aeqd +datum=WGS84, lon/lat order)
    # is made in about 0.1 ms; going through pyproj.CRS costs about 15 ms per centre.
    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84"
    return (pyproj.Transformer.from_pipeline(
                f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {aeqd}"),
            pyproj.Transformer.from_pipeline(
                f"+proj=pipeline +step +inv {aeqd} +step +proj=unitconvert +xy_in=rad +xy_out=deg"))


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


DISK_CACHE_COORDINATES = 20_000
"""Coasts with at least this many coordinates keep their search arrays in a cache file (smaller
ones are prepared in milliseconds)."""

_DIGESTS = {}


def _digest(coast):
    """A hash of the coast's exact coordinates (kept per coast object), naming its cache file."""
    hit = _DIGESTS.get(id(coast))
    if hit is not None and hit[0] is coast:
        return hit[1]
    key = cache.digest(shapely.to_wkb(coast, hex=False, output_dimension=2))
    if len(_DIGESTS) >= 32:
        _DIGESTS.pop(next(iter(_DIGESTS)))
    _DIGESTS[id(coast)] = (coast, key)
    return key


_PREPARED = {}


def _prepared(coast):
    """The coast's edges and search trees (``helpers.geo.nearest.prepare``). Large coasts keep the
    arrays in a cache file named by a hash of the coast (``helpers.geo.cache``), so an edited
    coastline gets new arrays; within a session they are kept in memory per coast object."""
    hit = _PREPARED.get(id(coast))
    if hit is not None and hit[0] is coast:
        return hit[1]
    arrays = None
    if shapely.get_num_coordinates(coast) >= DISK_CACHE_COORDINATES:
        name = f"coast-search-v{cache.FORMAT}-{nearest.SEGMENT_DEG}-{nearest.CHUNK}-{_digest(coast)}.npz"
        arrays = cache.read_arrays(name, nearest.ARRAYS)
        if arrays is None:
            arrays = nearest.prepare_arrays(coast)
            cache.write_arrays(name, arrays)
    prep = nearest.from_arrays(arrays if arrays is not None else nearest.prepare_arrays(coast))
    if len(_PREPARED) >= 16:
        _PREPARED.pop(next(iter(_PREPARED)))
    _PREPARED[id(coast)] = (coast, prep)
    return prep


def nearest_coast_point(*, lat, lon, coast):
    """Distance in nautical miles from one position to the nearest land in ``coast`` (a shapely
    (Multi)Polygon of land, lon/lat), and that nearest point. Zero on land.

    The distance is the WGS84 geodesic distance (``pyproj.Geod``) to the nearest point of the
    coast's edges (straight in lon/lat, as in GeoJSON); see ``helpers.geo.nearest`` for how it
    is found without measuring every edge.
    """
    lat = float(checks.latitude("lat", lat))
    lon = float(checks.longitude("lon", lon))
    coast = _check_geometry("coast", coast)
    dist, near_lat, near_lon = _nearest(np.array([lat]), np.array([lon]), coast)
    return CoastPoint(float(dist[0]), LatLon(float(near_lat[0]), float(near_lon[0])))


def _nearest(lats, lons, coast):
    """Arrays (distance nmi, nearest lat, nearest lon) for 1-d arrays of checked positions, all
    measured at once: on land 0 and the position itself, at sea the search of
    ``helpers.geo.nearest``."""
    from helpers.geo.geodesic import GEOD

    lons = _into_frame(lons, coast)
    n = len(lats)
    dist, near_lat, near_lon = np.zeros(n), lats.copy(), lons.copy()
    # on land: inside or on the edge of the coast (prepared once: GEOS indexes its edges)
    shapely.prepare(coast)
    on_land = shapely.intersects_xy(coast, lons, lats)
    sea = np.flatnonzero(~on_land)
    if len(sea):
        d, found_lat, found_lon = nearest.search(_prepared(coast), lats[sea], lons[sea], GEOD)
        dist[sea], near_lat[sea] = d, found_lat
        near_lon[sea] = lons[sea] + (found_lon - lons[sea] + 180.0) % 360.0 - 180.0
    return dist, near_lat, near_lon


def distance_to_coast_nmi(*, lat, lon, coast):
    """Distance in nautical miles from position(s) to the nearest land of ``coast`` (0 on land).

    Accepts numbers or equal-length arrays; all positions are measured at once (see
    ``helpers.geo.nearest`` for the method).
    """
    lats = checks.latitude("lat", lat)
    lons = checks.longitude("lon", lon)
    checks.same_shape(lat=lats, lon=lons)
    coast = _check_geometry("coast", coast)
    lats, lons = np.broadcast_arrays(lats, lons)
    if lats.size == 0:
        return np.zeros(lats.shape)
    out = _nearest(lats.ravel().astype(float), lons.ravel().astype(float), coast)[0].reshape(lats.shape)
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
    pieces = []
    # Near a pole the buffer may cover the pole: those parts are buffered in a projection
    # centred on the pole and drawn in lon/lat as caps (ring, then along the pole's parallel).
    reach_deg = dist_m / NM_IN_M / 59.0 + 0.5
    for pole in (90.0, -90.0):
        edge = max(pole - reach_deg - POLAR_CAP_DEG, -90.0) if pole > 0 else min(pole + reach_deg + POLAR_CAP_DEG, 90.0)
        cap = shapely.clip_by_rect(geometry, -1e3, edge, 1e3, 90.0) if pole > 0 else \
            shapely.clip_by_rect(geometry, -1e3, -90.0, 1e3, edge)
        if not cap.is_empty:
            pieces.append(_polar_buffer(cap, dist_m, pole, quad_segs))
            geometry = shapely.difference(geometry, cap)
    if geometry.is_empty:
        return shapely.make_valid(shapely.union_all(pieces))
    minx, miny, maxx, maxy = geometry.bounds
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


POLAR_CAP_DEG = 4.0
"""Parts of a geometry within this many degrees (plus the buffer distance) of a pole are
buffered in a projection centred on the pole (scale error under about 0.2 % there)."""


def _polar_buffer(geom, dist_m, pole, quad_segs):
    """Buffer of ``geom`` (near the pole at latitude ``pole``) in an azimuthal equidistant
    projection centred on the pole; a result around the pole becomes a lon/lat polygon closed
    along the pole (longitudes continuous)."""
    forward, inverse = _aeqd(pole, 0.0)
    parts = np.asarray(shapely.get_parts(geom), dtype=object)
    grown = shapely.union_all(shapely.buffer(_project(parts, forward), dist_m, quad_segs=quad_segs))
    origin = shapely.Point(0.0, 0.0)
    out = []
    for poly in shapely.get_parts(grown):
        def ring_lonlat(ring):
            xy = shapely.get_coordinates(ring)
            lon, lat = inverse.transform(xy[:, 0], xy[:, 1])
            return np.rad2deg(np.unwrap(np.deg2rad(np.asarray(lon)))), np.asarray(lat)

        lon, lat = ring_lonlat(poly.exterior)
        if poly.contains(origin):
            order = np.argsort(lon[:-1])  # the ring seen from the pole: one turn in longitude
            lon, lat = lon[:-1][order], lat[:-1][order]
            minx, _, maxx, _ = geom.bounds  # one turn centred on the input, so the cap contains it
            lon = lon + np.round(((minx + maxx) / 2 - 180.0 - (lon[0] - 0.0)) / 360.0) * 360.0
            shell = np.column_stack([np.r_[lon[-1] - 360.0, lon, lon[0] + 360.0, lon[0] + 360.0, lon[-1] - 360.0],
                                     np.r_[lat[-1], lat, lat[0], pole, pole]])
        else:
            shell = np.column_stack([lon, lat])
        holes = [np.column_stack(ring_lonlat(r)) for r in poly.interiors]
        out.append(shapely.make_valid(shapely.Polygon(shell, holes)))
    return shapely.union_all(out)


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
    the time between the samples either side of the closest one every second, then the two
    seconds around the closest of those every 0.01 s (each pass measured as one array). Returns
    a ``TrackToCoast`` (distance in nautical miles, UTC time, the point on the track and the
    nearest point of the coast).
    """
    import pandas as pd

    from helpers.geo.tracks import _arrays, _interpolate

    coast = _check_geometry("coast", coast)
    step = float(checks.positive("step_s", step_s))
    arr = _arrays(track, "track")
    start, end = arr.t[0], arr.t[-1]

    def measure(secs):
        lat, lon, _ = _interpolate(arr, secs)
        dist, near_lat, near_lon = _nearest(np.asarray(lat, float), np.asarray(lon, float), coast)
        k = int(np.argmin(dist))
        return secs[k], dist[k], (lat[k], lon[k]), (near_lat[k], near_lon[k])

    coarse = np.unique(np.append(start + np.arange(0.0, end - start, step), end))
    best = measure(coarse)
    k = int(np.searchsorted(coarse, best[0]))
    lo, hi = coarse[max(k - 1, 0)], coarse[min(k + 1, len(coarse) - 1)]
    for spacing in (1.0, 0.01):
        secs = np.unique(np.clip(np.append(np.arange(lo, hi, spacing), [hi, best[0]]), start, end))
        found = measure(secs)
        if found[1] <= best[1]:
            best = found
        lo, hi = max(best[0] - spacing, start), min(best[0] + spacing, end)
    seconds, dist, (lat, lon), (near_lat, near_lon) = best
    when = pd.Timestamp(int(round(seconds * 1e9)), tz="UTC")
    return TrackToCoast(float(dist), when, LatLon(float(lat), float(lon)), LatLon(float(near_lat), float(near_lon)))


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
