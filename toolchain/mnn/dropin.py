"""Drop a candidate into a built MNN tree in place of MNN's own file, build, and run MNN's own unit tests.

The file replaced is the one in `source/backend/cpu/` that registers the op (`REGISTER_CPU_OP_CREATOR(…,
OpType_X)`); the candidate's .cpp is written under that file's name, its headers beside it (replacing
MNN's of the same name). MNN calls a fixed list of registrars (`CPUOPRegister.cpp`) and other files use
the original's classes, so what the original defined and the candidate lacks is said before building.

A journal in the build dir holds the originals while the candidate is in the tree: whatever dies midway
(the build, a test, this process), the next use of the tree restores them first. The candidate's code is
untrusted: the incremental build runs in the sandbox with only the tree and the build dir visible, and
MNN's tests run there with both read-only; neither sees the network, the user's files or our environment.

Verdicts: `drop-in` (every MNN test of the op passes at 1 and 4 threads), `task-only` (named MNN cases
fail), `does-not-build` (with the diagnostics, on the candidate's own file names and lines), and
`untested` when it builds but MNN has no unit test for the op (never called drop-in on no evidence).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import re
import signal
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolchain import sandbox
from toolchain.candidate import Candidate
from toolchain.mnn.tree import CPU_DIR, MnnTree, MnnTreeError, Progress, first_error, test_names
from toolchain.sandbox import Limits, SandboxError

JOURNAL = "mkb-dropin-journal.json"
THREADS = (1, 4)
REGISTRAR = re.compile(r"REGISTER_CPU_OP_CREATOR\w*\(\s*(\w+)\s*,\s*OpType_(\w+)\s*\)")
# `[return type] Name::method(` at the start of a line: the classes whose members a file defines (a call
# such as `    CPUCastCreator::cast(` is indented, so it is not one).
DEFINES = re.compile(r"^(?:[\w:<>*&]+[ \t]+)*([A-Z]\w*)::~?\w+\s*\(", re.M)
DIAGNOSTICS_KEPT = 20
BUILD_LIMITS = Limits(wall_s=900, cpu_s=1800, address_space_mb=8192, processes=256)
TEST_LIMITS = Limits(wall_s=180, cpu_s=600, address_space_mb=8192, processes=128)


@dataclass(frozen=True)
class MnnTest:
    name: str
    threads: int
    passed: bool
    detail: str = ""  # why it failed: MNN's own error line, a crash, a timeout


@dataclass(frozen=True)
class DropIn:
    verdict: str  # drop-in | task-only | does-not-build | untested
    tree: str  # `MnnTree.label`
    replaced: str  # the tree's file the candidate stood in for, relative to the tree
    ops: tuple[str, ...]  # the op types that file registers
    missing: tuple[str, ...] = ()  # registrars and classes the original defined that the candidate lacks
    tests: tuple[MnnTest, ...] = ()
    diagnostics: str = ""  # the build's errors, on the candidate's file names
    build_s: float = 0.0
    tests_s: float = 0.0
    notes: tuple[str, ...] = field(default=())

    @property
    def failed(self) -> list[MnnTest]:
        return [t for t in self.tests if not t.passed]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """What every view says of it: the verdict, what the candidate lacks, the build's errors, the tests."""
        out = [f"{self.verdict}: the kernel in place of {self.replaced} ({self.tree}; build {self.build_s:.1f} s, "
               f"MNN's tests {self.tests_s:.1f} s)"]
        out += [f"  missing (MNN's file defines it): {m}" for m in self.missing]
        out += self.diagnostics.splitlines()
        out += [f"  {'pass' if t.passed else 'FAIL'}  {t.name} at {t.threads} thread{'s' if t.threads > 1 else ''}"
                + (f": {t.detail}" if t.detail else "") for t in self.tests]
        return out + [f"  note: {n}" for n in self.notes]


class DropInError(Exception):
    """The check could not be made (no such op in the tree, a candidate with no .cpp); one sentence."""


