"""Exercises of lesson 01 (Airspace basics): the shorter line, a point off Unimak, a degree of
longitude at 60 N, the haversine formula by hand."""

import math

from helpers.exercises.answers import Boolean, Function, Name, Number
from helpers.exercises.core import Exercise, Mistake

ROUTE_FROM, ROUTE_TO = "anchorage-airport", "gimpo-airport"
UNIMAK, OFFSET_NMI, OFFSET_COURSE_DEG, COAST_REGION = "unimak-island", 30, 270, "alaska_bering"
TERRITORIAL_LAW_ID = "unclos-art3"


def _route():
    from helpers import data

    a, b = data.base(ROUTE_FROM), data.base(ROUTE_TO)
    return dict(lat1=float(a["lat"]), lon1=float(a["lon"]), lat2=float(b["lat"]), lon2=float(b["lon"]))


def territorial_nmi():
    """The breadth of the territorial sea in nmi, read from the text of UNCLOS Art. 3 in data/law.csv."""
    import re

    from helpers import data

    text = data.law().set_index("id").loc[TERRITORIAL_LAW_ID, "text"]
    return float(re.search(r"(\d+) nautical miles", text).group(1))


# --- 01.1: which line is shorter --------------------------------------------------------------------------

def _shorter(g):
    from helpers import geo

    route = _route()
    return {"answer": "great circle" if geo.distance_nmi(**route) < geo.rhumb_distance_nmi(**route) else "rhumb line"}


Exercise(
    id="01.1", title="the shorter line",
    parts={"answer": Name(["great circle", "rhumb line", "same length"], options=["great circle", "rhumb line"],
                          aliases={"the great circle": "great circle", "great circle route": "great circle",
                                   "great-circle line": "great circle", "orthodrome": "great circle",
                                   "geodesic": "great circle", "the rhumb line": "rhumb line", "rhumb": "rhumb line",
                                   "loxodrome": "rhumb line", "straight line": "rhumb line",
                                   "the straight line": "rhumb line", "equal": "same length", "same": "same length",
                                   "both": "same length", "neither": "same length"},
                          label="the line")},
    expected=_shorter,
    mistakes=[
        Mistake("They are not equally long: section 2 prints both lengths, and one is longer by about two hundred nmi.",
                lambda t: t.a["answer"] == "same length"),
        Mistake("The line that looks straight on a Mercator chart is the rhumb line, and it is not the shortest: "
                "Mercator stretches the north, so the line that looks curved there is the shorter one.",
                lambda t: t.a["answer"] == "rhumb line"),
    ],
    hint="Compare the two lengths printed in section 2.",
    praise="You named the shorter of the two lines between Anchorage and Gimpo, as the kit measures them.",
)


# --- 01.2: a point 30 nmi west of Unimak ------------------------------------------------------------------

def _unimak(g):
    from helpers import data, geo

    unimak = data.base(UNIMAK)
    point = geo.destination(lat=unimak["lat"], lon=unimak["lon"], bearing_deg=OFFSET_COURSE_DEG,
                            distance_nmi=OFFSET_NMI)
    to_coast = geo.nearest_coast_point(lat=point.lat, lon=point.lon,
                                       coast=data.coastline(COAST_REGION, "fine")).distance_nmi
    limit = territorial_nmi()
    return {"answer": to_coast, "inside": bool(to_coast <= limit), "_limit": limit,
            "_km": geo.convert_length(to_coast, "nmi", "km"), "_mi": geo.convert_length(to_coast, "nmi", "mi")}


Exercise(
    id="01.2", title="a point off Unimak Island",
    parts={"answer": Number("nmi", tol=0.1, label="the distance to the coast"),
           "inside": Boolean(true_words=("inside",), false_words=("outside",), label="inside or outside")},
    expected=_unimak,
    mistakes=[
        Mistake("30 nmi is the distance from the island's coordinate (one point in data/bases.csv), not from its "
                "coast: measure from the point to the nearest coastline.", lambda t: t.near("answer", OFFSET_NMI)),
        Mistake("That distance is in kilometres: give it in nautical miles (nmi).",
                lambda t: t.near("answer", t.e["_km"], rel=0.02)),
        Mistake("That distance is in statute miles (mi): give it in nautical miles (nmi).",
                lambda t: t.near("answer", t.e["_mi"], rel=0.02)),
        Mistake("The distance is right, but inside means at most 12 nmi from the coast (UNCLOS Art. 3): compare "
                "your distance with 12.", lambda t: t.near("answer", t.e["answer"], rel=0)
                and t.a["inside"] != t.e["inside"]),
        Mistake("Your inside/outside answer does not fit your own distance: inside the territorial sea means at most "
                "12 nmi from the coast.", lambda t: (t.a["answer"] <= t.e["_limit"]) != t.a["inside"]),
    ],
    hint="Measure from the point to the nearest coastline of the alaska_bering region (fine coastline) with "
         "`geo.nearest_coast_point`, in nmi to one decimal, then compare with 12 nmi.",
    part_hints={"answer": "The distance to the coast: not yet. Measure from the point (not from the island's "
                          "coordinate) to the nearest coastline, in nmi to one decimal."},
    praise="Both your distance to the coastline (to one decimal) and your inside/outside-12-nmi answer are right.",
)


