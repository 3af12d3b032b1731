"""Relative motion: closest point of approach and intercepts.

``cpa`` is the classic formula on a flat local plane: with relative position r = p_b - p_a
and relative velocity v = v_b - v_a, the separation |r + v t| is smallest at
``t* = -(r . v) / |v|^2`` (clamped to t >= 0: the past does not count).

``intercept_course`` solves the bomber-and-fighter problem on the WGS84 ellipsoid: the target
flies a geodesic from its start on ``target_course_deg`` at constant speed; the interceptor
leaves after ``delay_min`` minutes and flies a straight (geodesic) course at ``speed_kt``. The
intercept time is the first t at which the interceptor's flying distance equals the geodesic
distance to where the target will be. ``pure_pursuit`` simulates the naive alternative: always
point at where the target is now.
"""

from typing import NamedTuple

import numpy as np
import pandas as pd

from helpers.geo import checks
from helpers.geo.geodesic import GEOD, LatLon, destination, distance_nmi, initial_bearing_deg
from helpers.geo.units import NM_IN_M


class CPA(NamedTuple):
    """Closest point of approach of two straight-line motions."""

    time_h: float
    """Hours from now until closest approach (0 if they are already separating)."""
    distance_nmi: float
    """Separation at closest approach, nautical miles."""
    position_a: tuple
    position_b: tuple
    """Positions (x east, y north) in nautical miles at closest approach."""


def _vector(name, value):
    arr = checks.as_float(name, value)
    if arr.shape != (2,):
        raise ValueError(f"{name}: expected 2 components (east, north), got {value!r}")
    return arr


def cpa(*, pos_a, vel_a, pos_b, vel_b):
    """Closest point of approach for two aircraft moving in straight lines on a flat plane.

    Positions are (east, north) in nautical miles, velocities (east, north) in knots. Returns a
    ``CPA`` with the time in hours and the distance in nautical miles.
    """
    pa, va = _vector("pos_a", pos_a), _vector("vel_a", vel_a)
    pb, vb = _vector("pos_b", pos_b), _vector("vel_b", vel_b)
    r, v = pb - pa, vb - va
    vv = float(v @ v)
    t = 0.0 if vv == 0.0 else max(0.0, -float(r @ v) / vv)
    return CPA(time_h=t, distance_nmi=float(np.linalg.norm(r + v * t)),
               position_a=tuple(float(x) for x in pa + va * t),
               position_b=tuple(float(x) for x in pb + vb * t))


def velocity_kt(*, course_deg, speed_kt):
    """(east, north) velocity components in knots of a course in degrees true and a speed."""
    c = np.deg2rad(float(checks.as_float("course_deg", course_deg)))
    s = float(checks.non_negative("speed_kt", speed_kt))
    return (s * np.sin(c), s * np.cos(c))


def as_latlon(name, value):
    """Accept ``LatLon(lat=.., lon=..)`` or a mapping with ``lat`` and ``lon``; refuse bare pairs
    whose order a reader would have to guess."""
    if isinstance(value, LatLon):
        lat, lon = value.lat, value.lon
    elif hasattr(value, "keys") and "lat" in value and "lon" in value:
        lat, lon = value["lat"], value["lon"]
    else:
        raise ValueError(f"{name}: give a position as LatLon(lat=..., lon=...) or "
                         f"{{'lat': ..., 'lon': ...}}, got {value!r}")
    return LatLon(float(checks.latitude(f"{name}.lat", lat)), float(checks.longitude(f"{name}.lon", lon)))


class Intercept(NamedTuple):
    """The answer of ``intercept_course``."""

    possible: bool
    heading_deg: float | None
    """Interceptor's initial true heading, degrees."""
    time_min: float | None
    """Minutes from the start (including the delay) until the interceptor meets the target."""
    point: LatLon | None
    interceptor_distance_nmi: float | None
    reason: str


def _target_at(target, course_deg, speed_kt, hours):
    return destination(lat=np.full_like(hours, target.lat), lon=np.full_like(hours, target.lon),
                       bearing_deg=np.full_like(hours, course_deg), distance_nmi=speed_kt * hours)


def _first_nonpositive(f, horizon, *, lipschitz, parts=64, tol_h=1e-10):
    """The first time (hours) in [0, horizon] where ``f`` (a gap in nmi, changing by at most
    ``lipschitz`` nmi per hour) is <= 0, or None. Intervals are searched in time order; one is
    left out only when the Lipschitz bound proves f > 0 all over it, so a brief first window
    (a fast target passing close by) is not skipped for a later one."""
    import heapq

    heap = [(0.0, float(horizon))]
    while heap:
        a, b = heapq.heappop(heap)
        ts = np.linspace(a, b, parts + 1)
        g = f(ts)
        hit = np.flatnonzero(g <= 0.0)
        if hit.size and hit[0] == 0:
            return float(ts[0])
        end = int(hit[0]) if hit.size else parts
        if b - a <= tol_h * parts:
            if hit.size:
                return float(ts[end])
            continue
        lower = (g[:-1] + g[1:]) / 2 - lipschitz * (ts[1:] - ts[:-1]) / 2
        for i in range(end):
            if lower[i] <= 0.0 or i == end - 1 and hit.size:
                heapq.heappush(heap, (float(ts[i]), float(ts[i + 1])))
    return None


