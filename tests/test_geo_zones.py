"""Unit tests of helpers.geo.zones: distance to the coast, geodesic buffers, inside/outside."""

import numpy as np
import pyproj
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from helpers.geo import (
    CoastPoint, LatLon, buffer_nmi, destination, distance_nmi, distance_to_coast_nmi, inside,
    nearest_coast_point,
)

WGS84 = pyproj.Geod(ellps="WGS84")
NM = 1852.0

# square islands whose sides are meridians and parallels (edges are straight in lon/lat, as in
# GeoJSON, so an east-west edge *is* the parallel)
SMALL = box(-1, 10, 1, 12)
NORTHERN = box(-5, 60, 5, 62)
ACROSS_180 = box(-185, 50, -175, 52)  # continuous longitudes: 175E to 175W
IRREGULAR = Polygon([(20, 54), (21.5, 54.3), (22.8, 55.6), (21.9, 56.4), (20.4, 55.9), (19.6, 55.0)])
ARCHIPELAGO = MultiPolygon([box(30, 40, 30.5, 40.4), box(31.5, 40.8, 32, 41.5), IRREGULAR])


def geod_nmi(lat1, lon1, lat2, lon2):
    return WGS84.inv(lon1, lat1, lon2, lat2)[2] / NM


def sampled_coast_distance(lat, lon, coast, spacing_deg=0.001):
    """Minimum distance from (lat, lon) to points every ``spacing_deg`` along the coast's edges."""
    boundary = shapely.segmentize(coast.boundary, spacing_deg)
    xy = shapely.get_coordinates(boundary)
    return float(np.min(distance_nmi(lat1=lat, lon1=lon, lat2=xy[:, 1], lon2=xy[:, 0])))


# --- distance to the coast ------------------------------------------------------------------

@pytest.mark.parametrize("coast, lat, lon, edge_lat", [
    (SMALL, 9.5, 0.3037, 10.0),        # 30 nmi south of the south edge
    (SMALL, 7.0, -0.77, 10.0),         # 180 nmi south
    (SMALL, 12.4, 0.9, 12.0),          # north of the north edge
    (NORTHERN, 59.9, 0.123, 60.0),     # 6 nmi south, at 60N
    (NORTHERN, 62.05, 0.0, 62.0),      # 3 nmi north of a 10-degree parallel edge
    (NORTHERN, 62.5, 4.2, 62.0),
])
def test_distance_due_north_or_south_of_a_parallel_edge(coast, lat, lon, edge_lat):
    expected = distance_nmi(lat1=lat, lon1=lon, lat2=edge_lat, lon2=lon)  # along the meridian
    cp = nearest_coast_point(lat=lat, lon=lon, coast=coast)
    assert isinstance(cp, CoastPoint) and isinstance(cp.nearest, LatLon), type(cp)
    assert abs(cp.distance_nmi / expected - 1) < 1e-6, (
        f"({lat}, {lon}) is {expected} nmi along the meridian from the {edge_lat} parallel edge; "
        f"nearest_coast_point says {cp.distance_nmi} (tolerance 1e-6 relative)")
    # the nearest point is on the edge (1e-6 deg) at the foot of the meridian; the minimum is flat
    # (a shift x along the edge changes the distance by only ~x^2 / 2d), so the foot is located to
    # 1e-4 of the distance
    assert abs(cp.nearest.lat - edge_lat) < 1e-6, f"nearest point {cp.nearest} is not on the {edge_lat} edge"
    shift = distance_nmi(lat1=cp.nearest.lat, lon1=cp.nearest.lon, lat2=edge_lat, lon2=lon)
    assert shift < 1e-4 * expected, f"nearest point {cp.nearest} is {shift} nmi from the foot ({edge_lat}, {lon})"
    d = distance_to_coast_nmi(lat=lat, lon=lon, coast=coast)
    assert d == cp.distance_nmi, f"distance_to_coast_nmi {d} != nearest_coast_point {cp.distance_nmi}"
    assert not inside(coast, lat=lat, lon=lon), "test set-up: the point is at sea"


