"""Benchmark: prints figures, asserts nothing. ``python tests/benchmark.py [--notebooks]``.

- per incident with a map: HTML size of ``incident_map`` vs a naive folium map of the same
  layers at full resolution (fine coastline, unrounded), and the ratio (targets: <= 300 KB,
  <= 0.2x naive);
- widgets: median and max Python time of one slider step (target: median <= 100 ms);
- geodesics: ``helpers.geo.distance_nmi`` on 100k pairs vs raw ``pyproj.Geod.inv`` (target >= 0.5x);
- with ``--notebooks``: each notebook's execution time vs a bare kernel running only its
  imports (target <= 1.5x, and no notebook over 10 s).
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


def _timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def bench_notebooks():
    import nbformat
    from nbclient import NotebookClient

    print("\n## Notebook execution (target: <= 1.5x a bare kernel with the same imports; <= 10 s)")
    print(f"{'notebook':32} {'run s':>7} {'imports s':>10} {'ratio':>6}")
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        imports = next((c for c in nb.cells if c.cell_type == "code" and "import" in c.source), None)
        bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(imports.source if imports else "")])
        t_bare = _timed(lambda: NotebookClient(bare, timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute())
        t_full = _timed(lambda: NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute())
        print(f"{path.name:32} {t_full:7.1f} {t_bare:10.1f} {t_full / t_bare:6.2f}")


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


if __name__ == "__main__":
    if "--notebooks-only" not in sys.argv:
        bench_first_data_access()
        bench_geodesics()
        bench_maps()
        bench_widgets()
    if "--notebooks" in sys.argv or "--notebooks-only" in sys.argv:
        bench_notebooks()
