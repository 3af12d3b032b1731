"""Exercises of lesson 06 (long-range flights): which line is straight on a Mercator chart; the rhumb
line's extra distance; which base a reported distance fits; the shortest possible flight time."""

from helpers.exercises.answers import Name, Number
from helpers.exercises.core import Exercise, Mistake

VENEZUELA = "venezuela-2018-12-10"
PRESSTV = "venezuela-2018-12-10-presstv-distance"
ROUTE = "venezuela-2018-12-10-offshore"
LINES = ["great circle", "rhumb line", "both", "neither"]
BASES = {"Engels-2": "engels-2", "Olenya": "olenya-air-base"}
BASE_CHOICES = ["Engels-2", "Olenya", "both", "neither"]

Exercise(
    id="06.1", title="straight on a Mercator chart",
    parts={"answer": Name(LINES, aliases={"rhumb": "rhumb line", "loxodrome": "rhumb line",
                                          "constant course": "rhumb line", "the rhumb line": "rhumb line",
                                          "great circle route": "great circle", "the great circle": "great circle",
                                          "geodesic": "great circle", "shortest route": "great circle",
                                          "orthodrome": "great circle"},
                       label="the line")},
    expected=lambda g: {"answer": "rhumb line"},
    mistakes=[
        Mistake("The great circle is the shortest route, but on a Mercator chart it is the curved line that bows "
                "towards the pole: look at the left panel again.", lambda t: t.a["answer"] == "great circle"),
        Mistake("Only one of the two lines is straight on the Mercator chart (the other arcs north).",
                lambda t: t.a["answer"] == "both"),
        Mistake("One line is straight on the Mercator chart: the one that keeps a constant compass course.",
                lambda t: t.a["answer"] == "neither"),
    ],
    hint="On the left (Mercator) panel, one line is drawn straight and one arcs north: which is which in the legend?",
    praise="Yes: a Mercator chart keeps compass courses as straight lines, so the rhumb line is straight on it.",
)


def _extra(g):
    from helpers import geo, routes

    r = routes.route("barksdale-afb", "raf-fairford")
    return {"answer": r.rhumb_extra_nmi, "_rhumb": r.rhumb_nmi, "_gc": r.great_circle_nmi,
            "_km": float(geo.nmi_to_km(r.rhumb_extra_nmi)), "_mi": float(geo.nmi_to_mi(r.rhumb_extra_nmi)),
            "_venezuela": routes.route("engels-2", "maiquetia-svmi").rhumb_extra_nmi}


Exercise(
    id="06.2", title="rhumb line's extra distance, Barksdale to Fairford",
    parts={"answer": Number("nmi", tol=0.5, label="the extra distance")},
    expected=_extra,
    mistakes=[
        Mistake("A longer line minus a shorter one is positive: take rhumb minus great circle.",
                lambda t: t.near("answer", -t.e["answer"], tol=0.5)),
        Mistake("That is the whole rhumb line: the question asks how much longer it is than the great circle.",
                lambda t: t.near("answer", t.e["_rhumb"])),
        Mistake("That is the great circle's length: subtract it from the rhumb line's.",
                lambda t: t.near("answer", t.e["_gc"])),
        Mistake("That is in kilometres: give the extra distance in nautical miles.",
                lambda t: t.near("answer", t.e["_km"])),
        Mistake("That is in statute miles: give the extra distance in nautical miles.",
                lambda t: t.near("answer", t.e["_mi"])),
        Mistake("That is the Engels to Maiquetía route: the question is Barksdale to Fairford.",
                lambda t: t.near("answer", t.e["_venezuela"])),
    ],
    hint="`routes.route(\"barksdale-afb\", \"raf-fairford\")` has `rhumb_nmi`, `great_circle_nmi` and their difference.",
    praise="Your extra distance matches the rhumb line minus the great circle from Barksdale to Fairford.",
)


def _base(g):
    from helpers import data, geo, routes

    value = data.claims(VENEZUELA).set_index("id").loc[PRESSTV, "value"]
    km = routes.reported_distance_km(value)[0]
    fits = [name for name, base_id in BASES.items()
            if km >= geo.nmi_to_km(routes.route(base_id, "maiquetia-svmi").great_circle_nmi)]
    return {"answer": fits[0] if len(fits) == 1 else ("both" if fits else "neither")}


Exercise(
    id="06.3", title="which base the 9,977 km fits",
    parts={"answer": Name(BASE_CHOICES, aliases={"Engels": "Engels-2", "Engels 2": "Engels-2", "Saratov": "Engels-2",
                                                 "Olenya air base": "Olenya", "Olenegorsk": "Olenya",
                                                 "Kola": "Olenya", "none": "neither"},
                       label="the base")},
    expected=_base,
    mistakes=[
        Mistake("The great circle from Engels is longer than 9,977 km, and no flight is shorter than the great "
                "circle from its start: Engels is ruled out.", lambda t: t.a["answer"] == "Engels-2"),
        Mistake("Both cannot fit: compare 9,977 km with each base's great circle; one is longer than the figure.",
                lambda t: t.a["answer"] == "both"),
        Mistake("A flight can be longer than the great circle (detours), only not shorter: one base's great circle "
                "is shorter than 9,977 km.", lambda t: t.a["answer"] == "neither"),
    ],
    hint="Compute each base's great circle to Maiquetía in km and keep the bases whose great circle is not longer "
         "than 9,977 km.",
    praise="Yes: of the two candidates, only the great circle from Olenya is short enough for a 9,977 km flight.",
)


def _min_time(g):
    from helpers import data, geo, routes

    wps = data.waypoints(ROUTE)
    length = routes.path_length_nmi(list(zip(wps["lat"], wps["lon"])))
    spec = data.aircraft("Tu-160")
    v_kt = float(geo.convert_speed(spec["max_speed"], spec["max_speed_unit"], "kt"))
    v_kmh = float(spec["max_speed"])
    gc = routes.route("engels-2", "maiquetia-svmi").great_circle_nmi
    return {"answer": length / v_kt, "_gc": gc / v_kt, "_units": length / v_kmh, "_minutes": 60 * length / v_kt,
            "_mph": length / float(geo.convert_speed(v_kmh, "km/h", "mph")), "_inverse": v_kt / length}


Exercise(
    id="06.4", title="shortest possible flight time on the offshore route",
    parts={"answer": Number("h", rel=0.01, label="the time")},
    expected=_min_time,
    mistakes=[
        Mistake("That is the great circle's time: the question asks for the offshore route through the waypoints.",
                lambda t: t.near("answer", t.e["_gc"])),
        Mistake("Nautical miles divided by km/h is not hours: convert the speed to knots first.",
                lambda t: t.near("answer", t.e["_units"])),
        Mistake("That looks like minutes: give the time in hours.", lambda t: t.near("answer", t.e["_minutes"])),
        Mistake("Nautical miles divided by miles per hour mixes two kinds of mile: use knots.",
                lambda t: t.near("answer", t.e["_mph"])),
        Mistake("Time is distance divided by speed, not speed divided by distance.",
                lambda t: t.near("answer", t.e["_inverse"])),
    ],
    hint="Length of the waypoint route in nmi (`routes.path_length_nmi`) divided by the Tu-160's maximum speed in knots.",
    praise="Your time matches the offshore route's length divided by the Tu-160's maximum speed.",
)
