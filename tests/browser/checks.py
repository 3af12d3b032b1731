"""What the browser tests check, as plain functions that raise AssertionError.

They are kept apart from the tests so that tests/browser/test_browser_checks.py can show that each one
fails on a broken map or notebook (a check that cannot fail checks nothing).
"""

import collections
import re

DEFAULT_PATH_COLOR = "#3388ff"  # Leaflet's default stroke colour

# --- maps ---------------------------------------------------------------------------------------


def _walk(element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _geometries(geometry):
    """The number of Leaflet layers (so SVG paths) a GeoJSON geometry becomes."""
    if not geometry:
        return 0
    if geometry.get("type") == "GeometryCollection":
        return sum(_geometries(g) for g in geometry.get("geometries", []))
    if geometry.get("type") in ("Point", "MultiPoint"):
        return 0  # markers, not paths
    return 1 if geometry.get("coordinates") else 0


def _features(data):
    if data.get("type") == "FeatureCollection":
        return data.get("features", [])
    if data.get("type") == "Feature":
        return [data]
    return [{"type": "Feature", "properties": {}, "geometry": data}]


def expected_paths(fmap):
    """What a folium map should draw as SVG paths: a Counter of stroke colour -> number of paths
    (one per PolyLine, CircleMarker, Circle, Polygon, Rectangle, and GeoJson feature geometry),
    plus ``legend`` (True if the kit's legend is on the page)."""
    import folium
    import folium.vector_layers as vl

    counts = collections.Counter()
    for el in _walk(fmap):
        if isinstance(el, (vl.PolyLine, vl.Polygon, vl.Rectangle, vl.Circle, vl.CircleMarker)):
            counts[(el.options.get("color") or DEFAULT_PATH_COLOR).lower()] += 1
        elif isinstance(el, folium.GeoJson):
            for feature in _features(el.data):
                n = _geometries(feature.get("geometry"))
                if not n:
                    continue
                style = el.style_function(feature) if el.style_function else {}
                counts[(style.get("color") or DEFAULT_PATH_COLOR).lower()] += n
    html = fmap.get_root().render()
    return counts, 'class="ae-legend"' in html


_PATHS_JS = """() => {
    const box = c => { const r = c.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; };
    const containers = [...document.querySelectorAll('.leaflet-container')];
    return containers.map(c => ({
        box: box(c),
        legend: !!document.querySelector('.ae-legend'),
        paths: [...c.querySelectorAll('.leaflet-overlay-pane path')].map(p => ({
            stroke: (p.getAttribute('stroke') || '').toLowerCase(),
            d: p.getAttribute('d') || '',
            box: box(p),
        })),
    }));
}"""


def _visible_in(path_box, box):
    """The path's box touches the map's box (a zero-length line, e.g. a closest approach of
    0 nmi, has a zero-size box and still counts)."""
    return (path_box["x"] <= box["x"] + box["w"] and path_box["x"] + path_box["w"] >= box["x"]
            and path_box["y"] <= box["y"] + box["h"] and path_box["y"] + path_box["h"] >= box["y"])


def _drawn(path, box):
    """Leaflet writes "M0 0" for a path it clipped away entirely (nothing of it in view)."""
    return path["d"].strip() not in ("", "M0 0") and _visible_in(path["box"], box)


def map_state(frame, settle_ms=250, timeout_ms=10000):
    """The Leaflet maps in a page or frame: their box, legend and SVG paths (stroke, d, box),
    read once the maps have settled (no zoom animation running, two reads ``settle_ms`` apart
    alike): folium's fit_bounds animates, and paths are re-projected when it ends."""
    waited, last = 0, None
    while True:
        state = frame.evaluate(_PATHS_JS)
        animating = frame.evaluate("() => !!document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim')")
        if not animating and state == last:
            return state
        if waited >= timeout_ms:
            return state
        last = state
        frame.wait_for_timeout(settle_ms)
        waited += settle_ms


def assert_map_renders(frame, expected, *, legend=False, timeout_ms=15000):
    """A Leaflet map rendered in ``frame`` (a Page or Frame): a .leaflet-container of non-zero size;
    for each stroke colour at least as many SVG paths as ``expected`` (a Counter from
    ``expected_paths``); every path drawn inside the map (a path whose coordinates are wrong,
    e.g. [lon, lat], is clipped away by Leaflet and fails here); the legend if ``legend``."""
    frame.wait_for_selector(".leaflet-container", state="attached", timeout=timeout_ms)
    total = sum(expected.values())
    if total:
        try:
            frame.wait_for_function(f"() => document.querySelectorAll('.leaflet-overlay-pane path').length >= {total}",
                                    timeout=timeout_ms)
        except Exception:
            pass  # reported precisely below
    maps = map_state(frame)
    assert len(maps) == 1, f"expected one Leaflet map on the page, found {len(maps)}"
    state = maps[0]
    assert state["box"]["w"] > 50 and state["box"]["h"] > 50, f"the map has no size: {state['box']}"
    found = collections.Counter(p["stroke"] for p in state["paths"])
    short = {c: (n, found.get(c, 0)) for c, n in expected.items() if found.get(c, 0) < n}
    assert not short, ("too few paths drawn, per stroke colour (expected, found): "
                       f"{short}; all paths found: {dict(found)}")
    bad = [p for p in state["paths"] if not _drawn(p, state["box"])]
    assert not bad, (f"{len(bad)} of {len(state['paths'])} paths are not drawn inside the map (coordinates "
                     f"outside the view, e.g. [lon, lat] instead of [lat, lon]?): "
                     f"{[(p['stroke'], p['d'][:40], p['box']) for p in bad[:5]]}")
    if legend:
        assert state["legend"], "the map has no legend (.ae-legend)"
    return state


def assert_map_has_drawing(frame, timeout_ms=15000):
    """A looser check for maps whose content the test does not know (notebook outputs): a
    .leaflet-container with at least one SVG path drawn inside it."""
    frame.wait_for_selector(".leaflet-container", state="attached", timeout=timeout_ms)
    try:
        frame.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0",
                                timeout=timeout_ms)
    except Exception:
        pass
    maps = map_state(frame)
    assert maps, "no Leaflet map (.leaflet-container) in the frame"
    for state in maps:
        assert state["box"]["w"] > 50 and state["box"]["h"] > 50, f"the map has no size: {state['box']}"
        drawn = [p for p in state["paths"] if _drawn(p, state["box"])]
        assert drawn, (f"the map draws nothing inside its view ({len(state['paths'])} paths, all clipped away or "
                       "empty: coordinates in the wrong order?)")
    return maps


