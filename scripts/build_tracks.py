"""Build the reconstructed tracks in ``data/tracks/`` and their constraint list.

No track of these flights was ever published. Each track here is ONE possibility, built to
satisfy what was published (the constraints in ``data/tracks/constraints.csv``, each with its
source), plus assumptions that are stated below and in ``data/README.md``. Where a published
figure pins the geometry (e.g. "within 32 nautical miles of Alaskan shores"), the builder tunes
the track by bisection until ``helpers.geo`` measures that figure. ``tests/test_tracks.py``
checks every constraint again.

Regenerate (needs only the repository): ``python scripts/build_tracks.py``. It refuses to
overwrite a track file a person edited (see ``scripts/safe_write.py``; ``--force`` overrides).
"""

import argparse
import io
import pathlib
import sys

import numpy as np
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from safe_write import EditedFileError, write_generated  # noqa: E402

from helpers import constraints, data, geo  # noqa: E402

OUT = data.DATA_DIR / "tracks"  # the folder the tracks are read from: the kit's data/ or AIR_ENCOUNTERS_DATA
FIX_STEP_S = 60


def fly(waypoints, start, speed_kt, *, step_s=FIX_STEP_S):
    """Fixes every ``step_s`` seconds along geodesic legs through ``waypoints`` (LatLon list),
    at constant ground speed, starting at UTC time ``start``. Returns (times, lats, lons)."""
    times, lats, lons = [start], [waypoints[0].lat], [waypoints[0].lon]
    t = start
    for a, b in zip(waypoints[:-1], waypoints[1:]):
        leg = geo.distance_nmi(lat1=a.lat, lon1=a.lon, lat2=b.lat, lon2=b.lon)
        course = geo.initial_bearing_deg(lat1=a.lat, lon1=a.lon, lat2=b.lat, lon2=b.lon)
        seconds = leg / speed_kt * 3600.0
        for s in np.arange(step_s, seconds, step_s):
            p = geo.destination(lat=a.lat, lon=a.lon, bearing_deg=course, distance_nmi=speed_kt * s / 3600.0)
            times.append(t + pd.Timedelta(seconds=float(s)))
            lats.append(float(p.lat))
            lons.append(float(p.lon))
        t = t + pd.Timedelta(seconds=float(seconds))
        times.append(t)
        lats.append(b.lat)
        lons.append(b.lon)
    return times, lats, lons


def frame(name, aircraft, party, times, lats, lons, alt_ft):
    out = pd.DataFrame({"time": pd.DatetimeIndex(times).round("ms"), "lat": np.round(lats, 7),
                        "lon": np.round(lons, 7), "alt_ft": np.round(np.broadcast_to(alt_ft, len(lats)), 0),
                        "track": name, "aircraft": aircraft, "party": party})
    return out.drop_duplicates("time", keep="last").reset_index(drop=True)


def bisect(f, lo, hi, target, tol=1e-4, iters=60):
    """x in [lo, hi] with f(x) == target, f monotone."""
    flo = f(lo) - target
    for _ in range(iters):
        mid = (lo + hi) / 2
        fm = f(mid) - target
        if abs(fm) < tol:
            return mid
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def _min_to_coast(track, coast):
    return geo.closest_to_coast(track, coast, step_s=60).distance_nmi


# --- Flown turns --------------------------------------------------------------------------------

G_MS2 = 9.80665  # standard gravity, m/s^2
SIM_STEP_S = 1.0  # integration step of the flight simulation, s


def turn_rate_deg_s(speed_kt, bank_deg):
    """Rate of a level, coordinated turn, deg/s: omega = g tan(bank) / V (V = speed, no wind)."""
    v_ms = geo.convert_speed(speed_kt, "kt", "m/s")
    return float(np.degrees(G_MS2 * np.tan(np.radians(bank_deg)) / v_ms))


def turn_radius_nmi(speed_kt, bank_deg):
    """Radius of a level, coordinated turn, nmi: r = V^2 / (g tan(bank))."""
    v_ms = geo.convert_speed(speed_kt, "kt", "m/s")
    return geo.convert_length(v_ms ** 2 / (G_MS2 * np.tan(np.radians(bank_deg))), "m", "nmi")


def _wrap180(deg):
    return (deg + 180.0) % 360.0 - 180.0


