"""Unit tests of helpers.geo.geodesic: distances, bearings, lines, antimeridian, bad input."""

import math

import numpy as np
import pandas as pd
import pyproj
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.geo import (
    LatLon, along_track_nmi, cross_track_nmi, destination, distance_nmi, great_circle_points,
    haversine_nmi, initial_bearing_deg, leg_bearings_deg, rhumb_distance_nmi, rhumb_line_points, unwrap_lon,
    wrap_lon,
)

WGS84 = pyproj.Geod(ellps="WGS84")
NM = 1852.0
WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)

lats = st.floats(min_value=-89.0, max_value=89.0, allow_nan=False)
lons = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)
bearings = st.floats(min_value=0.0, max_value=360.0, allow_nan=False, exclude_max=True)
PROP = settings(max_examples=60, deadline=None)


def angle_diff(a, b):
    """Smallest signed difference a - b between two angles in degrees, in [-180, 180)."""
    return (np.asarray(a) - np.asarray(b) + 180.0) % 360.0 - 180.0


def random_pairs(n=1000, seed=20240611):
    """Uniform pairs on the sphere plus near-antipodal and antimeridian-crossing ones."""
    rng = np.random.default_rng(seed)
    k = n // 4
    lat1 = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    lon1 = rng.uniform(-180, 180, n)
    lat2 = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    lon2 = rng.uniform(-180, 180, n)
    # near-antipodal: the antipode moved by up to 0.5 degree
    lat2[:k] = -lat1[:k] + rng.uniform(-0.5, 0.5, k)
    lon2[:k] = lon1[:k] + 180 + rng.uniform(-0.5, 0.5, k)
    lon2[:k] = (lon2[:k] + 180) % 360 - 180
    # antimeridian-crossing: 170E..180 to 180..170W, some given as continuous longitudes (> 180)
    lon1[k:2 * k] = rng.uniform(170, 180, k)
    lon2[k:2 * k] = rng.uniform(-180, -170, k)
    lat2[k:2 * k] = lat1[k:2 * k] + rng.uniform(-5, 5, k)
    lat2 = np.clip(lat2, -90, 90)
    lon2[k:k + k // 2] += 360.0
    return lat1, lon1, lat2, lon2


# --- known values -------------------------------------------------------------------------

@pytest.mark.parametrize("lat", [0.0, 60.0, -60.0])
def test_one_arc_minute_of_latitude_is_about_one_nmi(lat):
    d = distance_nmi(lat1=lat - 0.5 / 60, lon1=10.0, lat2=lat + 0.5 / 60, lon2=10.0)
    assert 0.99 < d < 1.01, f"1' of latitude at {lat} deg = {d} nmi, expected within [0.99, 1.01]"


def test_one_arc_minute_of_latitude_exact_wgs84():
    # WGS84 meridian arc: 1' = 1842.9 m at the equator, 1861.6 m at the poles (tolerance 0.5 m)
    equator_m = distance_nmi(lat1=-0.5 / 60, lon1=0, lat2=0.5 / 60, lon2=0) * NM
    assert abs(equator_m - 1842.9) < 0.5, f"1' at the equator = {equator_m} m, expected 1842.9 m"
    pole_m = distance_nmi(lat1=90 - 1 / 60, lon1=0, lat2=90, lon2=0) * NM
    assert abs(pole_m - 1861.6) < 0.5, f"1' at the north pole = {pole_m} m, expected 1861.6 m"
    south_m = distance_nmi(lat1=-90, lon1=0, lat2=-90 + 1 / 60, lon2=0) * NM
    assert abs(south_m - 1861.6) < 0.5, f"1' at the south pole = {south_m} m, expected 1861.6 m"


def test_one_degree_along_the_equator():
    # a * pi / 180 = 111,319.49 m = 60.1077 nmi on WGS84 (tolerance 0.01 m / 1e-4 nmi)
    d = distance_nmi(lat1=0, lon1=0, lat2=0, lon2=1)
    assert abs(d * NM - 111319.49) < 0.01, f"1 deg along the equator = {d * NM} m, expected 111,319.49 m"
    assert abs(d - 60.1077) < 1e-4, f"1 deg along the equator = {d} nmi, expected 60.1077 nmi"
    assert abs(d * NM - WGS84_A * math.pi / 180) < 1e-6, "equatorial arc must be a * dlon (tolerance 1 um)"


def test_published_city_pairs():
    # GeographicLib GeodSolve documentation (C. F. F. Karney): JFK (40.6N 73.8W) to LHR
    # (51.6N 0.5W) is 5,551,759.400 m; tolerance 1 mm.
    d = distance_nmi(lat1=40.6, lon1=-73.8, lat2=51.6, lon2=-0.5)
    assert abs(d * NM - 5551759.400) < 1e-3, f"JFK-LHR = {d * NM} m, expected 5,551,759.400 m"
    # Same source: JFK 40:38:23N 073:46:44W to Singapore Changi 01:21:33N 103:59:22E is
    # 15,347,628 m (printed to the metre); tolerance 1 m.
    d = distance_nmi(lat1=40 + 38 / 60 + 23 / 3600, lon1=-(73 + 46 / 60 + 44 / 3600),
                     lat2=1 + 21 / 60 + 33 / 3600, lon2=103 + 59 / 60 + 22 / 3600)
    assert abs(d * NM - 15347628) < 1.0, f"JFK-SIN = {d * NM} m, expected 15,347,628 m"
    # and a direct check against pyproj.Geod for the airport reference points (tolerance 1 mm)
    _, _, ref = WGS84.inv(-73.7781, 40.6413, -0.4543, 51.4700)
    d = distance_nmi(lat1=40.6413, lon1=-73.7781, lat2=51.4700, lon2=-0.4543)
    assert abs(d * NM - ref) < 1e-3, f"JFK-LHR airports = {d * NM} m, pyproj says {ref} m"
    assert abs(d - 2999.4) < 0.1, f"JFK-LHR airports = {d} nmi, expected ~2,999.4 nmi"


def test_initial_bearing_known_values():
    cases = [((0, 0, 10, 0), 0.0), ((0, 0, 0, 10), 90.0), ((10, 0, 0, 0), 180.0), ((0, 10, 0, 0), 270.0)]
    for (la1, lo1, la2, lo2), expected in cases:
        b = initial_bearing_deg(lat1=la1, lon1=lo1, lat2=la2, lon2=lo2)
        assert abs(angle_diff(b, expected)) < 1e-9, f"bearing {la1, lo1} -> {la2, lo2} = {b}, expected {expected}"
        assert 0 <= b < 360, f"bearing must lie in [0, 360), got {b}"
    # JFK -> LHR initial azimuth against pyproj.Geod directly (tolerance 1e-9 deg)
    b = initial_bearing_deg(lat1=40.6, lon1=-73.8, lat2=51.6, lon2=-0.5)
    az_ref = WGS84.inv(-73.8, 40.6, -0.5, 51.6)[0]
    assert abs(b - az_ref % 360) < 1e-9, f"bearing {b} differs from pyproj {az_ref}"


# --- agreement with pyproj and the sphere ------------------------------------------------

def test_agrees_with_pyproj_on_random_pairs():
    lat1, lon1, lat2, lon2 = random_pairs()
    az_ref, _, dist_ref = WGS84.inv(lon1, lat1, lon2, lat2)
    d = distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    assert isinstance(d, np.ndarray) and d.shape == (1000,), f"arrays in, array out: got {type(d)}"
    err_m = np.abs(d * NM - dist_ref)
    assert err_m.max() < 1e-3, f"distance differs from pyproj by {err_m.max()} m (> 1 mm) at {err_m.argmax()}"
    b = initial_bearing_deg(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    # bearings: 1e-6 deg except at the 250 near-antipodal pairs, where azimuth is ill-conditioned
    db = np.abs(angle_diff(b, az_ref))[250:]
    assert db.max() < 1e-6, f"bearing differs from pyproj by {db.max()} deg"
    # Series in, same values out
    d_series = distance_nmi(lat1=pd.Series(lat1), lon1=pd.Series(lon1), lat2=pd.Series(lat2), lon2=pd.Series(lon2))
    np.testing.assert_allclose(d_series, d, rtol=0, atol=1e-12, err_msg="pandas Series must give the same distances")


def test_haversine_vs_ellipsoid():
    lat1, lon1, lat2, lon2 = random_pairs(seed=7)
    keep = WGS84.inv(lon1, lat1, lon2, lat2)[2] > 1000  # relative error is meaningless at 0 distance
    d = distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)[keep]
    h = haversine_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)[keep]
    rel = np.abs(h - d) / d
    assert rel.max() < 0.006, f"haversine differs from the ellipsoid by {rel.max():.3%} (> 0.6 %)"
    assert rel.max() > 0.001, f"the sphere/ellipsoid difference should be real (> 0.1 %), max {rel.max():.3%}"
    # worst case by hand: along a meridian at the equator the sphere is ~0.56 % long
    h = haversine_nmi(lat1=-1, lon1=0, lat2=1, lon2=0)
    d = distance_nmi(lat1=-1, lon1=0, lat2=1, lon2=0)
    assert 0.004 < (h - d) / d < 0.006, f"meridian at the equator: sphere {h}, ellipsoid {d}"


