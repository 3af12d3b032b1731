"""Benchmark: prints figures, asserts nothing. ``python tests/benchmark.py [--notebooks]``
(``--only=coast,claims`` runs only those sections: data, claims, coast, growth, geodesics, maps,
widgets; ``--notebooks-only`` only the notebooks).

- per incident with a map: HTML size of ``incident_map`` vs a naive folium map of the same
  layers at full resolution (fine coastline, unrounded), and the ratio (targets: <= 300 KB,
  <= 0.2x naive);
- widgets: median and max Python time of one slider step (target: median <= 100 ms);
- geodesics: ``helpers.geo.distance_nmi`` on 100k pairs vs raw ``pyproj.Geod.inv`` (target >= 0.5x);
- ``claims_frame`` per incident in a fresh process: cold with an empty derived-file cache, cold
  in a new session (cache built), warm (targets: all cold <= 1 s, warm <= 0.3 s);
- distance to coast, points per second, vs the exact point-by-point reference (target >= 20,000);
- growth: a track resampled from 100 to 100,000 points: map HTML size, one widget step, closest
  approach time, as ratios to 100 points (targets 1.2x, 1.2x, 10x);
- with ``--notebooks``: each notebook's execution time vs a bare kernel running only its
  imports, best of 3 each (target <= 2.0x, long-run 1.5x, and no notebook over 8 s).
"""

import pathlib
import statistics
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import data, geo, maps  # noqa: E402


def naive_map_size(incident_id):
    """A folium map with the same layers, drawn the naive way: full fine coastline, no clipping,
    no rounding, default 12-nmi buffer of the whole region."""
    import folium
    from shapely.geometry import mapping

    inc = data.incident(incident_id)
    fmap = folium.Map(tiles=None)
    try:
        land = data.coastline(inc["region"], "fine")
    except KeyError:
        land = data.coastline("world", "light")
    folium.GeoJson(mapping(land)).add_to(fmap)
    west, south, east, north = maps.view_box(incident_id)
    limit = maps.sea_limit_in_view(inc["region"], 12, (west - 3, south - 2, east + 3, north + 2))
    if limit is not None:
        folium.GeoJson(mapping(limit)).add_to(fmap)
    try:
        for trk in data.tracks(incident_id).values():
            folium.PolyLine(list(zip(trk["lat"], trk["lon"]))).add_to(fmap)
    except KeyError:
        pass
    return len(fmap.get_root().render().encode())


def bench_maps():
    print("\n## Map HTML size (target: <= 300 KB and <= 0.2x naive)")
    print(f"{'incident':28} {'map KB':>8} {'naive KB':>9} {'ratio':>6}")
    for incident_id in data.incidents()["id"]:
        try:
            size = len(maps.map_html(maps.incident_map(incident_id)).encode())
        except KeyError as err:
            print(f"{incident_id:28} skipped ({err})")
            continue
        naive = naive_map_size(incident_id)
        print(f"{incident_id:28} {size / 1024:8.1f} {naive / 1024:9.1f} {size / naive:6.2f}")
    size = len(maps.map_html(maps.overview_map()).encode())
    print(f"{'overview (all incidents)':28} {size / 1024:8.1f}")


