"""Exercises of lesson 03 (Baltic, March 2019): a separation read off the track explorer, the bomber's
closest distance to Chkalovsk, when the turn for home starts against both fighter variants, the largest
limit that leaves a corridor."""

import numpy as np

from helpers.exercises.answers import Function, Number, Time
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


# --- 03.3: when the turn for home starts, against both fighter variants ------------------------------------

TURNING_DEG = 10.0  # a fix is "turning" when the course changes there by more than this, deg (the question's threshold)


def _course_changes():
    """The wrapped change of course at fixes 1 .. n-2 of the bomber track, deg (positive: to the right)."""
    from helpers import geo

    b52 = _tracks()[BOMBER]
    lat, lon = b52["lat"].to_numpy(), b52["lon"].to_numpy()
    course = geo.initial_bearing_deg(lat1=lat[:-1], lon1=lon[:-1], lat2=lat[1:], lon2=lon[1:])
    return (np.diff(course) + 180) % 360 - 180


def _fix_times():
    return _tracks()[BOMBER]["time"]


def _turning_runs():
    """Runs of consecutive turning fixes, as (first fix, last fix) index pairs of the bomber track."""
    turning = np.abs(_course_changes()) > TURNING_DEG
    runs, first = [], None
    for k, on in enumerate(turning, start=1):  # the change at fix k is _course_changes()[k - 1]
        if on and first is None:
            first = k
        if not on and first is not None:
            runs.append((first, k - 1))
            first = None
    if first is not None:
        runs.append((first, len(turning)))
    return runs


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
    turnaround = constraints.turnaround_time(tracks[BOMBER])
    middle = int(np.argmin(np.abs((times - turnaround).dt.total_seconds().to_numpy())))
    home = [run for run in _turning_runs() if run[0] <= middle <= run[1]]
    if not home:
        raise ValueError(f"data/tracks/{INCIDENT}.csv: the {BOMBER} does not turn by more than {TURNING_DEG} deg at "
                         f"its turn-around ({turnaround:%H:%M:%S}); exercise 03.3 needs a flown turn there")
    first, last = home[0]
    when = times.iloc[first]
    joins = [constraints.join_time(tracks[v], tracks[BOMBER]) for v in VARIANTS]
    minutes = [(when - j).total_seconds() / 60 for j in joins]  # turn start minus join, min
    from_turnaround = [(turnaround - j).total_seconds() / 60 for j in joins]  # turn-around minus join, min
    change = _course_changes()
    right_turns = [k for k in range(1, len(change) + 1) if change[k - 1] > TURNING_DEG]
    return {"answer": when, "minutes_first": minutes[0], "minutes_second": minutes[1],
            "_fix": first, "_last": last, "_middle": middle, "_turnaround": turnaround, "_joins": joins,
            "_from_turnaround": from_turnaround,
            "_other_turns": [k for run in _turning_runs() if run != home[0] for k in range(run[0], run[1] + 1)],
            "_first_right": right_turns[0] if right_turns else None}


_TURN = _FixTime()
_MINUTES = ("minutes_first", "minutes_second")


def _fix_of(t):
    return _TURN.nearest_fix(t.a["answer"])


def _minutes_like(t, wrong):
    """True when both minute parts are near ``wrong(expected minutes, variant index)`` (within 0.1 min)."""
    return all(t.near(p, wrong(t.e[p], k), rel=0, tol=0.1) for k, p in enumerate(_MINUTES))


def _one_minutes_like(t, wrong):
    """True when a minute part that is not right is near ``wrong(expected minutes)`` (within 0.1 min)."""
    return any(not t.near(p, t.e[p], rel=0, tol=0.1) and t.near(p, wrong(t.e[p]), rel=0, tol=0.1) for p in _MINUTES)


def _turn_intro(g):
    return (f"A fix is turning when the bomber's course changes there by more than {TURNING_DEG:.0f} degrees "
            "(either way). Give the time of the first fix of the turn for home (the run of turning fixes around "
            "the turn-around printed in section 6), then for each variant the minutes from the join to that "
            "start (turn start minus join time, to one decimal; negative when the turn starts before the join).")