# --- 01.3: one degree of longitude at 60 N ----------------------------------------------------------------

def _lon_degree(g):
    from helpers import geo

    return {"answer": geo.distance_nmi(lat1=60, lon1=0, lat2=60, lon2=1),
            "_sphere": 60 * math.cos(math.radians(60))}


Exercise(
    id="01.3", title="a degree of longitude at 60 N",
    parts={"answer": Number("nmi", tol=0.2, label="the length")},
    expected=_lon_degree,
    mistakes=[
        Mistake("That looks like kilometres (about 1.85 km to the nmi): give the length in nautical miles.",
                lambda t: t.near("answer", t.e["answer"] * 1.852, rel=0.02)),
        Mistake("That is the length of a degree of latitude (60 nmi): a degree of longitude shrinks with "
                "cos(latitude).", lambda t: t.near("answer", 60.0, rel=0.01)),
        Mistake("Negative: `math.cos` takes radians, so convert first: `math.cos(math.radians(60))`.",
                lambda t: t.near("answer", 60 * math.cos(60), rel=0.01)),
        Mistake("You used the sine: along a parallel the radius is R cos(latitude), so use `math.cos`.",
                lambda t: t.near("answer", 60 * math.sin(math.radians(60)), rel=0.01)),
        Mistake("You divided by the cosine: multiply 60 nmi by cos(60 degrees).",
                lambda t: t.near("answer", 60 / math.cos(math.radians(60)), rel=0.01)),
        Mistake("A length is not negative: multiply 60 nmi by the cosine of 60 degrees.", lambda t: t.a["answer"] < 0),
    ],
    hint="Multiply 60 nmi by the cosine of 60 degrees (in radians: `math.radians(60)`), or measure it with "
         "`geo.distance_nmi`; give it in nmi to one decimal.",
    praise="Your length of one degree of longitude at 60 N matches the kit's measure (sphere or ellipsoid, "
           "to one decimal).",
)


# --- 01.4: the haversine formula as a function ------------------------------------------------------------

def _haversine_with(*, radians=True, factor=2.0, half=True, root=True, radius=None):
    """The haversine distance with one slip switched on (to recognise a student's mistake)."""
    from helpers import geo

    r = geo.EARTH_MEAN_RADIUS_NMI if radius is None else radius
    conv = math.radians if radians else (lambda x: x)
    d = 2.0 if half else 1.0

    def fn(lat1, lon1, lat2, lon2):
        p1, p2 = conv(lat1), conv(lat2)
        dp, dl = p2 - p1, conv(lon2 - lon1)
        h = math.sin(dp / d) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / d) ** 2
        return factor * r * math.asin(math.sqrt(h) if root else min(h, 1.0))

    return fn


def _haversine(g):
    from helpers import geo

    return {"answer": lambda lat1, lon1, lat2, lon2: geo.haversine_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)}


def _haversine_cases(g):
    route = _route()
    return [(route["lat1"], route["lon1"], route["lat2"], route["lon2"]),
            (60.0, 0.0, 60.0, 1.0), (51.47, -0.45, 40.64, -73.78), (-33.95, 151.18, 1.36, 103.99)]


def _ellipsoid(lat1, lon1, lat2, lon2):
    from helpers import geo

    return geo.distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)


Exercise(
    id="01.4", title="the haversine distance by hand",
    parts={"answer": Function(("lat1", "lon1", "lat2", "lon2"), rel=1e-6, forbidden=("haversine_nmi",),
                              label="your function")},
    expected=_haversine, cases=_haversine_cases,
    mistakes=[
        Mistake("Your function gives the same number for every pair of points: compute the distance from its four "
                "arguments (lat1, lon1, lat2, lon2), not a number copied from the page.",
                lambda t: max(t.a["answer"]) - min(t.a["answer"]) < 1e-9),
        Mistake("That is the ellipsoid distance (`geo.distance_nmi`): write the sphere formula yourself.",
                lambda t: t.like("answer", _ellipsoid, rel=1e-6)),
        Mistake("Convert the four coordinates to radians (`math.radians`) before `sin` and `cos`.",
                lambda t: t.like("answer", _haversine_with(radians=False))),
        Mistake("Half the distance: the formula is d = 2 R arcsin(sqrt(h)); the factor 2 is missing.",
                lambda t: t.like("answer", _haversine_with(factor=1.0))),
        Mistake("The halves are missing: h uses sin(dphi / 2) and sin(dlam / 2).",
                lambda t: t.like("answer", _haversine_with(half=False))),
        Mistake("The square root is missing: d = 2 R arcsin(sqrt(h)).",
                lambda t: t.like("answer", _haversine_with(root=False))),
        Mistake("That is in kilometres (R = 6371 km): use R = `geo.EARTH_MEAN_RADIUS_NMI` for nautical miles.",
                lambda t: t.like("answer", _haversine_with(radius=6371.0), rel=1e-3)),
    ],
    hint="Check each step against section 3: radians first, h = sin^2(dphi/2) + cos(phi1) cos(phi2) sin^2(dlam/2), "
         "then d = 2 R arcsin(sqrt(h)) with R = `geo.EARTH_MEAN_RADIUS_NMI`.",
    praise="Your function gives the haversine (sphere) distance for four different pairs of points, "
           "including Anchorage-Gimpo.",
)
