"""Unit tests of helpers.geo.tracks: positions in time, separation, closest approach, bad input."""

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.geo import (
    ClosestApproach, TrackPositions, check_track, closest_approach, destination, distance_nmi, ground_speed_kt,
    initial_bearing_deg, make_track, position_at, separation,
)

T0 = pd.Timestamp("2020-06-10 05:00", tz="UTC")
FT_PER_NMI = 1852 / 0.3048


def minutes(*m):
    return [T0 + pd.Timedelta(minutes=x) for x in m]


def straight_track(lat, lon, course_deg, speed_kt, start, duration_s, alt_ft=(30000.0, 30000.0)):
    """A two-fix track flying the geodesic from (lat, lon) on ``course_deg`` at ``speed_kt``."""
    end = destination(lat=lat, lon=lon, bearing_deg=course_deg, distance_nmi=speed_kt * duration_s / 3600)
    return make_track([start, start + pd.Timedelta(seconds=duration_s)], [lat, end.lat], [lon, end.lon], alt_ft)


def crossing_pair(alt_b=(30000.0, 30000.0)):
    """A flies north along 170W from 60N at 480 kt; B flies east at 300 kt on the geodesic that
    crosses A's meridian, tangent to the parallel there, exactly where A is after 30 minutes."""
    north = destination(lat=60, lon=-170, bearing_deg=0, distance_nmi=480)
    a = make_track(minutes(0, 60), [60, north.lat], [-170, north.lon], [30000, 30000])
    meet = destination(lat=60, lon=-170, bearing_deg=0, distance_nmi=240)
    west = destination(lat=meet.lat, lon=meet.lon, bearing_deg=270, distance_nmi=150)
    east = destination(lat=meet.lat, lon=meet.lon, bearing_deg=90, distance_nmi=150)
    b = make_track(minutes(0, 60), [west.lat, east.lat], [west.lon, east.lon], list(alt_b))
    return a, b, meet


# --- building and reading tracks ------------------------------------------------------------

def test_make_track_builds_a_checked_frame():
    tr = make_track(minutes(0, 10, 20), [60, 60.5, 61], [-170, -170.5, -171], [30000, 31000, 32000])
    assert list(tr.columns) == ["time", "lat", "lon", "alt_ft"], f"columns: {list(tr.columns)}"
    assert isinstance(tr["time"].dtype, pd.DatetimeTZDtype) and str(tr["time"].dt.tz) == "UTC", tr["time"].dtype
    assert check_track(tr) is tr, "check_track must return the track unchanged"


def test_other_time_zones_are_converted_to_utc():
    tokyo = [pd.Timestamp("2020-06-10 14:00", tz="Asia/Tokyo"), pd.Timestamp("2020-06-10 14:10", tz="Asia/Tokyo")]
    tr = make_track(tokyo, [40, 40.5], [140, 140], [30000, 30000])
    assert tr["time"].iloc[0] == T0, f"14:00 JST is 05:00 UTC, got {tr['time'].iloc[0]}"
    assert str(tr["time"].dt.tz) == "UTC", f"times must be stored in UTC, got {tr['time'].dt.tz}"


def test_position_at_fix_times_returns_the_fixes_exactly():
    rng = np.random.default_rng(11)
    for _ in range(50):
        n = 5
        offsets = np.cumsum(rng.uniform(10, 2000, n)).round(3)
        times = [T0 + pd.Timedelta(seconds=float(s)) for s in offsets]
        lat = rng.uniform(-80, 80, n)
        lon = rng.uniform(-180, 180) + np.concatenate([[0.0], np.cumsum(rng.uniform(-3, 3, n - 1))])
        tr = make_track(times, lat, lon, rng.uniform(0, 40000, n))
        got = position_at(tr, list(tr["time"]))
        for col in ("lat", "lon", "alt_ft"):
            # exact: no tolerance; a fix is where the aircraft was
            assert np.array_equal(got[col].to_numpy(), tr[col].to_numpy()), (
                f"position_at at the fix times must return the fixes exactly ({col}): "
                f"{got[col].to_numpy() - tr[col].to_numpy()}")
        assert got["time"].tolist() == tr["time"].tolist(), "times must come back unchanged"


