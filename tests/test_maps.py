"""Tests of ``helpers.maps`` without a browser: the folium object tree and the rendered HTML of
every incident map and the overview map, escaping of text from ``data/``, offline mode, the
antimeridian, sizes, and the matplotlib fallback.

Building a map can take seconds (the closest approach to shore is measured on the fine
coastline), so each map is built once per module and shared by the tests (``_built``).
"""

import csv
import html
import os
import pathlib
import re
import shutil
import subprocess
import sys
from functools import cache, lru_cache

import matplotlib

matplotlib.use("Agg")

import folium  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import data, geo, maps, measure  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parent.parent
INCIDENTS = list(data.incidents()["id"])
MAX_HTML_BYTES = 300_000
COAST_LAYER = "Coastline (GSHHG)"
LIMIT_LAYER = "12-nmi limit (approx.)"
URL = re.compile(r"https?://[^\s<>\"']+")
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "${alert(3)}", "`", "\\"]


TRACKED = [i for i in INCIDENTS if i in data.incidents_with_tracks()]


@cache
def _built(incident_id, **kwargs):
    """(folium map, rendered HTML) of an incident, built once per test session."""
    fmap = maps.incident_map(incident_id, **kwargs)
    return fmap, maps.map_html(fmap)


@lru_cache(maxsize=1)
def _overview():
    fmap = maps.overview_map()
    return fmap, maps.map_html(fmap)


# --- helpers to read the folium object tree --------------------------------------------------

def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _top(fmap, cls):
    return [c for c in fmap._children.values() if isinstance(c, cls)]


def _group(fmap, name):
    """The top-level FeatureGroup called ``name`` (or None)."""
    found = [g for g in _top(fmap, folium.FeatureGroup) if g.layer_name == name]
    assert len(found) <= 1, f"two layers called {name!r}"
    return found[0] if found else None


def _children(element, cls):
    return [c for c in element._children.values() if isinstance(c, cls)]


def _popup_text(marker):
    popups = _children(marker, folium.Popup)
    assert len(popups) == 1, f"expected one popup on {marker.get_name()}"
    return "".join(getattr(c, "data", "") or c.render() for c in popups[0].html._children.values())


def _tooltip_text(element):
    return "".join(t.text for t in _children(element, folium.Tooltip))


def _legend_html(fmap):
    blocks = [c.render() for c in fmap.get_root().html._children.values()]
    found = [b for b in blocks if "ae-legend" in b]
    assert len(found) == 1, "expected exactly one legend"
    return found[0]


def _geojson_rings(geometry):
    """Every ring or line (a list of (lon, lat)) of a GeoJSON geometry dict."""
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        return [list(r) for r in coords]
    if kind == "MultiPolygon":
        return [list(r) for poly in coords for r in poly]
    if kind == "LineString":
        return [list(coords)]
    if kind == "MultiLineString":
        return [list(line) for line in coords]
    if kind == "GeometryCollection":
        return [r for g in geometry["geometries"] for r in _geojson_rings(g)]
    return []


def _features(geojson):
    doc = geojson.data
    return doc["features"] if doc.get("type") == "FeatureCollection" else [doc]


def _rings_of(geojson):
    return [r for f in _features(geojson) for r in _geojson_rings(f["geometry"])]


def _lon_close(a, b, tol=1e-4):
    """Equal longitudes, allowing a whole number of turns (maps draw continuous longitudes)."""
    return abs((a - b + 180.0) % 360.0 - 180.0) <= tol


# --- escaping --------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_text_makes_payload_inert(payload):
    out = maps.escape_text(payload)
    assert "<" not in out and ">" not in out
    assert "${" not in out
    assert "`" not in out
    assert "\\" not in out
    # still the same text for the reader once the browser decodes the entities
    assert html.unescape(out) == payload


