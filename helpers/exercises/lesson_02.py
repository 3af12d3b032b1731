"""Exercises of lesson 02 (Alaska, June 2020): the closer formation, one fix against the coast, the
warning time a zone gives, the slowest fighter that still meets the bomber at the limit."""

from helpers.exercises.answers import Boolean, Function, Name, Number
from helpers.exercises.core import Exercise, Mistake
from helpers.exercises.lesson_01 import territorial_nmi

INCIDENT = "alaska-2020-06-10"
COAST_REGION = "alaska_bering"
FIX_TRACK, FIX_INDEX = "Tu-95MS formation 2", 30
BOMBER_PARTY = "Russia"


def _formations():
    from helpers import data

    return [n for n in data.track_names(INCIDENT) if data.track(INCIDENT, n)["party"].iloc[0] == BOMBER_PARTY]


def _other_tracks():
    from helpers import data

    return [n for n in data.track_names(INCIDENT) if n not in _formations()]


# --- 02.1: which formation came closer ----------------------------------------------------------------------

def _closer(g):
    from helpers import measure

    by_distance = measure.closest_to_shore(INCIDENT)
    return {"answer": min(_formations(), key=lambda n: by_distance[n].distance_nmi)}


def _formation_aliases():
    aliases = {}
    for name in _formations():
        number = name.rsplit(" ", 1)[-1]
        aliases.update({f"formation {number}": name, f"Tu-95 formation {number}": name,
                        f"Tu-95MS {number}": name, f"the {'first' if number == '1' else 'second'} formation": name,
                        f"{'first' if number == '1' else 'second'} formation": name})
    aliases.update({"Tu-95MS": "(both)", "Tu-95": "(both)", "the bombers": "(both)", "A-50": "(A-50)"})
    return aliases


class _FormationName(Name):
    """The formation names of the incident (read from its tracks), their usual short forms, and decoys
    that get a specific hint (both formations at once, the A-50, the fighters' track)."""

    def __init__(self):
        super().__init__(lambda: _formations() + _other_tracks() + ["(both)", "(A-50)"], options=_formations,
                         label="the formation")

    def read(self, value):
        self.aliases = _formation_aliases()
        return super().read(value)


Exercise(
    id="02.1", title="the formation closer to the shore",
    parts={"answer": _FormationName()},
    expected=_closer,
    mistakes=[
        Mistake("Both formations were Tu-95MS bombers: give the whole name of one of them, with its number, "
                "as the legend writes it.", lambda t: t.a["answer"] == "(both)"),
        Mistake("NORAD names the A-50 in its statement, but the question asks for a reconstructed formation on "
                "the map: which of the two Tu-95MS formations came closer?", lambda t: t.a["answer"] == "(A-50)"),
        Mistake("That is the track of the American fighters, not a Russian formation.",
                lambda t: t.a["answer"] in _other_tracks()),
        Mistake("That formation stayed farther out. Compare the nmi labels at the ends of the thin black lines on "
                "the map.", lambda t: t.a["answer"] in _formations()),
    ],
    hint="Compare the nmi labels on the map.",
    praise="You named the reconstructed formation that came closest to the coastline.",
)


# --- 02.2: one fix of formation 2 ---------------------------------------------------------------------------

def _fix_distance(index, track=FIX_TRACK):
    from helpers import data, geo

    fix = data.track(INCIDENT, track).iloc[index]
    return geo.distance_to_coast_nmi(lat=fix["lat"], lon=fix["lon"], coast=data.coastline(COAST_REGION, "fine"))


def _fix(g):
    from helpers import geo

    distance = _fix_distance(FIX_INDEX)
    limit = territorial_nmi()
    return {"answer": distance, "inside": bool(distance <= limit), "_limit": limit,
            "_km": geo.convert_length(distance, "nmi", "km"), "_mi": geo.convert_length(distance, "nmi", "mi"),
            "_before": _fix_distance(FIX_INDEX - 1), "_after": _fix_distance(FIX_INDEX + 1),
            "_formation_1": _fix_distance(FIX_INDEX, "Tu-95MS formation 1")}


Exercise(
    id="02.2", title="one fix against the coast",
    parts={"answer": Number("nmi", tol=0.1, label="the distance to the coast"),
           "inside": Boolean(true_words=("inside",), false_words=("outside",), label="inside or outside")},
    expected=_fix,
    mistakes=[
        Mistake("That distance is in kilometres: give it in nautical miles (nmi).",
                lambda t: t.near("answer", t.e["_km"], rel=0.01)),
        Mistake("That distance is in statute miles (mi): give it in nautical miles (nmi).",
                lambda t: t.near("answer", t.e["_mi"], rel=0.01)),
        Mistake("That is the fix just before or after the one printed above: use the fix in `fix` "
                "(row 30 of formation 2).",
                lambda t: t.near("answer", t.e["_before"], rel=0.002) or t.near("answer", t.e["_after"], rel=0.002)),
        Mistake("That is a fix of formation 1: the exercise is about formation 2.",
                lambda t: t.near("answer", t.e["_formation_1"], rel=0.002)),
        Mistake("The distance is right, but inside means at most 12 nmi from the coast (UNCLOS Art. 3): compare "
                "your distance with `territorial_nmi`.",
                lambda t: t.near("answer", t.e["answer"], rel=0) and t.a["inside"] != t.e["inside"]),
        Mistake("Your inside/outside answer does not fit your own distance: inside the territorial sea means at "
                "most 12 nmi from the coast.", lambda t: (t.a["answer"] <= t.e["_limit"]) != t.a["inside"]),
    ],
    hint="Use `geo.distance_to_coast_nmi` with the fix's lat and lon and `coast=coast`, in nmi to one decimal, "
         "then compare it with `territorial_nmi`.",
    part_hints={"answer": "The distance to the coast: not yet. Use `geo.distance_to_coast_nmi` with the fix's "
                          "lat and lon and `coast=coast`; the answer is in nmi, to one decimal."},
    praise="Both the fix's distance to the coastline (to one decimal) and your inside/outside answer are right.",
)


