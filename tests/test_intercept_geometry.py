"""Lesson 08's geometry: the flat closed forms its exercises check against agree with helpers.geo."""

import math

import matplotlib
import pytest

from helpers import charts, geo
from helpers.exercises import lesson_08

matplotlib.use("Agg")
BASE = geo.LatLon(60.0, -160.0)


@pytest.mark.parametrize("case", lesson_08.LEAD_CASES)
def test_flat_lead_intercept_agrees_with_the_ellipsoid(case):
    """The exercise's praise says geo.intercept_course agrees with the flat formula within 0.1 %."""
    d, vt, vi, aspect = case
    where = geo.destination(lat=BASE.lat, lon=BASE.lon, bearing_deg=90.0, distance_nmi=d)
    target = geo.LatLon(float(where.lat), float(where.lon))
    back = float(geo.initial_bearing_deg(lat1=target.lat, lon1=target.lon, lat2=BASE.lat, lon2=BASE.lon))
    run = geo.intercept_course(interceptor=BASE, speed_kt=vi, target=target,
                               target_course_deg=(back + aspect) % 360, target_speed_kt=vt)
    flat = lesson_08.lead_intercept_minutes(d, vt, vi, aspect)
    assert run.possible
    assert flat == pytest.approx(run.time_min, rel=1e-3)


def test_head_on_and_tail_chase_are_the_special_cases():
    assert lesson_08.lead_intercept_minutes(300, 500, 900, 0) == pytest.approx(300 / 1400 * 60)
    assert lesson_08.lead_intercept_minutes(100, 500, 900, 180) == pytest.approx(100 / 400 * 60)
    assert math.isnan(lesson_08.lead_intercept_minutes(100, 900, 500, 180)), "a slower interceptor never catches up"


@pytest.mark.parametrize("case", lesson_08.DEPTH_CASES)
def test_min_depth_lets_the_fighters_reach_the_line_just_in_time(case):
    """On a meridian, with the zone exactly min_depth_nmi deep, the fighters reach the 12-nmi line when the
    bomber does (geo.intercept_course on the ellipsoid, within 0.5 % of the time)."""
    bomber_kt, delay_min, behind_nmi, fighter_kt = case
    depth = lesson_08.min_depth_nmi(bomber_kt, delay_min, behind_nmi, fighter_kt)
    line = geo.destination(lat=BASE.lat, lon=BASE.lon, bearing_deg=0.0, distance_nmi=behind_nmi)
    start = geo.destination(lat=float(line.lat), lon=float(line.lon), bearing_deg=0.0, distance_nmi=depth)
    bomber_at_line_min = depth / bomber_kt * 60
    fighters_at_line_min = delay_min + behind_nmi / fighter_kt * 60
    assert fighters_at_line_min == pytest.approx(bomber_at_line_min, rel=1e-9)
    run = geo.intercept_course(interceptor=BASE, speed_kt=fighter_kt, target=geo.LatLon(float(start.lat), float(start.lon)),
                               target_course_deg=180.0, target_speed_kt=bomber_kt, delay_min=delay_min)
    assert run.possible
    assert run.time_min == pytest.approx(bomber_at_line_min, rel=5e-3, abs=0.05)


def test_pursuit_chart_has_alt_text_and_every_path():
    target = geo.LatLon(59.0, -157.0)
    chase = geo.pure_pursuit(interceptor=BASE, speed_kt=880, target=target, target_course_deg=160, target_speed_kt=500)
    lead = geo.intercept_course(interceptor=BASE, speed_kt=880, target=target, target_course_deg=160, target_speed_kt=500)
    fig = charts.pursuit_chart(pursuit=chase, lead=lead, interceptor=BASE, base_name="Test base")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("pure pursuit" in x for x in labels) and any("lead" in x for x in labels)
    assert "Test base" in fig.alt_text and f"{lead.time_min:.0f} min" in fig.alt_text
    sizes = [t.get_fontsize() for t in fig.axes[0].get_legend().get_texts()] + [fig.axes[0].xaxis.label.get_fontsize()]
    assert min(sizes) >= 12, "projector-sized labels"


def test_trend_chart_never_joins_a_gap():
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({"fiscal_year": [2000, 2001, 2005], "total": [10.0, 12.0, 30.0], "china": [np.nan, 5.0, 6.0]})
    fig = charts.trend_chart(frame, x="fiscal_year", columns=["total", "china"], labels=["all", "china"],
                             title="t", ylabel="n")
    total_line = fig.axes[0].get_lines()[0]
    ys = np.asarray(total_line.get_ydata(), float)
    assert len(ys) == 6 and np.isnan(ys[2:5]).all(), "2002-2004 were not published: the line must break"
    assert "2000: 10" in fig.alt_text and "china: 2001: 5" in fig.alt_text
