"""Fixtures for the classroom tests: a real JupyterHub on 127.0.0.1 with three students.

Every test here is marked ``hub``. Without configurable-http-proxy (npm) they are skipped with a
line saying how to enable them; with CI=true they fail instead. See harness.py for what runs and
how it stops.
"""

import concurrent.futures
import os
import pathlib
import shutil
import sys
import types

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402  (tests/hub is not a package)

STUDENTS = ["alice", "bob", "carol"]


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def _missing():
    """What the hub tests lack: a list of install hints."""
    missing = []
    if harness.chp_path() is None:
        missing.append(f"configurable-http-proxy ({harness.INSTALL_HINT})")
    for module in ("jupyterhub", "nbgitpuller", "websocket"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"{module} (pip install -r requirements.txt)")
    if shutil.which("git") is None:
        missing.append("git (sudo apt-get install git)")
    return missing


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in pathlib.Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.hub)


_SHARED = []  # (hub, namespace) of the classroom fixture, stopped once the last hub test is done


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Stop the shared hub when the tests of this folder are done, not at the end of the whole run
    (its servers would otherwise hold about 0.3 GiB each while the other tests run)."""
    def here(node):
        return node is not None and HERE in pathlib.Path(str(node.fspath)).resolve().parents

    if here(item) and not here(nextitem):
        for hub, _ in _SHARED:
            hub.stopped = hub.stop() or getattr(hub, "stopped", [])


@pytest.fixture(scope="session")
def hub_requirements():
    missing = _missing()
    if missing:
        message = "hub tests need " + "; ".join(missing)
        if in_ci():
            pytest.fail(f"{message} (CI=true: the hub tests are required)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def classroom(hub_requirements, tmp_path_factory):
    """A running hub, the kit's git remote and three logged-in students who have opened the pull link.

    Attributes: hub, kit (harness.KitRemote), git_url, link, students ({name: harness.Student}),
    landed ({name: the address each student landed on})."""
    root = tmp_path_factory.mktemp("hub")
    kit = harness.KitRemote(root / "git")
    hub = harness.Hub(root / "hub", STUDENTS)
    with harness.GitServer(kit.bare.parent) as git_server:
        try:
            hub.start()
            git_url = f"{git_server.url}/{harness.KIT_NAME}"
            link = harness.pull_link(hub.url, git_url)
            students = {name: harness.Student(hub, name).login() for name in STUDENTS}
            with concurrent.futures.ThreadPoolExecutor(len(students)) as pool:
                landed = dict(zip(students, pool.map(lambda s: s.open_pull_link(link), students.values())))
            namespace = types.SimpleNamespace(hub=hub, kit=kit, git_url=git_url, link=link, students=students,
                                              landed=landed)
            _SHARED.append((hub, namespace))
            yield namespace
        finally:
            procs = hub.stop() or getattr(hub, "stopped", [])
            left = harness.still_running(procs)
            assert not left, f"processes the hub fixture started are still running: {left}"
