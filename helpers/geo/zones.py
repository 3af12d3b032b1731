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


@lru_cache(maxsize=256)
def _aeqd(lat, lon):
    """(forward, inverse) transformers of the azimuthal equidistant projection centred here."""
    crs = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")
    return (pyproj.Transformer.from_crs(_WGS84, crs, always_xy=True),
            pyproj.Transformer.from_crs(crs, _WGS84, always_xy=True))


def _project(geom, transformer):
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _densify(geom, max_deg):
    """Add vertices so no edge is longer than ``max_deg`` degrees (in lon/lat).

    Edges are straight lines in (lon, lat), as in GeoJSON: an edge between two points of a
    parallel follows the parallel. A projection maps only the vertices, so a long edge would
    become a chord that cuts across the parallel (by nautical miles for a 10-degree edge);
    short edges keep that error negligible.
    """
    return shapely.segmentize(geom, max_segment_length=max_deg)


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


@lru_cache(maxsize=16)
def _parts_index(coast):
    """Polygons of a (multi)polygon coast and an STRtree over them, cached per coast object."""
    parts = list(getattr(coast, "geoms", [coast]))
    return parts, shapely.STRtree(parts)


def nearest_coast_point(*, lat, lon, coast):
    """Distance in nautical miles from one position to the nearest land in ``coast`` (a shapely
    (Multi)Polygon of land, lon/lat), and that nearest point. Zero on land.

    Method: a first guess from the polygon nearest in degrees gives an upper bound d; only land
    inside a lat/lon box that contains the circle of radius d is then measured exactly, in an
    azimuthal equidistant projection centred on the position.
    """
    lat = float(checks.latitude("lat", lat))
    coast = _check_geometry("coast", coast)
    lon = float(_into_frame(float(checks.longitude("lon", lon)), coast))
    parts, tree = _parts_index(coast)
    here = Point(lon, lat)
    forward, inverse = _aeqd(round(lat, 9), round(lon, 9))
    guess = parts[int(tree.nearest(here))]
    # An upper bound: the true distance to a real point of the coast (a vertex of the guess, or
    # its nearest point in degrees); never to a projected chord, which may cut the coast.
    vertex_m = np.hypot(*forward.transform(*shapely.get_coordinates(guess).T)).min()
    near_deg = nearest_points(guess, here)[0]
    bound_m = min(float(vertex_m), float(np.hypot(*forward.transform(near_deg.x, near_deg.y))))
    dlat = bound_m / NM_IN_M / 60.0 * 1.01 + 0.01
    dlon = min(360.0, dlat / max(np.cos(np.deg2rad(min(abs(lat) + dlat, 89.9))), 1e-6))
    window = box(lon - dlon, max(lat - dlat, -90), lon + dlon, min(lat + dlat, 90))
    candidates = [parts[i] for i in tree.query(window)] or [guess]
    local = shapely.clip_by_rect(shapely.union_all(candidates), *window.bounds)
    if local.is_empty:
        local = guess
    projected = _project(_densify(local, max(bound_m / NM_IN_M / 60.0 * 0.01, 1e-4)), forward)
    if projected.contains(Point(0, 0)):
        return CoastPoint(0.0, LatLon(lat, lon))
    near = nearest_points(projected, Point(0, 0))[0]
    near_lon, near_lat = inverse.transform(near.x, near.y)
    near_lon = lon + (near_lon - lon + 180.0) % 360.0 - 180.0
    return CoastPoint(near.distance(Point(0, 0)) / NM_IN_M, LatLon(float(near_lat), float(near_lon)))


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
            forward, inverse = _aeqd(round(lat_c, 6), round(float(west + lon_step / 2), 6))
            grown = _project(_densify(part, 0.05), forward).buffer(dist_m, quad_segs=quad_segs)
            pieces.append(_project(grown, inverse))
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

    Measures every ``step_s`` seconds, then every second between the samples either side of
    the closest one. Returns a ``TrackToCoast`` (distance in nautical miles, UTC time, points).
    """
    import pandas as pd

    from helpers.geo.tracks import position_at, resample

    coarse = resample(track, step_s=step_s)
    dists = distance_to_coast_nmi(lat=coarse["lat"].to_numpy(), lon=coarse["lon"].to_numpy(), coast=coast)
    k = int(np.argmin(dists))
    lo, hi = coarse["time"].iloc[max(k - 1, 0)], coarse["time"].iloc[min(k + 1, len(coarse) - 1)]
    fine = position_at(track, pd.date_range(lo, hi, freq="1s"))
    best = None
    for lat, lon, when in zip(fine["lat"], fine["lon"], fine["time"]):
        hit = nearest_coast_point(lat=lat, lon=lon, coast=coast)
        if best is None or hit.distance_nmi < best.distance_nmi:
            best = TrackToCoast(hit.distance_nmi, when, LatLon(float(lat), float(lon)), hit.nearest)
    return best
