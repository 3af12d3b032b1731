"""A real JupyterHub on 127.0.0.1 for the classroom tests and scripts/classroom_load.py.

What runs (all on the loopback address, every port picked free at random):

- ``GitServer``: the kit's git remote, served by ``git http-backend`` (git's smart HTTP, the
  protocol GitHub speaks, so nbgitpuller's shallow clones work) from a thread of this process;
- ``Hub``: ``jupyterhub`` with ``configurable-http-proxy`` (npm), the dummy authenticator with one
  test password, and a local process spawner: one single-user server per student, each with its
  own home folder under a temporary directory;
- ``Student``: one simulated student speaking HTTP like a browser would (login form, cookies, the
  nbgitpuller link) and the Jupyter Server REST and kernel websocket APIs (like JupyterLab).

Stopping: the hub runs in its own process group; ``Hub.stop()`` sends SIGTERM (the hub then stops
the proxy, every single-user server and, through them, every kernel), waits, then kills whatever
it started that is still alive, by PID (process groups it leads). ``Hub`` is a context manager,
``stop()`` is also registered with ``atexit`` and SIGTERM is turned into KeyboardInterrupt while a
hub runs, so it stops on failure and on interrupt too. If this process is killed outright, the
hub still gets SIGTERM (Linux parent-death signal).

``configurable-http-proxy`` is looked up in $AIR_ENCOUNTERS_CHP, then in the npm cache folder
(``~/.cache/air-encounters/npm``, or $AIR_ENCOUNTERS_NPM), where ``bash .ci/run`` installs it, then
on PATH.
"""

import atexit
import contextlib
import ctypes
import http.server
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

import psutil
import requests

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
CHP_VERSION = "5.3.0"
NPM_DIR = pathlib.Path(os.environ.get("AIR_ENCOUNTERS_NPM",
                                      pathlib.Path.home() / ".cache" / "air-encounters" / "npm"))
INSTALL_HINT = (f"npm install --prefix {NPM_DIR} configurable-http-proxy@{CHP_VERSION} "
                "(or run `bash .ci/run`, which installs it)")
PASSWORD = "air-encounters-test-password"
INSTRUCTOR = "instructor"
KIT_NAME = "air-encounters"
LESSON = "notebooks/00_start_here.ipynb"
KIT_PATHS = ["notebooks", "helpers", "data", "requirements.txt", "pyproject.toml", ".gitignore"]
SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints"}

SPAWN_TIMEOUT_S = 600
"""How long a student waits for a server (s): 30 servers starting on 2 cores take minutes."""
REQUEST_TIMEOUT_S = 120
"""One HTTP request (s)."""
CELL_TIMEOUT_S = 300
"""One cell (s)."""


def chp_path():
    """The configurable-http-proxy executable, or None."""
    explicit = os.environ.get("AIR_ENCOUNTERS_CHP")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    cached = NPM_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
    if os.access(cached, os.X_OK):
        return str(cached)
    return shutil.which("configurable-http-proxy")


