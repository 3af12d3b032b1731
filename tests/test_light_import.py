"""``import helpers`` and ``import helpers.geo`` stay light: no folium, no ipywidgets.

Runs in a fresh interpreter, so modules imported by other tests cannot hide (or fake) an import.
"""

import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent

CODE = (
    "import helpers, helpers.geo, sys; "
    "heavy = sorted(m for m in ('folium', 'ipywidgets') if m in sys.modules); "
    "assert not heavy, f'importing helpers.geo loaded {heavy}'"
)


def test_import_helpers_geo_does_not_load_folium_or_ipywidgets():
    result = subprocess.run([sys.executable, "-c", CODE], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"fresh `import helpers, helpers.geo` failed or was heavy:\n{result.stderr}"


def test_the_check_itself_can_fail():
    # the same check must notice folium when it *is* loaded (guards against a vacuous test); a
    # stand-in module keeps this fast
    code = "import sys, types; sys.modules['folium'] = types.ModuleType('folium'); " + CODE
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "folium" in result.stderr, f"the check did not notice folium:\n{result.stderr}"
