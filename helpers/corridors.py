"""A corridor between two territorial seas that each stop short of the median line.

In the Gulf of Finland, Finland's law puts the outer limit of its territorial sea "at no place ...
closer to the midline than 3nm" (see ``data/law.csv``), and Estonia did the same, so a corridor
about 2 x 3 = 6 nmi wide stays open along the median line where full 12-nmi seas would meet.
``midline_corridor`` measures such a corridor along a line across the gulf, from the kit's
coastline: a point belongs to a state's sea when it is within ``limit_nmi`` of that state's land
**and** at least ``setback_nmi`` from the median line on that state's side. Everything else on the
line is the corridor.

Approximations (say them when you show a number): the median line is taken as the set of points
equally far from both states' land, and a point's distance from it as half the difference of its
two distances to land (exact where the line crosses the median at right angles); the land is split
between the states by latitude (``split_lat``); real limits are drawn from legal baselines and
agreed points, not from every islet of a drawn coastline.
"""

from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely

from helpers import geo


class MidlineCorridor(NamedTuple):
    """The widest stretch of a line outside both territorial seas."""

    width_nmi: float
    start: geo.LatLon
    end: geo.LatLon
    profile: object
    """DataFrame along the line: ``along_nmi``, ``lat``, ``lon``, ``to_north_nmi``, ``to_south_nmi``,
    ``from_median_nmi`` (positive on the northern side), ``in_corridor``."""


_SPLIT = {}


def split_coast(coast, split_lat):
    """The land north and south of latitude ``split_lat`` (degrees), as two geometries.

    Kept per coast and latitude for the session: the same two geometries come back each time, so
    the distance searches prepared for them are reused."""
    key = (id(coast), float(split_lat))
    hit = _SPLIT.get(key)
    if hit is not None and hit[0] is coast:
        return hit[1]
    halves = (shapely.clip_by_rect(coast, -540.0, split_lat, 540.0, 90.0),
              shapely.clip_by_rect(coast, -540.0, -90.0, 540.0, split_lat))
    if len(_SPLIT) >= 8:
        _SPLIT.pop(next(iter(_SPLIT)))
    _SPLIT[key] = (coast, halves)
    return halves


def midline_corridor(*, lat1, lon1, lat2, lon2, coast, split_lat, limit_nmi=12.0, setback_nmi=3.0, n=801):
    """The corridor along the geodesic from point 1 to point 2 (degrees) between two territorial
    seas of ``limit_nmi`` (nmi) that each stop ``setback_nmi`` (nmi) short of the median line
    between the land north and south of ``split_lat`` (degrees). ``n`` points are measured along the
    line; the width (nmi) is the longest run of corridor points times their spacing."""
    if setback_nmi < 0 or limit_nmi < 0:
        raise ValueError(f"limit_nmi and setback_nmi must not be negative, got {limit_nmi}, {setback_nmi}")
    north, south = split_coast(coast, split_lat)
    if north.is_empty or south.is_empty:
        raise ValueError(f"split_lat={split_lat}: no land on one side of it in this coastline")
    pts = geo.great_circle_points(lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2, n=n)
    lat, lon = pts["lat"].to_numpy(), pts["lon"].to_numpy()
    along = np.asarray(geo.distance_nmi(lat1=np.full(n, float(lat1)), lon1=np.full(n, float(lon1)), lat2=lat, lon2=lon))
    to_north = np.asarray(geo.distance_to_coast_nmi(lat=lat, lon=lon, coast=north))
    to_south = np.asarray(geo.distance_to_coast_nmi(lat=lat, lon=lon, coast=south))
    from_median = (to_south - to_north) / 2.0  # > 0: nearer the northern land
    in_north_sea = (to_north <= limit_nmi) & (from_median >= setback_nmi)
    in_south_sea = (to_south <= limit_nmi) & (-from_median >= setback_nmi)
    corridor = ~in_north_sea & ~in_south_sea & (to_north > 0) & (to_south > 0)
    profile = pd.DataFrame({"along_nmi": along, "lat": lat, "lon": lon, "to_north_nmi": to_north,
                            "to_south_nmi": to_south, "from_median_nmi": from_median, "in_corridor": corridor})
    step = float(along[-1]) / (n - 1)
    best, run_start, best_span = 0, None, (0, 0)
    for i, inside in enumerate(np.append(corridor, False)):
        if inside and run_start is None:
            run_start = i
        elif not inside and run_start is not None:
            if i - run_start > best:
                best, best_span = i - run_start, (run_start, i - 1)
            run_start = None
    a, b = best_span
    return MidlineCorridor(best * step, geo.LatLon(float(lat[a]), float(lon[a])),
                           geo.LatLon(float(lat[b]), float(lon[b])), profile)
