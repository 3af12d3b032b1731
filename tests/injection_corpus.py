"""The injection corpus: a copy of data/ whose every text field that reaches a page carries
template, HTML, script and URL payloads, and a renderer that draws every page from it.

Used by tests/test_injection.py (the rendered HTML and Markdown) and by
tests/browser/test_browser_injection.py (the same pages in Chromium and lessons in JupyterLab).

Each payload is tagged so that a test can tell a payload that RAN from one shown as text:
``AE{{7*7}}AE`` becomes ``AE49AE`` only if a template evaluated it; the Jinja payload
``MAKEDIRS`` creates a folder named ``ae_pwned_folder`` in the working directory only if it ran;
script payloads set ``top.__pwned`` and open an ``alert`` only if they ran.
"""

import csv
import json
import os
import pathlib
import shutil
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
PWNED_FOLDER = "ae_pwned_folder"
MAKEDIRS = ("{{ lipsum.__globals__.os.makedirs(lipsum.__globals__.os.getcwd() ~ lipsum.__globals__.os.sep ~ "
            "(dict(" + PWNED_FOLDER + "=1)|first)) }}")

# Every vector, without ';' (some fields are ';'-separated lists) and without a leading or
# trailing blank (the validator rejects those).
VECTORS = [
    "AE{{7*7}}AE",                                       # Jinja expression: 49 if evaluated
    "{% if true %}AEJINJA{% endif %}",                   # Jinja statement
    "{# AECOMMENT #}",                                   # Jinja comment: vanishes if evaluated
    MAKEDIRS,                                            # Jinja reaching os (the payload)
    "`AEtick`",                                          # backtick: ends a template literal
    "</script><script>top.__pwned='script'</script>",    # breaks out of the page script
    "<img src=x onerror=\"top.__pwned='img'\">",         # HTML that runs on error
    "\"><svg onload=\"top.__pwned='svg'\">",             # breaks out of an attribute
    "javascript:alert('AE-js')",                         # a script address as text
    "AE\\back\\slash",                                   # backslash
    # last, so that the math typesetter's $...$ cannot hide the HTML vectors above from a test
    "${alert('AE-tl')}",                                 # JavaScript template literal
    "$\\href{javascript:alert(1)}{AEmath}$ \\(AE\\)",    # math typesetting
]
PAYLOAD = " ".join(VECTORS)

# URLs that pass page.is_safe_url although they look odd: they must be shown, and linked, inertly.
ODD_SAFE_URL = "https://x.example/AE{{7*7}}AE/${alert(1)}/{%raw%}/(a)*b*_c_|d|"

# URLs the validator must REJECT (each one a separate case).
BAD_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://x.example/\"><img/src=x/onerror=alert(1)>",
    "https://x.example/'onmouseover='alert(1)",
    "https://x.example/<script>alert(1)</script>",
    "https://x.example/a b",
    "https://x.example/a\tb",
    "https://x.example/a\u0000b",
    "https://x.example/a\u202eb",
    "https://x.example/a\\b",
    "https://x.example/`a`",
    "https:///no-host",
    "ftp://x.example/file",
    "//x.example/relative",
    "x.example",
]


def tagged(field):
    """The text put in ``field`` (e.g. ``incidents.title``): its name, then every vector."""
    return f"AE[{field}] {PAYLOAD}"


