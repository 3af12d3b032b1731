"""The vectorised distance to the coast agrees with the kit's original point-by-point method
(tests/coast_reference.py): within 1 m on random points near every coastline and within 1 m and
1 s (time of closest approach) on every track in data/; and the coastline caches are rebuilt
when the coastline changes."""

import coast_reference as ref
import numpy as np
import pytest
import shapely
import shapely.affinity
from shapely.geometry import box

from helpers import data, geo
from helpers.geo import cache, zones

NM = 1852.0
FINE = sorted(p.name.split(".")[0] for p in (data.DATA_DIR / "coastlines").glob("*.fine.geojson"))


def points_near(coast, n, rng, max_nmi=40.0):
    """n random positions within max_nmi of random vertices of the coast."""
    xy = shapely.get_coordinates(coast)
    k = rng.integers(0, len(xy), n)
    p = geo.destination(lat=xy[k, 1], lon=xy[k, 0], bearing_deg=rng.uniform(0, 360, n),
                        distance_nmi=rng.uniform(0, max_nmi, n))
    return np.clip(np.asarray(p.lat), -90, 90), np.asarray(p.lon)


@pytest.mark.parametrize("region", FINE)
def test_fast_distance_agrees_with_reference_near_every_coast(region):
    coast = data.coastline(region, "fine")
    lat, lon = points_near(coast, 80, np.random.default_rng(sum(map(ord, region))))
    fast = geo.distance_to_coast_nmi(lat=lat, lon=lon, coast=coast)
    exact = ref.distance_to_coast_nmi(lat=lat, lon=lon, coast=coast)
    assert (fast > 0).sum() > 20, "the sample should have many points at sea"
    worst = int(np.argmax(np.abs(fast - exact)))
    assert abs(fast[worst] - exact[worst]) * NM < 1.0, (
        f"{region}: at ({lat[worst]}, {lon[worst]}) fast {fast[worst]} nmi, reference {exact[worst]} nmi")
    for k in range(0, 80, 13):  # the single-point function is the same computation
        one = geo.nearest_coast_point(lat=lat[k], lon=lon[k], coast=coast)
        assert abs(one.distance_nmi - fast[k]) < 1e-9


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


def test_tiles_are_cached_on_disk_by_coastline_hash_and_rebuilt_when_it_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("AIR_ENCOUNTERS_CACHE", str(tmp_path))
    monkeypatch.setattr(zones, "DISK_CACHE_COORDINATES", 0)
    island = shapely.segmentize(box(10, 50, 12, 51.5), 0.3)
    d1 = geo.distance_to_coast_nmi(lat=49.5, lon=11.0, coast=island)
    files = sorted(tmp_path.glob("coast-tiles-*.npz"))
    assert len(files) == 1
    stored = cache.read_geometries(files[0].name)
    assert shapely.equals_exact(shapely.union_all(stored), shapely.union_all(zones._cut_tiles(island)), 0)
    # a new session (empty memory cache) reads the file and gets the same answer
    zones._TILE_CACHE.clear()
    assert geo.distance_to_coast_nmi(lat=49.5, lon=11.0, coast=island) == d1
    # a changed coastline gets its own tiles; the old file is not used for it
    moved = shapely.affinity.translate(island, yoff=-0.2)
    d2 = geo.distance_to_coast_nmi(lat=49.5, lon=11.0, coast=moved)
    assert len(list(tmp_path.glob("coast-tiles-*.npz"))) == 2 and d2 < d1 - 10
    # a damaged file is rebuilt, not trusted
    zones._TILE_CACHE.clear()
    files[0].write_bytes(b"not a cache file")
    assert geo.distance_to_coast_nmi(lat=49.5, lon=11.0, coast=island) == d1


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