def fly_turning(waypoints, start, speed_kt, bank_deg, *, out_step_s=20, flyover_above_deg=150.0):
    """Fly through ``waypoints`` (LatLon list) at constant ground speed ``speed_kt`` from UTC time
    ``start``, turning at the rate a level turn at ``bank_deg`` of bank allows (no wind, so ground
    speed = true airspeed). The aircraft heads for each waypoint; it starts the turn for the next
    one r * tan(change / 2) before it (fly-by), except where the course reverses by more than
    ``flyover_above_deg``, where it flies over the waypoint and then turns. Integrated every
    second. Returns a DataFrame (time UTC, lat, lon, heading_deg, turning) every ``out_step_s``
    seconds and at the end."""
    rate = turn_rate_deg_s(speed_kt, bank_deg)
    radius = turn_radius_nmi(speed_kt, bank_deg)
    step_nmi = speed_kt * SIM_STEP_S / 3600.0
    lat, lon = waypoints[0].lat, waypoints[0].lon
    heading = geo.initial_bearing_deg(lat1=lat, lon1=lon, lat2=waypoints[1].lat, lon2=waypoints[1].lon)
    rows, k, t = [], 1, 0.0
    turning = False
    while True:
        if round(t) % out_step_s == 0:
            rows.append((t, lat, lon, heading, turning))
        target = waypoints[k]
        to_go = geo.distance_nmi(lat1=lat, lon1=lon, lat2=target.lat, lon2=target.lon)
        if k == len(waypoints) - 1 and to_go <= step_nmi:
            t += to_go / speed_kt * 3600.0
            rows.append((t, target.lat, target.lon, heading, False))
            break
        if k < len(waypoints) - 1:
            prev = waypoints[k - 1]
            nxt = waypoints[k + 1]
            change = abs(_wrap180(geo.initial_bearing_deg(lat1=target.lat, lon1=target.lon, lat2=nxt.lat, lon2=nxt.lon)
                                  - geo.initial_bearing_deg(lat1=prev.lat, lon1=prev.lon, lat2=target.lat, lon2=target.lon)))
            lead = step_nmi if change > flyover_above_deg else radius * np.tan(np.radians(change / 2))
            if to_go <= max(lead, step_nmi):
                k += 1
                target = waypoints[k]
        wanted = geo.initial_bearing_deg(lat1=lat, lon1=lon, lat2=target.lat, lon2=target.lon)
        diff = _wrap180(wanted - heading)
        turn = float(np.clip(diff, -rate * SIM_STEP_S, rate * SIM_STEP_S))
        turning = abs(diff) > 0.05
        heading = (heading + turn) % 360.0
        p = geo.destination(lat=lat, lon=lon, bearing_deg=heading, distance_nmi=step_nmi)
        lat, lon = float(p.lat), float(p.lon)
        t += SIM_STEP_S
    out = pd.DataFrame(rows, columns=["s", "lat", "lon", "heading_deg", "turning"])
    out.insert(0, "time", start + pd.to_timedelta(out.pop("s"), unit="s"))
    out["alt_ft"] = 0.0  # a placeholder so helpers.geo accepts the states as a track
    return out


# --- Alaska, 10 June 2020 ------------------------------------------------------------------------