def assert_no_errors(log, *, ignore=()):
    """No console error and no uncaught exception was logged (see conftest.PageLog)."""
    errors = [e for e in log.errors() if not any(re.search(p, e) for p in ignore)]
    assert not errors, "the page logged errors:\n  " + "\n  ".join(errors[:20])


def assert_no_dialogs(log):
    assert not log.dialogs, f"script from the data ran in the page (dialogs opened: {log.dialogs})"


def assert_shown_as_text(text, payloads, where):
    """Each payload appears literally in ``text`` (the element's innerText), i.e. shown, not run."""
    missing = [p for p in payloads if p not in text]
    assert not missing, f"{where} does not show {missing} as text; it shows: {text[:400]!r}"


# --- text from the data is shown, never run ---------------------------------------------------

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "${alert(3)}"]


def _open_settled(page, url):
    page.goto(url, wait_until="load")
    page.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=15000)
    map_state(page)  # waits for the zoom animation to end, so that markers stay where the mouse goes
    page.wait_for_timeout(200)  # a `${...}` in the page script would have run by now


def _hover_tooltip(page, marker):
    marker.hover()
    try:
        page.wait_for_selector(".leaflet-tooltip", timeout=5000)
    except Exception:
        return ""
    return " | ".join(t.inner_text() for t in page.locator(".leaflet-tooltip").all())


