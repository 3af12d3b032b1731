"""Distances the kit reports stay within 0.5 nmi of GSHHG full resolution.

``tests/fixtures/coast_reference.csv`` holds, for every point in
``data/coastlines/reference_points.csv`` (samples, plus the points the notebooks report on),
the distance to land in GSHHG full resolution, computed by ``scripts/build_coastlines.py``.
Here the kit measures the same points on its fine tier and must agree within 0.5 nmi.
"""

import pathlib

import pandas as pd
import pytest

from helpers import data, geo, measure

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "coast_reference.csv"
REFERENCE = pd.read_csv(FIXTURE)
BUDGET_NMI = 0.5


@pytest.mark.parametrize("region", sorted(REFERENCE["region"].unique()))
def test_fine_tier_within_budget_of_gshhg_full(region):
    rows = REFERENCE[REFERENCE["region"] == region]
    coast = data.coastline(region, "fine")
    measured = geo.distance_to_coast_nmi(lat=rows["lat"].to_numpy(), lon=rows["lon"].to_numpy(), coast=coast)
    worst = (abs(measured - rows["full_nmi"].to_numpy())).max()
    for (_, row), got in zip(rows.iterrows(), measured):
        assert abs(got - row["full_nmi"]) <= BUDGET_NMI, (
            f"{row['name']} ({row['lat']}, {row['lon']}): kit says {got:.3f} nmi, GSHHG full {row['full_nmi']:.3f} nmi; "
            f"more than {BUDGET_NMI} nmi apart: regenerate with scripts/build_coastlines.py")
    print(f"{region}: {len(rows)} points, worst difference {worst:.3f} nmi")


def test_every_notebook_point_is_in_the_fixture():
    points = pd.read_csv(data.DATA_DIR / "coastlines" / "reference_points.csv")
    notebook_points = points[points["note"].str.startswith("notebook point")]
    assert len(notebook_points) > 0, "reference_points.csv lists no notebook points"
    missing = set(notebook_points["name"]) - set(REFERENCE["name"])
    assert not missing, f"points not in {FIXTURE.name}: {sorted(missing)}; run scripts/build_coastlines.py"


def test_reconstructed_closest_approaches_are_reference_points():
    """The closest approach of each reconstructed track (what the notebooks report) is checked."""
    for incident_id in ("alaska-2020-06-10", "baltic-2019-03-20", "black-sea-2018-01-29"):
        for name, hit in measure.closest_to_shore(incident_id).items():
            if hit.distance_nmi == 0:
                continue
            label = f"{incident_id} {name} closest to shore"
            row = REFERENCE[REFERENCE["name"] == label]
            assert len(row) == 1, f"{label} is not in the fixture; add it to reference_points.csv"
            moved = geo.distance_nmi(lat1=row["lat"].iloc[0], lon1=row["lon"].iloc[0],
                                     lat2=hit.on_track.lat, lon2=hit.on_track.lon)
            assert moved < 1.0, (f"{label}: the track's closest approach moved {moved:.1f} nmi from the fixture's "
                                 "point; update reference_points.csv and rerun scripts/build_coastlines.py")


@pytest.mark.parametrize("region", ["alaska_bering", "baltic", "black_sea", "south_china_sea"])
def test_drawn_12_nmi_line_lies_12_nmi_from_the_fine_coast(region):
    """The precomputed limit (for drawing) is where buffer_nmi put it: sample its boundary
    away from the region's edges; each point is 12 nmi from the fine coastline, within the
    drawing simplification (0.002 deg of the line plus 0.001 deg of the coast: < 0.25 nmi)."""
    import numpy as np
    import shapely

    limit = data.sea_limit(region, 12)
    west, south, east, north = limit.bounds
    coords = shapely.get_coordinates(limit.boundary)
    inner = coords[(coords[:, 0] > west + 0.5) & (coords[:, 0] < east - 0.5)
                   & (coords[:, 1] > south + 0.5) & (coords[:, 1] < north - 0.5)]
    sample = inner[np.random.default_rng(0).choice(len(inner), size=min(40, len(inner)), replace=False)]
    dist = geo.distance_to_coast_nmi(lat=sample[:, 1], lon=sample[:, 0], coast=data.coastline(region, "fine"))
    assert np.abs(dist - 12).max() < 0.25, f"{region}: 12-nmi line points at {dist.min():.2f}..{dist.max():.2f} nmi"