def original_for(tree: MnnTree, op_type: str) -> Path:
    """The file of `source/backend/cpu/` that registers `op_type`'s CPU creator."""
    for path in sorted((tree.root / CPU_DIR).glob("*.cpp")):
        if any(op == op_type for _, op in REGISTRAR.findall(path.read_text(errors="replace"))):
            return path
    raise DropInError(f"MNN's CPU backend has no Execution registered for {op_type} (a geometric or composite op "
                      "is not dropped in as one file)")


def placement(tree: MnnTree, op_type: str | None, candidate: Candidate) -> tuple[Path, dict[Path, str]]:
    """MNN's file for the op, and where each candidate file goes: its one .cpp in place of that file, its
    headers beside it in `source/backend/cpu/`."""
    if not op_type:
        raise DropInError("the task has no single MNN op, so there is no MNN file to drop a kernel into")
    original = original_for(tree, op_type)
    cpps = candidate.sources
    if len(cpps) != 1:
        raise DropInError(f"a candidate dropped into MNN is one .cpp file (and headers), not {len(cpps)}")
    placed = {original: candidate.files[cpps[0]]} | {
        tree.cpu_source(n): text for n, text in candidate.files.items() if n not in cpps}
    return original, placed


def missing_from(original: str, candidate: Candidate) -> list[str]:
    """What MNN's file defines that the candidate does not: registrars (MNN calls each by name) and classes
    whose members it defines (other files of MNN use them)."""
    text = "\n".join(candidate.files.values())
    have_reg, have_cls = set(REGISTRAR.findall(text)), set(DEFINES.findall(text)) | set(
        re.findall(r"\b(?:class|struct)\s+(\w+)", text))
    missing = [f"registrar ___{c}__OpType_{op}__ (REGISTER_CPU_OP_CREATOR({c}, OpType_{op}))"
               for c, op in REGISTRAR.findall(original) if (c, op) not in have_reg]
    missing += [f"class {c}" for c in dict.fromkeys(DEFINES.findall(original)) if c not in have_cls]
    return missing


def tests_for(tree: MnnTree, ops: list[str]) -> list[str]:
    """MNN's unit tests of these op types: `op/<op>` and what runs under that prefix (int8, c4 variants)."""
    prefixes = {f"op/{op.lower()}" for op in ops}
    return [n for n in test_names(tree) if any(n.lower().startswith(p) for p in prefixes)]


def verify(tree: MnnTree, op_type: str | None, candidate: Candidate, progress: Progress | None = None) -> DropIn:
    """Drop `candidate` in for the file registering `op_type`, build, run MNN's tests of every op that file
    registers at 1 and 4 threads, restore. Raises DropInError / MnnTreeError when the check cannot be made."""
    say = progress or (lambda _msg: None)
    if not tree.ready:
        raise MnnTreeError(f"the MNN tree at {tree.root} is not built yet: run `mkb mnn setup` first")
    problem = sandbox.isolation_problem()
    if problem:
        raise DropInError(problem)
    original, placed = placement(tree, op_type, candidate)
    original_text = original.read_text(errors="replace")
    ops = list(dict.fromkeys(op for _, op in REGISTRAR.findall(original_text)))
    rel = str(original.relative_to(tree.root))
    label = tree.label
    missing = tuple(missing_from(original_text, candidate))
    names = {str(path): (candidate.sources[0] if path == original else path.name) for path in placed}
    try:
        with tree_lock(tree), _swapped(tree, placed):
            say(f"building MNN with the candidate in place of {rel}")
            t0 = time.monotonic()
            built = _sandboxed(tree, ["ninja", "-C", str(tree.build_dir), "run_test.out"], BUILD_LIMITS, writable=True)
            build_s = round(time.monotonic() - t0, 2)
            if built.returncode != 0:
                return DropIn("does-not-build", label, rel, tuple(ops), missing,
                              diagnostics=_build_errors(built, names, tree.root), build_s=build_s)
            t0 = time.monotonic()
            wanted = tests_for(tree, ops)
            results = _run_all(tree, ops, wanted, say)
            tests_s = round(time.monotonic() - t0, 2)
    except SandboxError as exc:
        raise DropInError(str(exc)) from None
    except OSError as exc:  # a read-only checkout, a full disk: the journal has put back what was written
        raise DropInError(f"cannot put the kernel into the MNN tree at {tree.root}: {exc.strerror or exc}") from None
    notes = () if wanted else (f"MNN has no unit test named op/{ops[0].lower()}…: it builds, and nothing of "
                               "MNN's checked it",)
    verdict = "untested" if not results else "drop-in" if all(r.passed for r in results) else "task-only"
    return DropIn(verdict, label, rel, tuple(ops), missing, tuple(results), build_s=build_s, tests_s=tests_s,
                  notes=notes)


