"""Print one of the README's quickstart commands (``lab`` or ``test``).

The README marks each command with an HTML comment, ``<!-- command:NAME -->``, on the line
before a fenced code block holding exactly one line. CI runs the ``test`` one verbatim.
"""

import pathlib
import re
import sys

name = sys.argv[1] if len(sys.argv) > 1 else "test"
readme = pathlib.Path(__file__).resolve().parent.parent / "README.md"
text = readme.read_text(encoding="utf-8")
match = re.search(rf"<!-- command:{re.escape(name)} -->\s*```[a-z]*\n(.+?)\n```", text)
if not match:
    sys.exit(f"README.md has no '<!-- command:{name} -->' block followed by a one-line code block")
print(match.group(1).strip())