def test_escape_text_all_payloads_together_and_none():
    text = " ".join(PAYLOADS) + " \"quoted\" 'single' & amp"
    out = maps.escape_text(text)
    assert not any(ch in out for ch in "<>`\\\"'")
    assert "${" not in out
    assert html.unescape(out) == text
    assert maps.escape_text(None) == ""
    assert maps.escape_text(12.5) == "12.5"


def test_party_style_distinct_and_fallback():
    seen = set()
    for party in ("United States", "Russia", "China", "South Korea"):
        s = maps.party_style(party)
        assert s["color"].startswith("#") and s["label"].startswith(party)
        seen.add((s["color"], s["dash_array"]))
    assert len(seen) == 4, "each party needs its own colour and line style"
    assert maps.party_style("Soviet Union")["dash_array"] == maps.party_style("Russia")["dash_array"]
    assert maps.party_style("Atlantis") == maps.OTHER_STYLE


# --- every incident map ------------------------------------------------------------------------

@pytest.mark.parametrize("incident_id", INCIDENTS)
def test_incident_map_layers(incident_id):
    fmap, page = _built(incident_id)
    inc = data.incident(incident_id)

    # coastline, drawn from data/ so the map reads without tiles
    coast = [g for g in _top(fmap, folium.GeoJson) if g.layer_name == COAST_LAYER]
    assert len(coast) == 1, f"{incident_id}: no coastline layer"
    assert sum(len(r) for r in _rings_of(coast[0])) > 3

    # 12-nmi limit where the region has a precomputed one
    limit_group = _group(fmap, LIMIT_LAYER)
    if (data.DATA_DIR / "coastlines" / f"{inc['region']}.limit12.geojson").exists():
        assert limit_group is not None
        limits = _children(limit_group, folium.GeoJson)
        assert len(limits) == 1 and _rings_of(limits[0]), f"{incident_id}: 12-nmi limit not drawn"
        assert "12 nmi from the coastline" in _tooltip_text(limits[0])

    # one closest-approach line per track, tracks drawn as below
    closest = _group(fmap, "Closest approach to shore")
    if incident_id in TRACKED:
        assert closest is not None
        lines = _children(closest, folium.PolyLine)
        hits = measure.closest_to_shore(incident_id)
        assert len(lines) == len(hits) == len(data.track_names(incident_id))
        for line, hit in zip(lines, hits.values(), strict=True):
            (lat1, lon1), (lat2, lon2) = line.locations
            assert (lat1, lat2) == pytest.approx((hit.on_track.lat, hit.on_coast.lat), abs=1e-9)
            assert _lon_close(lon1, hit.on_track.lon, 1e-9) and _lon_close(lon2, hit.on_coast.lon, 1e-9)
            assert f"{hit.distance_nmi:.1f} nmi" in _tooltip_text(line)
    else:
        assert closest is None

    # event marker with a popup citing a source URL
    event = _group(fmap, "Event (approximate)")
    markers = _children(event, folium.CircleMarker)
    assert len(markers) == 1
    assert markers[0].location == pytest.approx([float(inc["lat"]), float(inc["lon"])])
    popup = _popup_text(markers[0])
    urls = [data.sources().set_index("id").loc[s, "url"] for s in inc["source_ids"].split(";") if s.strip()]
    assert any(maps.escape_text(u) in popup for u in urls), f"{incident_id}: popup cites no source URL"
    assert URL.search(popup)
    assert maps.escape_text(inc["title"]) in popup
    assert maps.escape_text(inc["summary"]) in popup
    assert maps.escape_text(inc["location_note"]) in popup

    # bases: every base inside the view (longitude brought into the view's frame), each cited
    west, south, east, north = maps.view_box(incident_id)
    expected = []
    for _, b in data.bases().iterrows():
        lon = float(b["lon"]) + round(((west + east) / 2 - float(b["lon"])) / 360.0) * 360.0
        if south <= b["lat"] <= north and west <= lon <= east:
            expected.append((round(float(b["lat"]), 6), round(lon, 6)))
    base_group = _group(fmap, "Bases and places")
    assert base_group is not None
    drawn = _children(base_group, folium.CircleMarker)
    assert sorted((round(m.location[0], 6), round(m.location[1], 6)) for m in drawn) == sorted(expected)
    for m in drawn:
        assert "Source: " in _popup_text(m)

    # layer control and legend
    assert len(_top(fmap, folium.LayerControl)) == 1
    legend = _legend_html(fmap)
    assert maps.escape_text(inc["title"]) in legend
    assert COAST_LAYER in legend
    assert 'class="ae-legend"' in page and "L.control.layers" in page


