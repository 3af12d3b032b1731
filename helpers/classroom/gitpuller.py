"""nbgitpuller links: one click on a JupyterHub pulls the kit into the student's home and opens a lesson.

nbgitpuller (``pip install nbgitpuller`` on the hub's single-user image) clones the repository on
the first click and, on later clicks, merges new commits without overwriting the student's
changes. The link is ``HUB/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...``.
"""

import urllib.parse

DEFAULT_LESSON = "notebooks/00_start_here.ipynb"


def link(hub, repo, *, branch="main", path=DEFAULT_LESSON, app="lab", targetpath=None):
    """The nbgitpuller URL that clones ``repo`` (a git URL) at ``branch`` on ``hub`` (the hub's
    base URL, e.g. ``https://hub.example.edu``) and opens ``path`` (a file of the repository)
    in JupyterLab (``app="lab"``) or the classic notebook (``app="notebook"``)."""
    for name, value in (("hub", hub), ("repo", repo)):
        parsed = urllib.parse.urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"{name} must be an http(s) URL, got {value!r}")
    if app not in ("lab", "notebook"):
        raise ValueError(f"app must be 'lab' or 'notebook', got {app!r}")
    folder = targetpath or repo.rstrip("/").split("/")[-1].removesuffix(".git")
    urlpath = f"{app}/tree/{folder}/{path.lstrip('/')}" if app == "lab" else f"notebooks/{folder}/{path.lstrip('/')}"
    query = {"repo": repo, "branch": branch, "urlpath": urlpath}
    if targetpath:
        query["targetpath"] = targetpath
    return hub.rstrip("/") + "/hub/user-redirect/git-pull?" + urllib.parse.urlencode(query)