def test_haversine_formula_by_hand():
    # 1 deg along the equator on the mean sphere = R * pi / 180 (tolerance 1e-9 nmi)
    r = 6371008.8 / NM
    assert abs(haversine_nmi(lat1=0, lon1=0, lat2=0, lon2=1) - r * math.pi / 180) < 1e-9
    assert abs(haversine_nmi(lat1=0, lon1=0, lat2=0, lon2=1, radius_nmi=1.0) - math.pi / 180) < 1e-12
    assert abs(haversine_nmi(lat1=90, lon1=0, lat2=-90, lon2=0) - r * math.pi) < 1e-9, "pole to pole"


# --- hypothesis properties ---------------------------------------------------------------

@given(lat1=lats, lon1=lons, lat2=lats, lon2=lons)
@PROP
def test_distance_symmetric_and_non_negative(lat1, lon1, lat2, lon2):
    d12 = distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    d21 = distance_nmi(lat1=lat2, lon1=lon2, lat2=lat1, lon2=lon1)
    assert d12 >= 0, f"distance must be >= 0, got {d12}"
    assert abs(d12 - d21) < 1e-8, f"distance not symmetric: {d12} vs {d21} (tolerance 1e-8 nmi)"
    # the same point 360 degrees later is the same place (tolerance 1e-8 nmi)
    d_shift = distance_nmi(lat1=lat1, lon1=lon1 + 360, lat2=lat2, lon2=lon2 - 360)
    assert abs(d12 - d_shift) < 1e-8, f"longitudes +-360 changed the distance: {d12} vs {d_shift}"


