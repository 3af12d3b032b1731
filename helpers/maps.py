"""Maps of encounters with folium (Leaflet), and a matplotlib fallback.

``incident_map(incident_id)`` draws, as layers a student can toggle: the coastline from
``data/`` (so the map reads without tiles), the 12-nmi territorial limit, zones such as an
ADIZ where one is sourced, each aircraft's track (coloured by party AND drawn in the party's
line style, so colour is never the only cue), bases, the event point with a popup that cites
its sources, and the closest approach to shore. ``overview_map()`` shows every incident.

Offline classrooms: ``offline=True`` inlines Leaflet from the ``xstatic-leaflet`` package and
leaves out tiles and the plugins that only exist on a CDN (measure, fullscreen, animation).

Every text that comes from data goes through ``escape_text`` (``helpers.page.escape_for_map``)
before it reaches a popup, a tooltip, a DivIcon, a layer name or the legend: folium does not escape,
it places popup text inside a JavaScript template literal (where ``${...}`` would run), and branca
compiles what it renders as a second Jinja2 template (where ``{{ ... }}`` would run as Python).
Styles and colours live in ``helpers.page``; the names are re-exported here.
"""

import pathlib
from functools import cache

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import mapping

from helpers import data, geo, measure
from helpers.page import (LAND_STYLE, LIMIT_STYLE, OTHER_STYLE, PARTY_STYLES, ZONE_STYLE,  # noqa: F401
                          party_style)
from helpers.page import escape_for_map as escape_text

NAUTICAL_MILES = {"nauticalmiles": {"factor": 1 / 1852.0, "display": "Nautical miles", "decimals": 1}}
COORD_DECIMALS = 4


def _folium():
    import folium  # imported here so that `import helpers` stays light

    return folium


def _folium_plugin(module, name):
    """Class ``name`` of folium's plugin module ``module`` (e.g. "measure_control", "MeasureControl"),
    loaded from that module's file alone: ``from folium import plugins`` imports all of folium's
    plugins and compiles their templates (0.2 s on every kernel's first map) for the two we use.
    Each plugin module imports only folium's core, so it loads the same on its own."""
    import importlib.util
    import pathlib
    import sys

    if "folium.plugins" in sys.modules:  # already paid for (a student imported it): use it
        return getattr(sys.modules["folium.plugins"], name)
    key = f"_air_encounters_folium_{module}"
    if key not in sys.modules:
        path = pathlib.Path(_folium().__file__).parent / "plugins" / f"{module}.py"
        spec = importlib.util.spec_from_file_location(key, path)
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        sys.modules[key] = loaded
    return getattr(sys.modules[key], name)


def _round_coords(geom, decimals=COORD_DECIMALS):
    return shapely.set_precision(geom, 10 ** -decimals) if not geom.is_empty else geom


def _geojson_of(geom, decimals=COORD_DECIMALS):
    """A compact GeoJSON dict of a geometry, coordinates rounded to ``decimals``."""
    geom = _round_coords(geom, decimals)
    return {"type": "Feature", "properties": {}, "geometry": mapping(geom)}


def view_box(incident_id, margin_deg=1.0):
    """(west, south, east, north) in degrees that frames an incident: its tracks if it has any,
    else its event point and bases within reach, with ``margin_deg`` around."""
    inc = data.incident(incident_id)
    lats, lons = [float(inc["lat"])], [float(inc["lon"])]
    try:
        for trk in data.tracks(incident_id).values():
            lats += list(trk["lat"])
            lons += list(trk["lon"])
    except KeyError:
        lats += [lats[0] - 3, lats[0] + 3]
        lons += [lons[0] - 5, lons[0] + 5]
    for name in incident_routes(incident_id):
        wps = data.waypoints(name)
        lats += list(wps["lat"])
        lons += list(geo.unwrap_lon(wps["lon"].to_numpy(float)))
    west, east = min(lons) - margin_deg, max(lons) + margin_deg
    south, north = max(min(lats) - margin_deg, -85), min(max(lats) + margin_deg, 85)
    return west, south, east, north


def coast_in_view(region, view, tier="light"):
    """Land of ``region`` clipped to ``view`` (west, south, east, north), or None; regions without a
    coastline of their own (e.g. russia_interior) use the world's."""
    try:
        land = data.coastline(region, tier)
    except KeyError:
        try:  # a region without its own coastline (e.g. russia_interior): draw the world's
            land = data.coastline("world", "light")
        except KeyError:
            return None
    clipped = _clip_to_view(land, view)
    return None if clipped.is_empty else clipped


def _clip_to_view(geom, view):
    """``geom`` clipped to ``view`` (west, south, east, north), with the geometry's longitudes
    shifted by a multiple of 360 degrees into the view's frame first and back after."""
    minx, _, maxx, _ = geom.bounds
    west, south, east, north = view
    shift = round(((minx + maxx) / 2 - (west + east) / 2) / 360.0) * 360.0
    clipped = shapely.clip_by_rect(geom, west + shift, south, east + shift, north)
    return shapely.affinity.translate(clipped, xoff=-shift) if shift else clipped


def sea_limit_in_view(region, distance_nmi, view):
    """The ``distance_nmi`` sea limit (12 or 200 nmi) of a region clipped to ``view``, from the
    precomputed ``data/coastlines/<region>.limit<N>.geojson`` (built from the fine coastline
    with ``helpers.geo.buffer_nmi`` by ``scripts/build_zones.py``). None if not available."""
    try:
        limit = data.sea_limit(region, distance_nmi)
    except KeyError:
        return None
    return _clip_to_view(limit, view)


def padded_view(view, fraction=0.3):
    """``view`` grown by ``fraction`` of its size on every side: land and limits are clipped to
    this larger box, so the clip's straight edges stay outside the first screen."""
    west, south, east, north = view
    dx, dy = (east - west) * fraction, (north - south) * fraction
    return west - dx, max(south - dy, -85.0), east + dx, min(north + dy, 85.0)


