"""Every lesson notebook run in JupyterLab in headless Chromium, as a student would.

ONE JupyterLab server (127.0.0.1, free port, token, temporary Jupyter folders, autosave off)
serves the repository for every notebook in this module. For each notebook: open it, wait for
the kernel, Run > Run All Cells, wait until every cell has run, then check that no cell shows
an error, every folium map renders Leaflet, and the widgets answer the keyboard with the
numbers helpers compute. The network is closed as in test_browser_maps.py.

The last tests run the same checks on two tiny notebooks written to build/browser-selftest/
(git-ignored, removed afterwards): a good one, which must pass, and a broken one (a map with
[lon, lat], a widget that does not react, a readout that shows a wrong number, a cell that
raises), on which every check must fail.
"""

import ast
import html
import json
import pathlib
import re
import shutil

import checks
import labdriver as lab
import pytest

pytestmark = pytest.mark.browser

REPO = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
SELFTEST = REPO / "build" / "browser-selftest"


@pytest.fixture(scope="module")
def lab_server(_browser_available, cdn_assets):
    server = lab.JupyterLab(REPO, extra_pythonpath=[REPO])
    server.start()
    try:
        # Running a lesson must never write its outputs back into the repository.
        assert server.setting("@jupyterlab/docmanager-extension:plugin", "autosave") is False, "autosave is on"
        assert server.setting("@jupyterlab/notebook-extension:tracker", "windowingMode") == "none"
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture
def lab_page(open_session, cdn_assets, lab_server):
    session = open_session(cdn_assets, viewport=(1400, 1000))
    yield session
    lab_server.delete_sessions()


def run_notebook(session, server, relpath):
    page = session.page
    lab.open_notebook(page, server, relpath)
    lab.run_all_cells(page)
    # Widget outputs are drawn by the front end after the kernel is idle: wait for them.
    try:
        page.wait_for_function("""() => [...document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')]
            .every(o => o.querySelector('.jupyter-widgets'))""", timeout=30000)
    except Exception as exc:
        raise AssertionError(f"widget outputs were not drawn within 30 s: {exc}") from None
    return page


# --- the widget oracle: what helpers computes for the same slider position ---------------------

ORACLES = {  # first readout row label -> factory in helpers.widgets
    "Distance to the coastline": "zone_explorer",
    "Time (UTC)": "track_explorer",
    "Closest approach": "cpa_explorer",
    "Bomber reaches the 12-nmi limit after": "intercept_planner",
    "From": "reach_explorer",
    "Great circle": "route_planner",
}
FACTORY_CLASSES = {"zone_explorer": "ZoneExplorer", "track_explorer": "TrackExplorer",
                   "cpa_explorer": "CpaExplorer", "intercept_planner": "InterceptPlanner",
                   "reach_explorer": "ReachExplorer", "route_planner": "RoutePlanner"}


def _code_cells(nb_path):
    nb = json.loads(pathlib.Path(nb_path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = cell["source"]
            yield "".join(src) if isinstance(src, list) else src


_UNKNOWN = object()


def _constants(trees):
    """Names bound exactly once (or always to the same literal) to a literal in the notebook."""
    values = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr, ast.For, ast.With)):
                targets = (node.targets if isinstance(node, ast.Assign) else
                           [i.optional_vars for i in node.items if i.optional_vars] if isinstance(node, ast.With)
                           else [node.target])
                simple = isinstance(node, ast.Assign) and len(targets) == 1 and isinstance(targets[0], ast.Name)
                try:
                    value = ast.literal_eval(node.value) if simple else _UNKNOWN
                except (ValueError, TypeError, SyntaxError, RecursionError):
                    value = _UNKNOWN
                for name in [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]:
                    if name in values and values[name] != value:
                        value = _UNKNOWN
                    values[name] = value
    return {k: v for k, v in values.items() if v is not _UNKNOWN}


def _literal(node, constants):
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    return ast.literal_eval(node)


