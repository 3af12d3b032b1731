"""Exercises of lesson 10 (Capstone: brief a decision-maker): a one-page assessment with every
required section filled, how many parties made claims about the chosen incident, and how far outside
the territorial sea the kit's reconstructed tracks stayed at their closest (or that it has no track).

Every exercise takes the given ``incident`` (an id in data/incidents.csv), so the lesson works for
any incident an instructor picks, including one added to data/.
"""

import re

from helpers.exercises.answers import Kind, Number, Unreadable, canonical_text
from helpers.exercises.core import Exercise, Mistake

DEFAULT_INCIDENT = "black-sea-2018-01-29"
SECTIONS = ("Situation", "What each party claims", "What the geometry shows", "What remains uncertain",
            "Assessment / recommendation", "Sources")
PLACEHOLDER = "(write here)"
MIN_WORDS = 12  # words a section needs (Sources: one citation is enough)
SOURCES_MIN_WORDS = 3


def template():
    """The assessment template: the six ``## `` headings, each followed by the placeholder text."""
    return "\n\n".join(f"## {name}\n\n{PLACEHOLDER}" for name in SECTIONS) + "\n"


def _heading_key(text):
    return canonical_text(text).replace(" ", "")


def sections_of(text):
    """``{required section name: its text}`` for the ``## `` headings of ``text`` that match a
    required section (case, spacing and punctuation ignored); other headings are kept under their own text."""
    wanted = {_heading_key(name): name for name in SECTIONS}
    found, current = {}, None
    for line in str(text).splitlines():
        match = re.match(r"^\s{0,3}#{1,3}\s+(.*?)\s*#*\s*$", line)
        if match:
            current = wanted.get(_heading_key(match.group(1)), match.group(1))
            found.setdefault(current, "")
        elif current is not None:
            found[current] += line + "\n"
    return found


def _words(text):
    return re.findall(r"[\w'-]+", text.replace(PLACEHOLDER, ""))


class Assessment(Kind):
    """A written assessment: Markdown text with the six required ``## `` sections."""

    label = "the assessment"

    def describe(self):
        return "your assessment as text between triple quotes"

    def read(self, value):
        if hasattr(value, "data") and isinstance(value.data, str):
            value = value.data  # an IPython Markdown object
        if not isinstance(value, str):
            raise Unreadable(f"{self.label}: write it as text between triple quotes, "
                             f"assessment = \"\"\"...\"\"\" (that is a {type(value).__name__}).")
        return sections_of(value)

    def same(self, got, expected):
        return not problems(got, expected)


def problems(sections, needs):
    """What is still wrong with an assessment (``sections`` from ``sections_of``), as short phrases."""
    out = []
    for name in SECTIONS:
        body = sections.get(name)
        if body is None:
            out.append(f"missing: {name}")
        elif PLACEHOLDER in body:
            out.append(f"placeholder: {name}")
        elif len(_words(body)) < (SOURCES_MIN_WORDS if name == "Sources" else MIN_WORDS):
            out.append(f"short: {name}")
    if not out and not _names_a_party(sections["What each party claims"], needs["parties"]):
        out.append("no party")
    if not out and not _cites_a_source(sections["Sources"], needs["sources"]):
        out.append("no source")
    return out


def _names_a_party(text, parties):
    said = canonical_text(text)
    return any(canonical_text(p.split(" (")[0]) in said for p in parties)


def _cites_a_source(text, sources):
    said, plain = canonical_text(text), text.lower()
    return any(canonical_text(s["publisher"]) in said or (s["url"] and s["url"].lower() in plain)
               or s["id"].lower() in plain for s in sources)


def _needs(g):
    from helpers import data

    incident = g["incident"]
    table = data.sources().set_index("id")
    ids = [s for s in data.sources_of(incident) if s in table.index]
    sources = [{"id": s, "publisher": str(table.loc[s, "publisher"]), "url": str(table.loc[s, "url"] or "")}
               for s in ids]
    return {"answer": {"parties": list(dict.fromkeys(data.claims(incident)["party"])), "sources": sources}}


def _has(problem):
    return lambda t: problem in problems(t.a["answer"], t.e["answer"])


_ORDER = "; ".join(f"## {name}" for name in SECTIONS)
_MISTAKES = []
for _name in SECTIONS:
    _MISTAKES.append(Mistake(
        f"The section '## {_name}' is missing (or its heading is spelt differently). Every section starts "
        f"on its own line with '## ' and the heading of the template: {_ORDER}.", _has(f"missing: {_name}")))