def free_port():
    """A TCP port free on 127.0.0.1 now (never 8888-8899, which others use)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if not 8888 <= port <= 8899:
            return port


def _parent_death_signal():
    """preexec_fn: the child gets SIGTERM when the thread that started it dies (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def git(*args, cwd):
    """Run git (no global or system config, fixed identity); its stdout."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", LANG="C",
               GIT_AUTHOR_NAME="Instructor", GIT_AUTHOR_EMAIL="instructor@example.org",
               GIT_COMMITTER_NAME="Instructor", GIT_COMMITTER_EMAIL="instructor@example.org")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


# --- the kit's git remote -------------------------------------------------------------------------

class KitRemote:
    """A bare git repository holding a copy of the kit, and the instructor's clone to commit from.

    ``root``: a folder for both (``root/remote/air-encounters``, ``root/instructor``)."""

    def __init__(self, root, source=REPO):
        self.root = pathlib.Path(root)
        self.bare = self.root / "remote" / KIT_NAME
        self.work = self.root / "instructor"
        self.bare.parent.mkdir(parents=True)
        git("init", "--bare", "--initial-branch=main", str(self.bare), cwd=self.root)
        git("init", "--initial-branch=main", str(self.work), cwd=self.root)
        for name in KIT_PATHS:
            src = pathlib.Path(source) / name
            if src.is_dir():
                shutil.copytree(src, self.work / name, ignore=shutil.ignore_patterns(*SKIP_NAMES, "*.pyc"))
            elif src.is_file():
                shutil.copy2(src, self.work / name)
        self.commit("The kit as the instructor publishes it")

    def commit(self, message):
        """Commit everything in the instructor's clone and push it (never forced); the new commit id."""
        git("add", "-A", cwd=self.work)
        git("commit", "-q", "-m", message, cwd=self.work)
        git("push", "-q", str(self.bare), "main", cwd=self.work)
        return git("rev-parse", "HEAD", cwd=self.work).strip()

    def edit_lesson(self, change, path=LESSON):
        """Apply ``change(notebook dict)`` to a lesson in the instructor's clone, written as Jupyter writes it."""
        import nbformat

        file = self.work / path
        nb = json.loads(file.read_text(encoding="utf-8"))
        change(nb)
        file.write_text(nbformat.writes(nbformat.from_dict(nb)) + "\n", encoding="utf-8")


class _GitHandler(http.server.BaseHTTPRequestHandler):
    """Answers git's smart HTTP protocol with ``git http-backend`` (read only)."""

    project_root = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._backend()

    def do_POST(self):
        self._backend()

    def _backend(self):
        path, _, query = self.path.partition("?")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_PROJECT_ROOT": str(self.project_root),
               "GIT_HTTP_EXPORT_ALL": "1", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
               "REQUEST_METHOD": self.command, "PATH_INFO": urllib.parse.unquote(path), "QUERY_STRING": query,
               "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(len(body)),
               "REMOTE_ADDR": self.client_address[0]}
        for header in ("Content-Encoding", "Git-Protocol"):
            if self.headers.get(header):
                env["HTTP_" + header.upper().replace("-", "_")] = self.headers[header]
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.decode("latin-1").split("\r\n"):
            key, _, value = line.partition(":")
            if key.lower() == "status":
                status = int(value.split()[0])
            elif key:
                headers.append((key, value.strip()))
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class GitServer:
    """Serves the bare repositories under ``project_root`` at http://127.0.0.1:PORT/NAME (context manager)."""

    def __init__(self, project_root):
        handler = type("Handler", (_GitHandler,), {"project_root": pathlib.Path(project_root)})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def pull_link(hub_url, repo_url, path=LESSON):
    """The nbgitpuller link of the kit: the instructor toolkit's generator when it is there."""
    try:
        from helpers.classroom import gitpuller
    except ImportError:
        gitpuller = None
    if gitpuller is not None and hasattr(gitpuller, "link"):
        return gitpuller.link(hub_url, repo_url, path=path)
    folder = repo_url.rstrip("/").split("/")[-1]
    query = urllib.parse.urlencode({"repo": repo_url, "branch": "main", "urlpath": f"lab/tree/{folder}/{path}"})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


# --- the hub --------------------------------------------------------------------------------------

CONFIG = '''\
"""JupyterHub configuration written by tests/hub/harness.py (a test hub: loopback only)."""
import ctypes
import signal

from jupyterhub.spawner import SimpleLocalProcessSpawner


class ClassroomSpawner(SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner whose servers also get SIGTERM if the hub dies (Linux)."""

    def make_preexec_fn(self, name):
        base = super().make_preexec_fn(name)

        def preexec():
            base()
            try:
                ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
            except OSError:
                pass
        return preexec


c = get_config()  # noqa: F821
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.JupyterHub.db_url = "sqlite:///{db}"
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {hub_pid!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {students!r}
c.Authenticator.admin_users = {{{instructor!r}}}
c.JupyterHub.spawner_class = ClassroomSpawner
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = {timeout}
c.Spawner.start_timeout = {timeout}
c.Spawner.environment = {{"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}}
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.log_level = "INFO"
'''


