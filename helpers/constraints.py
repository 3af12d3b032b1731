"""Check reconstructed tracks against the public constraints they were built to satisfy.

Each row of ``data/tracks/constraints.csv`` names an incident, a track (and sometimes a second
track), a kind of constraint, a value, a unit and a tolerance, with the claims and sources it
comes from. ``check(incident_id)`` measures each one with ``helpers.geo`` and says whether it
holds, so a student (and the test suite) can see that a reconstruction meets what was published.
"""

import numpy as np
import pandas as pd

from helpers import data, geo
from helpers.measure import closest_to_shore

JOIN_NMI = 2.0  # fighters "join" a bomber when they first come within this lateral distance, nmi


def turnaround_time(track):
    """UTC time at which a there-and-back track is farthest from its first fix: the middle of
    its turn-around."""
    first = track.iloc[0]
    far = geo.distance_nmi(lat1=first["lat"], lon1=first["lon"], lat2=track["lat"].to_numpy(),
                           lon2=track["lon"].to_numpy())
    return track["time"].iloc[int(np.argmax(far))]


def join_time(fighter, bomber, *, within_nmi=JOIN_NMI):
    """UTC time at which ``fighter`` first comes within ``within_nmi`` (lateral, nmi) of ``bomber``
    (checked every second), or None if it never does."""
    sep = geo.separation(fighter, bomber, step_s=1)
    close = sep.loc[sep["lateral_nmi"] <= within_nmi, "time"]
    return close.iloc[0] if len(close) else None


def half_span_ft(aircraft_type):
    """Half the wingspan of an aircraft type, ft, from data/aircraft.csv (columns wingspan, dimension_unit)."""
    row = data.aircraft(aircraft_type)
    if not str(row.get("wingspan", "")).strip() or row["wingspan"] != row["wingspan"]:
        raise ValueError(f"aircraft.csv: no wingspan for {aircraft_type!r}; add wingspan, dimension_unit and "
                         "dimension_source_ids to its row")
    return geo.convert_length(float(row["wingspan"]), row["dimension_unit"], "ft") / 2.0


def wingtip_clearance_ft(lateral_nmi, type_a, type_b):
    """Horizontal clearance between the wingtips of two aircraft side by side, ft: the distance
    between their centres (``lateral_nmi``) minus both half-spans. When one is not abeam of the
    other the true clearance is larger, so this is a lower bound. Negative: the wings overlap."""
    return geo.convert_length(lateral_nmi, "nmi", "ft") - half_span_ft(type_a) - half_span_ft(type_b)


def max_turn_rate_deg_s(track):
    """The fastest change of course between consecutive legs of a track, deg/s (course of each
    leg from its two fixes; the change divided by the time between the legs' midpoints)."""
    lat, lon = track["lat"].to_numpy(), track["lon"].to_numpy()
    secs = (track["time"] - track["time"].iloc[0]).dt.total_seconds().to_numpy()
    course = geo.initial_bearing_deg(lat1=lat[:-1], lon1=lon[:-1], lat2=lat[1:], lon2=lon[1:])
    change = (np.diff(course) + 180.0) % 360.0 - 180.0
    mid = (secs[:-1] + secs[1:]) / 2
    return float(np.max(np.abs(change) / np.diff(mid)))


G_MS2 = 9.80665  # standard gravity, m/s^2 (the value scripts/build_tracks.py flies its turns with)


def level_turn_bank_deg(*, speed_kt, rate_deg_s):
    """Bank angle, deg, of a level, coordinated turn at ``rate_deg_s`` (deg/s) and ``speed_kt``
    (kt, no wind): tan(bank) = omega V / g."""
    v_ms = geo.convert_speed(speed_kt, "kt", "m/s")
    return float(np.degrees(np.arctan(np.radians(rate_deg_s) * v_ms / G_MS2)))


def level_turn_radius_nmi(*, speed_kt, rate_deg_s):
    """Radius, nmi, of a turn at ``rate_deg_s`` (deg/s) and ``speed_kt`` (kt): r = V / omega."""
    v_ms = geo.convert_speed(speed_kt, "kt", "m/s")
    return geo.convert_length(v_ms / np.radians(rate_deg_s), "m", "nmi")


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
    if kind == "min_wingtip_clearance":
        other = tracks[row["other_track"]]
        lateral = geo.closest_approach(trk, other, by="lateral", step_s=0.5).lateral_nmi
        return wingtip_clearance_ft(lateral, trk["aircraft"].iloc[0], other["aircraft"].iloc[0])
    if kind == "max_turn_rate":
        return max_turn_rate_deg_s(trk)
    if kind in ("joins_before_turnaround", "joins_after_turnaround"):
        joined = join_time(trk, tracks[row["other_track"]])
        if joined is None:
            return float("nan")
        minutes = (turnaround_time(tracks[row["other_track"]]) - joined).total_seconds() / 60.0
        return minutes if kind == "joins_before_turnaround" else -minutes
    if kind == "track_duration":
        return (trk["time"].iloc[-1] - trk["time"].iloc[0]).total_seconds() / 60.0
    raise ValueError(f"constraints.csv: unknown constraint kind {kind!r} in row {row['id']!r}")


def holds(row, measured):
    """Whether a measured value satisfies the constraint row."""
    kind, tol = row["kind"], float(row["tolerance"])
    if kind == "closest_approach_local_date":
        return measured == str(row["value"])
    value = float(row["value"])
    if kind in ("min_distance_to_coast", "min_slant_separation", "track_duration", "min_wingtip_clearance"):
        return abs(measured - value) <= tol
    if kind == "never_inside":
        return measured > value
    if kind == "nearest_coast_east_of":
        return measured > value
    if kind == "max_turn_rate":
        return measured <= value + tol
    if kind in ("joins_before_turnaround", "joins_after_turnaround"):
        return measured >= value
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
