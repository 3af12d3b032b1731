"""The nearest point of a coastline to many positions at once, on the WGS84 ellipsoid.

The answer is exact: for each position at sea, the land point whose WGS84 geodesic distance
(``pyproj.Geod``) is least, searched on the coast's edges as drawn (straight in lon/lat, as in
GeoJSON). It is found in four steps, each one array operation for all positions:

1. **A bound.** The coast's boundary is cut into chunks of ``CHUNK`` short edges, drawn in a
   Mercator plane; the distance to a vertex near there (``STRtree.query_nearest`` on a sample of
   the chunks' first vertices) is an upper bound of the answer.
2. **Chunks that could be nearer.** Mercator stretches distances by at most its scale factor
   ``1 / cos(latitude)`` along the way, so every chunk within that bound times the largest scale
   factor in reach is a candidate (``STRtree.query`` with a square that size); the bound is then
   tightened to the nearest first vertex of a candidate, and a candidate is dropped when even its
   nearest possible point (a 3-D ball around it) is farther than the bound.
3. **Edges that could be nearest.** In 3-D Earth-centred coordinates a straight chord is never
   longer than the geodesic and at most ``(d / R)^2 / 20`` of it shorter (d the distance, R the
   smallest radius of curvature), and each edge lies within its measured bulge of its chord;
   only the edges whose lower bound beats the best upper bound are kept (usually one or two).
4. **The exact distance.** On each kept edge, the geodesic distance at the chord's nearest point,
   then one Newton step along the edge (the derivative comes from the geodesic's azimuth),
   keeping the smaller of the two distances: always the exact distance to a point on the coast.

Every bound carries a margin, so no edge that could be nearest is ever dropped; tests compare the
result with the slow point-by-point method (``tests/coast_reference.py``).
"""

from typing import NamedTuple

import numpy as np
import shapely

from helpers.geo.units import NM_IN_M

SEGMENT_DEG = 0.02
"""Edges longer than this (in degrees of lon/lat) are split, so each is nearly straight in 3-D and
in the Mercator plane (its bulge is measured and added to the bounds)."""

CHUNK = 16
"""Edges per chunk: a search tree over chunks is small and quick to build."""

BOUND_SAMPLE = 3000
"""About this many chunk starts go into the tree that gives the first bound (a smaller tree answers
nearest-point queries several times faster; any vertex of the coast gives a bound)."""

_A = 6378137.0  # WGS84 semi-major axis, m
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)
_E = np.sqrt(_E2)
_R_MIN = _A * (1 - _E2)  # smallest radius of curvature of the ellipsoid (meridian at the equator), m
_POLAR_LAT = 89.0  # beyond this latitude the Mercator bound is not used: every chunk is a candidate


class Prepared(NamedTuple):
    """A coast made ready for searching (``prepare``)."""

    lonlat: np.ndarray  # (n, 2) vertices of every boundary ring, rings one after another, degrees
    ecef: np.ndarray  # (n, 3) the same vertices, Earth-centred, m
    seg_ok: np.ndarray  # (n,) True where vertex i starts an edge (i + 1 is on the same ring)
    bulge: np.ndarray  # (n,) how far edge i may stray from its 3-D chord, m
    chunk_first: np.ndarray  # (m,) first vertex of each chunk
    chunk_size: np.ndarray  # (m,) edges in each chunk
    centre: np.ndarray  # (m, 3) centre of a ball holding each chunk, m
    radius: np.ndarray  # (m,) its radius, m
    tree: shapely.STRtree  # over the chunks as Mercator lines
    sample: np.ndarray  # some vertices (chunk starts)
    sample_tree: shapely.STRtree  # over them as Mercator points
    mercator_margin: float  # how far an edge may stray from its Mercator chord, m
    lon_range: tuple  # (min, max) longitude of the coast (continuous), degrees


def ecef(lat, lon):
    """Earth-centred coordinates (x, y, z) in metres of points on the WGS84 ellipsoid (height 0)."""
    phi, lam = np.radians(lat), np.radians(lon)
    sin_phi, cos_phi = np.sin(phi), np.cos(phi)
    n = _A / np.sqrt(1 - _E2 * sin_phi ** 2)
    return np.stack([n * cos_phi * np.cos(lam), n * cos_phi * np.sin(lam), n * (1 - _E2) * sin_phi], axis=-1)


def mercator(lat, lon):
    """Ellipsoidal Mercator coordinates (x, y) in metres (latitude clipped to +-89.999 degrees)."""
    phi = np.radians(np.clip(lat, -89.999, 89.999))
    sin_phi = np.sin(phi)
    return _A * np.radians(lon), _A * (np.arctanh(sin_phi) - _E * np.arctanh(_E * sin_phi))


