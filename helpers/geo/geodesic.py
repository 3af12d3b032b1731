"""Distances, bearings and lines on the Earth.

The Earth is the WGS84 ellipsoid; geodesics come from ``pyproj.Geod``, which implements
C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87, 43-55 (2013), accurate to about
15 nanometres. ``haversine_nmi`` keeps the sphere formula that students can read by hand; on the
ellipsoid the true distance differs from it by up to about 0.56 % (tested).

All positions are keyword arguments in decimal degrees (``lat=``, ``lon=``), distances in
nautical miles, bearings in degrees clockwise from true north. Functions accept numbers or
numpy arrays / pandas Series of equal length.
"""

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyproj

from helpers.geo import checks
from helpers.geo.units import NM_IN_M

GEOD = pyproj.Geod(ellps="WGS84")
"""The WGS84 ellipsoid used for every geodesic in the kit."""

EARTH_MEAN_RADIUS_NMI = 6371008.8 / NM_IN_M
"""IUGG mean Earth radius (6,371,008.8 m) in nautical miles, for the sphere formulas."""


class LatLon(NamedTuple):
    """A position: latitude and longitude in decimal degrees (arrays allowed)."""

    lat: float
    lon: float


def _pairs(lat1, lon1, lat2, lon2):
    lat1 = checks.latitude("lat1", lat1)
    lon1 = checks.longitude("lon1", lon1)
    lat2 = checks.latitude("lat2", lat2)
    lon2 = checks.longitude("lon2", lon2)
    checks.same_shape(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    return np.broadcast_arrays(lat1, lon1, lat2, lon2)


def _one_pair(lat1, lon1, lat2, lon2):
    """Two single positions as floats; arrays are refused (a line has one start and one end)."""
    values = _pairs(lat1, lon1, lat2, lon2)
    for name, v in zip(("lat1", "lon1", "lat2", "lon2"), values):
        if np.size(v) != 1:
            raise ValueError(f"{name}: a line joins two single positions; got an array of shape {np.shape(v)} "
                             "(draw one line per pair of points)")
    return tuple(float(np.ravel(v)[0]) for v in values)


def _count(name, n):
    """A whole number of points >= 2 (an int, or a float with no fraction)."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name}: need a whole number of points >= 2, got {n!r}")
    if not np.isfinite(n) or int(n) != n or n < 2:
        raise ValueError(f"{name}: need a whole number of points >= 2, got {n!r}")
    return int(n)


def _line_ends_check(lat1, lon1, lat2, lon2):
    """Refuse a line whose ends coincide or are antipodal: no single great circle runs through them."""
    a = np.stack(_unit(lat1, lon1))
    b = np.stack(_unit(lat2, lon2))
    cross = np.linalg.norm(np.cross(a, b, axis=0), axis=0)
    bad = cross < 1e-12
    if np.any(bad):
        same = np.sum(a * b, axis=0) > 0
        what = "coincide" if np.all(same[bad]) else "are antipodal"
        raise ValueError(f"lat1/lon1 and lat2/lon2: the line's two ends {what}, so no single great "
                         "circle runs through them; give two distinct, non-antipodal points")


def _unit(lat, lon):
    phi, lam = np.deg2rad(np.asarray(lat, float)), np.deg2rad(np.asarray(lon, float))
    return np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)


def wrap_lon(lon):
    """Longitude(s) in degrees brought into [-180, 180)."""
    lon = checks.as_float("lon", lon)
    return checks.scalar_or_array((lon + 180.0) % 360.0 - 180.0)


def unwrap_lon(lon):
    """Make a sequence of longitudes continuous (no jump of more than 180 degrees between
    neighbours), e.g. [179, -179] becomes [179, 181], so a line across the antimeridian is drawn
    the short way instead of around the world."""
    lon = checks.as_float("lon", lon)
    if lon.ndim == 0 or lon.size == 0:
        return checks.scalar_or_array(lon)
    return np.rad2deg(np.unwrap(np.deg2rad(lon)))


def distance_nmi(*, lat1, lon1, lat2, lon2):
    """Geodesic distance in nautical miles between two positions on the WGS84 ellipsoid."""
    lat1, lon1, lat2, lon2 = _pairs(lat1, lon1, lat2, lon2)
    _, _, dist_m = GEOD.inv(lon1, lat1, lon2, lat2)
    return checks.scalar_or_array(np.asarray(dist_m) / NM_IN_M)


def haversine_nmi(*, lat1, lon1, lat2, lon2, radius_nmi=EARTH_MEAN_RADIUS_NMI):
    """Great-circle distance in nautical miles on a sphere of ``radius_nmi`` (the haversine formula).

    ``d = 2 R asin(sqrt(sin^2(dlat/2) + cos(lat1) cos(lat2) sin^2(dlon/2)))``. Kept for teaching:
    it differs from ``distance_nmi`` (the ellipsoid) by up to about 0.56 %.
    """
    lat1, lon1, lat2, lon2 = (np.deg2rad(a) for a in _pairs(lat1, lon1, lat2, lon2))
    radius = checks.positive("radius_nmi", radius_nmi)
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return checks.scalar_or_array(2 * radius * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def initial_bearing_deg(*, lat1, lon1, lat2, lon2):
    """Initial bearing (true course) in degrees [0, 360) of the geodesic from point 1 to point 2."""
    lat1, lon1, lat2, lon2 = _pairs(lat1, lon1, lat2, lon2)
    az12, _, _ = GEOD.inv(lon1, lat1, lon2, lat2)
    return checks.scalar_or_array(np.mod(np.asarray(az12), 360.0))


def leg_bearings_deg(*, lat, lon):
    """Initial bearing (true course) in degrees [0, 360) of each leg of a line given by its
    positions in order (``lat``, ``lon``: sequences of degrees, e.g. the columns of
    ``great_circle_points``): n positions give n - 1 bearings, the first from position 0 to 1.

    The first and last values are the course at the start and at the end of a route: they differ
    along a great circle and stay the same along a rhumb line.
    """
    lat, lon = checks.latitude("lat", lat), checks.longitude("lon", lon)
    if np.ndim(lat) != 1 or np.shape(lat) != np.shape(lon):
        raise ValueError(f"lat, lon: need two sequences of positions of one length, got shapes "
                         f"{np.shape(lat)} and {np.shape(lon)}")
    if lat.size < 2:
        raise ValueError(f"lat, lon: a line needs at least 2 positions to have a leg, got {lat.size}")
    return np.asarray(initial_bearing_deg(lat1=lat[:-1], lon1=lon[:-1], lat2=lat[1:], lon2=lon[1:]), dtype=float)


def destination(*, lat, lon, bearing_deg, distance_nmi):
    """The position reached by flying ``distance_nmi`` nautical miles along the geodesic that
    starts at (``lat``, ``lon``) on true bearing ``bearing_deg``. Returns a ``LatLon`` whose
    longitude continues from ``lon`` (it may pass 180 rather than jump to -180)."""
    lat = checks.latitude("lat", lat)
    lon = checks.longitude("lon", lon)
    bearing = checks.as_float("bearing_deg", bearing_deg)
    dist = checks.non_negative("distance_nmi", distance_nmi)
    checks.same_shape(lat=lat, lon=lon, bearing_deg=bearing, distance_nmi=dist)
    lat, lon, bearing, dist = np.broadcast_arrays(lat, lon, bearing, dist)
    lon2, lat2, _ = GEOD.fwd(lon, lat, bearing, dist * NM_IN_M)
    lon2 = lon + (np.asarray(lon2) - lon + 180.0) % 360.0 - 180.0
    # keep within [-540, 540], the range every other function accepts (a start at 539 E flown
    # east would otherwise end beyond it)
    lon2 = np.where(lon2 > 540.0, lon2 - 360.0, np.where(lon2 < -540.0, lon2 + 360.0, lon2))
    return LatLon(checks.scalar_or_array(lat2), checks.scalar_or_array(lon2))


def great_circle_points(*, lat1, lon1, lat2, lon2, n=50):
    """``n`` points (including both ends) evenly spaced along the geodesic from point 1 to 2.

    Returns a DataFrame with columns ``lat``, ``lon`` (continuous longitudes, ready to draw).
    """
    lat1, lon1, lat2, lon2 = _one_pair(lat1, lon1, lat2, lon2)
    n = _count("n", n)
    inner = GEOD.npts(lon1, lat1, lon2, lat2, int(n) - 2) if n > 2 else []
    lons = [lon1] + [p[0] for p in inner] + [lon2]
    lats = [lat1] + [p[1] for p in inner] + [lat2]
    return pd.DataFrame({"lat": lats, "lon": unwrap_lon(lons)})


_MERCATOR = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3395", always_xy=True)
"""World Mercator on the WGS84 ellipsoid: rhumb lines are straight lines in it."""


def rhumb_line_points(*, lat1, lon1, lat2, lon2, n=50):
    """``n`` points along the rhumb line (loxodrome, constant true course) from point 1 to 2.

    A rhumb line is a straight line on a Mercator chart; ADIZ boundaries "along a parallel"
    (14 CFR 99.41) are rhumb lines. The line goes the short way round in longitude. Returns a
    DataFrame with ``lat``, ``lon`` (continuous longitudes).
    """
    lat1, lon1, lat2, lon2 = _one_pair(lat1, lon1, lat2, lon2)
    n = _count("n", n)
    if max(abs(lat1), abs(lat2)) >= 89.9:
        raise ValueError("lat1/lat2: a rhumb line cannot start or end at a pole (|lat| >= 89.9)")
    lon2 = lon1 + (lon2 - lon1 + 180.0) % 360.0 - 180.0
    x1, y1 = _MERCATOR.transform(0.0, lat1)
    x2, y2 = _MERCATOR.transform(lon2 - lon1, lat2)
    frac = np.linspace(0.0, 1.0, int(n))
    xs, ys = x1 + frac * (x2 - x1), y1 + frac * (y2 - y1)
    dlon, lats = _MERCATOR.transform(xs, ys, direction="INVERSE")
    lons = lon1 + np.asarray(dlon)
    lons[-1] = lon2
    return pd.DataFrame({"lat": np.asarray(lats), "lon": lons})


def rhumb_distance_nmi(*, lat1, lon1, lat2, lon2, n=2001):
    """Length in nautical miles of the rhumb line from point 1 to 2 (summed over ``n`` points)."""
    pts = rhumb_line_points(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2, n=n)
    legs = distance_nmi(lat1=pts.lat.values[:-1], lon1=pts.lon.values[:-1],
                        lat2=pts.lat.values[1:], lon2=pts.lon.values[1:])
    return float(np.sum(legs))


def cross_track_nmi(*, lat, lon, lat1, lon1, lat2, lon2):
    """Signed distance in nautical miles from a position to the great circle through 1 and 2.

    Positive means right of the track flown from 1 towards 2, negative left. This is how far
    KAL 007 had drifted off route R20. Sphere formula (mean Earth radius) with bearings and
    distances from the ellipsoid: within about 0.5 % of the true ellipsoidal offset.
    """
    lat = checks.latitude("lat", lat)
    lon = checks.longitude("lon", lon)
    lat1, lon1, lat2, lon2 = _pairs(lat1, lon1, lat2, lon2)
    checks.same_shape(lat=lat, lon=lon, lat1=lat1)
    _line_ends_check(lat1, lon1, lat2, lon2)
    d13 = np.asarray(distance_nmi(lat1=lat1, lon1=lon1, lat2=lat, lon2=lon)) / EARTH_MEAN_RADIUS_NMI
    theta13 = np.deg2rad(initial_bearing_deg(lat1=lat1, lon1=lon1, lat2=lat, lon2=lon))
    theta12 = np.deg2rad(initial_bearing_deg(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2))
    xt = np.arcsin(np.clip(np.sin(d13) * np.sin(theta13 - theta12), -1.0, 1.0))
    return checks.scalar_or_array(xt * EARTH_MEAN_RADIUS_NMI)


def along_track_nmi(*, lat, lon, lat1, lon1, lat2, lon2):
    """Distance in nautical miles from point 1, along the great circle towards 2, to the foot of
    the perpendicular from the position (negative if the foot lies behind point 1)."""
    lat = checks.latitude("lat", lat)
    lon = checks.longitude("lon", lon)
    lat1, lon1, lat2, lon2 = _pairs(lat1, lon1, lat2, lon2)
    checks.same_shape(lat=lat, lon=lon, lat1=lat1)
    _line_ends_check(lat1, lon1, lat2, lon2)
    d13 = np.asarray(distance_nmi(lat1=lat1, lon1=lon1, lat2=lat, lon2=lon)) / EARTH_MEAN_RADIUS_NMI
    theta13 = np.deg2rad(initial_bearing_deg(lat1=lat1, lon1=lon1, lat2=lat, lon2=lon))
    theta12 = np.deg2rad(initial_bearing_deg(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2))
    # Right spherical triangle: tan(at) = tan(d13) cos(theta13 - theta12). The atan2 form keeps
    # full precision near the start (arccos(cos(d13) / cos(xt)) gave 0 within ~7 cm of it, where
    # cos(d13) rounds to 1.0) and carries the sign (negative behind point 1).
    at = np.arctan2(np.sin(d13) * np.cos(theta13 - theta12), np.cos(d13))
    return checks.scalar_or_array(at * EARTH_MEAN_RADIUS_NMI)
