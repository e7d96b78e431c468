"""A candidate kernel: one or more source files, by name."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

SOURCE_SUFFIXES = (".cpp", ".cc", ".cxx")
HEADER_SUFFIXES = (".hpp", ".h", ".hh")


@dataclass(frozen=True)
class Candidate:
    """Kernel sources keyed by bare file name (`CPULayerNorm.cpp`), as MNN's cpu/ folder holds them."""

    files: Mapping[str, str]

    def __post_init__(self) -> None:
        for name in self.files:
            if "/" in name or "\\" in name or name.startswith(".") or not name:
                raise ValueError(f"a candidate file name must be a bare name like CPUFoo.cpp, not {name!r}")
            if not name.endswith(SOURCE_SUFFIXES + HEADER_SUFFIXES):
                raise ValueError(f"{name} is neither a C++ source (.cpp) nor a header (.hpp/.h)")
        if not any(n.endswith(SOURCE_SUFFIXES) for n in self.files):
            raise ValueError("a candidate needs at least one .cpp file")
        object.__setattr__(self, "files", MappingProxyType(dict(sorted(self.files.items()))))

    @property
    def sources(self) -> list[str]:
        return [n for n in self.files if n.endswith(SOURCE_SUFFIXES)]

    @property
    def digest(self) -> str:
        h = hashlib.sha256()
        for name, text in self.files.items():
            h.update(name.encode() + b"\0" + text.encode() + b"\0")
        return h.hexdigest()

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path]) -> Candidate:
        files: dict[str, str] = {}
        for p in map(Path, paths):
            if p.is_dir():
                files.update(
                    (f.name, f.read_text()) for f in sorted(p.iterdir())
                    if f.suffix in SOURCE_SUFFIXES + HEADER_SUFFIXES
                )
            else:
                files[p.name] = p.read_text()
        return cls(files)