def _steps(widget, control, values):
    times = []
    for v in values:
        t0 = time.perf_counter()
        control.value = v
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def bench_widgets():
    from helpers import widgets

    print("\n## Widget step, Python side (target: median <= 100 ms)")
    print(f"{'widget':40} {'median ms':>10} {'max ms':>8}")
    for incident_id in ("alaska-2020-06-10", "black-sea-2018-01-29", "baltic-2019-03-20"):
        ex = widgets.track_explorer(incident_id)
        values = np.linspace(ex.slider.min, ex.slider.max, 30).astype(int) // ex.slider.step * ex.slider.step
        med, mx = _steps(ex, ex.slider, values)
        print(f"{'track_explorer ' + incident_id:40} {med:10.1f} {mx:8.1f}")
    planner = widgets.intercept_planner()
    med, mx = _steps(planner, planner.bomber_course, range(0, 360, 12))
    print(f"{'intercept_planner (course)':40} {med:10.1f} {mx:8.1f}")
    zones = widgets.zone_explorer()
    med, mx = _steps(zones, zones.lat, np.linspace(zones.lat.min, zones.lat.max, 30))
    print(f"{'zone_explorer (latitude)':40} {med:10.1f} {mx:8.1f}")
    cpa = widgets.cpa_explorer()
    med, mx = _steps(cpa, cpa.offset_ft, range(0, 3000, 100))
    print(f"{'cpa_explorer (offset)':40} {med:10.1f} {mx:8.1f}")


def bench_geodesics(n=100_000):
    import pyproj

    rng = np.random.default_rng(1)
    lat1, lat2 = rng.uniform(-80, 80, n), rng.uniform(-80, 80, n)
    lon1, lon2 = rng.uniform(-180, 180, n), rng.uniform(-180, 180, n)
    g = pyproj.Geod(ellps="WGS84")
    best_raw = min(_timed(lambda: g.inv(lon1, lat1, lon2, lat2)) for _ in range(3))
    best_kit = min(_timed(lambda: geo.distance_nmi(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)) for _ in range(3))
    print("\n## Geodesics on 100k pairs (target: kit >= 0.5x raw pyproj throughput)")
    print(f"raw pyproj.Geod.inv: {best_raw * 1000:.1f} ms; helpers.geo.distance_nmi: {best_kit * 1000:.1f} ms; "
          f"throughput ratio {best_raw / best_kit:.2f}x")


_COLD = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from helpers import widgets
t1 = time.perf_counter()
widgets.claims_frame({incident!r})
t2 = time.perf_counter()
widgets.claims_frame({incident!r})
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def bench_claims():
    """claims_frame per incident in a fresh process: cold (first call, imports excluded) with an
    empty derived-file cache and with the cache built (a new session), and warm."""
    import os
    import subprocess
    import tempfile

    print("\n## claims_frame per incident, fresh process (target: all cold <= 1 s, warm <= 0.3 s each)")
    print(f"{'incident':24} {'cold, empty cache s':>20} {'cold, new session s':>20} {'warm s':>8}")
    total_first = total_next = 0.0
    with tempfile.TemporaryDirectory() as empty:
        for incident_id in data.incidents_with_tracks():
            times = []
            for folder in (empty, None):
                env = dict(os.environ)
                if folder:
                    env["AIR_ENCOUNTERS_CACHE"] = folder
                out = subprocess.run([sys.executable, "-c", _COLD.format(root=str(ROOT), incident=incident_id)],
                                     capture_output=True, text=True, env=env, check=True, timeout=600)
                times.append([float(x) for x in out.stdout.split()[-3:]])
            total_first += times[0][1]
            total_next += times[1][1]
            print(f"{incident_id:24} {times[0][1]:20.2f} {times[1][1]:20.2f} {times[1][2]:8.3f}")
    print(f"{'all incidents':24} {total_first:20.2f} {total_next:20.2f}")


def _points_near_coasts(n_per_region, rng):
    import shapely

    for region in sorted(p.name.split(".")[0] for p in (data.DATA_DIR / "coastlines").glob("*.fine.geojson")):
        coast = data.coastline(region, "fine")
        xy = shapely.get_coordinates(coast)
        k = rng.integers(0, len(xy), n_per_region)
        p = geo.destination(lat=xy[k, 1], lon=xy[k, 0], bearing_deg=rng.uniform(0, 360, n_per_region),
                            distance_nmi=rng.uniform(0, 40, n_per_region))
        yield region, coast, np.clip(np.asarray(p.lat), -90, 90), np.asarray(p.lon)