@pytest.mark.parametrize("incident_id", TRACKED)
def test_tracks_are_polylines_styled_by_party_in_lat_lon_order(incident_id):
    fmap, page = _built(incident_id)
    legend = _legend_html(fmap)
    for name, trk in data.tracks(incident_id).items():
        group = _group(fmap, maps.escape_text(f"Track: {name}"))
        assert group is not None, f"no layer for track {name!r}"
        (line,) = _children(group, folium.PolyLine)
        style = maps.party_style(trk["party"].iloc[0])
        assert line.options["color"] == style["color"]
        assert line.options.get("dashArray") == style["dash_array"]
        assert maps.escape_text(style["label"]) in legend
        locs = line.locations
        # drawn simplified (maps.TRACK_DRAW_TOLERANCE_DEG): a subset of the fixes, ends kept
        assert 2 <= len(locs) <= len(trk)
        fixes = {(round(a, 4), round(o % 360, 4)) for a, o in zip(trk["lat"], trk["lon"])}
        for lat_d, lon_d in locs:
            assert (round(lat_d, 4), round(lon_d % 360, 4)) in fixes, f"{name}: drawn point {lat_d, lon_d} is not a fix"
        # the first and last fixes: folium takes [lat, lon]
        for k, drawn in ((0, locs[0]), (len(trk) - 1, locs[-1])):
            lat, lon = float(trk["lat"].iloc[k]), float(trk["lon"].iloc[k])
            assert abs(drawn[0] - lat) <= 1e-4, f"{name} fix {k}: first coordinate is not the latitude"
            assert _lon_close(drawn[1], lon), f"{name} fix {k}: second coordinate is not the longitude"
            assert not (abs(drawn[0] - lon) <= 1e-4 and abs(lat - lon) > 1e-4)
        # and the same order in the page the browser gets
        lat0, lon0 = locs[0]
        assert re.search(rf"\[\s*{re.escape(repr(float(lat0)))}\s*,\s*{re.escape(repr(float(lon0)))}\s*\]", page)


@pytest.mark.parametrize("incident_id", INCIDENTS)
def test_fit_bounds_contain_incident_and_tracks(incident_id):
    fmap, _ = _built(incident_id)
    inc = data.incident(incident_id)
    bounds = _top(fmap, folium.FitBounds)
    assert bounds
    (south, west), (north, east) = bounds[-1].bounds  # the last one is where the map opens
    assert -90 <= south < north <= 90, "fit bounds are not [[south, west], [north, east]]"
    assert west < east
    assert south <= float(inc["lat"]) <= north
    assert west <= float(inc["lon"]) <= east
    if incident_id in TRACKED:
        for trk in data.tracks(incident_id).values():
            lon = geo.unwrap_lon(trk["lon"].to_numpy())
            assert south <= trk["lat"].min() and trk["lat"].max() <= north
            assert west <= lon.min() and lon.max() <= east