@given(lat=lats, lon=lons, bearing=bearings, dist=st.floats(min_value=0.0, max_value=5000.0))
@PROP
def test_destination_inverse_round_trip(lat, lon, bearing, dist):
    end = destination(lat=lat, lon=lon, bearing_deg=bearing, distance_nmi=dist)
    assert isinstance(end, LatLon), f"destination must return a LatLon, got {type(end).__name__}"
    back = distance_nmi(lat1=lat, lon1=lon, lat2=end.lat, lon2=end.lon)
    assert abs(back - dist) < 1e-6, f"flew {dist} nmi but distance back is {back} (tolerance 1e-6 nmi)"
    # continuous: within 180 degrees of the start (exactly 180 over a pole; 1e-9 deg of rounding)
    assert abs(end.lon - lon) <= 180.0 + 1e-9, f"longitude must continue from {lon}, got {end.lon}"
    if dist > 1.0:
        b = initial_bearing_deg(lat1=lat, lon1=lon, lat2=end.lat, lon2=end.lon)
        assert abs(angle_diff(b, bearing)) < 1e-6, f"set off on {bearing}, bearing back says {b} (tol 1e-6 deg)"


def test_destination_arrays_and_zero_distance():
    end = destination(lat=np.array([0.0, 60.0]), lon=np.array([0.0, -170.0]), bearing_deg=0.0,
                      distance_nmi=np.array([0.0, 60.0]))
    assert end.lat.shape == (2,), f"arrays in must give arrays out, got {end!r}"
    assert end.lat[0] == 0.0 and end.lon[0] == 0.0, f"zero distance must stay put, got {end.lat[0], end.lon[0]}"
    # 60 nmi north of 60N is ~1 degree of latitude (1' ~ 1 nmi); the exact WGS84 answer is
    # 60 nmi / 1855.3 m per minute ~ 59.9 minutes (tolerance 0.01 deg)
    assert abs(end.lat[1] - 61.0) < 0.01, f"60 nmi north of 60N: {end.lat[1]}"
    assert abs(end.lon[1] + 170.0) < 1e-9, f"due north must keep the longitude, got {end.lon[1]}"


@given(lat1=lats, lon1=lons, lat2=lats, lon2=lons, n=st.integers(min_value=2, max_value=60))
@PROP
def test_great_circle_points_even_spacing(lat1, lon1, lat2, lon2, n):
    total = distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    assume(total < 10000)  # stay clear of the antipode, where the geodesic is not unique
    pts = great_circle_points(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2, n=n)
    assert list(pts.columns) == ["lat", "lon"] and len(pts) == n, f"expected {n} rows of lat, lon: {pts.head()}"
    # endpoints: tolerance 1e-9 deg (longitudes pass through np.unwrap in radians: a few ulps)
    assert abs(pts.lat.iloc[0] - lat1) < 1e-9 and abs(pts.lon.iloc[0] - lon1) < 1e-9, (
        f"first point {pts.iloc[0].tolist()} != start {lat1, lon1}")
    assert abs(pts.lat.iloc[-1] - lat2) < 1e-9, f"last latitude {pts.lat.iloc[-1]} != {lat2}"
    assert abs(angle_diff(pts.lon.iloc[-1], lon2)) < 1e-9, f"last longitude {pts.lon.iloc[-1]} != {lon2} (mod 360)"
    legs = distance_nmi(lat1=pts.lat.values[:-1], lon1=pts.lon.values[:-1],
                        lat2=pts.lat.values[1:], lon2=pts.lon.values[1:])
    legs = np.atleast_1d(legs)
    assert np.all(np.abs(legs - total / (n - 1)) < 1e-6), (
        f"spacing not even: legs from {legs.min()} to {legs.max()}, expected {total / (n - 1)} (tol 1e-6 nmi)")
    assert abs(legs.sum() - total) < 1e-6, f"legs sum to {legs.sum()}, geodesic is {total} (tol 1e-6 nmi)"


