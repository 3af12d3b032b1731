"""Files derived from the data, kept outside the repository so each is built once per data
version instead of once per session: the fine coastlines in shapely's binary format (WKB), the
coastline tiles that tell land from sea, and the arrays that distance-to-coast searches
(``helpers.geo.nearest``). Each file is named by a SHA-256 hash of
what it was built from, so an edited coastline gets new files and an old one is never used.

Measured (``tests/benchmark.py``): reading the Baltic fine coastline (2.3 MB GeoJSON) takes
about 1.3-2.7 s through ``json`` and ``shapely.geometry.shape``, 0.4-0.8 s with
``shapely.from_geojson``, and 0.03 s from WKB plus 0.01 s to hash the GeoJSON file.

The folder is ``$AIR_ENCOUNTERS_CACHE``, else ``$XDG_CACHE_HOME/air-encounters``, else
``~/.cache/air-encounters``. Deleting it is always safe; a folder that cannot be written only
makes loading slower.
"""

import hashlib
import os
import pathlib
import tempfile

import numpy as np
import shapely

FORMAT = 1
"""Part of every file name: bump it when what is stored changes."""


def cache_dir():
    """The folder for derived files (see the module docstring)."""
    if os.environ.get("AIR_ENCOUNTERS_CACHE"):
        return pathlib.Path(os.environ["AIR_ENCOUNTERS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache"
    return pathlib.Path(base) / "air-encounters"


def digest(data):
    """Hex SHA-256 (first 32 characters) of bytes."""
    return hashlib.sha256(data).hexdigest()[:32]


def read_geometries(name):
    """The shapely geometries stored under ``name``, or None if missing or unreadable."""
    try:
        with np.load(cache_dir() / name) as stored:
            sizes, blob = stored["sizes"], stored["wkb"].tobytes()
        ends = np.cumsum(sizes)
        geoms = shapely.from_wkb([blob[e - s:e] for s, e in zip(sizes, ends)])
    except (OSError, ValueError, KeyError, EOFError, shapely.errors.GEOSException):
        return None
    if len(geoms) == 0 or shapely.is_missing(geoms).any():
        return None
    return geoms


def write_geometries(name, geoms):
    """Store an array of shapely geometries under ``name`` (a temporary file, then an atomic
    rename, so a reader never sees half a file). Errors writing are ignored."""
    wkbs = shapely.to_wkb(np.asarray(geoms, dtype=object), hex=False, output_dimension=2)
    write_arrays(name, {"sizes": np.array([len(b) for b in wkbs], dtype=np.int64),
                        "wkb": np.frombuffer(b"".join(wkbs), dtype=np.uint8)})


def read_arrays(name, names):
    """The numpy arrays stored under ``name`` as a dict (keys ``names``), or None if the file is
    missing, unreadable or lacks one of them."""
    try:
        with np.load(cache_dir() / name) as stored:
            return {key: stored[key] for key in names}
    except (OSError, ValueError, KeyError, EOFError):
        return None


def write_arrays(name, arrays):
    """Store a dict of numpy arrays under ``name`` (a temporary file, then an atomic rename).
    Errors writing are ignored."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                np.savez(out, **arrays)
            os.replace(tmp, folder / name)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


def geometry_of_bytes(raw, parse):
    """``parse(raw)`` (the bytes of a file, e.g. GeoJSON, read into one shapely geometry), kept as
    WKB in the cache under the hash of ``raw``: the first call parses the slow way, later calls
    (in any session) read the stored copy while the file's bytes are unchanged."""
    name = f"geometry-v{FORMAT}-{digest(raw)}.npz"
    stored = read_geometries(name)
    if stored is not None and len(stored) == 1:
        return stored[0]
    geom = parse(raw)
    write_geometries(name, [geom])
    return geom
