"""Exercises of lesson 08 (Intercept geometry): the planner's largest scramble delay, a head-on
intercept time, the closed-form lead intercept, and how deep a zone must be."""

import math

from helpers.exercises.answers import Function, Number
from helpers.exercises.core import Exercise, Mistake

BOMBER = "Tu-95MS"
FIGHTER = "F-22"


def bomber_top_kt():
    """The Tu-95MS's top speed from data/aircraft.csv, in knots."""
    from helpers import data, geo

    row = data.aircraft(BOMBER)
    return float(geo.convert_speed(float(row["max_speed"]), row["max_speed_unit"], "kt"))


def fighter_cruise_kt(altitude_ft):
    """The F-22's cruise speed from data/aircraft.csv (a Mach number), in knots at ``altitude_ft``."""
    from helpers import data, geo

    row = data.aircraft(FIGHTER)
    return float(geo.convert_speed(float(row["cruise_speed"]), row["cruise_speed_unit"], "kt")) \
        if row["cruise_speed_unit"] != "mach" else float(geo.mach_to_kt(float(row["cruise_speed"]), altitude_ft))


# --- 08.1: the planner's largest scramble delay --------------------------------------------------

def _largest_delay(g):
    """The last whole minute of scramble delay at which the planner, at its starting settings but a
    zone ``g["depth_nmi"]`` deep, still meets the bomber before the 12-nmi limit."""
    from helpers import widgets

    planner = widgets.intercept_planner()
    start = int(planner.delay.value)
    planner.depth.value = int(g["depth_nmi"])

    def in_time(delay_min):
        planner.delay.value = int(delay_min)
        return bool(planner.scenario()["in_time"])

    lo, hi = int(planner.delay.min), int(planner.delay.max)
    if not in_time(lo):
        largest = lo - 1
    elif in_time(hi):
        largest = hi
    else:  # in time at lo, too late at hi: the verdict flips once (a later start is never earlier)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if in_time(mid) else (lo, mid)
        largest = lo
    planner.delay.value = max(largest, int(planner.delay.min))
    return {"answer": float(largest), "_slider_start": float(start),
            "_limit_min": float(planner.scenario()["limit_min"])}


Exercise(
    id="08.1", title="largest scramble delay in the planner",
    parts={"answer": Number("min", integer=True, label="the delay")},
    givens={"depth_nmi": 400},
    expected=_largest_delay,
    mistakes=[
        Mistake("That is the first delay at which the verdict says TOO LATE: the question asks for the last one "
                "that is still in time (one step back).", lambda t: t.a["answer"] == t.e["answer"] + 1),
        Mistake("That is the planner's starting delay: after setting the depth, move the Scramble slider one "
                "minute at a time and watch for the last value at which the verdict says BEFORE the limit.", lambda t: t.a["answer"] == t.e["_slider_start"] != t.e["answer"]),
        Mistake("That is (about) the time the bomber needs to reach the 12-nmi limit, not the scramble delay: "
                "read the Scramble slider at the moment the verdict changes.",
                lambda t: abs(t.a["answer"] - t.e["_limit_min"]) <= 1 and abs(t.e["_limit_min"] - t.e["answer"]) > 1),
        Mistake("With a delay that long the verdict already says TOO LATE: move the Scramble slider back down "
                "until it says the bomber is met BEFORE the limit.", lambda t: t.a["answer"] > t.e["answer"] + 1),
        Mistake("The fighters are still in time with a longer delay than that: keep moving the Scramble slider "
                "up until the verdict changes.", lambda t: 0 <= t.a["answer"] < t.e["answer"]),
        Mistake("A delay is not negative: it counts the minutes from the alarm to take-off.",
                lambda t: t.a["answer"] < 0),
    ],
    hint="Set ADIZ depth as the exercise says and leave every other slider where it starts; move only Scramble, one step at a time, and note the last "
         "value at which the verdict says the bomber is met BEFORE the 12-nmi limit.",
    praise="Your delay is the last whole minute at which the planner, with that zone depth, still meets "
           "the bomber before the 12-nmi limit.",
)


# --- 08.2: a head-on intercept --------------------------------------------------------------------

def _head_on(g):
    from helpers import geo

    d, alt = float(g["distance_nmi"]), float(g["altitude_ft"])
    vb, vf = bomber_top_kt(), fighter_cruise_kt(alt)
    row_speed_kmh = vb * geo.convert_speed(1.0, "kt", "km/h")
    mach = vf / float(geo.speed_of_sound_kt(alt))
    return {"answer": d / (vb + vf) * 60.0,
            "_hours": d / (vb + vf),
            "_difference": d / (vf - vb) * 60.0,
            "_kmh": d / (row_speed_kmh + vf) * 60.0,
            "_sea_level": d / (vb + float(geo.mach_to_kt(mach, 0.0))) * 60.0,
            "_fighter_only": d / vf * 60.0,
            "_bomber_only": d / vb * 60.0,
            "_mach_as_kt": d / (vb + mach) * 60.0}