def test_position_at_one_time_returns_a_series():
    tr = make_track(minutes(0, 60), [60, 61], [-170, -170], [30000, 32000])
    p = position_at(tr, T0 + pd.Timedelta(minutes=30))
    assert isinstance(p, pd.Series), f"one time must give a Series, got {type(p).__name__}"
    assert set(p.index) >= {"time", "lat", "lon", "alt_ft"}, f"Series fields: {list(p.index)}"
    assert p["alt_ft"] == pytest.approx(31000, abs=1e-9), f"altitude is linear in time: {p['alt_ft']}"
    many = position_at(tr, minutes(15, 45))
    assert isinstance(many, pd.DataFrame) and len(many) == 2, f"several times must give a DataFrame: {many}"


def test_track_positions_give_what_position_at_gives():
    rng = np.random.default_rng(5)
    offsets = np.cumsum(rng.uniform(10, 600, 40))
    tr = make_track([T0 + pd.Timedelta(seconds=float(s)) for s in offsets], rng.uniform(50, 60, 40),
                    170 + np.cumsum(rng.uniform(0, 0.5, 40)), rng.uniform(0, 40000, 40))
    positions = TrackPositions(tr)
    times = [T0 + pd.Timedelta(seconds=float(s)) for s in rng.uniform(offsets[0], offsets[-1], 25)]
    pd.testing.assert_frame_equal(positions.at(times), position_at(tr, times))
    pd.testing.assert_series_equal(positions.at(times[3]), position_at(tr, times[3]))
    with pytest.raises(ValueError, match="outside the track"):
        positions.at(tr["time"].iloc[-1] + pd.Timedelta(seconds=1))
    bad = tr.copy()
    bad.loc[3, "lat"] = 95.0
    with pytest.raises(ValueError, match="planned.lat"):
        TrackPositions(bad, name="planned")  # the track is checked once, when it is given


def test_midpoint_of_a_meridian_leg():
    tr = make_track(minutes(0, 60), [60, 62], [-170, -170], [30000, 30000])
    mid = position_at(tr, T0 + pd.Timedelta(minutes=30))
    assert abs(mid["lon"] + 170) < 1e-12, f"the midpoint of a meridian leg must stay on 170W, got {mid['lon']}"
    total = distance_nmi(lat1=60, lon1=-170, lat2=62, lon2=-170)
    from_start = distance_nmi(lat1=60, lon1=-170, lat2=mid["lat"], lon2=mid["lon"])
    to_end = distance_nmi(lat1=mid["lat"], lon1=mid["lon"], lat2=62, lon2=-170)
    # geodesic midpoint: equal distances to both ends (tolerance 1e-9 nmi)
    assert abs(from_start - total / 2) < 1e-9 and abs(to_end - total / 2) < 1e-9, (
        f"midpoint is {from_start} and {to_end} nmi from the ends; half the leg is {total / 2}")
    # not 61.0 exactly: a degree of latitude is longer towards the pole (tolerance: 0.01 deg of 61)
    assert abs(mid["lat"] - 61) < 0.01 and mid["lat"] != 61.0, f"midpoint latitude {mid['lat']}"


def test_interpolation_is_at_constant_speed_along_the_geodesic():
    tr = make_track(minutes(0, 40), [10, 20], [100, 115], [0, 40000])
    total = distance_nmi(lat1=10, lon1=100, lat2=20, lon2=115)
    course = initial_bearing_deg(lat1=10, lon1=100, lat2=20, lon2=115)
    for m in (5, 13, 27.5, 39):
        p = position_at(tr, T0 + pd.Timedelta(minutes=m))
        expected = destination(lat=10, lon=100, bearing_deg=course, distance_nmi=total * m / 40)
        d = distance_nmi(lat1=p["lat"], lon1=p["lon"], lat2=expected.lat, lon2=expected.lon)
        assert d < 1e-9, f"at {m} min the aircraft is {d} nmi off its geodesic position (tol 1e-9 nmi)"
        assert abs(p["alt_ft"] - 40000 * m / 40) < 1e-6, f"altitude at {m} min: {p['alt_ft']}"


