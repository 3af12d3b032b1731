"""Test of the tests: each map check in checks.py must fail on a map that is broken in the way
it is meant to catch. (The notebook checks are shown failing in test_browser_notebooks.py, on a broken
notebook opened in the same JupyterLab server.)"""

import checks
import pytest

pytestmark = pytest.mark.browser

VIEW = [[59.0, -175.0], [61.5, -168.0]]  # (south, west), (north, east) in the Bering Sea
TRACK = [[60.0, -174.0], [60.5, -171.0], [61.0, -169.0]]  # [lat, lon]


def _map(tiles=None):
    import folium

    fmap = folium.Map(location=[60.2, -171.5], zoom_start=6, tiles=tiles)
    fmap.fit_bounds(VIEW)
    return fmap


def _open(open_session, cdn_assets, static_server, name, fmap_or_html):
    session = open_session(cdn_assets)
    html = fmap_or_html if isinstance(fmap_or_html, str) else fmap_or_html.get_root().render()
    session.page.goto(static_server.put(f"checks/{name}.html", html), wait_until="load")
    return session


def test_a_good_map_passes(open_session, cdn_assets, static_server):
    import folium

    fmap = _map("OpenStreetMap")
    folium.PolyLine(TRACK, color="#0072b2").add_to(fmap)
    session = _open(open_session, cdn_assets, static_server, "good", fmap)
    expected, _ = checks.expected_paths(fmap)
    assert expected == {"#0072b2": 1}
    checks.assert_map_renders(session.page, expected)
    checks.assert_no_errors(session.log)
    assert session.net.tiles > 0, "the placeholder tiles were not asked for"


def test_lon_lat_swapped_fails(open_session, cdn_assets, static_server):
    import folium

    fmap = _map()
    folium.PolyLine([[lon, lat] for lat, lon in TRACK], color="#0072b2").add_to(fmap)
    session = _open(open_session, cdn_assets, static_server, "swapped", fmap)
    expected, _ = checks.expected_paths(fmap)
    with pytest.raises(AssertionError, match="not drawn inside the map"):
        checks.assert_map_renders(session.page, expected)
    with pytest.raises(AssertionError, match="draws nothing inside its view"):
        checks.assert_map_has_drawing(session.page)


def test_a_missing_track_fails(open_session, cdn_assets, static_server):
    import folium

    fmap = _map()
    folium.PolyLine(TRACK, color="#0072b2").add_to(fmap)
    session = _open(open_session, cdn_assets, static_server, "one-track", fmap)
    folium.PolyLine(TRACK[1:], color="#d55e00").add_to(fmap)  # expected, but not on the page
    expected, _ = checks.expected_paths(fmap)
    with pytest.raises(AssertionError, match="too few paths"):
        checks.assert_map_renders(session.page, expected, timeout_ms=2000)
    with pytest.raises(AssertionError, match="no legend"):
        checks.assert_map_renders(session.page, {"#0072b2": 1}, legend=True)


def test_a_script_error_and_a_blocked_file_fail(open_session, cdn_assets, static_server):
    import folium
    from branca.element import Element

    fmap = _map()
    folium.PolyLine(TRACK).add_to(fmap)
    fmap.get_root().html.add_child(Element("<script>not_a_function();</script>"))
    fmap.get_root().header.add_child(Element('<script src="https://cdn.example.invalid/x.js"></script>'))
    session = _open(open_session, cdn_assets, static_server, "script-error", fmap)
    session.page.wait_for_timeout(300)
    with pytest.raises(AssertionError, match="not_a_function"):
        checks.assert_no_errors(session.log)
    assert session.net.aborted == ["https://cdn.example.invalid/x.js"]


def test_unescaped_popup_text_fails(open_session, cdn_assets, static_server):
    """folium itself does not escape: the same probe as the injection test catches it."""
    import folium

    fmap = _map()
    raw = " ".join(checks.PAYLOADS[1:])  # a raw </script> would break the whole page rather than run
    folium.CircleMarker([60.2, -171.5], radius=8, fill=True, fill_color="#F0E442", tooltip=raw,
                        popup=folium.Popup(raw)).add_to(fmap)
    session = open_session(cdn_assets)
    url = static_server.put("checks/unescaped.html", fmap.get_root().render())
    shown = checks.open_and_probe(session.page, url)
    with pytest.raises(AssertionError, match="script from the data ran"):
        checks.assert_no_dialogs(session.log)
    with pytest.raises(AssertionError, match="does not show"):
        checks.assert_shown_as_text(shown["popup"], checks.PAYLOADS[1:], "the popup")
