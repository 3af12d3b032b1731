"""Exercises of lesson 03 (Baltic, March 2019): a separation read off the track explorer, the bomber's
closest distance to Chkalovsk, the largest course change against both fighter variants, the largest
limit that leaves a corridor."""

import numpy as np

from helpers.exercises.answers import Boolean, Function, Number, Time
from helpers.exercises.core import Exercise, Mistake

INCIDENT = "baltic-2019-03-20"
BOMBER = "B-52H"
VARIANTS = ("Su-27 pair (joins before the turn)", "Su-27 pair (joins after the turn)")
FIGHTERS = VARIANTS[0]  # the variant the track explorer pairs with the bomber at the asked time
MINUTES_AFTER_TAKEOFF = 8
EXPLORER_STEP_S = 60  # the track explorer's slider step (helpers.widgets.track_explorer default)
BASE = "chkalovsk-air-base"
LINES_E, NORTH, SOUTH, SAMPLES = (24.5, 25.0, 26.0), 60.7, 59.2, 81


def _tracks():
    from helpers import data

    return data.tracks(INCIDENT)


def _separation_at(when, fighters=FIGHTERS):
    from helpers import geo

    tracks = _tracks()
    a, b = geo.position_at(tracks[BOMBER], when), geo.position_at(tracks[fighters], when)
    return geo.distance_nmi(lat1=a["lat"], lon1=a["lon"], lat2=b["lat"], lon2=b["lon"])


def _to_shore_at(when, name):
    from helpers import data, geo

    pos = geo.position_at(_tracks()[name], when)
    return geo.nearest_coast_point(lat=pos["lat"], lon=pos["lon"], coast=data.coastline("baltic", "fine")).distance_nmi


# --- 03.1: a separation read off the track explorer --------------------------------------------------------

def _takeoff():
    return _tracks()[FIGHTERS]["time"].iloc[0]


def _on_slider(when):
    """The time the explorer's slider shows nearest to ``when`` (it moves in whole steps from the first fix)."""
    import pandas as pd

    start = min(t["time"].iloc[0] for t in _tracks().values())
    steps = round((when - start).total_seconds() / EXPLORER_STEP_S)
    return start + pd.Timedelta(seconds=steps * EXPLORER_STEP_S)


def _separation(g):
    import pandas as pd

    from helpers import geo

    when = _takeoff() + pd.Timedelta(minutes=MINUTES_AFTER_TAKEOFF)
    exact, shown = _separation_at(when), _separation_at(_on_slider(when))
    minute = pd.Timedelta(minutes=1)
    return {"answer": (exact + shown) / 2, "_slack": abs(exact - shown) / 2,
            "_at_takeoff": [_separation_at(_takeoff()), _separation_at(_on_slider(_takeoff()) + minute)],
            "_minute_off": [_separation_at(_on_slider(when) + k * minute) for k in (-1, 1)],
            "_bomber_shore": _to_shore_at(_on_slider(when), BOMBER),
            "_fighter_shore": _to_shore_at(_on_slider(when), FIGHTERS),
            "_km": geo.convert_length(shown, "nmi", "km")}


class _Readout(Number):
    """A number read off the explorer: right within the readout's rounding (0.05 nmi) plus the gap between
    the exact moment and the nearest slider position."""

    def same(self, got, expected):
        return abs(got - expected) <= 0.06 + _separation(None)["_slack"]


def _separation_intro(g):
    import pandas as pd

    takeoff = _takeoff()
    return (f"The \"{FIGHTERS}\" track begins (take-off) at {takeoff:%H:%M:%S} UTC; "
            f"{MINUTES_AFTER_TAKEOFF} minutes later is {takeoff + pd.Timedelta(minutes=MINUTES_AFTER_TAKEOFF):%H:%M} "
            "UTC. Set the explorer's clock to that time and read the row \"Separation\".")


