"""The injection corpus (tests/injection_corpus.py) in a real browser: nothing from the data runs.

(a) Maps drawn from the injected copy of data/ are opened in Chromium; their event marker, tracks
    and bases are hovered and clicked (tooltips, popups). Every script payload would set
    ``top.__pwned`` or open an alert: neither may happen, and no <img>/<svg> from the data exists.
(b) Real lessons run in JupyterLab (ONE server for the module) with AIR_ENCOUNTERS_DATA pointing
    at an injected copy: no script ran, no request changed a file through /api/contents and no
    file appeared in the server's root folder. A tiny self-test notebook that shows the same
    payload unescaped proves the probe notices a script that does run.
"""

import json
import pathlib
import shutil
import sys

import checks
import labdriver as lab
import pytest

pytestmark = pytest.mark.browser

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import injection_corpus as corpus  # noqa: E402

MAPS = ["baltic-2019-03-20", "overview"]
LESSONS = ["04_black_sea_2018.ipynb", "01_airspace_basics.ipynb"]
PWNED_JS = "() => (window.top || window).__pwned === undefined ? null : String((window.top || window).__pwned)"


@pytest.fixture(scope="module")
def injected_pages(tmp_path_factory, _browser_available):
    root = tmp_path_factory.mktemp("injected-pages")
    data_dir = corpus.make_copy(root / "data")
    cwd = root / "cwd"
    cwd.mkdir()
    return corpus.render_in_subprocess(data_dir, root / "out", cwd)


def _probe_map(page):
    """Hover and click what can be hovered or clicked on a map; return the texts shown."""
    shown = []
    checks._open_settled(page, page.url)
    for selector in ('.leaflet-overlay-pane path.leaflet-interactive', '.leaflet-marker-icon'):
        items = page.locator(selector)
        for i in range(min(items.count(), 8)):
            item = items.nth(i)
            try:
                item.hover(timeout=1000)
                item.click(timeout=1000)
            except Exception:  # covered by another marker or off-screen: the next one
                continue
            page.wait_for_timeout(150)  # an <img onerror> in a popup fires at once
            shown += page.evaluate("() => [...document.querySelectorAll('.leaflet-tooltip, .leaflet-popup-content')]"
                                   ".map(e => e.innerText)")
    return shown


@pytest.mark.parametrize("name", MAPS)
def test_injected_map_runs_nothing(name, injected_pages, cdn_assets, open_session, static_server):
    session = open_session(cdn_assets)
    url = static_server.put(f"injected/{name}.html", (injected_pages / "maps" / f"{name}.html").read_text(encoding="utf-8"))
    session.page.goto(url, wait_until="load")
    shown = _probe_map(session.page)
    assert session.page.evaluate(PWNED_JS) is None, "a script payload from the data ran in the map"
    checks.assert_no_dialogs(session.log)
    assert session.page.url == url, f"the map navigated to {session.page.url}"
    assert session.page.locator('img[src="x"], svg[onload]').count() == 0, "markup from the data became elements"
    text = " ".join(shown) + session.page.inner_text(".ae-legend") if name != "overview" else " ".join(shown)
    assert "AE[incidents.title]" in text and "<img src=x onerror=" in text, (
        f"the payloads are not shown as text on {name}: {text[:300]!r}")
    assert "AE49AE" not in text


# --- JupyterLab -------------------------------------------------------------------------------


class _InjectedLab(lab.JupyterLab):
    """JupyterLab whose kernels read the injected data folder."""

    def __init__(self, root_dir, data_dir, **kwargs):
        super().__init__(root_dir, **kwargs)
        self.data_dir = data_dir

    def _env(self):
        env = super()._env()
        env["AIR_ENCOUNTERS_DATA"] = str(self.data_dir)
        return env


SELFTEST = {"cells": [{"cell_type": "code", "execution_count": None, "id": "selftest", "metadata": {}, "outputs": [],
                       "source": ["from IPython.display import Markdown, display\n",
                                  "from helpers import data\n",
                                  "display(Markdown(data.incidents()['title'].iloc[0]))  # unescaped, on purpose"]}],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


def _files(root):
    """Every file and folder under ``root`` except JupyterLab's own checkpoints."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if ".ipynb_checkpoints" not in p.parts)


@pytest.fixture(scope="module")
def injected_lab(tmp_path_factory, _browser_available, cdn_assets):
    base = tmp_path_factory.mktemp("injected-lab")
    data_dir = corpus.make_copy(base / "data", lesson_safe=True)
    root = base / "root"
    (root / "notebooks").mkdir(parents=True)
    for name in LESSONS:
        shutil.copy2(REPO / "notebooks" / name, root / "notebooks" / name)
    (root / "notebooks" / "selftest_unescaped.ipynb").write_text(json.dumps(SELFTEST), encoding="utf-8")
    server = _InjectedLab(root, data_dir, extra_pythonpath=[REPO])
    server.start()
    try:
        assert server.setting("@jupyterlab/docmanager-extension:plugin", "autosave") is False, "autosave is on"
    except BaseException:
        server.stop()
        raise
    yield server, root
    server.stop()


def _run(open_session, cdn_assets, server, relpath):
    """Run a notebook; return (session, requests that changed something through /api/contents)."""
    session = open_session(cdn_assets, viewport=(1400, 1000))
    writes = []
    # (JupyterLab itself POSTs a checkpoint of the notebook it opens: that one is expected)
    opened = server.url(f"api/contents/{relpath}/checkpoints").split("?")[0]
    session.page.on("request", lambda r: writes.append(f"{r.method} {r.url}")
                    if "/api/contents" in r.url and r.method not in ("GET", "HEAD")
                    and not (r.method == "POST" and r.url.split("?")[0] == opened) else None)
    lab.open_notebook(session.page, server, relpath)
    lab.run_all_cells(session.page)
    session.page.wait_for_timeout(500)  # an <img onerror> in a fresh output fires at once
    return session, writes


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_on_injected_data_runs_no_script(lesson, injected_lab, open_session, cdn_assets):
    server, root = injected_lab
    before = _files(root)
    session, writes = _run(open_session, cdn_assets, server, f"notebooks/{lesson}")
    try:
        checks.assert_all_cells_executed(session.page)
        assert session.page.evaluate(PWNED_JS) is None, "a script payload from the data ran in JupyterLab"
        for frame in session.page.frames:  # folium maps are iframes
            assert frame.evaluate("() => window.__pwned === undefined"), f"a payload ran in {frame.url[:80]}"
        checks.assert_no_dialogs(session.log)
        assert not writes, f"the page changed files through the server: {writes}"
        assert _files(root) == before, f"files appeared: {sorted(set(_files(root)) - set(before))}"
        assert not list(root.rglob(corpus.PWNED_FOLDER))
        shown = session.page.inner_text(".jp-Notebook")
        assert "<img src=x onerror=" in shown, "the payloads are not shown as text"
        assert "AE49AE" not in shown
    finally:
        server.delete_sessions()


def test_the_probe_sees_a_script_that_runs(injected_lab, open_session, cdn_assets):
    server, _ = injected_lab
    session, _ = _run(open_session, cdn_assets, server, "notebooks/selftest_unescaped.ipynb")
    try:
        assert session.page.evaluate(PWNED_JS) is not None, (
            "the unescaped payload did not run: the lesson test above could not notice one that does")
    finally:
        server.delete_sessions()
