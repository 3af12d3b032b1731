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

from safe_write import write_generated  # noqa: E402

from helpers import data, geo  # noqa: E402

OUT = ROOT / "data" / "tracks"
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

def baltic_2019_03_20():
    """A B-52H over the Baltic and two Su-27s that escort it.

    Published: a B-52H flew over the Baltic in international airspace (USAFE); Russian Su-27s
    escorted it and, per the Russian Defence Ministry, it was detected "at a considerable
    distance" from the border and "changed route"; USAFE said it was not chased away.
    Assumptions: the route (in from the west south of Bornholm, east towards the Latvian coast,
    back the same way), times, 35,000 ft, a 450-kt ground speed; the
    Su-27s from Chkalovsk (Kaliningrad) at 500 kt, escorting 1 nmi to the B-52's south.
    """
    start = pd.Timestamp("2019-03-20 10:00", tz="UTC")
    out_leg = [geo.LatLon(54.9, 13.9), geo.LatLon(54.65, 15.3), geo.LatLon(55.6, 17.2), geo.LatLon(56.4, 19.6)]
    pts = out_leg + out_leg[-2::-1]
    b52 = frame("B-52H", "B-52H", "United States", *fly(pts, start, 450.0), 35000)
    base = data.base("chkalovsk-air-base")
    meet_time = start + pd.Timedelta(minutes=40)
    meet = geo.position_at(b52, meet_time)
    meet_pt = geo.destination(lat=meet["lat"], lon=meet["lon"], bearing_deg=180.0, distance_nmi=1.0)
    leg = geo.distance_nmi(lat1=float(base["lat"]), lon1=float(base["lon"]), lat2=float(meet_pt.lat), lon2=float(meet_pt.lon))
    takeoff = meet_time - pd.Timedelta(hours=leg / 500.0)
    times, lats, lons = fly([geo.LatLon(float(base["lat"]), float(base["lon"])),
                             geo.LatLon(float(meet_pt.lat), float(meet_pt.lon))], takeoff, 500.0)
    escort = b52[(b52["time"] > meet_time) & (b52["time"] <= meet_time + pd.Timedelta(minutes=45))]
    off = geo.destination(lat=escort["lat"].to_numpy(), lon=escort["lon"].to_numpy(),
                          bearing_deg=np.full(len(escort), 180.0), distance_nmi=np.ones(len(escort)))
    su27 = frame("Su-27 pair", "Su-27", "Russia", times + list(escort["time"]), lats + list(off.lat),
                 lons + list(off.lon), 35000)
    return pd.concat([b52, su27], ignore_index=True)


# --- Black Sea, 29 January 2018 ------------------------------------------------------------------

def black_sea_2018_01_29():
    """An EP-3E over the Black Sea and a Su-27 that stays with it for 2 h 40 min and crosses
    its flight path within 5 ft.

    Published (U.S. Navy): the Su-27 came within 5 feet and crossed directly through the EP-3E's
    flight path; the interaction lasted 2 hours 40 minutes; international airspace.
    Assumptions: the route (an oval south-west of Crimea), times, 24,000 ft, 250-kt EP-3E ground
    speed, the Su-27 holding 0.5 nmi off the right wing except for one crossing pass from right
    to left; distances are between aircraft reference points (real aircraft have wingspans).
    """
    start = pd.Timestamp("2018-01-29 09:00", tz="UTC")
    lap = [geo.LatLon(43.6, 33.2), geo.LatLon(43.1, 33.2), geo.LatLon(43.1, 31.6), geo.LatLon(43.6, 31.6)]
    pts = [geo.LatLon(43.6, 31.6)] + lap * 5
    ep3 = frame("EP-3E", "EP-3E", "United States", *fly(pts, start, 250.0, step_s=20), 24000)
    join = start + pd.Timedelta(minutes=20)
    leave = join + pd.Timedelta(minutes=160)

    def build(ahead_ft):
        """Su-27 fixes: 0.5 nmi right of the EP-3E, one pass from right to left across its
        path in the minute around 75 min after joining, then 0.5 nmi left; always ``ahead_ft`` ahead."""
        secs = np.unique(np.concatenate([np.arange(0, 160 * 60 + 1, 20.0),
                                         np.arange(75 * 60 - 30, 75 * 60 + 30.01, 0.5)]))
        when = join + pd.to_timedelta(secs, unit="s")
        host = geo.position_at(ep3, when)
        lat, lon = host["lat"].to_numpy(), host["lon"].to_numpy()
        course = geo.initial_bearing_deg(lat1=lat[:-1], lon1=lon[:-1], lat2=lat[1:], lon2=lon[1:])
        course = np.append(course, course[-1])
        side_nmi = np.clip(-(secs - 75 * 60) / 60.0, -0.5, 0.5)
        abeam = geo.destination(lat=lat, lon=lon, bearing_deg=np.where(side_nmi >= 0, course + 90.0, course - 90.0),
                                distance_nmi=np.abs(side_nmi))
        ahead = geo.destination(lat=abeam.lat, lon=abeam.lon, bearing_deg=course,
                                distance_nmi=np.full(len(secs), geo.convert_length(ahead_ft, "ft", "nmi")))
        return frame("Su-27", "Su-27", "Russia", list(when), ahead.lat, ahead.lon, 24000)

    def slant(ahead_ft):
        return geo.closest_approach(ep3, build(ahead_ft), by="slant", step_s=0.5).slant_ft

    ahead = bisect(slant, 0.0, 40.0, 5.0, tol=0.01)
    su27 = build(ahead)
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
    for incident_id in args.incidents or BUILDERS:
        tracks = BUILDERS[incident_id]()
        path = write_generated(OUT / f"{incident_id}.csv", to_csv(tracks), force=args.force)
        print(f"wrote {path.relative_to(ROOT)}: {tracks['track'].nunique()} tracks, {len(tracks)} fixes")


if __name__ == "__main__":
    main()
