"""Exercises of lesson 04 (Black Sea, January 2018): who called it safe and the earlier case's feet, a
made-up crossing's closest approach, how long a closing speed takes to cover a gap, t* as a function."""

import numpy as np

from helpers.exercises.answers import Function, Name, Number
from helpers.exercises.core import Exercise, Mistake

MAIN, EARLIER = "black-sea-2018-01-29", "black-sea-2017-11-25"
RECCE = "EP-3E"
START_B_NMI, COURSE_A_DEG, COURSE_B_DEG, SPEED_B_KT = (2.0, -1.0), 90, 330, 300
GAP_PARTY = "U.S. Department of Defense (Lt. Col. Michelle Baldanza)"  # the earlier case's named source
CLOSING_KT = 30

RUSSIAN_MOD = "Russian Defence Ministry"
MOD_ALIASES = ["Russian Ministry of Defence", "Russian Ministry of Defense", "Russian Defense Ministry",
               "Russian MoD", "MoD", "the MoD", "Russian Defence Ministry", "Ministry of Defence of Russia",
               "Ministry of Defence of the Russian Federation", "Ministry of Defense of the Russian Federation",
               "Russia's Defence Ministry", "Russia's Ministry of Defence", "Minoborony", "RF MoD",
               "Russian Federation Ministry of Defence", "Russian defence ministry (MoD)"]


def _claims(incident):
    from helpers import data

    return data.claims(incident)


def _parties():
    return list(dict.fromkeys(_claims(MAIN)["party"]))


# --- 04.1: who called it safe; the earlier case in feet -----------------------------------------------------

def _safe(g):
    from helpers import geo

    said, before = _claims(MAIN), _claims(EARLIER)
    safe = said.loc[(said["kind"] == "conduct") & (said["value"] == "safe"), "party"]
    feet = before.loc[(before["kind"] == "separation") & (before["unit"] == "ft"), "value_number"].astype(float)
    main_ft = said.loc[(said["kind"] == "separation") & (said["unit"] == "ft"), "value_number"].astype(float)
    minutes = before.loc[before["kind"] == "duration", "value_number"].astype(float)
    unsafe = said.loc[(said["kind"] == "conduct") & (said["value"] == "unsafe"), "party"]
    return {"answer": safe.iloc[0], "earlier_ft": float(feet.iloc[0]), "_main_ft": list(main_ft),
            "_minutes": list(minutes), "_unsafe": list(unsafe),
            "_in_m": geo.convert_length(float(feet.iloc[0]), "ft", "m")}


class _PartyName(Name):
    """The parties of the main intercept's claims table, their usual aliases, and "Russia" as a decoy."""

    def __init__(self):
        super().__init__(lambda: _parties() + ["(Russia)"], options=_parties, label="the party")
        self.aliases = {**{a: RUSSIAN_MOD for a in MOD_ALIASES}, "Russia": "(Russia)", "the Russians": "(Russia)",
                        "Russian Federation": "(Russia)", "US Navy": "U.S. Navy", "United States Navy": "U.S. Navy",
                        "USN": "U.S. Navy", "State Department": "U.S. State Department",
                        "Russian MFA": "Russian Foreign Ministry", "Russian Ministry of Foreign Affairs":
                        "Russian Foreign Ministry"}


Exercise(
    id="04.1", title="who called it safe; the earlier case in feet",
    parts={"answer": _PartyName(), "earlier_ft": Number("ft", tol=0.5, label="the earlier case's feet")},
    expected=_safe,
    mistakes=[
        Mistake("Which Russian body? The table names the party exactly: find the row whose claim is `conduct` "
                "with the value `safe`.", lambda t: t.a["answer"] == "(Russia)"),
        Mistake("That party called the intercept unsafe: find the row whose claim is `conduct` with the value `safe`.",
                lambda t: t.a["answer"] in t.e["_unsafe"]),
        Mistake("The Foreign Ministry's row is about INCSEA distances, not the intercept's conduct: find `conduct` "
                "with the value `safe`.", lambda t: t.a["answer"] == "Russian Foreign Ministry"),
        Mistake("(b): 5 ft is the main intercept's figure (first table): the question asks for the earlier case, "
                "in the second table.", lambda t: any(abs(t.a["earlier_ft"] - v) < 0.5 for v in t.e["_main_ft"])
                and t.a["earlier_ft"] != t.e["earlier_ft"]),
        Mistake("(b): that is the duration in minutes: read the row whose claim is `separation`.",
                lambda t: any(abs(t.a["earlier_ft"] - v) < 0.5 for v in t.e["_minutes"])),
        Mistake("(b): that looks like metres: the question asks for feet, as the sources give them.",
                lambda t: abs(t.a["earlier_ft"] - t.e["_in_m"]) < 0.5),
    ],
    hint="In the first table find `conduct` with the value `safe`; in the second, the `separation` in feet.",
    part_hints={"answer": "(a) the party: not yet. In the first table, find the row whose claim is `conduct` with "
                          "the value `safe`.",
                "earlier_ft": "(b) the feet: not yet. In the second table, read the rows whose claim is "
                              "`separation`."},
    praise="(a) your party is the one that called the main intercept safe in data/claims.csv; (b) your number is "
           "the separation in feet claimed for the earlier case.",
)