def intercept_course(*, interceptor, speed_kt, target, target_course_deg, target_speed_kt,
                     delay_min=0.0, max_time_h=12.0):
    """Heading for the interceptor to meet a target flying a straight course.

    ``interceptor`` and ``target`` are positions (``LatLon``); speeds in knots; the target's
    course in degrees true; ``delay_min`` the minutes before the interceptor starts (scramble
    time). Searches up to ``max_time_h`` hours. Returns an ``Intercept``; when no intercept is
    possible ``possible`` is False and ``reason`` says why.
    """
    start = as_latlon("interceptor", interceptor)
    tgt = as_latlon("target", target)
    speed = float(checks.non_negative("speed_kt", speed_kt))
    tspeed = float(checks.non_negative("target_speed_kt", target_speed_kt))
    course = float(checks.as_float("target_course_deg", target_course_deg))
    delay_h = float(checks.non_negative("delay_min", delay_min)) / 60.0
    horizon = float(checks.positive("max_time_h", max_time_h))
    if speed == 0:
        return Intercept(False, None, None, None, None, "the interceptor's speed is zero")

    def gap(hours):
        """Distance still to close (nmi) at time ``hours``; the first root is the intercept.
        (``_target_at`` and ``distance_nmi`` without their input checks: the search calls this
        hundreds of times with values checked above.)"""
        hours = np.atleast_1d(np.asarray(hours, float))
        lon0, lat0 = np.full_like(hours, tgt.lon), np.full_like(hours, tgt.lat)
        lon2, lat2, _ = GEOD.fwd(lon0, lat0, np.full_like(hours, course), tspeed * hours * NM_IN_M)
        lon2 = lon0 + (np.asarray(lon2) - lon0 + 180.0) % 360.0 - 180.0
        _, _, to_target_m = GEOD.inv(np.full_like(hours, start.lon), np.full_like(hours, start.lat), lon2, lat2)
        return np.asarray(to_target_m) / NM_IN_M - speed * np.clip(hours - delay_h, 0.0, None)

    hi = _first_nonpositive(gap, horizon, lipschitz=speed + tspeed)
    if hi is None:
        values = gap(np.linspace(0.0, horizon, 4001))
        return Intercept(False, None, None, None, None,
                         f"cannot intercept within {horizon:g} h: the target stays ahead "
                         f"(closest remaining gap {values.min():.1f} nmi)")
    meet = _target_at(tgt, course, tspeed, np.array([hi]))
    point = LatLon(float(meet.lat[0]), float(meet.lon[0]))
    heading = float(initial_bearing_deg(lat1=start.lat, lon1=start.lon, lat2=point.lat, lon2=point.lon))
    flown = float(distance_nmi(lat1=start.lat, lon1=start.lon, lat2=point.lat, lon2=point.lon))
    return Intercept(True, heading, float(hi) * 60.0, point, flown, "intercept found")


def pure_pursuit(*, interceptor, speed_kt, target, target_course_deg, target_speed_kt,
                 delay_min=0.0, step_s=10.0, capture_nmi=1.0, max_time_h=6.0):
    """Simulate pure pursuit: every ``step_s`` seconds the interceptor turns towards where the
    target is now. Stops when within ``capture_nmi`` or after ``max_time_h``.

    Returns a DataFrame with ``minutes``, ``lat``/``lon`` of the target, ``lat_i``/``lon_i`` of
    the interceptor and the ``gap_nmi`` between them.
    """
    pos = as_latlon("interceptor", interceptor)
    tgt = as_latlon("target", target)
    speed = float(checks.non_negative("speed_kt", speed_kt))
    tspeed = float(checks.non_negative("target_speed_kt", target_speed_kt))
    course = float(checks.as_float("target_course_deg", target_course_deg))
    delay_h = float(checks.non_negative("delay_min", delay_min)) / 60.0
    step_h = float(checks.positive("step_s", step_s)) / 3600.0
    capture = float(checks.non_negative("capture_nmi", capture_nmi))
    rows = []
    hours = 0.0
    while True:
        t_pos = _target_at(tgt, course, tspeed, np.array([hours]))
        t_now = LatLon(float(t_pos.lat[0]), float(t_pos.lon[0]))
        gap = float(distance_nmi(lat1=pos.lat, lon1=pos.lon, lat2=t_now.lat, lon2=t_now.lon))
        rows.append((hours * 60.0, t_now.lat, t_now.lon, pos.lat, pos.lon, gap))
        if gap <= max(capture, speed * step_h) or hours >= float(max_time_h):
            break
        if hours >= delay_h:
            heading = float(initial_bearing_deg(lat1=pos.lat, lon1=pos.lon, lat2=t_now.lat, lon2=t_now.lon))
            moved = destination(lat=pos.lat, lon=pos.lon, bearing_deg=heading, distance_nmi=min(speed * step_h, gap))
            pos = LatLon(float(moved.lat), float(moved.lon))
        hours += step_h
    return pd.DataFrame(rows, columns=["minutes", "lat", "lon", "lat_i", "lon_i", "gap_nmi"])
