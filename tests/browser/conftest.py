"""Fixtures for the real-browser tests: Debian's Chromium driven by Playwright (sync API).

Without Chromium or Playwright every test here is skipped with one line saying how to enable
them; with the environment variable CI=true they fail instead. Playwright never downloads a
browser here: it launches /usr/bin/chromium (or AIR_ENCOUNTERS_CHROMIUM).

The network is closed in every browser context: requests to 127.0.0.1 go through, CDN files
folium asks for are answered from local npm copies (see assets.py), map tiles get a
placeholder PNG, and everything else is aborted and recorded.
"""

import functools
import http.server
import os
import pathlib
import re
import shutil
import sys
import threading

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"
sys.path.insert(0, str(HERE))
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))  # helpers, when the kit is not pip-installed

import assets  # noqa: E402  (tests/browser is not a package)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps",
                 "--disable-features=Translate,OptimizationHints,MediaRouter",
                 # Belt and braces: no host name resolves except the loopback address.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
NOT_LOOPBACK = re.compile(r"^(?!http://127\.0\.0\.1[:/])")

HOW_TO_INSTALL = {"Chromium": "Chromium (sudo apt-get install chromium)",
                  "Playwright": "Playwright (pip install -r requirements.txt; never `playwright install`)"}


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def chromium_path():
    """Debian's Chromium (or AIR_ENCOUNTERS_CHROMIUM), or None."""
    explicit = os.environ.get("AIR_ENCOUNTERS_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing_browser():
    """What is missing for the browser tests: a list of keys of HOW_TO_INSTALL."""
    missing = []
    if chromium_path() is None:
        missing.append("Chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright")
    return missing


def _skip_or_fail(message):
    if in_ci():
        pytest.fail(f"{message} (CI=true: the browser tests are required)", pytrace=False)
    pytest.skip(message)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    marker = pytest.mark.browser
    for item in items:
        if HERE in pathlib.Path(str(item.fspath)).resolve().parents:
            item.add_marker(marker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Report every 'browser tests skipped' skip at one place, so that `-ra` folds them all into
    ONE line (pytest would otherwise print one line per test function)."""
    outcome = yield
    rep = outcome.get_result()
    if rep.skipped and isinstance(rep.longrepr, tuple) and len(rep.longrepr) == 3:
        reason = str(rep.longrepr[2])
        if "tests skipped: " in reason:
            rep.longrepr = (__file__, _SKIP_LINE, reason)


_SKIP_LINE = sys._getframe().f_lineno + 4  # the line of the fixture below, for the skip report


@pytest.fixture(scope="session")
def _browser_available():
    missing = _missing_browser()
    if missing:
        if in_ci():
            pytest.fail(f"browser tests: {' and '.join(missing)} not found, and CI=true requires them "
                        "(.ci/run installs Chromium with apt-get; requirements.txt installs Playwright)", pytrace=False)
        pytest.skip(f"browser tests skipped: install {' and '.join(HOW_TO_INSTALL[m] for m in missing)} to run them")
    return chromium_path()


@pytest.fixture(autouse=True)
def _require_browser(_browser_available):
    """Every test in tests/browser needs Chromium (skipped or failed once, in one line)."""


@pytest.fixture(scope="session")
def cdn_assets(_browser_available):
    """The resolver of folium's CDN URLs to local npm copies (skip/fail if they are missing)."""
    resolver = assets.Resolver()
    missing = resolver.available()
    if missing:
        _skip_or_fail(f"browser map tests skipped: local copies of folium's CDN files are missing "
                      f"({', '.join(missing)} in {resolver.npm_dir}); run `{assets.INSTALL_COMMAND}` (needs npm)")
    return resolver


@pytest.fixture(scope="module")
def chromium(_browser_available):
    """One headless Chromium per test module (Playwright is stopped between modules, so that its
    event loop is not left running for other tests in the same pytest process)."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=_browser_available, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    yield browser
    browser.close()
    pw.stop()


class ClosedNetwork:
    """Request routing for a browser context: loopback passes, CDN files come from local copies
    (if a resolver is given), tiles get a placeholder PNG (if ``tiles``), the rest is aborted.

    ``routed`` lists (url, what answered it), ``aborted`` the URLs refused, ``tiles`` counts tiles.
    """

    def __init__(self, resolver=None, *, tiles=True):
        self.resolver = resolver
        self.answer_tiles = tiles
        self.routed, self.aborted, self.tiles = [], [], 0
        self._png = assets.placeholder_png()

    def attach(self, context):
        context.route(NOT_LOOPBACK, self._handle)
        return self

    def _handle(self, route):
        url = route.request.url
        if self.resolver is not None:
            if self.answer_tiles and assets.TILE_HOSTS.match(url):
                self.tiles += 1
                route.fulfill(status=200, body=self._png, content_type="image/png")
                return
            hit = self.resolver.resolve(url)
            if hit is not None:
                body, ctype, how = hit
                self.routed.append((url, how))
                route.fulfill(status=200, body=body, content_type=ctype,
                              headers={"Access-Control-Allow-Origin": "*"})
                return
        self.aborted.append(url)
        route.abort("blockedbyclient")

    @property
    def attempted(self):
        """Every non-loopback URL the pages asked for."""
        return [u for u, _ in self.routed] + self.aborted


class PageLog:
    """Console errors, uncaught page errors and dialogs (alert/confirm/prompt) of a page."""

    def __init__(self, page):
        self.console_errors, self.page_errors, self.dialogs = [], [], []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("dialog", self._dialog)

    def _console(self, msg):
        if msg.type == "error":
            loc = msg.location or {}
            self.console_errors.append(f"{msg.text} ({loc.get('url', '')})")

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def errors(self):
        return [f"console: {e}" for e in self.console_errors] + [f"page error: {e}" for e in self.page_errors]


class BrowserSession:
    """A browser context with a closed network and one page whose log is recorded."""

    def __init__(self, browser, resolver=None, *, tiles=True, viewport=(1000, 700)):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           service_workers="block")
        self.net = ClosedNetwork(resolver, tiles=tiles).attach(self.context)
        self.page = self.context.new_page()
        self.log = PageLog(self.page)

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(chromium):
    """A factory: ``open_session(resolver=None, tiles=True)`` -> BrowserSession (closed afterwards)."""
    sessions = []

    def factory(resolver=None, **kwargs):
        s = BrowserSession(chromium, resolver, **kwargs)
        sessions.append(s)
        return s

    yield factory
    for s in sessions:
        s.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """http.server on 127.0.0.1 (a free port) in a thread, serving ``root``."""

    def __init__(self, root):
        self.root = pathlib.Path(root)
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="ae-static-server", daemon=True)
        self.thread.start()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, name):
        return f"{self.base_url}/{name}"

    def put(self, name, text):
        """Write a page into the served folder; return its URL."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return self.url(name)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def static_server(tmp_path_factory):
    server = StaticServer(tmp_path_factory.mktemp("served"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
