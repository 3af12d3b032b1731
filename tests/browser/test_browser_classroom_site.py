"""The static site's pages in Chromium with the network closed: every map draws (offline map mode),
nothing outside 127.0.0.1 is requested, no console error. The site is built once per session
(tests/classroom_site_build.py, shared with tests/test_classroom_site.py)."""

import pathlib
import sys

import checks
import pytest

from conftest import StaticServer

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
