"""One JupyterLab server for the browser tests, and the steps that drive a notebook in it.

The server listens on 127.0.0.1 only, on a free port, with a random token; every Jupyter and
IPython folder (config, data, runtime, lab settings and workspaces) is a temporary folder, so
the tests neither read nor change the user's own setup. Autosave is off, so running a lesson
in the browser never writes outputs into the repository's notebooks.
"""

import atexit
import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

LAB_SETTINGS = {
    # Never write the executed notebook back to disk (the lessons are committed without outputs).
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # Render every cell (no virtual scrolling), so every output can be found in the DOM.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # No news or update checks (they would go to the network).
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
DISABLED_EXTENSIONS = {"@jupyterlab/apputils-extension:announcements": True}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """``jupyter lab`` in a subprocess; ``start()`` returns when /api/status answers 200."""

    def __init__(self, root_dir, *, python=sys.executable, extra_pythonpath=()):
        self.root_dir = pathlib.Path(root_dir)
        self.python = python
        self.extra_pythonpath = [str(p) for p in extra_pythonpath]
        self.token = secrets.token_hex(16)
        self.port = None
        self.proc = None
        self.home = None
        self.log_path = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path, **params):
        query = "&".join([*(k if v is None else f"{k}={v}" for k, v in params.items()), f"token={self.token}"])
        return f"{self.base_url}/{path.lstrip('/')}?{query}"

    def _env(self):
        home = pathlib.Path(self.home)
        dirs = {name: home / name for name in ("config", "data", "runtime", "ipython", "settings", "workspaces")}
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        labconfig = dirs["config"] / "labconfig"
        labconfig.mkdir()
        (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": DISABLED_EXTENSIONS}))
        (labconfig / "default_setting_overrides.json").write_text(json.dumps(LAB_SETTINGS))
        env = dict(os.environ)
        for key in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_PREFER_ENV_PATH"):
            env.pop(key, None)
        env.update({
            "JUPYTER_CONFIG_DIR": str(dirs["config"]),
            "JUPYTER_DATA_DIR": str(dirs["data"]),
            "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
            "IPYTHONDIR": str(dirs["ipython"]),
            "JUPYTERLAB_SETTINGS_DIR": str(dirs["settings"]),
            "JUPYTERLAB_WORKSPACES_DIR": str(dirs["workspaces"]),
            "PYTHONPATH": os.pathsep.join([*self.extra_pythonpath, *filter(None, [env.get("PYTHONPATH")])]),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        })
        return env

    def start(self, timeout=90):
        self.home = tempfile.mkdtemp(prefix="ae-jupyter-")
        self.port = free_port()
        self.log_path = pathlib.Path(self.home) / "server.log"
        cmd = [self.python, "-m", "jupyter", "lab", "--no-browser", "--allow-root", f"--port={self.port}",
               "--port-retries=0", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root_dir}", "--ServerApp.open_browser=False",
               "--LabApp.news_url=", "--LabServerApp.workspaces_dir=" + str(pathlib.Path(self.home) / "workspaces"),
               "--ServerApp.terminals_enabled=False"]
        log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self._log = log
        self.proc = subprocess.Popen(cmd, env=self._env(), cwd=self.root_dir, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        atexit.register(self.stop)  # also when the test run is interrupted
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer /api/status within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, n=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def api(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url(path), data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read().decode()
        return json.loads(text) if text else None

    def setting(self, plugin, key):
        """The value JupyterLab uses for a setting (the user's value, else the overridden default)."""
        doc = self.api("GET", f"lab/api/settings/{plugin}")
        return doc.get("settings", {}).get(key, doc["schema"]["properties"][key].get("default"))

    def delete_sessions(self):
        """Shut down every kernel session (between notebooks)."""
        for session in self.api("GET", "api/sessions"):
            self.api("DELETE", f"api/sessions/{session['id']}")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.delete_sessions()
            except (urllib.error.URLError, OSError, ValueError):
                pass
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None
        if self.home:
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None


# --- driving a notebook -------------------------------------------------------------------------

CODE_CELL = ".jp-Notebook .jp-CodeCell"


def kernel_status(page):
    """The kernel status JupyterLab's status bar shows for the open notebook: 'idle', 'busy',
    'connecting', ... ('no kernel' before a kernel is attached; None before the bar exists)."""
    return page.evaluate("""() => {
        for (const el of document.querySelectorAll('.jp-StatusBar-Widget .jp-StatusBar-TextItem')) {
            const m = el.textContent.trim().match(/^(.*)\\|\\s*([A-Za-z ]+)$/);
            if (!m) continue;
            if (m[1].trim() === 'No Kernel') return 'no kernel';
            return m[2].trim().toLowerCase();
        }
        return null;
    }""")


def wait_kernel_idle(page, timeout_s=60, settle_s=0.3):
    """Wait until the notebook's kernel has been idle for ``settle_s`` seconds."""
    deadline = time.monotonic() + timeout_s
    idle_since = None
    last = None
    while time.monotonic() < deadline:
        last = kernel_status(page)
        if last == "idle":
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= settle_s:
                return
        else:
            idle_since = None
        page.wait_for_timeout(100)
    raise AssertionError(f"kernel not idle after {timeout_s} s (status {last!r})")


def open_notebook(page, server, relpath, timeout_s=60):
    """Open a notebook in a fresh JupyterLab page and wait for its kernel to be idle."""
    page.goto(server.url(f"lab/tree/{relpath}", reset=None), wait_until="domcontentloaded",
              timeout=timeout_s * 1000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=timeout_s * 1000)
    wait_kernel_idle(page, timeout_s)


def prompts(page):
    """The execution prompts of the code cells: '[3]:', '[*]:', '[ ]:'."""
    return page.eval_on_selector_all(
        f"{CODE_CELL} .jp-InputArea-prompt", "els => els.map(e => e.textContent.trim())")


def run_all_cells(page, timeout_s=180):
    """Run > Run All Cells, then wait until no cell is queued or running and the kernel is idle."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    deadline = time.monotonic() + timeout_s
    page.wait_for_function("() => document.querySelector('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')",
                           timeout=timeout_s * 1000)
    # Wait for the run to start (some prompt becomes [*]) or to be over already.
    while time.monotonic() < deadline:
        p = prompts(page)
        if any("*" in x for x in p) or all(x not in ("[ ]:", "") for x in p):
            break
        page.wait_for_timeout(100)
    while time.monotonic() < deadline:
        if not any("*" in x for x in prompts(page)):
            break
        page.wait_for_timeout(200)
    else:
        raise AssertionError(f"cells still running after {timeout_s} s: {prompts(page)}")
    wait_kernel_idle(page, max(5.0, deadline - time.monotonic()))