Exercise(
    id="03.1", title="separation 8 minutes after take-off",
    parts={"answer": _Readout("nmi", label="the separation")},
    expected=_separation, intro=_separation_intro,
    mistakes=[
        Mistake("That is the separation at take-off: move the slider 8 minutes later.",
                lambda t: any(t.near("answer", v, rel=0.003) for v in t.e["_at_takeoff"])),
        Mistake("One minute off: set the clock to 8 minutes after the take-off time shown above the form.",
                lambda t: any(t.near("answer", v, rel=0.003) for v in t.e["_minute_off"])),
        Mistake("That is the bomber's distance to shore: read the row \"Separation\" instead.",
                lambda t: t.near("answer", t.e["_bomber_shore"], rel=0.003)),
        Mistake("That is the fighters' distance to shore: read the row \"Separation\" instead.",
                lambda t: t.near("answer", t.e["_fighter_shore"], rel=0.003)),
        Mistake("That looks like kilometres: the readout gives the separation in nmi.",
                lambda t: t.near("answer", t.e["_km"], rel=0.01)),
        Mistake("A separation is not negative.", lambda t: t.a["answer"] < 0),
    ],
    hint="Set the clock to 8 minutes after the fighters' take-off (the time above the form) and read the row "
         "\"Separation\" in nmi.",
    praise="Your separation is the reconstruction's 8 minutes after the Su-27s take off, as the explorer shows it.",
)


# --- 03.2: the bomber's closest distance to Chkalovsk ------------------------------------------------------

def _distances(track, step_s=5):
    from helpers import data, geo

    base = data.base(BASE)
    fixes = geo.resample(track, step_s=step_s)
    return geo.distance_nmi(lat1=base["lat"], lon1=base["lon"], lat2=fixes["lat"].to_numpy(),
                            lon2=fixes["lon"].to_numpy())


def _chkalovsk(g):
    from helpers import geo

    tracks = _tracks()
    d = _distances(tracks[BOMBER])
    return {"answer": float(d.min()), "_max": float(d.max()), "_first": float(d[0]),
            "_km": geo.convert_length(float(d.min()), "nmi", "km"), "_mi": geo.convert_length(float(d.min()), "nmi", "mi"),
            "_fighters": [float(_distances(tracks[v]).min()) for v in VARIANTS]}


Exercise(
    id="03.2", title="closest distance to Chkalovsk",
    parts={"answer": Number("nmi", tol=0.06, label="the distance")},
    expected=_chkalovsk,
    mistakes=[
        Mistake("That distance is in kilometres: give it in nautical miles (nmi).",
                lambda t: t.near("answer", t.e["_km"], rel=0.002)),
        Mistake("That distance is in statute miles (mi): give it in nautical miles (nmi).",
                lambda t: t.near("answer", t.e["_mi"], rel=0.002)),
        Mistake("That is the largest distance: the question asks for the smallest (`.min()`).",
                lambda t: t.near("answer", t.e["_max"], rel=0.002)),
        Mistake("That is the distance from the first fix only: take the minimum over the whole track.",
                lambda t: t.near("answer", t.e["_first"], rel=0.002)),
        Mistake("That is a Su-27 track: use the B-52H track (`b52`).",
                lambda t: any(t.near("answer", v, rel=0.002) for v in t.e["_fighters"])),
    ],
    hint="Take the minimum over positions along the whole B-52H track (resample it), in nmi to one decimal.",
    praise="Your distance from Chkalovsk to the reconstructed B-52H track is the minimum, to one decimal.",
)


# --- 03.3: the largest course change, against both fighter variants ----------------------------------------

def _course_changes(wrap=True):
    from helpers import geo

    b52 = _tracks()[BOMBER]
    lat, lon = b52["lat"].to_numpy(), b52["lon"].to_numpy()
    course = geo.initial_bearing_deg(lat1=lat[:-1], lon1=lon[:-1], lat2=lat[1:], lon2=lon[1:])
    change = np.diff(course)
    return (change + 180) % 360 - 180 if wrap else change


def _fix_times():
    return _tracks()[BOMBER]["time"]


class _FixTime(Time):
    """A time that names one fix of the bomber track: right when the fix nearest to it is the expected one."""

    def __init__(self):
        super().__init__(day=lambda: _fix_times().iloc[0].normalize(), label="the time of the fix")

    def nearest_fix(self, when):
        times = _fix_times()
        return int(np.argmin(np.abs((times - when).dt.total_seconds().to_numpy())))

    def same(self, got, expected):
        return self.nearest_fix(got) == self.nearest_fix(expected) and abs((got - expected).total_seconds()) < 60


def _turn(g):
    from helpers import constraints

    times, tracks = _fix_times(), _tracks()
    change = _course_changes()
    fix = 1 + int(np.argmax(np.abs(change)))
    when = times.iloc[fix]
    joins = [constraints.join_time(tracks[v], tracks[BOMBER]) for v in VARIANTS]
    return {"answer": when, "after_first": bool(when > joins[0]), "after_second": bool(when > joins[1]),
            "_fix": fix, "_unwrapped": 1 + int(np.argmax(np.abs(_course_changes(wrap=False)))),
            "_left": 1 + int(np.argmin(change)), "_turnaround": constraints.turnaround_time(tracks[BOMBER]),
            "_joins": joins}