def _limit_lines(limit, box_):
    """The boundary of a sea-limit area as lines, without the straight edges of the clipping box."""
    if limit is None or limit.is_empty:
        return None
    from shapely.geometry import box as make_box

    edges = make_box(*box_).exterior.buffer(1e-6)
    return limit.boundary.difference(edges)


OFFLINE_ENV = "AIR_ENCOUNTERS_OFFLINE_MAPS"
"""Set this environment variable to 1 (before starting Jupyter) to make every map offline."""


def _new_map(view, tiles, offline):
    import os

    folium = _folium()
    offline = offline or os.environ.get(OFFLINE_ENV, "") not in ("", "0")  # a room without network
    west, south, east, north = view
    cls = _offline_map_class() if offline else folium.Map
    fmap = cls(location=[(south + north) / 2, (west + east) / 2], zoom_start=5,
               tiles=None if (offline or tiles is None) else tiles, control_scale=True)
    fmap.fit_bounds([[south, west], [north, east]])
    if offline or tiles is None:
        # No tiles: paint the sea, or the grey land (LAND_STYLE) vanishes into Leaflet's grey background.
        from branca.element import Element

        fmap.get_root().header.add_child(Element("<style>div.leaflet-container{background:#f4f8fb;}</style>"),
                                         name="ae_sea_background")
    if not offline:
        measure = _folium_plugin("measure_control", "MeasureControl")
        measure(primary_length_unit="nauticalmiles", secondary_length_unit="kilometers",
                units=NAUTICAL_MILES).add_to(fmap)
        _folium_plugin("fullscreen", "Fullscreen")().add_to(fmap)
    return fmap


def _add_land(fmap, land, name="Coastline (GSHHG)"):
    folium = _folium()
    if land is None:
        return
    folium.GeoJson(_geojson_of(land, 3), name=name, style_function=lambda _: LAND_STYLE,
                   control=True, smooth_factor=0.5).add_to(fmap)


def _popup(lines, max_width=320):
    folium = _folium()
    body = "<br>".join(lines)
    return folium.Popup(body, max_width=max_width)


def _source_lines(source_ids):
    out = []
    for sid in source_ids:
        try:
            out.append("Source: " + escape_text(data.cite(sid)))
        except KeyError:
            out.append("Source: " + escape_text(sid))
    return out


TRACK_DRAW_TOLERANCE_DEG = 0.002
"""Tracks are simplified by this much (about 0.1 nmi) for drawing only; every number is measured
on the full track."""


def _track_coords(trk):
    """[lat, lon] pairs of a track for drawing: continuous longitudes, simplified, rounded."""
    from shapely.geometry import LineString

    line = LineString(zip(geo.unwrap_lon(trk["lon"].to_numpy()), trk["lat"].to_numpy()))
    simple = line.simplify(TRACK_DRAW_TOLERANCE_DEG)
    return [[round(y, COORD_DECIMALS), round(x, COORD_DECIMALS)] for x, y in simple.coords]


def _add_tracks(fmap, incident_id):
    folium = _folium()
    try:
        tracks = data.tracks(incident_id)
    except KeyError:
        return {}
    for name, trk in tracks.items():
        style = party_style(trk["party"].iloc[0])
        layer = folium.FeatureGroup(name=escape_text(f"Track: {name}"))
        coords = _track_coords(trk)
        label = escape_text(f"{name} ({trk['aircraft'].iloc[0]}, {trk['party'].iloc[0]}) - reconstruction")
        folium.PolyLine(coords, color=style["color"], weight=3, dash_array=style["dash_array"],
                        tooltip=folium.Tooltip(label)).add_to(layer)
        folium.CircleMarker(coords[-1], radius=4, color=style["color"], fill=True, fill_opacity=1.0,
                            tooltip=folium.Tooltip(escape_text(f"{name}: last fix {trk['time'].iloc[-1]:%H:%M} UTC"))
                            ).add_to(layer)
        layer.add_to(fmap)
    return tracks


def _add_closest_approach(fmap, incident_id, tracks):
    folium = _folium()
    if not tracks:
        return
    layer = folium.FeatureGroup(name="Closest approach to shore")
    for name, hit in measure.closest_to_shore(incident_id).items():
        dist, on_track, on_shore = hit.distance_nmi, hit.on_track, hit.on_coast
        label = escape_text(f"{name}: closest to shore {dist:.1f} nmi (reconstructed track, fine coastline)")
        folium.PolyLine([[on_track.lat, on_track.lon], [on_shore.lat, on_shore.lon]], color="#000000",
                        weight=1.5, tooltip=folium.Tooltip(label)).add_to(layer)
        folium.Marker([on_track.lat, on_track.lon], icon=folium.DivIcon(
            html=f'<div class="ae-label">{escape_text(f"{dist:.1f} nmi")}</div>', icon_size=(70, 18),
            icon_anchor=(-6, 9))).add_to(layer)
    layer.add_to(fmap)


def _add_bases(fmap, view):
    folium = _folium()
    west, south, east, north = view
    layer = folium.FeatureGroup(name="Bases and places")
    for _, b in data.bases().iterrows():
        lon = float(b["lon"])
        lon = lon + round(((west + east) / 2 - lon) / 360.0) * 360.0
        if not (south <= b["lat"] <= north and west <= lon <= east):
            continue
        lines = [f"<b>{escape_text(b['name'])}</b> ({escape_text(b['kind'])}, {escape_text(b['country'])})"]
        lines += _source_lines([s for s in b["source_ids"].split(";") if s.strip()][:2])
        folium.CircleMarker([b["lat"], lon], radius=5, color="#000000", weight=1, fill=True, fill_color="#ffffff",
                            fill_opacity=1.0, tooltip=folium.Tooltip(escape_text(b["name"])),
                            popup=_popup(lines)).add_to(layer)
    layer.add_to(fmap)


