"""Write the student edition (kept for old instructions): ``python scripts/student_edition.py [OUT] [--backup]``.

The command is ``python -m helpers.classroom student-edition OUT``; this wrapper only supplies the
old default folder ``build/student`` (inside the kit). See ``python -m helpers.classroom student-edition --help``.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.classroom.__main__ import main  # noqa: E402

if __name__ == "__main__":
    args = sys.argv[1:]
    if not [a for a in args if not a.startswith("-")] and not {"-h", "--help"} & set(args):
        args.append(str(ROOT / "build" / "student"))
    sys.exit(main(["student-edition", *args]))
