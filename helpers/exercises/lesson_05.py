"""Exercises of lesson 05 (Hainan 2001): whose figure is closer; beyond the territorial sea; the
nearest foreign airfield; the time a turn takes to close a lateral gap."""

from helpers.exercises.answers import Name, Number
from helpers.exercises.core import Exercise, Mistake

HAINAN = "hainan-2001-04-01"
US_NMI = "hainan-2001-04-01-pacom-distance-nmi"
CHINA_KM = "hainan-2001-04-01-mfa-0401-distance"
CHINA_BASELINE = "hainan-2001-04-01-mfa-0403-distance-baseline"
SEPARATION = "hainan-2001-04-01-mnd-separation-400m"
SPEED = "hainan-2001-04-01-osborn-speed"
SPEED_OTHER = "hainan-2001-04-01-speed-180-aviationist"
TURN_DEG = 20.0  # the turn exercise 4 gives, deg (an assumption, sharper than section 4's)
SECTION_4_TURN_DEG = 10.0  # the turn section 4 assumes, deg (its `turn`), whose time is on the page
CLOSER = ["U.S. Pacific Command", "Chinese Foreign Ministry", "they give the same distance"]


def _claim(claim_id):
    from helpers import data

    return data.claims(HAINAN).set_index("id").loc[claim_id]


def _nmi(claim_id):
    from helpers import geo

    row = _claim(claim_id)
    return float(geo.convert_length(float(row["value_number"]), row["unit"], "nmi"))


def _closer(g):
    us, china = _nmi(US_NMI), _nmi(CHINA_KM)
    answer = CLOSER[2] if abs(us - china) < 0.05 else (CLOSER[0] if us < china else CLOSER[1])
    return {"answer": answer}


Exercise(
    id="05.1", title="whose figure is closer to Hainan",
    parts={"answer": Name(CLOSER, aliases={"China": CLOSER[1], "Chinese": CLOSER[1], "PRC": CLOSER[1],
                                          "United States": CLOSER[0], "U.S.": CLOSER[0], "US": CLOSER[0],
                                          "PACOM": CLOSER[0], "US PACOM": CLOSER[0], "the same": CLOSER[2],
                                          "same": CLOSER[2]},
                       label="the party")},
    expected=_closer,
    mistakes=[
        Mistake("The Ministry's figure is in kilometres, and a kilometre is shorter than a nautical mile: convert "
                "it to nautical miles before you compare the two.",
                lambda t: t.a["answer"] == CLOSER[0] and t.e["answer"] == CLOSER[1]),
        Mistake("The two rings are not the same line on the map: convert the Ministry's kilometres to nautical "
                "miles and compare with the Pacific Command's figure.",
                lambda t: t.a["answer"] == CLOSER[2] and t.e["answer"] != CLOSER[2]),
    ],
    hint="Convert both figures to one unit (nautical miles) and take the smaller one.",
    praise="Your answer matches the two governments' figures from data/claims.csv, compared in one unit.",
)


def _beyond(g):
    from helpers import geo, limits

    sea, eez, contiguous = (limits.limit_nmi(law_id) for law_id in ("unclos-art3", "unclos-art57", "unclos-art33-2"))
    row = _claim(CHINA_BASELINE)
    km = float(geo.convert_length(float(row["value_number"]), row["unit"], "km"))
    nmi = float(geo.convert_length(km, "km", "nmi"))
    return {"answer": nmi - sea, "_no_convert": km - sea, "_in_mi": float(geo.convert_length(km, "km", "mi")) - sea,
            "_not_subtracted": nmi, "_eez": nmi - eez, "_km": float(geo.convert_length(nmi - sea, "nmi", "km")),
            "_contiguous": nmi - contiguous}


Exercise(
    id="05.2", title="beyond the territorial sea",
    parts={"answer": Number("nmi", tol=0.1, label="the distance beyond the 12-nmi limit")},
    expected=_beyond,
    mistakes=[
        Mistake("You subtracted nautical miles from a figure in kilometres: convert the Ministry's kilometres to "
                "nautical miles first.",
                lambda t: t.near("answer", t.e["_no_convert"])),
        Mistake("That converts to statute miles (mi), not nautical miles: use `geo.convert_length(..., "
                "\"km\", \"nmi\")`.", lambda t: t.near("answer", t.e["_in_mi"])),
        Mistake("That is the whole distance from the baseline: the question asks how far beyond the 12-nmi "
                "limit, so subtract the breadth of the territorial sea.", lambda t: t.near("answer", t.e["_not_subtracted"])),
        Mistake("A negative number would mean inside the limit: you subtracted the outer limit of the EEZ "
                "(Art. 57); the territorial sea ends at the 12-nmi limit (Art. 3).", lambda t: t.near("answer", t.e["_eez"])),
        Mistake("That is in kilometres: give the distance in nautical miles.", lambda t: t.near("answer", t.e["_km"])),
        Mistake("That subtracts the outer limit of the contiguous zone (Art. 33): the territorial sea ends at "
                "the 12-nmi limit (Art. 3).",
                lambda t: t.near("answer", t.e["_contiguous"])),
    ],
    hint="Convert the Ministry's distance from the baseline to nautical miles, then subtract the breadth of the "
         "territorial sea (UNCLOS Art. 3).",
    praise="Your distance matches the Chinese Foreign Ministry's baseline figure converted to nmi, minus the "
           "breadth of the territorial sea that UNCLOS Art. 3 states.",
)


