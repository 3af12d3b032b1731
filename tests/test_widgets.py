"""Tests of ``helpers.widgets``, driven in-process (no browser, no kernel): set a control's value as
a student would, then compare the widget's ``.values`` and readout with what ``helpers.geo``
computes directly from ``data/`` for the same inputs."""

import html

import ipywidgets as w
import numpy as np
import pandas as pd
import pytest

from helpers import data, geo, widgets
from helpers.maps import escape_text
from helpers.measure import closest_to_shore

TOL = 1e-6
INCIDENTS = list(data.incidents()["id"])


TRACKED = [i for i in INCIDENTS if i in data.incidents_with_tracks()]
_EXPLORERS = {}


def _explorer(incident_id):
    """One TrackExplorer per incident for the module (building one measures every track)."""
    if incident_id not in _EXPLORERS:
        _EXPLORERS[incident_id] = widgets.track_explorer(incident_id)
    return _EXPLORERS[incident_id]


def _expected_track_values(incident_id, when):
    """What the TrackExplorer should show at ``when``, computed straight from helpers.geo."""
    inc = data.incident(incident_id)
    coast = data.coastline(inc["region"], "fine")
    tracks = data.tracks(incident_id)
    pos = {n: geo.position_at(t, when) for n, t in tracks.items()
           if t["time"].iloc[0] <= when <= t["time"].iloc[-1]}
    out = {f"{n} to shore (nmi)": geo.nearest_coast_point(lat=p["lat"], lon=p["lon"], coast=coast).distance_nmi
           for n, p in pos.items()}
    names = [n for n in tracks if n in pos][:2]
    if len(names) == 2:
        a, b = pos[names[0]], pos[names[1]]
        out["lateral_nmi"] = geo.distance_nmi(lat1=a["lat"], lon1=a["lon"], lat2=b["lat"], lon2=b["lon"])
        out["vertical_ft"] = b["alt_ft"] - a["alt_ft"]
    return out


def _assert_close_values(got, expected):
    for key, value in expected.items():
        assert key in got, f"missing {key!r} in .values"
        assert float(got[key]) == pytest.approx(float(value), abs=TOL), key


# --- TrackExplorer ------------------------------------------------------------------------------

@pytest.mark.parametrize("incident_id", TRACKED)
def test_track_explorer_full_picture_on_creation(incident_id):
    te = _explorer(incident_id)
    te.slider.value = 0
    assert te.values and "time" in te.values
    assert any(k.endswith("to shore (nmi)") for k in te.values)
    assert te.readout.value.strip() and "<table" in te.readout.value
    assert te.picture.value.startswith("<svg") and "<polyline" in te.picture.value
    assert te.clock.value.strip()
    start = min(t["time"].iloc[0] for t in data.tracks(incident_id).values())
    assert te.values["time"] == start
    _assert_close_values(te.values, _expected_track_values(incident_id, start))