def test_nearest_land_is_found_past_a_smaller_islet():
    # 18 nmi north of NORTHERN's 10-degree 62N edge, with an islet 20 nmi away to the north-east:
    # the nearest land is the big island's edge, due south
    islet_at = destination(lat=62.3, lon=0, bearing_deg=45, distance_nmi=20)
    islet = box(islet_at.lon - 0.002, islet_at.lat - 0.001, islet_at.lon + 0.002, islet_at.lat + 0.001)
    coast = MultiPolygon([NORTHERN, islet])
    expected = distance_nmi(lat1=62.3, lon1=0, lat2=62, lon2=0)
    cp = nearest_coast_point(lat=62.3, lon=0, coast=coast)
    assert abs(cp.distance_nmi / expected - 1) < 1e-6, f"nearest land is {expected} nmi south, got {cp}"
    assert abs(cp.nearest.lat - 62) < 1e-6, f"the nearest point is on the 62N edge, got {cp.nearest}"


@pytest.mark.parametrize("coast, lat, lon", [
    (SMALL, 11.0, 0.0), (SMALL, 10.0001, 0.5), (NORTHERN, 61.99, 4.9), (IRREGULAR, 55.0, 21.0),
    (ARCHIPELAGO, 41.0, 31.7), (ACROSS_180, 51.0, 179.0), (ACROSS_180, 51.0, -181.0),
])
def test_zero_on_land(coast, lat, lon):
    cp = nearest_coast_point(lat=lat, lon=lon, coast=coast)
    assert cp.distance_nmi == 0.0, f"({lat}, {lon}) is on land, distance {cp.distance_nmi}"
    assert inside(coast, lat=lat, lon=lon), f"({lat}, {lon}) must be inside as well"


def test_distance_agrees_with_pyproj_and_sampled_coast():
    rng = np.random.default_rng(5)
    cases = [(SMALL, (5, 17), (-6, 6)), (NORTHERN, (56, 66), (-12, 12)), (IRREGULAR, (52, 58), (17, 25)),
             (ARCHIPELAGO, (38, 43), (28, 34))]
    checked = 0
    for coast, (lat0, lat1), (lon0, lon1) in cases:
        for lat, lon in zip(rng.uniform(lat0, lat1, 6), rng.uniform(lon0, lon1, 6), strict=True):
            cp = nearest_coast_point(lat=lat, lon=lon, coast=coast)
            if cp.distance_nmi == 0:
                continue
            checked += 1
            # the distance is the geodesic distance to the returned point (tolerance 1 mm)
            ref = geod_nmi(lat, lon, cp.nearest.lat, cp.nearest.lon)
            assert abs(cp.distance_nmi - ref) * NM < 1e-3, (
                f"({lat}, {lon}): {cp.distance_nmi} nmi, pyproj to the nearest point {ref} nmi")
            # the returned point is on the coast: within 1e-6 of the distance (1 degree < 60 nmi)
            off_nmi = coast.boundary.distance(Point(cp.nearest.lon, cp.nearest.lat)) * 60
            assert off_nmi < 1e-6 * cp.distance_nmi, f"nearest point {cp.nearest} is {off_nmi} nmi off the coast"
            # and it is the nearest: agrees with points every 0.001 deg along the coast. It may not
            # exceed any sampled distance by more than 1e-6 relative (the accuracy asked of the
            # distance above), nor lie below the sampled minimum by more than 1e-4 nmi (a sample
            # spacing of <= 0.06 nmi misses the foot by less than that)
            sampled = sampled_coast_distance(lat, lon, coast)
            assert cp.distance_nmi <= sampled * (1 + 1e-6), f"({lat}, {lon}): {cp.distance_nmi} > sampled {sampled}"
            assert sampled - cp.distance_nmi < 1e-4, f"({lat}, {lon}): {cp.distance_nmi} nmi, sampled coast {sampled}"
    assert checked >= 15, f"test set-up: too few points at sea ({checked})"