def test_great_circle_points_rejects_bad_n():
    for n in (1, 0, 2.5):
        with pytest.raises(ValueError) as err:
            great_circle_points(lat1=0, lon1=0, lat2=1, lon2=1, n=n)
        assert "n:" in str(err.value), f"the message should name n: {err.value}"


small_lat = st.floats(min_value=-75.0, max_value=75.0, allow_nan=False)


@given(lat1=small_lat, lon1=lons, lat2=small_lat, lon2=lons)
@settings(max_examples=40, deadline=None)
def test_great_circle_not_longer_than_rhumb(lat1, lon1, lat2, lon2):
    gc = distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    rl = rhumb_distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)
    assert gc <= rl + 1e-6, f"great circle {gc} nmi is longer than the rhumb line {rl} nmi (tol 1e-6 nmi)"


@given(lat1=small_lat, lon1=lons, dlat=st.floats(-20, 20), dlon=st.floats(-40, 40))
@settings(max_examples=40, deadline=None)
def test_rhumb_line_constant_bearing(lat1, lon1, dlat, dlon):
    lat2 = float(np.clip(lat1 + dlat, -75, 75))
    lon2 = lon1 + dlon
    assume(distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2) > 10)
    pts = rhumb_line_points(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2, n=3001)
    assert pts.lat.iloc[0] == pytest.approx(lat1, abs=1e-9) and pts.lon.iloc[0] == pytest.approx(lon1, abs=1e-9)
    assert pts.lat.iloc[-1] == pytest.approx(lat2, abs=1e-9), f"rhumb line ends at {pts.iloc[-1].tolist()}"
    assert abs(angle_diff(pts.lon.iloc[-1], lon2)) < 1e-9, f"rhumb line ends at lon {pts.lon.iloc[-1]}, not {lon2}"
    b = initial_bearing_deg(lat1=pts.lat.values[:-1], lon1=pts.lon.values[:-1],
                            lat2=pts.lat.values[1:], lon2=pts.lon.values[1:])
    spread = np.abs(angle_diff(b, b[0])).max()
    # segments of <= ~1 nmi at |lat| <= 75: chord bearing within 0.05 deg of the course
    assert spread < 0.05, f"rhumb line bearing varies by {spread} deg (> 0.05 deg) along the line"


# leg bearings: the course along a route (lesson 01), checked against formulas that do not use pyproj
ANCHORAGE_TO_GIMPO = dict(lat1=61.17, lon1=-149.99, lat2=37.56, lon2=126.79)


def test_leg_bearings_along_meridian_and_equator():
    b = leg_bearings_deg(lat=[0.0, 0.0, 10.0, 10.0], lon=[0.0, 10.0, 10.0, 10.0 + 1e-9])
    assert b.shape == (3,), f"4 positions give 3 legs, got {b.shape}"
    np.testing.assert_allclose(b[:2], [90.0, 0.0], atol=1e-9, err_msg="east along the equator, then north")
    back = leg_bearings_deg(lat=pd.Series([10.0, 0.0, 0.0]), lon=pd.Series([10.0, 10.0, 0.0]))
    np.testing.assert_allclose(back, [180.0, 270.0], atol=1e-9, err_msg="south along a meridian, then west")


def test_leg_bearings_of_a_great_circle_keep_clairauts_constant():
    # on the ellipsoid every geodesic keeps cos(reduced latitude) * sin(azimuth) constant (Clairaut);
    # the legs lie on the one geodesic, so each leg's initial bearing is its azimuth there
    gc = great_circle_points(**ANCHORAGE_TO_GIMPO, n=100)
    b = leg_bearings_deg(lat=gc["lat"], lon=gc["lon"])
    beta = np.arctan((1 - WGS84_F) * np.tan(np.radians(gc["lat"].to_numpy()[:-1])))
    clairaut = np.cos(beta) * np.sin(np.radians(b))
    assert np.ptp(clairaut) < 1e-9, f"Clairaut's constant varies by {np.ptp(clairaut)} along the great circle"
    assert b[0] > 270 and b[-1] < 270, f"Anchorage to Gimpo starts west-north-west and ends south-west: {b[0]}, {b[-1]}"