Exercise(
    id="08.2", title="head-on intercept time",
    parts={"answer": Number("min", tol=0.06, label="the time")},
    givens={"distance_nmi": 300.0, "altitude_ft": 30000.0},
    expected=_head_on,
    mistakes=[
        Mistake("That is in hours: the question asks for minutes (multiply by 60).",
                lambda t: t.near("answer", t.e["_hours"], rel=0.002)),
        Mistake("Head-on, the two aircraft fly towards each other, so the gap closes at the SUM of their speeds "
                "(the closing speed), not the difference.", lambda t: t.near("answer", t.e["_difference"], rel=0.002)),
        Mistake("The bomber's speed is in km/h in data/aircraft.csv: convert it to knots before adding it to the "
                "fighter's speed in knots.", lambda t: t.near("answer", t.e["_kmh"], rel=0.002)),
        Mistake("The speed of sound depends on altitude: convert the fighter's Mach number at the given altitude "
                "(`geo.mach_to_kt(mach, altitude_ft)`), not at sea level.",
                lambda t: t.near("answer", t.e["_sea_level"], rel=0.002)),
        Mistake("A Mach number is not a speed in knots: convert it with `geo.mach_to_kt` first.",
                lambda t: t.near("answer", t.e["_mach_as_kt"], rel=0.002)),
        Mistake("Both aircraft move: the gap closes at the closing speed (the sum of both speeds), not at the "
                "speed of one of them.", lambda t: t.near("answer", t.e["_fighter_only"], rel=0.002)
                or t.near("answer", t.e["_bomber_only"], rel=0.002)),
        Mistake("A time is not negative: divide the distance by the closing speed.", lambda t: t.a["answer"] < 0),
    ],
    hint="Closing speed = bomber speed + fighter speed (both in knots); time = distance / closing speed, in "
         "hours; then times 60. Give the minutes to one decimal.",
    praise="Your time is the distance divided by the closing speed (both speeds in knots), in minutes, to one decimal.",
)


# --- 08.3: the closed-form lead intercept ----------------------------------------------------------

def lead_intercept_minutes(distance_nmi, target_kt, interceptor_kt, aspect_deg):
    """Minutes until a lead (collision) course meets a target on a flat sea: the smallest positive
    root of (v_i^2 - v_t^2) t^2 + 2 d v_t cos(A) t - d^2 = 0 (``aspect_deg`` 0: the target flies
    straight at the interceptor). NaN when there is none."""
    d, vt, vi = float(distance_nmi), float(target_kt), float(interceptor_kt)
    c = math.cos(math.radians(float(aspect_deg)))
    a = vi * vi - vt * vt
    if abs(a) < 1e-12:
        return d / (2 * vt * c) * 60.0 if vt * c > 0 else math.nan
    disc = (d * vt * c) ** 2 + a * d * d
    if disc < 0:
        return math.nan
    roots = [(-d * vt * c + s * math.sqrt(disc)) / a for s in (1, -1)]
    positive = [r for r in roots if r > 0]
    return min(positive) * 60.0 if positive else math.nan


LEAD_CASES = [(120.0, 450.0, 900.0, 90.0), (200.0, 500.0, 860.0, 45.0), (80.0, 300.0, 600.0, 150.0),
              (250.0, 480.0, 1000.0, 0.0), (60.0, 400.0, 520.0, 120.0), (150.0, 350.0, 700.0, 30.0),
              (90.0, 420.0, 950.0, 180.0)]


def _lead(g):
    return {"answer": lead_intercept_minutes}


def _lead_cases(g):
    return LEAD_CASES


def _wrong_lead(kind):
    def fn(d, vt, vi, aspect):
        c = math.cos(math.radians(aspect))
        if kind == "hours":
            return lead_intercept_minutes(d, vt, vi, aspect) / 60.0
        if kind == "sum":
            return d / (vi + vt) * 60.0
        if kind == "difference":
            return d / (vi - vt) * 60.0
        if kind == "ignore_target":
            return d / vi * 60.0
        if kind == "degrees":
            c = math.cos(aspect)
        if kind == "flipped":
            c = -c
        a = vi * vi - vt * vt
        root = (-d * vt * c + math.sqrt((d * vt * c) ** 2 + a * d * d)) / a
        if kind == "other_root":
            root = (-d * vt * c - math.sqrt((d * vt * c) ** 2 + a * d * d)) / a
        return root * 60.0
    return fn


