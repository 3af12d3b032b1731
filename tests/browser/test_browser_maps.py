"""Every incident map in a real Chromium with the network closed.

Maps are saved to HTML, served from 127.0.0.1 and opened in headless Chromium. CDN files come
from local npm copies (tests/browser/assets.py), tiles are a placeholder PNG, every other
request is aborted. A screenshot of each map is saved under build/screenshots/.
"""

import csv
import os
import pathlib
import shutil
import subprocess
import sys

import assets
import checks
import pytest

pytestmark = pytest.mark.browser

REPO = pathlib.Path(__file__).resolve().parents[2]


def _incident_ids():
    try:
        from helpers import data

        return list(data.incidents()["id"])
    except Exception as exc:  # a broken data folder must not break collection of every other test
        return [pytest.param(f"<{type(exc).__name__}: {exc}>", id="data-error")]


INCIDENT_IDS = _incident_ids()
OFFLINE_IDS = ["black-sea-2018-01-29", "alaska-2020-06-10"]


def _render(session, static_server, name, html):
    url = static_server.put(f"maps/{name}.html", html)
    session.page.goto(url, wait_until="load")
    return url


def test_every_folium_cdn_file_has_a_local_copy(cdn_assets):
    unresolved, stand_ins = [], []
    for url in assets.folium_cdn_urls():
        hit = cdn_assets.resolve(url)
        if hit is None:
            unresolved.append(url)
        elif hit[2].startswith("stand-in"):
            stand_ins.append(url)
    assert not unresolved, f"folium asks for CDN files the tests cannot answer locally: {unresolved}"
    undocumented = [u for u in stand_ins if not any(gap in u for gap in assets.GAPS)]
    assert not undocumented, f"stand-ins not listed in assets.GAPS: {undocumented}"


@pytest.mark.parametrize("incident_id", INCIDENT_IDS)
def test_incident_map_renders(incident_id, cdn_assets, open_session, static_server, screenshots_dir):
    from helpers import data, maps

    fmap = maps.incident_map(incident_id)
    expected, legend = checks.expected_paths(fmap)
    inc = data.incident(incident_id)
    # What the map must draw: the coastline where there is land in view, the limit where drawn, each track.
    if maps.coast_in_view(inc["region"], maps.view_box(incident_id), "light") is not None:
        assert expected[maps.LAND_STYLE["color"].lower()] >= 1, "no coastline layer in the folium map"
    try:
        tracks = data.tracks(incident_id)
    except KeyError:
        tracks = {}
    track_colors = [maps.party_style(t["party"].iloc[0])["color"].lower() for t in tracks.values()]
    for color in set(track_colors):
        # each track's line plus the closest-approach line and last-fix marker drawn in its colour
        assert expected[color] >= track_colors.count(color), f"tracks missing from the folium map ({color})"
    assert legend, "the folium map has no legend"

    session = open_session(cdn_assets)
    _render(session, static_server, incident_id, maps.map_html(fmap))
    state = checks.assert_map_renders(session.page, expected, legend=True)
    session.page.screenshot(path=str(screenshots_dir / f"map-{incident_id}.png"))
    checks.assert_no_errors(session.log)
    assert not session.net.aborted, f"requests with no local answer: {session.net.aborted}"
    assert len(state["paths"]) >= sum(expected.values())


def test_overview_map_renders(cdn_assets, open_session, static_server, screenshots_dir):
    from helpers import maps

    fmap = maps.overview_map()
    expected, _ = checks.expected_paths(fmap)
    session = open_session(cdn_assets)
    _render(session, static_server, "overview", maps.map_html(fmap))
    checks.assert_map_renders(session.page, expected)
    session.page.screenshot(path=str(screenshots_dir / "map-overview.png"))
    checks.assert_no_errors(session.log)
    assert not session.net.aborted, f"requests with no local answer: {session.net.aborted}"


@pytest.mark.parametrize("incident_id", [i for i in OFFLINE_IDS if i in INCIDENT_IDS] or INCIDENT_IDS[:1])
def test_offline_map_needs_no_network(incident_id, open_session, static_server, screenshots_dir):
    """offline=True: every non-loopback request is aborted and nothing is answered from local
    copies; the map must still render, with its coastline, and must not even try the network."""
    from helpers import maps

    fmap = maps.incident_map(incident_id, offline=True)
    expected, legend = checks.expected_paths(fmap)
    assert expected[maps.LAND_STYLE["color"].lower()] >= 1, "offline map without a coastline layer"
    session = open_session(resolver=None, tiles=False)
    _render(session, static_server, f"offline-{incident_id}", maps.map_html(fmap))
    checks.assert_map_renders(session.page, expected, legend=legend)
    session.page.screenshot(path=str(screenshots_dir / f"map-offline-{incident_id}.png"))
    checks.assert_no_errors(session.log)
    assert not session.net.routed
    assert not session.net.attempted, f"the offline map asked the network for: {session.net.attempted}"