# --- 04.2: a made-up crossing's closest approach -------------------------------------------------------------

def _recce_kt():
    from helpers import data, geo

    spec = data.aircraft(RECCE)
    return geo.convert_speed(spec["cruise_speed"], spec["cruise_speed_unit"], "kt")


def _cpa(start_b=START_B_NMI, course_b=COURSE_B_DEG, speed_a=None, speed_b=SPEED_B_KT, course_a=COURSE_A_DEG):
    from helpers import geo

    speed_a = _recce_kt() if speed_a is None else speed_a
    return geo.cpa(pos_a=(0.0, 0.0), vel_a=geo.velocity_kt(course_deg=course_a, speed_kt=speed_a),
                   pos_b=start_b, vel_b=geo.velocity_kt(course_deg=course_b, speed_kt=speed_b))


def _crossing(g):
    from helpers import geo

    right = _cpa()
    wrong = {"course": _cpa(course_b=30), "start": _cpa(start_b=(-1.0, 2.0)), "speeds": _cpa(speed_a=SPEED_B_KT,
                                                                                            speed_b=_recce_kt())}
    return {"answer": geo.convert_length(right.distance_nmi, "nmi", "ft"), "seconds": right.time_h * 3600,
            "_nmi": right.distance_nmi, "_hours": right.time_h, "_minutes": right.time_h * 60,
            "_wrong": {k: (geo.convert_length(v.distance_nmi, "nmi", "ft"), v.time_h * 3600) for k, v in wrong.items()}}


def _wrong_geometry(t, key):
    ft, s = t.e["_wrong"][key]
    return abs(t.a["answer"] - ft) <= max(2.0, 0.01 * ft) and abs(t.a["seconds"] - s) <= max(0.2, 0.01 * s)


Exercise(
    id="04.2", title="a made-up crossing's closest approach",
    parts={"answer": Number("ft", tol=0.6, label="the closest approach"),
           "seconds": Number("s", tol=0.06, label="the seconds until it")},
    expected=_crossing,
    mistakes=[
        Mistake("The closest approach is still in nautical miles: convert it to feet with "
                "`geo.convert_length(x, \"nmi\", \"ft\")`.", lambda t: t.near("answer", t.e["_nmi"], rel=0.01)),
        Mistake("Check the fighter's course: 330 degrees (north-north-west), not 30.",
                lambda t: _wrong_geometry(t, "course")),
        Mistake("Check the start: the fighter is 2 nmi east and 1 nmi south, (2, -1) as (east, north).",
                lambda t: _wrong_geometry(t, "start")),
        Mistake("The speeds are swapped: the reconnaissance aircraft flies at `cruise_kt`, the fighter at 300 kt.",
                lambda t: _wrong_geometry(t, "speeds")),
        Mistake("That time is in hours (`time_h`): multiply by 3600 for seconds.",
                lambda t: t.near("seconds", t.e["_hours"], rel=0.01)),
        Mistake("That time is in minutes: multiply hours by 3600 for seconds, not by 60.",
                lambda t: t.near("seconds", t.e["_minutes"], rel=0.01)),
    ],
    hint="Use `geo.velocity_kt` for each velocity (courses 90 and 330, speeds `cruise_kt` and 300), then `geo.cpa`; "
         "give the distance in feet (nearest foot) and the time in seconds (one decimal).",
    part_hints={"answer": "The closest approach: not yet. Is it still in nautical miles? Check the courses "
                          "(90 and 330), the start (2, -1) and the speeds.",
                "seconds": "The seconds: not yet. `time_h` is in hours: multiply by 3600."},
    praise="Your closest approach (to the foot) and the time until it (to a tenth of a second) match `geo.cpa` for "
           "this geometry.",
)


# --- 04.3: how long a closing speed takes to cover the earlier case's gap ------------------------------------

def _gap_ft():
    before = _claims(EARLIER)
    row = before[(before["party"] == GAP_PARTY) & (before["kind"] == "separation")].iloc[0]
    return float(row["value_number"]), row["unit"]


