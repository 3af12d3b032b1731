"""Unit tests of helpers.geo.units: exact constants, round trips, ISA speed of sound, errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.geo import units
from helpers.geo.units import (
    FT_IN_M, KT_IN_MS, NM_IN_M, STATUTE_MI_IN_M, convert_length, convert_speed, ft_to_m,
    isa_temperature_k, km_to_nmi, kmh_to_kt, kt_to_kmh, kt_to_ms, m_to_ft, mach, mach_to_kt,
    mi_to_nmi, ms_to_kt, nmi_to_km, nmi_to_mi, speed_of_sound_kt,
)

LENGTH_UNITS = ["nmi", "km", "mi", "m", "ft"]
SPEED_UNITS = ["kt", "km/h", "mph", "m/s"]
PAIRS = [
    (nmi_to_km, km_to_nmi), (nmi_to_mi, mi_to_nmi), (ft_to_m, m_to_ft),
    (kt_to_kmh, kmh_to_kt), (kt_to_ms, ms_to_kt),
]
REL = 1e-12  # round trips are two float multiplications/divisions: a few ulps

values = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)


# --- exact constants -----------------------------------------------------------------------

def test_nautical_mile_is_exactly_1852_m():
    assert NM_IN_M == 1852, f"NM_IN_M must be exactly 1852 m, got {NM_IN_M!r}"
    assert STATUTE_MI_IN_M == 1609.344, f"statute mile is exactly 1609.344 m, got {STATUTE_MI_IN_M!r}"
    assert FT_IN_M == 0.3048, f"international foot is exactly 0.3048 m, got {FT_IN_M!r}"
    assert KT_IN_MS == 1852 / 3600, f"1 kt = 1852/3600 m/s, got {KT_IN_MS!r}"


def test_known_values():
    # 1 kt = 1.852 km/h exactly (tolerance: 1 ulp-level, 1e-15 relative)
    assert kt_to_kmh(1) == pytest.approx(1.852, rel=1e-15), f"1 kt -> {kt_to_kmh(1)} km/h, expected 1.852"
    # 1 nmi = 1.150779 statute mi (1852 / 1609.344 = 1.1507794...); tolerance 1e-6 absolute
    assert abs(nmi_to_mi(1) - 1.150779) < 1e-6, f"1 nmi -> {nmi_to_mi(1)} mi, expected 1.150779"
    # 1 nmi = 1.852 km, 1 ft = 0.3048 m, 1 kt = 0.514444 m/s (tolerance 1e-12 relative)
    assert nmi_to_km(1) == pytest.approx(1.852, rel=1e-12), f"1 nmi -> {nmi_to_km(1)} km"
    assert ft_to_m(1) == pytest.approx(0.3048, rel=1e-12), f"1 ft -> {ft_to_m(1)} m"
    assert kt_to_ms(1) == pytest.approx(0.5144444444444445, rel=1e-12), f"1 kt -> {kt_to_ms(1)} m/s"
    # 60 mph = 52.13857 kt (60 * 1609.344 / 1852 = 52.138574...); tolerance 1e-5 kt
    assert abs(convert_speed(60, "mph", "kt") - 52.13857) < 1e-5, convert_speed(60, "mph", "kt")
    # 36,089 ft is ~ 11,000 m, the ISA tropopause (tolerance 0.1 m)
    assert abs(ft_to_m(36089) - 11000) < 0.1, f"36089 ft -> {ft_to_m(36089)} m"


def test_scalar_in_scalar_out_and_arrays_elementwise():
    out = nmi_to_km(2)
    assert isinstance(out, float), f"a number in must give a float out, got {type(out).__name__}"
    arr = nmi_to_km(np.array([1.0, 2.0, 3.0]))
    assert isinstance(arr, np.ndarray) and arr.shape == (3,), f"array in must give array out, got {arr!r}"
    np.testing.assert_allclose(arr, [1.852, 3.704, 5.556], rtol=1e-12,
                               err_msg="element-wise conversion (tolerance 1e-12 relative)")


# --- round trips ---------------------------------------------------------------------------

@pytest.mark.parametrize("there, back", PAIRS, ids=lambda f: f.__name__)
@given(x=values)
@settings(max_examples=40, deadline=None)
def test_named_conversion_round_trip(there, back, x):
    y = back(there(x))
    # tolerance: REL relative plus 1e-300 absolute for x = 0
    assert math.isclose(y, x, rel_tol=REL, abs_tol=1e-300), f"{back.__name__}({there.__name__}({x})) = {y}"


@pytest.mark.parametrize("a", LENGTH_UNITS)
@pytest.mark.parametrize("b", LENGTH_UNITS)
@given(x=values)
@settings(max_examples=15, deadline=None)
def test_every_length_round_trip(a, b, x):
    y = convert_length(convert_length(x, a, b), b, a)
    assert math.isclose(y, x, rel_tol=REL, abs_tol=1e-300), f"{a} -> {b} -> {a}: {x} became {y} (tol {REL} rel)"


@pytest.mark.parametrize("a", SPEED_UNITS)
@pytest.mark.parametrize("b", SPEED_UNITS)
@given(x=values)
@settings(max_examples=15, deadline=None)
def test_every_speed_round_trip(a, b, x):
    y = convert_speed(convert_speed(x, a, b), b, a)
    assert math.isclose(y, x, rel_tol=REL, abs_tol=1e-300), f"{a} -> {b} -> {a}: {x} became {y} (tol {REL} rel)"


@pytest.mark.parametrize("a", LENGTH_UNITS)
@pytest.mark.parametrize("b", LENGTH_UNITS)
def test_length_conversions_match_metres(a, b):
    meters = {"nmi": 1852.0, "km": 1000.0, "mi": 1609.344, "m": 1.0, "ft": 0.3048}
    expected = meters[a] / meters[b]
    got = convert_length(1.0, a, b)
    assert math.isclose(got, expected, rel_tol=1e-15), f"1 {a} = {got} {b}, expected {expected} (tol 1e-15 rel)"


# --- ISA and Mach --------------------------------------------------------------------------

def test_speed_of_sound_sea_level():
    # ISA standard: a0 = 340.294 m/s = 661.47 kt; tolerance 0.1 kt
    a0 = speed_of_sound_kt(0)
    assert abs(a0 - 661.47) < 0.1, f"speed of sound at sea level: {a0} kt, expected ~661.47 kt"
    assert abs(a0 * KT_IN_MS - 340.294) < 0.01, f"speed of sound at sea level: {a0 * KT_IN_MS} m/s, expected 340.294"
    assert abs(isa_temperature_k(0) - 288.15) < 1e-12, f"ISA sea-level temperature {isa_temperature_k(0)} K"


def test_speed_of_sound_tropopause_and_above():
    # 36,089 ft (11,000 m): ISA 295.07 m/s = 573.57 kt; tolerance 0.1 kt
    a = speed_of_sound_kt(36089)
    assert abs(a - 573.57) < 0.1, f"speed of sound at 36,089 ft: {a} kt, expected ~573.57 kt"
    assert abs(a * KT_IN_MS - 295.07) < 0.01, f"speed of sound at 36,089 ft: {a * KT_IN_MS} m/s, expected 295.07"
    # isothermal layer up to 20,000 m: the same value at 50,000 ft and at the top, 65,616 ft
    for alt in (40000, 50000, 65616):
        assert abs(speed_of_sound_kt(alt) - a) < 0.01, f"speed of sound at {alt} ft should equal the tropopause value"
    assert abs(isa_temperature_k(50000) - 216.65) < 1e-9, f"ISA stratosphere temperature {isa_temperature_k(50000)}"


def test_speed_of_sound_decreases_with_altitude_below_tropopause():
    alts = np.linspace(0, 36000, 37)
    a = speed_of_sound_kt(alts)
    assert np.all(np.diff(a) < 0), f"speed of sound must fall with altitude below the tropopause: {a}"


def test_mach_known_value():
    # Mach 0.85 at 35,000 ft: T = 288.15 - 6.5 * 10.668 = 218.808 K, a = 296.54 m/s = 576.4 kt
    tas = mach_to_kt(0.85, 35000)
    assert abs(tas - 0.85 * 576.4) < 0.5, f"Mach 0.85 at FL350 = {tas} kt, expected ~490 kt (tol 0.5 kt)"
    assert abs(mach(661.47, 0) - 1.0) < 2e-4, f"661.47 kt at sea level is Mach {mach(661.47, 0)}, expected 1"


@given(speed=st.floats(min_value=0, max_value=3000), alt=st.floats(min_value=0, max_value=65616))
@settings(max_examples=100, deadline=None)
def test_mach_round_trip(speed, alt):
    back = mach_to_kt(mach(speed, alt), alt)
    # tolerance: 1e-12 relative (+1e-12 kt for 0)
    assert math.isclose(back, speed, rel_tol=1e-12, abs_tol=1e-12), f"mach_to_kt(mach({speed}, {alt})) = {back}"


def test_mach_arrays():
    m = mach(np.array([300.0, 600.0]), np.array([0.0, 36089.0]))
    assert m.shape == (2,), f"array in must give array out, got {m!r}"
    assert abs(m[0] - 300 / 661.4786) < 1e-5 and abs(m[1] - 600 / 573.5698) < 1e-5, f"Mach numbers {m}"


# --- errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: convert_length(1, "furlong", "nmi"), "from_unit"),
    (lambda: convert_length(1, "nmi", "NM"), "to_unit"),
    (lambda: convert_speed(1, "knots", "kt"), "from_unit"),
    (lambda: convert_speed(1, "kt", "km/s"), "to_unit"),
])
def test_unknown_unit(call, name):
    with pytest.raises(ValueError) as err:
        call()
    assert name in str(err.value), f"the message should name {name!r}: {err.value}"
    assert "unknown" in str(err.value), f"the message should say the unit is unknown: {err.value}"


@pytest.mark.parametrize("call, name, bad", [
    (lambda: mach(-1, 0), "speed_kt", "-1"),
    (lambda: mach(np.array([100.0, -5.0]), 0), "speed_kt", "-5"),
    (lambda: mach_to_kt(-0.5, 0), "mach_number", "-0.5"),
    (lambda: speed_of_sound_kt(-100), "altitude_ft", "-100"),
    (lambda: speed_of_sound_kt(65617), "altitude_ft", "65617"),
    (lambda: mach(500, 70000), "altitude_ft", "70000"),
    (lambda: isa_temperature_k(np.array([0.0, 80000.0])), "altitude_ft", "80000"),
])
def test_bad_values_are_named(call, name, bad):
    with pytest.raises(ValueError) as err:
        call()
    assert name in str(err.value), f"the message should name {name!r}: {err.value}"
    assert bad in str(err.value), f"the message should show the bad value {bad}: {err.value}"


def test_altitude_limit_is_65617_ft():
    speed_of_sound_kt(65616)  # 20,000 m = 65,616.8 ft: still inside the model
    with pytest.raises(ValueError) as err:
        speed_of_sound_kt(65617)
    assert "altitude_ft" in str(err.value) and "65617" in str(err.value), str(err.value)


@pytest.mark.parametrize("call, name", [
    (lambda: nmi_to_km(float("nan")), "value"),
    (lambda: kt_to_kmh(np.array([1.0, np.nan])), "value"),
    (lambda: convert_length(float("inf"), "nmi", "km"), "value"),
    (lambda: mach(float("nan"), 0), "speed_kt"),
    (lambda: mach(300, float("nan")), "altitude_ft"),
    (lambda: mach_to_kt(float("nan"), 0), "mach_number"),
    (lambda: speed_of_sound_kt(float("nan")), "altitude_ft"),
    (lambda: nmi_to_km("ten"), "value"),
])
def test_nan_and_non_numbers_are_named(call, name):
    with pytest.raises(ValueError) as err:
        call()
    assert name in str(err.value), f"the message should name {name!r}: {err.value}"


def test_module_constants_consistent():
    assert units.ISA_UPPER_LIMIT_M / FT_IN_M == pytest.approx(65616.8, abs=0.1), "ISA model top is 65,616.8 ft"
