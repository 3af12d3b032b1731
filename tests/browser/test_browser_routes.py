"""The Hainan and Venezuela maps (lessons 05-06) draw positions and routes, not just a point, in a
real Chromium with the network closed (same fixtures as test_browser_maps.py)."""

import checks
import pytest

pytestmark = pytest.mark.browser


def _paths(session, static_server, name, fmap):
    from helpers import maps

    expected, _ = checks.expected_paths(fmap)
    session.page.goto(static_server.put(f"maps/{name}.html", maps.map_html(fmap)), wait_until="load")
    return checks.assert_map_renders(session.page, expected, legend=True)


def test_hainan_map_draws_one_line_per_claimed_distance(cdn_assets, open_session, static_server, screenshots_dir):
    from helpers import maps

    rings = maps.claim_rings("hainan-2001-04-01")
    assert len(rings) >= 3
    session = open_session(cdn_assets)
    state = _paths(session, static_server, "routes-hainan", maps.incident_map("hainan-2001-04-01", eez=True))
    dashed = {"#0072b2", "#cc79a7"}
    ring_paths = [p for p in state["paths"] if p["stroke"] in dashed and p["box"]["w"] > 40 and p["box"]["h"] > 40]
    assert len(ring_paths) >= len(rings), f"expected {len(rings)} drawn distance lines, found {len(ring_paths)}"
    session.page.screenshot(path=str(screenshots_dir / "routes-hainan.png"))
    checks.assert_no_errors(session.log)


def test_venezuela_map_draws_the_route_and_the_great_circle(cdn_assets, open_session, static_server, screenshots_dir):
    from helpers import data, maps

    session = open_session(cdn_assets)
    state = _paths(session, static_server, "routes-venezuela", maps.incident_map("venezuela-2018-12-10"))
    via, gc = maps.ROUTE_STYLES["via"]["color"].lower(), maps.ROUTE_STYLES["great_circle"]["color"].lower()
    width = state["box"]["w"]
    long_via = [p for p in state["paths"] if p["stroke"] == via and p["box"]["w"] > 0.3 * width]
    long_gc = [p for p in state["paths"] if p["stroke"] == gc and p["box"]["w"] > 0.3 * width]
    assert long_via, "the waypoint route is not drawn across the map"
    assert long_gc, "the great circle is not drawn across the map"
    n_waypoints = len(data.waypoints("venezuela-2018-12-10-offshore"))
    assert sum(p["stroke"] == via for p in state["paths"]) >= 1 + n_waypoints, "waypoint markers missing"
    session.page.screenshot(path=str(screenshots_dir / "routes-venezuela.png"))
    checks.assert_no_errors(session.log)


def test_route_map_offline_draws_both_lines(cdn_assets, open_session, static_server):
    from helpers import maps

    session = open_session(cdn_assets)
    state = _paths(session, static_server, "routes-fairford",
                   maps.route_map("barksdale-afb", "raf-fairford", offline=True))
    strokes = {p["stroke"] for p in state["paths"]}
    assert maps.ROUTE_STYLES["great_circle"]["color"].lower() in strokes
    assert maps.ROUTE_STYLES["rhumb"]["color"].lower() in strokes
    checks.assert_no_errors(session.log)
