"""Which changed files a `--watch` should react to: the kernel's sources, not an editor's temporary files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# sed -i's sedXXXXXX, vim's swap files (.swp, .swo, ...) and its write test "4913", backups ending in ~,
# emacs' lock (.#name) and autosave (#name#) files, JetBrains' safe-write copies.
_EDITOR_TEMP = re.compile(r"^sed[A-Za-z0-9]{6}$|\.sw[a-p]$|~$|^\.#|^#.*#$|^4913$|___jb_(tmp|old)___$")
SOURCE_SUFFIXES = (".cpp", ".cc", ".hpp", ".h")


def editor_temp_file(name: str) -> bool:
    return bool(_EDITOR_TEMP.search(name))


def watched_change(_change: Any, path: str) -> bool:
    """A watchfiles filter: a kernel source file changed (an editor's temporary files are ignored)."""
    name = Path(path).name
    return not editor_temp_file(name) and name.endswith(SOURCE_SUFFIXES)
