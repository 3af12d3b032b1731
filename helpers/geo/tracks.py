"""Tracks: where an aircraft was, and when.

A track is a pandas DataFrame with at least the columns ``time`` (timezone-aware UTC
timestamps, strictly increasing), ``lat`` and ``lon`` (decimal degrees) and ``alt_ft``
(feet). Between two fixes the aircraft is assumed to fly the geodesic at constant speed and to
climb or descend at a constant rate.

``separation`` and ``closest_approach`` compare two tracks on the same clock, like the
``Flight.distance`` of the traffic library: lateral distance in nautical miles and vertical
distance in feet.
"""

from typing import NamedTuple

import numpy as np
import pandas as pd

from helpers.geo import checks
from helpers.geo.geodesic import GEOD, LatLon, distance_nmi
from helpers.geo.units import FT_IN_M, NM_IN_M

TRACK_COLUMNS = ("time", "lat", "lon", "alt_ft")


def check_track(track, name="track"):
    """Raise ``ValueError`` naming ``name``, the row and the column if ``track`` is not a valid
    track (see the module docstring); return it unchanged otherwise."""
    if not isinstance(track, pd.DataFrame):
        raise ValueError(f"{name}: expected a pandas DataFrame with columns {TRACK_COLUMNS}, got {type(track).__name__}")
    missing = [c for c in TRACK_COLUMNS if c not in track.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {missing}; a track needs {list(TRACK_COLUMNS)}")
    if len(track) < 2:
        raise ValueError(f"{name}: a track needs at least 2 fixes, got {len(track)}")
    times = track["time"]
    if not isinstance(times.dtype, pd.DatetimeTZDtype):
        raise ValueError(f"{name}: column 'time' must hold timezone-aware UTC timestamps, got dtype {times.dtype}")
    if times.isna().any():
        row = int(np.flatnonzero(times.isna().to_numpy())[0])
        raise ValueError(f"{name}: column 'time' is missing a value at row {row}")
    steps = np.diff(_seconds(times))
    if (steps <= 0).any():
        row = int(np.flatnonzero(steps <= 0)[0]) + 1
        raise ValueError(f"{name}: times must be strictly increasing; row {row} ({times.iloc[row]}) "
                         f"is not after row {row - 1} ({times.iloc[row - 1]})")
    checks.latitude(f"{name}.lat", track["lat"].to_numpy())
    checks.longitude(f"{name}.lon", track["lon"].to_numpy())
    checks.as_float(f"{name}.alt_ft", track["alt_ft"].to_numpy())
    return track


def _seconds(times):
    """UTC times (a Series or index of aware timestamps) as float seconds since 1970."""
    return pd.DatetimeIndex(times).tz_convert("UTC").as_unit("ns").asi8 / 1e9


def _times_utc(name, times):
    """Accept one time or many; return (seconds array, DatetimeIndex in UTC). Naive times are refused."""
    if isinstance(times, (pd.Series, pd.DatetimeIndex, np.ndarray, list, tuple)):
        stamps = [checks.utc_timestamp(name, t) for t in times]
    else:
        stamps = [checks.utc_timestamp(name, times)]
    index = pd.DatetimeIndex(stamps, tz="UTC") if stamps else pd.DatetimeIndex([], tz="UTC")
    return _seconds(index), index


class _Arrays(NamedTuple):
    """A checked track as plain arrays, for fast repeated interpolation."""

    t: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    alt: np.ndarray


def _arrays(track, name):
    check_track(track, name)
    return _Arrays(_seconds(track["time"]), track["lat"].to_numpy(float), track["lon"].to_numpy(float),
                   track["alt_ft"].to_numpy(float))


def _interpolate(arr, secs):
    """Positions (lat, lon, alt_ft arrays) at ``secs`` inside the track, along geodesics."""
    i = np.clip(np.searchsorted(arr.t, secs, side="right") - 1, 0, len(arr.t) - 2)
    frac = (secs - arr.t[i]) / (arr.t[i + 1] - arr.t[i])
    az, _, dist = GEOD.inv(arr.lon[i], arr.lat[i], arr.lon[i + 1], arr.lat[i + 1])
    lon_p, lat_p, _ = GEOD.fwd(arr.lon[i], arr.lat[i], az, np.asarray(dist) * frac)
    lon_p = arr.lon[i] + (np.asarray(lon_p) - arr.lon[i] + 180.0) % 360.0 - 180.0
    alt_p = arr.alt[i] + frac * (arr.alt[i + 1] - arr.alt[i])
    # At a fix time return the fix itself, not the geodesic's rounding of it (which moves a
    # continuous longitude such as 181.3 by ~1e-14 and the leg's end point by ~1e-13 degree).
    at_fix = [frac <= 0.0, frac >= 1.0]

    def snap(values, column):
        return np.select(at_fix, [column[i], column[i + 1]], values)

    return snap(np.asarray(lat_p), arr.lat), snap(lon_p, arr.lon), snap(alt_p, arr.alt)


def position_at(track, time):
    """Position of the aircraft at ``time`` (a UTC timestamp, or several).

    Interpolates along the geodesic between the two fixes around ``time``. Returns a pandas
    Series with ``time``, ``lat``, ``lon``, ``alt_ft`` for one time, or a DataFrame for several.
    Raises ``ValueError`` if a time lies outside the track.
    """
    return _position(track, _arrays(track, "track"), time)


class TrackPositions:
    """One track checked once, for many positions: ``TrackPositions(track).at(time)`` gives what
    ``position_at(track, time)`` gives (``time`` a UTC timestamp, or several), without checking
    and converting the whole track again on every call (a widget's slider step)."""

    def __init__(self, track, name="track"):
        self.track = track
        self._arrays = _arrays(track, name)

    def at(self, time):
        """Position at ``time`` (UTC): a Series with ``time``, ``lat``, ``lon``, ``alt_ft``, or a
        DataFrame for several times; ``ValueError`` outside the track."""
        return _position(self.track, self._arrays, time)


def _position(track, arr, time):
    secs, index = _times_utc("time", time)
    outside = (secs < arr.t[0]) | (secs > arr.t[-1])
    if outside.any():
        bad = index[int(np.flatnonzero(outside)[0])]
        raise ValueError(f"time: {bad} is outside the track, which runs from "
                         f"{track['time'].iloc[0]} to {track['time'].iloc[-1]}")
    lat_p, lon_p, alt_p = _interpolate(arr, secs)
    out = pd.DataFrame({"time": index, "lat": lat_p, "lon": lon_p, "alt_ft": alt_p})
    if np.ndim(time) == 0 and not isinstance(time, (list, tuple)):
        return out.iloc[0]
    return out


def ground_speed_kt(track):
    """Ground speed in knots on each leg of the track, as a Series aligned with the track's rows:
    the value at row i is the speed on the leg from row i-1 to row i (row 0 is NaN)."""
    check_track(track)
    lat, lon = track["lat"].to_numpy(float), track["lon"].to_numpy(float)
    legs = np.asarray(distance_nmi(lat1=lat[:-1], lon1=lon[:-1], lat2=lat[1:], lon2=lon[1:]))
    hours = np.diff(_seconds(track["time"])) / 3600.0
    return pd.Series(np.concatenate([[np.nan], legs / hours]), index=track.index, name="ground_speed_kt")


def _overlap(track_a, track_b):
    a, b = _arrays(track_a, "track_a"), _arrays(track_b, "track_b")
    start, end = max(a.t[0], b.t[0]), min(a.t[-1], b.t[-1])
    if start > end:
        raise ValueError(f"track_a and track_b do not overlap in time: track_a runs "
                         f"{track_a['time'].iloc[0]} to {track_a['time'].iloc[-1]}, track_b "
                         f"{track_b['time'].iloc[0]} to {track_b['time'].iloc[-1]}")
    return a, b, start, end


def _common_samples(track_a, track_b, step):
    """Sample times where both tracks exist: every ``step`` seconds from the start of the overlap,
    every fix time of either track, and the end. Returns (integer nanoseconds since 1970, float
    seconds). Integers, so that fix times come back exactly (float seconds since 1970 are only
    good to ~0.1 microsecond); the float seconds equal the tracks' own ``_seconds``."""
    a_ns, b_ns = (pd.DatetimeIndex(t["time"]).tz_convert("UTC").as_unit("ns").asi8 for t in (track_a, track_b))
    start, end = max(a_ns[0], b_ns[0]), min(a_ns[-1], b_ns[-1])
    grid = np.arange(start, end, max(int(round(step * 1e9)), 1), dtype=np.int64)
    nanos = np.unique(np.concatenate([grid, a_ns[(a_ns >= start) & (a_ns <= end)],
                                      b_ns[(b_ns >= start) & (b_ns <= end)], [end]]))
    return nanos, nanos / 1e9


def _separation_at(a, b, secs):
    """(positions of a, positions of b, lateral nmi, vertical ft) at ``secs``."""
    pa, pb = _interpolate(a, secs), _interpolate(b, secs)
    lateral = np.asarray(distance_nmi(lat1=pa[0], lon1=pa[1], lat2=pb[0], lon2=pb[1]))
    return pa, pb, lateral, pb[2] - pa[2]


def _slant_ft(lateral_nmi, vertical_ft):
    return np.hypot(np.asarray(lateral_nmi) * NM_IN_M / FT_IN_M, vertical_ft)


def separation(track_a, track_b, *, step_s=10.0):
    """Separation of two tracks on a common clock, where both exist.

    Samples every fix time of either track plus every ``step_s`` seconds. Returns a DataFrame
    with ``time``, ``lateral_nmi`` (geodesic distance between the two positions),
    ``vertical_ft`` (altitude of b minus altitude of a), ``slant_ft`` (straight-line
    distance in feet) and the positions ``lat_a, lon_a, lat_b, lon_b``.
    """
    step = float(checks.positive("step_s", step_s))
    a, b, _, _ = _overlap(track_a, track_b)
    nanos, secs = _common_samples(track_a, track_b, step)
    pa, pb, lateral, vertical = _separation_at(a, b, secs)
    return pd.DataFrame({
        "time": pd.to_datetime(nanos, utc=True),
        "lateral_nmi": lateral,
        "vertical_ft": vertical,
        "slant_ft": _slant_ft(lateral, vertical),
        "lat_a": pa[0], "lon_a": pa[1], "lat_b": pb[0], "lon_b": pb[1],
    })


class ClosestApproach(NamedTuple):
    """The moment two tracks came closest (positions as ``LatLon``)."""

    time: pd.Timestamp
    lateral_nmi: float
    vertical_ft: float
    slant_ft: float
    position_a: LatLon
    position_b: LatLon


def closest_approach(track_a, track_b, *, by="lateral", step_s=1.0):
    """When and how close two tracks came, measured ``by`` ``"lateral"`` distance (what
    "within 20 nmi" means) or ``"slant"`` distance (what "within 5 ft" means).

    Samples every ``step_s`` seconds and at every fix time, then refines the minimum by ternary
    search to about a microsecond. Returns a ``ClosestApproach``.
    """
    if by not in ("lateral", "slant"):
        raise ValueError(f"by: expected 'lateral' or 'slant', got {by!r}")
    step = float(checks.positive("step_s", step_s))
    a, b, start, end = _overlap(track_a, track_b)
    nanos, secs = _common_samples(track_a, track_b, step)

    def measure(s):
        _, _, lateral, vertical = _separation_at(a, b, np.atleast_1d(s))
        return lateral if by == "lateral" else _slant_ft(lateral, vertical)

    k = int(np.argmin(measure(secs)))
    lo, hi = secs[max(k - 1, 0)], secs[min(k + 1, len(secs) - 1)]
    # ~1 microsecond (a collision is V-shaped: 1 ms at 600 kt closing would leave 0.3 m), but
    # never finer than float seconds since 1970 can resolve
    tol = max(1e-6, 4 * float(np.spacing(end)))
    while hi - lo > tol:
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        v1, v2 = measure([m1, m2])
        lo, hi = (lo, m2) if v1 <= v2 else (m1, hi)
    candidates = np.array([lo, hi, secs[k]])
    best = candidates[int(np.argmin(measure(candidates)))]
    pa, pb, lateral, vertical = _separation_at(a, b, np.array([best]))
    # the exact time of a sample (a fix, the start or end of the overlap), else rounded, inside
    at_sample = np.flatnonzero(secs == best)
    best_ns = int(nanos[at_sample[0]]) if at_sample.size else int(np.clip(round(best * 1e9), nanos[0], nanos[-1]))
    return ClosestApproach(
        time=pd.Timestamp(best_ns, tz="UTC"),
        lateral_nmi=float(lateral[0]),
        vertical_ft=float(vertical[0]),
        slant_ft=float(_slant_ft(lateral[0], vertical[0])),
        position_a=LatLon(float(pa[0][0]), float(pa[1][0])),
        position_b=LatLon(float(pb[0][0]), float(pb[1][0])),
    )


def make_track(times, lat, lon, alt_ft):
    """Build a track DataFrame from sequences, checking it. ``times`` must be UTC-aware."""
    _, index = _times_utc("times", list(times))
    track = pd.DataFrame({"time": index, "lat": np.asarray(lat, float), "lon": np.asarray(lon, float),
                          "alt_ft": np.asarray(alt_ft, float)})
    return check_track(track)



def resample(track, *, step_s=60.0):
    """The track's positions every ``step_s`` seconds (plus every original fix), as a new track
    DataFrame with ``time``, ``lat``, ``lon``, ``alt_ft``."""
    step = float(checks.positive("step_s", step_s))
    arr = _arrays(track, "track")
    secs = np.unique(np.concatenate([np.arange(arr.t[0], arr.t[-1], step), arr.t]))
    lat, lon, alt = _interpolate(arr, secs)
    return pd.DataFrame({"time": pd.to_datetime(np.round(secs * 1e9).astype(np.int64), utc=True),
                         "lat": lat, "lon": lon, "alt_ft": alt})