def alaska_2020_06_10():
    """Two Tu-95MS formations and an F-22 pair.

    Published (NORAD, via the sources in claims.csv): formation 1 came within 20 nmi of Alaskan
    shores, formation 2 within 32 nmi; both entered the ADIZ; neither entered sovereign airspace;
    it happened "early this morning" (Alaska time, UTC-8) on 10 June; F-22s intercepted them.
    Assumptions (not published): where and when exactly; each formation flies from the open
    Bering Sea towards western Alaska and back; altitude 30,000 ft; a 400-kt ground speed (no
    reliable published cruise figure was found); F-22s from Joint Base Elmendorf-Richardson at an assumed 480 kt ground speed,
    then escorting 1 nmi off formation 2's wing.
    """
    coast = data.coastline("alaska_bering", "fine")
    speed = 400.0  # assumed ground speed, kt: no reliable published Tu-95MS cruise figure was found

    def formation(name, lat_in, lat_turn, lat_out, west_lon, target_nmi, start):
        def build(turn_lon):
            pts = [geo.LatLon(lat_in, west_lon), geo.LatLon(lat_turn, turn_lon), geo.LatLon(lat_out, west_lon)]
            return frame(name, "Tu-95MS", "Russia", *fly(pts, start, speed), 30000)

        turn = bisect(lambda lon: -_min_to_coast(build(lon), coast), -179.0, -166.5, -target_nmi, tol=0.005)
        return build(turn)

    t1 = pd.Timestamp("2020-06-10 11:00", tz="UTC")
    t2 = pd.Timestamp("2020-06-10 12:00", tz="UTC")
    f1 = formation("Tu-95MS formation 1", 61.2, 61.6, 61.0, -179.5, 20.0, t1)
    f2 = formation("Tu-95MS formation 2", 58.6, 59.4, 58.2, -179.5, 32.0, t2)

    base = data.base("jber")
    f22_speed = 480.0
    turn_idx = int(np.argmax(f2["lon"].to_numpy()))
    meet_time = f2["time"].iloc[max(turn_idx - 40, 0)]
    meet = geo.position_at(f2, meet_time)
    meet_pt = geo.destination(lat=meet["lat"], lon=meet["lon"], bearing_deg=0.0, distance_nmi=1.0)
    leg = geo.distance_nmi(lat1=float(base["lat"]), lon1=float(base["lon"]), lat2=float(meet_pt.lat), lon2=float(meet_pt.lon))
    takeoff = meet_time - pd.Timedelta(hours=leg / f22_speed)
    times, lats, lons = fly([geo.LatLon(float(base["lat"]), float(base["lon"])),
                             geo.LatLon(float(meet_pt.lat), float(meet_pt.lon))], takeoff, f22_speed)
    escort = f2[f2["time"] > meet_time]
    off = geo.destination(lat=escort["lat"].to_numpy(), lon=escort["lon"].to_numpy(),
                          bearing_deg=np.zeros(len(escort)), distance_nmi=np.ones(len(escort)))
    times += list(escort["time"])
    lats += list(off.lat)
    lons += list(off.lon)
    f22 = frame("F-22 pair", "F-22", "United States", times, lats, lons, 31000)
    return pd.concat([f1, f2, f22], ignore_index=True)


# --- Baltic, 20 March 2019 -----------------------------------------------------------------------

B52_SPEED_KT = 450.0  # assumed ground speed, kt
B52_BANK_DEG = 25.0  # assumed bank in turns, deg (an airliner-like turn; no published figure)
SU27_BALTIC_SPEED_KT = 500.0  # assumed ground speed from the base to the bomber, kt
ESCORT_MIN = 18  # assumed length of each variant's escort, min


def _escort(name, bomber_states, base, join, offset_bearing_deg):
    """Fighters from ``base`` flying straight to a point 1 nmi from the bomber on geographic bearing
    ``offset_bearing_deg``, arriving at ``join``; then holding that offset for ESCORT_MIN minutes."""
    meet = geo.position_at(bomber_states, join)
    meet_pt = geo.destination(lat=meet["lat"], lon=meet["lon"], bearing_deg=offset_bearing_deg, distance_nmi=1.0)
    leg = geo.distance_nmi(lat1=float(base["lat"]), lon1=float(base["lon"]), lat2=float(meet_pt.lat), lon2=float(meet_pt.lon))
    takeoff = join - pd.Timedelta(hours=leg / SU27_BALTIC_SPEED_KT)
    times, lats, lons = fly([geo.LatLon(float(base["lat"]), float(base["lon"])),
                             geo.LatLon(float(meet_pt.lat), float(meet_pt.lon))], takeoff, SU27_BALTIC_SPEED_KT)
    t = bomber_states["time"]
    escort = bomber_states[(t > join) & (t <= join + pd.Timedelta(minutes=ESCORT_MIN))
                           & ((t - join).dt.total_seconds().round() % 20 == 0)]
    off = geo.destination(lat=escort["lat"].to_numpy(), lon=escort["lon"].to_numpy(),
                          bearing_deg=np.full(len(escort), offset_bearing_deg), distance_nmi=np.ones(len(escort)))
    return frame(name, "Su-27", "Russia", times + list(escort["time"]), lats + list(off.lat), lons + list(off.lon), 35000)