def test_ground_speed_of_a_known_leg():
    north = destination(lat=0, lon=0, bearing_deg=0, distance_nmi=60)
    east = destination(lat=north.lat, lon=north.lon, bearing_deg=90, distance_nmi=45)
    tr = make_track(minutes(0, 60, 90), [0, north.lat, east.lat], [0, north.lon, east.lon], [0, 0, 0])
    gs = ground_speed_kt(tr)
    assert np.isnan(gs.iloc[0]), f"row 0 has no leg, expected NaN, got {gs.iloc[0]}"
    leg1 = distance_nmi(lat1=0, lon1=0, lat2=north.lat, lon2=north.lon)
    leg2 = distance_nmi(lat1=north.lat, lon1=north.lon, lat2=east.lat, lon2=east.lon)
    assert abs(gs.iloc[1] - leg1 / 1.0) < 1e-9 and abs(gs.iloc[1] - 60) < 1e-6, f"60 nmi in 1 h: {gs.iloc[1]} kt"
    assert abs(gs.iloc[2] - leg2 / 0.5) < 1e-9 and abs(gs.iloc[2] - 90) < 1e-6, f"45 nmi in 30 min: {gs.iloc[2]} kt"
    assert gs.index.equals(tr.index), "ground speed must be aligned with the track's rows"


# --- separation ---------------------------------------------------------------------------

def test_separation_is_aligned_on_time():
    a_times = [T0 + pd.Timedelta(seconds=s) for s in (0, 600.442, 1200, 1800)]
    b_times = [T0 + pd.Timedelta(seconds=s) for s in (95.1, 700.3, 1500, 2400)]
    a = make_track(a_times, [60, 60.5, 61, 61.4], [-170, -170.2, -170.1, -170.0], [30000, 30500, 31000, 31000])
    b = make_track(b_times, [60.2, 60.6, 60.9, 61.5], [-171, -170.5, -169.5, -169.0], [31000, 31000, 30000, 29000])
    sep = separation(a, b, step_s=10)
    times = sep["time"]
    assert times.is_monotonic_increasing and times.is_unique, "separation times must be sorted and unique"
    assert times.iloc[0] == b_times[0] and times.iloc[-1] == a_times[-1], (
        f"separation must run over the overlap {b_times[0]} to {a_times[-1]}, got {times.iloc[0]} to {times.iloc[-1]}")
    inside = [t for t in a_times + b_times if b_times[0] <= t <= a_times[-1]]
    missing = [t for t in inside if t not in set(times)]
    assert not missing, f"every fix time in the overlap must be sampled exactly; missing {missing}"
    steps = np.diff(times.astype("int64").to_numpy()) / 1e9
    assert steps.max() <= 10 + 1e-9, f"samples must be at most step_s = 10 s apart, max gap {steps.max()} s"
    pa, pb = position_at(a, list(times)), position_at(b, list(times))
    lateral = distance_nmi(lat1=pa["lat"].to_numpy(), lon1=pa["lon"].to_numpy(),
                           lat2=pb["lat"].to_numpy(), lon2=pb["lon"].to_numpy())
    np.testing.assert_allclose(sep["lateral_nmi"], lateral, rtol=0, atol=1e-9,
                               err_msg="lateral_nmi must be the distance between the two positions at that time")
    np.testing.assert_allclose(sep["vertical_ft"], pb["alt_ft"] - pa["alt_ft"], rtol=0, atol=1e-9,
                               err_msg="vertical_ft must be alt_b - alt_a")
    np.testing.assert_allclose(sep["slant_ft"], np.hypot(lateral * FT_PER_NMI, pb["alt_ft"] - pa["alt_ft"]),
                               rtol=1e-12, err_msg="slant_ft must be the straight-line distance in feet")
    by_time = sep.set_index("time")
    t = a_times[1]
    assert by_time.loc[t, "lat_a"] == a["lat"].iloc[1], "at a fix time of track a, lat_a is that fix"


