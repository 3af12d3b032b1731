"""The geometry of air encounters, in one vocabulary.

Positions are keyword arguments ``lat=``, ``lon=`` in decimal degrees; distances in nautical
miles (``_nmi``); speeds in knots (``_kt``); altitudes in feet (``_ft``); times are
timezone-aware UTC pandas Timestamps. Geodesics are on the WGS84 ellipsoid (``pyproj.Geod``);
shapely is used only for topology, in local projections.

Modules: ``units`` (conversions, Mach), ``geodesic`` (distances, bearings, lines),
``tracks`` (positions in time, separation, closest approach), ``motion`` (CPA, intercepts),
``zones`` (distance to coast, buffers, inside/outside), ``nearest`` (the search behind the
distance to coast), ``cache`` (files derived from the data, kept outside the repository).
"""

from helpers.geo.geodesic import (
    EARTH_MEAN_RADIUS_NMI,
    GEOD,
    LatLon,
    along_track_nmi,
    cross_track_nmi,
    destination,
    distance_nmi,
    great_circle_points,
    haversine_nmi,
    initial_bearing_deg,
    leg_bearings_deg,
    rhumb_distance_nmi,
    rhumb_line_points,
    unwrap_lon,
    wrap_lon,
)
from helpers.geo.motion import CPA, Intercept, as_latlon, cpa, intercept_course, pure_pursuit, velocity_kt
from helpers.geo.tracks import (
    ClosestApproach,
    TrackPositions,
    check_track,
    closest_approach,
    ground_speed_kt,
    make_track,
    position_at,
    resample,
    separation,
)
from helpers.geo.units import (
    FT_IN_M,
    KT_IN_MS,
    NM_IN_M,
    STATUTE_MI_IN_M,
    convert_length,
    convert_speed,
    ft_to_m,
    isa_temperature_k,
    km_to_nmi,
    kmh_to_kt,
    kt_to_kmh,
    kt_to_ms,
    m_to_ft,
    mach,
    mach_to_kt,
    mi_to_nmi,
    ms_to_kt,
    nmi_to_km,
    nmi_to_mi,
    speed_of_sound_kt,
)
from helpers.geo.zones import (
    CoastPoint,
    Corridor,
    TrackToCoast,
    buffer_nmi,
    closest_to_coast,
    corridor_width_nmi,
    distance_to_coast_nmi,
    inside,
    nearest_coast_point,
)

__all__ = [name for name in dir() if not name.startswith("_")]
