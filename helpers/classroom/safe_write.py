"""Write generated files without ever overwriting one a person edited.

Each generating tool records the SHA-256 of every file it writes in a manifest
(``.generated.json`` in the file's folder). Before writing again it compares the file on disk
with the recorded hash: if they differ, a person changed the file (or it was never generated),
and ``write_generated`` raises ``EditedFileError`` instead of overwriting it, unless asked to
keep a timestamped backup first (``backup=True``) or to overwrite anyway (``force=True``).

Safe with several writers at once: every check-and-write holds an exclusive lock on
``.generated.lock`` in the folder, and both the file and the manifest are replaced atomically
(written to a temporary file in the same folder, then ``os.replace``), so a reader or a
crashed writer never sees half a file.
"""

import contextlib
import datetime
import hashlib
import json
import os
import pathlib
import tempfile
import time

MANIFEST = ".generated.json"
LOCK = ".generated.lock"


class EditedFileError(RuntimeError):
    """A generated file was edited by hand (or not made by the tool) since it was generated."""


def sha256(data):
    """Hex SHA-256 of ``data`` (bytes)."""
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def folder_lock(folder):
    """Hold an exclusive lock on ``folder/.generated.lock`` (blocks until other writers are done)."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+b") as handle:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    time.sleep(0.1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _mode_for(path):
    """The permission bits a rewritten file gets: those of the file it replaces, else what a plain
    ``open(path, "w")`` would give (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path, data):
    """Replace ``path`` by ``data`` (bytes) in one step: a temporary file in the same folder, then
    ``os.replace``. A reader sees the old file or the new one, never a mix."""
    path = pathlib.Path(path)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600; a shared site or edition must stay readable
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def read_manifest(folder):
    """The manifest of ``folder``: {file name: SHA-256}. An unreadable manifest counts as empty, so
    every existing file is treated as edited (nothing is overwritten on a guess)."""
    path = pathlib.Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _write_manifest(folder, manifest):
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    atomic_write(pathlib.Path(folder) / MANIFEST, text.encode("utf-8"))


def is_edited(path, manifest=None):
    """True if ``path`` exists and is not byte-for-byte what the manifest says was generated."""
    path = pathlib.Path(path)
    if not path.exists():
        return False
    manifest = read_manifest(path.parent) if manifest is None else manifest
    return manifest.get(path.name) != sha256(path.read_bytes())


def backup_name(path, now=None):
    """``name.edited-YYYYMMDD-HHMMSS.ext`` next to ``path`` (UTC), with ``-2``, ``-3`` ... if taken."""
    path = pathlib.Path(path)
    stamp = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.edited-{stamp}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.edited-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def write_generated(path, content, *, force=False, backup=False, backups=None):
    """Write ``content`` (str, written as UTF-8 with no newline translation, or bytes) to ``path``;
    return ``path``.

    Refuses with ``EditedFileError`` (a one-line message) when ``path`` exists and was edited since
    it was generated. ``backup=True``: first move the edited file to ``backup_name(path)`` (its new
    path is appended to the list ``backups`` when one is given); ``force=True``: overwrite it.
    """
    path = pathlib.Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    with folder_lock(path.parent):
        manifest = read_manifest(path.parent)
        if not force and is_edited(path, manifest):
            if not backup:
                raise EditedFileError(
                    f"{path}: not overwriting: edited by hand since it was generated (or not made by this tool); "
                    "move your version aside, or run again with --backup to keep a timestamped copy first")
            saved = backup_name(path)
            os.replace(path, saved)
            if backups is not None:
                backups.append(saved)
        atomic_write(path, data)
        manifest[path.name] = sha256(data)
        _write_manifest(path.parent, manifest)
    return path


def remove_generated(path):
    """Delete ``path`` if it is exactly what this tool generated (its manifest hash matches) and
    forget it in the manifest; return True. A file edited by hand, or not made by this tool, is
    left where it is and False is returned."""
    path = pathlib.Path(path)
    with folder_lock(path.parent):
        manifest = read_manifest(path.parent)
        if not path.exists() or path.name not in manifest or is_edited(path, manifest):
            return False
        path.unlink()
        del manifest[path.name]
        _write_manifest(path.parent, manifest)
    return True
