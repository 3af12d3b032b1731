"""Interactive widgets (ipywidgets 8) for the notebooks.

Each widget is a class whose ``update()`` computes every number from ``helpers.geo`` and
``data/``, stores them in ``.values`` (so tests and self-checks can read them) and redraws a
readout and a small SVG chart. Each shows a full picture as soon as it is displayed.

- ``track_explorer(incident_id)``: move through time; separation, distance to shore, zones.
- ``intercept_planner()``: bomber vs interceptor; is the bomber met before the 12-nmi line?
- ``zone_explorer(region)``: put a point at sea; which zones is it in, and why.
- ``cpa_explorer()``: two aircraft on straight lines; closest point of approach.
- ``claims_table(incident_id)``: each party's claims, sources, and what the geometry says.
- ``quiz(question, choices, answer, explanation)``: multiple choice with feedback.
"""

import ipywidgets as w
import numpy as np
import pandas as pd

from helpers import data, geo, limits, measure
from helpers.maps import coast_in_view, incident_zones, view_box
from helpers.page import escape_html as escape_text
from helpers.page import party_style
from helpers.svg import SvgChart

READOUT_STYLE = "font-family:sans-serif;font-size:13px;line-height:1.5;min-width:260px"


def _table(rows):
    """An HTML table of (label, value) rows, escaped."""
    body = "".join(f"<tr><th style='text-align:left;padding-right:8px'>{escape_text(k)}</th>"
                   f"<td>{escape_text(v)}</td></tr>" for k, v in rows)
    return f"<table class='ae-readout' style='{READOUT_STYLE}'>{body}</table>"


class TrackExplorer(w.VBox):
    """A time slider over an incident's tracks with live separation and zone readouts."""

    def __init__(self, incident_id, *, step_s=60):
        self.incident = data.incident(incident_id)
        self.tracks = data.tracks(incident_id)
        self.names = list(self.tracks)
        self.positions = {n: geo.TrackPositions(t, name=n) for n, t in self.tracks.items()}  # checked once
        self.coast = data.coastline(self.incident["region"], "fine")
        self.zones = {z: data.zone(z) for z in incident_zones(incident_id)}
        start = min(t["time"].iloc[0] for t in self.tracks.values())
        end = max(t["time"].iloc[-1] for t in self.tracks.values())
        self.start = start
        total = int((end - start).total_seconds())
        view = view_box(incident_id, margin_deg=0.5)
        self.chart = SvgChart(view, land=coast_in_view(self.incident["region"], view), title=self.incident["title"])
        for name, trk in self.tracks.items():
            style = party_style(trk["party"].iloc[0])
            self.chart.add_static(self.chart.polyline(trk["lat"], geo.unwrap_lon(trk["lon"].to_numpy()),
                                                      color=style["color"], dash=style["dash_array"], width=1.5,
                                                      label=name))
        self.slider = w.IntSlider(value=0, min=0, max=total, step=step_s, description="Minutes",
                                  readout=False, continuous_update=True, layout=w.Layout(width="420px"))
        self.play = w.Play(value=0, min=0, max=total, step=step_s, interval=150, description="Play")
        w.jslink((self.play, "value"), (self.slider, "value"))
        self.clock = w.HTML()
        self.picture = w.HTML()
        self.readout = w.HTML()
        self.values = {}
        self.slider.observe(lambda _: self.update(), names="value")
        super().__init__([w.HBox([self.play, self.slider, self.clock]), w.HBox([self.picture, self.readout])])
        self.update()

    def update(self):
        when = self.start + pd.Timedelta(seconds=int(self.slider.value))
        positions = {n: self.positions[n].at(when) for n, t in self.tracks.items()
                     if t["time"].iloc[0] <= when <= t["time"].iloc[-1]}
        rows = [("Time (UTC)", f"{when:%Y-%m-%d %H:%M}")]
        rows += [(n, "no position at this time (outside its track)") for n in self.names if n not in positions]
        values = {"time": when}
        marks = []
        for name, pos in positions.items():
            dist = geo.nearest_coast_point(lat=pos["lat"], lon=pos["lon"], coast=self.coast).distance_nmi
            values[f"{name} to shore (nmi)"] = dist
            rows.append((f"{name} to shore", f"{dist:.1f} nmi ({'inside' if dist <= 12 else 'outside'} the 12-nmi limit)"))
            for zname, zone in self.zones.items():
                inside = geo.inside(zone, lat=pos["lat"], lon=pos["lon"])
                values[f"{name} in {zname}"] = inside
                rows.append((f"{name} in {zname}", "yes" if inside else "no"))
            style = party_style(self.tracks[name]["party"].iloc[0])
            marks.append(self.chart.marker(pos["lat"], pos["lon"], color=style["color"], label=name))
        pair = [n for n in self.names if n in positions][:2]
        if len(pair) == 2:
            a, b = positions[pair[0]], positions[pair[1]]
            lateral = geo.distance_nmi(lat1=a["lat"], lon1=a["lon"], lat2=b["lat"], lon2=b["lon"])
            vertical = b["alt_ft"] - a["alt_ft"]
            values["lateral_nmi"], values["vertical_ft"] = lateral, vertical
            values["separation_between"] = tuple(pair)
            rows.insert(1, (f"Separation {pair[0]} / {pair[1]}", f"{lateral:.1f} nmi lateral, {vertical:+.0f} ft vertical"))
        self.values = values
        self.clock.value = f"<b>{when:%H:%M} UTC</b> (+{int(self.slider.value) // 60} min)"
        self.readout.value = _table(rows) + "<p style='font-size:11px'>Tracks are reconstructions (see data/README.md).</p>"
        self.picture.value = self.chart.render(*marks, alt=f"Positions at {when:%H:%M} UTC")


