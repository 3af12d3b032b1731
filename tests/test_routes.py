"""helpers.routes and the route maps/widgets of lessons 05-06: great circle vs rhumb line, limits a
route passes, reach, reported distances, and the maps and widgets built on them."""

import pytest

from helpers import data, geo, maps, routes, widgets


def test_route_great_circle_is_never_longer_than_rhumb():
    r = routes.route("engels-2", "maiquetia-svmi")
    direct = geo.distance_nmi(lat1=data.base("engels-2")["lat"], lon1=data.base("engels-2")["lon"],
                              lat2=data.base("maiquetia-svmi")["lat"], lon2=data.base("maiquetia-svmi")["lon"])
    assert r.great_circle_nmi == pytest.approx(direct)
    assert r.rhumb_nmi > r.great_circle_nmi
    assert r.rhumb_extra_nmi == pytest.approx(r.rhumb_nmi - r.great_circle_nmi)
    assert 0 <= r.initial_course_deg < 360


def test_route_along_a_meridian_has_no_rhumb_extra():
    # Olenya and a point due south on the same meridian: both lines are the meridian.
    assert routes.path_length_nmi([(68.0, 33.47), (60.0, 33.47)]) == pytest.approx(
        geo.rhumb_distance_nmi(lat1=68.0, lon1=33.47, lat2=60.0, lon2=33.47), rel=1e-4)


def test_flight_time_and_bad_speed():
    assert routes.flight_time_h(900, 450) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="speed_kt"):
        routes.flight_time_h(900, 0)


def test_route_points_kinds():
    gc = routes.route_points("barksdale-afb", "raf-fairford", kind="great_circle", n=50)
    rh = routes.route_points("barksdale-afb", "raf-fairford", kind="rhumb", n=50)
    assert len(gc) == len(rh) == 50
    # The great circle between two northern places bows north of the rhumb line.
    assert gc["lat"].max() > rh["lat"].max() + 1.0
    with pytest.raises(ValueError, match="kind"):
        routes.route_points("barksdale-afb", "raf-fairford", kind="straight")


def test_path_length_sums_legs_and_needs_two_points():
    pts = [(10.0, 20.0), (10.0, 21.0), (11.0, 21.0)]
    legs = sum(geo.distance_nmi(lat1=a[0], lon1=a[1], lat2=b[0], lon2=b[1]) for a, b in zip(pts, pts[1:]))
    assert routes.path_length_nmi(pts) == pytest.approx(legs)
    with pytest.raises(ValueError, match="two"):
        routes.path_length_nmi(pts[:1])


def test_limits_passed_finds_crossing_of_hainan_and_none_at_open_sea():
    across = routes.path_points([(17.5, 109.5), (20.5, 109.5)], n_per_leg=200)  # south to north over Hainan
    passed = routes.limits_passed(across, regions=("south_china_sea",))
    assert len(passed) == 1 and passed[0].region == "south_china_sea"
    assert passed[0].inside_nmi > 100  # Hainan is about 90 nmi across north-south, plus 12 nmi each side
    open_sea = routes.path_points([(16.0, 114.5), (17.0, 115.5)], n_per_leg=50)
    assert routes.limits_passed(open_sea, regions=("south_china_sea",)) == []


def test_offshore_route_keeps_clear_of_norway_and_is_longer_than_great_circle():
    wps = data.waypoints("venezuela-2018-12-10-offshore")
    pts = list(zip(wps["lat"], wps["lon"]))
    assert routes.path_length_nmi(pts) > routes.route("engels-2", "maiquetia-svmi").great_circle_nmi
    sea_part = routes.path_points(pts[2:5], n_per_leg=60)
    check = routes.offshore_check(sea_part, ["barents"])
    assert bool(check["keeps_clear"].iloc[0]) and check["min_nmi"].iloc[0] > 12


def test_reach_marks_within_range_and_rejects_negative():
    table = routes.reach(lat=17.7, lon=110.9, range_nmi=0)
    assert not table["reachable"].any()
    assert list(table["distance_nmi"]) == sorted(table["distance_nmi"])
    far = routes.reach(lat=17.7, lon=110.9, range_nmi=1e5)
    assert far["reachable"].all()
    with pytest.raises(ValueError, match="range_nmi"):
        routes.reach(lat=17.7, lon=110.9, range_nmi=-1)


@pytest.mark.parametrize("text, km, lower", [
    ("more than 10,000 km flight", 10000, True), ("9,977-kilometer flight", 9977, False),
    ("return flight over 12,000 km with aerial refuelling", 12000, True), ("about 70 nmi", 70 * 1.852, False),
])
def test_reported_distance_km(text, km, lower):
    got_km, got_lower = routes.reported_distance_km(text)
    assert got_km == pytest.approx(km) and got_lower is lower


