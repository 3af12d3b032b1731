"""The median-line corridor on a made-up gulf: two straight coasts a known distance apart."""

import pytest
import shapely

from helpers import corridors, geo


def gulf(width_nmi):
    """Land south of 60 N and north of 60 N + width (between 24 and 26 E)."""
    north_lat = 60.0 + geo.convert_length(width_nmi, "nmi", "km") / 111.2
    return shapely.union(shapely.box(24.0, 59.0, 26.0, 60.0), shapely.box(24.0, north_lat, 26.0, 61.5)), north_lat


@pytest.mark.parametrize("width_nmi", [10.0, 20.0])
def test_a_narrow_gulf_keeps_six_nmi_open(width_nmi):
    coast, north_lat = gulf(width_nmi)
    c = corridors.midline_corridor(lat1=61.4, lon1=25.0, lat2=59.1, lon2=25.0, coast=coast,
                                   split_lat=(60.0 + north_lat) / 2, n=2001)
    assert c.width_nmi == pytest.approx(6.0, abs=0.3), c.width_nmi
    assert geo.corridor_width_nmi(lat1=61.4, lon1=25.0, lat2=59.1, lon2=25.0, coast=coast, n=401).width_nmi == 0


def test_a_wide_gulf_keeps_what_12_nmi_seas_leave():
    coast, north_lat = gulf(40.0)
    c = corridors.midline_corridor(lat1=61.4, lon1=25.0, lat2=59.1, lon2=25.0, coast=coast,
                                   split_lat=(60.0 + north_lat) / 2, n=2001)
    assert c.width_nmi == pytest.approx(40.0 - 24.0, abs=0.3)


def test_no_setback_and_a_narrow_gulf_leave_nothing():
    coast, north_lat = gulf(10.0)
    c = corridors.midline_corridor(lat1=61.4, lon1=25.0, lat2=59.1, lon2=25.0, coast=coast,
                                   split_lat=(60.0 + north_lat) / 2, setback_nmi=0.0, n=2001)
    assert c.width_nmi < 0.1


def test_a_split_with_no_land_on_one_side_is_an_error():
    coast, _ = gulf(10.0)
    with pytest.raises(ValueError, match="split_lat"):
        corridors.midline_corridor(lat1=61.4, lon1=25.0, lat2=59.1, lon2=25.0, coast=coast, split_lat=62.0)