def track_explorer(incident_id, *, step_s=60):
    """A widget to move through an incident in time (see ``TrackExplorer``)."""
    return TrackExplorer(incident_id, step_s=step_s)


class InterceptPlanner(w.VBox):
    """Bomber heading for a coast, interceptor scrambling from a base: is the bomber met before it
    reaches the 12-nmi limit? All geometry from ``helpers.geo.intercept_course``."""

    def __init__(self, *, region="alaska_bering", aim_base="unimak-island", bases=None):
        self.region = region
        self.coast = data.coastline(region, "fine")
        self.aim = data.base(aim_base)
        table = data.bases()
        choices = bases or [b for b in table["id"] if b in ("jber", "eielson-afb")] or list(table["id"][:3])
        self.base = w.Dropdown(options=[(data.base(b)["name"], b) for b in choices], description="Base")
        self.bomber_speed = w.IntSlider(value=400, min=200, max=900, step=10, description="Bomber kt")
        self.bomber_course = w.IntSlider(value=60, min=0, max=359, step=5, description="Course deg")
        self.fighter_speed = w.IntSlider(value=800, min=300, max=1300, step=10, description="Fighter kt")
        self.delay = w.IntSlider(value=15, min=0, max=60, step=1, description="Scramble min")
        self.depth = w.IntSlider(value=150, min=20, max=400, step=10, description="ADIZ depth nmi")
        self.picture, self.readout = w.HTML(), w.HTML()
        self.values = {}
        controls = [self.base, self.bomber_speed, self.bomber_course, self.fighter_speed, self.delay, self.depth]
        for c in controls:
            c.observe(lambda _: self.update(), names="value")
        super().__init__([w.HBox([w.VBox(controls), self.readout]), self.picture])
        self.update()

    def scenario(self):
        """Bomber start, its arrival at the 12-nmi limit, and the intercept (dict of numbers)."""
        aim = geo.LatLon(float(self.aim["lat"]), float(self.aim["lon"]))
        course = float(self.bomber_course.value)
        to_limit = float(self.depth.value)
        start = geo.destination(lat=aim.lat, lon=aim.lon, bearing_deg=(course + 180) % 360,
                                distance_nmi=to_limit + 12.0)
        start = geo.LatLon(float(start.lat), float(start.lon))
        limit_min = to_limit / float(self.bomber_speed.value) * 60.0
        base = data.base(self.base.value)
        result = geo.intercept_course(interceptor=geo.LatLon(float(base["lat"]), float(base["lon"])),
                                      speed_kt=self.fighter_speed.value, target=start, target_course_deg=course,
                                      target_speed_kt=self.bomber_speed.value, delay_min=self.delay.value)
        return {"start": start, "aim": aim, "base": base, "limit_min": limit_min, "intercept": result,
                "in_time": bool(result.possible and result.time_min <= limit_min)}

    def update(self):
        s = self.scenario()
        res = s["intercept"]
        rows = [("Bomber reaches the 12-nmi limit after", f"{s['limit_min']:.0f} min")]
        if res.possible:
            rows += [("Intercept after", f"{res.time_min:.0f} min (scramble included)"),
                     ("Fighter heading", f"{res.heading_deg:.0f} deg true"),
                     ("Fighter flies", f"{res.interceptor_distance_nmi:.0f} nmi"),
                     ("Verdict", "met BEFORE the 12-nmi limit" if s["in_time"] else "TOO LATE: the bomber reaches the limit first")]
        else:
            rows += [("Verdict", f"no intercept: {res.reason}")]
        self.values = {"limit_min": s["limit_min"], "possible": res.possible, "time_min": res.time_min,
                       "heading_deg": res.heading_deg, "in_time": s["in_time"]}
        self.readout.value = _table(rows)
        pts = [s["start"], s["aim"], geo.LatLon(float(s["base"]["lat"]), float(s["base"]["lon"]))]
        if res.possible:
            pts.append(res.point)
        lats = [p.lat for p in pts]
        lons = list(geo.unwrap_lon([p.lon for p in pts]))
        view = (min(lons) - 2, min(lats) - 1.5, max(lons) + 2, max(lats) + 1.5)
        chart = SvgChart(view, land=coast_in_view(self.region, view), title="Intercept planner")
        frags = [chart.polyline([s["start"].lat, s["aim"].lat], lons[:2], color=party_style("Russia")["color"],
                                dash=party_style("Russia")["dash_array"], label="bomber course"),
                 chart.marker(s["start"].lat, lons[0], color=party_style("Russia")["color"], label="bomber"),
                 chart.marker(pts[2].lat, lons[2], color="#fff", label=s["base"]["name"], shape="square")]
        if res.possible:
            frags += [chart.polyline([pts[2].lat, res.point.lat], [lons[2], lons[3]],
                                     color=party_style("United States")["color"], label="interceptor"),
                      chart.marker(res.point.lat, lons[3], color="#F0E442", label=f"intercept {res.time_min:.0f} min")]
        self.picture.value = chart.render(*frags, alt="Bomber course, base and intercept point")