def bench_distance_to_coast(n_fast=5000, n_exact=300):
    """Points per second: random points within 40 nmi of each fine coastline, and every 10 s of
    every track; the exact point-by-point reference (tests/coast_reference.py) on a subset."""
    import pandas as pd

    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import coast_reference as ref
    except ImportError:  # the old code: its own function is the reference
        ref = geo
    print("\n## Distance to coast, points per second (target: >= 20,000); search arrays already built")
    print(f"{'points':40} {'n':>6} {'kit pts/s':>10} {'reference pts/s':>16}")
    rng = np.random.default_rng(7)
    sets = [(f"within 40 nmi of {r}", c, la, lo) for r, c, la, lo in _points_near_coasts(n_fast, rng)]
    for incident_id in data.incidents_with_tracks():
        coast = data.coastline(data.incident(incident_id)["region"], "fine")
        pts = [geo.position_at(t, pd.date_range(t["time"].iloc[0], t["time"].iloc[-1], freq="10s"))
               for t in data.tracks(incident_id).values()]
        sets.append((f"tracks of {incident_id}, every 10 s", coast, np.concatenate([p["lat"] for p in pts]),
                     np.concatenate([p["lon"] for p in pts])))
    for label, coast, lat, lon in sets:
        geo.distance_to_coast_nmi(lat=lat[:2], lon=lon[:2], coast=coast)  # search arrays built
        m = min(n_exact, len(lat))
        if ref is geo:
            lat, lon = lat[:m], lon[:m]
        t_kit = _timed(lambda a=lat, o=lon, c=coast: geo.distance_to_coast_nmi(lat=a, lon=o, coast=c))
        t_ref = _timed(lambda a=lat[:m], o=lon[:m], c=coast: ref.distance_to_coast_nmi(lat=a, lon=o, coast=c))
        print(f"{label[:40]:40} {len(lat):6d} {len(lat) / t_kit:10.0f} {m / t_ref:16.0f}")


def bench_growth(sizes=(100, 1_000, 10_000, 100_000), incident_id="alaska-2020-06-10"):
    """Each track of an incident resampled from 100 to 100,000 points: map HTML size, one widget
    step and the closest approach time, as ratios to the 100-point case (targets 1.2x, 1.2x, 10x)."""
    import unittest.mock

    import pandas as pd

    from helpers import widgets

    print(f"\n## Growth: each track of {incident_id} resampled to N points (ratios to N = 100; "
          "targets: map and widget step <= 1.2x, closest approach <= 10x)")
    print(f"{'N':>8} {'map KB':>8} {'ratio':>6} {'step ms':>8} {'ratio':>6} {'closest s':>10} {'ratio':>6}")
    original = dict(data.tracks(incident_id))
    coast = data.coastline(data.incident(incident_id)["region"], "fine")
    real_tracks, real_track = data.tracks, data.track
    base = None
    for n in sizes:
        dense = {}
        for name, t in original.items():
            p = geo.position_at(t, pd.date_range(t["time"].iloc[0], t["time"].iloc[-1], periods=n))
            extra = {c: t[c].iloc[0] for c in t.columns if c not in p.columns}
            dense[name] = p.assign(**extra)[list(t.columns)]
        t_closest = _timed(lambda d=dense: [geo.closest_to_coast(t, coast) for t in d.values()])

        def tracks(i, _d=dense):
            return dict(_d) if i == incident_id else real_tracks(i)

        def track(i, name=None, _d=dense):
            return _d[name] if i == incident_id and name is not None else real_track(i, name)

        with unittest.mock.patch.object(data, "tracks", tracks), unittest.mock.patch.object(data, "track", track):
            data.clear_caches()
            size = len(maps.map_html(maps.incident_map(incident_id)).encode())
            ex = widgets.track_explorer(incident_id)
            values = np.linspace(ex.slider.min, ex.slider.max, 12).astype(int) // ex.slider.step * ex.slider.step
            step = statistics.median([_timed(lambda v=v, e=ex: setattr(e.slider, "value", int(v))) for v in values]) * 1000
        data.clear_caches()
        if base is None:
            base = (size, step, t_closest)
        print(f"{n:8d} {size / 1024:8.1f} {size / base[0]:6.2f} {step:8.1f} {step / base[1]:6.2f} "
              f"{t_closest:10.3f} {t_closest / base[2]:6.2f}")


