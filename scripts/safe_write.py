"""Write generated files without ever overwriting one a person edited.

Each generating script records the SHA-256 of every file it writes in a manifest
(``.generated.json`` in the output folder). Before writing again it compares the file on disk
with the recorded hash: if they differ, a person changed the file, and the script stops with a
message instead of overwriting it (``--force`` after you have saved your edits elsewhere).
"""

import hashlib
import json
import pathlib


class EditedFileError(RuntimeError):
    """A generated file was edited by hand since it was generated."""


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_generated(path, text, *, force=False):
    """Write ``text`` to ``path`` unless the file exists and was edited since we generated it."""
    path = pathlib.Path(path)
    manifest_path = path.parent / ".generated.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if path.exists() and not force:
        recorded = manifest.get(path.name)
        if recorded is None or recorded != _sha(path):
            raise EditedFileError(
                f"{path}: not overwriting: this file was edited by hand (or not made by this script). "
                "Move your version aside, or run again with --force to replace it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    manifest[path.name] = _sha(path)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return path