@pytest.mark.parametrize("incident_id", INCIDENTS)
def test_popups_and_tooltips_escaped(incident_id):
    fmap, _ = _built(incident_id)
    texts = []
    for el in _walk(fmap):
        if isinstance(el, folium.Popup):
            texts += [getattr(c, "data", "") for c in el.html._children.values()]
        elif isinstance(el, folium.Tooltip):
            texts.append(el.text)
    assert texts
    for t in texts:
        assert "`" not in t and "${" not in t and "\\" not in t
        # the only tags are the kit's own formatting
        assert set(re.findall(r"</?([a-zA-Z0-9]+)", t)) <= {"b", "br", "i", "div"}, t
    inc = data.incident(incident_id)
    if any(q in inc["summary"] for q in "\"'"):
        popup = _popup_text(_children(_group(fmap, "Event (approximate)"), folium.CircleMarker)[0])
        assert maps.escape_text(inc["summary"]) in popup
        assert inc["summary"] not in popup


def test_quotes_in_real_summary_are_escaped():
    # hainan-2001-04-01's summary quotes the U.S. letter ("very sorry")
    fmap, page = _built("hainan-2001-04-01")
    assert '"very sorry"' in data.incident("hainan-2001-04-01")["summary"]
    assert "&quot;very sorry&quot;" in page
    assert '"very sorry"' not in page


def test_map_sizes_within_target(capsys):
    rows = []
    for incident_id in INCIDENTS:
        rows.append((incident_id, len(_built(incident_id)[1].encode("utf-8"))))
    rows.append(("(overview)", len(_overview()[1].encode("utf-8"))))
    rows.append(("black-sea-2018-01-29 offline", len(_built("black-sea-2018-01-29", offline=True)[1].encode("utf-8"))))
    with capsys.disabled():
        print("\nmap HTML sizes:")
        for name, size in rows:
            print(f"  {name:40s} {size / 1024:7.1f} KB")
    too_big = [(n, s) for n, s in rows if s > MAX_HTML_BYTES]
    assert not too_big, f"maps over {MAX_HTML_BYTES} bytes: {too_big}"


# --- antimeridian --------------------------------------------------------------------------------

@pytest.mark.parametrize("incident_id", ["alaska-2020-06-10", "kal007-1983-09-01"])
def test_no_line_jumps_across_the_antimeridian(incident_id):
    fmap, _ = _built(incident_id)
    lines = [el for el in _walk(fmap) if isinstance(el, folium.PolyLine)]
    if incident_id in TRACKED:
        assert lines
    for line in lines:
        lons = np.array([p[1] for p in line.locations], float)
        assert np.all(np.abs(np.diff(lons)) <= 180), f"{incident_id}: a line jumps across the map"
    west, _, east, _ = maps.padded_view(maps.view_box(incident_id))
    for gj in (el for el in _walk(fmap) if isinstance(el, folium.GeoJson)):
        for ring in _rings_of(gj):
            lons = np.array([p[0] for p in ring], float)
            assert np.all(np.abs(np.diff(lons)) <= 180)
            assert west - 1e-3 <= lons.min() and lons.max() <= east + 1e-3, "geometry not in the view's frame"
    # markers in the same longitude frame as the view
    for el in _walk(fmap):
        if isinstance(el, (folium.CircleMarker, folium.Marker)) and getattr(el, "location", None):
            assert west <= el.location[1] <= east


# --- overview ---------------------------------------------------------------------------------------

def test_overview_map():
    fmap, page = _overview()
    coast = [g for g in _top(fmap, folium.GeoJson) if g.layer_name.startswith("Coastline")]
    assert len(coast) == 1 and _rings_of(coast[0])
    group = _group(fmap, "Incidents")
    markers = _children(group, folium.CircleMarker)
    frame = data.incidents()
    assert len(markers) == len(frame)
    for marker, (_, inc) in zip(markers, frame.iterrows(), strict=True):
        assert marker.location == pytest.approx([float(inc["lat"]), float(inc["lon"])])
        popup = _popup_text(marker)
        assert maps.escape_text(inc["title"]) in popup
        assert URL.search(popup), f"{inc['id']}: overview popup cites no URL"
    assert len(_top(fmap, folium.LayerControl)) == 1
    assert len(page.encode("utf-8")) <= MAX_HTML_BYTES


# --- offline mode and tiles=None -----------------------------------------------------------------