def _incident_popup_lines(inc):
    lines = [f"<b>{escape_text(inc['title'])}</b>",
             escape_text(f"{inc['date_start']:%d %b %Y}") + " (UTC date where known)",
             escape_text(inc["summary"]),
             "<i>Marker position: " + escape_text(inc["location_note"]) + "</i>"]
    return lines + _source_lines([s for s in inc["source_ids"].split(";") if s.strip()][:3])


def _add_event(fmap, inc, layer_name="Event (approximate)"):
    folium = _folium()
    layer = folium.FeatureGroup(name=layer_name)
    folium.CircleMarker([inc["lat"], inc["lon"]], radius=8, color="#000000", weight=2, fill=True,
                        fill_color="#F0E442", fill_opacity=0.9, tooltip=folium.Tooltip(escape_text(inc["title"])),
                        popup=_popup(_incident_popup_lines(inc))).add_to(layer)
    layer.add_to(fmap)


def _add_zone(fmap, name, view):
    folium = _folium()
    geom = shapely.clip_by_rect(data.zone(name), *view)
    if geom.is_empty:
        return
    props = data.zone_properties(name)
    label = escape_text(props.get("title", name))
    folium.GeoJson(_geojson_of(geom), name=label, style_function=lambda _: ZONE_STYLE,
                   tooltip=folium.Tooltip(label)).add_to(fmap)


def _legend(fmap, entries, title):
    """A fixed legend box: each entry is (colour, dash pattern or None, label)."""
    from branca.element import Element

    rows = []
    for color, dash, label in entries:
        dash_attr = f' stroke-dasharray="{escape_text(dash)}"' if dash else ""
        rows.append(f'<div><svg width="34" height="10" aria-hidden="true"><line x1="0" y1="5" x2="34" y2="5" '
                    f'stroke="{escape_text(color)}" stroke-width="3"{dash_attr}/></svg> {escape_text(label)}</div>')
    legend = (f'<div class="ae-legend" role="note" aria-label="Legend" style="position:absolute;bottom:64px;'
              f'left:10px;z-index:1000;background:white;padding:6px 8px;border:1px solid #999;font:12px sans-serif;">'
              f'<b>{escape_text(title)}</b>{"".join(rows)}</div>'
              '<style>.ae-label{font:bold 12px sans-serif;background:rgba(255,255,255,.85);padding:0 3px;'
              'border:1px solid #333;white-space:nowrap;}</style>')
    fmap.get_root().html.add_child(Element(legend))


def _legend_entries(tracks, with_limit=True, zones=()):
    entries = []
    for party in dict.fromkeys(t["party"].iloc[0] for t in tracks.values()):
        s = party_style(party)
        entries.append((s["color"], s["dash_array"], f"Track: {s['label']}"))
    if with_limit:
        entries.append((LIMIT_STYLE["color"], LIMIT_STYLE["dashArray"], "12-nmi limit (from coastline, approx.)"))
    for z in zones:
        entries.append((ZONE_STYLE["color"], ZONE_STYLE["dashArray"], data.zone_properties(z).get("title", z)))
    entries.append(("#7f7f7f", None, "Coastline (GSHHG)"))
    return entries


def incident_zones(incident_id):
    """Names of the zones in data/zones that belong on this incident's map."""
    return data.zones_of(incident_id)


def incident_map(incident_id, *, tiles="OpenStreetMap", offline=False, territorial_nmi=12, eez=False,
                 view=None):
    """A folium Map of one incident (see the module docstring for the layers).

    ``tiles=None`` draws no background tiles (the coastline layer still shows the land);
    ``offline=True`` needs no network at all. ``eez=True`` adds the 200-nmi line.
    """
    folium = _folium()
    inc = data.incident(incident_id)
    view = view or view_box(incident_id)
    fmap = _new_map(view, tiles, offline)
    drawn = padded_view(view)
    _add_land(fmap, coast_in_view(inc["region"], drawn, "light"))
    limit = _limit_lines(sea_limit_in_view(inc["region"], territorial_nmi, drawn), drawn)
    has_limit = limit is not None and not limit.is_empty
    if has_limit:
        layer = folium.FeatureGroup(name=f"{territorial_nmi:g}-nmi limit (approx.)")
        folium.GeoJson(_geojson_of(limit, 3), style_function=lambda _: LIMIT_STYLE,
                       tooltip=folium.Tooltip(escape_text(f"{territorial_nmi:g} nmi from the coastline "
                                                          "(real limits run from legal baselines)"))).add_to(layer)
        layer.add_to(fmap)
    if eez:
        eez_layer = folium.FeatureGroup(name="200-nmi line (EEZ, approx.)", show=True)
        line = _limit_lines(sea_limit_in_view(inc["region"], 200, drawn), drawn)
        if line is not None and not line.is_empty:
            folium.GeoJson(_geojson_of(line.simplify(0.02), 2), style_function=lambda _: {**LIMIT_STYLE, "dashArray": "2 8"},
                           tooltip=folium.Tooltip("200 nmi from the coastline (approx.)")).add_to(eez_layer)
        eez_layer.add_to(fmap)
    zones = incident_zones(incident_id)
    for z in zones:
        _add_zone(fmap, z, view)
    tracks = _add_tracks(fmap, incident_id)
    _add_closest_approach(fmap, incident_id, tracks)
    extras = []
    if _add_claim_rings(fmap, incident_id):
        extras.append(("#0072B2", "6 3", "claimed distance from the coast (one line per figure; blue: U.S. sources, pink: Chinese government)"))
    if _add_incident_routes(fmap, incident_id):
        extras += [(ROUTE_STYLES["via"]["color"], ROUTE_STYLES["via"]["dash_array"], "route via waypoints (reconstruction)"),
                   (ROUTE_STYLES["great_circle"]["color"], None, "great circle (shortest)")]
    _add_bases(fmap, view)
    _add_event(fmap, inc)
    _legend(fmap, _legend_entries(tracks, has_limit, zones) + extras, inc["title"])
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