@pytest.mark.parametrize("lon", [178.0, -182.0, 538.0])
def test_antimeridian_island_measured_from_the_west(lon):
    # (49N, 178E) is 1 degree of latitude south of the island (edge 50N from 175E to 175W)
    cp = nearest_coast_point(lat=49, lon=lon, coast=ACROSS_180)
    expected = distance_nmi(lat1=49, lon1=178, lat2=50, lon2=178)
    assert abs(cp.distance_nmi / expected - 1) < 1e-6, f"lon {lon}: {cp.distance_nmi} nmi, expected {expected}"
    assert abs(cp.nearest.lat - 50) < 1e-6 and abs((cp.nearest.lon - 178 + 180) % 360 - 180) < 1e-6, cp.nearest
    ref = geod_nmi(49, lon, cp.nearest.lat, cp.nearest.lon)
    assert abs(cp.distance_nmi - ref) * NM < 1e-3, f"pyproj to the returned point: {ref} nmi (tolerance 1 mm)"


@pytest.mark.parametrize("lon", [-178.0, 182.0])
def test_antimeridian_island_measured_from_the_east(lon):
    cp = nearest_coast_point(lat=49, lon=lon, coast=ACROSS_180)
    expected = distance_nmi(lat1=49, lon1=-178, lat2=50, lon2=-178)
    assert abs(cp.distance_nmi / expected - 1) < 1e-6, f"lon {lon}: {cp.distance_nmi} nmi, expected {expected}"
    ref = geod_nmi(49, lon, cp.nearest.lat, cp.nearest.lon)
    assert abs(cp.distance_nmi - ref) * NM < 1e-3, f"pyproj to the returned point: {ref} nmi (tolerance 1 mm)"


def test_antimeridian_island_west_of_its_edge():
    # (51N, 172E) lies west of the island's 175E edge: about 3 degrees of longitude at 51N
    for lon in (172.0, -188.0):
        d = distance_to_coast_nmi(lat=51, lon=lon, coast=ACROSS_180)
        sampled = sampled_coast_distance(51, -188.0, ACROSS_180)
        assert abs(d - sampled) < 1e-4, f"lon {lon}: {d} nmi, sampled coast {sampled} (tolerance 1e-4 nmi)"
        assert 110 < d < 115, f"3 degrees of longitude at 51N is ~113 nmi, got {d}"


def test_distance_to_coast_arrays():
    lats = np.array([9.5, 11.0, 12.4])
    lons = np.array([0.3037, 0.0, 0.9])
    d = distance_to_coast_nmi(lat=lats, lon=lons, coast=SMALL)
    assert isinstance(d, np.ndarray) and d.shape == (3,), f"arrays in, array out: {d!r}"
    for k in range(3):
        single = nearest_coast_point(lat=lats[k], lon=lons[k], coast=SMALL).distance_nmi
        assert d[k] == single, f"element {k}: {d[k]} != {single}"
    assert d[1] == 0.0, "the middle point is on land"


# --- buffers --------------------------------------------------------------------------------

def boundary_points(geom, count):
    """``count`` vertices of the buffer's outer boundary, spread along it."""
    rings = [g.exterior for g in getattr(geom, "geoms", [geom])]
    xy = np.vstack([shapely.get_coordinates(r)[:-1] for r in rings])
    return xy[np.linspace(0, len(xy) - 1, count).astype(int)]


