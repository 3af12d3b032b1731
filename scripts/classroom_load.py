"""Simulated students on a real JupyterHub on this machine: latency of lesson cells and memory per student.

    python scripts/classroom_load.py --students 30

What it does (everything on 127.0.0.1; see tests/hub/harness.py):

1. makes a git remote with a copy of the kit and starts a hub (configurable-http-proxy, local
   process spawner, dummy authenticator);
2. one student alone: logs in, opens the nbgitpuller link (which spawns the server and pulls the
   kit), runs every code cell of the lesson through the Jupyter Server REST and kernel websocket
   APIs with think times between cells, then stops the server;
3. N students the same way at once (logins staggered by --stagger-s), recording each cell's latency
   (request sent to kernel idle) and, after the last cell, the student's memory (single-user
   server + kernel resident set, from /proc);
4. each student edits the lesson and saves; the instructor commits a change to the same lesson;
   each student opens the link again; a lost edit is a student's text missing afterwards;
5. stops everything and checks that no process it started still runs.

Think times are drawn from a seeded random generator (--seed), uniform in [--think-min-s,
--think-max-s]. The last line is, exactly::

    students=N p50_ms=.. p95_ms=.. single_p95_ms=.. ratio=.. mem_per_student_mb=.. lost_edits=..

(ratio = p95 of the N students' cells / p95 of the lone student's cells). Exit status 1 if a
student failed or a process was left running. A benchmark that prints figures, not a test.
"""

import argparse
import os
import pathlib
import random
import shutil
import statistics
import sys
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "hub"))

import harness  # noqa: E402


def percentile(values, q):
    """The q-th percentile (0-100) of values, linear between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Run:
    """One simulated student's session: what it measured (latencies in s, memory in MiB) or its error."""

    def __init__(self, hub, name, link, rng, think_s, delay_s=0.0):
        self.student = harness.Student(hub, name)
        self.link, self.rng, self.think_s, self.delay_s = link, rng, think_s, delay_s
        self.latencies_s, self.cell_errors, self.memory_mb, self.error = [], [], None, None
        self.spawn_s = None

    def __call__(self):
        try:
            time.sleep(self.delay_s)
            started = time.monotonic()
            self.student.login()
            self.student.open_pull_link(self.link)
            self.spawn_s = time.monotonic() - started
            path = f"{harness.KIT_NAME}/{harness.LESSON}"
            cells = harness.code_cells(self.student.contents(path)["content"])
            kernel = self.student.open_kernel(path)
            try:
                for i, source in enumerate(cells):
                    if i:
                        time.sleep(self.rng.uniform(*self.think_s))  # the student reads, thinks, types
                    seconds, error = kernel.execute(source)
                    self.latencies_s.append(seconds)
                    if error:
                        self.cell_errors.append((i, error))
                self.memory_mb = harness.memory_mb(self.student)
            finally:
                kernel.close()
        except Exception as err:  # reported per student; the others go on
            self.error = f"{type(err).__name__}: {err}"


