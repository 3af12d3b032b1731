"""One build of the static site per test session, shared by tests/test_classroom_site.py and the
browser test of the site (executing every lesson takes a while: never build it twice).

``site()`` returns (folder, failures): the built site in a temporary folder (removed when the
session ends) and the messages of lessons that could not be executed. To check a site built
already (``python -m helpers.classroom site DIR``), set AIR_ENCOUNTERS_SITE_DIR=DIR: it is used as is.
"""

import atexit
import functools
import os
import pathlib
import shutil
import tempfile


@functools.cache
def site():
    from helpers.classroom import site as site_module

    if os.environ.get("AIR_ENCOUNTERS_SITE_DIR"):
        return pathlib.Path(os.environ["AIR_ENCOUNTERS_SITE_DIR"]), []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="ae-site-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    try:
        site_module.build(folder, progress_bar=False)
        failures = []
    except site_module.SiteError as err:
        failures = str(err).splitlines()[1:]
    return folder, failures