def _foreign(g):
    from helpers import data, geo, routes

    inc = data.incident(HAINAN)
    table = routes.reach(lat=float(inc["lat"]), lon=float(inc["lon"]), range_nmi=0, kinds=("airbase", "airport"))
    foreign = table[~table["country"].str.startswith("China")]
    nearest = float(foreign["distance_nmi"].iloc[0])
    kadena = float(table.set_index("id").loc["kadena-ab", "distance_nmi"])
    chinese = float(table["distance_nmi"].iloc[0])
    return {"answer": nearest, "_nearest_any": chinese, "_km": float(geo.convert_length(nearest, "nmi", "km")),
            "_mi": float(geo.convert_length(nearest, "nmi", "mi")), "_kadena": kadena}


Exercise(
    id="05.3", title="nearest airfield outside China",
    parts={"answer": Number("nmi", tol=1.0, label="the distance")},
    expected=_foreign,
    mistakes=[
        Mistake("That is the nearest airfield of all, which is Chinese or claimed by China (the disputed Paracel "
                "Islands count as China's here): drop the rows whose country starts with \"China\".",
                lambda t: t.near("answer", t.e["_nearest_any"], tol=1.0)),
        Mistake("That distance is in kilometres: give it in nautical miles.", lambda t: t.near("answer", t.e["_km"])),
        Mistake("That distance is in statute miles: give it in nautical miles.", lambda t: t.near("answer", t.e["_mi"])),
        Mistake("That is Kadena, the flight's own base in Japan: is there a foreign airfield nearer?",
                lambda t: t.near("answer", t.e["_kadena"], tol=1.0)),
    ],
    hint="List every airfield with `routes.reach(...)`, keep the rows whose country does not start with \"China\", "
         "and take the first distance (in nmi).",
    praise="Your distance matches the nearest non-Chinese airfield of data/bases.csv, from the kit's event point.",
)


def _close_time(g):
    import math

    from helpers import geo

    sep, speed, other = _claim(SEPARATION), _claim(SPEED), _claim(SPEED_OTHER)
    d_m = float(geo.convert_length(float(sep["value_number"]), sep["unit"], "m"))
    v_ms = float(geo.kt_to_ms(geo.convert_speed(float(speed["value_number"]), speed["unit"], "kt")))
    v_kt = float(geo.convert_speed(float(speed["value_number"]), speed["unit"], "kt"))
    angle = float(g["turn_deg"])
    s = math.sin(math.radians(angle))
    return {"answer": d_m / (v_ms * s), "_degrees_to_sin": d_m / (v_ms * math.sin(angle)),
            "_knots": d_m / (v_kt * s), "_cos": d_m / (v_ms * math.cos(math.radians(angle))),
            "_tan": d_m / (v_ms * math.tan(math.radians(angle))), "_minutes": d_m / (v_ms * s) / 60.0,
            "_other_speed": d_m / (float(geo.kt_to_ms(float(other["value_number"]))) * s),
            "_section_4": d_m / (v_ms * math.sin(math.radians(SECTION_4_TURN_DEG))),
            "_halved": d_m / (v_ms * math.sin(math.radians(SECTION_4_TURN_DEG))) * SECTION_4_TURN_DEG / angle}


Exercise(
    id="05.4", title="time to close a lateral gap",
    parts={"answer": Number("s", rel=0.005, label="the time")},
    expected=_close_time,
    givens={"turn_deg": TURN_DEG},
    mistakes=[
        Mistake(f"`np.sin` takes radians: write `np.sin(np.radians({TURN_DEG:g}))`, not `np.sin({TURN_DEG:g})`.",
                lambda t: t.near("answer", t.e["_degrees_to_sin"]) or t.near("answer", -t.e["_degrees_to_sin"])),
        Mistake("Metres divided by knots is not seconds: convert the speed to metres per second with `geo.kt_to_ms`.",
                lambda t: t.near("answer", t.e["_knots"])),
        Mistake("The speed towards the other track is the component across the old course, v sin(theta), "
                "not v cos(theta).", lambda t: t.near("answer", t.e["_cos"])),
        Mistake("Close, but tan(theta) is not the sideways share of the velocity: use v sin(theta).",
                lambda t: t.near("answer", t.e["_tan"], rel=0.001)),
        Mistake("That looks like minutes: the question asks for seconds.", lambda t: t.near("answer", t.e["_minutes"])),
        Mistake("Take the speed of the claim hainan-2001-04-01-osborn-speed (the pilot's figure), not another source's.",
                lambda t: t.near("answer", t.e["_other_speed"], rel=0.002)),
        Mistake(f"That is section 4's time, for its turn of {SECTION_4_TURN_DEG:g} degrees: the exercise gives a turn of "
                f"{TURN_DEG:g} degrees.", lambda t: t.near("answer", t.e["_section_4"])),
        Mistake("The time is not inversely proportional to the angle: it goes with 1 / sin(theta), and sin(20 deg) "
                "is not twice sin(10 deg). Compute it with the formula.", lambda t: t.near("answer", t.e["_halved"])),
    ],
    hint="t = d / (v sin(theta)) with d in metres (the Defence Ministry's separation), v in metres per second "
         "(the pilot's speed, converted with `geo.kt_to_ms`) and theta, the turn, in radians.",
    praise="Your time matches d / (v sin(theta)) for the Defence Ministry's separation, the pilot's speed and "
           "the turn the exercise gives.",
)