# --- closest approach -----------------------------------------------------------------------

def test_closest_approach_of_crossing_tracks():
    a, b, meet = crossing_pair()
    ca = closest_approach(a, b)
    assert isinstance(ca, ClosestApproach), type(ca)
    t_meet = T0 + pd.Timedelta(minutes=30)
    # relative speed ~566 kt = 0.157 nmi/s: the search stops within ~1 microsecond, 1.6e-7 nmi;
    # tolerances 1e-6 nmi and 0.1 ms
    assert ca.lateral_nmi < 1e-6, f"the tracks cross at the same time: CPA {ca.lateral_nmi} nmi, expected ~0"
    assert abs((ca.time - t_meet).total_seconds()) < 1e-4, f"CPA at {ca.time}, expected {t_meet} (tol 0.1 ms)"
    d = distance_nmi(lat1=ca.position_a.lat, lon1=ca.position_a.lon, lat2=meet.lat, lon2=meet.lon)
    assert d < 1e-6, f"A's position at CPA is {d} nmi from the crossing point"
    sep = separation(a, b, step_s=0.5)
    sampled = sep["lateral_nmi"].min()
    assert ca.lateral_nmi <= sampled + 1e-6, f"CPA {ca.lateral_nmi} larger than a sampled separation {sampled}"
    # and close to it: half a step at 566 kt is 0.04 nmi
    assert sampled - ca.lateral_nmi < 0.04, f"sampled minimum {sampled} far above the CPA {ca.lateral_nmi}"


def test_closest_approach_with_b_flying_along_a_parallel():
    # A flies north along 170W from 60N at 480 kt; B flies east along 64N (fixes every 0.5 deg
    # of longitude) at 300 kt, timed to be at its fix (64N, 170W) when A gets there
    north = destination(lat=60, lon=-170, bearing_deg=0, distance_nmi=480)
    a = make_track(minutes(0, 60), [60, north.lat], [-170, north.lon], [30000, 30000])
    t_cross = T0 + pd.Timedelta(hours=distance_nmi(lat1=60, lon1=-170, lat2=64, lon2=-170) / 480)
    lons = np.arange(-175.0, -164.9, 0.5)
    legs = distance_nmi(lat1=64.0, lon1=lons[:-1], lat2=64.0, lon2=lons[1:])
    flown = np.concatenate([[0.0], np.cumsum(legs)])
    at_170 = flown[np.flatnonzero(lons == -170.0)[0]]
    times = [t_cross + pd.Timedelta(hours=(f - at_170) / 300) for f in flown]
    b = make_track(times, np.full(lons.size, 64.0), lons, np.full(lons.size, 30000.0))
    ca = closest_approach(a, b)
    # they are at (64N, 170W) together (a fix of B, at a fraction of a second): CPA ~0
    # (tolerances 1e-6 nmi and 0.1 ms)
    assert ca.lateral_nmi < 1e-6, f"A and B meet at (64N, 170W): CPA {ca.lateral_nmi} nmi"
    assert abs((ca.time - t_cross).total_seconds()) < 1e-4, f"CPA at {ca.time}, expected {t_cross} (tol 0.1 ms)"
    sep = separation(a, b, step_s=0.5)
    sampled = sep["lateral_nmi"].min()
    assert ca.lateral_nmi <= sampled + 1e-6, f"CPA {ca.lateral_nmi} larger than a sampled separation {sampled}"
    assert sampled - ca.lateral_nmi < 0.04, f"sampled minimum {sampled} far above the CPA {ca.lateral_nmi}"


