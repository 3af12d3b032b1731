"""Input checks shared by the geometry functions.

Every check raises ``ValueError`` whose message names the argument and the bad value, so a
student who passes a latitude of 91 reads ``lat1: latitude must be within [-90, 90] degrees,
got 91.0`` instead of a NaN three cells later.
"""

import numpy as np
import pandas as pd


def _first_bad(values, mask):
    """Describe the first value where ``mask`` is true, with its index when there are many."""
    flat = np.asarray(values).ravel()
    # .item(): a plain Python number, so the message reads "got 91.0", not "got np.float64(91.0)"
    idx = int(np.flatnonzero(np.asarray(mask).ravel())[0])
    if flat.size == 1:
        return f"got {flat[idx].item()!r}"
    return f"got {flat[idx].item()!r} at index {idx}"


def as_float(name, value):
    """Return ``value`` as a float array (or float), refusing NaN, infinity and non-numbers."""
    raw = np.asarray(value)
    if raw.dtype == object:  # a list mixing numbers with strings, booleans or None
        if any(isinstance(v, (str, bytes, bool, np.bool_)) or v is None for v in raw.ravel()):
            raise ValueError(f"{name}: expected a number or an array of numbers, got {value!r}")
    elif raw.dtype.kind not in "iuf":  # strings ("12"), booleans, times, complex are not numbers
        raise ValueError(f"{name}: expected a number or an array of numbers, got {value!r}"
                         + (" (text, not a number: write 12, not '12')" if raw.dtype.kind in "US" else ""))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a number or an array of numbers, got {value!r}") from None
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ValueError(f"{name}: must be a finite number (not NaN or infinity), {_first_bad(arr, bad)}")
    return arr


def latitude(name, value):
    """Check a latitude in degrees: finite and within [-90, 90]."""
    arr = as_float(name, value)
    bad = (arr < -90) | (arr > 90)
    if bad.any():
        raise ValueError(f"{name}: latitude must be within [-90, 90] degrees, {_first_bad(arr, bad)}")
    return arr


def longitude(name, value):
    """Check a longitude in degrees: finite and within [-540, 540].

    Longitudes beyond +-180 are allowed on purpose: tracks and coastlines that cross the
    antimeridian keep continuous longitudes (e.g. -183 for 177 E) so lines do not wrap the world.
    """
    arr = as_float(name, value)
    bad = (arr < -540) | (arr > 540)
    if bad.any():
        raise ValueError(f"{name}: longitude must be within [-540, 540] degrees, {_first_bad(arr, bad)}")
    return arr


def non_negative(name, value):
    """Check a quantity that cannot be negative (speed, distance, delay)."""
    arr = as_float(name, value)
    bad = arr < 0
    if bad.any():
        raise ValueError(f"{name}: must not be negative, {_first_bad(arr, bad)}")
    return arr


def positive(name, value):
    """Check a quantity that must be strictly positive."""
    arr = as_float(name, value)
    bad = arr <= 0
    if bad.any():
        raise ValueError(f"{name}: must be greater than zero, {_first_bad(arr, bad)}")
    return arr


def same_shape(**arrays):
    """Check that arrays have one shape (single numbers go with any shape); name them when they
    do not. Shapes (3,) and (3, 1) are refused rather than broadcast silently into (3, 3)."""
    shapes = {k: np.shape(v) for k, v in arrays.items()}
    sized = {s for s in shapes.values() if s != ()}
    if len(sized) > 1:
        described = ", ".join(f"{k} has shape {s}" for k, s in shapes.items())
        raise ValueError(f"mismatched lengths: {described}")


def utc_timestamp(name, value):
    """Return ``value`` as a timezone-aware UTC ``pandas.Timestamp``; refuse naive times."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a time, got {value!r}") from None
    if ts is pd.NaT:
        raise ValueError(f"{name}: expected a time, got NaT")
    if ts.tzinfo is None:
        raise ValueError(
            f"{name}: time {value!r} has no time zone; give UTC explicitly, "
            f"e.g. pd.Timestamp('2020-06-10 05:00', tz='UTC')"
        )
    return ts.tz_convert("UTC")


def scalar_or_array(arr):
    """Return a Python float for 0-d arrays, the array otherwise."""
    arr = np.asarray(arr)
    return float(arr) if arr.ndim == 0 else arr