def test_reported_distance_none_without_a_number():
    assert routes.reported_distance_km("two corrupt governments") is None


def test_distance_fit_engels_vs_olenya():
    fit = routes.distance_fit("venezuela-2018-12-10", ["engels-2", "olenya-air-base"], "maiquetia-svmi")
    presstv = fit[fit["claim"] == "venezuela-2018-12-10-presstv-distance"].set_index("base")
    # 9,977 km is shorter than the great circle from Engels, longer than the one from Olenya.
    assert not presstv.loc["engels-2", "fits"] and presstv.loc["olenya-air-base", "fits"]
    assert (fit["great_circle_km"] > 0).all()


def test_route_map_draws_lines_and_passages():
    html = maps.map_html(maps.route_map("engels-2", "maiquetia-svmi", via_route="venezuela-2018-12-10-offshore",
                                        offline=True))
    assert html.count("L.polyline") >= 3
    assert "within 12 nmi of a coast or over land" in html
    assert "cdn.jsdelivr" not in html


def test_route_chart_has_two_panels_and_alt_text():
    import matplotlib.pyplot as plt

    fig = maps.route_chart("barksdale-afb", "raf-fairford")
    assert len(fig.axes) == 2 and "Mercator" in fig.alt_text
    plt.close(fig)


def test_incident_maps_of_lessons_05_06_show_more_than_a_point():
    hainan = maps.map_html(maps.incident_map("hainan-2001-04-01", offline=True))
    assert "nmi from the coast of Hainan Island" in hainan
    venezuela = maps.map_html(maps.incident_map("venezuela-2018-12-10", offline=True))
    assert "venezuela-2018-12-10-offshore" in venezuela and "Great circle" in venezuela


def test_claim_rings_one_per_distinct_distance():
    rings = maps.claim_rings("hainan-2001-04-01")
    claims = data.claims("hainan-2001-04-01")
    claimed = claims[claims["kind"] == "closest_distance"]
    distinct = {round(float(geo.convert_length(v, u, "nmi")), 1) for v, u in zip(claimed["value_number"], claimed["unit"])}
    assert [r[0] for r in rings] == sorted(distinct)
    hainan = data.base("hainan-island")
    for nmi, _, ring in rings:
        d = geo.distance_to_coast_nmi(lat=ring.coords[0][1], lon=ring.coords[0][0],
                                      coast=data.coastline("south_china_sea", "fine"))
        assert d == pytest.approx(nmi, abs=1.5), (nmi, d, hainan["name"])
    assert maps.claim_rings("alaska-2020-06-10") == []


def test_reach_explorer_values_follow_slider():
    widget = widgets.reach_explorer("hainan-2001-04-01", range_nmi=0)
    assert widget.values["reachable"] == []
    widget.range_nmi.value = 600
    assert len(widget.values["reachable"]) >= 3 and "China" in widget.values["countries"]


def test_route_planner_values_follow_controls():
    widget = widgets.route_planner(start_id="barksdale-afb", end_id="raf-fairford", speed_kt=400)
    expected = routes.route("barksdale-afb", "raf-fairford")
    assert widget.values["great_circle_nmi"] == pytest.approx(expected.great_circle_nmi)
    assert widget.values["hours"] == pytest.approx(expected.great_circle_nmi / 400)
    widget.speed_kt.value = 800
    assert widget.values["hours"] == pytest.approx(expected.great_circle_nmi / 800)
    widget.end.value = "maiquetia-svmi"
    assert widget.values["great_circle_nmi"] == pytest.approx(
        routes.route("barksdale-afb", "maiquetia-svmi").great_circle_nmi)


def test_distance_fit_lower_bound_fits_every_base():
    fit = routes.distance_fit("venezuela-2018-12-10", ["engels-2", "olenya-air-base"], "maiquetia-svmi")
    lower = fit[fit["lower_bound"]]
    assert len(lower) >= 2 and lower["fits"].all()


def test_min_distance_to_coast_prunes_without_changing_the_answer():
    pts = routes.path_points([(19.5, 112.0), (16.5, 108.5)], n_per_leg=25)  # off Hainan towards Vietnam
    coast = data.coastline("south_china_sea", "light")
    brute = min(geo.distance_to_coast_nmi(lat=a, lon=o, coast=coast) for a, o in zip(pts["lat"], pts["lon"]))
    d, at = routes.min_distance_to_coast_nmi(pts, "south_china_sea", tier="light")
    assert d == pytest.approx(brute, abs=1e-6)
    assert geo.distance_to_coast_nmi(lat=at.lat, lon=at.lon, coast=coast) == pytest.approx(d, abs=1e-6)
