"""Exercises of lesson 00 (Start here): count the Black Sea incidents; the gap between two distance claims."""

from helpers.exercises.answers import Number
from helpers.exercises.core import Exercise, Mistake

REGION = "black_sea"
HAINAN = "hainan-2001-04-01"
US_DISTANCE = "hainan-2001-04-01-pacom-distance-nmi"
US_DISTANCE_MI = "hainan-2001-04-01-pacom-distance-mi"
CHINA_DISTANCE = "hainan-2001-04-01-mfa-0401-distance"


def _count(g):
    from helpers import data

    incidents = data.incidents()
    return {"answer": int((incidents["region"] == REGION).sum()),
            "_all": len(incidents), "_regions": int(incidents["region"].nunique()),
            "_claims": int(data.claims()["incident_id"].isin(incidents.loc[incidents["region"] == REGION, "id"]).sum())}


Exercise(
    id="00.1", title="Black Sea incidents",
    parts={"answer": Number("incidents", integer=True, label="the count")},
    expected=_count,
    mistakes=[
        Mistake("That is the number of all incidents in the kit: count only the rows whose region is `black_sea`.",
                lambda t: t.a["answer"] == t.e["_all"]),
        Mistake("That is the number of different regions: count the incidents (rows) in the region `black_sea`.",
                lambda t: t.a["answer"] == t.e["_regions"] and t.e["_regions"] != t.e["answer"]),
        Mistake("That looks like a count of claims (rows of the claims table): count incidents in the timeline table.",
                lambda t: t.a["answer"] == t.e["_claims"]),
        Mistake("One too few: look again down the whole `region` column, Black Sea rows are not all next to each other.",
                lambda t: t.a["answer"] == t.e["answer"] - 1),
        Mistake("One too many: count only the rows whose region is exactly `black_sea`.",
                lambda t: t.a["answer"] == t.e["answer"] + 1),
        Mistake("A count is not negative: count the rows whose region is `black_sea`.", lambda t: t.a["answer"] < 0),
    ],
    hint="Count again the rows of the timeline table (section 3) whose `region` is `black_sea`.",
    praise="Your count matches the rows of data/incidents.csv whose region is black_sea.",
)


def _gap(g):
    from helpers import data, geo

    claims = data.claims(HAINAN).set_index("id")

    def nmi(claim_id, unit=None):
        row = claims.loc[claim_id]
        return geo.convert_length(float(row["value"]), unit or row["unit"], "nmi")

    us, china = nmi(US_DISTANCE), nmi(CHINA_DISTANCE)
    return {"answer": abs(us - china),
            "_unconverted": abs(float(claims.loc[US_DISTANCE, "value"]) - float(claims.loc[CHINA_DISTANCE, "value"])),
            "_in_km": abs(geo.convert_length(us, "nmi", "km") - geo.convert_length(china, "nmi", "km")),
            "_statute_row": abs(nmi(US_DISTANCE_MI) - china),
            "_china_in_mi": abs(float(claims.loc[US_DISTANCE, "value"]) - geo.convert_length(china, "nmi", "mi")),
            "_sum": us + china}


Exercise(
    id="00.2", title="gap between the U.S. and Chinese distances",
    parts={"answer": Number("nmi", tol=0.06, label="the gap")},
    expected=_gap,
    mistakes=[
        Mistake("A gap between two distances is a positive number: subtract the smaller from the larger "
                "(or take `abs(...)`).", lambda t: t.a["answer"] < 0 and t.near("answer", -t.e["answer"])),
        Mistake("It looks like you subtracted kilometres from nautical miles: convert the Chinese figure (km) to nmi "
                "first, e.g. with `geo.convert_length(..., \"km\", \"nmi\")`.",
                lambda t: t.near("answer", t.e["_unconverted"]) or t.near("answer", -t.e["_unconverted"])),
        Mistake("That gap is in kilometres: the question asks for nautical miles (convert both figures to nmi).",
                lambda t: t.near("answer", t.e["_in_km"])),
        Mistake("That uses the statute miles (mi) row of the U.S. side: take the U.S. figure in nautical miles (nmi).",
                lambda t: t.near("answer", t.e["_statute_row"])),
        Mistake("You converted the Chinese figure to statute miles (mi), not nautical miles (nmi): "
                "use `geo.convert_length(..., \"km\", \"nmi\")`.", lambda t: t.near("answer", t.e["_china_in_mi"])),
        Mistake("You added the two distances: the gap is their difference.", lambda t: t.near("answer", t.e["_sum"])),
    ],
    hint="Convert the Chinese figure from km to nmi, then subtract the smaller distance from the larger one; "
         "give the gap in nmi to one decimal.",
    praise="Your gap between the U.S. (nmi) and the Chinese (km, converted) distance claims matches the data, "
           "to one decimal.",
)