def prepare(coast):
    """The arrays and the search trees of ``coast`` (a shapely (Multi)Polygon of land in lon/lat)."""
    return from_arrays(prepare_arrays(coast))


ARRAYS = ("lonlat", "ecef", "mercator", "seg_ok", "bulge", "chunk_first", "chunk_size", "centre", "radius",
          "mercator_margin")
"""What ``prepare_arrays`` computes (and a cache file keeps): everything but the search trees."""


def prepare_arrays(coast):
    """The numbers behind ``prepare``: a dict of numpy arrays named as in ``ARRAYS``."""
    lonlat, ring = shapely.get_coordinates(_linework(coast), return_index=True)
    n = len(lonlat)
    seg_ok = np.r_[ring[1:] == ring[:-1], False][:n]
    xyz = ecef(lonlat[:, 1], lonlat[:, 0])
    nxt = np.minimum(np.arange(n) + 1, n - 1)
    # each edge's bulge: twice the gap between the true midpoint (halfway in lon/lat) and the chord's
    mid = ecef((lonlat[:, 1] + lonlat[nxt, 1]) / 2, (lonlat[:, 0] + lonlat[nxt, 0]) / 2)
    bulge = np.where(seg_ok, 2 * _norm(mid - (xyz + xyz[nxt]) / 2) + 0.01, 0.0)
    mx, my = mercator(lonlat[:, 1], lonlat[:, 0])
    mmx, mmy = mercator((lonlat[:, 1] + lonlat[nxt, 1]) / 2, (lonlat[:, 0] + lonlat[nxt, 0]) / 2)
    m_gap = np.hypot(mmx - (mx + mx[nxt]) / 2, mmy - (my + my[nxt]) / 2)
    mercator_margin = 2 * m_gap[seg_ok].max(initial=0.0) + 1.0
    # chunks: up to CHUNK consecutive edges of one ring
    starts = np.flatnonzero(seg_ok)
    ring_of = ring[starts]
    first_of_ring = np.r_[True, ring_of[1:] != ring_of[:-1]][:len(starts)]
    k_in_ring = np.arange(len(starts)) - np.maximum.accumulate(np.where(first_of_ring, np.arange(len(starts)), 0))
    opens = first_of_ring | (k_in_ring % CHUNK == 0)
    chunk_first = starts[opens]
    chunk_size = np.diff(np.r_[np.flatnonzero(opens), len(starts)])
    # a ball around each chunk: its vertices (first .. first + size, padded by repeating the last)
    idx = chunk_first[:, None] + np.minimum(np.arange(CHUNK + 1)[None, :], chunk_size[:, None])
    pts = xyz[idx]
    centre = (pts.max(axis=1) + pts.min(axis=1)) / 2
    edge_bulge = bulge[np.minimum(idx[:, :-1], n - 1)].max(axis=1, initial=0.0)
    gaps = pts - centre[:, None, :]
    radius = np.sqrt((gaps * gaps).sum(axis=2)).max(axis=1, initial=0.0) + edge_bulge + 0.01
    return {"lonlat": lonlat, "ecef": xyz, "mercator": np.column_stack([mx, my]), "seg_ok": seg_ok,
            "bulge": bulge, "chunk_first": chunk_first, "chunk_size": chunk_size, "centre": centre,
            "radius": radius, "mercator_margin": np.float64(mercator_margin)}