@pytest.mark.parametrize("incident_id", TRACKED)
def test_track_explorer_slider_moves_time(incident_id):
    te = _explorer(incident_id)
    te.slider.value = 0
    before = dict(te.values)
    later = (te.slider.max * 2 // 3) // te.slider.step * te.slider.step
    assert later > 0
    te.slider.value = later
    after = te.values
    when = te.start + pd.Timedelta(seconds=later)
    assert after["time"] == when
    assert after["time"] != before["time"]
    common = [k for k in after if k.endswith("(nmi)") and k in before]
    assert set(after) != set(before) or any(abs(after[k] - before[k]) > 1e-3 for k in common), "nothing moved"
    _assert_close_values(after, _expected_track_values(incident_id, when))
    # the readout shows the same numbers (rounded) and time
    assert f"{when:%H:%M}" in te.clock.value
    for key, value in after.items():
        if key.endswith("to shore (nmi)"):
            assert f"{value:.1f} nmi" in te.readout.value
    if "lateral_nmi" in after:
        assert f"{after['lateral_nmi']:.1f} nmi lateral" in te.readout.value
    te.slider.value = 0
    assert te.values["time"] == before["time"]


# --- InterceptPlanner ---------------------------------------------------------------------------

def _expected_intercept(planner):
    s = planner.scenario()
    base = s["base"]
    res = geo.intercept_course(interceptor=geo.LatLon(float(base["lat"]), float(base["lon"])),
                               speed_kt=planner.fighter_speed.value, target=s["start"],
                               target_course_deg=planner.bomber_course.value,
                               target_speed_kt=planner.bomber_speed.value, delay_min=planner.delay.value)
    limit_min = planner.depth.value / planner.bomber_speed.value * 60.0
    return res, limit_min


def _assert_planner_matches(planner):
    res, limit_min = _expected_intercept(planner)
    v = planner.values
    assert v["limit_min"] == pytest.approx(limit_min, abs=TOL)
    assert v["possible"] == res.possible
    if res.possible:
        assert v["time_min"] == pytest.approx(res.time_min, abs=TOL)
        assert v["heading_deg"] == pytest.approx(res.heading_deg, abs=TOL)
        assert v["in_time"] == (res.time_min <= limit_min)
        assert f"{res.time_min:.0f} min" in planner.readout.value
    else:
        assert v["time_min"] is None and v["heading_deg"] is None and v["in_time"] is False
        assert "no intercept" in planner.readout.value
    # the bomber starts 12 nmi + the ADIZ depth from its aim, on the reciprocal of its course
    s = planner.scenario()
    gap = geo.distance_nmi(lat1=s["start"].lat, lon1=s["start"].lon, lat2=s["aim"].lat, lon2=s["aim"].lon)
    assert gap == pytest.approx(planner.depth.value + 12.0, abs=1e-6)
    assert planner.picture.value.startswith("<svg")


def test_intercept_planner_initial_and_changed():
    planner = widgets.intercept_planner()
    assert planner.values and planner.readout.value.strip()
    _assert_planner_matches(planner)
    first = dict(planner.values)
    planner.bomber_speed.value = 300
    planner.bomber_course.value = 45
    planner.fighter_speed.value = 1100
    planner.delay.value = 5
    planner.depth.value = 300
    assert planner.values != first
    _assert_planner_matches(planner)
    assert planner.values["possible"] and planner.values["in_time"]
    assert "BEFORE" in planner.readout.value
    planner.base.value = planner.base.options[-1][1]
    _assert_planner_matches(planner)


def test_intercept_planner_slow_fighter_is_too_late():
    planner = widgets.intercept_planner()
    planner.bomber_speed.value = 900
    planner.fighter_speed.value = 300
    planner.delay.value = 60
    planner.depth.value = 20
    _assert_planner_matches(planner)
    assert planner.values["possible"] is False or planner.values["in_time"] is False
    assert "TOO LATE" in planner.readout.value or "no intercept" in planner.readout.value


# --- ZoneExplorer ---------------------------------------------------------------------------------

ZONE_POINTS = [(60.4, -172.0), (60.0, -172.0), (59.0, -170.0), (57.0, -179.0), (63.0, -168.0)]


def test_zone_explorer_distances_and_flags():
    z = widgets.zone_explorer("alaska_bering")
    assert z.values and z.readout.value.strip() and z.picture.value.startswith("<svg")
    coast = data.coastline("alaska_bering", "fine")
    seen = {12.0: set(), 24.0: set(), 200.0: set()}
    for lat, lon in ZONE_POINTS:
        z.lat.value, z.lon.value = lat, lon
        hit = geo.nearest_coast_point(lat=lat, lon=lon, coast=coast)
        assert z.values["distance_nmi"] == pytest.approx(hit.distance_nmi, abs=TOL)
        assert z.values["nearest"].lat == pytest.approx(hit.nearest.lat, abs=TOL)
        assert z.values["inside"] == {12.0: hit.distance_nmi <= 12, 24.0: hit.distance_nmi <= 24,
                                      200.0: hit.distance_nmi <= 200}
        assert f"{hit.distance_nmi:.1f} nmi" in z.readout.value
        for limit, inside in z.values["inside"].items():
            seen[limit].add(inside)
            assert f"{'inside' if inside else 'outside'} (limit {limit:.0f} nmi)" in z.readout.value
    assert all(v == {True, False} for v in seen.values()), f"the points did not test every threshold: {seen}"


def test_zone_explorer_other_region():
    z = widgets.zone_explorer("black_sea", lat=43.5, lon=33.0)
    hit = geo.nearest_coast_point(lat=43.5, lon=33.0, coast=data.coastline("black_sea", "fine"))
    assert z.values["distance_nmi"] == pytest.approx(hit.distance_nmi, abs=TOL)


# --- CpaExplorer ----------------------------------------------------------------------------------

def _expected_cpa(c):
    offset_nmi = geo.convert_length(c.offset_ft.value, "ft", "nmi")
    vel_a = geo.velocity_kt(course_deg=0, speed_kt=c.target_kt.value)
    vel_b = geo.velocity_kt(course_deg=(360 - c.angle_deg.value) % 360, speed_kt=c.interceptor_kt.value)
    res = geo.cpa(pos_a=(0.0, 0.0), vel_a=vel_a, pos_b=(offset_nmi, -float(c.behind_nmi.value)), vel_b=vel_b)
    return (geo.convert_length(res.distance_nmi, "nmi", "ft"), res.time_h * 3600.0,
            float(np.hypot(vel_b[0] - vel_a[0], vel_b[1] - vel_a[1])))


@pytest.mark.parametrize("settings", [
    {},
    {"target_kt": 300, "interceptor_kt": 450, "offset_ft": 1500, "angle_deg": 30, "behind_nmi": -1.0},
    {"target_kt": 200, "interceptor_kt": 200, "offset_ft": 800, "angle_deg": 0, "behind_nmi": 0.0},
])
def test_cpa_explorer_matches_geo_cpa(settings):
    c = widgets.cpa_explorer()
    assert c.values and c.readout.value.strip()
    for name, value in settings.items():
        getattr(c, name).value = value
    cpa_ft, time_s, closing = _expected_cpa(c)
    assert c.values["cpa_ft"] == pytest.approx(cpa_ft, abs=TOL)
    assert c.values["time_s"] == pytest.approx(time_s, abs=TOL)
    assert c.values["closing_kt"] == pytest.approx(closing, abs=TOL)
    assert f"{cpa_ft:,.0f} ft" in c.readout.value


def test_cpa_explorer_known_geometry():
    c = widgets.cpa_explorer()
    # parallel, same speed, side by side: they stay the offset apart, now
    c.angle_deg.value, c.behind_nmi.value, c.interceptor_kt.value, c.target_kt.value = 0, 0.0, 250, 250
    c.offset_ft.value = 1000
    assert c.values["cpa_ft"] == pytest.approx(1000, abs=1e-6) and c.values["time_s"] == 0
    # crossing at 90 degrees at equal speed from abeam: closest at offset/sqrt(2)
    c.angle_deg.value = 90
    assert c.values["cpa_ft"] == pytest.approx(1000 / np.sqrt(2), rel=1e-9)
    assert c.values["closing_kt"] == pytest.approx(250 * np.sqrt(2), rel=1e-9)


# --- claims ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("incident_id", INCIDENTS)
def test_claims_table_lists_parties_and_escaped_quotes(incident_id):
    table = widgets.claims_table(incident_id)
    assert isinstance(table, w.HTML)
    claims = data.claims(incident_id)
    assert len(claims), f"{incident_id} has no claims"
    for party in claims["party"].unique():
        assert f"<h4>{escape_text(party)}</h4>" in table.value
    for quote in claims["quote"]:
        assert escape_text(quote) in table.value
        if any(ch in quote for ch in "<>\"'`$\\"):
            assert quote not in table.value, f"quote not escaped: {quote!r}"
    kinds = data.sources().set_index("id")["kind"]
    for cell in claims["source_id"]:
        for sid in data.source_ids(cell):
            assert f"<b>[{escape_text(kinds[sid])}]</b> {escape_text(data.cite(sid))}" in table.value
    assert html.unescape(escape_text(claims["quote"].iloc[0])) == claims["quote"].iloc[0]


def test_claims_table_one_row_per_statement_with_each_outlet():
    # NORAD's "20 nmi" of 10 June 2020 came via two outlets: one row, both outlets with their kind
    table = widgets.claims_table("alaska-2020-06-10").value
    claim = data.claims("alaska-2020-06-10").set_index("id").loc["alaska-2020-06-10-norad-closest-1"]
    outlets = data.source_ids(claim["source_id"])
    assert outlets == ["defenceblog-2020-06-10-f22-tu95", "aviationgeekclub-2020-06-norad-f22-20-32nm"]
    assert table.count(escape_text(claim["quote"])) == 1
    row = table.split(escape_text(claim["quote"]))[1].split("</tr>")[0]
    assert row.count("<b>[news]</b>") == 2 and "<br>" in row
    for sid in outlets:
        assert escape_text(data.cite(sid)) in row


def test_claims_have_quotes_with_quote_marks():
    # the escaping check above must meet at least one real quote with ' or "
    quotes = data.claims()["quote"]
    assert quotes.str.contains("['\"]", regex=True).any()


def test_claims_frame_geometry_says_closest_approach():
    frame = widgets.claims_frame("alaska-2020-06-10")
    assert "geometry_says" in frame.columns
    closest = frame[(frame["kind"] == "closest_distance") & ~frame["quote"].str.contains("sovereign", case=False)]
    assert len(closest)
    at_sea = {n: h.distance_nmi for n, h in closest_to_shore("alaska-2020-06-10").items() if h.distance_nmi > 0}
    assert at_sea
    for says in closest["geometry_says"]:
        assert "reconstructed tracks' closest approach" in says
        for name, dist in at_sea.items():
            assert f"{name}: {dist:.1f} nmi" in says
    sovereign = frame[frame["kind"] == "entered_sovereign_airspace"]["geometry_says"]
    assert all("12 nmi" in s for s in sovereign)
    # incidents without tracks: nothing to say
    assert (widgets.claims_frame("kal007-1983-09-01")["geometry_says"] == "").all()


# --- Quiz -----------------------------------------------------------------------------------------

def _quiz():
    return widgets.quiz("How wide is the territorial sea <b>?", ["3 nmi", "12 nmi", "200 nmi"], "12 nmi",
                        "UNCLOS Art. 3 & the `${x}` case")


def test_quiz_right_answer():
    q = _quiz()
    assert "&lt;b&gt;?" in q.question.value
    q.choices.value = "12 nmi"
    assert q.check() is True
    assert "Correct" in q.feedback.value
    assert "UNCLOS Art. 3 &amp; the &#96;&#36;{x}&#96; case" in q.feedback.value


def test_quiz_button_click():
    q = _quiz()
    q.choices.value = "12 nmi"
    q.button.click()
    assert "Correct" in q.feedback.value
    q.choices.value = "3 nmi"
    q.button.click()
    assert "Correct" not in q.feedback.value and "12 nmi" in q.feedback.value


def test_quiz_wrong_answer_shows_right_one():
    q = _quiz()
    q.choices.value = "200 nmi"
    assert q.check() is False
    assert "Not quite" in q.feedback.value and "12 nmi" in q.feedback.value
    assert "Correct" not in q.feedback.value


def test_quiz_no_selection():
    q = _quiz()
    assert q.choices.value is None
    assert q.check() is None
    assert "Pick an answer" in q.feedback.value


def test_quiz_answer_not_in_choices():
    with pytest.raises(ValueError, match="not one of the choices"):
        widgets.quiz("Q?", ["a", "b"], "c", "because")


def test_claims_table_fits_1000px_shows_source_kinds_and_long_notes_once(monkeypatch):
    html = widgets.claims_table("alaska-2020-06-10").value
    assert "table-layout:fixed" in html and "width:100%" in html and "overflow-wrap:anywhere" in html
    assert "[official release]" in html or "[news]" in html
    # one statement is one row now, so no incident repeats a note: give two claims the same note
    frame = widgets.claims_frame("alaska-2020-06-10")
    first = frame.index[frame["geometry_says"] != ""][0]
    frame.loc[frame.index != first, "geometry_says"] = frame.loc[first, "geometry_says"]
    monkeypatch.setattr(widgets, "claims_frame", lambda incident_id: frame.copy())
    html = widgets.claims_table("alaska-2020-06-10").value
    notes = [n for n in frame["geometry_says"] if n]
    repeated = {n for n in notes if notes.count(n) > 1}
    assert repeated
    for note in repeated:
        assert html.count(widgets.escape_text(note)) == 1, "a repeated note must be written once"
    assert "(as above)" in html


def test_claims_table_shows_a_count_without_the_word_count():
    claims = data.claims("alaska-2020-06-10")
    counts = claims[claims["unit"] == "count"]
    assert not counts.empty
    table = widgets.claims_table("alaska-2020-06-10").value
    for value in counts["value"]:
        assert f"<td>{escape_text(value)} </td>" in table
        assert f"{escape_text(value)} count</td>" not in table


def test_a_distance_from_sovereign_airspace_is_compared_with_the_12_nmi_line():
    frame = widgets.claims_frame("alaska-2020-06-10").set_index("id")
    says = frame.loc["alaska-2020-06-10-northcom-closest-sovereign", "geometry_says"]
    closest = {n: h for n, h in closest_to_shore("alaska-2020-06-10").items() if h.distance_nmi > 0}  # at sea
    assert closest and "from sovereign airspace" in says and "closest approach to the coastline" not in says
    for name, hit in closest.items():
        assert f"{name}: {hit.distance_nmi - 12:.1f} nmi" in says
    # a distance from the shore is still compared with the shore
    shore = frame.loc["alaska-2020-06-10-norad-closest-1", "geometry_says"]
    assert "closest approach to the coastline" in shore
    assert any(f"{name}: {hit.distance_nmi:.1f} nmi" in shore for name, hit in closest.items())


def test_a_polyline_leaves_out_points_that_print_like_the_one_before():
    from helpers.svg import SvgChart

    chart = SvgChart((0.0, 0.0, 1.0, 1.0), width=100)
    few = chart.polyline([0.1, 0.5, 0.9], [0.1, 0.6, 0.2])
    assert 'points="10.0,90.0 60.0,50.0 20.0,10.0"' in few, few  # distinct points are all kept, in order
    lat = np.linspace(0.1, 0.9, 100_001)  # 0.8 deg = 80 px: 801 distinct points at 0.1 px
    dense = chart.polyline(lat, np.full_like(lat, 0.5))
    points = dense.split('points="')[1].split('"')[0].split()
    assert points[0] == "50.0,90.0" and points[-1] == "50.0,10.0", (points[0], points[-1])
    assert len(points) == 801 and len(set(points)) == 801, len(points)