Exercise(
    id="03.3", title="when the turn for home starts, against both variants",
    parts={"answer": _TURN,
           "minutes_first": Number("min", tol=0.1, label="minutes from the join, variant joining before the turn"),
           "minutes_second": Number("min", tol=0.1, label="minutes from the join, variant joining after the turn")},
    expected=_turn, intro=_turn_intro,
    mistakes=[
        Mistake("That is a join time, not a fix of the bomber: give the fix where the turn for home starts, then "
                "subtract each variant's join time from it.",
                lambda t: any(abs((t.a["answer"] - j).total_seconds()) < 30 for j in t.e["_joins"])),
        Mistake("That is the turn-around (the point farthest from the start), in the middle of the turn: go back "
                "to the first fix of that run of turning fixes.",
                lambda t: abs((t.a["answer"] - t.e["_turnaround"]).total_seconds()) < 30
                or _fix_of(t) == t.e["_middle"] != t.e["_fix"]),
        Mistake("Off by one fix: the course there changes by less than the threshold. `np.diff` gives the change "
                "at fixes 1, 2, ...: the change `turn[k]` belongs to fix k + 1 (`b52[\"time\"].iloc[k + 1]`).",
                lambda t: _fix_of(t) == t.e["_fix"] - 1),
        Mistake("One fix too late: the change between leg i-1 and leg i happens at fix i, and the turn has "
                "already begun one fix earlier.", lambda t: _fix_of(t) == t.e["_fix"] + 1),
        Mistake("That fix is inside the turn for home, not its start (several fixes there change course by the "
                "same largest amount): go back to the first fix of that run of turning fixes.",
                lambda t: t.e["_fix"] < _fix_of(t) <= t.e["_last"]),
        Mistake("That is where the turn for home ends: the question asks where it starts.",
                lambda t: _fix_of(t) == t.e["_last"] + 1),
        Mistake("Take `np.abs(...)` of the changes: the turn for home is to the left (negative changes), and that "
                "fix is a turn to the right.", lambda t: _fix_of(t) == t.e["_first_right"]),
        Mistake("That is another turn of the bomber, onto the next leg of its route (the first turn is on the way "
                "out): the turn for home is the run of turning fixes around the turn-around printed in section 6.",
                lambda t: _fix_of(t) in t.e["_other_turns"]),
        Mistake("The two variants are swapped: the first number is for the variant that joins before the turn, "
                "the second for the one that joins after it.",
                lambda t: _minutes_like(t, lambda m, k: t.e[_MINUTES[1 - k]])),
        Mistake("Those minutes are measured from the join to the turn-around (the middle of the turn, printed in "
                "section 6): measure to the start of the turn for home, the time you found.",
                lambda t: _minutes_like(t, lambda m, k: t.e["_from_turnaround"][k])
                or _minutes_like(t, lambda m, k: -t.e["_from_turnaround"][k])),
        Mistake("Check the sign: subtract the join time from the turn start (turn start minus join), so the "
                "number is positive when the turn starts after the fighters joined and negative when before.",
                lambda t: _one_minutes_like(t, lambda m: -m)),
        Mistake("That looks like seconds: `.total_seconds()` gives seconds; divide by 60 for minutes.",
                lambda t: _one_minutes_like(t, lambda m: 60 * m) or _one_minutes_like(t, lambda m: -60 * m)),
        Mistake("Give the minutes to one decimal, not rounded to whole minutes: the join times printed in "
                "section 6 carry seconds.",
                lambda t: any(abs(t.a[p] - round(t.e[p])) < 1e-6 and not t.near(p, t.e[p], rel=0, tol=0.1)
                              for p in _MINUTES)),
        Mistake("The time is right; now subtract each variant's join time (printed in section 6) from it and give "
                "the difference in minutes: turn start minus join.",
                lambda t: _fix_of(t) == t.e["_fix"]),
    ],
    hint="Compute the course of every leg and the wrapped change at every fix; find the run of fixes whose change "
         "is more than the threshold around the turn-around, take its first fix, then subtract each variant's "
         "join time from its time, in minutes.",
    praise="You found where the reconstructed turn for home starts and measured it, in minutes, against both "
           "variants' joins.",
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