def from_arrays(arrays):
    """A ``Prepared`` coast from ``prepare_arrays``'s numbers: the search trees are built here."""
    lonlat, merc = arrays["lonlat"], arrays["mercator"]
    chunk_first, chunk_size = arrays["chunk_first"], arrays["chunk_size"]
    # the chunks as Mercator lines (size + 1 vertices each)
    idx = chunk_first[:, None] + np.minimum(np.arange(CHUNK + 1)[None, :], chunk_size[:, None])
    keep = np.arange(CHUNK + 1)[None, :] <= chunk_size[:, None]
    lines = shapely.linestrings(merc[idx][keep], indices=np.repeat(np.arange(len(chunk_first)), chunk_size + 1))
    sample = chunk_first[::max(1, len(chunk_first) // BOUND_SAMPLE)]
    lon_range = (float(lonlat[:, 0].min()), float(lonlat[:, 0].max())) if len(lonlat) else (0.0, 0.0)
    return Prepared(lonlat, arrays["ecef"], arrays["seg_ok"], arrays["bulge"], chunk_first, chunk_size,
                    arrays["centre"], arrays["radius"], shapely.STRtree(lines), sample,
                    shapely.STRtree(shapely.points(merc[sample])), float(arrays["mercator_margin"]), lon_range)


def _linework(geom):
    """The lines that bound ``geom``'s land: every ring of its polygons, and any lines or points
    it holds (a clipped coast may hold slivers), as an array of LineStrings and LinearRings,
    edges split every SEGMENT_DEG."""
    parts = shapely.get_parts(geom)
    while len(parts) and (shapely.get_type_id(parts) >= 4).any():  # multi-part or collection inside
        parts = shapely.get_parts(parts)
    kind = shapely.get_type_id(parts)
    lines = np.concatenate([shapely.get_rings(parts[kind == 3]), parts[(kind == 1) | (kind == 2)]])
    lines = [shapely.segmentize(lines[~shapely.is_empty(lines)], SEGMENT_DEG)]
    points = shapely.get_coordinates(parts[kind == 0])
    if len(points):  # a point of land: an edge of length 0
        lines.append(shapely.linestrings(np.repeat(points, 2, axis=0), indices=np.repeat(np.arange(len(points)), 2)))
    return np.concatenate(lines)


def _norm(v):
    """Lengths of an (n, 3) array of vectors (faster than ``np.linalg.norm`` along an axis)."""
    return np.sqrt(v[:, 0] * v[:, 0] + v[:, 1] * v[:, 1] + v[:, 2] * v[:, 2])


def _chord_slack(c):
    """How much longer (fraction) a geodesic may be than its 3-D chord of length c metres."""
    x = np.minimum(c / _R_MIN, 2.0)
    return np.where(c / _R_MIN < 2.0, x ** 2 / 20, np.inf)


def _group_min(values, groups, n):
    """The least value per group (groups sorted ascending, 0..n-1; +inf for an empty group)."""
    out = np.full(n, np.inf)
    if len(values):
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        out[groups[starts]] = np.minimum.reduceat(values, starts)
    return out


def search(prep, lat, lon, geod):
    """For 1-d arrays of positions at sea (degrees, ``lon`` in the coast's longitude frame):
    arrays (distance in nautical miles, nearest lat, nearest lon) of the nearest coast point."""
    n = len(lat)
    q = ecef(lat, lon)
    qx, qy = mercator(lat, lon)
    here = shapely.points(qx, qy)
    # 1. an upper bound: the distance to the sampled vertex nearest in the Mercator plane
    which, nearest_sample = prep.sample_tree.query_nearest(here, all_matches=False)
    vertex = prep.sample[nearest_sample[np.argsort(which, kind="stable")]]
    upper = _norm(prep.ecef[vertex] - q)  # chord, m
    bound = upper * (1 + _chord_slack(upper))  # the geodesic to that vertex is no longer
    # 2. candidate chunks: within bound * (largest Mercator scale factor in reach) in the plane
    reach_deg = np.degrees(bound / _R_MIN)
    far_lat = np.abs(lat) + reach_deg
    polar = far_lat >= _POLAR_LAT
    radius = np.where(polar, np.inf, bound / np.cos(np.radians(np.minimum(far_lat, _POLAR_LAT))) + prep.mercator_margin)
    pair_q, pair_c = _candidates(prep, qx, qy, lon, radius, reach_deg, far_lat)
    order = np.argsort(pair_q, kind="stable")
    pair_q, pair_c = pair_q[order], pair_c[order]
    # a tighter bound: the nearest first vertex of those chunks
    start = _norm(prep.ecef[prep.chunk_first[pair_c]] - q[pair_q])
    bound = np.minimum(bound, _group_min(start * (1 + _chord_slack(start)), pair_q, n))
    ball = _norm(prep.centre[pair_c] - q[pair_q]) - prep.radius[pair_c]
    keep = ball <= bound[pair_q]
    pair_q, pair_c = pair_q[keep], pair_c[keep]
    # 3. edges of those chunks, by their 3-D chords
    k = np.arange(CHUNK)[None, :]
    valid = k < prep.chunk_size[pair_c][:, None]
    seg = (prep.chunk_first[pair_c][:, None] + k)[valid]
    seg_q = np.broadcast_to(pair_q[:, None], valid.shape)[valid]
    t, chord = _to_chords(prep.ecef, seg, q, seg_q)
    low = chord - prep.bulge[seg]
    high = (chord + prep.bulge[seg]) * (1 + _chord_slack(chord + prep.bulge[seg]))
    order = np.argsort(seg_q, kind="stable")
    best_high = _group_min(high[order], seg_q[order], n)
    best_high = np.minimum(best_high, bound)
    kept = low <= best_high[seg_q]
    seg, seg_q, t = seg[kept], seg_q[kept], t[kept]
    # 4. exact geodesic distance on each kept edge, one Newton step, the least per position
    d, near_lat, near_lon = _on_edges(prep.lonlat, seg, t, lat[seg_q], lon[seg_q], geod)
    order = np.lexsort((d, seg_q))
    first = order[np.r_[True, seg_q[order][1:] != seg_q[order][:-1]]]
    out_d = np.full(n, np.nan)
    out_lat, out_lon = np.full(n, np.nan), np.full(n, np.nan)
    out_d[seg_q[first]], out_lat[seg_q[first]], out_lon[seg_q[first]] = d[first], near_lat[first], near_lon[first]
    lost = np.flatnonzero(np.isnan(out_d))  # never expected (the bounds keep the vertex's edges): that vertex
    if len(lost):
        v = vertex[lost]
        out_lon[lost], out_lat[lost] = prep.lonlat[v, 0], prep.lonlat[v, 1]
        out_d[lost] = geod.inv(lon[lost], lat[lost], out_lon[lost], out_lat[lost])[2]
    return out_d / NM_IN_M, out_lat, out_lon


def _to_chords(xyz, seg, q, seg_q):
    """Arrays (t, distance m): where on the 3-D chord of edge ``seg`` (0 at its start, 1 at its
    end) point ``q[seg_q]`` is nearest, and how far."""
    a = xyz[seg]
    ab = xyz[seg + 1] - a
    ap = q[seg_q] - a
    ax, ay, az = ab[:, 0], ab[:, 1], ab[:, 2]
    px, py, pz = ap[:, 0], ap[:, 1], ap[:, 2]
    t = np.clip((px * ax + py * ay + pz * az) / np.maximum(ax * ax + ay * ay + az * az, 1e-12), 0.0, 1.0)
    dx, dy, dz = px - t * ax, py - t * ay, pz - t * az
    return t, np.sqrt(dx * dx + dy * dy + dz * dz)


def _candidates(prep, qx, qy, lon, radius, reach_deg, far_lat):
    """(position index, chunk index) pairs: chunks whose Mercator box meets the square of half-side
    ``radius`` metres around the position (``qx``, ``qy``); near a pole every chunk; positions
    whose reach crosses the coast's longitude frame are also tried 360 degrees east and west (a
    coast that goes round the world)."""
    finite = np.flatnonzero(np.isfinite(radius))
    r = radius[finite]

    def around(shift_m):
        x, y = qx[finite] + shift_m, qy[finite]
        q, c = prep.tree.query(shapely.box(x - r, y - r, x + r, y + r))
        return finite[q], c

    parts = [around(0.0)]
    polar = np.flatnonzero(~np.isfinite(radius))
    if len(polar):
        m = len(prep.chunk_first)
        parts.append((np.repeat(polar, m), np.tile(np.arange(m), len(polar))))
    reach_lon = reach_deg / np.maximum(np.cos(np.radians(np.minimum(far_lat, _POLAR_LAT))), 1e-9)
    lo, hi = prep.lon_range
    for shift in (-360.0, 360.0):
        if np.any((lon[finite] + shift - reach_lon[finite] <= hi) & (lon[finite] + shift + reach_lon[finite] >= lo)):
            parts.append(around(_A * np.radians(shift)))
    if len(parts) == 1:
        return parts[0]
    both = np.unique(np.column_stack([np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])]),
                     axis=0)
    return both[:, 0], both[:, 1]


