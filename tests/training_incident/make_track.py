"""Print the FICTIONAL training incident's tracks as CSV (the file tests/training_incident/tracks/
training-2030-04-01.csv was written by it), the way an instructor may build a track of their own:

    python tests/training_incident/make_track.py > tests/training_incident/tracks/training-2030-04-01.csv

A track is a reconstruction that satisfies what was published (here, invented): the patrol
aircraft flies due east at a constant speed, its start latitude chosen so that it passes 40 nmi
from the nearest coast at its closest (Freedonia's claim); two fighters' lead aircraft meets it,
flies 1 nmi off its left wing for 15 minutes and turns away north. Every position comes from
``helpers.geo``; the constraints it was built for are in ../tracks/constraints.csv beside it.
"""

import csv
import sys

import pandas as pd

from helpers import data, geo

START = pd.Timestamp("2030-04-01T09:00:00Z")  # UTC
PATROL_KT, PATROL_FT, PATROL_MIN = 280.0, 24000, 45   # speed kt, altitude ft, minutes of track
FIGHTER_KT, FIGHTER_FT = 420.0, 24500                 # the fighter's speed kt (to and from), altitude ft
CLAIMED_NMI = 40.0                                    # Freedonia: "stayed 40 nautical miles from our coast"
START_LON = 32.6                                      # deg E, where the patrol enters the picture
MEET_MIN, INBOUND_MIN = 15, 5                         # meets at START + 15 min, after 5 min inbound
ALONGSIDE_MIN, AWAY_MIN = 15, 8                       # then minutes alongside, and minutes away north


def patrol(lat0):
    """The patrol track (one fix a minute) starting at latitude ``lat0`` (deg N)."""
    times = [START + pd.Timedelta(minutes=m) for m in range(PATROL_MIN + 1)]
    points = [geo.destination(lat=lat0, lon=START_LON, bearing_deg=90.0, distance_nmi=PATROL_KT * m / 60.0)
              for m in range(PATROL_MIN + 1)]
    return geo.make_track(times, [p.lat for p in points], [p.lon for p in points], [PATROL_FT] * len(points))


def closest_nmi(track):
    return geo.closest_to_coast(track, data.coastline("black_sea", "fine")).distance_nmi


def patrol_for_claim(low=42.9, high=44.2):
    """Bisection on the start latitude (deg N) until the closest approach to the coast is the claim,
    to 0.01 nmi: the patrol is nearer the coast (Crimea, to the north) the higher it starts."""
    while True:
        mid = (low + high) / 2
        track = patrol(mid)
        miss = closest_nmi(track) - CLAIMED_NMI
        if abs(miss) < 0.01:
            return track
        low, high = (mid, high) if miss > 0 else (low, mid)


def fighter(patrol_track):
    """The fighter: in from the north (INBOUND_MIN minutes at FIGHTER_KT) to 1 nmi off the patrol's
    left wing at MEET_MIN, alongside, then away north; one fix a minute."""
    fixes = []
    meet = patrol_track.iloc[MEET_MIN]
    abeam = geo.destination(lat=meet["lat"], lon=meet["lon"], bearing_deg=0.0, distance_nmi=1.0)
    for m in range(MEET_MIN - INBOUND_MIN, MEET_MIN + 1):  # due south to the meeting point
        p = geo.destination(lat=abeam.lat, lon=abeam.lon, bearing_deg=0.0,
                            distance_nmi=FIGHTER_KT * (MEET_MIN - m) / 60.0)
        fixes.append((START + pd.Timedelta(minutes=m), p.lat, p.lon))
    for m in range(MEET_MIN + 1, MEET_MIN + ALONGSIDE_MIN + 1):
        fix = patrol_track.iloc[m]
        p = geo.destination(lat=fix["lat"], lon=fix["lon"], bearing_deg=0.0, distance_nmi=1.0)
        fixes.append((START + pd.Timedelta(minutes=m), p.lat, p.lon))
    last = fixes[-1]
    for k in range(1, AWAY_MIN + 1):
        p = geo.destination(lat=last[1], lon=last[2], bearing_deg=0.0, distance_nmi=FIGHTER_KT * k / 60.0)
        fixes.append((last[0] + pd.Timedelta(minutes=k), p.lat, p.lon))
    times, lat, lon = zip(*fixes)
    return geo.make_track(list(times), list(lat), list(lon), [FIGHTER_FT] * len(fixes))


def main(out=sys.stdout):
    p = patrol_for_claim()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["time", "lat", "lon", "alt_ft", "track", "aircraft", "party"])
    for name, aircraft, party, trk in (("Sylvanian patrol aircraft", "EP-3E", "Sylvania", p),
                                       ("Freedonian fighter", "Su-27", "Freedonia", fighter(p))):
        for _, fix in trk.iterrows():
            writer.writerow([fix["time"].strftime("%Y-%m-%dT%H:%M:%SZ"), f"{fix['lat']:.5f}", f"{fix['lon']:.5f}",
                             int(fix["alt_ft"]), name, aircraft, party])


if __name__ == "__main__":
    main()
