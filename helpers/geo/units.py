"""Units of air encounters: nautical miles, knots, feet, and Mach.

The nautical mile is exactly 1852 m (International Hydrographic Conference, 1929). It began
as one minute of arc of latitude, which is why ``60 nmi ~ 1 degree of latitude``.

Mach uses the International Standard Atmosphere (ISA, ICAO Doc 7488): sea-level temperature
288.15 K falling 6.5 K per km up to the tropopause at 11,000 m, then a constant 216.65 K up to
20,000 m. The speed of sound is ``sqrt(gamma * R * T)`` with gamma = 1.4 and
R = 287.05287 J/(kg K). Real air differs from the ISA by a few percent on a given day.
"""

import numpy as np

from helpers.geo import checks

NM_IN_M = 1852.0
"""Metres in one nautical mile (exact)."""
KM_IN_M = 1000.0
STATUTE_MI_IN_M = 1609.344
"""Metres in one statute mile (exact)."""
FT_IN_M = 0.3048
"""Metres in one international foot (exact)."""
KT_IN_MS = NM_IN_M / 3600.0
"""Metres per second in one knot (one nautical mile per hour)."""

ISA_GAMMA = 1.4
ISA_R = 287.05287
ISA_T0_K = 288.15
ISA_LAPSE_K_PER_M = 0.0065
ISA_TROPOPAUSE_M = 11000.0
ISA_UPPER_LIMIT_M = 20000.0

_LENGTH_IN_M = {"nmi": NM_IN_M, "km": KM_IN_M, "mi": STATUTE_MI_IN_M, "m": 1.0, "ft": FT_IN_M}
_SPEED_IN_MS = {"kt": KT_IN_MS, "km/h": KM_IN_M / 3600.0, "mph": STATUTE_MI_IN_M / 3600.0, "m/s": 1.0}


def convert_length(value, from_unit, to_unit):
    """Convert a length between ``nmi``, ``km``, ``mi`` (statute), ``m`` and ``ft``."""
    for name, unit in (("from_unit", from_unit), ("to_unit", to_unit)):
        if unit not in _LENGTH_IN_M:
            raise ValueError(f"{name}: unknown length unit {unit!r}; expected one of {sorted(_LENGTH_IN_M)}")
    return checks.scalar_or_array(checks.as_float("value", value) * _LENGTH_IN_M[from_unit] / _LENGTH_IN_M[to_unit])


def convert_speed(value, from_unit, to_unit):
    """Convert a speed between ``kt``, ``km/h``, ``mph`` and ``m/s``."""
    for name, unit in (("from_unit", from_unit), ("to_unit", to_unit)):
        if unit not in _SPEED_IN_MS:
            raise ValueError(f"{name}: unknown speed unit {unit!r}; expected one of {sorted(_SPEED_IN_MS)}")
    return checks.scalar_or_array(checks.as_float("value", value) * _SPEED_IN_MS[from_unit] / _SPEED_IN_MS[to_unit])


def nmi_to_km(distance_nmi):
    """Nautical miles to kilometres."""
    return convert_length(distance_nmi, "nmi", "km")


def km_to_nmi(distance_km):
    """Kilometres to nautical miles."""
    return convert_length(distance_km, "km", "nmi")


def nmi_to_mi(distance_nmi):
    """Nautical miles to statute miles."""
    return convert_length(distance_nmi, "nmi", "mi")


def mi_to_nmi(distance_mi):
    """Statute miles to nautical miles."""
    return convert_length(distance_mi, "mi", "nmi")


def ft_to_m(altitude_ft):
    """Feet to metres."""
    return convert_length(altitude_ft, "ft", "m")


def m_to_ft(altitude_m):
    """Metres to feet."""
    return convert_length(altitude_m, "m", "ft")


def kt_to_kmh(speed_kt):
    """Knots to kilometres per hour."""
    return convert_speed(speed_kt, "kt", "km/h")


def kmh_to_kt(speed_kmh):
    """Kilometres per hour to knots."""
    return convert_speed(speed_kmh, "km/h", "kt")


def kt_to_ms(speed_kt):
    """Knots to metres per second."""
    return convert_speed(speed_kt, "kt", "m/s")


def ms_to_kt(speed_ms):
    """Metres per second to knots."""
    return convert_speed(speed_ms, "m/s", "kt")


def isa_temperature_k(altitude_ft):
    """ISA air temperature in kelvin at a pressure altitude in feet (0 to 65,617 ft)."""
    alt_m = checks.non_negative("altitude_ft", altitude_ft) * FT_IN_M
    too_high = alt_m > ISA_UPPER_LIMIT_M
    if too_high.any():
        raise ValueError(
            f"altitude_ft: this ISA model stops at {ISA_UPPER_LIMIT_M / FT_IN_M:.0f} ft, "
            f"{checks._first_bad(alt_m / FT_IN_M, too_high)}"
        )
    temp = np.where(alt_m < ISA_TROPOPAUSE_M, ISA_T0_K - ISA_LAPSE_K_PER_M * alt_m,
                    ISA_T0_K - ISA_LAPSE_K_PER_M * ISA_TROPOPAUSE_M)
    return checks.scalar_or_array(temp)


def speed_of_sound_kt(altitude_ft):
    """Speed of sound in knots at an altitude in feet, in the ISA."""
    temp = np.asarray(isa_temperature_k(altitude_ft))
    return checks.scalar_or_array(np.sqrt(ISA_GAMMA * ISA_R * temp) / KT_IN_MS)


def mach(speed_kt, altitude_ft):
    """Mach number of a true airspeed in knots at an altitude in feet (ISA, no wind)."""
    speed = checks.non_negative("speed_kt", speed_kt)
    return checks.scalar_or_array(speed / np.asarray(speed_of_sound_kt(altitude_ft)))


def mach_to_kt(mach_number, altitude_ft):
    """True airspeed in knots of a Mach number at an altitude in feet (ISA, no wind)."""
    m = checks.non_negative("mach_number", mach_number)
    return checks.scalar_or_array(m * np.asarray(speed_of_sound_kt(altitude_ft)))
