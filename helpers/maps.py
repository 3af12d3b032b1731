"""Maps of encounters with folium (Leaflet), and a matplotlib fallback.

``incident_map(incident_id)`` draws, as layers a student can toggle: the coastline from
``data/`` (so the map reads without tiles), the 12-nmi territorial limit, zones such as an
ADIZ where one is sourced, each aircraft's track (coloured by party AND drawn in the party's
line style, so colour is never the only cue), bases, the event point with a popup that cites
its sources, and the closest approach to shore. ``overview_map()`` shows every incident.

Offline classrooms: ``offline=True`` inlines Leaflet from the ``xstatic-leaflet`` package and
leaves out tiles and the plugins that only exist on a CDN (measure, fullscreen, animation).

Every text that comes from data goes through ``escape_text`` before it reaches a popup, a
tooltip or the legend. folium does not escape, and it places popup text inside a JavaScript
template literal, where ``${...}`` would run.
"""

import html
import pathlib
from functools import cache

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import mapping

from helpers import data, geo

PARTY_STYLES = {
    # Okabe-Ito colour-blind-safe palette, plus a line style per party.
    "United States": {"color": "#0072B2", "dash_array": None, "label": "United States (solid)"},
    "Russia": {"color": "#D55E00", "dash_array": "10 6", "label": "Russia (dashed)"},
    "Soviet Union": {"color": "#D55E00", "dash_array": "10 6", "label": "Soviet Union (dashed)"},
    "China": {"color": "#CC79A7", "dash_array": "2 6", "label": "China (dotted)"},
    "South Korea": {"color": "#009E73", "dash_array": "12 4 2 4", "label": "South Korea (dash-dot)"},
}
OTHER_STYLE = {"color": "#000000", "dash_array": "4 4", "label": "other (short dashes)"}
LAND_STYLE = {"fillColor": "#d9d9d9", "color": "#7f7f7f", "weight": 0.6, "fillOpacity": 1.0}
LIMIT_STYLE = {"color": "#444444", "weight": 1.2, "fill": False, "dashArray": "6 4"}
ZONE_STYLE = {"color": "#E69F00", "weight": 2, "fillOpacity": 0.08, "dashArray": "1 5"}
NAUTICAL_MILES = {"nauticalmiles": {"factor": 1 / 1852.0, "display": "Nautical miles", "decimals": 1}}
COORD_DECIMALS = 4


def escape_text(text):
    """Make any text safe to show in a folium popup, tooltip or legend, as text.

    HTML-escapes it, then also escapes ``$``, backtick and backslash, which folium would
    otherwise leave live inside the JavaScript template literal it puts popup text in.
    """
    escaped = html.escape("" if text is None else str(text), quote=True)
    return escaped.replace("\\", "&#92;").replace("$", "&#36;").replace("`", "&#96;")


def party_style(party):
    """The colour, dash pattern and legend label of a party's tracks."""
    return PARTY_STYLES.get(party, OTHER_STYLE)


def _folium():
    import folium  # imported here so that `import helpers` stays light

    return folium


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


def _new_map(view, tiles, offline):
    folium = _folium()
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
        from folium import plugins

        plugins.MeasureControl(primary_length_unit="nauticalmiles", secondary_length_unit="kilometers",
                               units=NAUTICAL_MILES).add_to(fmap)
        plugins.Fullscreen().add_to(fmap)
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


@cache
def closest_to_shore(incident_id):
    """For each track of an incident, where it came closest to the region's fine coastline:
    a dict name -> ``helpers.geo.TrackToCoast`` (cached: the data do not change in a session)."""
    land = data.coastline(data.incident(incident_id)["region"], "fine")
    return {name: geo.closest_to_coast(trk, land) for name, trk in data.tracks(incident_id).items()}


def _add_closest_approach(fmap, incident_id, tracks):
    folium = _folium()
    if not tracks:
        return
    layer = folium.FeatureGroup(name="Closest approach to shore")
    for name, hit in closest_to_shore(incident_id).items():
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
    return [z for z in data.zone_names() if incident_id in str(data.zone_properties(z).get("incidents", ""))]


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
    _add_bases(fmap, view)
    _add_event(fmap, inc)
    _legend(fmap, _legend_entries(tracks, has_limit, zones), inc["title"])
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
        for name, hit in closest_to_shore(incident_id).items():
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
        (line,) = ax.plot(geo.unwrap_lon(trk["lon"].to_numpy()), trk["lat"], color=s["color"], lw=2, label=f"{name}")
        if dashes:
            line.set_dashes(dashes)
    ax.plot(inc["lon"], inc["lat"], marker="*", ms=14, color="#F0E442", mec="black", ls="none", label="event (approx.)")
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect(1 / np.cos(np.deg2rad((view[1] + view[3]) / 2)))
    ax.set_xlabel("longitude (degrees)")
    ax.set_ylabel("latitude (degrees)")
    ax.set_title(inc["title"], fontsize=10)
    ax.legend(loc="best", fontsize=8)
    fig.alt_text = alt_text(incident_id)
    return fig