def test_closest_approach_when_tracks_do_not_touch():
    # B crosses A's meridian 20 nmi north of where A is at that moment
    a, _, meet = crossing_pair()
    north = destination(lat=meet.lat, lon=meet.lon, bearing_deg=0, distance_nmi=20)
    west = destination(lat=north.lat, lon=north.lon, bearing_deg=270, distance_nmi=150)
    east = destination(lat=north.lat, lon=north.lon, bearing_deg=90, distance_nmi=150)
    b = make_track(minutes(0, 60), [west.lat, east.lat], [west.lon, east.lon], [30000, 30000])
    ca = closest_approach(a, b)
    sep = separation(a, b, step_s=0.5)
    assert ca.lateral_nmi <= sep["lateral_nmi"].min() + 1e-6, "CPA must not exceed any sampled separation"
    assert sep["lateral_nmi"].min() - ca.lateral_nmi < 1e-3, "CPA should be close to the fine sampled minimum"
    # plane estimate: A (480 kt north) is 20 nmi south of B's crossing point when B (300 kt east)
    # is there; closest approach 20 * 300 / sqrt(480^2 + 300^2) = 10.6 nmi (tolerance 0.1 nmi)
    assert abs(ca.lateral_nmi - 20 * 300 / np.hypot(480, 300)) < 0.1, f"CPA {ca.lateral_nmi} nmi, expected ~10.6"


def test_closest_approach_by_slant():
    a, b, _ = crossing_pair(alt_b=(31000.0, 31000.0))
    ca = closest_approach(a, b, by="slant")
    # laterally they meet; B is 1000 ft above: slant = 1000 ft (tolerance 1 ft)
    assert abs(ca.slant_ft - 1000) < 1, f"slant CPA {ca.slant_ft} ft, expected 1000 ft"
    assert ca.vertical_ft == pytest.approx(1000, abs=1e-9), f"vertical at CPA {ca.vertical_ft}"
    # B descending through A's level 6 minutes before the lateral crossing
    a, b, _ = crossing_pair(alt_b=(34000.0, 24000.0))
    slant, lateral = closest_approach(a, b, by="slant"), closest_approach(a, b, by="lateral")
    sep = separation(a, b, step_s=0.5)
    assert slant.slant_ft <= sep["slant_ft"].min() + 1e-6, f"slant CPA {slant.slant_ft} > sampled {sep['slant_ft'].min()}"
    assert slant.slant_ft <= lateral.slant_ft + 1e-6, "measured by slant, the minimum slant can only be smaller"
    assert lateral.lateral_nmi <= slant.lateral_nmi + 1e-9, "measured laterally, the minimum lateral can only be smaller"
    assert abs(slant.slant_ft - np.hypot(slant.lateral_nmi * FT_PER_NMI, slant.vertical_ft)) < 1e-6, "slant_ft"
    with pytest.raises(ValueError) as err:
        closest_approach(a, b, by="vertical")
    assert "by" in str(err.value) and "vertical" in str(err.value), str(err.value)


@given(lat=st.floats(-70, 70), lon=st.floats(-180, 180), course_a=st.floats(0, 360), course_b=st.floats(0, 360),
       speed_a=st.floats(150, 600), speed_b=st.floats(150, 600), bearing=st.floats(0, 360),
       offset_nmi=st.floats(0, 50), dur_a=st.integers(600_000, 2_400_000), dur_b=st.integers(600_000, 2_400_000),
       shift_b=st.integers(-600_000, 600_000), alt_a=st.floats(0, 40000), alt_b=st.floats(0, 40000))