Exercise(
    id="08.3", title="closed-form lead intercept",
    parts={"answer": Function(("distance_nmi", "target_kt", "interceptor_kt", "aspect_deg"), rel=1e-3,
                              label="your function")},
    expected=_lead, cases=_lead_cases,
    mistakes=[
        Mistake("Your function returns hours: the question asks for minutes (times 60).",
                lambda t: t.like("answer", _wrong_lead("hours"))),
        Mistake("d / (v_i + v_t) is right only head-on (aspect 0): for any other aspect only part of the target's "
                "velocity closes the gap. Solve |r0 + v_t t| = v_i t for t.",
                lambda t: t.like("answer", _wrong_lead("sum"))),
        Mistake("d / (v_i - v_t) is right only for a tail chase (aspect 180): solve the quadratic for t instead.",
                lambda t: t.like("answer", _wrong_lead("difference"))),
        Mistake("Your function ignores the target's motion: it moves while the interceptor flies, so use the "
                "quadratic with v_t in it.", lambda t: t.like("answer", _wrong_lead("ignore_target"))),
        Mistake("`math.cos` and `np.cos` take radians: convert aspect_deg with `math.radians` first.",
                lambda t: t.like("answer", _wrong_lead("degrees"))),
        Mistake("The sign of the cos(A) term is flipped: with aspect 0 the target flies straight at the "
                "interceptor, so it must shorten the time.", lambda t: t.like("answer", _wrong_lead("flipped"))),
        Mistake("That is the other root of the quadratic, which is negative: take the positive one (the + sign "
                "in front of the square root).", lambda t: t.like("answer", _wrong_lead("other_root"))),
    ],
    hint="With the interceptor at the origin: |r0 + v_t t|^2 = (v_i t)^2 gives "
         "(v_i^2 - v_t^2) t^2 + 2 d v_t cos(A) t - d^2 = 0; take the positive root, in hours, then times 60.",
    praise="Your function agrees with the closed-form lead intercept on every test case (it was called on "
           f"{len(LEAD_CASES)} different geometries, not just the lesson's). On a flat sea it is exact; "
           "`geo.intercept_course`, which works on the ellipsoid, agrees with it to within 0.1 % at these ranges.",
)


# --- 08.4: how deep must a zone be -----------------------------------------------------------------

def min_depth_nmi(bomber_kt, delay_min, base_behind_nmi, fighter_kt):
    """Smallest zone depth (nmi, measured seaward of the 12-nmi line) that lets fighters, starting
    ``base_behind_nmi`` behind that line after ``delay_min`` minutes, reach the line no later than a
    bomber flying straight at it."""
    return float(bomber_kt) * (float(delay_min) / 60.0 + float(base_behind_nmi) / float(fighter_kt))


DEPTH_CASES = [(400.0, 15.0, 200.0, 800.0), (500.0, 5.0, 50.0, 900.0), (300.0, 30.0, 350.0, 600.0),
               (450.0, 0.0, 120.0, 1000.0), (350.0, 20.0, 0.0, 700.0), (480.0, 10.0, 260.0, 850.0)]


def _depth(g):
    return {"answer": min_depth_nmi}


def _depth_cases(g):
    return DEPTH_CASES


Exercise(
    id="08.4", title="minimum zone depth",
    parts={"answer": Function(("bomber_kt", "delay_min", "base_behind_nmi", "fighter_kt"), rel=1e-4,
                              label="your function")},
    expected=_depth, cases=_depth_cases,
    mistakes=[
        Mistake("The delay is in minutes but the speeds are per hour: divide delay_min by 60.",
                lambda t: t.like("answer", lambda vb, s, b, vf: vb * (s + b / vf))),
        Mistake("Your depth leaves out the scramble delay: the bomber keeps flying while the fighters get ready.",
                lambda t: t.like("answer", lambda vb, s, b, vf: vb * b / vf)),
        Mistake("Your depth leaves out the fighters' flight from the base to the line (base_behind_nmi / fighter_kt).",
                lambda t: t.like("answer", lambda vb, s, b, vf: vb * s / 60.0)),
        Mistake("The depth is measured from the 12-nmi line, not from the coast: do not add 12.",
                lambda t: t.like("answer", lambda vb, s, b, vf: vb * (s / 60.0 + b / vf) + 12.0)),
        Mistake("That is a time (hours or minutes), not a depth: multiply the time the defence needs by the "
                "bomber's speed.", lambda t: t.like("answer", lambda vb, s, b, vf: s / 60.0 + b / vf)
                or t.like("answer", lambda vb, s, b, vf: s + b / vf * 60.0)),
        Mistake("The fighters' time is distance / fighter speed, and the bomber's distance is its speed x that "
                "time: check which speed divides and which multiplies.",
                lambda t: t.like("answer", lambda vb, s, b, vf: vf * (s / 60.0 + b / vb))),
    ],
    hint="The defence needs delay_min / 60 + base_behind_nmi / fighter_kt hours to reach the line; in that "
         "time the bomber flies bomber_kt x that many nmi: that is the depth.",
    praise="Your function gives the minimum depth on every test case (it was called on "
           f"{len(DEPTH_CASES)} different sets of speeds, delays and distances).",
)
