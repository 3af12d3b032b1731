"""Edge cases of helpers.geo found by attacking it (issue 9, point 6); each failed on the old code."""

import numpy as np
import pytest
from shapely.geometry import Point

from helpers import geo
from helpers.geo import LatLon


def test_destination_returns_longitudes_the_other_functions_accept():
    p = geo.destination(lat=0.0, lon=539.0, bearing_deg=90.0, distance_nmi=300.0)
    assert -540 <= p.lon <= 540, p
    assert abs(geo.distance_nmi(lat1=0.0, lon1=539.0, lat2=p.lat, lon2=p.lon) - 300.0) < 1e-6
    q = geo.destination(lat=0.0, lon=-539.0, bearing_deg=270.0, distance_nmi=300.0)
    assert abs(geo.distance_nmi(lat1=0.0, lon1=-539.0, lat2=q.lat, lon2=q.lon) - 300.0) < 1e-6


@pytest.mark.parametrize("fn", [geo.cross_track_nmi, geo.along_track_nmi])
@pytest.mark.parametrize("lat2, lon2, word", [(10.0, 20.0, "coincide"), (-10.0, -160.0, "antipodal")])
def test_line_through_coinciding_or_antipodal_ends_is_refused(fn, lat2, lon2, word):
    with pytest.raises(ValueError, match=word):
        fn(lat=11.0, lon=21.0, lat1=10.0, lon1=20.0, lat2=lat2, lon2=lon2)


def test_cross_track_still_works_for_a_proper_line():
    assert geo.cross_track_nmi(lat=1.0, lon=5.0, lat1=0.0, lon1=0.0, lat2=0.0, lon2=10.0) < -59


def test_intercept_finds_the_first_window_not_a_later_one():
    # a 3,000-kt target heading straight at a 100-kt interceptor from 60 nmi: they meet after
    # about 1.16 min (the old grid search skipped that 5-second window and reported 419 min)
    start, target = LatLon(0.0, 0.0), LatLon(0.0, 1.0)
    res = geo.intercept_course(interceptor=start, speed_kt=100.0, target=target, target_course_deg=270.0,
                               target_speed_kt=3000.0)
    gap = geo.distance_nmi(lat1=0.0, lon1=0.0, lat2=0.0, lon2=1.0)
    expected_min = gap / 3100.0 * 60.0  # head-on: closing speed 3,100 kt
    assert res.possible and abs(res.time_min - expected_min) < 1e-3, (res, expected_min)
    assert res.time_min < 2.0


def test_buffer_near_the_pole_is_right_and_contains_its_input():
    spot = Point(20.0, 88.5).buffer(0.001)
    ring = geo.buffer_nmi(spot, 200.0)
    assert ring.contains(spot)
    bearings = np.arange(0.0, 360.0, 15.0)
    for d, expect in ((198.0, True), (202.0, False)):
        p = geo.destination(lat=np.full(24, 88.5), lon=np.full(24, 20.0), bearing_deg=bearings,
                            distance_nmi=np.full(24, d))
        got = geo.inside(ring, lat=p.lat, lon=p.lon)
        assert np.all(got == expect), f"at {d} nmi from 88.5 N: inside {got}"
    near_pole = geo.inside(ring, lat=np.full(8, 89.99), lon=np.arange(-180.0, 180.0, 45.0))
    assert near_pole.all(), "88.5 N is 90 nmi from the pole: the pole is inside"


@pytest.mark.parametrize("bad", ["12", b"12", True, np.bool_(False), [1.0, "2"], [1.0, None]])
def test_strings_and_booleans_are_not_numbers(bad):
    with pytest.raises(ValueError, match="lat1"):
        geo.distance_nmi(lat1=bad, lon1=0.0, lat2=1.0, lon2=1.0)


def test_shapes_3_and_3x1_do_not_broadcast_silently():
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 1\)"):
        geo.distance_nmi(lat1=[1.0, 2.0, 3.0], lon1=[[1.0], [2.0], [3.0]], lat2=1.0, lon2=1.0)
    # a single number still goes with any shape
    assert np.shape(geo.distance_nmi(lat1=[1.0, 2.0, 3.0], lon1=0.0, lat2=1.0, lon2=1.0)) == (3,)


@pytest.mark.parametrize("kwargs, word", [
    (dict(lat1=[0.0, 1.0], lon1=0.0, lat2=1.0, lon2=1.0), "lat1"),
    (dict(lat1=0.0, lon1=0.0, lat2=1.0, lon2=1.0, n=float("nan")), "n:"),
    (dict(lat1=0.0, lon1=0.0, lat2=1.0, lon2=1.0, n=float("inf")), "n:"),
    (dict(lat1=0.0, lon1=0.0, lat2=1.0, lon2=1.0, n="10"), "n:"),
])
def test_great_circle_points_clear_errors(kwargs, word):
    with pytest.raises(ValueError, match=word):
        geo.great_circle_points(**kwargs)