_TURN = _FixTime()


def _fix_of(t):
    return _TURN.nearest_fix(t.a["answer"])


Exercise(
    id="03.3", title="largest course change against both variants",
    parts={"answer": _TURN,
           "after_first": Boolean(label="after the join, variant joining before the turn"),
           "after_second": Boolean(label="after the join, variant joining after the turn")},
    expected=_turn,
    mistakes=[
        Mistake("Wrap the differences into -180..180 before taking abs(): a turn from 350 to 10 degrees is +20, "
                "not -340.", lambda t: _fix_of(t) == t.e["_unwrapped"] != t.e["_fix"]),
        Mistake("That is a join time, not a fix of the bomber's largest course change.",
                lambda t: any(abs((t.a["answer"] - j).total_seconds()) < 30 for j in t.e["_joins"])),
        Mistake("That is the bomber's turn-around (the point farthest from the start), not the fix with the largest "
                "change of course: compute the change at every fix.",
                lambda t: abs((t.a["answer"] - t.e["_turnaround"]).total_seconds()) < 30
                and _fix_of(t) != t.e["_fix"]),
        Mistake("Off by one fix: `np.diff` gives the change at fixes 1, 2, ..., so add 1 to the index from "
                "`np.argmax` before looking up the time.", lambda t: _fix_of(t) == t.e["_fix"] - 1),
        Mistake("One fix too late: the change between leg i-1 and leg i happens at fix i.",
                lambda t: _fix_of(t) == t.e["_fix"] + 1),
        Mistake("Take `np.abs(...)` of the changes: that is only the largest turn to the left (negative).",
                lambda t: _fix_of(t) == t.e["_left"] != t.e["_fix"]),
        Mistake("The time is right; now compare it with the join time of each variant (printed in section 6).",
                lambda t: _fix_of(t) == t.e["_fix"]),
    ],
    hint="Compute the course of every leg, the wrapped change at every fix, and take the fix with the largest "
         "absolute change; then compare its time with each variant's join time.",
    praise="You found the fix with the largest course change and placed it correctly against both variants' joins.",
)


# --- 03.4: the largest limit that leaves a corridor ----------------------------------------------------------

def _largest(g):
    return {"answer": lambda profile: float(np.max(profile["to_coast_nmi"]))}


def _profiles(g):
    import pandas as pd

    from helpers import data, geo

    coast = data.coastline("baltic", "fine")
    lines = [geo.corridor_width_nmi(lat1=NORTH, lon1=lon, lat2=SOUTH, lon2=lon, coast=coast, limit_nmi=12,
                                    n=SAMPLES).profile.copy() for lon in LINES_E]
    made_up = pd.DataFrame({"along_nmi": [0.0, 10.0, 20.0, 30.0, 40.0], "to_coast_nmi": [0.0, 7.5, 14.25, 9.0, 0.0]})
    return [(p,) for p in lines + [made_up]]


def _col(p):
    return np.asarray(p["to_coast_nmi"], dtype=float)


Exercise(
    id="03.4", title="the largest limit that leaves a corridor",
    parts={"answer": Function(("profile",), rel=1e-6, label="your function")},
    expected=_largest, cases=_profiles,
    mistakes=[
        Mistake("That is the smallest distance to land (the coast itself): the last point to stay in the corridor "
                "is the one farthest from land.", lambda t: t.like("answer", lambda p: _col(p).min())),
        Mistake("That is the average distance: a corridor survives as long as one point is beyond the limit, so "
                "take the farthest point.", lambda t: t.like("answer", lambda p: _col(p).mean())),
        Mistake("That is twice the right value: the limit is measured from each shore, and the point farthest "
                "from land is already that distance from the nearest one.",
                lambda t: t.like("answer", lambda p: 2 * _col(p).max())),
        Mistake("Do not subtract 12: the question asks for the limit itself, not how much of it is left.",
                lambda t: t.like("answer", lambda p: _col(p).max() - 12)),
        Mistake("Your function gives the same number for every line: compute it from the profile you are given.",
                lambda t: max(t.a["answer"]) - min(t.a["answer"]) < 1e-9),
    ],
    hint="A point stays in the corridor while its distance to land is more than the limit: which point of the "
         "profile is the last to stay as the limit grows?",
    praise="Your rule gives the largest limit that still leaves a corridor, on the three lines of section 4 and "
           "on a made-up profile.",
)