class Hub:
    """A JupyterHub on 127.0.0.1 with ``students`` (names) and the admin ``instructor`` (context manager).

    ``root``: a temporary folder for the hub's files (config, database, log) and the students'
    homes (``root/home/NAME``). ``url``: the hub's public address (through the proxy)."""

    _running = []

    def __init__(self, root, students, *, timeout_s=SPAWN_TIMEOUT_S):
        self.root = pathlib.Path(root)
        self.homes = self.root / "home"
        self.homes.mkdir(parents=True, exist_ok=True)
        self.students = list(students)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.root / "jupyterhub.log"
        self.proc = None
        self.seen = {}
        self.timeout_s = timeout_s
        self._old_sigterm = None

    def processes(self):
        """The hub and everything it started that is alive now (proxy, servers, kernels): psutil.Process."""
        if self.proc is None:
            return []
        try:
            hub = psutil.Process(self.proc.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def track(self):
        """Remember every process the hub has started so far, so stop() can end them even if the hub dies."""
        for p in self.processes():
            self.seen[(p.pid, p.create_time())] = p
        return list(self.seen.values())

    def start(self):
        chp = chp_path()
        if chp is None:
            raise RuntimeError(f"configurable-http-proxy not found; install it: {INSTALL_HINT}")
        args = ["--allow-root"] if os.geteuid() == 0 else []
        bindir = pathlib.Path(sys.executable).parent
        config = CONFIG.format(
            port=self.port, hub_port=free_port(), proxy_api_port=free_port(), chp=chp,
            proxy_pid=str(self.root / "proxy.pid"), db=self.root / "jupyterhub.sqlite",
            cookie_secret=str(self.root / "cookie_secret"), hub_pid=str(self.root / "hub.pid"),
            password=PASSWORD, students={*self.students, INSTRUCTOR}, instructor=INSTRUCTOR,
            homes=str(self.homes), singleuser=str(bindir / "jupyterhub-singleuser"), args=args,
            timeout=self.timeout_s)
        (self.root / "jupyterhub_config.py").write_text(config, encoding="utf-8")
        env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
                   CONFIGPROXY_AUTH_TOKEN=uuid.uuid4().hex, NO_PROXY="127.0.0.1,localhost",
                   no_proxy="127.0.0.1,localhost")
        log = open(self.log_path, "ab")
        Hub._running.append(self)
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) in (
                signal.SIG_DFL, None):
            self._old_sigterm = signal.signal(signal.SIGTERM, _sigterm_to_interrupt)
        self.proc = subprocess.Popen([str(bindir / "jupyterhub"), "-f", str(self.root / "jupyterhub_config.py")],
                                     cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True,
                                     preexec_fn=_parent_death_signal)
        log.close()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.proc.returncode}; log: {self.log_path}\n"
                                   + self.log_tail())
            try:
                if requests.get(self.url + "/hub/api/", timeout=5).status_code == 200:
                    self.track()
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"jupyterhub did not answer at {self.url} within 120 s; log: {self.log_path}\n"
                           + self.log_tail())

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        """Stop the hub and everything it started; the processes it had started (all gone now)."""
        if self.proc is None:
            return []
        procs = self.track()
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=90)  # the hub stops each server, which shuts down its kernels
        except subprocess.TimeoutExpired:
            pass
        _, alive = psutil.wait_procs([p for p in procs if p.pid != self.proc.pid], timeout=20)
        for p in [*alive, *([psutil.Process(self.proc.pid)] if self.proc.poll() is None else [])]:
            with contextlib.suppress(psutil.Error, OSError):
                if os.getpgid(p.pid) == p.pid:
                    os.killpg(p.pid, signal.SIGKILL)  # a group it leads: the server and its kernels
                else:
                    p.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=20)
        psutil.wait_procs(procs, timeout=20)
        self.proc = None
        if self in Hub._running:
            Hub._running.remove(self)
        if self._old_sigterm is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._old_sigterm)
            self._old_sigterm = None
        return procs

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()


def still_running(procs):
    """The processes in ``procs`` that still run (zombies count as gone)."""
    alive = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


def _sigterm_to_interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@atexit.register
def _stop_all():
    for hub in list(Hub._running):
        hub.stop()


# --- a student ------------------------------------------------------------------------------------

