"""Each party's claims side by side, from data/claims.csv, for the instructor guide.

``incidents_of(outline)`` finds the incidents a lesson works with (the incident ids its code
names); ``claims_markdown(incident_ids)`` lists, for each incident, every kind of claim with each
party's words next to the others', with the source's publisher and kind. A kind on which more
than one party spoke comes first: that is where the parties disagree, or talk past each other.
Every text from data is escaped.
"""

from helpers import page
from helpers.classroom import notes

OTHER = "other"
"""The claim kind without a testable meaning (a statement, a date, a context): listed last."""


def incidents_of(outline):
    """The ids of data/incidents.csv that the lesson's code names (in the order of data/incidents.csv)."""
    from helpers import data

    ids = list(data.incidents()["id"])
    return [i for i in ids if i in outline.literals or outline.constants.get("INCIDENT") == i]


def _cell(text):
    return text.replace("|", "&#124;")


def claims_markdown(incident_ids):
    """Markdown: for each incident, its claims grouped by kind, parties side by side."""
    from helpers import data

    if not incident_ids:
        return ("This lesson's code names no incident of data/incidents.csv, so there are no claims to set side "
                "by side; the talking points above are about its method.")
    claims = data.claims()
    incidents = data.incidents().set_index("id")
    lines = []
    for incident_id in incident_ids:
        rows = claims[claims["incident_id"] == incident_id]
        inc = incidents.loc[incident_id]
        parties = list(dict.fromkeys(rows["party"]))
        lines += [f"### {page.escape_markdown(inc['title'])}", "",
                  f"`{incident_id}`, {inc['date_start']:%Y-%m-%d}: {len(rows)} claims by {len(parties)} "
                  f"parties ({'; '.join(page.escape_markdown(p) for p in parties) or 'none'}).", ""]
        if rows.empty:
            lines += ["No claims recorded in data/claims.csv.", ""]
            continue
        kinds = rows.groupby("kind")["party"].nunique().sort_values(ascending=False, kind="stable")
        kinds = kinds[[k for k in kinds.index if k != OTHER] + [k for k in kinds.index if k == OTHER]]
        lines += ["| kind of claim | party | what they said | value | source (publisher, kind) |",
                  "|---|---|---|---|---|"]
        for kind, n_parties in kinds.items():
            label = page.escape_markdown(kind.replace("_", " ")) + (f" ({n_parties} parties)" if n_parties > 1 else "")
            for _, row in rows[rows["kind"] == kind].sort_values("party", kind="stable").iterrows():
                lines.append(f"| {label} | {_cell(page.escape_markdown(row['party']))} | "
                             f"\u201c{_cell(page.escape_markdown(row['quote']))}\u201d | "
                             f"{_cell(notes.claim_value(row))} | {_cell(notes.source_text(row['source_id']))} |")
        lines.append("")
    return "\n".join(lines).rstrip()