@settings(max_examples=25, deadline=None)
def test_cpa_never_larger_than_a_sampled_separation(lat, lon, course_a, course_b, speed_a, speed_b, bearing,
                                                   offset_nmi, dur_a, dur_b, shift_b, alt_a, alt_b):
    # durations and offsets in milliseconds: fix times fall between the search's 1-s samples
    assume(shift_b < dur_a and -shift_b < dur_b)  # the tracks must overlap in time
    a = straight_track(lat, lon, course_a, speed_a, T0, dur_a / 1000, (alt_a, alt_a + 1000))
    start_b = destination(lat=lat, lon=lon, bearing_deg=bearing, distance_nmi=offset_nmi)
    b = straight_track(start_b.lat, start_b.lon, course_b, speed_b, T0 + pd.Timedelta(milliseconds=shift_b),
                       dur_b / 1000, (alt_b, alt_b - 2000))
    sep = separation(a, b, step_s=7)
    for by, col in (("lateral", "lateral_nmi"), ("slant", "slant_ft")):
        ca = closest_approach(a, b, by=by)
        value = ca.lateral_nmi if by == "lateral" else ca.slant_ft
        # tolerance 1e-6 (nmi or ft)
        assert value <= sep[col].min() + 1e-6, f"{by} CPA {value} > sampled minimum {sep[col].min()}"
        assert sep["time"].iloc[0] <= ca.time <= sep["time"].iloc[-1], f"CPA time {ca.time} outside the overlap"
        # the reported positions are where the aircraft are at the reported time (tolerance 1e-6 nmi)
        for track, pos in ((a, ca.position_a), (b, ca.position_b)):
            there = position_at(track, ca.time)
            d = distance_nmi(lat1=there["lat"], lon1=there["lon"], lat2=pos.lat, lon2=pos.lon)
            assert d < 1e-6, f"{by}: position at {ca.time} is {d} nmi from the reported CPA position {pos}"


def test_antimeridian_tracks_give_the_same_answer():
    times = minutes(0, 20)
    a_wrapped = make_track(times, [60, 60.2], [179.5, -179.5], [30000, 30000])
    a_cont = make_track(times, [60, 60.2], [179.5, 180.5], [30000, 30000])
    b_wrapped = make_track(times, [60.4, 59.9], [-179.8, 179.7], [31000, 31000])
    b_cont = make_track(times, [60.4, 59.9], [180.2, 179.7], [31000, 31000])
    results = [closest_approach(a, b) for a in (a_wrapped, a_cont) for b in (b_wrapped, b_cont)]
    ref = results[0]
    assert ref.lateral_nmi < 30, f"test set-up: the tracks should come close, CPA {ref.lateral_nmi}"
    for r in results[1:]:
        assert abs((r.time - ref.time).total_seconds()) < 1e-4, f"CPA time {r.time} vs {ref.time} (tol 0.1 ms)"
        assert abs(r.lateral_nmi - ref.lateral_nmi) < 1e-9, f"CPA {r.lateral_nmi} vs {ref.lateral_nmi} nmi"
        for p, q in ((r.position_a, ref.position_a), (r.position_b, ref.position_b)):
            # the search stops within ~1 microsecond; at < 100 kt that is < 1e-7 nmi of flight
            d = distance_nmi(lat1=p.lat, lon1=p.lon, lat2=q.lat, lon2=q.lon)
            assert d < 1e-6, f"CPA positions {p} vs {q} are {d} nmi apart (tol 1e-6 nmi)"
    # positions along the continuous track continue past 180 (no jump to -180)
    mid = position_at(a_cont, minutes(10))
    assert 179.5 < mid["lon"].iloc[0] < 180.5, f"continuous track midpoint lon {mid['lon'].iloc[0]}"
    sep_w, sep_c = separation(a_wrapped, b_wrapped), separation(a_cont, b_cont)
    np.testing.assert_allclose(sep_w["lateral_nmi"], sep_c["lateral_nmi"], rtol=0, atol=1e-9,
                               err_msg="separations across the antimeridian must not depend on the lon frame")


# --- bad input ------------------------------------------------------------------------------