def test_leg_bearings_of_a_rhumb_line_match_the_mercator_course():
    # the rhumb line's course from the isometric latitude psi = atanh(sin phi) - e atanh(e sin phi)
    pts = rhumb_line_points(**ANCHORAGE_TO_GIMPO, n=3001)
    e = math.sqrt(WGS84_E2)

    def psi(lat):
        s_ = math.sin(math.radians(lat))
        return math.atanh(s_) - e * math.atanh(e * s_)

    dlon = math.radians((ANCHORAGE_TO_GIMPO["lon2"] - ANCHORAGE_TO_GIMPO["lon1"] + 180) % 360 - 180)
    course = math.degrees(math.atan2(dlon, psi(ANCHORAGE_TO_GIMPO["lat2"]) - psi(ANCHORAGE_TO_GIMPO["lat1"]))) % 360
    b = leg_bearings_deg(lat=pts["lat"], lon=pts["lon"])
    # legs of about 1 nmi: each leg's geodesic bearing is within 0.02 deg of the constant course
    off = np.abs(angle_diff(b, course)).max()
    assert off < 0.02, f"rhumb-line legs differ from the Mercator course {course:.4f} deg by up to {off} deg"


@pytest.mark.parametrize("kwargs, message", [
    (dict(lat=[60.0], lon=[-150.0]), "at least 2 positions"),
    (dict(lat=[60.0, 61.0], lon=[-150.0]), "one length"),
    (dict(lat=60.0, lon=-150.0), "one length"),
    (dict(lat=[60.0, 91.0], lon=[-150.0, -150.0]), "lat: latitude must be within"),
])
def test_leg_bearings_bad_input_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        leg_bearings_deg(**kwargs)


@pytest.mark.parametrize("lat, lon1, lon2", [(49.0, -123.3, -95.15), (0.0, 10.0, 50.0), (-60.0, 170.0, 200.0),
                                             (60.0, 179.0, -179.0)])
def test_rhumb_along_a_parallel_stays_on_it(lat, lon1, lon2):
    pts = rhumb_line_points(lat1=lat, lon1=lon1, lat2=lat, lon2=lon2, n=101)
    assert np.abs(pts.lat.values - lat).max() < 1e-9, f"rhumb along {lat} deg left the parallel: {pts.lat.values}"
    dlon = (lon2 - lon1 + 180) % 360 - 180
    np.testing.assert_allclose(pts.lon.values, lon1 + np.linspace(0, dlon, 101), atol=1e-9,
                               err_msg="longitudes must be evenly spaced along a parallel (tol 1e-9 deg)")
    # length of the parallel arc: N(phi) cos(phi) dlon, N the prime-vertical radius; tol 1e-6 rel
    phi = math.radians(lat)
    arc = WGS84_A / math.sqrt(1 - WGS84_E2 * math.sin(phi) ** 2) * math.cos(phi) * math.radians(abs(dlon)) / NM
    length = rhumb_distance_nmi(lat1=lat, lon1=lon1, lat2=lat, lon2=lon2)
    assert abs(length / arc - 1) < 1e-6, f"rhumb length {length} nmi, parallel arc {arc} nmi"


def test_rhumb_refuses_poles():
    with pytest.raises(ValueError) as err:
        rhumb_line_points(lat1=89.95, lon1=0, lat2=80, lon2=10)
    assert "pole" in str(err.value), str(err.value)


# --- antimeridian -------------------------------------------------------------------------

def test_distance_across_antimeridian():
    # 1 degree of longitude at 60N ~ 30.1 nmi (parallel arc 30.13 nmi; the geodesic is a hair
    # shorter); tolerance 0.05 nmi
    d = distance_nmi(lat1=60, lon1=179.5, lat2=60, lon2=-179.5)
    assert abs(d - 30.1) < 0.05, f"(60N, 179.5E) to (60N, 179.5W) = {d} nmi, expected ~30.1 nmi"
    d_cont = distance_nmi(lat1=60, lon1=179.5, lat2=60, lon2=180.5)
    d_cont2 = distance_nmi(lat1=60, lon1=-180.5, lat2=60, lon2=-179.5)
    assert abs(d - d_cont) < 1e-9 and abs(d - d_cont2) < 1e-9, f"continuous lons differ: {d}, {d_cont}, {d_cont2}"


@pytest.mark.parametrize("make", [great_circle_points, rhumb_line_points], ids=["great_circle", "rhumb"])
@pytest.mark.parametrize("lon1, lon2", [(170.0, -160.0), (179.5, -179.5), (-183.0, -175.0), (170.0, 200.0),
                                        (-170.0, 175.0)])