def overview_map(*, tiles="OpenStreetMap", offline=False):
    """Every incident on one world map, each marker with a popup that cites its sources."""
    folium = _folium()
    table = data.incidents()
    view = (float(table["lon"].min()) - 5, float(table["lat"].min()) - 5,
            float(table["lon"].max()) + 5, float(table["lat"].max()) + 5)
    fmap = _new_map(view, tiles, offline)
    _add_land(fmap, data.coastline("world", "light"), "Coastline (GSHHG, coarse)")
    layer = folium.FeatureGroup(name="Incidents")
    for _, inc in data.incidents().iterrows():
        folium.CircleMarker([inc["lat"], inc["lon"]], radius=7, color="#000000", weight=1.5, fill=True,
                            fill_color="#F0E442", fill_opacity=0.9,
                            tooltip=folium.Tooltip(escape_text(f"{inc['date_start']:%Y-%m-%d}: {inc['title']}")),
                            popup=_popup(_incident_popup_lines(inc))).add_to(layer)
    layer.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


def map_html(fmap):
    """The standalone HTML of a folium map (what a browser receives)."""
    return fmap.get_root().render()


# --- offline mode -------------------------------------------------------------------------------

def _leaflet_dir():
    import xstatic.pkg.leaflet as xleaflet

    return pathlib.Path(xleaflet.BASE_DIR)


def _offline_map_class():
    """A folium.Map class whose page carries Leaflet inline and asks no CDN for anything."""
    folium = _folium()
    from branca.element import Element

    class _OfflineMap(folium.Map):
        default_js = []
        default_css = []

        def render(self, **kwargs):
            root = self.get_root()
            if not getattr(self, "_ae_inlined", False):
                leaflet_dir = _leaflet_dir()
                css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
                js = (leaflet_dir / "leaflet.js").read_text(encoding="utf-8")
                root.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css_inline")
                root.header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js_inline")
                # folium's Popup template builds its content with jQuery, `$(`<div>...</div>`)[0]`,
                # and jQuery is one of the CDN scripts left out here: without this stand-in the
                # first popup throws "$ is not defined" and the rest of the map is never drawn.
                root.header.add_child(Element(
                    "<script>window.$ = window.$ || function (html) { var t = document.createElement('template'); "
                    "t.innerHTML = String(html).trim(); return [t.content.firstElementChild]; };</script>"),
                    name="jquery_popup_shim")
                self._ae_inlined = True
            super().render(**kwargs)

    return _OfflineMap


# --- static fallback ----------------------------------------------------------------------------

def alt_text(incident_id):
    """A one-paragraph description of the incident map, for screen readers and static copies."""
    inc = data.incident(incident_id)
    parts = [f"Map of {inc['title']} ({inc['date_start']:%d %B %Y})."]
    try:
        for name, hit in measure.closest_to_shore(incident_id).items():
            trk = data.track(incident_id, name)
            what = (f"comes within {hit.distance_nmi:.1f} nmi of the coastline" if hit.distance_nmi > 0
                    else "starts or ends over land (at its base)")
            parts.append(f"Reconstructed track '{name}' ({trk['party'].iloc[0]}, {trk['aircraft'].iloc[0]}) {what}.")
    except KeyError:
        parts.append("No track of this flight was published; the marker shows an approximate location.")
    has_limit = sea_limit_in_view(inc["region"], 12, view_box(incident_id)) is not None
    parts.append("Grey: land." + (" Dashed grey line: 12 nmi from the coastline." if has_limit else ""))
    return " ".join(parts)


def static_map(incident_id, *, ax=None, view=None):
    """A matplotlib picture of the same layers as ``incident_map`` (for GitHub, VS Code, print).

    Returns the matplotlib Figure; its alt text is in ``fig.alt_text`` (see ``alt_text``).
    """
    import matplotlib.pyplot as plt

    inc = data.incident(incident_id)
    view = view or view_box(incident_id)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 5.5))
    else:
        fig = ax.figure
    land = coast_in_view(inc["region"], view, "light")
    for poly in getattr(land, "geoms", [land]) if land is not None else []:
        if poly.geom_type == "Polygon":
            x, y = poly.exterior.xy
            ax.fill(x, y, color=LAND_STYLE["fillColor"], ec=LAND_STYLE["color"], lw=0.5)
    limit = sea_limit_in_view(inc["region"], 12, view)
    for poly in getattr(limit, "geoms", [limit]) if limit is not None else []:
        if poly.geom_type == "Polygon":
            x, y = poly.exterior.xy
            ax.plot(x, y, color=LIMIT_STYLE["color"], lw=0.8, ls="--")
    try:
        tracks = data.tracks(incident_id)
    except KeyError:
        tracks = {}
    for name, trk in tracks.items():
        s = party_style(trk["party"].iloc[0])
        dashes = [float(v) for v in s["dash_array"].split()] if s["dash_array"] else None
        (line,) = ax.plot(geo.unwrap_lon(trk["lon"].to_numpy()), trk["lat"], color=s["color"], lw=2, label=chart_text(name))
        if dashes:
            line.set_dashes(dashes)
    ax.plot(inc["lon"], inc["lat"], marker="*", ms=14, color="#F0E442", mec="black", ls="none", label="event (approx.)")
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect(1 / np.cos(np.deg2rad((view[1] + view[3]) / 2)))
    ax.set_xlabel("longitude (degrees)")
    ax.set_ylabel("latitude (degrees)")
    ax.set_title(chart_text(inc["title"]))
    ax.legend(loc="best")
    projector_fonts(ax)
    fig.alt_text = alt_text(incident_id)
    return fig



# --- routes and claimed distances (lessons 05-06) -----------------------------------------------

ROUTE_STYLES = {
    "great_circle": {"color": "#0072B2", "dash_array": None, "label": "great circle (shortest; solid)"},
    "rhumb": {"color": "#D55E00", "dash_array": "10 6", "label": "rhumb line (constant course; dashed)"},
    "via": {"color": "#009E73", "dash_array": "2 6", "label": "route via waypoints (dotted)"},
}
PASSAGE_STYLE = {"color": "#000000", "weight": 7, "opacity": 0.45}