def intercept_planner(**kwargs):
    """A widget to plan an intercept (see ``InterceptPlanner``)."""
    return InterceptPlanner(**kwargs)


class ZoneExplorer(w.VBox):
    """Put a point at sea with two sliders; see its distance to shore and the zones it is in."""

    LIMITS = (("territorial sea and airspace (UNCLOS Art. 2-3)", 12.0),
              ("contiguous zone (UNCLOS Art. 33)", 24.0),
              ("exclusive economic zone (UNCLOS Art. 57)", 200.0))

    def __init__(self, region="alaska_bering", *, lat=60.0, lon=-172.0, view=None):
        self.region = region
        self.coast = data.coastline(region, "fine")
        self.view = view or (lon - 8, lat - 4, lon + 8, lat + 4)
        self.chart = SvgChart(self.view, land=coast_in_view(region, self.view), title="Zone explorer")
        self.lat = w.FloatSlider(value=lat, min=self.view[1], max=self.view[3], step=0.05, description="Latitude")
        self.lon = w.FloatSlider(value=lon, min=self.view[0], max=self.view[2], step=0.05, description="Longitude")
        self.picture, self.readout = w.HTML(), w.HTML()
        self.values = {}
        for c in (self.lat, self.lon):
            c.observe(lambda _: self.update(), names="value")
        super().__init__([w.HBox([self.lat, self.lon]), w.HBox([self.picture, self.readout])])
        self.update()

    def update(self):
        hit = geo.nearest_coast_point(lat=self.lat.value, lon=self.lon.value, coast=self.coast)
        d = hit.distance_nmi
        rows = [("Distance to the coastline", f"{d:.1f} nmi")]
        inside = {}
        for name, limit in self.LIMITS:
            inside[limit] = d <= limit
            rows.append((name, f"{'inside' if d <= limit else 'outside'} (limit {limit:.0f} nmi)"))
        rows.append(("ADIZ", "an ADIZ is declared by a state, not set by distance: see the zone's source"))
        self.values = {"distance_nmi": d, "inside": inside, "nearest": hit.nearest}
        self.readout.value = _table(rows)
        frags = [self.chart.polyline([self.lat.value, hit.nearest.lat], [self.lon.value, hit.nearest.lon],
                                     color="#000", width=1, label="to the nearest coast"),
                 self.chart.marker(self.lat.value, self.lon.value, color="#F0E442", label=f"{d:.1f} nmi")]
        self.picture.value = self.chart.render(*frags, alt=f"A point {d:.1f} nmi from the coast")


