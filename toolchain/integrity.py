"""What the judge trusts about built files: that a cached file is the one we wrote, and that a candidate's
objects replace nothing of the runtime libraries the judge relies on.

- `seal(path)` records a file's SHA-256 (and its inode, size and ctime, so an untouched file is confirmed
  by one `stat`: the kernel updates ctime on every write or rename and no user can set it back) in a
  sidecar `<file>.sha256`, written atomically; `check_seal(path)` says why a file is not the one sealed.
- `interpositions(objects, toolchain)` lists the candidate's strong definitions of symbols that libc,
  libm, libstdc++ or libgcc also export (a kernel's own `clock_gettime` or `memcmp` would replace the
  driver's). Weak, COMDAT and unique symbols (inline functions, template instances) are legitimate.
  Symbols are read from the ELF symbol tables in Python: no binutils parses candidate objects.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import struct
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from toolchain.cache import cache_dir

if TYPE_CHECKING:
    from toolchain.builder import Toolchain

SEAL_SUFFIX = ".sha256"
# Every runtime library a linked kernel may draw on; names a toolchain cannot find are skipped.
RUNTIME_LIBRARIES = ("libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libstdc++.a", "libc.a",
                     "libm.a", "libc++.a", "libc++_static.a", "libc++abi.a")

_STB_GLOBAL, _SHN_UNDEF = 1, 0
_SHT_SYMTAB, _SHT_DYNSYM = 2, 11


# ---- sealed files -------------------------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_ino, st.st_size, st.st_ctime_ns]


def seal(path: Path) -> None:
    """Record `path`'s digest beside it. Call after the file is in its final place (a rename changes ctime)."""
    record = {"sha256": _sha256(path), "stat": _stamp(path.stat())}
    side = path.with_name(path.name + SEAL_SUFFIX)
    tmp = side.with_name(f"{side.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record))
    os.replace(tmp, side)


def check_seal(path: Path) -> str | None:
    """None when `path` is exactly the file that was sealed, else why not (one clause)."""
    side = path.with_name(path.name + SEAL_SUFFIX)
    try:
        record = json.loads(side.read_text())
        digest, stamp = str(record["sha256"]), list(record["stat"])
    except FileNotFoundError:
        return f"{path.name} has no recorded digest"
    except (OSError, ValueError, KeyError, TypeError):
        return f"the recorded digest of {path.name} is unreadable"
    try:
        if _stamp(path.stat()) == stamp:
            return None  # not written, replaced or even chmod-ed since it was sealed
        if _sha256(path) == digest:
            return None  # touched (chmod, copy of the same bytes) but identical
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror})"
    return f"{path.name} does not match the digest recorded when it was built"


def unseal(path: Path) -> None:
    for p in (path, path.with_name(path.name + SEAL_SUFFIX)):
        p.unlink(missing_ok=True)


# ---- ELF symbols ---------------------------------------------------------------------------------------------

class ElfError(Exception):
    pass


def _sections(data: bytes) -> tuple[list[tuple[int, ...]], bool, str]:
    """The section headers of an ELF file, whether it is 64-bit, and its byte order."""
    if data[:4] != b"\x7fELF" or len(data) < 64:
        raise ElfError("not an ELF file")
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
        sh_fmt = end + "IIQQQQIIQQ"
    else:
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
        sh_fmt = end + "IIIIIIIIII"
    if shoff == 0:
        return [], is64, end
    first = struct.unpack_from(sh_fmt, data, shoff)
    count = shnum or first[5]  # more than 0xff00 sections: the count is in section 0's size
    return [struct.unpack_from(sh_fmt, data, shoff + i * shentsize) for i in range(count)], is64, end


def _symbols(data: bytes, want: int) -> Iterator[tuple[str, int, int, int]]:
    """(name, binding, section index, type) of every entry in the section(s) of type `want` (symtab or dynsym)."""
    sections, is64, end = _sections(data)
    sym_size = 24 if is64 else 16
    for sh in sections:
        sh_type, sh_offset, sh_size, sh_link = sh[1], sh[4], sh[5], sh[6]
        if sh_type != want:
            continue
        strtab = sections[sh_link]
        str_off, str_size = strtab[4], strtab[5]
        strings = data[str_off:str_off + str_size]
        for off in range(sh_offset + sym_size, sh_offset + sh_size, sym_size):  # entry 0 is the null symbol
            if is64:
                st_name, st_info, _other, st_shndx = struct.unpack_from(end + "IBBH", data, off)
            else:
                st_name, = struct.unpack_from(end + "I", data, off)
                st_info, _other, st_shndx = struct.unpack_from(end + "BBH", data, off + 12)
            stop = strings.find(b"\0", st_name)
            name = strings[st_name:stop if stop >= 0 else None].decode(errors="replace")
            if name:
                yield name, st_info >> 4, st_shndx, st_info & 0xF


_STT_GNU_IFUNC = 10