CLAIM_RING_ISLANDS = {"hainan-2001-04-01": "hainan-island"}
"""Incidents whose parties give only a distance "off" an island: incident id -> the island's id in
data/bases.csv. Their maps draw one line per claimed distance around that island's coast."""


def _esc(text):
    from helpers import page

    return page.escape_for_map(text)


def incident_routes(incident_id):
    """Names of the routes in data/waypoints.csv that belong to an incident (their name starts
    with the incident id)."""
    try:
        table = data.waypoints()
    except KeyError:
        return []
    return [r for r in dict.fromkeys(table["route"]) if str(r).startswith(incident_id)]


def _route_view(points_list, margin_deg=2.0):
    lats = np.concatenate([np.asarray(p["lat"], float) for p in points_list])
    lons = np.concatenate([geo.unwrap_lon(np.asarray(p["lon"], float)) for p in points_list])
    return (float(lons.min()) - margin_deg, max(float(lats.min()) - margin_deg, -85.0),
            float(lons.max()) + margin_deg, min(float(lats.max()) + margin_deg, 85.0))


def _add_line(layer, pts, style, tooltip, weight=3):
    folium = _folium()
    coords = [[round(float(a), COORD_DECIMALS), round(float(b), COORD_DECIMALS)]
              for a, b in zip(pts["lat"], geo.unwrap_lon(pts["lon"].to_numpy(float)))]
    folium.PolyLine(coords, color=style["color"], weight=weight, dash_array=style["dash_array"],
                    tooltip=folium.Tooltip(_esc(tooltip))).add_to(layer)


def _add_passages(fmap, pts, label):
    """Thick grey stretches where a path lies within 12 nmi of a coast (or over land)."""
    from helpers import routes

    folium = _folium()
    passages = routes.limits_passed(pts)
    if not passages:
        return passages
    layer = folium.FeatureGroup(name=_esc(f"{label}: within 12 nmi of a coast or over land"))
    lats, lons = pts["lat"].to_numpy(float), geo.unwrap_lon(pts["lon"].to_numpy(float))
    for p in passages:
        zone = data.sea_limit(p.region, 12)
        minx, _, maxx, _ = zone.bounds
        shift = np.round(((minx + maxx) / 2 - lons) / 360.0) * 360.0
        inside = shapely.contains_xy(zone, lons + shift, lats)
        run = []
        for lat, lon, flag in zip(lats, lons, inside):
            if flag:
                run.append([round(float(lat), COORD_DECIMALS), round(float(lon), COORD_DECIMALS)])
            elif run:
                if len(run) > 1:
                    folium.PolyLine(run, **PASSAGE_STYLE, tooltip=folium.Tooltip(_esc(
                        f"{label}: {p.inside_nmi:.0f} nmi within 12 nmi of the {p.region} coastline or over land"))
                                    ).add_to(layer)
                run = []
        if len(run) > 1:
            folium.PolyLine(run, **PASSAGE_STYLE, tooltip=folium.Tooltip(_esc(
                f"{label}: {p.inside_nmi:.0f} nmi within 12 nmi of the {p.region} coastline or over land"))).add_to(layer)
    layer.add_to(fmap)
    return passages


def _add_place(layer, base_id, role):
    folium = _folium()
    row = data.base(base_id)
    folium.CircleMarker([float(row["lat"]), float(row["lon"])], radius=6, color="#000000", weight=2, fill=True,
                        fill_color="#ffffff", fill_opacity=1.0,
                        tooltip=folium.Tooltip(_esc(f"{role}: {row['name']} ({row['country']})"))).add_to(layer)


def route_map(start_id, end_id, *, via_route=None, tiles="OpenStreetMap", offline=False):
    """A folium map of the route between two bases of data/bases.csv: the great circle (solid),
    the rhumb line (dashed), optionally a route of data/waypoints.csv (dotted), the world's coarse
    coastline, and, as thick grey stretches, where a line passes within 12 nmi of a coast or over
    land in a region with a precomputed limit. ``offline=True`` needs no network."""
    from helpers import routes

    folium = _folium()
    gc = routes.route_points(start_id, end_id, kind="great_circle")
    rh = routes.route_points(start_id, end_id, kind="rhumb")
    lines = [("great_circle", gc), ("rhumb", rh)]
    if via_route is not None:
        wps = data.waypoints(via_route)
        lines.append(("via", routes.path_points(list(zip(wps["lat"], wps["lon"])))))
    view = _route_view([p for _, p in lines])
    fmap = _new_map(view, tiles, offline)
    _add_land(fmap, _clip_to_view(data.coastline("world", "light"), padded_view(view)), "Coastline (coarse)")
    summary = routes.route(start_id, end_id)
    labels = {"great_circle": f"great circle {summary.great_circle_nmi:,.0f} nmi",
              "rhumb": f"rhumb line {summary.rhumb_nmi:,.0f} nmi (+{summary.rhumb_extra_nmi:,.0f} nmi)"}
    if via_route is not None:
        labels["via"] = f"route {via_route} {routes.path_length_nmi(list(zip(wps['lat'], wps['lon']))):,.0f} nmi"
    for kind, pts in lines:
        layer = folium.FeatureGroup(name=_esc(labels[kind]))
        _add_line(layer, pts, ROUTE_STYLES[kind], labels[kind])
        layer.add_to(fmap)
        _add_passages(fmap, pts, labels[kind])
    ends = folium.FeatureGroup(name="Start and end")
    _add_place(ends, start_id, "start")
    _add_place(ends, end_id, "end")
    ends.add_to(fmap)
    entries = [(ROUTE_STYLES[k]["color"], ROUTE_STYLES[k]["dash_array"], ROUTE_STYLES[k]["label"]) for k, _ in lines]
    entries.append(("#9a9a9a", None, "thick grey: within 12 nmi of a coast or over land"))
    _legend(fmap, entries, f"{summary.start} to {summary.end}")
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


def _projected(transformer, lons, lats):
    x, y = transformer.transform(np.asarray(lons, float), np.asarray(lats, float))
    return np.asarray(x) / 1852.0, np.asarray(y) / 1852.0