def _build_errors(built: sandbox.SandboxResult, names: Mapping[str, str], root: Path) -> str:
    """The build's errors, each once, on the candidate's own file names (the first DIAGNOSTICS_KEPT)."""
    if built.timed_out:
        return f"the build took longer than {BUILD_LIMITS.wall_s:g} s"
    text = built.stdout + built.stderr
    errors = list(dict.fromkeys(_on_candidate(ln, names, root) for ln in text.splitlines()
                                if ": error:" in ln or ": fatal error:" in ln or "undefined reference" in ln))
    more = len(errors) - DIAGNOSTICS_KEPT
    return "\n".join(errors[:DIAGNOSTICS_KEPT] + ([f"… and {more} more"] if more > 0 else [])) or \
        _on_candidate(first_error(text), names, root)


def _run_all(tree: MnnTree, ops: list[str], wanted: list[str], say: Progress) -> list[MnnTest]:
    """Every wanted test at each thread count; one run per op prefix (it runs every test under it)."""
    results: list[MnnTest] = []
    for threads in THREADS:
        for prefix in sorted({f"op/{op.lower()}" for op in ops}):
            names = [n for n in wanted if n.lower().startswith(prefix) and
                     not any(r.name == n and r.threads == threads for r in results)]
            if names:
                say(f"running MNN's tests {prefix}* at {threads} thread{'s' if threads > 1 else ''}")
                results += _run_tests(tree, prefix, names, threads)
    return results


def recover(tree: MnnTree) -> list[str]:
    """Put back what a check that died midway left in the tree; the files restored."""
    path = tree.build_dir / JOURNAL
    try:
        journal = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    restored = []
    for name, data in journal.items():
        target = Path(name)
        if data is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(base64.b64decode(data))
        restored.append(name)
    path.unlink(missing_ok=True)
    return restored


# --- helpers ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def tree_lock(tree: MnnTree) -> Iterator[None]:
    """One check at a time per build (a second waits), and any journal left by a dead one undone first."""
    tree.build_dir.mkdir(parents=True, exist_ok=True)
    with open(tree.build_dir / "mkb-dropin.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        recover(tree)
        yield


@contextlib.contextmanager
def _swapped(tree: MnnTree, placed: Mapping[Path, str]) -> Iterator[None]:
    # A file the candidate leaves as MNN has it is neither written nor restored: rewriting it would only
    # change its time, and ninja would rebuild everything that includes it, twice (now and after restoring).
    placed = {p: text for p, text in placed.items() if not (p.is_file() and p.read_bytes() == text.encode())}
    journal = {str(p): (base64.b64encode(p.read_bytes()).decode() if p.exists() else None) for p in placed}
    path = tree.build_dir / JOURNAL
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(journal))
    tmp.replace(path)  # the journal is whole before the first file changes
    try:
        for p, text in placed.items():
            p.write_text(text)
        yield
    finally:
        recover(tree)


def _sandboxed(tree: MnnTree, argv: list[str], limits: Limits, writable: bool,
               cwd: str | None = None) -> sandbox.SandboxResult:
    """`argv` with only the tree and its build visible (at their own paths), writable only for the build."""
    binds = {str(tree.root): tree.root, str(tree.build_dir): tree.build_dir}
    wrapped = sandbox.isolated(argv, ro={} if writable else binds, rw=binds if writable else {},
                               cwd=cwd or str(tree.build_dir))
    with tempfile.TemporaryDirectory(prefix="mkb-mnn-") as work:
        # As the tree's owner, with no capabilities: the tree is the user's, and only its owner may write it.
        return sandbox.run(wrapped, Path(work), limits, as_nobody=False)