def baltic_2019_03_20():
    """A B-52H over the Baltic and two variants of the Su-27 pair that escorts it.

    Published: a B-52H flew over the Baltic in international airspace (USAFE); Russian Su-27s
    escorted it and, per the Russian Defence Ministry, it was detected "at a considerable
    distance" from the border and "changed route"; USAFE said it was not chased away.
    Assumptions: the route (in from the west south of Bornholm, east towards the Latvian coast,
    a flown turn and back), times, 35,000 ft, a 450-kt ground speed and 25 degrees of bank in every
    turn (turn rate and radius follow from speed and bank; no wind); the Su-27s from Chkalovsk
    (Kaliningrad) at 500 kt, escorting 1 nmi to the bomber's south for 18 min. When they joined was
    not published, so there are two variants: one pair joins 7 min before the bomber's turn-around,
    the other 12 min after it, so a student can test "chased away" against either account. (The
    two escorts do not overlap in time, so both stay visible on a map.)
    """
    start = pd.Timestamp("2019-03-20 10:00", tz="UTC")
    out_leg = [geo.LatLon(54.9, 13.9), geo.LatLon(54.65, 15.3), geo.LatLon(55.6, 17.2), geo.LatLon(56.4, 19.6)]
    pts = out_leg + out_leg[-2::-1]
    states = fly_turning(pts, start, B52_SPEED_KT, B52_BANK_DEG, out_step_s=1)
    fixes = states[(states["time"] - start).dt.total_seconds().round() % 20 == 0]
    fixes = pd.concat([fixes, states.tail(1)]).drop_duplicates("time")
    b52 = frame("B-52H", "B-52H", "United States", list(fixes["time"]), fixes["lat"], fixes["lon"], 35000)
    base = data.base("chkalovsk-air-base")
    turn = constraints.turnaround_time(b52).floor("min")
    before = _escort("Su-27 pair (joins before the turn)", states, base, turn - pd.Timedelta(minutes=7), 180.0)
    after = _escort("Su-27 pair (joins after the turn)", states, base, turn + pd.Timedelta(minutes=12), 180.0)
    return pd.concat([b52, before, after], ignore_index=True)


# --- Black Sea, 29 January 2018 ------------------------------------------------------------------

EP3_SPEED_KT = 250.0  # assumed ground speed, kt
EP3_BANK_DEG = 25.0  # assumed bank in turns, deg
HOLD_NMI = 1.0  # assumed: the Su-27 holds 1 nmi off the EP-3E's left wing (outside its right-hand turns)