def route_chart(start_id, end_id, *, via_route=None):
    """A static matplotlib figure of the same route on two charts side by side: a Mercator chart
    (the rhumb line is straight, the great circle bows towards the pole) and an azimuthal
    equidistant chart centred on the start (the great circle from the start is straight).
    Axes in nautical miles on each projection. Returns the Figure; its alt text is in
    ``fig.alt_text``."""
    import matplotlib.pyplot as plt
    import pyproj

    from helpers import routes

    summary = routes.route(start_id, end_id)
    (_, a) = routes.place(start_id)
    lines = [("great_circle", routes.route_points(start_id, end_id, kind="great_circle")),
             ("rhumb", routes.route_points(start_id, end_id, kind="rhumb"))]
    if via_route is not None:
        wps = data.waypoints(via_route)
        lines.append(("via", routes.path_points(list(zip(wps["lat"], wps["lon"])))))
    view = _route_view([p for _, p in lines], margin_deg=4.0)
    land = _clip_to_view(data.coastline("world", "light"), view)
    mercator = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3395", always_xy=True)
    aeqd = pyproj.Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={a.lat} +lon_0={a.lon} +datum=WGS84 +units=m", always_xy=True)
    fig, axes = plt.subplots(1, 2, figsize=(11, 5))
    for ax, (title, tr) in zip(axes, [("Mercator chart", mercator), ("equidistant chart centred on the start", aeqd)]):
        for poly in getattr(land, "geoms", [land]):
            if poly.geom_type == "Polygon" and not poly.is_empty:
                x, y = _projected(tr, *poly.exterior.xy)
                ax.fill(x, y, color=LAND_STYLE["fillColor"], ec=LAND_STYLE["color"], lw=0.4)
        for kind, pts in lines:
            s = ROUTE_STYLES[kind]
            x, y = _projected(tr, geo.unwrap_lon(pts["lon"].to_numpy(float)), pts["lat"].to_numpy(float))
            (line,) = ax.plot(x, y, color=s["color"], lw=2, label=s["label"])
            if s["dash_array"]:
                line.set_dashes([float(v) for v in s["dash_array"].split()])
        ax.set_title(title)
        ax.set_aspect("equal")
        ax.set_xlabel("east (nmi on this projection)")
        ax.set_ylabel("north (nmi on this projection)")
        lx, ly = _projected(tr, *zip(*[(view[0], view[1]), (view[2], view[3])]))
        if title.startswith("Mercator"):
            ax.set_xlim(lx[0], lx[1])
            ax.set_ylim(ly[0], ly[1])
    axes[0].legend(loc="best")
    for ax in axes:
        projector_fonts(ax)
    fig.suptitle(chart_text(f"{summary.start} to {summary.end}"), fontsize=CHART_FONT_PT + 1)
    fig.alt_text = (f"Two charts of the route from {summary.start} to {summary.end}. On the Mercator chart "
                    f"(left) the rhumb line is straight and the great circle bows towards the pole; on the "
                    f"equidistant chart centred on the start (right) the great circle is straight. Great circle "
                    f"{summary.great_circle_nmi:,.0f} nmi, rhumb line {summary.rhumb_nmi:,.0f} nmi.")
    return fig


@cache
def claim_rings(incident_id):
    """For an incident of ``CLAIM_RING_ISLANDS``: one line per distinct claimed distance from the
    island's coast, as a list of (distance_nmi, [claim rows], shapely line of points at that distance
    from the island's fine coastline). Empty for other incidents."""
    island_id = CLAIM_RING_ISLANDS.get(incident_id)
    if island_id is None:
        return []
    from shapely.geometry import Point

    inc = data.incident(incident_id)
    island = data.base(island_id)
    land = data.coastline(inc["region"], "fine")
    here = Point(float(island["lon"]), float(island["lat"]))
    polys = [g for g in getattr(land, "geoms", [land]) if g.contains(here)]
    if not polys:
        return []
    claims = data.claims(incident_id)
    claims = claims[claims["kind"] == "closest_distance"]
    by_distance = {}
    for _, c in claims.iterrows():
        nmi = round(float(geo.convert_length(c["value_number"], c["unit"], "nmi")), 1)
        by_distance.setdefault(nmi, []).append(c)
    out = []
    for nmi, rows in sorted(by_distance.items()):
        ring = geo.buffer_nmi(polys[0].simplify(0.005), nmi).exterior
        out.append((nmi, rows, ring))
    return out


def _add_claim_rings(fmap, incident_id):
    folium = _folium()
    rings = claim_rings(incident_id)
    if not rings:
        return []
    island = data.base(CLAIM_RING_ISLANDS[incident_id])
    layer = folium.FeatureGroup(name=_esc(f"Claimed distances from {island['name']}"))
    dashes = ["1 4", "6 3", "10 4 2 4", "14 4", "3 3 9 3", "2 8"]
    for i, (nmi, rows, ring) in enumerate(rings):
        who = "; ".join(dict.fromkeys(f"{r['party']}: {r['value']} {r['unit']}" for r in rows))
        coords = [[round(y, COORD_DECIMALS), round(x, COORD_DECIMALS)] for x, y in ring.simplify(0.01).coords]
        folium.PolyLine(coords, color="#CC79A7" if "Chin" in who and "U.S." not in who else "#0072B2",
                        weight=2, dash_array=dashes[i % len(dashes)],
                        tooltip=folium.Tooltip(_esc(f"{nmi:.1f} nmi from the coast of {island['name']} ({who})"))
                        ).add_to(layer)
        angle = np.radians(-10.0 - 28.0 * i)  # each label at its own bearing, so they do not stack
        cx, cy = ring.centroid.x, ring.centroid.y
        east = max(ring.coords, key=lambda c: (c[0] - cx) * np.cos(angle) + (c[1] - cy) * np.sin(angle))
        folium.Marker([east[1], east[0]], icon=folium.DivIcon(
            html=f'<div class="ae-label">{_esc(f"{nmi:.1f} nmi")}</div>', icon_size=(64, 18),
            icon_anchor=(0, 9))).add_to(layer)
    layer.add_to(fmap)
    return rings