def zone_explorer(region="alaska_bering", **kwargs):
    """A widget to test which zones a point is in (see ``ZoneExplorer``)."""
    return ZoneExplorer(region, **kwargs)


class CpaExplorer(w.VBox):
    """Two aircraft on straight lines: the target flies north; the interceptor starts beside it
    with a lateral offset and converges at a crossing angle. Closest point of approach from
    ``helpers.geo.cpa``."""

    def __init__(self, *, target_kt=250, interceptor_kt=270, offset_ft=500, angle_deg=10, behind_nmi=0.5):
        self.target_kt = w.IntSlider(value=target_kt, min=150, max=500, step=5, description="Target kt")
        self.interceptor_kt = w.IntSlider(value=interceptor_kt, min=150, max=700, step=5, description="Fighter kt")
        self.offset_ft = w.IntSlider(value=offset_ft, min=0, max=3000, step=5, description="Offset ft")
        self.angle_deg = w.IntSlider(value=angle_deg, min=0, max=90, step=1, description="Angle deg")
        self.behind_nmi = w.FloatSlider(value=behind_nmi, min=-2, max=2, step=0.05, description="Behind nmi")
        self.readout = w.HTML()
        self.values = {}
        controls = [self.target_kt, self.interceptor_kt, self.offset_ft, self.angle_deg, self.behind_nmi]
        for c in controls:
            c.observe(lambda _: self.update(), names="value")
        super().__init__([w.HBox([w.VBox(controls), self.readout])])
        self.update()

    def update(self):
        offset_nmi = geo.convert_length(self.offset_ft.value, "ft", "nmi")
        # % 360: course 360 gives sin(2 pi) = -2e-16, not 0, so at angle 0 and equal speeds the
        # relative velocity would not be exactly zero and geo.cpa would find a "0 ft" CPA 1e16 s away
        course_b = (360 - self.angle_deg.value) % 360
        result = geo.cpa(pos_a=(0.0, 0.0), vel_a=geo.velocity_kt(course_deg=0, speed_kt=self.target_kt.value),
                         pos_b=(offset_nmi, -float(self.behind_nmi.value)),
                         vel_b=geo.velocity_kt(course_deg=course_b, speed_kt=self.interceptor_kt.value))
        cpa_ft = geo.convert_length(result.distance_nmi, "nmi", "ft")
        closing_kt = float(np.hypot(*(np.subtract(
            geo.velocity_kt(course_deg=course_b, speed_kt=self.interceptor_kt.value),
            geo.velocity_kt(course_deg=0, speed_kt=self.target_kt.value)))))
        self.values = {"cpa_ft": cpa_ft, "time_s": result.time_h * 3600.0, "closing_kt": closing_kt}
        self.readout.value = _table([
            ("Closest approach", f"{cpa_ft:,.0f} ft"),
            ("Time until then", f"{result.time_h * 3600:.0f} s"),
            ("Closing speed", f"{closing_kt:.0f} kt = {geo.kt_to_ms(closing_kt):.0f} m/s"),
        ])


def cpa_explorer(**kwargs):
    """A widget for the closest point of approach (see ``CpaExplorer``)."""
    return CpaExplorer(**kwargs)


def claims_frame(incident_id):
    """The claims of an incident with a column ``geometry_says``: what the kit's data shows about
    claims it can test (distance to shore, sovereign airspace), from the reconstructed tracks.
    A distance claim whose quote measures it from sovereign airspace (the word "sovereign") is
    compared with the distance to the 12-nmi line, not to the shore."""
    frame = data.claims(incident_id)
    says = [""] * len(frame)
    try:
        closest = measure.closest_to_shore(incident_id)
    except KeyError:
        closest = {}
    at_sea = {name: hit.distance_nmi for name, hit in closest.items() if hit.distance_nmi > 0}
    summary = "; ".join(f"{name}: {d:.1f} nmi" for name, d in at_sea.items())
    for i, row in frame.iterrows():
        if not at_sea:
            break
        if row["kind"] == "closest_distance" and row["unit"] in ("nmi", "km", "mi") and "sovereign" in row["quote"].lower():
            # a distance from the edge of sovereign airspace (the 12-nmi line), not from the shore
            claimed = geo.convert_length(float(row["value"]), row["unit"], "nmi")
            limit = limits.limit_nmi("unclos-art3")  # the territorial sea's breadth, nmi
            beyond = "; ".join(f"{name}: {d - limit:.1f} nmi" for name, d in at_sea.items())
            says[i] = (f"claim = {claimed:.1f} nmi from sovereign airspace (the {limit:g}-nmi line); "
                       f"reconstructed tracks' closest approach to that line: {beyond} (built to match the published "
                       "figures: this tests the method, not the flight)")
        elif row["kind"] == "closest_distance" and row["unit"] in ("nmi", "km", "mi"):
            claimed = geo.convert_length(float(row["value"]), row["unit"], "nmi")
            says[i] = (f"claim = {claimed:.1f} nmi; reconstructed tracks' closest approach to the coastline: "
                       f"{summary} (built to match the published figures: this tests the method, not the flight)")
        elif row["kind"] == "entered_sovereign_airspace":
            inside = [name for name, d in at_sea.items() if d <= 12]
            says[i] = (f"reconstructed tracks inside 12 nmi: {', '.join(inside)}" if inside
                       else f"every reconstructed track stays outside 12 nmi ({summary})")
    frame["geometry_says"] = says
    return frame