def test_offline_overview_map_needs_no_network(open_session, static_server):
    from helpers import maps

    fmap = maps.overview_map(offline=True)
    expected, _ = checks.expected_paths(fmap)
    session = open_session(resolver=None, tiles=False)
    _render(session, static_server, "offline-overview", maps.map_html(fmap))
    checks.assert_map_renders(session.page, expected)
    checks.assert_no_errors(session.log)
    assert not session.net.attempted, f"the offline overview map asked the network for: {session.net.attempted}"


# --- text from the data is shown, never run --------------------------------------------------------

PAYLOADS = checks.PAYLOADS
PAYLOAD = " ".join(PAYLOADS)


def _rewrite_csv(path, change):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        change(row)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _injected_map_html(tmp_path):
    """An incident map built (in a subprocess, AIR_ENCOUNTERS_DATA set) from a copy of data/ whose
    incident title and summary and a base's name carry the payloads. Returns (html, incident id)."""
    from helpers import data, maps

    incidents = data.incidents()
    with_tracks = set()
    for i in incidents["id"]:
        try:
            data.tracks(i)
            with_tracks.add(i)
        except KeyError:
            pass
    bases = data.bases()
    chosen = None
    for _, inc in incidents.iterrows():  # a quick one: no tracks, at least one base in view
        if inc["id"] in with_tracks:
            continue
        west, south, east, north = maps.view_box(inc["id"])
        in_view = bases[(bases["lat"] >= south) & (bases["lat"] <= north)
                        & (bases["lon"] >= west) & (bases["lon"] <= east)]
        if len(in_view):
            chosen, base_id = inc["id"], in_view.iloc[0]["id"]
            break
    assert chosen, "no incident without tracks that has a base in view"

    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)

    def incident(row):
        if row["id"] == chosen:
            row["title"] = f"Injected title {PAYLOAD}"
            row["summary"] = f"Injected summary {PAYLOAD}"

    def base(row):
        if row["id"] == base_id:
            row["name"] = f"Injected base {PAYLOAD}"

    _rewrite_csv(copy / "incidents.csv", incident)
    _rewrite_csv(copy / "bases.csv", base)
    out = tmp_path / "injected.html"
    code = ("import sys; from helpers import maps; "
            "open(sys.argv[2], 'w', encoding='utf-8').write(maps.map_html(maps.incident_map(sys.argv[1])))")
    env = dict(os.environ, AIR_ENCOUNTERS_DATA=str(copy),
               PYTHONPATH=os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]))
    proc = subprocess.run([sys.executable, "-c", code, chosen, str(out)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"building the injected map failed:\n{proc.stderr[-3000:]}"
    return out.read_text(encoding="utf-8"), chosen, base_id


def test_popup_and_tooltip_text_is_shown_not_run(tmp_path, cdn_assets, open_session, static_server,
                                                  screenshots_dir):
    html, incident_id, base_id = _injected_map_html(tmp_path)
    session = open_session(cdn_assets)
    url = static_server.put("maps/injected.html", html)
    shown = checks.open_and_probe(session.page, url)
    session.page.screenshot(path=str(screenshots_dir / "map-injected-popup.png"))
    checks.assert_no_dialogs(session.log)
    checks.assert_shown_as_text(shown["popup"], PAYLOADS, "the event popup")
    checks.assert_shown_as_text(shown["tooltip"], PAYLOADS, "the event tooltip")
    assert "base_tooltip" in shown, f"no base marker on the map of {incident_id} ({base_id} should be in view)"
    checks.assert_shown_as_text(shown["base_tooltip"], PAYLOADS, "the base tooltip")
    checks.assert_shown_as_text(shown["base_popup"], PAYLOADS, "the base popup")
    legend = session.page.inner_text(".ae-legend")
    checks.assert_shown_as_text(legend, PAYLOADS, "the legend (its title is the incident title)")
    assert session.page.locator('img[src="x"]').count() == 0, "an <img> from the data became a real element"
    checks.assert_no_errors(session.log)