def _add_incident_routes(fmap, incident_id):
    from helpers import routes

    folium = _folium()
    drawn = []
    for name in incident_routes(incident_id):
        wps = data.waypoints(name)
        pts = routes.path_points(list(zip(wps["lat"], wps["lon"])))
        length = routes.path_length_nmi(list(zip(wps["lat"], wps["lon"])))
        layer = folium.FeatureGroup(name=_esc(f"Route: {name} (reconstruction)"))
        _add_line(layer, pts, ROUTE_STYLES["via"],
                  f"{name}: one route consistent with the reports, {length:,.0f} nmi (waypoints mostly assumed)")
        for _, wp in wps.iterrows():
            folium.CircleMarker([float(wp["lat"]), float(wp["lon"])], radius=3, color=ROUTE_STYLES["via"]["color"],
                                fill=True, fill_opacity=1.0,
                                tooltip=folium.Tooltip(_esc(f"{wp['seq']:.0f}. {wp['name']}: {wp['basis']}"))).add_to(layer)
        layer.add_to(fmap)
        start, end = wps.iloc[0], wps.iloc[-1]
        gc = geo.great_circle_points(lat1=float(start["lat"]), lon1=float(start["lon"]),
                                     lat2=float(end["lat"]), lon2=float(end["lon"]), n=120)
        gc_layer = folium.FeatureGroup(name=_esc(f"Great circle {start['name']} to {end['name']}"))
        _add_line(gc_layer, gc, ROUTE_STYLES["great_circle"], f"great circle {start['name']} to {end['name']}", weight=2)
        gc_layer.add_to(fmap)
        drawn.append(name)
    return drawn


# --- Static charts (matplotlib) for the projector --------------------------------------------------

CHART_FONT_PT = 13  # labels on static charts: readable on a projector (never below 12 pt)


def projector_fonts(ax):
    """Set the title, axis labels, tick labels and legend of a matplotlib axes to at least
    CHART_FONT_PT points. Returns ``ax``."""
    ax.title.set_fontsize(CHART_FONT_PT + 1)
    ax.xaxis.label.set_fontsize(CHART_FONT_PT)
    ax.yaxis.label.set_fontsize(CHART_FONT_PT)
    ax.tick_params(labelsize=CHART_FONT_PT - 1)
    legend = ax.get_legend()
    if legend is not None:
        for text in legend.get_texts():
            text.set_fontsize(CHART_FONT_PT - 1)
    return ax


def mercator_y(lat):
    """Height of latitude ``lat`` (degrees) on a spherical Mercator chart, in the same units as degrees
    of longitude (so that a chart with equal axes is conformal)."""
    return np.degrees(np.log(np.tan(np.radians(45.0 + np.asarray(lat, dtype=float) / 2.0))))