for _name in SECTIONS:
    _MISTAKES.append(Mistake(
        f"The section '## {_name}' still holds the template's placeholder text {PLACEHOLDER}: replace it "
        "with your own sentences.", _has(f"placeholder: {_name}")))
for _name in SECTIONS:
    _least = SOURCES_MIN_WORDS if _name == "Sources" else MIN_WORDS
    _MISTAKES.append(Mistake(
        f"The section '## {_name}' is too short to brief anyone: write at least {_least} words "
        f"({'one citation' if _name == 'Sources' else 'two or three sentences'}).", _has(f"short: {_name}")))
_MISTAKES += [
    Mistake("The section 'What each party claims' names no party that made a claim: say who claimed what, "
            "naming each party as the claims table does (e.g. the ministry or command).", _has("no party")),
    Mistake("The Sources section cites none of this incident's sources: copy at least one citation (publisher "
            "and web address) from the lesson's Sources list.", _has("no source")),
]

Exercise(
    id="10.1", title="a one-page assessment",
    parts={"answer": Assessment()},
    widget_parts={"answer": {"rows": 24, "value": template()}},  # the form starts with the template
    givens={"incident": DEFAULT_INCIDENT},
    expected=_needs,
    mistakes=_MISTAKES,
    hint="Copy the template into the triple quotes and write every section in your own words.",
    praise="Every required section is there and filled in, a party is named and a source of this incident is "
           "cited. The check reads structure, not judgement: discuss the content with your instructor.",
)


# --- 10.2: how many parties made claims -------------------------------------------------------------

def _parties(g):
    from helpers import data

    claims = data.claims(g["incident"])
    row = data.incident(g["incident"])
    return {"answer": float(claims["party"].nunique()), "_rows": float(len(claims)),
            "_sources": float(len({s for cell in claims["source_id"] for s in data.source_ids(cell)})),
            "_states": float(len([p for p in str(row["parties"]).split(";") if p.strip()])),
            "_merged": float(claims["party"].str.split(" (", regex=False).str[0].str.strip().nunique()),
            "_kinds": float(claims["kind"].nunique())}


def _is(key):
    return lambda t: t.a["answer"] == t.e[key] != t.e["answer"]


Exercise(
    id="10.2", title="parties that made claims",
    parts={"answer": Number(integer=True, label="the number of parties")},
    givens={"incident": DEFAULT_INCIDENT},
    expected=_parties,
    mistakes=[
        Mistake("That counts the claims (rows of the table), not the parties: one party can make several "
                "claims. Count the different values of the `party` column.", _is("_rows")),
        Mistake("That counts the different sources: one source can report several parties, and one party can "
                "be reported by several sources. Count the different values of `party`.", _is("_sources")),
        Mistake("That counts the states involved (the `parties` column of incidents.csv); the question asks "
                "for the parties that made claims, as data/claims.csv records them.", _is("_states")),
        Mistake("You merged speakers that the data keeps apart (e.g. a ministry and its spokesperson, or a "
                "report 'as reported by' another outlet): each distinct value of `party` counts once.",
                _is("_merged")),
        Mistake("That counts the kinds of claim (the `kind` column), not the parties.", _is("_kinds")),
        Mistake("A count of parties is a whole number of at least one.", lambda t: t.a["answer"] < 1),
    ],
    hint="Take the incident's claims (`data.claims(INCIDENT)`) and count how many different values the "
         "`party` column has.",
    praise="Your count is the number of different parties in data/claims.csv for this incident.",
)


# --- 10.3: how far outside the territorial sea the tracks stayed (from what the kit measures) -----

NO_TRACK = "no track"


class DistanceOrNoTrack(Kind):
    """A distance in nmi, or the words "no track" when the kit has no reconstructed track."""

    label = "the distance"

    def __init__(self, tol=0.05):
        self.tol, self.number = tol, Number("nmi", tol=tol, label="the distance")

    def describe(self):
        return "a number in nmi, or \"no track\""

    def read(self, value):
        if isinstance(value, str) and canonical_text(value) in ("no track", "no tracks", "none", "no"):
            return NO_TRACK
        try:
            return self.number.read(value)
        except Unreadable as err:
            raise Unreadable(f"{err} If the kit has no track for this incident, answer \"no track\".") from None

    def same(self, got, expected):
        if NO_TRACK in (got, expected):
            return got == expected
        return self.number.same(got, expected)


