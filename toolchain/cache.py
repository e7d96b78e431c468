"""Where prepared tasks and built objects live: the user cache dir, keyed by content hash."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def cache_root() -> Path:
    """`MKB_CACHE_DIR` if set (tests, CI), else the platform's user cache dir."""
    root = os.environ.get("MKB_CACHE_DIR") or platformdirs.user_cache_dir("mobilekernelbench")
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir(*parts: str) -> Path:
    path = cache_root().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
