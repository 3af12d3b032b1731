"""Unit tests of helpers.geo.motion: CPA on a plane, intercept course, pure pursuit, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.geo import (
    CPA, Intercept, LatLon, as_latlon, cpa, destination, distance_nmi, initial_bearing_deg,
    intercept_course, pure_pursuit, velocity_kt,
)

coord = st.floats(min_value=-1000, max_value=1000, allow_nan=False)
speed = st.floats(min_value=-1000, max_value=1000, allow_nan=False)


def angle_diff(a, b):
    return (a - b + 180.0) % 360.0 - 180.0


# --- cpa: known cases -------------------------------------------------------------------------

def test_cpa_head_on():
    # 60 nmi apart, closing at 300 + 300 kt: they meet after 0.1 h, halfway (tolerance 1e-12)
    c = cpa(pos_a=(0, 0), vel_a=(0, 300), pos_b=(0, 60), vel_b=(0, -300))
    assert isinstance(c, CPA), type(c)
    assert abs(c.time_h - 0.1) < 1e-12 and abs(c.distance_nmi) < 1e-12, f"head-on: {c}"
    assert np.allclose(c.position_a, (0, 30), atol=1e-12) and np.allclose(c.position_b, (0, 30), atol=1e-12), c


def test_cpa_crossing_at_right_angles_meeting_exactly():
    # A 40 nmi west of the crossing at 400 kt east, B 30 nmi south at 300 kt north: both there at 0.1 h
    c = cpa(pos_a=(-40, 0), vel_a=(400, 0), pos_b=(0, -30), vel_b=(0, 300))
    assert abs(c.time_h - 0.1) < 1e-12, f"they meet after 6 minutes, got {c.time_h * 60} min"
    assert abs(c.distance_nmi) < 1e-12, f"they meet exactly: distance {c.distance_nmi}"
    assert np.allclose(c.position_a, (0, 0), atol=1e-12) and np.allclose(c.position_b, (0, 0), atol=1e-12), c


def test_cpa_crossing_with_a_miss():
    # A at 400 kt east from (-40, 0); B at 300 kt north from (0, -40): relative r = (40, -40),
    # v = (-400, 300); t* = -(r.v)/|v|^2 = 28000/250000 h; d = |r x v| / |v| = 4000/500 = 8 nmi
    c = cpa(pos_a=(-40, 0), vel_a=(400, 0), pos_b=(0, -40), vel_b=(0, 300))
    assert abs(c.time_h - 28000 / 250000) < 1e-12, f"time {c.time_h}"
    assert abs(c.distance_nmi - 8) < 1e-12, f"distance {c.distance_nmi}, expected 8 nmi"


def test_cpa_parallel_same_velocity():
    c = cpa(pos_a=(0, 0), vel_a=(300, 100), pos_b=(3, 4), vel_b=(300, 100))
    assert c.time_h == 0.0, f"same velocity: the distance never changes, time must be 0, got {c.time_h}"
    assert abs(c.distance_nmi - 5) < 1e-12, f"distance stays 5 nmi, got {c.distance_nmi}"


def test_cpa_separating_is_now():
    c = cpa(pos_a=(0, 0), vel_a=(0, -100), pos_b=(0, 10), vel_b=(0, 100))
    assert c.time_h == 0.0 and abs(c.distance_nmi - 10) < 1e-12, f"separating: CPA is now, got {c}"
    assert c.position_a == (0.0, 0.0) and c.position_b == (0.0, 10.0), c


@given(pa=st.tuples(coord, coord), va=st.tuples(speed, speed), pb=st.tuples(coord, coord), vb=st.tuples(speed, speed),
       ts=st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=20))
@settings(max_examples=150, deadline=None)
def test_cpa_not_larger_than_any_later_distance(pa, va, pb, vb, ts):
    c = cpa(pos_a=pa, vel_a=va, pos_b=pb, vel_b=vb)
    assert c.time_h >= 0 and c.distance_nmi >= 0, f"CPA time and distance must be >= 0: {c}"
    r, v = np.subtract(pb, pa), np.subtract(vb, va)
    for t in ts + [0.0, c.time_h * 0.5, c.time_h * 1.5 + 1e-3]:
        d = float(np.linalg.norm(r + v * t))
        # tolerance: 1e-9 relative to the scale of the numbers involved
        tol = 1e-9 * (1 + np.abs(r).sum() + np.abs(v).sum() * max(t, c.time_h))
        assert c.distance_nmi <= d + tol, f"CPA {c.distance_nmi} nmi but at t={t} h the distance is {d}"
    # the two positions at CPA are distance_nmi apart (tolerance: 1e-9 of the coordinates' size,
    # since p + v t is rounded at the size of the coordinates)
    size = 1 + np.abs(c.position_a).sum() + np.abs(c.position_b).sum()
    gap = float(np.linalg.norm(np.subtract(c.position_b, c.position_a)))
    assert abs(gap - c.distance_nmi) < 1e-9 * size, f"positions at CPA are {gap} nmi apart, CPA says {c.distance_nmi}"


def test_velocity_components():
    for course, expected in ((0, (0, 300)), (90, (300, 0)), (180, (0, -300)), (270, (-300, 0))):
        v = velocity_kt(course_deg=course, speed_kt=300)
        assert np.allclose(v, expected, atol=1e-9), f"course {course}: {v}, expected {expected}"
    v = velocity_kt(course_deg=45, speed_kt=100)
    assert np.allclose(v, (100 / math.sqrt(2),) * 2, atol=1e-12), v


@pytest.mark.parametrize("kwargs, name", [
    (dict(pos_a=(0, 0, 0), vel_a=(0, 0), pos_b=(0, 0), vel_b=(0, 0)), "pos_a"),
    (dict(pos_a=(0, 0), vel_a=(float("nan"), 0), pos_b=(0, 0), vel_b=(0, 0)), "vel_a"),
    (dict(pos_a=(0, 0), vel_a=(0, 0), pos_b="here", vel_b=(0, 0)), "pos_b"),
])
def test_cpa_bad_input(kwargs, name):
    with pytest.raises(ValueError) as err:
        cpa(**kwargs)
    assert str(err.value).startswith(f"{name}:"), f"the message should start with {name!r}: {err.value}"


# --- intercept_course -----------------------------------------------------------------------

def _check_meeting(res, interceptor, spd, target, course, tspeed, delay):
    """The interceptor and the target are both at ``res.point`` at ``res.time_min``."""
    assert res.possible and res.point is not None, f"expected an intercept: {res}"
    flown = distance_nmi(lat1=interceptor.lat, lon1=interceptor.lon, lat2=res.point.lat, lon2=res.point.lon)
    # interceptor: its flying time plus the delay is the intercept time (tolerance 1e-6 min)
    assert abs(flown / spd * 60 + delay - res.time_min) < 1e-6, (
        f"interceptor needs {flown / spd * 60 + delay} min to the point, intercept says {res.time_min}")
    assert abs(res.interceptor_distance_nmi - flown) < 1e-9, f"interceptor_distance_nmi {res.interceptor_distance_nmi}"
    # target: it flies a geodesic on its course, so the point is speed * time from its start
    # (tolerance 1e-6 nmi) and on its course (1e-6 deg, when it has gone more than 1 nmi)
    gone = distance_nmi(lat1=target.lat, lon1=target.lon, lat2=res.point.lat, lon2=res.point.lon)
    assert abs(gone - tspeed * res.time_min / 60) < 1e-6, (
        f"target flew {tspeed * res.time_min / 60} nmi but the point is {gone} nmi from its start")
    if gone > 1:
        b = initial_bearing_deg(lat1=target.lat, lon1=target.lon, lat2=res.point.lat, lon2=res.point.lon)
        assert abs(angle_diff(b, course)) < 1e-6, f"intercept point is on bearing {b} from the target, course {course}"
    # heading: the interceptor's initial bearing to the point, and flying it reaches the point
    if flown > 1e-9:
        b = initial_bearing_deg(lat1=interceptor.lat, lon1=interceptor.lon, lat2=res.point.lat, lon2=res.point.lon)
        assert abs(angle_diff(b, res.heading_deg)) < 1e-9, f"heading {res.heading_deg} does not point at {b}"
        end = destination(lat=interceptor.lat, lon=interceptor.lon, bearing_deg=res.heading_deg, distance_nmi=flown)
        miss = distance_nmi(lat1=end.lat, lon1=end.lon, lat2=res.point.lat, lon2=res.point.lon)
        assert miss < 1e-6, f"flying heading {res.heading_deg} for {flown} nmi misses the point by {miss} nmi"


def test_intercept_tail_chase_known_answer():
    # target 1 degree (60.1077 nmi) east on the equator flying east at 500 kt; interceptor 600 kt:
    # closing speed 100 kt, so 0.601077 h = 36.0646 min (tolerance 1e-6 min), heading 090
    gap0 = distance_nmi(lat1=0, lon1=0, lat2=0, lon2=1)
    res = intercept_course(interceptor=LatLon(0, 0), speed_kt=600, target=LatLon(0, 1), target_course_deg=90,
                           target_speed_kt=500)
    assert isinstance(res, Intercept) and res.possible, res
    assert abs(res.time_min - gap0 / 100 * 60) < 1e-6, f"tail chase: {res.time_min} min, expected {gap0 / 100 * 60}"
    assert abs(angle_diff(res.heading_deg, 90)) < 1e-9 and abs(res.point.lat) < 1e-9, res
    _check_meeting(res, LatLon(0, 0), 600, LatLon(0, 1), 90, 500, 0.0)


def test_intercept_stationary_target_with_delay():
    d = distance_nmi(lat1=60, lon1=-170, lat2=61, lon2=-165)
    res = intercept_course(interceptor=LatLon(60, -170), speed_kt=480, target=LatLon(61, -165),
                           target_course_deg=0, target_speed_kt=0, delay_min=5)
    assert abs(res.time_min - (5 + d / 480 * 60)) < 1e-6, f"stationary target: {res.time_min} min"
    assert distance_nmi(lat1=61, lon1=-165, lat2=res.point.lat, lon2=res.point.lon) < 1e-9, res.point


@given(ilat=st.floats(-60, 60), ilon=st.floats(-180, 180), bearing=st.floats(0, 360), dist=st.floats(5, 400),
       course=st.floats(0, 360), tspeed=st.floats(0, 550), spd=st.floats(150, 1200), delay=st.floats(0, 20))
@settings(max_examples=40, deadline=None)
def test_intercept_point_reached_by_both_at_the_same_time(ilat, ilon, bearing, dist, course, tspeed, spd, delay):
    interceptor = LatLon(ilat, ilon)
    t = destination(lat=ilat, lon=ilon, bearing_deg=bearing, distance_nmi=dist)
    target = LatLon(t.lat, t.lon)
    res = intercept_course(interceptor=interceptor, speed_kt=spd, target=target, target_course_deg=course,
                           target_speed_kt=tspeed, delay_min=delay)
    if not res.possible:
        # only a slower interceptor, or a tail chase longer than the 12 h horizon, can fail
        tail_chase_h = (dist + tspeed * delay / 60) / (spd - tspeed) if spd > tspeed else math.inf
        assert tail_chase_h > 11.9 and res.reason, f"a faster interceptor should make it within 12 h: {res}"
        return
    assert res.time_min >= delay - 1e-9, f"cannot meet before launch: {res.time_min} < delay {delay}"
    _check_meeting(res, interceptor, spd, target, course, tspeed, delay)
    if spd > 1.05 * tspeed:
        # earliest: at every earlier sampled time the target is still out of reach (tolerance 1e-9 nmi)
        for minutes in np.linspace(0, res.time_min, 60)[:-1]:
            where = destination(lat=target.lat, lon=target.lon, bearing_deg=course, distance_nmi=tspeed * minutes / 60)
            need = distance_nmi(lat1=ilat, lon1=ilon, lat2=where.lat, lon2=where.lon)
            reach = spd * max(minutes - delay, 0) / 60
            assert need > reach - 1e-9, f"at {minutes} min the target ({need} nmi) was already within reach ({reach})"


def test_slower_interceptor_chasing_a_target_flying_away():
    res = intercept_course(interceptor=LatLon(0, 0), speed_kt=400, target=LatLon(0, 1), target_course_deg=90,
                           target_speed_kt=500)
    assert res.possible is False, f"a slower interceptor cannot catch a target flying directly away: {res}"
    assert res.heading_deg is None and res.time_min is None and res.point is None, res
    assert isinstance(res.reason, str) and "cannot intercept" in res.reason, f"reason: {res.reason!r}"


def test_zero_speed_interceptor():
    res = intercept_course(interceptor=LatLon(60, -170), speed_kt=0, target=LatLon(61, -170), target_course_deg=180,
                           target_speed_kt=400)
    assert res.possible is False and "zero" in res.reason, f"zero speed: {res}"


@pytest.mark.parametrize("interceptor, target, course, tspeed, spd, delay", [
    (LatLon(64.8, -147.9), LatLon(62.0, -175.0), 60.0, 450.0, 600.0, 10.0),   # Alaska scramble
    (LatLon(0.0, 0.0), LatLon(0.0, 1.0), 90.0, 500.0, 600.0, 0.0),            # tail chase
    (LatLon(55.0, 20.0), LatLon(56.0, 18.0), 180.0, 420.0, 700.0, 3.0),       # crossing
    (LatLon(10.0, 179.5), LatLon(10.5, -178.5), 270.0, 400.0, 550.0, 0.0),    # across 180
])
def test_pure_pursuit_is_never_faster_than_the_intercept(interceptor, target, course, tspeed, spd, delay):
    lead = intercept_course(interceptor=interceptor, speed_kt=spd, target=target, target_course_deg=course,
                            target_speed_kt=tspeed, delay_min=delay)
    chase = pure_pursuit(interceptor=interceptor, speed_kt=spd, target=target, target_course_deg=course,
                         target_speed_kt=tspeed, delay_min=delay, step_s=2.0, capture_nmi=0.2)
    assert lead.possible, lead
    assert list(chase.columns) == ["minutes", "lat", "lon", "lat_i", "lon_i", "gap_nmi"], list(chase.columns)
    last = chase.iloc[-1]
    # ends near the target: within the capture radius or one step of flight (tolerance 1e-9 nmi)
    limit = max(0.2, spd * 2.0 / 3600)
    assert last["gap_nmi"] <= limit + 1e-9, f"pure pursuit ended {last['gap_nmi']} nmi from the target (> {limit})"
    d = distance_nmi(lat1=last["lat"], lon1=last["lon"], lat2=last["lat_i"], lon2=last["lon_i"])
    assert abs(d - last["gap_nmi"]) < 1e-9, f"gap_nmi {last['gap_nmi']} is not the distance {d}"
    # never faster: at the end the remaining gap g could be closed in at most g / (v - v_target)
    # hours, so the lead intercept time can be at most that much later (tolerance 1e-6 min)
    allowance = last["gap_nmi"] / (spd - tspeed) * 60
    assert last["minutes"] + allowance >= lead.time_min - 1e-6, (
        f"pure pursuit took {last['minutes']} min (+{allowance}), the lead intercept {lead.time_min} min")
    assert np.all(np.diff(chase["minutes"]) > 0), "minutes must increase"


def test_pure_pursuit_crossing_target_is_slower():
    # a target crossing ahead: chasing where it is now turns into a tail chase and takes longer
    kw = dict(interceptor=LatLon(55.0, 20.0), speed_kt=600.0, target=LatLon(56.0, 18.0), target_course_deg=90.0,
              target_speed_kt=450.0)
    lead = intercept_course(**kw)
    chase = pure_pursuit(**kw, step_s=2.0, capture_nmi=0.2)
    assert chase["minutes"].iloc[-1] > lead.time_min + 1, (
        f"pure pursuit {chase['minutes'].iloc[-1]} min vs lead {lead.time_min} min: should be clearly slower")


# --- bad input ------------------------------------------------------------------------------

def test_plain_tuple_is_refused():
    for func in (intercept_course, pure_pursuit):
        with pytest.raises(ValueError) as err:
            func(interceptor=(60, -170), speed_kt=500, target=LatLon(61, -170), target_course_deg=0,
                 target_speed_kt=300)
        assert "LatLon" in str(err.value) and str(err.value).startswith("interceptor:"), f"{func.__name__}: {err.value}"
    with pytest.raises(ValueError) as err:
        as_latlon("target", [61, -170])
    assert "LatLon" in str(err.value) and "target" in str(err.value), str(err.value)


def test_mapping_and_latlon_are_accepted():
    assert as_latlon("p", {"lat": 60, "lon": -170}) == LatLon(60.0, -170.0)
    assert as_latlon("p", LatLon(lat=60, lon=-170)) == LatLon(60.0, -170.0)
    with pytest.raises(ValueError) as err:
        as_latlon("p", LatLon(lat=91, lon=0))
    assert str(err.value).startswith("p.lat:") and "91" in str(err.value), str(err.value)


@pytest.mark.parametrize("kwargs, name", [
    (dict(speed_kt=-100), "speed_kt"),
    (dict(target_speed_kt=-1), "target_speed_kt"),
    (dict(delay_min=-5), "delay_min"),
    (dict(target_course_deg=float("nan")), "target_course_deg"),
    (dict(max_time_h=0), "max_time_h"),
])
def test_intercept_bad_numbers_are_named(kwargs, name):
    args = dict(interceptor=LatLon(60, -170), speed_kt=500, target=LatLon(61, -170), target_course_deg=0,
                target_speed_kt=300)
    args.update(kwargs)
    with pytest.raises(ValueError) as err:
        intercept_course(**args)
    assert str(err.value).startswith(f"{name}:"), f"the message should start with {name!r}: {err.value}"
    if name != "max_time_h":
        with pytest.raises(ValueError) as err:
            pure_pursuit(**args)
        assert str(err.value).startswith(f"{name}:"), f"pure_pursuit: the message should start with {name!r}"


def test_velocity_negative_speed_is_named():
    with pytest.raises(ValueError) as err:
        velocity_kt(course_deg=90, speed_kt=-3)
    assert str(err.value).startswith("speed_kt:") and "-3" in str(err.value), str(err.value)


def test_horizon_limits_the_search():
    # a 1,500 nmi tail chase along the equator closing at 100 kt takes 15 h: beyond the 12 h
    # default horizon, found with max_time_h=20 (tolerance 1e-6 min)
    far = destination(lat=0, lon=0, bearing_deg=90, distance_nmi=1500)
    kw = dict(interceptor=LatLon(0, 0), speed_kt=600, target=LatLon(far.lat, far.lon), target_course_deg=90,
              target_speed_kt=500)
    res = intercept_course(**kw)
    assert not res.possible and "12 h" in res.reason, f"15 h tail chase is beyond the 12 h horizon: {res}"
    res = intercept_course(**kw, max_time_h=20)
    assert res.possible and abs(res.time_min - 1500 / 100 * 60) < 1e-6, f"1500 nmi at 100 kt: {res.time_min} min"
