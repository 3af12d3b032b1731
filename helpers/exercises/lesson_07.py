"""Exercises of lesson 07 (Cold War origins): the RB-47H's two positions against the 12-nmi limit,
how far apart they are, a KAL 007-style heading error as cross-track drift, and its inverse."""

import math

from helpers.exercises.answers import Function, Name, Number
from helpers.exercises.core import Exercise, Mistake

RB47 = "rb47-1960-07-01"
CAPE = "cape-svyatoy-nos"
SOVIET = "rb47-soviet-22km-cape"
OTHER = "rb47-tdia-80km-north-cape"
CHOICES = ("only the Soviet position", "only the 80-km position", "both positions", "neither position")


def claimed_positions():
    """The two positions "north of Cape Svyatoy Nos" the sources give for the RB-47H: a list of
    dicts (label, party, lat, lon, note, claim_id, km), each the claimed distance due north of the cape."""
    from helpers import data, geo

    cape = data.base(CAPE)
    claims = data.claims(RB47).set_index("id")
    out = []
    for claim_id, label in ((SOVIET, "Soviet account"), (OTHER, "80 km account")):
        row = claims.loc[claim_id]
        nmi = float(geo.convert_length(float(row["value_number"]), row["unit"], "nmi"))
        point = geo.destination(lat=float(cape["lat"]), lon=float(cape["lon"]), bearing_deg=0.0, distance_nmi=nmi)
        out.append({"label": label, "party": "Soviet Union" if claim_id == SOVIET else "This Day in Aviation (reference)",
                    "lat": float(point.lat), "lon": float(point.lon), "claim_id": claim_id,
                    "km": float(row["value_number"]) if row["unit"] == "km" else float(geo.convert_length(nmi, "nmi", "km")),
                    "note": f"{row['value']} {row['unit']} north of the cape, says {row['party']}"})
    return out


def _to_coast(g):
    from helpers import data, geo

    coast = data.coastline(data.incident(RB47)["region"], "fine")
    inside = [geo.distance_to_coast_nmi(lat=p["lat"], lon=p["lon"], coast=coast) <= 12.0 for p in claimed_positions()]
    answer = {(True, False): CHOICES[0], (False, True): CHOICES[1], (True, True): CHOICES[2]}.get(tuple(inside), CHOICES[3])
    return {"answer": answer}


Exercise(
    id="07.1", title="which RB-47H position is inside 12 nmi",
    parts={"answer": Name(CHOICES, aliases={"soviet": CHOICES[0], "the soviet one": CHOICES[0], "22 km": CHOICES[0],
                                            "80 km": CHOICES[1], "both": CHOICES[2], "neither": CHOICES[3],
                                            "none": CHOICES[3]}, label="your choice")},
    expected=_to_coast,
    mistakes=[
        Mistake("Look again at the 80-km position: it is well outside the dashed 12-nmi line.",
                lambda t: t.a["answer"] in (CHOICES[1], CHOICES[2])),
        Mistake("The Soviet position is very close to the dashed line: zoom in, or measure it with "
                "`geo.distance_to_coast_nmi`; 'inside' includes exactly 12 nmi or less (UNCLOS: 'not exceeding').",
                lambda t: t.a["answer"] == CHOICES[3]),
    ],
    hint="Compare each marker with the dashed 12-nmi line (or measure each position's distance to the coast).",
    praise="Right: measured against the kit's coastline, only the position of the Soviet account lies within "
           "12 nmi (UNCLOS 'not exceeding'); the other is far outside.",
)


def _apart(g):
    from helpers import geo

    a, b = claimed_positions()
    nmi = float(geo.distance_nmi(lat1=a["lat"], lon1=a["lon"], lat2=b["lat"], lon2=b["lon"]))
    return {"answer": nmi, "_km": float(geo.convert_length(nmi, "nmi", "km")),
            "_mi": float(geo.convert_length(nmi, "nmi", "mi")), "_sum_km": a["km"] + b["km"],
            "_sum_nmi": float(geo.convert_length(a["km"] + b["km"], "km", "nmi"))}


Exercise(
    id="07.2", title="how far apart the two positions are",
    parts={"answer": Number("nmi", tol=0.06, label="the distance")},
    expected=_apart,
    mistakes=[
        Mistake("That is in kilometres: the question asks for nautical miles (1 nmi = 1.852 km).",
                lambda t: t.near("answer", t.e["_km"], rel=0.003)),
        Mistake("That is in statute miles: the question asks for nautical miles.",
                lambda t: t.near("answer", t.e["_mi"], rel=0.003)),
        Mistake("Both positions lie north of the same cape, on one line: the distance between them is the "
                "DIFFERENCE of their distances from the cape, not the sum.",
                lambda t: t.near("answer", t.e["_sum_km"], rel=0.003) or t.near("answer", t.e["_sum_nmi"], rel=0.003)),
        Mistake("A distance is not negative.", lambda t: t.a["answer"] < 0),
    ],
    hint="Both are due north of the cape: subtract the two distances (in km), then convert to nmi; or use "
         "`geo.distance_nmi` on the two positions. One decimal.",
    praise="Your distance between the two claimed positions is right, in nautical miles, to one decimal.",
)


