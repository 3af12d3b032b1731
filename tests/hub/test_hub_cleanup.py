"""Everything a hub starts stops with it, also when the run is interrupted.

The shared hub of the other tests is checked the same way at the end of the session (the
``classroom`` fixture fails its teardown if anything it started still runs)."""

import os
import signal

import harness
import psutil
import pytest


def _kinds(procs):
    """Which of hub, proxy, single-user server, kernel are among ``procs``."""
    kinds = set()
    for p in procs:
        try:
            cmd = " ".join(p.cmdline())
        except psutil.Error:  # a short-lived helper process (git, a shell) already gone
            continue
        if "jupyterhub-singleuser" in cmd:
            kinds.add("server")
        elif "ipykernel" in cmd:
            kinds.add("kernel")
        elif "configurable-http-proxy" in cmd:
            kinds.add("proxy")
        elif "jupyterhub" in cmd:
            kinds.add("hub")
    return kinds


def test_an_interrupt_stops_hub_proxy_server_and_kernel(hub_requirements, tmp_path):
    hub = harness.Hub(tmp_path, ["dana"])
    with pytest.raises(KeyboardInterrupt):
        with hub:
            dana = harness.Student(hub, "dana").login()
            dana.start_server()
            (hub.homes / "dana" / "lesson.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, '
                                                            '"nbformat_minor": 5}', encoding="utf-8")
            kernel = dana.open_kernel("lesson.ipynb")
            assert kernel.execute("x = 1")[1] is None
            started = hub.track()
            assert _kinds(started) == {"hub", "proxy", "server", "kernel"}
            assert harness.memory_mb(dana) > 50
            if signal.getsignal(signal.SIGTERM) is harness._sigterm_to_interrupt:
                os.kill(os.getpid(), signal.SIGTERM)  # what `kill PID` or a CI timeout sends
            raise KeyboardInterrupt  # Ctrl-C (reached only if SIGTERM was not turned into it)
    assert harness.still_running(started) == []
    assert hub.processes() == []