def _on_edges(lonlat, seg, t, lat, lon, geod):
    """Arrays (distance m, lat, lon): on edge ``seg`` (vertex seg to seg + 1), the geodesic distance
    from (lat, lon) at parameter t and after one Newton step, whichever is less."""
    a, b = lonlat[seg], lonlat[seg + 1]
    step = b - a

    def at(tt):
        pt = a + tt[:, None] * step
        _, back, dist = geod.inv(lon, lat, pt[:, 0], pt[:, 1])
        return np.asarray(dist), np.asarray(back), pt

    d0, back, p0 = at(t)
    # the edge's length and azimuth on the ground at that point: d(distance)/dt = -L cos(back - azimuth)
    phi = np.radians(p0[:, 1])
    w = np.sqrt(1 - _E2 * np.sin(phi) ** 2)
    east = np.radians(step[:, 0]) * _A / w * np.cos(phi)
    north = np.radians(step[:, 1]) * _A * (1 - _E2) / w ** 3
    length = np.hypot(east, north)
    angle = np.radians(back) - np.arctan2(east, north)
    cos_a, sin2 = np.cos(angle), np.sin(angle) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        move = np.where((length > 0) & (sin2 > 1e-12), d0 * cos_a / (length * sin2), np.sign(cos_a))
    t1 = np.clip(t + np.clip(move, -1.0, 1.0), 0.0, 1.0)
    d1, _, p1 = at(t1)
    better = d1 < d0
    d = np.where(better, d1, d0)
    p = np.where(better[:, None], p1, p0)
    return d, p[:, 1], p[:, 0]