CLAIMS_TABLE_CSS = ("width:100%;max-width:980px;table-layout:fixed;border-collapse:collapse;font-size:13px;"
                    "overflow-wrap:anywhere;word-break:break-word")
CLAIMS_COLUMNS = (("claim", "11%"), ("value", "13%"), ("quote", "30%"), ("source (kind)", "26%"),
                  ("what the data shows", "20%"))


def claims_table(incident_id):
    """An HTML widget: each party's claims side by side with sources (and each source's kind) and what
    the geometry says. A statement carried by several outlets is one row listing each outlet. It fits
    1000 px without horizontal scrolling (fixed column widths, long words wrapped); a note that would
    repeat row after row is written once, then "as above"."""
    frame = claims_frame(incident_id)
    kinds = data.sources().set_index("id")["kind"]
    head = "".join(f"<th style='width:{width};text-align:left'>{label}</th>" for label, width in CLAIMS_COLUMNS)
    parts, seen = [], set()
    for party, group in frame.groupby("party", sort=False):
        rows = []
        for _, r in group.iterrows():
            note = r["geometry_says"]
            shown = "(as above)" if note and note in seen else note
            seen.add(note)
            unit = r["unit"] if r["unit"] not in ("text", "yes/no", "count") else ""
            # one statement, every outlet that carried it (closest to the party first), each with its kind
            outlets = "<br>".join(f"<b>[{escape_text(kinds.get(s, ''))}]</b> {escape_text(data.cite(s))}"
                                  for s in data.source_ids(r["source_id"]))
            rows.append(
                f"<tr style='vertical-align:top;border-top:1px solid #ccc'><td>{escape_text(r['kind'])}</td>"
                f"<td>{escape_text(r['value'])} {escape_text(unit)}</td>"
                f"<td><i>&ldquo;{escape_text(r['quote'])}&rdquo;</i></td>"
                f"<td>{outlets}</td>"
                f"<td>{escape_text(shown)}</td></tr>")
        parts.append(f"<h4>{escape_text(party)}</h4><table class='ae-claims' style='{CLAIMS_TABLE_CSS}'>"
                     f"<tr>{head}</tr>{''.join(rows)}</table>")
    return w.HTML("".join(parts), layout=w.Layout(max_width="1000px", overflow_x="hidden"))


class Quiz(w.VBox):
    """Multiple choice with immediate feedback; usable with the keyboard (Tab, arrows, Enter)."""

    def __init__(self, question, choices, answer, explanation):
        if answer not in choices:
            raise ValueError(f"answer: {answer!r} is not one of the choices {choices!r}")
        self.answer, self.explanation = answer, explanation
        self.question = w.HTML(f"<b>{escape_text(question)}</b>")
        self.choices = w.RadioButtons(options=list(choices), value=None, layout=w.Layout(width="auto"))
        self.button = w.Button(description="Check", button_style="primary", tooltip="Check your answer")
        self.feedback = w.HTML("<i>Pick an answer, then press Check.</i>")
        self.button.on_click(lambda _: self.check())
        super().__init__([self.question, self.choices, self.button, self.feedback])

    def check(self):
        """Show whether the chosen answer is right; return True/False (None if nothing chosen)."""
        if self.choices.value is None:
            self.feedback.value = "<i>Pick an answer first.</i>"
            return None
        right = self.choices.value == self.answer
        verdict = "Correct." if right else f"Not quite: the answer is {escape_text(self.answer)}."
        self.feedback.value = f"<b>{verdict}</b> {escape_text(self.explanation)}"
        return right


