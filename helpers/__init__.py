"""Air Encounters helpers: the small library the notebooks import.

Modules (each one concept):

- ``helpers.geo``: geometry of encounters (units, geodesics, tracks, relative motion, zones).
- ``helpers.data``: loading and validating everything in ``data/``.
- ``helpers.maps``: folium maps of incidents (imports folium only when used).
- ``helpers.widgets``: ipywidgets explorers and quizzes.

``import helpers`` stays light: submodules load on first use.
"""

import importlib

__all__ = ["geo", "data", "maps", "widgets"]
__version__ = "0.1.0"


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f"helpers.{name}")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