def factory_calls(nb_path, factory):
    """The distinct calls of ``factory`` (or its class) in the notebook: (args, kwargs) if every
    argument is a literal or a name the notebook binds to a literal (``INCIDENT = "..."``), else None."""
    names = {factory, FACTORY_CLASSES.get(factory)}
    trees = []
    for src in _code_cells(nb_path):
        try:
            trees.append(ast.parse(src))
        except SyntaxError:
            continue
    constants = _constants(trees)
    calls = []
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            fname = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if fname not in names:
                continue
            try:
                args = [_literal(a, constants) for a in node.args]
                kwargs = {k.arg: _literal(k.value, constants) for k in node.keywords}
                if None in kwargs:
                    raise ValueError
                call = (args, kwargs)
            except (ValueError, TypeError, SyntaxError, RecursionError):
                call = None
            if call not in calls:
                calls.append(call)
    return calls


def _sliders(widget):
    out = []
    for child in getattr(widget, "children", ()):
        if child.__class__.__name__ in ("IntSlider", "FloatSlider"):
            out.append(child)
        out += _sliders(child)
    return out


def _readout_rows(readout_html):
    rows = re.findall(r"<tr><th[^>]*>(.*?)</th><td[^>]*>(.*?)</td></tr>", readout_html, re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in row] for row in rows]


def check_widget_against_helpers(nb_path, after):
    """Rebuild the widget in this process with the same arguments, put its sliders where the
    browser's are, and compare readouts row by row. Returns a note of what was checked."""
    from helpers import data, geo, widgets

    first = after["readout"][0][0] if after["readout"] and after["readout"][0] else None
    factory = ORACLES.get(first)
    if factory is None:
        return f"readout {first!r}: no oracle, checked that it changed"
    calls = factory_calls(nb_path, factory)
    if len(calls) != 1 or calls[0] is None:
        return (f"{factory}: {len(calls)} different calls or non-literal arguments, "
                "checked that the readout changed")
    args, kwargs = calls[0]
    widget = getattr(widgets, factory)(*args, **kwargs)
    by_label = {s.description: s for s in _sliders(widget)}
    for s in after["sliders"]:
        target = by_label.get(s["label"])
        assert target is not None, f"{factory}: the browser shows a slider {s['label']!r} that helpers has not"
        target.value = type(target.value)(float(s["value"]))
    expected = _readout_rows(widget.readout.value)
    assert after["readout"] == expected, (f"{factory}{tuple(args)}: the browser shows\n  {after['readout']}\n"
                                          f"helpers computes for the same sliders\n  {expected}")
    if factory == "zone_explorer":
        # Independently of the widget code: the distance is geo.nearest_coast_point at the new value.
        region = args[0] if args else kwargs.get("region", "alaska_bering")
        values = {s["label"]: float(s["value"]) for s in after["sliders"]}
        d = geo.nearest_coast_point(lat=values["Latitude"], lon=values["Longitude"],
                                    coast=data.coastline(region, "fine")).distance_nmi
        shown = checks.readout_value(after["readout"], "Distance to the coastline")
        assert shown == f"{d:.1f} nmi", f"zone_explorer shows {shown!r}; geo.nearest_coast_point gives {d:.1f} nmi"
    return f"{factory}{tuple(args)}: readout equals helpers' for {after['sliders']}"


def check_widgets(page, nb_path):
    """Press ArrowRight on the first slider of every widget output that has an .ae-readout (or of
    the first slider output if none has), and check the readout. Returns notes."""
    notes = [f"cell {i}: quiz answered {checks.answer_quiz(page, i)[:40]!r}" for i in checks.quiz_cells(page)]
    outputs = checks.widget_outputs(page)
    if not outputs:
        return notes + ["no slider in this notebook"]
    targets = [o for o in outputs if o["readout"]] or outputs[:1]
    for o in targets:
        _, after = checks.press_slider(page, o["cell"])
        if after["readout"]:
            notes.append(f"cell {o['cell']}: " + check_widget_against_helpers(nb_path, after))
        else:
            notes.append(f"cell {o['cell']}: slider moved and the output changed")
    return notes