def open_and_probe(page, url, base_marker_text="Injected base"):
    """Open a map, hover the event marker (tooltip) and click it (popup); then, on a fresh load,
    hover each base marker and open the popup of the one whose tooltip has ``base_marker_text``.
    Returns the texts shown: {"tooltip", "popup", and if found "base_tooltip", "base_popup"}."""
    _open_settled(page, url)
    shown = {}
    event = page.locator('.leaflet-overlay-pane path[fill="#F0E442"]').first
    shown["tooltip"] = _hover_tooltip(page, event)
    event.click()
    page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    page.wait_for_timeout(300)  # an <img onerror> in the popup would have fired by now
    shown["popup"] = page.inner_text(".leaflet-popup-content")
    bases = page.locator('.leaflet-overlay-pane path[fill="#ffffff"]')
    for i in range(bases.count()):
        # The popup panned the map, and a tooltip may cover a marker: start from a fresh load.
        _open_settled(page, url)
        base = page.locator('.leaflet-overlay-pane path[fill="#ffffff"]').nth(i)
        text = _hover_tooltip(page, base)
        if base_marker_text in text:
            shown["base_tooltip"] = text
            base.click()
            page.wait_for_selector(".leaflet-popup-content", timeout=5000)
            page.wait_for_timeout(300)
            shown["base_popup"] = page.inner_text(".leaflet-popup-content")
            break
    return shown


# --- JupyterLab notebooks -----------------------------------------------------------------------

_ERROR_OUTPUTS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].flatMap((cell, i) =>
    [...cell.querySelectorAll('.jp-OutputArea-output')]
      .filter(o => o.dataset.mimeType === 'application/vnd.jupyter.stderr' || o.classList.contains('jp-mod-error')
                   || o.closest('.jp-OutputArea-child')?.classList.contains('jp-OutputArea-error'))
      .map(o => ({cell: i, mime: o.dataset.mimeType || '', text: o.innerText.slice(0, 2000)})))"""

_ERROR_TEXT = re.compile(r"Traceback|^\s*\w*(Error|Exception)\b", re.MULTILINE)


def cell_errors(page):
    """(cell index, text) of every output that is an error or a traceback."""
    out = []
    for o in page.evaluate(_ERROR_OUTPUTS_JS):
        if _ERROR_TEXT.search(o["text"]):
            out.append((o["cell"], o["text"]))
    return out


def assert_no_cell_errors(page):
    errors = cell_errors(page)
    assert not errors, "cells raised errors:\n" + "\n".join(f"--- cell {i}:\n{t[-1500:]}" for i, t in errors[:5])


def assert_all_cells_executed(page):
    """Every code cell has an execution count (Run All stops at the first cell that raises)."""
    from labdriver import prompts

    p = prompts(page)
    not_run = [i for i, x in enumerate(p) if not re.fullmatch(r"\[\d+\]:", x)]
    assert not not_run, f"code cells {not_run} did not run (prompts {p})"


def map_frames(page):
    """The iframes of folium maps in the notebook outputs (Locators)."""
    frames = page.locator(".jp-OutputArea-output iframe")
    return [frames.nth(i) for i in range(frames.count())]


def assert_notebook_maps_render(page):
    """Every folium map in the outputs renders Leaflet and draws inside its view."""
    results = []
    for i, loc in enumerate(map_frames(page)):
        loc.scroll_into_view_if_needed()
        frame = loc.element_handle().content_frame()
        assert frame is not None, f"map {i}: the iframe has no document"
        try:
            results.append(assert_map_has_drawing(frame))
        except AssertionError as exc:
            raise AssertionError(f"map {i} in the notebook outputs: {exc}") from None
    return results


_WIDGETS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].flatMap((cell, i) =>
    [...cell.querySelectorAll('.jp-OutputArea-output')].filter(o => o.querySelector('[role=slider]')).map(o => ({
        cell: i,
        sliders: [...o.querySelectorAll('.widget-slider')].map(s => {
            // The readout shows the value at the widget's precision (aria-valuenow is rounded to
            // one decimal); it is hidden for readout=False sliders, whose aria value is then used.
            const r = s.querySelector('.widget-readout');
            const shown = r && r.offsetParent !== null ? r.textContent.trim().replace('\u2212', '-') : '';
            const aria = s.querySelector('[role=slider]')?.getAttribute('aria-valuenow');
            return {label: (s.querySelector('.widget-label')?.textContent || '').trim(), value: shown || aria};
        }),
        readout: o.querySelector('.ae-readout') ? [...o.querySelectorAll('.ae-readout tr')].map(
            tr => [...tr.children].map(td => td.innerText.trim())) : null,
        text: [...o.querySelectorAll('.widget-html-content')].map(h => h.innerText).join('\\n'),
    })))"""