def run_all(runs):
    """Run each Run in its own thread; wait for all."""
    threads = [threading.Thread(target=r, daemon=True) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        while t.is_alive():
            t.join(timeout=1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10, help="number of simultaneous students (default 10)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the think times")
    parser.add_argument("--think-min-s", type=float, default=2.0, help="shortest pause between cells (s)")
    parser.add_argument("--think-max-s", type=float, default=6.0, help="longest pause between cells (s)")
    parser.add_argument("--stagger-s", type=float, default=3.0,
                        help="seconds between two students' logins (servers start one after another)")
    args = parser.parse_args(argv)
    if harness.chp_path() is None:
        raise SystemExit(f"configurable-http-proxy not found; install it: {harness.INSTALL_HINT}")
    think = (args.think_min_s, args.think_max_s)
    names = [f"student{i:02d}" for i in range(1, args.students + 1)]
    root = harness.temporary_root("air-encounters-load-")
    hub = None
    status = 0
    try:
        kit = harness.KitRemote(root / "git")
        with harness.GitServer(kit.bare.parent) as git_server:
            hub = harness.Hub(root / "hub", ["alone", *names], timeout_s=900)
            hub.start()
            link = harness.pull_link(hub.url, f"{git_server.url}/{harness.KIT_NAME}")
            print(f"hub at {hub.url}; lesson {harness.LESSON}; think {think[0]:g}-{think[1]:g} s; logins "
                  f"{args.stagger_s:g} s apart; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
                  flush=True)

            alone = Run(hub, "alone", link, random.Random(args.seed), think)
            alone()
            if alone.error or alone.cell_errors:
                raise SystemExit(f"the lone student failed: {alone.error or alone.cell_errors}")
            alone.student.hub_api("DELETE", "/users/alone/server")
            print(f"alone: {len(alone.latencies_s)} cells, p95 {percentile(alone.latencies_s, 95) * 1000:.0f} ms, "
                  f"spawn+pull {alone.spawn_s:.1f} s, memory {alone.memory_mb:.0f} MiB", flush=True)

            runs = [Run(hub, name, link, random.Random(args.seed + i), think, delay_s=i * args.stagger_s)
                    for i, name in enumerate(names, start=1)]
            t0 = time.monotonic()
            run_all(runs)
            print(f"{args.students} students done in {time.monotonic() - t0:.0f} s "
                  f"(load average {os.getloadavg()[0]:.1f})", flush=True)
            slow = sorted(((s, i, r.student.name) for r in runs for i, s in enumerate(r.latencies_s)), reverse=True)
            print("slowest cells (s, cell index, student): "
                  + ", ".join(f"{s:.1f} #{i} {n}" for s, i, n in slow[:5]), flush=True)
            print("lone student's slowest cells (s, index): " + ", ".join(
                f"{s:.1f} #{i}" for s, i in sorted(((s, i) for i, s in enumerate(alone.latencies_s)),
                                                   reverse=True)[:3]), flush=True)
            failed = [r for r in runs if r.error or r.cell_errors]
            for r in failed:
                print(f"FAILED {r.student.name}: {r.error or r.cell_errors}", flush=True)
            ok = [r for r in runs if r not in failed]
            spawns = [r.spawn_s for r in ok]
            if spawns:
                print(f"login+spawn+pull per student: median {statistics.median(spawns):.1f} s, "
                      f"max {max(spawns):.1f} s", flush=True)
            hub_mb = sum(p.memory_info().rss for p in hub.processes()[:1]) / 2**20
            print(f"hub process {hub_mb:.0f} MiB (plus the proxy)", flush=True)

            # Edits kept? Every student who got this far edits, the instructor commits, all pull again.
            edits = {}
            for r in ok:
                edits[r.student.name] = harness.student_edits_lesson(r.student)
            commit, updates = harness.instructor_updates_lesson(kit)
            pulls = [threading.Thread(target=r.student.open_pull_link, args=(link,), daemon=True) for r in ok]
            for t in pulls:
                t.start()
            for t in pulls:
                t.join(timeout=600)
            lost_edits = missing = 0
            for r in ok:
                lost, absent = harness.merged_lesson(hub.homes / r.student.name, edits[r.student.name], updates,
                                                     commit)
                lost_edits += len(lost)
                missing += len(absent)
            print(f"after the instructor's commit: lost edits {lost_edits}, updates missing {missing}", flush=True)
            if failed or missing:
                status = 1

            latencies = [s for r in ok for s in r.latencies_s]
            p50, p95 = percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000
            single_p95 = percentile(alone.latencies_s, 95) * 1000
            mem = statistics.mean(r.memory_mb for r in ok) if ok else float("nan")
            line = (f"students={args.students} p50_ms={p50:.0f} p95_ms={p95:.0f} single_p95_ms={single_p95:.0f} "
                    f"ratio={p95 / single_p95:.2f} mem_per_student_mb={mem:.0f} lost_edits={lost_edits}")
    finally:
        procs = hub.stop() if hub is not None else []
        left = harness.still_running(procs)
        print(f"stopped: {len(procs)} processes started, {len(left)} still running {left or ''}", flush=True)
        shutil.rmtree(root, ignore_errors=True)
    if left:
        status = 1
    print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
