"""Lesson 07's helpers: the RB-47H's claimed positions and their map."""

import pytest

from helpers import data, geo, maps
from helpers.exercises import lesson_07


def test_claimed_positions_lie_due_north_of_the_cape_at_the_claimed_distance():
    cape = data.base(lesson_07.CAPE)
    positions = lesson_07.claimed_positions()
    assert [p["claim_id"] for p in positions] == [lesson_07.SOVIET, lesson_07.OTHER]
    for p in positions:
        assert p["lon"] == pytest.approx(float(cape["lon"]), abs=1e-9)
        km = geo.convert_length(geo.distance_nmi(lat1=cape["lat"], lon1=cape["lon"], lat2=p["lat"], lon2=p["lon"]), "nmi", "km")
        assert km == pytest.approx(p["km"], rel=1e-6)


def test_positions_map_shows_both_positions_and_the_limit():
    html = maps.map_html(maps.positions_map(lesson_07.RB47, lesson_07.claimed_positions()))
    assert "Soviet account" in html and "80 km account" in html
    assert "12-nmi limit" in html and "Coastline (GSHHG)" in html


def test_heading_error_inverts_the_flat_drift():
    for x, d in lesson_07.ERROR_CASES:
        import math

        e = lesson_07.heading_error_deg(x, d)
        assert d * math.sin(math.radians(e)) == pytest.approx(x)
