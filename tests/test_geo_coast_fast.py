"""The vectorised distance to the coast agrees with the kit's original point-by-point method
(tests/coast_reference.py): within 1 m on random points near every coastline and within 1 m and
1 s (time of closest approach) on every track in data/; no densely sampled coast point is nearer;
and the coastline caches are rebuilt when the coastline changes."""

import coast_reference as ref
import numpy as np
import pytest
import shapely
import shapely.affinity
from shapely.geometry import box

from helpers import data, geo
from helpers.geo import cache, nearest, zones

NM = 1852.0
FINE = sorted(p.name.split(".")[0] for p in (data.DATA_DIR / "coastlines").glob("*.fine.geojson"))


def points_near(coast, n, rng, max_nmi=40.0, min_nmi=0.0):
    """n random positions between min_nmi and max_nmi of random vertices of the coast."""
    xy = shapely.get_coordinates(coast)
    k = rng.integers(0, len(xy), n)
    p = geo.destination(lat=xy[k, 1], lon=xy[k, 0], bearing_deg=rng.uniform(0, 360, n),
                        distance_nmi=rng.uniform(min_nmi, max_nmi, n))
    return np.clip(np.asarray(p.lat), -90, 90), np.asarray(p.lon)


def sampled_nmi(lat, lon, coast, reach_nmi, spacing_deg=0.0005):
    """Brute force: the least geodesic distance from (lat, lon) to points every spacing_deg along
    the coast's edges within reach_nmi (a box around the position)."""
    dlat = reach_nmi / 59.0 + 0.01
    dlon = dlat / np.cos(np.radians(min(abs(lat) + dlat, 89.0)))
    near = shapely.clip_by_rect(coast, lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    xy = shapely.get_coordinates(shapely.segmentize(near.boundary, spacing_deg))
    return float(np.min(geo.distance_nmi(lat1=lat, lon1=lon, lat2=xy[:, 1], lon2=xy[:, 0])))


@pytest.mark.parametrize("region", FINE)
def test_fast_distance_agrees_with_reference_near_every_coast(region):
    coast = data.coastline(region, "fine")
    rng = np.random.default_rng(sum(map(ord, region)))
    # close in (under 0.5 nmi), the usual range (up to 40 nmi) and far out (40-150 nmi)
    near, mid, far = points_near(coast, 40, rng, 0.5), points_near(coast, 80, rng), points_near(coast, 40, rng, 150, 40)
    lat, lon = (np.concatenate(v) for v in zip(near, mid, far))
    fast = geo.distance_to_coast_nmi(lat=lat, lon=lon, coast=coast)
    exact = ref.distance_to_coast_nmi(lat=lat, lon=lon, coast=coast)
    assert (fast > 0).sum() > 60, "the sample should have many points at sea"
    assert (fast[:40] > 0).sum() >= 10 and (fast[120:] > 20).sum() >= 5, "test set-up: points close in and far out"
    worst = int(np.argmax(np.abs(fast - exact)))
    assert abs(fast[worst] - exact[worst]) * NM < 1.0, (
        f"{region}: at ({lat[worst]}, {lon[worst]}) fast {fast[worst]} nmi, reference {exact[worst]} nmi")
    for k in range(0, len(lat), 13):  # the single-point function is the same computation
        one = geo.nearest_coast_point(lat=lat[k], lon=lon[k], coast=coast)
        assert abs(one.distance_nmi - fast[k]) < 1e-9
        if one.distance_nmi > 0:
            # the point returned is on the coast and at exactly that geodesic distance
            to_it = geo.distance_nmi(lat1=lat[k], lon1=lon[k], lat2=one.nearest.lat, lon2=one.nearest.lon)
            assert abs(to_it - one.distance_nmi) * NM < 1e-3, (one, to_it)
            off = coast.boundary.distance(shapely.Point(one.nearest.lon, one.nearest.lat))
            assert off < 1e-9, f"{region}: nearest point {one.nearest} is {off} degrees off the coast"


@pytest.mark.parametrize("region", FINE)
def test_fast_distance_is_the_least_over_densely_sampled_coast(region):
    # independent of both methods: no sampled coast point (every 0.0005 deg, ~50 m) is nearer
    # than the fast distance, and the nearest sample is within the sampling gap of it
    coast = data.coastline(region, "fine")
    lat, lon = points_near(coast, 12, np.random.default_rng(len(region)), 60.0)
    fast = geo.distance_to_coast_nmi(lat=lat, lon=lon, coast=coast)
    for k in np.flatnonzero(fast > 0):
        sampled = sampled_nmi(lat[k], lon[k], coast, fast[k] + 1.0)
        assert fast[k] <= sampled + 1e-6, f"{region} ({lat[k]}, {lon[k]}): fast {fast[k]} > sampled {sampled}"
        assert sampled - fast[k] < 0.02, f"{region} ({lat[k]}, {lon[k]}): fast {fast[k]}, sampled {sampled}"


def _tracks():
    for incident_id in data.incidents_with_tracks():
        for name in data.track_names(incident_id):
            yield incident_id, name


@pytest.mark.parametrize("incident_id, name", list(_tracks()))
def test_fast_closest_approach_agrees_with_reference_on_every_track(incident_id, name):
    coast = data.coastline(data.incident(incident_id)["region"], "fine")
    trk = data.track(incident_id, name)
    fast, exact = geo.closest_to_coast(trk, coast), ref.closest_to_coast(trk, coast)
    assert abs(fast.distance_nmi - exact.distance_nmi) * NM < 1.0, (fast, exact)
    if exact.distance_nmi > 0:
        assert abs((fast.time - exact.time).total_seconds()) < 1.0, (fast, exact)
        again = geo.nearest_coast_point(lat=fast.on_track.lat, lon=fast.on_track.lon, coast=coast)
        assert abs(again.distance_nmi - fast.distance_nmi) < 1e-9
    else:
        # over land the closest approach is the first moment on land: 0.02 s earlier it is at sea
        earlier = fast.time - np.timedelta64(20, "ms")
        if earlier >= trk["time"].iloc[0]:
            before = geo.position_at(trk, earlier)
            assert geo.distance_to_coast_nmi(lat=before["lat"], lon=before["lon"], coast=coast) > 0


def test_search_arrays_are_cached_on_disk_by_coastline_hash_and_rebuilt_when_it_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("AIR_ENCOUNTERS_CACHE", str(tmp_path))
    monkeypatch.setattr(zones, "DISK_CACHE_COORDINATES", 0)
    island = shapely.segmentize(box(10, 50, 12, 51.5), 0.3)
    d1 = geo.distance_to_coast_nmi(lat=49.5, lon=11.0, coast=island)
    files = sorted(tmp_path.glob("coast-search-*.npz"))
    assert len(files) == 1
    arrays = cache.read_arrays(files[0].name, nearest.ARRAYS)
    fresh = nearest.prepare_arrays(island)
    assert all(np.array_equal(arrays[k], fresh[k]) for k in nearest.ARRAYS)
    # a new session (empty memory cache) reads the file and gets the same answer
    zones._PREPARED.clear()
    assert geo.distance_to_coast_nmi(lat=49.5, lon=11.0, coast=island) == d1
    # a changed coastline gets its own file; the old one is not used for it
    moved = shapely.affinity.translate(island, yoff=-0.2)
    d2 = geo.distance_to_coast_nmi(lat=49.5, lon=11.0, coast=moved)
    assert len(list(tmp_path.glob("coast-search-*.npz"))) == 2 and d2 < d1 - 10
    # a damaged file is rebuilt, not trusted
    zones._PREPARED.clear()
    files[0].write_bytes(b"not a cache file")
    assert geo.distance_to_coast_nmi(lat=49.5, lon=11.0, coast=island) == d1
    assert cache.read_arrays(files[0].name, nearest.ARRAYS) is not None


def test_geometry_cache_is_keyed_by_the_file_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("AIR_ENCOUNTERS_CACHE", str(tmp_path))
    calls = []

    def parse(raw):
        calls.append(raw)
        return box(0, 0, float(raw.decode()), 1)

    a = cache.geometry_of_bytes(b"2", parse)
    b = cache.geometry_of_bytes(b"2", parse)
    c = cache.geometry_of_bytes(b"3", parse)
    assert calls == [b"2", b"3"], "the second read of unchanged bytes comes from the cache"
    assert a.equals(b) and c.bounds[2] == 3.0


def test_land_across_the_world_seam_is_found():
    # the world coastline runs from -180 to 180: from (52N, 179.5E) the nearest land is an Aleutian
    # island east of the antimeridian, which the reference (boxes in one longitude frame) misses
    world = data.coastline("world", "light")
    lat, lon = np.array([52.0, -17.0, 65.5]), np.array([179.5, -179.9, -169.0])
    fast = geo.distance_to_coast_nmi(lat=lat, lon=lon, coast=world)
    for k in range(len(lat)):
        # every coast point within 5 degrees of latitude, all longitudes (geodesics ignore the seam)
        band = shapely.clip_by_rect(world, -180, lat[k] - 5, 180, lat[k] + 5)
        xy = shapely.get_coordinates(shapely.segmentize(band.boundary, 0.005))
        sampled = np.min(geo.distance_nmi(lat1=lat[k], lon1=lon[k], lat2=xy[:, 1], lon2=xy[:, 0]))
        assert fast[k] <= sampled + 1e-6 and sampled - fast[k] < 0.02, (lat[k], lon[k], fast[k], sampled)
    assert fast[0] < 100 < ref.distance_to_coast_nmi(lat=52.0, lon=179.5, coast=world)


@pytest.mark.parametrize("path", sorted((data.DATA_DIR / "coastlines").glob("*.fine.geojson")), ids=lambda p: p.name)
def test_fast_coastline_reader_gives_exactly_the_geometry_of_json_and_shape(path):
    fast = data._parse_coastline(path.read_bytes())
    slow = data._geojson_geometry(path)[0]
    assert shapely.equals_exact(fast, slow, 0), f"{path.name}: shapely.from_geojson differs from json + shape"