ROUTE = ("anchorage-airport", "gimpo-airport")


def _drift(g):
    from helpers import data, geo

    a, b = (data.base(x) for x in ROUTE)
    bearing = float(geo.initial_bearing_deg(lat1=a["lat"], lon1=a["lon"], lat2=b["lat"], lon2=b["lon"]))
    err, dist = float(g["error_deg"]), float(g["flown_nmi"])
    p = geo.destination(lat=float(a["lat"]), lon=float(a["lon"]), bearing_deg=bearing + err, distance_nmi=dist)
    xt = abs(float(geo.cross_track_nmi(lat=float(p.lat), lon=float(p.lon), lat1=float(a["lat"]), lon1=float(a["lon"]),
                                       lat2=float(b["lat"]), lon2=float(b["lon"]))))
    return {"answer": xt, "_flat": dist * math.sin(math.radians(err)), "_km": float(geo.convert_length(xt, "nmi", "km")),
            "_along": dist * math.cos(math.radians(err)), "_degrees": dist * math.sin(err)}


Exercise(
    id="07.3", title="cross-track drift of a heading error",
    parts={"answer": Number("nmi", rel=0.01, label="the drift")},
    givens={"error_deg": 3.0, "flown_nmi": 2400.0},
    expected=_drift,
    mistakes=[
        Mistake("That is the flat-map estimate d x sin(error): on the curved Earth the drift grows more slowly "
                "over long distances. Use `geo.cross_track_nmi` with the position you reach.",
                lambda t: t.near("answer", t.e["_flat"], rel=0.005)),
        Mistake("That is in kilometres: give nautical miles.", lambda t: t.near("answer", t.e["_km"], rel=0.01)),
        Mistake("That is (about) how far along the planned route you got, not how far off it.",
                lambda t: t.near("answer", t.e["_along"], rel=0.01)),
        Mistake("`math.sin` takes radians: convert the error with `math.radians` first.",
                lambda t: t.near("answer", t.e["_degrees"], rel=0.01) or t.near("answer", abs(t.e["_degrees"]), rel=0.01)),
        Mistake("A drift to either side is a distance: give it as a positive number.",
                lambda t: t.a["answer"] < 0 and t.near("answer", -t.e["answer"], rel=0.01)),
    ],
    hint="Start at Anchorage, fly `flown_nmi` on the route's initial bearing plus the error (`geo.destination`), "
         "then measure `geo.cross_track_nmi` from that point to the Anchorage-Gimpo great circle.",
    praise="Your drift matches the cross-track distance from the planned great circle (within 1 %).",
)


def heading_error_deg(cross_track_nmi, distance_nmi):
    """Heading error (degrees) that puts a straight flight of ``distance_nmi`` nmi ``cross_track_nmi``
    nmi off its planned line, on a flat map: asin(x / d)."""
    return math.degrees(math.asin(float(cross_track_nmi) / float(distance_nmi)))


ERROR_CASES = [(160.0, 1800.0), (50.0, 1000.0), (10.0, 600.0), (300.0, 2500.0), (100.0, 400.0), (5.0, 2000.0)]


Exercise(
    id="07.4", title="heading error from a drift",
    parts={"answer": Function(("cross_track_nmi", "distance_nmi"), rel=1e-4, label="your function")},
    expected=lambda g: {"answer": heading_error_deg}, cases=lambda g: ERROR_CASES,
    mistakes=[
        Mistake("Your function returns radians: convert with `math.degrees`.",
                lambda t: t.like("answer", lambda x, d: math.asin(x / d))),
        Mistake("sin is opposite / hypotenuse; you used tan (opposite / adjacent), or the cos: here the distance "
                "flown is the hypotenuse, so use asin(x / d).",
                lambda t: t.like("answer", lambda x, d: math.degrees(math.atan(x / d)), rel=1e-5)
                or t.like("answer", lambda x, d: math.degrees(math.acos(x / d)))),
        Mistake("You divided the wrong way round: the drift (x) goes on top, the distance flown (d) below.",
                lambda t: t.like("answer", lambda x, d: math.degrees(math.asin(min(1.0, d / x))))),
        Mistake("x / d is already the sine of the error: take its inverse (asin), not sin(x / d).",
                lambda t: t.like("answer", lambda x, d: math.degrees(math.sin(x / d)), rel=1e-5)),
        Mistake("x / d in degrees is only the small-angle estimate: it drifts away for larger errors; use asin.",
                lambda t: t.like("answer", lambda x, d: math.degrees(x / d), rel=1e-5)),
    ],
    hint="On a flat map the planned line, the flown line and the drift make a right triangle: "
         "sin(error) = drift / distance flown; so error = degrees(asin(x / d)).",
    praise=f"Your function gives the heading error on every test case ({len(ERROR_CASES)} pairs of drift and "
           "distance, small angles and large).",
)
