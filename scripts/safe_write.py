"""Write generated files without ever overwriting one a person edited.

The implementation lives in ``helpers/classroom/safe_write.py`` (one copy for the scripts and the
classroom tools); this module keeps ``from safe_write import write_generated`` working in scripts.
A refused write raises ``EditedFileError``; scripts print its one-line message and go on.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from helpers.classroom.safe_write import (  # noqa: E402,F401
    EditedFileError,
    atomic_write,
    backup_name,
    folder_lock,
    is_edited,
    read_manifest,
    write_generated,
)