class Student:
    """One simulated student: logs in with the form, opens links, runs cells (REST + websocket)."""

    def __init__(self, hub, name, password=PASSWORD):
        self.hub, self.name, self.password = hub, name, password
        self.web = requests.Session()  # the browser: cookies only
        self.token = None
        self.api = requests.Session()  # JupyterLab-like API client: the student's token

    @property
    def server_url(self):
        return f"{self.hub.url}/user/{self.name}"

    def login(self):
        """Log in through the login form; then ask the hub for an API token (as /hub/token does)."""
        page = self.web.get(self.hub.url + "/hub/login", timeout=REQUEST_TIMEOUT_S)
        page.raise_for_status()
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        r = self.web.post(self.hub.url + "/hub/login", data={"username": self.name, "password": self.password,
                                                            "_xsrf": xsrf}, timeout=REQUEST_TIMEOUT_S)
        r.raise_for_status()
        if "/hub/login" in urllib.parse.urlparse(r.url).path:
            raise RuntimeError(f"{self.name}: login refused")
        r = self.web.post(f"{self.hub.url}/hub/api/users/{self.name}/tokens", json={"note": "classroom test"},
                          headers={"X-XSRFToken": self.web.cookies.get("_xsrf", path="/hub/")},
                          timeout=REQUEST_TIMEOUT_S)
        r.raise_for_status()
        self.token = r.json()["token"]
        self.api.headers["Authorization"] = f"token {self.token}"
        return self

    def hub_api(self, method, path, **kw):
        """A request to the hub's REST API with the student's token."""
        return self.api.request(method, f"{self.hub.url}/hub/api{path}", timeout=REQUEST_TIMEOUT_S, **kw)

    def server_ready(self):
        r = self.hub_api("GET", f"/users/{self.name}")
        r.raise_for_status()
        server = (r.json().get("servers") or {}).get("")
        return bool(server and server.get("ready"))

    def wait_for_server(self, timeout_s=SPAWN_TIMEOUT_S):
        """Wait until the student's server is ready (the spawn-pending page polls the same API)."""
        deadline = time.monotonic() + timeout_s
        while not self.server_ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: server not ready after {timeout_s} s\n{self.hub.log_tail()}")
            time.sleep(1)
        self.hub.track()

    def start_server(self):
        """Ask the hub for the student's server (the "Start my server" button); waits until ready."""
        r = self.hub_api("POST", f"/users/{self.name}/server")
        if r.status_code not in (201, 202, 400):  # 400: already running
            r.raise_for_status()
        self.wait_for_server()

    def open_pull_link(self, link):
        """Open an nbgitpuller link as a browser does; returns the address the student lands on.

        The browser follows the hub's redirects (spawning the server if needed), gets nbgitpuller's
        status page, whose script reads the pull's event stream and then goes to the lesson."""
        r = self.web.get(link, timeout=REQUEST_TIMEOUT_S)
        if "/spawn-pending/" in r.url or "/hub/spawn" in r.url:
            self.wait_for_server()
            r = self.web.get(link, timeout=REQUEST_TIMEOUT_S)
        r.raise_for_status()
        page = urllib.parse.urlparse(r.url)
        if not page.path.endswith("/git-pull"):
            raise RuntimeError(f"{self.name}: the link led to {r.url}, not nbgitpuller's page")
        query = urllib.parse.parse_qs(page.query)
        repo = query["repo"][0]
        api = {"repo": repo, "branch": query.get("branch", ["main"])[0],
               "targetpath": query.get("targetpath", [repo.rstrip("/").split("/")[-1]])[0]}
        events = []
        with self.web.get(f"{self.server_url}/git-pull/api", params=api, stream=True,
                          timeout=REQUEST_TIMEOUT_S) as stream:
            stream.raise_for_status()
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data: "):
                    events.append(json.loads(line[6:]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"{self.name}: nbgitpuller did not finish: {events[-1:]}")
        landing = f"{self.server_url}/{query['urlpath'][0]}"
        r = self.web.get(landing, timeout=REQUEST_TIMEOUT_S)
        r.raise_for_status()
        return r.url

    def contents(self, path):
        """A file of the student's home through the Jupyter Server contents API (dict; notebooks as JSON)."""
        r = self.api.get(f"{self.server_url}/api/contents/{path}", timeout=REQUEST_TIMEOUT_S)
        r.raise_for_status()
        return r.json()

    def save_notebook(self, path, nb):
        """Save a notebook as JupyterLab does (PUT to the contents API)."""
        r = self.api.put(f"{self.server_url}/api/contents/{path}",
                         json={"type": "notebook", "format": "json", "content": nb}, timeout=REQUEST_TIMEOUT_S)
        r.raise_for_status()

    def open_kernel(self, path):
        """A kernel session for the notebook at ``path`` (cwd: its folder), as JupyterLab opens one."""
        r = self.api.post(f"{self.server_url}/api/sessions", timeout=REQUEST_TIMEOUT_S,
                          json={"path": path, "type": "notebook", "name": pathlib.PurePosixPath(path).name,
                                "kernel": {"name": "python3"}})
        r.raise_for_status()
        kernel = Kernel(self, r.json()["kernel"]["id"], r.json()["id"])
        self.hub.track()
        return kernel


class Kernel:
    """A kernel of a student's server, driven through its websocket (the Jupyter messaging protocol)."""

    def __init__(self, student, kernel_id, session_id):
        import websocket  # websocket-client

        self.student, self.id, self.session_id = student, kernel_id, session_id
        ws_url = student.server_url.replace("http://", "ws://", 1) + f"/api/kernels/{kernel_id}/channels"
        self.ws = websocket.create_connection(ws_url, header=[f"Authorization: token {student.token}"],
                                              timeout=CELL_TIMEOUT_S)
        self.client_session = uuid.uuid4().hex

    def execute(self, code):
        """Run one cell; (seconds from request to the kernel's idle, error name or None)."""
        msg_id = uuid.uuid4().hex
        msg = {"header": {"msg_id": msg_id, "username": self.student.name, "session": self.client_session,
                          "msg_type": "execute_request", "version": "5.3", "date": ""},
               "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
               "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                           "allow_stdin": False, "stop_on_error": True}}
        start = time.perf_counter()
        self.ws.send(json.dumps(msg))
        error, replied, idle = None, False, False
        while not (replied and idle):
            reply = json.loads(self.ws.recv())
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = reply["header"]["msg_type"]
            if kind == "execute_reply":
                replied = True
                if reply["content"].get("status") != "ok":
                    error = reply["content"].get("ename", "error")
            elif kind == "status" and reply["content"].get("execution_state") == "idle":
                idle = True
            elif kind == "error":
                error = reply["content"].get("ename", "error")
        return time.perf_counter() - start, error

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()
        with contextlib.suppress(requests.RequestException):
            self.student.api.delete(f"{self.student.server_url}/api/sessions/{self.session_id}",
                                    timeout=REQUEST_TIMEOUT_S)


def code_cells(nb):
    """The sources of a notebook's code cells, in order."""
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def memory_mb(student):
    """Resident memory of a student's server and its kernels (MiB), from /proc through psutil."""
    total = 0
    for p in student.hub.processes():
        try:
            env_user = p.environ().get("JUPYTERHUB_USER")
            if env_user == student.name:
                total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def temporary_root(prefix="air-encounters-hub-"):
    """A temporary folder for a hub (the caller removes it)."""
    return pathlib.Path(tempfile.mkdtemp(prefix=prefix))


# --- edits and updates: what nbgitpuller must merge without losing a student's work ------------

PLACEHOLDER = re.compile(r"^(\w+) = \.\.\.")
INSTRUCTOR_INTRO = "Update from your instructor: read the sources list before the exercises."
INSTRUCTOR_CLOSING = "## After class\n\nBring one question about a claim and its source."


def answer_cell(nb):
    """The first exercise cell with a placeholder answer (``name = ...``), or None."""
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and PLACEHOLDER.match(source):
            return cell
    return None


def student_edits_lesson(student, path=f"{KIT_NAME}/{LESSON}"):
    """The student answers the first exercise (on its placeholder line), adds a note cell after it
    and saves, as in JupyterLab; the texts that must survive every later pull."""
    import nbformat

    nb = student.contents(path)["content"]
    cell = answer_cell(nb)
    if cell is None:
        raise RuntimeError(f"{path} has no code cell of the form `answer = ...` for a student to fill in")
    first, *rest = cell["source"].split("\n")
    answer_line = f"{PLACEHOLDER.match(first).group(1)} = 4  # {student.name}'s answer, counted on the timeline"
    cell["source"] = "\n".join([answer_line, *rest])
    note = f"My notes ({student.name}): the oldest incident surprised me."
    nb["cells"].insert(nb["cells"].index(cell) + 1, nbformat.v4.new_markdown_cell(note))
    student.save_notebook(path, nb)
    return [answer_line, note]


def instructor_updates_lesson(kit):
    """A new commit to the lesson students edited: the same placeholder line (a conflict nbgitpuller
    resolves in the student's favour), the introduction and a new last cell. (commit id, the texts
    that must arrive)."""
    import nbformat

    def change(nb):
        cell = answer_cell(nb)
        lines = "".join(cell["source"]).split("\n")
        lines[0] += " (count rows whose region is black_sea)"
        cell["source"] = "\n".join(lines)
        nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n\n" + INSTRUCTOR_INTRO
        nb["cells"].append(nbformat.v4.new_markdown_cell(INSTRUCTOR_CLOSING))

    kit.edit_lesson(change)
    return kit.commit("Lesson 00: instructor's update"), [INSTRUCTOR_INTRO, INSTRUCTOR_CLOSING]


def merged_lesson(home, edits, updates, commit, path=f"{KIT_NAME}/{LESSON}"):
    """After a pull, what a student's copy lacks: (lost edits, updates that did not arrive).

    Raises if the merged file is not a valid notebook or the clone lacks the instructor's commit."""
    import nbformat

    nb = nbformat.reads((pathlib.Path(home) / path).read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(nb)
    sources = ["".join(c["source"]) for c in nb["cells"]]
    git("merge-base", "--is-ancestor", commit, "HEAD", cwd=pathlib.Path(home) / KIT_NAME)
    lost = [e for e in edits if not any(e in s for s in sources)]
    missing = [u for u in updates if not any(u in s for s in sources)]
    return lost, missing
