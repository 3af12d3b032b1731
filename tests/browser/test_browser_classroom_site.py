"""The static site's pages in Chromium with the network closed: every map draws (offline map mode),
every widget is drawn in its saved state by the site's own copy of html-manager, nothing outside
127.0.0.1 is requested, no console error. The site is built once per session
(tests/classroom_site_build.py, shared with tests/test_classroom_site.py)."""

import json
import pathlib
import re
import sys

import checks
import pytest

from conftest import StaticServer, _skip_or_fail

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import classroom_site_build  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_server():
    folder, _ = classroom_site_build.site()
    server = StaticServer(folder)
    yield folder, server
    server.close()


@pytest.mark.parametrize("edition", ["instructor", "student"])
def test_site_maps_draw_offline(edition, site_server, open_session):
    folder, server = site_server
    pages = sorted((folder / edition).glob("[0-9]*.html"))
    assert pages, f"no {edition} pages were built"
    drawn = 0
    for page_path in pages:
        session = open_session(None)  # no CDN copies, no tiles: the network is simply closed
        session.page.goto(server.url(f"{edition}/{page_path.name}"), wait_until="load")
        drawn += len(checks.assert_notebook_maps_render(session.page))
        checks.assert_no_errors(session.log)
        assert not session.net.attempted, f"{page_path.name} asked the network for {session.net.attempted[:5]}"
        session.close()
    assert drawn >= len(pages) - 1, f"only {drawn} maps drawn in {len(pages)} {edition} pages"


# Each view script becomes a rendered widget: html-manager inserts a div.widget-subarea before it.
RENDERED = """n => document.querySelectorAll('.widget-subarea').length === n
    && [...document.querySelectorAll('.widget-subarea')].every(d => d.children.length > 0)"""


@pytest.mark.parametrize("edition", ["instructor", "student"])
def test_site_widgets_draw_their_saved_state_offline(edition, site_server, open_session):
    folder, server = site_server
    from helpers.classroom import site as site_module

    if not (folder / site_module.ASSETS / "embed.js").exists():
        _skip_or_fail(f"site widget test skipped: no local {site_module.HTML_MANAGER} ({site_module.NPM_HINT})")
    page_path = next((folder / edition).glob("02_*.html"))  # lesson 02: track explorer, zone explorer, sliders
    text = page_path.read_text(encoding="utf-8")
    views = re.findall(r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', text, re.DOTALL)
    state = json.loads(re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', text,
                                 re.DOTALL).group(1))["state"]
    sliders = [m["state"]["value"] for m in state.values() if m["model_name"] == "IntSliderModel"]
    assert views and sliders, f"{page_path.name}: no saved widget (or no slider) to draw"
    session = open_session(None)  # the network is closed: embed.js and its fonts come from the site
    session.page.goto(server.url(f"{edition}/{page_path.name}"), wait_until="load")
    session.page.wait_for_function(RENDERED, arg=len(views))
    page = session.page
    drawn = page.locator(".widget-subarea .widget-slider")
    assert drawn.count() == len(sliders), f"{drawn.count()} sliders drawn, {len(sliders)} saved"
    readouts = sorted(int(page.locator(".widget-subarea .widget-readout").nth(i).inner_text())
                      for i in range(page.locator(".widget-subarea .widget-readout").count()))
    assert readouts == sorted(sliders), f"the sliders do not show their saved values: {readouts} vs {sorted(sliders)}"
    html_widgets = [t.strip() for t in page.locator(".widget-subarea .widget-html-content").all_inner_texts()]
    assert any(html_widgets), "no HTML widget drew its saved content"
    checks.assert_no_errors(session.log)
    assert not session.net.attempted, f"{page_path.name} asked the network for {session.net.attempted[:5]}"
    session.close()