def _smoothstep(x):
    """0 below x = 0, 1 above x = 1, and a smooth S-curve between (3x^2 - 2x^3): eases a manoeuvre
    in and out so that no speed or course jumps."""
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def black_sea_2018_01_29():
    """An EP-3E over the Black Sea and a Su-27 that stays with it for 2 h 40 min, closes to 5 ft
    wingtip to wingtip and crosses its flight path.

    Published (U.S. Navy): the Su-27 came within five feet and crossed directly through the
    EP-3E's flight path (the EP-3E flew through its jet wash); Task Force 67's commander put it as
    "wingtip-to-wingtip horizontal separation as little as five feet"; the interaction lasted
    2 hours 40 minutes; international airspace.
    Assumptions: the route (an oval south-west of Crimea flown clockwise with 25-degree-bank turns),
    times, 24,000 ft for both, 250-kt EP-3E ground speed; the Su-27 holds 1 nmi off the EP-3E's left
    wing, closes once to 5 ft wingtip to wingtip (wingspans from data/aircraft.csv) in the middle of
    the longest straight leg, and near the end crosses 500 ft ahead of the EP-3E from left to right
    and stays on its right until it leaves.
    """
    start = pd.Timestamp("2018-01-29 09:00", tz="UTC")
    lap = [geo.LatLon(43.6, 33.2), geo.LatLon(43.1, 33.2), geo.LatLon(43.1, 31.6), geo.LatLon(43.6, 31.6)]
    pts = [geo.LatLon(43.6, 31.6)] + lap * 5
    states = fly_turning(pts, start, EP3_SPEED_KT, EP3_BANK_DEG, out_step_s=1)
    fixes = states[(states["time"] - start).dt.total_seconds().round() % 20 == 0]
    ep3 = frame("EP-3E", "EP-3E", "United States", list(fixes["time"]), fixes["lat"], fixes["lon"], 24000)
    join = start + pd.Timedelta(minutes=20)
    leave = join + pd.Timedelta(minutes=160)
    during = states[(states["time"] >= join) & (states["time"] <= leave)].reset_index(drop=True)
    secs = (during["time"] - join).dt.total_seconds().to_numpy()
    straight = ~during["turning"].to_numpy()
    # the close pass: middle of the longest straight stretch in the first 140 min; the crossing:
    # in the last straight stretch, which must last until the Su-27 leaves
    edges = np.flatnonzero(np.diff(np.concatenate([[0], straight.astype(int), [0]])))
    runs = [(a, b) for a, b in zip(edges[::2], edges[1::2])]
    a, b = max((r for r in runs if secs[r[1] - 1] < 140 * 60), key=lambda r: r[1] - r[0])
    close_s = float(secs[(a + b) // 2])
    last_a, last_b = runs[-1]
    assert last_b == len(secs), "the EP-3E must fly straight when the Su-27 leaves; move the route or times"
    cross_s = float(secs[last_a]) + 120.0
    assert cross_s + 300 < secs[-1], "the last straight leg is too short for the crossing"

    def build(close_ft):
        """Su-27 fixes for a close pass to ``close_ft`` centre to centre."""
        close_nmi = geo.convert_length(close_ft, "ft", "nmi")
        # left of the EP-3E is negative: hold -1 nmi, ease in to -close over 2 min, hold 1 min, ease out
        ease_in = _smoothstep((np.abs(secs - close_s) - 30.0) / 120.0)
        left = -(close_nmi + (HOLD_NMI - close_nmi) * ease_in)
        # the crossing, 500 ft ahead: from -1 nmi to +1 nmi in 90 s
        side = np.where(secs < cross_s, left, -HOLD_NMI + 2 * HOLD_NMI * _smoothstep((secs - cross_s) / 90.0))
        # 500 ft ahead from 90 s before to 90 s after it is straight ahead, easing in and out over 60 s
        mid_s = cross_s + 45.0
        ahead_ft = 500.0 * (1.0 - _smoothstep((np.abs(secs - mid_s) - 90.0) / 60.0))
        heading = during["heading_deg"].to_numpy()
        abeam = geo.destination(lat=during["lat"].to_numpy(), lon=during["lon"].to_numpy(),
                                bearing_deg=np.where(side >= 0, heading + 90.0, heading - 90.0) % 360.0,
                                distance_nmi=np.abs(side))
        pos = geo.destination(lat=abeam.lat, lon=abeam.lon, bearing_deg=heading,
                              distance_nmi=geo.convert_length(ahead_ft, "ft", "nmi"))
        busy = (np.abs(secs - close_s) < 300) | (np.abs(secs - cross_s) < 300)
        keep = busy | (np.round(secs) % 20 == 0)
        return frame("Su-27", "Su-27", "Russia", list(during["time"][keep]), pos.lat[keep], pos.lon[keep], 24000)

    def clearance(close_ft):
        lateral = geo.closest_approach(ep3, build(close_ft), by="lateral", step_s=0.5).lateral_nmi
        return constraints.wingtip_clearance_ft(lateral, "EP-3E", "Su-27")

    target = 5.0
    close = bisect(clearance, 20.0, 200.0, target, tol=0.01)
    su27 = build(close)
    assert su27["time"].iloc[-1] == leave
    return pd.concat([ep3, su27], ignore_index=True)


BUILDERS = {
    "alaska-2020-06-10": alaska_2020_06_10,
    "baltic-2019-03-20": baltic_2019_03_20,
    "black-sea-2018-01-29": black_sea_2018_01_29,
}


def to_csv(frame_):
    out = frame_.copy()
    out["time"] = [t.isoformat(timespec="milliseconds").replace(".000", "").replace("+00:00", "Z") for t in out["time"]]
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("incidents", nargs="*", help="incident ids (default: all)")
    parser.add_argument("--force", action="store_true", help="overwrite files edited by hand")
    args = parser.parse_args(argv)
    status = 0
    for incident_id in args.incidents or BUILDERS:
        tracks = BUILDERS[incident_id]()
        try:
            path = write_generated(OUT / f"{incident_id}.csv", to_csv(tracks), force=args.force)
        except EditedFileError as err:  # one line per refusal; the other incidents are still built
            print(f"error: {err}", file=sys.stderr)
            status = 1
            continue
        print(f"wrote {path}: {tracks['track'].nunique()} tracks, {len(tracks)} fixes")
    return status


if __name__ == "__main__":
    sys.exit(main())