# --- 02.3: the warning time, as a function ------------------------------------------------------------------

def _kmh_to_kt(speed_kmh):
    from helpers import geo

    return geo.convert_speed(speed_kmh, "km/h", "kt")


def _warning(g):
    return {"answer": lambda depth_nmi, speed_kmh: depth_nmi / _kmh_to_kt(speed_kmh) * 60}


def _warning_cases(g):
    from helpers import data

    bomber = data.aircraft(data.track(INCIDENT, "Tu-95MS formation 1")["aircraft"].iloc[0])
    top_kmh = float(bomber["max_speed"]) if bomber["max_speed_unit"] == "km/h" else 925.0
    return [(150.0, top_kmh), (100.0, 800.0), (250.0, 2200.0), (60.0, 500.0)]


Exercise(
    id="02.3", title="the warning time a zone gives",
    parts={"answer": Function(("depth_nmi", "speed_kmh"), rel=1e-3, label="your function")},
    expected=_warning, cases=_warning_cases,
    mistakes=[
        Mistake("Your function gives the same number for every depth and speed: compute it from its arguments.",
                lambda t: max(t.a["answer"]) - min(t.a["answer"]) < 1e-9),
        Mistake("That looks like hours, not minutes: multiply by 60.",
                lambda t: t.like("answer", lambda d, v: d / _kmh_to_kt(v))),
        Mistake("That looks like seconds: nmi / kt gives hours; multiply by 60 for minutes, not by 3600.",
                lambda t: t.like("answer", lambda d, v: d / _kmh_to_kt(v) * 3600)),
        Mistake("It looks like you divided nmi by km/h: convert the speed to knots first, "
                "`geo.convert_speed(speed_kmh, \"km/h\", \"kt\")`.",
                lambda t: t.like("answer", lambda d, v: d / v * 60) or t.like("answer", lambda d, v: d / v)),
        Mistake("You converted the speed to statute miles per hour (mph): the depth is in nautical miles, so use "
                "knots (kt).", lambda t: t.like("answer", lambda d, v: d / (v / 1.609344) * 60)),
        Mistake("Time = distance / speed, not speed / distance.",
                lambda t: t.like("answer", lambda d, v: _kmh_to_kt(v) / d * 60)
                or t.like("answer", lambda d, v: _kmh_to_kt(v) / d)),
    ],
    hint="Warning time = depth / speed, both in nautical units (nmi / kt = hours), then hours x 60.",
    praise="Your function gives the warning time in minutes for four different depths and speeds.",
)


# --- 02.4: the slowest fighter that meets the bomber at the limit --------------------------------------------

def _min_fighter(g):
    return {"answer": lambda depth_nmi, bomber_kt, delay_min, base_behind_nmi:
            base_behind_nmi / (depth_nmi / bomber_kt - delay_min / 60)}


def _min_fighter_cases(g):
    return [(150.0, 500.0, 15.0, 250.0), (200.0, 450.0, 5.0, 120.0), (300.0, 600.0, 10.0, 400.0),
            (120.0, 300.0, 20.0, 60.0)]


Exercise(
    id="02.4", title="the slowest fighter that still meets the bomber",
    parts={"answer": Function(("depth_nmi", "bomber_kt", "delay_min", "base_behind_nmi"), rel=1e-3,
                              label="your function")},
    expected=_min_fighter, cases=_min_fighter_cases,
    mistakes=[
        Mistake("Your function gives the same number for every set of inputs: compute it from its arguments.",
                lambda t: max(t.a["answer"]) - min(t.a["answer"]) < 1e-9),
        Mistake("The delay is in minutes and T in hours: convert the delay to hours, `delay_min / 60`.",
                lambda t: t.like("answer", lambda d, vb, dm, b: b / (d / vb - dm))),
        Mistake("The scramble delay is missing: the fighters have only T - delay to fly.",
                lambda t: t.like("answer", lambda d, vb, dm, b: b / (d / vb))),
        Mistake("Subtract the delay: the fighters leave delay_min after the bomber enters the zone, so they "
                "have T - delay, not T + delay.",
                lambda t: t.like("answer", lambda d, vb, dm, b: b / (d / vb + dm / 60))),
        Mistake("That is nmi per minute: a speed in knots is nmi per hour.",
                lambda t: t.like("answer", lambda d, vb, dm, b: b / (d / vb - dm / 60) / 60)
                or t.like("answer", lambda d, vb, dm, b: b / (60 * d / vb - dm))),
        Mistake("The fighters fly only base_behind_nmi, from the base to the limit; the bomber flies the depth.",
                lambda t: t.like("answer", lambda d, vb, dm, b: (b + d) / (d / vb - dm / 60))),
    ],
    hint="The bomber needs T = depth_nmi / bomber_kt hours; the fighters have T - delay_min / 60 hours to fly "
         "base_behind_nmi; speed = distance / time.",
    praise="Your function gives the slowest fighter speed (kt) for four different sets of assumptions.",
)