def _rewrite_csv(path, change):
    """Apply ``change(row)`` (in place) to every row of a CSV file."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        change(row)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _set(row, field, table, only_if_present=True):
    if field in row and (row[field] or not only_if_present):
        row[field] = f"{row[field]} {tagged(f'{table}.{field}')}".lstrip()  # appended: lessons still parse it


# Free-text fields no lesson uses as a key: safe to inject for a whole lesson run.
LESSON_FIELDS = {
    "incidents.csv": ["title", "summary", "location_note", "outcome", "parties"],
    "sources.csv": ["publisher", "title"],
    "bases.csv": ["name"],
    "law.csv": ["text"],
    "claims.csv": ["quote"],
    "treaties.csv": ["text"],
    "waypoints.csv": ["basis"],
}
# Everything that reaches a map or a widget, including names other files refer to.
MAP_FIELDS = {
    **LESSON_FIELDS,
    "bases.csv": ["name", "country"],
    "law.csv": ["instrument", "article", "text"],
    "claims.csv": ["quote", "party"],
    "aircraft.csv": ["name", "role", "country"],
    "treaties.csv": ["treaty", "party", "text"],
    "waypoints.csv": ["name", "basis"],
}


def make_copy(dest, *, lesson_safe=False, source=None):
    """Copy the data folder (``source`` or the repository's data/) to ``dest`` and inject the
    payloads. ``lesson_safe=True`` touches only ``LESSON_FIELDS``; otherwise also track names,
    track parties, aircraft types (renamed everywhere they are referred to), zone titles and
    every source's web address (``ODD_SAFE_URL``). Returns ``dest``."""
    dest = pathlib.Path(dest)
    shutil.copytree(source or REPO / "data", dest)
    for name, fields in (LESSON_FIELDS if lesson_safe else MAP_FIELDS).items():
        if (dest / name).exists():
            table = name.removesuffix(".csv")
            _rewrite_csv(dest / name, lambda row, t=table, fs=fields: [_set(row, f, t) for f in fs])
    if lesson_safe:
        return dest
    _rewrite_csv(dest / "sources.csv", lambda row: row.update(url=ODD_SAFE_URL))
    _inject_tracks(dest)
    for path in (dest / "zones").glob("*.geojson"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for feature in doc["features"]:
            if "title" in feature.get("properties", {}):
                feature["properties"]["title"] = tagged("zones.title")
        path.write_text(json.dumps(doc), encoding="utf-8")
    return dest


def _inject_tracks(dest):
    """Track names (also in tracks/constraints.csv), parties, and aircraft types (also in
    aircraft.csv and incidents.csv) get payloads, consistently in every file that names them."""
    files = [p for p in (dest / "tracks").glob("*.csv") if p.name != "constraints.csv"]
    names, types = {}, {}
    for path in files:
        with open(path, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                names.setdefault(row["track"], f"{row['track']} {tagged('tracks.track')}")
                for t in row["aircraft"].split(";"):
                    types.setdefault(t, f"{t} {tagged('aircraft.type')}")

    def track_row(row):
        row["track"] = names[row["track"]]
        row["aircraft"] = ";".join(types[t] for t in row["aircraft"].split(";"))
        row["party"] = tagged("tracks.party")

    for path in files:
        _rewrite_csv(path, track_row)

    def constraint_row(row):
        for col in ("track", "other_track"):
            if row.get(col):
                row[col] = names.get(row[col], row[col])

    if (dest / "tracks" / "constraints.csv").exists():
        _rewrite_csv(dest / "tracks" / "constraints.csv", constraint_row)

    def ids_row(col):
        def change(row):
            if row.get(col):
                row[col] = ";".join(types.get(t, t) for t in row[col].split(";"))
        return change

    _rewrite_csv(dest / "aircraft.csv", ids_row("type"))
    _rewrite_csv(dest / "incidents.csv", ids_row("aircraft"))


# --- rendering every page from a data folder (run in a fresh interpreter) -------------------------

def _widget_html(widget):
    """The HTML strings of every ipywidgets HTML inside ``widget`` (depth first)."""
    import ipywidgets as w

    out = []
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        out.append(widget.value)
    for child in getattr(widget, "children", ()):
        out += _widget_html(child)
    return out


def render_all(out_dir):
    """Render every page the kit draws from data (maps, widgets, Markdown) into ``out_dir``:
    ``maps/<incident>.html``, ``maps/overview.html``, ``widgets.json`` ({name: [html, ...]}) and
    ``markdown.json`` ({name: markdown text}). Reads the folder in $AIR_ENCOUNTERS_DATA."""
    from helpers import data, maps, page, widgets

    out = pathlib.Path(out_dir)
    (out / "maps").mkdir(parents=True, exist_ok=True)
    incidents = data.incidents()
    for iid in incidents["id"]:
        (out / "maps" / f"{iid}.html").write_text(maps.map_html(maps.incident_map(iid)), encoding="utf-8")
    (out / "maps" / "overview.html").write_text(maps.map_html(maps.overview_map()), encoding="utf-8")

    shown = {}
    for iid in data.incidents_with_tracks():
        explorer = widgets.track_explorer(iid)
        html = _widget_html(explorer)
        explorer.slider.value = explorer.slider.max // 2  # a position where every track has a fix
        shown[f"track_explorer:{iid}"] = html + _widget_html(explorer)
    for iid in sorted(set(data.claims()["incident_id"])):
        shown[f"claims_table:{iid}"] = _widget_html(widgets.claims_table(iid))
    shown["intercept_planner"] = _widget_html(widgets.intercept_planner())
    shown["zone_explorer"] = _widget_html(widgets.zone_explorer())
    for name, make in (("reach_explorer", lambda: widgets.reach_explorer(incidents["id"].iloc[0])),
                       ("route_planner", lambda: widgets.route_planner())):
        if hasattr(widgets, name):
            shown[name] = _widget_html(make())
    (out / "widgets.json").write_text(json.dumps(shown), encoding="utf-8")

    md = {"sources_markdown": data.sources_markdown(list(data.sources()["id"]))}
    for _, inc in incidents.iterrows():  # lesson 04's summary cell, on every incident
        md[f"incident:{inc['id']}"] = page.md_text(
            "**{title}** ({date:%d %B %Y}). Aircraft: {aircraft}. Parties: {parties}.\n\n{summary}",
            title=inc["title"], date=inc["date_start"], aircraft=inc["aircraft"].replace(";", ", "),
            parties=inc["parties"].replace(";", ", "), summary=inc["summary"])
    for _, row in data.law().iterrows():  # lesson 01's law cell
        md[f"law:{row['id']}"] = page.md_text("**{instrument}, {article}**\n\n> {text}", instrument=row["instrument"],
                                              article=row["article"], text=row["text"])
    (out / "markdown.json").write_text(json.dumps(md), encoding="utf-8")
    return out


def render_in_subprocess(data_dir, out_dir, cwd, timeout=600):
    """Run ``render_all`` in a fresh interpreter reading ``data_dir``, working directory ``cwd``
    (where a Jinja payload that ran would create its folder). Raises with its stderr on failure."""
    env = {k: v for k, v in os.environ.items() if k != "AIR_ENCOUNTERS_DATA"}
    env["AIR_ENCOUNTERS_DATA"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "tests"), *filter(None, [env.get("PYTHONPATH")])])
    code = "import sys, injection_corpus; injection_corpus.render_all(sys.argv[1])"
    proc = subprocess.run([sys.executable, "-c", code, str(out_dir)], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"rendering the injected data failed:\n{proc.stderr[-4000:]}")
    return pathlib.Path(out_dir)