def _beyond_sea(g):
    from helpers import data, geo, limits, measure

    incident = g["incident"]
    none = {"answer": NO_TRACK, "_km": NO_TRACK, "_closest": NO_TRACK, "_claims": [], "_others": [],
            "_reversed": NO_TRACK, "_contiguous": NO_TRACK, "_eez": NO_TRACK, "_over_land": NO_TRACK}
    if incident not in data.incidents_with_tracks():
        return none
    sea, contiguous, eez = (limits.limit_nmi(law_id) for law_id in ("unclos-art3", "unclos-art33-2", "unclos-art57"))
    at_sea = sorted(hit.distance_nmi for hit in measure.closest_to_shore(incident).values() if hit.distance_nmi > 0)
    best = at_sea[0] if at_sea else 0.0
    claims = data.claims(incident)
    claims = claims[(claims["kind"] == "closest_distance") & claims["unit"].isin(["nmi", "km", "mi"])]
    claimed = [float(geo.convert_length(float(r["value"]), r["unit"], "nmi")) - sea for _, r in claims.iterrows()
               if r["value_number"] == r["value_number"]]
    return {"answer": float(best - sea), "_km": float(geo.convert_length(best - sea, "nmi", "km")),
            "_closest": float(best), "_claims": claimed, "_others": [d - sea for d in at_sea[1:]],
            "_reversed": float(sea - best), "_contiguous": float(best - contiguous), "_eez": float(best - eez),
            "_over_land": -float(sea)}


def _number(t):
    return isinstance(t.a["answer"], float)


def _near(t, name, tol=0.05):
    return _number(t) and t.e[name] != NO_TRACK and t.near("answer", t.e[name], tol=tol)


Exercise(
    id="10.3", title="how far outside the territorial sea the tracks stayed",
    parts={"answer": DistanceOrNoTrack()},
    givens={"incident": DEFAULT_INCIDENT},
    expected=_beyond_sea,
    mistakes=[
        Mistake("The kit has no reconstructed track for this incident (see `data.incidents_with_tracks()`): "
                "there is nothing to measure, so answer \"no track\".",
                lambda t: t.e["answer"] == NO_TRACK and _number(t)),
        Mistake("This incident has reconstructed tracks: measure them with `measure.closest_to_shore(INCIDENT)`.",
                lambda t: t.e["answer"] != NO_TRACK and t.a["answer"] == NO_TRACK),
        Mistake("That is the closest distance to the coastline itself: the question asks how far BEYOND the "
                "outer limit of the territorial sea, so subtract its breadth (UNCLOS Art. 3, `limits.limit_nmi`).",
                lambda t: _near(t, "_closest")),
        Mistake("That looks like kilometres: the question asks for nautical miles.", lambda t: _near(t, "_km", tol=0.1)),
        Mistake("That starts from a party's CLAIMED distance in data/claims.csv; the question asks what the kit "
                "MEASURES on the reconstructed tracks.",
                lambda t: _number(t) and any(t.near("answer", c, tol=0.05) for c in t.e["_claims"])),
        Mistake("That is another track's closest approach: take the SMALLEST distance of the tracks that stay "
                "at sea.", lambda t: _number(t) and any(t.near("answer", d, tol=0.05) for d in t.e["_others"])),
        Mistake("A track at 0 nmi starts or ends over land (at its base): leave those out and take the "
                "smallest distance of the tracks that stay at sea.", lambda t: _near(t, "_over_land")),
        Mistake("The subtraction is the wrong way round: distance to the coastline minus the breadth of the "
                "territorial sea (a track outside it gives a positive number).", lambda t: _near(t, "_reversed")),
        Mistake("That subtracts the outer limit of the contiguous zone (Art. 33): the territorial sea ends at the "
                "limit of Art. 3.", lambda t: _near(t, "_contiguous")),
        Mistake("That subtracts the outer limit of the EEZ (Art. 57): the territorial sea ends at the limit of "
                "Art. 3.", lambda t: _near(t, "_eez")),
    ],
    hint="Use `measure.closest_to_shore(INCIDENT)`: each track's `.distance_nmi`; keep those above 0, take the "
         "smallest and subtract the breadth of the territorial sea (`limits.limit_nmi(\"unclos-art3\")`), in nmi "
         "to one decimal (or \"no track\" when the incident has none).",
    praise="Your answer is what the kit measures for this incident: the smallest distance to the coastline of its "
           "reconstructed tracks (built to match the published figures, not observed flights) minus the breadth "
           "of the territorial sea, or that it has none.",
)
