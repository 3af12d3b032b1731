"""Check reconstructed tracks against the public constraints they were built to satisfy.

Each row of ``data/tracks/constraints.csv`` names an incident, a track (and sometimes a second
track), a kind of constraint, a value, a unit and a tolerance, with the claims and sources it
comes from. ``check(incident_id)`` measures each one with ``helpers.geo`` and says whether it
holds, so a student (and the test suite) can see that a reconstruction meets what was published.
"""

import pandas as pd

from helpers import data, geo


def measure(row, tracks=None):
    """The measured value of one constraint row (a number, or a date string). ``tracks`` replaces
    the incident's tracks from data/ (to test a modified track); otherwise cached results are used."""
    given = tracks is not None
    tracks = tracks or data.tracks(row["incident_id"])
    trk = tracks[row["track"]]
    kind = row["kind"]
    region = data.incident(row["incident_id"])["region"]
    if kind in ("min_distance_to_coast", "never_inside", "nearest_coast_east_of", "closest_approach_local_date"):
        if given:
            hit = geo.closest_to_coast(trk, data.coastline(region, "fine"))
        else:
            from helpers.maps import closest_to_shore

            hit = closest_to_shore(row["incident_id"])[row["track"]]
        if kind == "nearest_coast_east_of":
            return hit.on_coast.lon
        if kind == "closest_approach_local_date":
            offset = pd.Timedelta(hours=int(row["unit"][3:6]), minutes=int(row["unit"][7:9]))
            return str((hit.time.tz_localize(None) + offset).date())
        return hit.distance_nmi
    if kind == "min_slant_separation":
        return geo.closest_approach(trk, tracks[row["other_track"]], by="slant", step_s=0.5).slant_ft
    if kind == "min_lateral_separation_at_most":
        return geo.closest_approach(trk, tracks[row["other_track"]]).lateral_nmi
    if kind == "track_duration":
        return (trk["time"].iloc[-1] - trk["time"].iloc[0]).total_seconds() / 60.0
    raise ValueError(f"constraints.csv: unknown constraint kind {kind!r} in row {row['id']!r}")


def holds(row, measured):
    """Whether a measured value satisfies the constraint row."""
    kind, tol = row["kind"], float(row["tolerance"])
    if kind == "closest_approach_local_date":
        return measured == str(row["value"])
    value = float(row["value"])
    if kind in ("min_distance_to_coast", "min_slant_separation", "track_duration"):
        return abs(measured - value) <= tol
    if kind == "never_inside":
        return measured > value
    if kind == "nearest_coast_east_of":
        return measured > value
    if kind == "min_lateral_separation_at_most":
        return measured <= value
    raise ValueError(f"constraints.csv: unknown constraint kind {kind!r}")


def check(incident_id=None, tracks=None):
    """A DataFrame of every constraint (of one incident, or all) with ``measured`` and ``holds``."""
    rows = data.track_constraints(incident_id)
    out = []
    for _, row in rows.iterrows():
        measured = measure(row, tracks)
        out.append({**row.to_dict(), "measured": measured, "holds": bool(holds(row, measured))})
    return pd.DataFrame(out)
