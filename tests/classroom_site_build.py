"""One build of the static site per test session, shared by tests/test_classroom_site.py and the
browser test of the site (executing every lesson takes a while: never build it twice).

``site()`` returns (folder, failures): the built site in a temporary folder (removed when the
session ends) and the messages of lessons that could not be executed. To check a site built
already (``python -m helpers.classroom site DIR``), set AIR_ENCOUNTERS_SITE_DIR=DIR: it is used as is.

Executed lessons are kept between sessions in ``~/.cache/air-encounters/site-executed/<key>/``
(``$AIR_ENCOUNTERS_SITE_CACHE``; ``0`` turns it off), the key being a hash of everything a
lesson's outputs depend on: the lessons, ``helpers/``, ``data/``, Python and the installed
packages' versions. A session whose inputs are unchanged renders the pages from those copies
(the site's own ``--executed``) instead of running all lessons again; nbval still runs every
lesson in every session. A lesson that failed is never kept, so it runs again next time.
"""

import atexit
import functools
import hashlib
import importlib.metadata
import os
import pathlib
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
JOBS = 2  # lessons executed at once: one kernel per core of the 2-core CI machine


def inputs_key():
    """Hex digest of what an executed lesson depends on (files of the lessons, helpers/ and data/,
    Python's and every installed package's version)."""
    digest = hashlib.sha256(sys.version.encode())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()):
        digest.update(dist.encode())
    files = [*sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")), *sorted((ROOT / "helpers").rglob("*.py")),
             *sorted((ROOT / "data").rglob("*"))]
    for path in files:
        rel = path.relative_to(ROOT)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            digest.update(str(rel).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def executed_cache():
    """(folder for this key's executed lessons, or None when the cache is off)."""
    setting = os.environ.get("AIR_ENCOUNTERS_SITE_CACHE", "")
    if setting == "0":
        return None
    base = pathlib.Path(setting or pathlib.Path.home() / ".cache" / "air-encounters" / "site-executed")
    key = inputs_key()
    if base.is_dir():  # keep one key only: the copies of older inputs are of no use
        for old in base.iterdir():
            if old.name != key and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    return base / key


@functools.cache
def site():
    from helpers.classroom import site as site_module

    if os.environ.get("AIR_ENCOUNTERS_SITE_DIR"):
        return pathlib.Path(os.environ["AIR_ENCOUNTERS_SITE_DIR"]), []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="ae-site-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    cache = executed_cache()  # lessons found there are read, the others run and are kept there
    try:
        site_module.build(folder, progress_bar=False, jobs=JOBS, executed=cache, save_executed=cache)
        failures = []
    except site_module.SiteError as err:
        failures = str(err).splitlines()[1:]
    return folder, failures