def test_naive_timestamps_are_refused():
    naive = [pd.Timestamp("2020-06-10 05:00"), pd.Timestamp("2020-06-10 05:10")]
    with pytest.raises(ValueError) as err:
        make_track(naive, [60, 61], [-170, -170], [30000, 30000])
    assert "time zone" in str(err.value), f"the message should mention the time zone: {err.value}"
    tr = make_track(minutes(0, 10), [60, 61], [-170, -170], [30000, 30000])
    with pytest.raises(ValueError) as err:
        position_at(tr, pd.Timestamp("2020-06-10 05:05"))
    assert "time zone" in str(err.value) and "time:" in str(err.value), f"message: {err.value}"
    # a DataFrame built by hand with naive times ("timezone-aware" also names the problem)
    raw = pd.DataFrame({"time": naive, "lat": [60, 61], "lon": [-170, -170], "alt_ft": [30000, 30000]})
    with pytest.raises(ValueError) as err:
        position_at(raw, T0)
    assert re.search(r"time ?zone", str(err.value)), f"the message should mention the time zone: {err.value}"


def test_unsorted_times_name_the_row():
    with pytest.raises(ValueError) as err:
        make_track(minutes(0, 10, 5, 20), [60, 60.1, 60.2, 60.3], [-170] * 4, [30000] * 4)
    msg = str(err.value)
    assert "row 2" in msg and "increasing" in msg, f"the message should name row 2: {msg}"
    with pytest.raises(ValueError) as err:
        make_track(minutes(0, 10, 10), [60, 60.1, 60.2], [-170] * 3, [30000] * 3)
    assert "row 2" in str(err.value), f"a repeated time is not increasing either: {err.value}"


@pytest.mark.parametrize("column", ["time", "lat", "lon", "alt_ft"])
def test_missing_column_is_named(column):
    tr = make_track(minutes(0, 10), [60, 61], [-170, -170], [30000, 30000]).drop(columns=column)
    with pytest.raises(ValueError) as err:
        position_at(tr, minutes(5))
    assert repr(column) in str(err.value) and "missing" in str(err.value), f"should name {column!r}: {err.value}"


@pytest.mark.parametrize("column, value, name", [("lat", np.nan, "lat"), ("lat", 91.0, "lat"),
                                                 ("lon", np.inf, "lon"), ("alt_ft", np.nan, "alt_ft")])
def test_bad_values_in_a_track(column, value, name):
    values = {"lat": [60, 61, 62], "lon": [-170, -170, -170], "alt_ft": [30000, 30000, 30000]}
    values[column] = list(values[column])
    values[column][1] = value
    with pytest.raises(ValueError) as err:
        make_track(minutes(0, 10, 20), values["lat"], values["lon"], values["alt_ft"])
    assert f"track.{name}" in str(err.value) and "index 1" in str(err.value), f"message: {err.value}"


def test_a_track_needs_two_fixes_and_a_dataframe():
    with pytest.raises(ValueError) as err:
        make_track(minutes(0), [60], [-170], [30000])
    assert "at least 2" in str(err.value), str(err.value)
    with pytest.raises(ValueError) as err:
        check_track([(T0, 60, -170, 30000)])
    assert "DataFrame" in str(err.value), str(err.value)


def test_time_outside_the_track():
    tr = make_track(minutes(0, 10), [60, 61], [-170, -170], [30000, 30000])
    for bad in (minutes(-1)[0], minutes(11)[0]):
        with pytest.raises(ValueError) as err:
            position_at(tr, bad)
        assert "outside the track" in str(err.value) and str(bad) in str(err.value), str(err.value)
    with pytest.raises(ValueError):
        position_at(tr, minutes(5, 12))  # one of several times outside


def test_non_overlapping_tracks():
    a = make_track(minutes(0, 10), [60, 61], [-170, -170], [30000, 30000])
    b = make_track(minutes(11, 20), [60, 61], [-171, -171], [30000, 30000])
    for func in (separation, closest_approach):
        with pytest.raises(ValueError) as err:
            func(a, b)
        assert "do not overlap" in str(err.value), f"{func.__name__}: {err.value}"


def test_bad_step_is_named():
    a = make_track(minutes(0, 10), [60, 61], [-170, -170], [30000, 30000])
    for func in (separation, closest_approach):
        with pytest.raises(ValueError) as err:
            func(a, a, step_s=0)
        assert str(err.value).startswith("step_s:"), f"{func.__name__}: {err.value}"