def test_offline_map_needs_no_cdn():
    import xstatic.pkg.leaflet as xleaflet

    fmap, page = _built("black-sea-2018-01-29", offline=True)
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//", page, re.I)
    assert "L.map(" in page
    assert f'version="{xleaflet.VERSION}"' in page.replace(" ", ""), "Leaflet is not inlined"
    assert "leaflet-container" in page  # leaflet.css inlined too
    # still readable without tiles: the coastline is drawn from data/, no tile layer at all
    assert not _top(fmap, folium.TileLayer) and "L.tileLayer" not in page
    assert [g for g in _top(fmap, folium.GeoJson) if g.layer_name == COAST_LAYER]
    assert COAST_LAYER in page
    assert _group(fmap, LIMIT_LAYER) is not None and _group(fmap, "Event (approximate)") is not None
    # folium's popups are built with jQuery's $(`<div>...`)[0]; jQuery lives on a CDN, so the page
    # must define $ itself, else the first popup throws and the rest of the map is never drawn
    if "$(`" in page:
        assert re.search(r"window\.\$\s*=", page), "popups call $() but the offline page does not define it"


def test_tiles_none_gives_no_tile_layer():
    fmap, page = _built("black-sea-2018-01-29", tiles=None)
    assert not _top(fmap, folium.TileLayer)
    assert "L.tileLayer" not in page
    assert [g for g in _top(fmap, folium.GeoJson) if g.layer_name == COAST_LAYER]
    default_fmap, default_page = _built("black-sea-2018-01-29")
    assert _top(default_fmap, folium.TileLayer) and "L.tileLayer" in default_page


# --- end to end: hostile text in data/ ------------------------------------------------------------

E2E_INCIDENT = "black-sea-2017-11-25"
TITLE = "Title <script>alert(1)</script> `tick` back\\slash"
SUMMARY = "Summary <img src=x onerror=alert(2)> and ${alert(3)} end"
NOTE = "Note ${alert(3)} `tick` back\\slash <script>alert(1)</script>"
BASE_NAME = "Base <script>alert(1)</script> <img src=x onerror=alert(2)> ${alert(3)}"