def mercator_chart(lines, places=(), *, lon_range, lat_range, title="", lat_ticks=None, ax=None):
    """A Mercator chart (matplotlib) of routes over grey land from the kit's world coastline, with
    longitudes counted 0-360 east so that nothing breaks at 180 degrees.

    ``lines``: list of (DataFrame with ``lat``, ``lon`` in degrees, label, line style) drawn in the
    colour-blind-safe palette, each with its own line style; ``places``: list of (lat, lon, label)
    marked with black squares; ``lon_range``, ``lat_range``: (min, max) degrees of the view, longitude
    0-360. Fonts are projector-sized. Returns the Figure; its text alternative is ``fig.alt_text``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 5.4))
    else:
        fig = ax.figure
    west, east = lon_range
    world = data.coastline("world", "light")
    parts = [shapely.clip_by_rect(world, west, -85, 180, 85),
             shapely.transform(shapely.clip_by_rect(world, -180, -85, east - 360, 85), lambda xy: xy + [360, 0])]
    polygons = [p for part in parts for p in getattr(part, "geoms", [part]) if p.geom_type == "Polygon"]
    outlines = [np.column_stack([p.exterior.xy[0], mercator_y(p.exterior.xy[1])]) for p in polygons]
    ax.add_collection(PolyCollection(outlines, facecolor="0.85", edgecolor="none"))
    colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
    for (frame, label, style), colour in zip(lines, colours):
        ax.plot(np.asarray(frame["lon"]) % 360, mercator_y(frame["lat"]), style, color=colour, lw=2.5, label=chart_text(label))
    for lat, lon, label in places:
        ax.plot(lon % 360, mercator_y(lat), "ks", ms=7)
        ax.annotate(chart_text(label), (lon % 360, mercator_y(lat)), xytext=(0, -18), textcoords="offset points", ha="center",
                    fontsize=CHART_FONT_PT - 1, bbox=dict(facecolor="white", edgecolor="none", alpha=0.8))
    ticks = list(lat_ticks) if lat_ticks is not None else list(range(int(np.ceil(lat_range[0] / 10) * 10),
                                                                     int(lat_range[1]) + 1, 10))
    ax.set_yticks(mercator_y(ticks), [f"{t} N" if t >= 0 else f"{-t} S" for t in ticks])
    ax.set(xlim=lon_range, ylim=mercator_y(list(lat_range)), title=chart_text(title),
           xlabel="longitude (degrees east of Greenwich, 0-360)")
    ax.legend(loc="lower right")
    projector_fonts(ax)
    names = ", ".join(label for _, label, _ in lines)
    fig.alt_text = (f"Mercator chart {title!r}: grey land; lines: {names}; places: "
                    + ", ".join(label for _, _, label in places) + ".")
    return fig


def chart_text(text):
    """Data text made literal for a matplotlib label: ``$`` would start mathtext, and a label
    starting with ``_`` would be left out of the legend."""
    text = str(text).replace("$", r"\$")
    return "\u200b" + text if text.startswith("_") else text


def distance_lines_chart(land, outlines, tracks, *, window):
    """A matplotlib chart of what "came within N nmi of the coast" allows: the lines at each distance
    from the coast, and tracks that touch them.

    ``land``: shapely geometry, lon/lat degrees, drawn in grey; ``outlines``: {distance in nmi: line
    geometry (lon/lat degrees)}, e.g. the clipped boundary of ``geo.buffer_nmi(land, nmi)``, drawn in
    black, one line style each (dotted, dashed, solid, dash-dot, in order); ``tracks``: {label:
    DataFrame with ``lat``, ``lon`` (degrees) and ``party``}, drawn in the party's colour, one marker
    shape each (triangles, squares, circles, diamonds); ``window``: (west, south, east, north)
    degrees, the view. The aspect makes a nautical mile as long east-west as north-south at the
    window's middle latitude. Labels are drawn literally (``chart_text``); fonts are projector-sized.
    Returns the Figure; its text alternative is ``fig.alt_text``.
    """
    import matplotlib.pyplot as plt

    if len(outlines) > 4 or len(tracks) > 4:
        raise ValueError(f"distance_lines_chart: at most 4 outlines and 4 tracks (one line style or marker each), "
                         f"got {len(outlines)} and {len(tracks)}")
    west, south, east, north = window
    fig, ax = plt.subplots(figsize=(10, 6.5))
    for poly in shapely.get_parts(land):
        if poly.geom_type == "Polygon":
            ax.fill(*poly.exterior.xy, color=LAND_STYLE["fillColor"], ec=LAND_STYLE["color"], lw=0.5)
    styles = [":", "--", "-", "-."]
    for (nmi, line), style in zip(outlines.items(), styles):
        for i, part in enumerate(shapely.get_parts(line)):
            ax.plot(*part.xy, color="black", ls=style, lw=1.5,
                    label=f"{nmi:g} nmi from the coastline" if i == 0 else None)
    markers = [("^", "triangles"), ("s", "squares"), ("o", "circles"), ("D", "diamonds")]
    for (label, trk), (marker, _) in zip(tracks.items(), markers):
        colour = party_style(trk["party"].iloc[0])["color"] if "party" in trk else OTHER_STYLE["color"]
        ax.plot(geo.unwrap_lon(trk["lon"].to_numpy()), trk["lat"], color=colour, marker=marker,
                markevery=max(1, len(trk) // 10), ms=7, lw=2, label=chart_text(label))
    ax.set(xlim=(west, east), ylim=(south, north), aspect=1 / np.cos(np.deg2rad((south + north) / 2)),
           xlabel="longitude (degrees)", ylabel="latitude (degrees)")
    ax.legend(loc="upper left")
    projector_fonts(ax)
    fig.tight_layout()
    line_text = ", ".join(f"{nmi:g} nmi ({name})" for nmi, name in zip(outlines, ["dotted", "dashed", "solid",
                                                                                  "dash-dot"]))
    track_text = ", ".join(f"{label} marked with {shape}" for label, (_, shape) in zip(tracks, markers))
    fig.alt_text = (f"Chart of longitude {west:g} to {east:g} and latitude {south:g} to {north:g} degrees: grey land; "
                    f"black lines at a distance from the coastline of {line_text}; tracks: {track_text or 'none'}.")
    return fig


# --- claimed positions (lesson 07) ------------------------------------------------------------------

def positions_map(incident_id, positions, *, tiles="OpenStreetMap", offline=False, territorial_nmi=12,
                  margin_deg=1.0):
    """A folium Map of positions that parties gave for one incident, with the coastline and the
    territorial limit. ``positions``: dicts with ``label``, ``party``, ``lat``, ``lon`` (degrees) and
    ``note`` (text shown on hover). Each party's marker has its colour AND its own shape label."""
    folium = _folium()
    inc = data.incident(incident_id)
    lats = [float(p["lat"]) for p in positions] + [float(inc["lat"])]
    lons = list(geo.unwrap_lon([float(p["lon"]) for p in positions] + [float(inc["lon"])]))
    view = (min(lons) - 2 * margin_deg, min(lats) - margin_deg, max(lons) + 2 * margin_deg, max(lats) + margin_deg)
    fmap = _new_map(view, tiles, offline)
    drawn = padded_view(view)
    _add_land(fmap, coast_in_view(inc["region"], drawn, "light"))
    limit = _limit_lines(sea_limit_in_view(inc["region"], territorial_nmi, drawn), drawn)
    if limit is not None and not limit.is_empty:
        layer = folium.FeatureGroup(name=f"{territorial_nmi:g}-nmi limit (approx.)")
        folium.GeoJson(_geojson_of(limit, 3), style_function=lambda _: LIMIT_STYLE,
                       tooltip=folium.Tooltip(escape_text(f"{territorial_nmi:g} nmi from the coastline "
                                                          "(real limits run from legal baselines)"))).add_to(layer)
        layer.add_to(fmap)
    layer = folium.FeatureGroup(name="Claimed positions")
    for p in positions:
        style = party_style(p["party"])
        folium.CircleMarker([float(p["lat"]), float(p["lon"])], radius=8, color="#000000", weight=2, fill=True,
                            fill_color=style["color"], fill_opacity=0.9,
                            tooltip=folium.Tooltip(escape_text(f"{p['label']} ({p['party']}): {p['note']}"))
                            ).add_to(layer)
        folium.Marker([float(p["lat"]), float(p["lon"])], icon=folium.DivIcon(
            html=f'<div class="ae-label">{escape_text(p["label"])}</div>', icon_size=(150, 18),
            icon_anchor=(-10, 9))).add_to(layer)
    layer.add_to(fmap)
    entries = [(party_style(party)["color"], None, f"position given by or for: {party}")
               for party in dict.fromkeys(p["party"] for p in positions)]
    entries += [(LIMIT_STYLE["color"], LIMIT_STYLE["dashArray"], "12-nmi limit (from coastline, approx.)"),
                ("#7f7f7f", None, "Coastline (GSHHG)")]
    _legend(fmap, entries, inc["title"])
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap
