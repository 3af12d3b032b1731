"""Build ``data/zones/*.geojson`` from published vertices.

China's East China Sea ADIZ (announced 23 November 2013) is "the area enclosed by China's
outer limit of the territorial sea and the following six points" (statement of the Ministry of
National Defense; the six points are in ``data/zones/china_ecs_adiz_2013_points.csv`` exactly as
published, with their source). The western boundary is the outer limit of China's territorial
sea, which is measured from China's baselines; the kit approximates it by the line 12 nmi from
the GSHHG coastline (``helpers.geo.buffer_nmi``), and says so in the zone's properties.

No Alaska ADIZ polygon is built: the vertex text of 14 CFR 99.45 could not be found through the
kit's sources (see data/README.md), and vertices are never invented.

Regenerate: ``python scripts/build_zones.py [NAME ...] [--force]``. It reads and writes one data
folder, ``helpers.data.DATA_DIR`` (the kit's ``data/``, or ``AIR_ENCOUNTERS_DATA`` when set). It
refuses to overwrite a file edited by hand: each refusal is one line, the other files are still
built, and the exit status is 1. Same input, byte-identical output.
"""

import json
import pathlib
import sys
import time

import pandas as pd
import shapely
from shapely.geometry import Polygon, mapping

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from safe_write import EditedFileError, write_generated  # noqa: E402

from helpers import data, geo  # noqa: E402


def china_ecs_adiz():
    pts = pd.read_csv(data.DATA_DIR / "zones" / "china_ecs_adiz_2013_points.csv").sort_values("order")
    ring = list(zip(pts["lon"], pts["lat"]))
    first, last = ring[0], ring[-1]
    inland = [(last[0] - 4.0, last[1]), (first[0] - 4.0, first[1])]
    outline = Polygon(ring + inland)
    land = shapely.clip_by_rect(data.coastline("east_china_sea", "fine"), *outline.buffer(1.0).bounds)
    territorial = geo.buffer_nmi(land, 12.0)
    zone = shapely.make_valid(outline.difference(territorial))
    if zone.geom_type == "GeometryCollection":
        zone = shapely.union_all([g for g in zone.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    zone = max(getattr(zone, "geoms", [zone]), key=lambda g: g.area)
    zone = shapely.set_precision(zone, 1e-4)
    props = {
        "name": "china_ecs_adiz_2013",
        "title": "China's East China Sea ADIZ (declared 23 Nov 2013)",
        "incidents": "ecs-adiz-2013-11-23",
        "source_ids": ";".join(dict.fromkeys(pts["source_id"])),
        "method": "Six published points joined by straight lines (geodesics at this scale, drawn as "
                  "straight segments); western edge approximated by 12 nmi from the GSHHG coastline "
                  "(the legal edge is China's territorial-sea limit measured from its baselines).",
        "observed_or_reconstructed": "published vertices; western edge approximated",
    }
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": props, "geometry": mapping(zone)}]}


LIMITS_NMI = (12, 200)
"""Sea limits precomputed per region for drawing: the territorial sea and the EEZ."""


def sea_limits(region, distance_nmi):
    """The sea within ``distance_nmi`` of the region's fine coastline (``helpers.geo.buffer_nmi``),
    for drawing: the coastline is first simplified by half the drawing tolerance (0.001 degrees
    for 12 nmi, 0.005 for 200 nmi), the result by the tolerance, as a GeoJSON document.
    Measurements never use these files: they use the fine coastline directly."""
    tolerance = 0.002 if distance_nmi <= 24 else 0.01
    land = data.coastline(region, "fine").simplify(tolerance / 2)
    limit = geo.buffer_nmi(land, distance_nmi, quad_segs=16)
    limit = shapely.set_precision(limit.simplify(tolerance), 1e-4)
    props = {"region": region, "distance_nmi": distance_nmi, "simplify_deg": tolerance,
             "method": f"helpers.geo.buffer_nmi(fine coastline simplified to {tolerance / 2} deg, {distance_nmi}) "
                       f"simplified to {tolerance} deg; "
                       "measured from the GSHHG coastline, not from legal baselines"}
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": props,
                                                       "geometry": mapping(limit)}]}


def _write(path, doc, force, seconds):
    """Write one GeoJSON document; return False (after one line on stderr) if it was refused."""
    try:
        write_generated(path, json.dumps(doc, separators=(",", ":")) + "\n", force=force)
    except EditedFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return False
    print(f"wrote {path} in {seconds:.1f} s")
    return True


def main(argv=None):
    """Build the zones and sea limits named in ``argv`` (default all); return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    force = "--force" in argv
    only = [a for a in argv if not a.startswith("--")]
    ok = True
    if not only or "china_ecs_adiz_2013" in only:
        start = time.perf_counter()
        doc = china_ecs_adiz()
        ok &= _write(data.DATA_DIR / "zones" / "china_ecs_adiz_2013.geojson", doc, force, time.perf_counter() - start)
    regions = pd.read_csv(data.DATA_DIR / "coastlines" / "regions.csv")
    for region in regions[regions["tiers"].str.contains("fine")]["region"]:
        if only and region not in only:
            continue
        for nmi in LIMITS_NMI:
            start = time.perf_counter()
            doc = sea_limits(region, nmi)
            ok &= _write(data.DATA_DIR / "coastlines" / f"{region}.limit{nmi}.geojson", doc, force,
                         time.perf_counter() - start)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