def check_notebook(session, nb_path):
    page = session.page
    checks.assert_no_cell_errors(page)
    checks.assert_all_cells_executed(page)
    maps = checks.assert_notebook_maps_render(page)
    notes = [f"{len(maps)} map(s) render Leaflet"] + check_widgets(page, nb_path)
    checks.assert_no_errors(session.log)
    assert not session.net.aborted, f"requests with no local answer: {session.net.aborted}"
    return notes


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(name, lab_server, lab_page, screenshots_dir):
    try:
        run_notebook(lab_page, lab_server, f"notebooks/{name}")
        notes = check_notebook(lab_page, REPO / "notebooks" / name)
    finally:
        try:
            lab_page.page.screenshot(path=str(screenshots_dir / f"notebook-{pathlib.Path(name).stem}.png"))
        except Exception as exc:  # never hide the test's own failure
            print(f"no screenshot of {name}: {exc}")
    print(f"{name}: " + "; ".join(notes))


# --- test of the tests --------------------------------------------------------------------------

GOOD_CELLS = [
    "from helpers import maps, widgets",
    "maps.incident_map('black-sea-2017-11-25')",
    "widgets.zone_explorer('alaska_bering', lat=60.0, lon=-172.0)",
    "widgets.track_explorer('black-sea-2018-01-29')",
    "widgets.quiz('How many nautical miles is the territorial limit?', ['3', '12', '200'], '12', 'UNCLOS Art. 3.')",
]
BROKEN_CELLS = [
    # a map whose line has [lon, lat]
    "import folium\n"
    "m = folium.Map(location=[60.0, -172.0], zoom_start=5, tiles=None)\n"
    "folium.PolyLine([[-172.0, 60.0], [-170.0, 61.0]], color='red').add_to(m)\n"
    "m",
    # a widget whose readout never changes
    "import ipywidgets as w\n"
    "w.VBox([w.IntSlider(description='Dead'),\n"
    "        w.HTML(\"<table class='ae-readout'><tr><th>Value</th><td>0</td></tr></table>\")])",
    # a zone explorer whose readout shows a wrong distance after every move
    "from helpers import widgets\n"
    "z = widgets.zone_explorer('alaska_bering', lat=60.0, lon=-172.0)\n"
    "z.lat.observe(lambda _: setattr(z.readout, 'value', z.readout.value.replace(' nmi<', '9 nmi<', 1)),"
    " names='value')\n"
    "z",
    "raise ValueError('a deliberately broken cell')",
    "print('never runs')",
]


def _write_notebook(path, cells):
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": src}
                    for src in cells],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                      "language": "python"},
                       "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{i}"
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


@pytest.fixture(scope="module")
def selftest_notebooks():
    SELFTEST.mkdir(parents=True, exist_ok=True)
    _write_notebook(SELFTEST / "good.ipynb", GOOD_CELLS)
    _write_notebook(SELFTEST / "broken.ipynb", BROKEN_CELLS)
    yield SELFTEST
    shutil.rmtree(SELFTEST, ignore_errors=True)


def test_checks_pass_on_a_good_notebook(selftest_notebooks, lab_server, lab_page):
    run_notebook(lab_page, lab_server, "build/browser-selftest/good.ipynb")
    notes = check_notebook(lab_page, selftest_notebooks / "good.ipynb")
    assert any("zone_explorer" in n and "equals" in n for n in notes), notes
    assert any("track_explorer" in n and "equals" in n for n in notes), notes
    assert any("quiz answered 'Not quite" in n for n in notes), notes


def test_checks_fail_on_a_broken_notebook(selftest_notebooks, lab_server, lab_page):
    page = run_notebook(lab_page, lab_server, "build/browser-selftest/broken.ipynb")
    with pytest.raises(AssertionError, match="ValueError"):
        checks.assert_no_cell_errors(page)
    with pytest.raises(AssertionError, match="did not run"):
        checks.assert_all_cells_executed(page)
    with pytest.raises(AssertionError, match="draws nothing inside its view"):
        checks.assert_notebook_maps_render(page)
    outputs = {o["cell"]: o for o in checks.widget_outputs(page)}
    assert set(outputs) == {1, 2}, outputs
    with pytest.raises(AssertionError, match="did not change"):
        checks.press_slider(page, 1, timeout_ms=3000)
    _, after = checks.press_slider(page, 2)
    with pytest.raises(AssertionError, match="helpers computes"):
        check_widget_against_helpers(selftest_notebooks / "broken.ipynb", after)