@pytest.mark.parametrize("lat", [0.0, 45.0, 70.0])
def test_12_nmi_buffer_of_a_point_like_island(lat):
    islet = box(10 - 0.001, lat - 0.001, 10 + 0.001, lat + 0.001)  # ~0.1 nmi across
    zone = buffer_nmi(islet, 12)
    assert zone.is_valid and zone.contains(islet), "the buffer must be valid and contain the island"
    xy = boundary_points(zone, 24)
    d = distance_to_coast_nmi(lat=xy[:, 1], lon=xy[:, 0], coast=islet)
    assert np.abs(d - 12).max() < 0.05, f"at {lat}N the 12-nmi line lies {d.min()} to {d.max()} nmi away (tol 0.05)"
    # and it is round on the Earth, not in degrees: 12 nmi north and east are both on the line
    north = destination(lat=lat, lon=10, bearing_deg=0, distance_nmi=11.9)
    east = destination(lat=lat, lon=10, bearing_deg=90, distance_nmi=11.9)
    far_east = destination(lat=lat, lon=10, bearing_deg=90, distance_nmi=12.2)
    assert inside(zone, lat=north.lat, lon=north.lon) and inside(zone, lat=east.lat, lon=east.lon), "11.9 nmi: inside"
    assert not inside(zone, lat=far_east.lat, lon=far_east.lon), "12.2 nmi east must be outside the 12-nmi buffer"


def test_12_nmi_buffer_of_an_island_with_long_parallel_edges():
    # the 2 x 2 degree square at 45N: its north and south edges are parallels 85 nmi long
    island = box(-1, 44, 1, 46)
    zone = buffer_nmi(island, 12)
    ring = shapely.get_coordinates(zone.exterior)
    pick = np.linspace(0, len(ring) - 2, 16).astype(int)
    vertices, middles = ring[pick], ((ring[1:] + ring[:-1]) / 2)[pick]
    for name, xy in (("vertices", vertices), ("edge midpoints", middles)):
        d = distance_to_coast_nmi(lat=xy[:, 1], lon=xy[:, 0], coast=island)
        assert np.abs(d - 12).max() < 0.05, f"{name} of the 12-nmi line lie {d.min()} to {d.max()} nmi away (tol 0.05)"
    # due north of the middle of the north edge, 12 nmi along the meridian, is on the line (0.05 nmi)
    on_line = destination(lat=46, lon=0, bearing_deg=0, distance_nmi=11.95)
    beyond = destination(lat=46, lon=0, bearing_deg=0, distance_nmi=12.05)
    assert inside(zone, lat=on_line.lat, lon=on_line.lon), "11.95 nmi north of the edge must be inside"
    assert not inside(zone, lat=beyond.lat, lon=beyond.lon), "12.05 nmi north of the edge must be outside"


def test_200_nmi_buffer():
    islet = box(150 - 0.001, 45 - 0.001, 150 + 0.001, 45 + 0.001)
    zone = buffer_nmi(islet, 200)
    xy = boundary_points(zone, 20)
    d = distance_to_coast_nmi(lat=xy[:, 1], lon=xy[:, 0], coast=islet)
    # within 1 nmi (0.5 %)
    assert np.abs(d - 200).max() < 1.0, f"the 200-nmi line lies {d.min()} to {d.max()} nmi away (tolerance 1 nmi)"


def test_zero_buffer_is_the_geometry():
    zone = buffer_nmi(SMALL, 0)
    assert abs(zone.area - SMALL.area) / SMALL.area < 1e-6, f"a 0-nmi buffer must keep the area: {zone.area}"


# --- inside ---------------------------------------------------------------------------------

def test_inside_just_inside_and_outside():
    lats = np.array([10.0001, 9.9999, 11.9999, 12.0001, 11.0, 11.0])
    lons = np.array([0.0, 0.0, 0.5, 0.5, 0.9999, 1.0001])
    got = inside(SMALL, lat=lats, lon=lons)
    assert isinstance(got, np.ndarray) and got.dtype == bool, f"arrays in, boolean array out: {got!r}"
    assert got.tolist() == [True, False, True, False, True, False], f"inside: {got.tolist()}"
    assert inside(SMALL, lat=11, lon=0) is True and inside(SMALL, lat=13, lon=0) is False, "one point, one bool"