def test_lines_across_antimeridian_have_no_jump(make, lon1, lon2):
    pts = make(lat1=60, lon1=lon1, lat2=55, lon2=lon2, n=50)
    jumps = np.abs(np.diff(pts.lon.values))
    assert jumps.max() < 1.0, f"{make.__name__}: longitude jumps by {jumps.max()} deg between neighbours"
    assert pts.lon.iloc[0] == pytest.approx(lon1, abs=1e-9), f"line must start at the given lon {lon1}"


def test_destination_is_continuous_across_antimeridian():
    end = destination(lat=0, lon=179.9, bearing_deg=90, distance_nmi=60)
    assert end.lon > 180, f"flying east from 179.9E must continue past 180, got {end.lon}"
    assert abs(end.lon - (179.9 + 60 / 60.1077)) < 1e-6, f"60 nmi east along the equator: {end.lon}"
    west = destination(lat=0, lon=-179.9, bearing_deg=270, distance_nmi=60)
    assert west.lon < -180, f"flying west from 179.9W must continue past -180, got {west.lon}"
    cont = destination(lat=60, lon=-183, bearing_deg=90, distance_nmi=30)
    assert -183 < cont.lon < -181, f"continuous longitude -183 must stay in its frame, got {cont.lon}"


def test_wrap_lon():
    assert wrap_lon(180) == -180 and wrap_lon(-180) == -180, "wrap_lon brings 180 to -180 ([-180, 180))"
    assert wrap_lon(190) == pytest.approx(-170) and wrap_lon(-183) == pytest.approx(177), "wrap_lon(190), (-183)"
    assert wrap_lon(540) == pytest.approx(-180) and wrap_lon(0) == 0, "wrap_lon(540), (0)"
    out = wrap_lon(np.array([-540.0, -181.0, 179.0, 360.0, 359.5]))
    np.testing.assert_allclose(out, [-180, 179, 179, 0, -0.5], atol=1e-12)
    with pytest.raises(ValueError) as err:
        wrap_lon(float("nan"))
    assert "lon" in str(err.value), str(err.value)


def test_unwrap_lon():
    np.testing.assert_allclose(unwrap_lon([179.0, -179.0]), [179, 181], atol=1e-9, err_msg="[179, -179]")
    np.testing.assert_allclose(unwrap_lon([-179.0, 179.0, 177.0]), [-179, -181, -183], atol=1e-9)
    np.testing.assert_allclose(unwrap_lon([10.0, 20.0, 30.0]), [10, 20, 30], atol=1e-12, err_msg="no change needed")
    assert unwrap_lon(5.0) == 5.0, "a single longitude is returned as is"


@given(st.lists(lons, min_size=1, max_size=30))
@PROP
def test_unwrap_then_wrap_is_identity(seq):
    out = unwrap_lon(seq)
    out = np.atleast_1d(out)
    assert np.all(np.abs(np.diff(out)) <= 180 + 1e-9), f"unwrapped sequence still jumps: {out}"
    assert out[0] == pytest.approx(seq[0], abs=1e-9), "unwrap keeps the first longitude"
    assert np.all(np.abs(angle_diff(out, seq)) < 1e-9), f"unwrap must only add multiples of 360: {seq} -> {out}"


# --- cross-track and along-track -------------------------------------------------------------

XT_CASES = [
    # (start, end, point) with the foot of the perpendicular inside the segment
    ((60.0, -170.0), (62.0, -150.0), (62.5, -162.0)),
    ((0.0, 0.0), (0.0, 10.0), (1.0, 5.0)),
    ((-40.0, 150.0), (-30.0, 175.0), (-37.0, 165.0)),
    ((70.0, -10.0), (65.0, 30.0), (66.0, 10.0)),
    ((10.0, 170.0), (20.0, -170.0), (12.0, -178.0)),
    ((45.0, 30.0), (42.0, 38.0), (43.0, 33.0)),
]


@pytest.mark.parametrize("a, b, p", XT_CASES)
def test_cross_track_magnitude_matches_sampled_minimum(a, b, p):
    pts = great_circle_points(lat1=a[0], lon1=a[1], lat2=b[0], lon2=b[1], n=20001)
    d = distance_nmi(lat1=pts.lat.values, lon1=pts.lon.values, lat2=p[0], lon2=p[1])
    k = int(np.argmin(d))
    assert 0 < k < 20000, "test set-up: the foot must lie inside the segment"
    xt = cross_track_nmi(lat=p[0], lon=p[1], lat1=a[0], lon1=a[1], lat2=b[0], lon2=b[1])
    assert abs(abs(xt) / d[k] - 1) < 0.005, f"|cross-track| {abs(xt)} vs sampled minimum {d[k]} (tol 0.5 %)"
    # along-track ~ distance from the start to the foot (same 0.5 % sphere tolerance)
    at = along_track_nmi(lat=p[0], lon=p[1], lat1=a[0], lon1=a[1], lat2=b[0], lon2=b[1])
    to_foot = distance_nmi(lat1=a[0], lon1=a[1], lat2=pts.lat[k], lon2=pts.lon[k])
    assert abs(at / to_foot - 1) < 0.005, f"along-track {at} vs distance to the foot {to_foot} (tol 0.5 %)"