def widget_outputs(page):
    """Per output with a slider: cell index, sliders (label, value), the .ae-readout rows, the text."""
    return page.evaluate(_WIDGETS_JS)


def press_slider(page, cell_index, slider=0, key="ArrowRight", timeout_ms=15000):
    """Focus a slider handle in a cell's output, press a key, wait until the output's text changes.

    Returns (before, after) as given by ``widget_outputs``; raises AssertionError if nothing changed."""
    def state():
        return next(o for o in widget_outputs(page) if o["cell"] == cell_index)

    before = state()
    cell = page.locator(".jp-Notebook .jp-Cell").nth(cell_index)
    handle = cell.locator(".jp-OutputArea-output [role=slider]").nth(slider)
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press(key)
    # A widget updates its parts one message at a time (a clock, then the readout, then a picture),
    # so "some text changed" can come before the readout has: when the output has a readout, wait
    # for the readout itself to change, then for the output to settle (the same on two polls).
    deadline_step = 100
    waited = 0
    after = state()
    while waited < timeout_ms:
        after = state()
        moved = after["sliders"] != before["sliders"]
        if before["readout"]:
            changed = after["readout"] != before["readout"]
        else:
            changed = after["text"] != before["text"]
        if moved and changed:
            while waited < timeout_ms:
                page.wait_for_timeout(deadline_step * 3)
                waited += deadline_step * 3
                settled = state()
                if settled == after:
                    break
                after = settled
            return before, after
        page.wait_for_timeout(deadline_step)
        waited += deadline_step
    if after["sliders"] == before["sliders"]:
        raise AssertionError(f"pressing {key} on slider {slider} of cell {cell_index} did not move it: "
                             f"{before['sliders']}")
    raise AssertionError(f"slider {before['sliders'][slider]['label']!r} of cell {cell_index} moved "
                         f"({before['sliders'][slider]['value']} -> {after['sliders'][slider]['value']}) but the "
                         f"widget's readout did not change within {timeout_ms / 1000:.0f} s: {before['readout']}")


_QUIZ_CELLS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map((cell, i) =>
    cell.querySelector('.jp-OutputArea-output .widget-radio-box') && cell.querySelector('.jp-OutputArea-output button')
    && !cell.querySelector('.jp-OutputArea-output .widget-output')  // an exercises.widget form, not a quiz
    ? i : -1).filter(i => i >= 0)"""


def quiz_cells(page):
    """Indexes of the cells whose output has radio buttons and a button (helpers.widgets.quiz); the
    answer forms of helpers.exercises (which show their verdict in an Output widget) are not quizzes."""
    return page.evaluate(_QUIZ_CELLS_JS)


def answer_quiz(page, cell_index, choice=0, timeout_ms=10000):
    """Pick a choice of a quiz, press its button, and return the feedback shown (the widget must
    answer with "Correct." or "Not quite" within ``timeout_ms``)."""
    out = page.locator(".jp-Notebook .jp-Cell").nth(cell_index).locator(".jp-OutputArea-output").first
    out.scroll_into_view_if_needed()
    feedback = out.locator(".widget-html-content").last
    before = feedback.inner_text()
    out.locator(".widget-radio-box input[type=radio]").nth(choice).check()
    out.locator("button").first.click()
    waited = 0
    while waited < timeout_ms:
        text = feedback.inner_text()
        if text != before and ("Correct." in text or "Not quite" in text):
            return text
        page.wait_for_timeout(100)
        waited += 100
    raise AssertionError(f"the quiz in cell {cell_index} did not answer within {timeout_ms / 1000:.0f} s "
                         f"(feedback: {feedback.inner_text()!r})")


def readout_value(rows, label):
    """The value column of a readout row whose label starts with ``label``."""
    for row in rows or []:
        if len(row) >= 2 and row[0].startswith(label):
            return row[1]
    raise AssertionError(f"no row {label!r} in the readout {rows}")