def test_inside_and_distance_agree_near_a_long_parallel_edge():
    # just north and just south of the 62N edge (10 degrees long): inside() and the distance
    # to the coast must tell the same story
    for lat, on_land in ((61.999, True), (62.001, False), (62.05, False), (60.001, True), (59.999, False)):
        for lon in (-4.0, 0.0, 3.3):
            assert inside(NORTHERN, lat=lat, lon=lon) is on_land, f"inside({lat}, {lon})"
            d = distance_to_coast_nmi(lat=lat, lon=lon, coast=NORTHERN)
            assert (d == 0) is on_land, f"({lat}, {lon}): distance {d} nmi but inside() says {on_land}"
            if not on_land:
                edge = 62.0 if lat > 61 else 60.0
                along = distance_nmi(lat1=lat, lon1=lon, lat2=edge, lon2=lon)
                assert abs(d / along - 1) < 1e-6, f"({lat}, {lon}): {d} nmi, {along} along the meridian"


def test_inside_across_the_antimeridian():
    for lon in (178.0, -182.0, 538.0, -178.0, 182.0):
        assert inside(ACROSS_180, lat=51, lon=lon), f"(51N, {lon}) is on the island across 180"
    for lon in (170.0, -190.0, -170.0, 190.0):
        assert not inside(ACROSS_180, lat=51, lon=lon), f"(51N, {lon}) is at sea"
    got = inside(ACROSS_180, lat=[51.0, 51.0, 49.0], lon=[178.0, -182.0, 178.0])
    assert got.tolist() == [True, True, False], got.tolist()


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("not_shapely", [[(0, 0), (1, 0), (1, 1)], {"type": "Polygon"}, "POLYGON ((0 0, 1 0, 1 1, 0 0))",
                                         None])
def test_geometry_must_be_shapely(not_shapely):
    calls = [
        ("coast", lambda: nearest_coast_point(lat=0, lon=0, coast=not_shapely)),
        ("coast", lambda: distance_to_coast_nmi(lat=0, lon=0, coast=not_shapely)),
        ("geometry", lambda: buffer_nmi(not_shapely, 12)),
        ("polygon", lambda: inside(not_shapely, lat=0, lon=0)),
    ]
    for name, call in calls:
        with pytest.raises(ValueError) as err:
            call()
        assert str(err.value).startswith(f"{name}:") and "shapely" in str(err.value), f"message: {err.value}"


def test_empty_geometry():
    with pytest.raises(ValueError) as err:
        buffer_nmi(Polygon(), 12)
    assert "empty" in str(err.value), str(err.value)


def test_negative_distance_is_named():
    with pytest.raises(ValueError) as err:
        buffer_nmi(SMALL, -12)
    assert str(err.value).startswith("distance_nmi:") and "-12" in str(err.value), str(err.value)
    with pytest.raises(ValueError) as err:
        buffer_nmi(SMALL, float("nan"))
    assert str(err.value).startswith("distance_nmi:"), str(err.value)


@pytest.mark.parametrize("call, name, bad", [
    (lambda: nearest_coast_point(lat=91, lon=0, coast=SMALL), "lat", "91"),
    (lambda: nearest_coast_point(lat=0, lon=float("nan"), coast=SMALL), "lon", "nan"),
    (lambda: distance_to_coast_nmi(lat=[0.0, -90.5], lon=[0.0, 0.0], coast=SMALL), "lat", "-90.5"),
    (lambda: distance_to_coast_nmi(lat=[0.0, 1.0], lon=[0.0, 1.0, 2.0], coast=SMALL), "lon", "(3,)"),
    (lambda: inside(SMALL, lat=0, lon=float("inf")), "lon", "inf"),
])
def test_bad_positions_are_named(call, name, bad):
    with pytest.raises(ValueError) as err:
        call()
    assert name in str(err.value) and bad in str(err.value), f"expected {name!r} and {bad!r} in: {err.value}"