def test_cross_track_sign_right_is_positive():
    # flying north along the 0 meridian: east is right (+), west is left (-)
    right = cross_track_nmi(lat=5, lon=1, lat1=0, lon1=0, lat2=10, lon2=0)
    left = cross_track_nmi(lat=5, lon=-1, lat1=0, lon1=0, lat2=10, lon2=0)
    assert right > 0 and left < 0, f"right of track must be positive, left negative: {right}, {left}"
    assert abs(right + left) < 1e-9, f"mirror points must have opposite offsets: {right}, {left}"
    # flying east along the equator: north is left
    north = cross_track_nmi(lat=1, lon=5, lat1=0, lon1=0, lat2=0, lon2=10)
    assert north < 0, f"north of an eastbound track is left (negative), got {north}"
    # on the track: zero (tolerance 1e-9 nmi)
    on = cross_track_nmi(lat=5, lon=0, lat1=0, lon1=0, lat2=10, lon2=0)
    assert abs(on) < 1e-9, f"a point on the track must have zero cross-track, got {on}"
    # across the antimeridian: westbound along 60N from 179W to 179E, the pole side is right
    xt = cross_track_nmi(lat=60.5, lon=180, lat1=60, lon1=-179, lat2=60, lon2=179)
    assert xt > 0, f"north of a westbound track is right (positive), got {xt}"
    xt_cont = cross_track_nmi(lat=60.5, lon=-180, lat1=60, lon1=-179, lat2=60, lon2=-181)
    assert abs(xt - xt_cont) < 1e-9, f"continuous longitudes must give the same offset: {xt} vs {xt_cont}"


@given(lat1=st.floats(-70, 70), lon1=lons, bearing=bearings, dist=st.floats(10, 3000),
       frac=st.floats(-0.5, 1.5))
@PROP
def test_along_track_of_a_point_on_the_track(lat1, lon1, bearing, dist, frac):
    end = destination(lat=lat1, lon=lon1, bearing_deg=bearing, distance_nmi=dist)
    along = abs(frac) * dist
    p = destination(lat=lat1, lon=lon1, bearing_deg=bearing if frac >= 0 else (bearing + 180) % 360,
                    distance_nmi=along)
    at = along_track_nmi(lat=p.lat, lon=p.lon, lat1=lat1, lon1=lon1, lat2=end.lat, lon2=end.lon)
    xt = cross_track_nmi(lat=p.lat, lon=p.lon, lat1=lat1, lon1=lon1, lat2=end.lat, lon2=end.lon)
    expected = math.copysign(along, frac)
    # p lies on the geodesic through 1 and 2 (ahead of, or behind, point 1), so the bearings from
    # point 1 agree (or differ by 180 deg) and the sphere formula returns the ellipsoidal distance
    # from point 1 itself, negative behind it: tolerance 1e-6 nmi, even a centimetre from point 1
    assert abs(at - expected) < 1e-6, f"along-track {at} nmi, expected {expected} (tol 1e-6 nmi)"
    assert abs(xt) < 1e-6, f"a point on the track has cross-track {xt} nmi (tol 1e-6 nmi)"


# --- bad input ------------------------------------------------------------------------------

BAD_PAIRS = [
    (dict(lat1=91, lon1=0, lat2=0, lon2=0), "lat1", "91"),
    (dict(lat1=0, lon1=0, lat2=-90.5, lon2=0), "lat2", "-90.5"),
    (dict(lat1=0, lon1=float("nan"), lat2=0, lon2=0), "lon1", "nan"),
    (dict(lat1=0, lon1=0, lat2=0, lon2=float("inf")), "lon2", "inf"),
    (dict(lat1=0, lon1=0, lat2=0, lon2=600), "lon2", "600"),
    (dict(lat1=0, lon1="east", lat2=0, lon2=0), "lon1", "east"),
]
BAD_ARRAYS = [
    (dict(lat1=np.array([0.0, 95.0]), lon1=0, lat2=0, lon2=0), "lat1", "95"),
    (dict(lat1=[0.0, 1.0], lon1=[0.0, 1.0], lat2=[0.0, 1.0, 2.0], lon2=[0.0, 1.0, 2.0]), "lat2", "(3,)"),
]
PAIR_FUNCS = [distance_nmi, haversine_nmi, initial_bearing_deg]
LINE_FUNCS = [great_circle_points, rhumb_line_points, rhumb_distance_nmi]  # single positions only