def _timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def bench_notebooks(repeats=3):
    """Each notebook and a bare kernel running only its import cell, alternately, ``repeats``
    times; the least time of each (kernel start-up varies by a second from run to run). For
    notebooks that draw a folium map, also the ratio to a bare kernel that imports folium too:
    ``helpers.maps`` imports folium only when the first map is drawn (about 0.2 s, folium
    compiling its templates; its plugins package, another 0.2 s, is not imported), so that cost
    lands in the first map cell."""
    import nbformat
    from nbclient import NotebookClient

    def run(nb, folder):
        return _timed(lambda: NotebookClient(nb, timeout=120, resources={"metadata": {"path": folder}}).execute())

    print(f"\n## Notebook execution, best of {repeats} (target: <= 2.0x a bare kernel with the same imports, "
          "long-run 1.5x; <= 8 s)")
    print(f"{'notebook':32} {'run s':>7} {'imports s':>10} {'ratio':>6} {'+ folium s':>11} {'ratio':>6}")
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        imports = next((c for c in nb.cells if c.cell_type == "code" and "import" in c.source), None)
        source = imports.source if imports else ""
        bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        maps_drawn = any(c.cell_type == "code" and "maps." in c.source and "_map(" in c.source for c in nb.cells)
        with_folium = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source + "\nimport folium")])
        t_bare, t_full, t_folium = [], [], []
        for _ in range(repeats):
            t_bare.append(run(bare, str(path.parent)))
            t_full.append(run(nbformat.read(path, as_version=4), str(path.parent)))
            if maps_drawn:
                t_folium.append(run(with_folium, str(path.parent)))
        extra = f"{min(t_folium):11.1f} {min(t_full) / min(t_folium):6.2f}" if maps_drawn else f"{'-':>11} {'-':>6}"
        print(f"{path.name:32} {min(t_full):7.1f} {min(t_bare):10.1f} {min(t_full) / min(t_bare):6.2f} {extra}")


def bench_first_data_access(runs=3):
    """First ``data.incidents()`` in a fresh process: cold (no validation stamp: the whole data
    folder is validated) vs warm (the stamp of these exact files exists: only hashing)."""
    import subprocess
    import tempfile

    code = ("import time; t = time.perf_counter(); from helpers import data; t1 = time.perf_counter(); "
            "data.incidents(); print(time.perf_counter() - t1)")
    print("\n## First data access in a fresh kernel (validation once per data version)")
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**__import__("os").environ, "AIR_ENCOUNTERS_CACHE": cache}
            for out in (cold, warm):
                result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                                        text=True, check=True, timeout=300)
                out.append(float(result.stdout.strip()))
    print(f"cold (validates data/): median {statistics.median(cold) * 1000:.0f} ms; "
          f"warm (stamp found): median {statistics.median(warm) * 1000:.0f} ms; "
          f"ratio {statistics.median(cold) / statistics.median(warm):.1f}x")


SECTIONS = {"data": bench_first_data_access, "claims": bench_claims, "coast": bench_distance_to_coast,
            "growth": bench_growth, "geodesics": bench_geodesics, "maps": bench_maps, "widgets": bench_widgets}

if __name__ == "__main__":
    only = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--only=")), None)
    if "--notebooks-only" not in sys.argv:
        for name, bench in SECTIONS.items():
            if only is None or name in only:
                bench()
    if "--notebooks" in sys.argv or "--notebooks-only" in sys.argv:
        bench_notebooks()