def runs_before_main(obj: Path) -> list[str]:
    """What in an object would run before the kernel host seals itself from .preinit_array: preinit entries of
    its own, and IFUNC resolvers (run while the program is relocated, earlier still)."""
    try:
        data = obj.read_bytes()
        sections, _is64, _end = _sections(data)
        found = []
        if sections:
            names = sections[struct.unpack_from(_end + "H", data, 0x3E if _is64 else 0x32)[0]]
            table = data[names[4]:names[4] + names[5]]
            for sh in sections:
                name = table[sh[0]:table.find(b"\0", sh[0])].decode(errors="replace")
                if name.startswith(".preinit_array"):
                    found.append("a .preinit_array entry")
        found += [f"an IFUNC resolver for {name}" for name, _bind, shndx, kind in _symbols(data, _SHT_SYMTAB)
                  if kind == _STT_GNU_IFUNC and shndx != _SHN_UNDEF]
        return found
    except (struct.error, IndexError) as exc:
        raise ElfError(f"malformed object ({exc})") from None


def strong_definitions(obj: Path) -> set[str]:
    """The global, non-weak symbols an object defines (nm's T, D, B, R, C, A)."""
    try:
        return {name for name, bind, shndx, _type in _symbols(obj.read_bytes(), _SHT_SYMTAB)
                if bind == _STB_GLOBAL and shndx != _SHN_UNDEF}
    except (struct.error, IndexError) as exc:
        raise ElfError(f"malformed object ({exc})") from None


def _archive_index(data: bytes) -> set[str]:
    """The names an `ar` archive's symbol index lists (every member's defined global and weak symbols)."""
    if data[:8] != b"!<arch>\n":
        raise ElfError("not an archive")
    name, size = data[8:24].strip(), int(data[56:66].strip() or 0)
    body = data[68:68 + size]
    if name == b"/":
        width = 4
    elif name == b"/SYM64/":
        width = 8
    else:
        return set()
    count = int.from_bytes(body[:width], "big")
    names = body[width + count * width:].split(b"\0")
    return {n.decode(errors="replace") for n in names[:count] if n}


def _library_exports(path: Path) -> set[str]:
    data = path.read_bytes()
    if data[:8] == b"!<arch>\n":
        return _archive_index(data)
    return {name for name, _bind, shndx, _type in _symbols(data, _SHT_DYNSYM) if shndx != _SHN_UNDEF}


def _find_library(toolchain: Toolchain, name: str) -> Path | None:
    # The link flags carry a cross target (--target=...), so the cross compiler's own libraries are found.
    try:
        out = subprocess.run([toolchain.cxx, *toolchain.link_flags, f"-print-file-name={name}"], capture_output=True,
                             text=True, timeout=30, stdin=subprocess.DEVNULL).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = Path(out)
    return path.resolve() if path.is_absolute() and path.is_file() else None


def _libgcc(toolchain: Toolchain) -> Path | None:
    try:
        out = subprocess.run([toolchain.cxx, *toolchain.link_flags, "-print-libgcc-file-name"], capture_output=True,
                             text=True, timeout=30, stdin=subprocess.DEVNULL).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = Path(out)
    return path if path.is_absolute() and path.is_file() else None


@functools.cache
def runtime_symbols(toolchain: Toolchain) -> dict[str, str]:
    """Symbol -> the runtime library that exports it, for this toolchain. Computed once and cached on disk
    (sealed, so an emptied list is noticed and recomputed)."""
    cached = cache_dir("runtime-symbols") / f"{toolchain.key[:24]}.json"
    if check_seal(cached) is None:
        try:
            return dict(json.loads(cached.read_text()))
        except (OSError, ValueError):
            pass
    found: dict[str, str] = {}
    paths = [p for p in (*(_find_library(toolchain, n) for n in RUNTIME_LIBRARIES), _libgcc(toolchain)) if p]
    for path in dict.fromkeys(paths):
        try:
            for sym in _library_exports(path):
                found.setdefault(sym, path.name)
        except (OSError, ElfError, struct.error, IndexError, ValueError):
            continue  # a linker script (glibc's libc.so) or something we cannot read: the others still count
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(found))
    os.replace(tmp, cached)
    seal(cached)
    return found


def interpositions(objects: Iterable[tuple[str, Path]], toolchain: Toolchain) -> list[tuple[str, str, str]]:
    """(source name, symbol, library) for each runtime-library symbol a candidate object defines strongly."""
    exported = runtime_symbols(toolchain)
    hits = []
    for source, obj in objects:
        for sym in sorted(strong_definitions(obj)):
            lib = exported.get(sym)
            if lib is not None:
                hits.append((source, sym, lib))
    return hits


def demangle(symbols: list[str]) -> list[str]:
    """Readable names for a message (c++filt when present; the mangled names otherwise)."""
    try:
        out = subprocess.run(["c++filt"], input="\n".join(symbols), capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return symbols
    lines = out.splitlines()
    return lines if len(lines) == len(symbols) else symbols