@pytest.mark.parametrize("func, kwargs, name, bad",
                         [(f, *case) for f in PAIR_FUNCS for case in BAD_PAIRS + BAD_ARRAYS]
                         + [(f, *case) for f in LINE_FUNCS for case in BAD_PAIRS],
                         ids=lambda v: getattr(v, "__name__", None))
def test_bad_positions_are_named(func, kwargs, name, bad):
    with pytest.raises(ValueError) as err:
        func(**kwargs)
    msg = str(err.value)
    assert msg.startswith(f"{name}:") or (name in msg and "mismatched" in msg), (
        f"{func.__name__}: the message should name {name!r}: {msg}")
    assert bad in msg, f"{func.__name__}: the message should show the bad value {bad!r}: {msg}"


def test_mismatched_lengths_name_both_arguments():
    with pytest.raises(ValueError) as err:
        distance_nmi(lat1=[0.0, 1.0], lon1=[0.0, 1.0], lat2=[0.0, 1.0, 2.0], lon2=[0.0, 1.0, 2.0])
    msg = str(err.value)
    assert "lat1" in msg and "lat2" in msg and "(2,)" in msg and "(3,)" in msg, f"message: {msg}"


@pytest.mark.parametrize("kwargs, name, bad", [
    (dict(lat=91, lon=0, bearing_deg=0, distance_nmi=1), "lat", "91"),
    (dict(lat=0, lon=float("nan"), bearing_deg=0, distance_nmi=1), "lon", "nan"),
    (dict(lat=0, lon=0, bearing_deg=float("inf"), distance_nmi=1), "bearing_deg", "inf"),
    (dict(lat=0, lon=0, bearing_deg=0, distance_nmi=-5), "distance_nmi", "-5"),
    (dict(lat=[0.0, 1.0], lon=[0.0, 1.0], bearing_deg=[0.0, 1.0, 2.0], distance_nmi=1), "bearing_deg", "(3,)"),
])
def test_destination_bad_input(kwargs, name, bad):
    with pytest.raises(ValueError) as err:
        destination(**kwargs)
    msg = str(err.value)
    assert msg.startswith(f"{name}:") or (name in msg and "mismatched" in msg), f"expected {name!r} in: {msg}"
    assert bad in msg, f"the message should show the bad value {bad!r}: {msg}"


@pytest.mark.parametrize("kwargs, name, bad", [
    (dict(lat=91, lon=0, lat1=0, lon1=0, lat2=1, lon2=1), "lat", "91"),
    (dict(lat=0, lon=0, lat1=-90.5, lon1=0, lat2=1, lon2=1), "lat1", "-90.5"),
    (dict(lat=0, lon=0, lat1=0, lon1=0, lat2=1, lon2=float("nan")), "lon2", "nan"),
])
@pytest.mark.parametrize("func", [cross_track_nmi, along_track_nmi])
def test_track_offsets_bad_input(func, kwargs, name, bad):
    with pytest.raises(ValueError) as err:
        func(**kwargs)
    # the message must start with the caller's own argument name (not "lat2" for a bad "lat")
    assert str(err.value).startswith(f"{name}:"), f"the message should start with {name!r}: {err.value}"
    assert bad in str(err.value), f"the message should show the bad value {bad!r}: {err.value}"


def test_along_track_near_the_start_keeps_precision():
    # 1 cm and 1 m along a northbound meridian track from the equator (tolerance 1e-9 nmi)
    for metres in (0.01, 1.0):
        p = destination(lat=0, lon=0, bearing_deg=0, distance_nmi=metres / NM)
        at = along_track_nmi(lat=p.lat, lon=p.lon, lat1=0, lon1=0, lat2=10, lon2=0)
        assert abs(at - metres / NM) < 1e-9, f"{metres} m along the track: along-track says {at * NM} m"


def test_positions_are_keyword_only():
    with pytest.raises(TypeError):
        distance_nmi(0, 0, 1, 1)  # positional lat/lon order would be a guess


def test_error_message_reads_as_documented():
    # helpers/geo/checks.py promises this exact message for a latitude of 91 (a plain number,
    # not a numpy repr such as "np.float64(91.0)")
    with pytest.raises(ValueError) as err:
        distance_nmi(lat1=91, lon1=0, lat2=0, lon2=0)
    assert str(err.value) == "lat1: latitude must be within [-90, 90] degrees, got 91.0", str(err.value)
    with pytest.raises(ValueError) as err:
        distance_nmi(lat1=[0.0, 0.0, 95.5], lon1=0, lat2=0, lon2=0)
    assert str(err.value).endswith("got 95.5 at index 2"), f"arrays should report the index: {err.value}"