def _run_tests(tree: MnnTree, prefix: str, names: list[str], threads: int) -> list[MnnTest]:
    """MNN's tests under `prefix` at `threads`, each named: passed, failed (MNN's "Error: name"), or not
    reached because the run crashed or hung on the one before."""
    # Line-buffered: a test that crashes the run must not take the names of those before it with it.
    argv = ["stdbuf", "-oL", "-eL", str(tree.build_dir / "run_test.out"), prefix, "0", "1", str(threads)]
    res = _sandboxed(tree, argv, TEST_LIMITS, writable=False, cwd="/tmp")
    out = res.stdout + res.stderr
    ran = re.findall(r"running (\S+?)\.\n", out)
    errors = set(re.findall(r"^Error: (\S+)", out, re.M))
    finished = "TEST_CASE=" in out
    tests = []
    for n in names:
        if n in errors:
            tests.append(MnnTest(n, threads, False, "MNN's test failed"))
        elif n in ran and (finished or n != ran[-1]):
            tests.append(MnnTest(n, threads, True))
        elif n in ran:
            why = "hung" if res.timed_out else f"crashed ({_how(res)})"
            tests.append(MnnTest(n, threads, False, why))
        else:
            tests.append(MnnTest(n, threads, False, "not reached: an earlier test of the run crashed or hung"))
    return tests


def _on_candidate(line: str, names: Mapping[str, str], root: Path) -> str:
    """A compiler line about the tree's copy of a candidate file, read as the candidate's own file; about
    any other file of the tree, by its path in the tree."""
    for path, name in names.items():
        line = line.replace(path, name)
    return line.replace(f"{root}/", "").strip()


def patch(tree: MnnTree, op_type: str | None, candidate: Candidate, subject: str, message: str) -> str:
    """A `git format-patch`-style patch that puts `candidate` into the tree as `verify` does (its .cpp in place
    of the file registering `op_type`, its headers beside it), with `message` (provenance) as the body."""
    import difflib
    from email.utils import formatdate

    _, placed = placement(tree, op_type, candidate)
    diffs, stats = [], []
    for path, new in placed.items():
        rel = str(path.relative_to(tree.root))
        old = path.read_text(errors="replace") if path.exists() else None
        lines = list(difflib.unified_diff((old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                                          "/dev/null" if old is None else f"a/{rel}", f"b/{rel}"))
        if not lines:
            continue
        head = f"diff --git a/{rel} b/{rel}\n" + ("new file mode 100644\n" if old is None else "")
        diffs.append(head + "".join(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n"
                                    for ln in lines))
        added = sum(ln.startswith("+") and not ln.startswith("+++") for ln in lines)
        removed = sum(ln.startswith("-") and not ln.startswith("---") for ln in lines)
        stats.append(f" {rel} | {added + removed} {'+' * min(added, 30)}{'-' * min(removed, 30)}")
    return (f"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
            f"From: MobileKernelBench Workbench <mkb@localhost>\nDate: {formatdate(localtime=False)}\n"
            f"Subject: [PATCH] {subject}\n\n{message.rstrip()}\n---\n" + "\n".join(stats) +
            f"\n {len(stats)} file{'s' if len(stats) != 1 else ''} changed\n\n" + "".join(diffs) + "-- \nmkb\n")


def _how(res: sandbox.SandboxResult) -> str:
    """The signal that ended a run (bubblewrap passes a child's death by signal N on as exit 128+N)."""
    if res.signal_name:
        return res.signal_name
    code = res.returncode or 0
    if 128 < code < 128 + 65:
        with contextlib.suppress(ValueError):
            return signal.Signals(code - 128).name
    return f"exit status {code}"