def _rewrite_csv(path, key, changes):
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    hit = [r for r in rows if r["id"] == key]
    assert len(hit) == 1
    hit[0].update(changes)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def test_hostile_text_in_data_renders_inert(tmp_path):
    west, south, east, north = maps.view_box(E2E_INCIDENT)
    bases = data.bases()
    in_view = bases[(bases["lat"].between(south, north)) & (bases["lon"].between(west, east))]
    assert len(in_view), "the chosen incident needs a base on its map"
    base_id = in_view["id"].iloc[0]

    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    _rewrite_csv(folder / "incidents.csv", E2E_INCIDENT, {"title": TITLE, "summary": SUMMARY, "location_note": NOTE})
    _rewrite_csv(folder / "bases.csv", base_id, {"name": BASE_NAME})

    out = tmp_path / "map.html"
    code = (
        "import sys\n"
        "from helpers import data, maps\n"
        f"assert str(data.DATA_DIR) == {str(folder)!r}, data.DATA_DIR\n"
        f"inc = data.incident({E2E_INCIDENT!r})\n"
        f"assert inc['title'] == {TITLE!r}, inc['title']\n"
        f"assert data.base({base_id!r})['name'] == {BASE_NAME!r}\n"
        f"page = maps.map_html(maps.incident_map({E2E_INCIDENT!r}))\n"
        f"page += maps.map_html(maps.overview_map())\n"
        f"open({str(out)!r}, 'w', encoding='utf-8').write(page)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "AIR_ENCOUNTERS_DATA"}
    env["AIR_ENCOUNTERS_DATA"] = str(folder)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")

    # none of the live payloads...
    assert "<script>alert(1)" not in page
    assert "<img src=x onerror=alert(2)>" not in page
    assert not re.search(r"<img[^>]*onerror", page, re.I)
    assert "${alert(3)}" not in page
    assert "`tick`" not in page and "back\\slash" not in page
    # (the words "onerror=alert(2)" do remain, as inert text inside "&lt;img ... &gt;": '=' is
    # harmless outside a tag, and the tag itself can no longer open)
    # ...but all of them as text the reader sees
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&#36;&#123;alert(3)&#125;" in page  # braces escaped too: no Jinja delimiter survives
    assert "&#96;tick&#96;" in page and "back&#92;slash" in page
    for text in (TITLE, SUMMARY, NOTE, BASE_NAME):
        assert maps.escape_text(text) in page, f"{text!r} missing from the page"


# --- static fallback ------------------------------------------------------------------------------

@pytest.mark.parametrize("incident_id", INCIDENTS)
def test_static_map(incident_id):
    fig = maps.static_map(incident_id)
    try:
        assert isinstance(fig, Figure)
        assert isinstance(fig.alt_text, str) and fig.alt_text.strip()
        inc = data.incident(incident_id)
        assert inc["title"] in fig.alt_text
        if incident_id in TRACKED:
            for name, hit in measure.closest_to_shore(incident_id).items():
                said = f"{hit.distance_nmi:.1f} nmi" if hit.distance_nmi > 0 else "starts or ends over land"
                assert f"'{name}'" in fig.alt_text and said in fig.alt_text, (name, said, fig.alt_text)
        ax = fig.axes[0]
        assert ax.get_title() == inc["title"]
        west, south, east, north = maps.view_box(incident_id)
        assert ax.get_xlim() == pytest.approx((west, east)) and ax.get_ylim() == pytest.approx((south, north))
    finally:
        plt.close(fig)
    assert not plt.fignum_exists(fig.number)


def test_mercator_chart_draws_each_route_with_projector_fonts():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import geo

    route = dict(lat1=61.17, lon1=-149.99, lat2=37.56, lon2=126.79)
    gc, rl = geo.great_circle_points(**route, n=50), geo.rhumb_line_points(**route, n=50)
    fig = maps.mercator_chart([(gc, "great circle", "-"), (rl, "rhumb line", "--")], [(61.17, -149.99, "A")],
                              lon_range=(118, 218), lat_range=(28, 72), title="t")
    ax = fig.axes[0]
    assert [line.get_linestyle() for line in ax.get_lines()[:2]] == ["-", "--"]
    assert ax.get_lines()[0].get_xdata().min() > 118, "longitudes are counted 0-360 so the line does not break at 180"
    sizes = [t.get_fontsize() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.get_legend().get_texts()]
    assert min(sizes + [ax.xaxis.label.get_fontsize()]) >= 12, sizes
    assert "great circle" in fig.alt_text and "A" in fig.alt_text
    plt.close(fig)


def test_distance_lines_chart_draws_each_outline_and_track_literally():
    import pandas as pd
    import shapely
    from matplotlib.cbook import is_math_text

    window = (-10.0, 50.0, 10.0, 70.0)
    land = shapely.box(-2.0, 58.0, 2.0, 62.0)
    outlines = {12: shapely.LineString([(-5, 55), (5, 55)]),
                20.5: shapely.MultiLineString([[(-8, 53), (0, 53)], [(1, 53), (8, 53)]])}
    track = pd.DataFrame({"lat": np.linspace(52, 56, 30), "lon": np.linspace(-9, 9, 30), "party": "Russia"})
    labels = ["cost $5$ <b>x</b>", "_starts with an underscore"]
    other = track.assign(party="nobody in PARTY_STYLES", lat=track["lat"] + 1)
    fig = maps.distance_lines_chart(land, outlines, {labels[0]: track, labels[1]: other}, window=window)
    try:
        ax = fig.axes[0]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend[:2] == ["12 nmi from the coastline", "20.5 nmi from the coastline"], legend
        assert len(legend) == 4, f"one legend entry per outline (not per part) and per track: {legend}"
        for shown, label in zip(legend[2:], labels):
            assert not is_math_text(shown), f"{shown!r} would be drawn as mathtext"
            assert shown.replace("\\$", "$").lstrip("\u200b") == label and not shown.startswith("_"), shown
        by_label = {line.get_label(): line for line in ax.get_lines()}
        assert by_label["12 nmi from the coastline"].get_linestyle() == ":"
        assert by_label["20.5 nmi from the coastline"].get_linestyle() == "--"
        assert sum(line.get_linestyle() == "--" for line in ax.get_lines()) == 2, "both parts of the 20.5 nmi line"
        first, second = by_label[legend[2]], by_label[legend[3]]
        assert (first.get_marker(), second.get_marker()) == ("^", "s")
        assert first.get_color() == maps.party_style("Russia")["color"]
        assert second.get_color() == maps.OTHER_STYLE["color"]
        assert ax.get_xlim() == pytest.approx((-10, 10)) and ax.get_ylim() == pytest.approx((50, 70))
        assert ax.get_aspect() == pytest.approx(1 / np.cos(np.radians(60))), "equal nmi east-west and north-south"
        sizes = [t.get_fontsize() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.get_legend().get_texts()]
        assert min(sizes + [ax.xaxis.label.get_fontsize(), ax.yaxis.label.get_fontsize()]) >= 12, sizes
        assert "12 nmi (dotted), 20.5 nmi (dashed)" in fig.alt_text, fig.alt_text
        assert f"{labels[0]} marked with triangles" in fig.alt_text and "grey land" in fig.alt_text
    finally:
        plt.close(fig)
    with pytest.raises(ValueError, match="at most 4 outlines"):
        maps.distance_lines_chart(land, {d: outlines[12] for d in range(5)}, {}, window=window)


def test_chart_labels_from_data_are_drawn_literally():
    # "$\frac$" is broken mathtext: drawn as a label it would raise; escaped it is plain text
    from matplotlib.cbook import is_math_text

    hostile = r"Base $\frac$ _x"
    gc = geo.great_circle_points(lat1=61.17, lon1=-149.99, lat2=37.56, lon2=126.79, n=20)
    fig = maps.mercator_chart([(gc, hostile, "-")], [(61.17, -149.99, hostile)], lon_range=(118, 218),
                              lat_range=(28, 72), title=hostile)
    try:
        fig.canvas.draw()
        ax = fig.axes[0]
        shown = [ax.get_title(), ax.get_legend().get_texts()[0].get_text(), ax.texts[0].get_text()]
        for text in shown:
            assert not is_math_text(text) and text.replace("\\$", "$") == hostile, shown
    finally:
        plt.close(fig)
    assert maps.chart_text("_hidden").lstrip("\u200b") == "_hidden" and not maps.chart_text("_hidden").startswith("_")


def test_maps_load_only_the_two_folium_plugins_they_use_and_draw_the_same_page():
    code = ("import re, sys\n"
            "if sys.argv[1] == 'plugins':\n    import folium.plugins\n"
            "from helpers import maps\n"
            "html = maps.map_html(maps.incident_map('baltic-2019-03-20'))\n"
            "print('folium.plugins' in sys.modules)\n"
            "print(re.sub(r'[0-9a-f]{32}', 'ID', html))\n")
    root = pathlib.Path(__file__).resolve().parent.parent
    own, plugins = (subprocess.run([sys.executable, "-c", code, how], cwd=root, capture_output=True, text=True,
                                   check=True, timeout=300).stdout.split("\n", 1) for how in ("own", "plugins"))
    assert own[0] == "False", "drawing a map imported all of folium.plugins (0.2 s of template compiling)"
    assert plugins[0] == "True"
    assert "measure.min.js" in own[1] and "nauticalmiles" in own[1] and "fullscreen" in own[1].lower()
    assert own[1] == plugins[1], "the map's page differs from the one drawn with folium.plugins"
