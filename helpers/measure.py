"""Measurements of the reconstructed tracks against the coastlines, shared by maps, widgets,
constraint checks and lessons (one place, below the maps, so nothing imports a map to measure).

    measure.closest_to_shore(incident_id) -> {track name: helpers.geo.TrackToCoast}

Distances in nautical miles, times UTC. Results are cached for the session and cleared by
``data.clear_caches()`` (so an edited track is measured again).
"""

from functools import cache

from helpers import data, geo


@data.register_cache
@cache
def closest_to_shore(incident_id):
    """For each track of an incident, where it came closest to the region's fine coastline:
    a dict track name -> ``helpers.geo.TrackToCoast`` (distance in nmi, UTC time, the point on
    the track and the nearest point of the coast)."""
    land = data.coastline(data.incident(incident_id)["region"], "fine")
    return {name: geo.closest_to_coast(trk, land) for name, trk in data.tracks(incident_id).items()}