def _seconds(g):
    from helpers import geo

    value, unit = _gap_ft()
    metres = geo.convert_length(value, unit, "m")
    speed = geo.kt_to_ms(CLOSING_KT)
    said = _claims(MAIN)
    main = said[(said["party"] == "U.S. Navy") & (said["kind"] == "separation")].iloc[0]
    main_m = geo.convert_length(float(main["value_number"]), main["unit"], "m")
    return {"answer": metres / speed, "_kt_as_ms": metres / CLOSING_KT, "_unconverted": value / CLOSING_KT,
            "_hours": metres / speed / 3600, "_ms": metres / speed * 1000,
            "_mph": metres / geo.convert_speed(CLOSING_KT, "mph", "m/s") if _has_mph() else None,
            "_kmh": metres / (CLOSING_KT / 3.6), "_main": [main_m / speed, main_m / geo.kt_to_ms(20)]}


def _has_mph():
    from helpers import geo

    try:
        geo.convert_speed(1, "mph", "m/s")
        return True
    except (KeyError, ValueError):
        return False


Exercise(
    id="04.3", title="how long a closing speed takes to cover the gap",
    parts={"answer": Number("s", tol=0.006, label="the time")},
    expected=_seconds,
    mistakes=[
        Mistake("A knot is not a metre per second: convert the speed with `geo.kt_to_ms`.",
                lambda t: t.near("answer", t.e["_kt_as_ms"], rel=0.01)),
        Mistake("You divided feet by knots: convert both, the gap to metres and the speed to metres per second.",
                lambda t: t.near("answer", t.e["_unconverted"], rel=0.01)),
        Mistake("That is in hours: the question asks for seconds.", lambda t: t.near("answer", t.e["_hours"], rel=0.01)),
        Mistake("That is in milliseconds: the question asks for seconds.",
                lambda t: t.near("answer", t.e["_ms"], rel=0.01)),
        Mistake("You took 30 km/h: the closing speed is 30 knots (`geo.kt_to_ms`).",
                lambda t: t.near("answer", t.e["_kmh"], rel=0.01)),
        Mistake("You took 30 miles per hour: the closing speed is 30 knots (`geo.kt_to_ms`).",
                lambda t: t.e["_mph"] is not None and t.near("answer", t.e["_mph"], rel=0.01)),
        Mistake("That is the main intercept's 5 ft: this exercise is about the earlier case's separation "
                "(the second table).", lambda t: any(t.near("answer", v, rel=0.03) for v in t.e["_main"])),
    ],
    hint="Convert the gap to metres and 30 kt to metres per second; time = distance / speed, in seconds to two "
         "decimals.",
    praise="Your time matches the earlier case's separation divided by a closing speed of 30 kt, to two decimals.",
)


# --- 04.4: t* as a function ---------------------------------------------------------------------------------

def _t_star(g):
    from helpers import geo

    return {"answer": lambda r, v: geo.cpa(pos_a=(0.0, 0.0), vel_a=(0.0, 0.0), pos_b=r, vel_b=v).time_h}


def _pairs(g):
    from helpers import geo

    first = tuple(np.subtract(geo.velocity_kt(course_deg=330, speed_kt=420), geo.velocity_kt(course_deg=0, speed_kt=300)))
    return [((0.5, -0.5), first), ((2.0, -1.0), (-80.0, 150.0)), ((-1.0, 3.0), (40.0, -200.0)),
            ((3.0, 4.0), (-120.0, -90.0))]


def _dot(a, b):
    return float(a[0] * b[0] + a[1] * b[1])


Exercise(
    id="04.4", title="t* as a function",
    parts={"answer": Function(("r", "v"), tol=1e-9, rel=1e-6, label="your function")},
    expected=_t_star, cases=_pairs,
    mistakes=[
        Mistake("The sign: t* = minus (r . v) / |v|^2; yours gives the opposite.",
                lambda t: t.like("answer", lambda r, v: _dot(r, v) / _dot(v, v))),
        Mistake("Divide by |v| squared (`np.dot(v, v)`), not by |v|.",
                lambda t: t.like("answer", lambda r, v: -_dot(r, v) / np.sqrt(_dot(v, v)))),
        Mistake("Divide by |v|^2 = v . v, not by r . r.",
                lambda t: t.like("answer", lambda r, v: -_dot(r, v) / _dot(r, r))),
        Mistake("Only the dot product: divide it by |v|^2.", lambda t: t.like("answer", lambda r, v: -_dot(r, v))),
        Mistake("That is in seconds: the question asks for hours (the velocities are in knots, nmi per hour).",
                lambda t: t.like("answer", lambda r, v: -_dot(r, v) / _dot(v, v) * 3600)),
        Mistake("Your function gives the same time for every pair: compute it from r and v.",
                lambda t: max(t.a["answer"]) - min(t.a["answer"]) < 1e-12),
    ],
    hint="Minus the dot product of r and v, divided by |v|^2.",
    praise="Your t* formula gives the same time as `geo.cpa` for four approaching pairs (r, v). (The derivation "
           "itself is not checked: compare it with your instructor's.)",
)