def quiz(question, choices, answer, explanation):
    """A multiple-choice question (see ``Quiz``)."""
    return Quiz(question, choices, answer, explanation)


class ReachExplorer(w.VBox):
    """A damaged aircraft's reach: with a range (a slider, an assumption) from an incident's event
    point, which airfields of data/bases.csv lie within it, and on whose territory."""

    def __init__(self, incident_id, *, range_nmi=150, max_nmi=600, kinds=("airbase", "airport", "place")):
        self.incident = data.incident(incident_id)
        self.kinds = tuple(kinds)
        self.range_nmi = w.IntSlider(value=range_nmi, min=0, max=max_nmi, step=10, description="Range nmi",
                                     continuous_update=False, layout=w.Layout(width="420px"))
        self.readout = w.HTML()
        self.values = {}
        self.range_nmi.observe(lambda _: self.update(), names="value")
        super().__init__([self.range_nmi, self.readout])
        self.update()

    def update(self):
        from helpers import routes

        table = routes.reach(lat=float(self.incident["lat"]), lon=float(self.incident["lon"]),
                             range_nmi=self.range_nmi.value, kinds=self.kinds)
        within = table[table["reachable"]]
        self.values = {"reachable": list(within["id"]), "countries": sorted(set(within["country"])),
                       "nearest_id": table["id"].iloc[0] if len(table) else None}
        rows = [("From", "the incident's map point (approximate, see its location note)"),
                ("Range (assumed)", f"{self.range_nmi.value} nmi"),
                ("Airfields within range", str(len(within)))]
        rows += [(f"{r['name']}", f"{r['kind']}, {r['country']}, {r['distance_nmi']:.0f} nmi")
                 for _, r in within.iterrows()]
        if within.empty and len(table):
            nearest = table.iloc[0]
            rows.append(("Nearest airfield", f"{nearest['name']} ({nearest['country']}), {nearest['distance_nmi']:.0f} nmi"))
        self.readout.value = _table(rows)


def reach_explorer(incident_id, **kwargs):
    """A widget for a damaged aircraft's reach from an incident point (see ``ReachExplorer``)."""
    return ReachExplorer(incident_id, **kwargs)


class RoutePlanner(w.VBox):
    """Pick a base and a destination from data/bases.csv: the great circle's length, the rhumb
    line's extra distance and the flight time at a chosen speed (an assumption, in knots)."""

    def __init__(self, *, start_id="engels-2", end_id="maiquetia-svmi", speed_kt=450):
        table = data.bases()
        options = [(f"{r['name']} ({r['country']})", r["id"]) for _, r in table.iterrows()]
        self.start = w.Dropdown(options=options, value=start_id, description="From",
                                layout=w.Layout(width="460px"))
        self.end = w.Dropdown(options=options, value=end_id, description="To", layout=w.Layout(width="460px"))
        self.speed_kt = w.IntSlider(value=speed_kt, min=100, max=1200, step=10, description="Speed kt",
                                    continuous_update=False, layout=w.Layout(width="420px"))
        self.readout = w.HTML()
        self.values = {}
        for c in (self.start, self.end, self.speed_kt):
            c.observe(lambda _: self.update(), names="value")
        super().__init__([self.start, self.end, self.speed_kt, self.readout])
        self.update()

    def update(self):
        from helpers import routes

        r = routes.route(self.start.value, self.end.value)
        hours = routes.flight_time_h(r.great_circle_nmi, self.speed_kt.value)
        self.values = {"great_circle_nmi": r.great_circle_nmi, "rhumb_nmi": r.rhumb_nmi,
                       "rhumb_extra_nmi": r.rhumb_extra_nmi, "hours": hours,
                       "initial_course_deg": r.initial_course_deg}
        self.readout.value = _table([
            ("Great circle", f"{r.great_circle_nmi:,.0f} nmi = {geo.nmi_to_km(r.great_circle_nmi):,.0f} km"),
            ("Initial course", f"{r.initial_course_deg:.0f} degrees true"),
            ("Rhumb line (Mercator straight line)", f"{r.rhumb_nmi:,.0f} nmi, {r.rhumb_extra_nmi:,.0f} nmi longer"),
            ("Flight time on the great circle", f"{hours:.1f} h at {self.speed_kt.value} kt (no wind, no detours)"),
        ])


def route_planner(**kwargs):
    """A widget for planning a route between two bases (see ``RoutePlanner``)."""
    return RoutePlanner(**kwargs)
