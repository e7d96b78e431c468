"""The sealed judge (issue 10): every attack kernel gets the verdict an honest judge gives, and nothing escapes.

Each kernel in `attacks/` is written the way an optimiser pointed at the judge might stumble on it; its
header names the mechanism and the honest verdict (`attacks/README.md`). Besides that verdict, every
evaluation here is checked for what must hold whatever the kernel does: `evaluate` returns (never
raises), an `ok` has at least one trial, no secret of the evaluator (API keys in its environment, a file
outside the build dir) appears anywhere in the result, no text the kernel printed appears in the
verdict, nothing the kernel started is still running, nothing it wrote appears on the host, and it
reached no listener on loopback.

Run as root, the module also re-runs itself as an unprivileged user (`test_unprivileged_rerun`), since
the issue's isolation must hold for both.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tasks.evaluation import evaluate
from tasks.registry import get_task, reference_candidate
from tests.conftest import REPO
from tests.toolchain.test_adversarial import CORRECT, TEMPLATE
from toolchain.cache import cache_dir
from toolchain.candidate import Candidate
from toolchain.evaluate import EvalOptions
from toolchain.result import EvalResult, Status
from toolchain.runner import TimingPlan
from toolchain.sandbox import Limits

pytestmark = pytest.mark.slow

ATTACKS = Path(__file__).parent / "attacks"
LIMITS = Limits(wall_s=8, cpu_s=16, address_space_mb=2048, processes=16)
OPTIONS = EvalOptions(trials=3, timing=TimingPlan(warmup=2, min_repeats=20, min_time_ms=20), limits=LIMITS)
# An attack that "ends ok" must be no faster than its honest counterpart by more than this (ratio of speedups).
SPEEDUP_SLACK = 2.0  # a 20 µs kernel here has two speeds across evaluations, 1.5x apart; skipped work is far more
KEY_VARS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")
PLANT_DIRS = (Path("/tmp"), Path("/dev/shm"), Path("/var/tmp"))
ISOLATED_TIMEOUT_S = 90  # a judge that hangs on an attack fails here instead of hanging the suite
ISOLATED_AS_BYTES = 8 << 30  # keeps a judge with no compiler memory limit from taking the shared machine
COMPILER_RSS_MAX_KB = 2 << 20  # what any process of a sound evaluation may peak at
UNPRIVILEGED = "MKB_SEALED_JUDGE_UNPRIVILEGED"  # set in the re-run, so it does not re-run itself
UNPRIVILEGED_UID = int(os.environ.get("MKB_UNPRIVILEGED_UID", "4242"))
UNPRIVILEGED_TIMEOUT_S = 2400


@dataclass(frozen=True)
class Attack:
    name: str
    mechanism: str
    task: str
    verdicts: dict[Status, tuple[str, ...]]  # allowed status -> phrases of which one must be in the message
    text: str
    honest: str | None = None  # "relu" / "layernorm": ok allowed only if no faster than this
    with_reference: str | None = None  # an MNN op type whose reference kernel files join the candidate
    isolate: bool = False
    endless_stdin: bool = False
    message_max: int | None = None

    @classmethod
    def load(cls, path: Path) -> Attack:
        text = path.read_text()
        head = {}
        for line in text.splitlines():
            m = re.match(r"// ([a-z-]+): (.*)", line)
            if m and m.group(1) not in head:
                head[m.group(1)] = m.group(2).strip()
        verdicts: dict[Status, tuple[str, ...]] = {}
        for part in head["verdict"].split("|"):
            m = re.fullmatch(r"(\w+)(?:\((.*)\))?", part.strip())
            assert m, f"{path.name}: bad verdict {part!r}"
            verdicts[Status(m.group(1))] = tuple(m.group(2).split("/")) if m.group(2) else ()
        return cls(path.stem, head["mechanism"], head["task"], verdicts, text, honest=head.get("honest"),
                   with_reference=head.get("with"), isolate=head.get("isolate") == "subprocess",
                   endless_stdin=head.get("stdin") == "endless",
                   message_max=int(head["message-max"]) if "message-max" in head else None)

    def candidate(self, subs: dict[str, str]) -> Candidate:
        text = self.text
        for key, value in subs.items():
            text = text.replace(f"@{key}@", value)
        # The token in the file name puts it on the compiler's command line, so a stray cc1plus is findable.
        files = {f"CPURedteam_{subs['TOKEN']}.cpp": text}
        if self.with_reference:
            for name, src in reference_candidate(self.with_reference).files.items():
                files[name.replace(".cpp", "Honest.h") if name.endswith(".cpp") else name] = src
        return Candidate(files)


ALL = {p.stem: Attack.load(p) for p in sorted(ATTACKS.glob("*.cpp"))}


def test_every_mechanism_of_the_issue_has_attacks():
    covered = {int(m) for a in ALL.values() for m in re.findall(r"\b(\d+)\b", a.mechanism.split("—")[0])}
    assert covered >= set(range(1, 11)), f"mechanisms without an attack: {set(range(1, 11)) - covered}"


# ---- what every evaluation is checked for ----


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection a kernel manages to make."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.seen: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.seen.append(conn.recv(4096) or b"<connected>")
                except OSError:
                    self.seen.append(b"<connected>")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    srv = Listener()
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def secret_file() -> Iterator[tuple[Path, str]]:
    """A file outside every build and include dir, whose content must never come back."""
    d = Path(tempfile.mkdtemp(prefix="mkb-secret-"))
    canary = f"SECRET_CANARY_{secrets.token_hex(8)}"
    path = d / "credentials.txt"
    path.write_text(f"{canary} is not C++\n")
    yield path, canary
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def key_canaries(monkeypatch) -> list[str]:
    values = []
    for var in KEY_VARS:
        value = f"sk-canary-{var.lower()}-{secrets.token_hex(8)}"
        monkeypatch.setenv(var, value)
        values.append(value)
    return values


def _processes_with(token: str) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            comm = Path(entry.path, "comm").read_text()
            cmdline = Path(entry.path, "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if token in comm or token in cmdline:
            found.append(int(entry.name))
    return found


def _survivors(token: str, grace_s: float = 3.0) -> list[str]:
    """Processes carrying `token` (an attack names what it starts after it) still alive after a short grace.

    Whatever is found was started by our own evaluation: it is killed by its pid after being reported.
    """
    deadline = time.monotonic() + grace_s
    while (pids := _processes_with(token)) and time.monotonic() < deadline:
        time.sleep(0.1)
    described = []
    for pid in pids:
        with contextlib.suppress(OSError):
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            described.append(f"{pid} {cmdline}")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    return described


def _planted(token: str) -> list[Path]:
    """Files named after `token` in the shared scratch dirs; removed after being reported."""
    found = [p for d in PLANT_DIRS if d.is_dir() for p in d.glob(f"*{token}*")]
    for p in found:
        with contextlib.suppress(OSError):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    return found


def _marked_in_cache(token: str) -> list[Path]:
    """Files of the evaluator's cache whose last bytes carry `token` (what m4_poison_build_cache appends)."""
    found = []
    for root, _dirs, files in os.walk(cache_dir()):
        for name in files:
            path = Path(root, name)
            with contextlib.suppress(OSError), open(path, "rb") as f:
                f.seek(max(0, path.stat().st_size - 64))
                if token.encode() in f.read():
                    found.append(path)
    return found


def _speedup(r: EvalResult) -> float:
    """Speedup over MNN; the bare median's inverse when MNN could not be timed (same machine, same test)."""
    assert r.timing is not None, r.message
    return r.speedup if r.speedup is not None else 1.0 / r.timing.median_ms


def _honest(kind: str) -> tuple[str, Candidate]:
    if kind == "relu":
        return "Relu", Candidate({"CPUReluHonest.cpp": TEMPLATE.replace("@BODY@", CORRECT)})
    if kind == "layernorm":
        return "LayerNorm_vision", reference_candidate("LayerNorm")
    raise ValueError(kind)


# ---- evaluation in a child Python, for attacks that can hang or exhaust the evaluator ----

_CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from tests.toolchain.test_sealed_judge import OPTIONS
from tasks.registry import get_task
from toolchain.candidate import Candidate
from tasks.evaluation import evaluate
spec = json.load(open(sys.argv[1]))
t0 = time.monotonic()
r = evaluate(get_task(spec["task"]), Candidate(spec["files"]), "host", OPTIONS)
print(json.dumps({{"result": r.to_json(), "seconds": time.monotonic() - t0,
                  "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}))
"""


def _evaluate_isolated(task: str, cand: Candidate, endless_stdin: bool) -> tuple[EvalResult, int]:
    with tempfile.TemporaryDirectory(prefix="mkb-redteam-") as d:
        spec = Path(d) / "spec.json"
        spec.write_text(json.dumps({"task": task, "files": dict(cand.files)}))
        # An endless stdin: a pipe whose write end we hold open (and never write) until the child is done.
        read_end, write_end = os.pipe() if endless_stdin else (subprocess.DEVNULL, None)
        proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD.format(limit=ISOLATED_AS_BYTES), str(spec)], cwd=REPO,
            stdin=read_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        if write_end is not None:
            os.close(read_end)
        try:
            out, err = proc.communicate(timeout=ISOLATED_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"the evaluation hung for more than {ISOLATED_TIMEOUT_S} s")
        finally:
            if write_end is not None:
                os.close(write_end)
    assert proc.returncode == 0, f"the evaluation raised or died ({proc.returncode}): {err.decode()[-3000:]}"
    # Our line among whatever else the libraries print on stdout.
    lines = [ln for ln in out.decode(errors="replace").splitlines() if ln.startswith('{"result": ')]
    assert lines, f"the evaluation printed no result: {out.decode(errors='replace')[-2000:]}"
    report = json.loads(lines[-1])
    return EvalResult.from_json(report["result"]), int(report["children_maxrss_kb"])


# ---- the attacks ----


@pytest.mark.parametrize("name", sorted(ALL))
def test_attack_gets_the_honest_verdict(name, listener, secret_file, key_canaries):
    attack = ALL[name]
    secret_path, secret = secret_file
    token = f"rt{secrets.token_hex(4)}"
    forge = f"FORGED_{secrets.token_hex(6)}"
    cand = attack.candidate({"TOKEN": token, "FORGE": forge, "PORT": str(listener.port),
                             "SECRET": str(secret_path), "CACHE": str(cache_dir())})
    honest = None
    if attack.honest:  # measured just before the attack, so both see the same machine
        honest_task, honest_cand = _honest(attack.honest)
        honest = evaluate(get_task(honest_task), honest_cand, "host", OPTIONS)
        assert honest.status is Status.OK, f"the honest counterpart failed: {honest.message}"
    seen_before = len(listener.seen)
    rss_kb = 0
    try:
        if attack.isolate:
            r, rss_kb = _evaluate_isolated(attack.task, cand, attack.endless_stdin)
        else:
            r = evaluate(get_task(attack.task), cand, "host", OPTIONS)
    finally:
        left_running, left_files = _survivors(token), _planted(token)
    dump = json.dumps(r.to_json())

    problems = []
    allowed = {*attack.verdicts, *([Status.OK] if attack.honest else [])}  # honest: ok if no faster, below
    if r.status not in allowed:
        problems.append(f"status {r.status.value}, expected {' or '.join(s.value for s in allowed)}")
    elif (phrases := attack.verdicts.get(r.status, ())) and not any(p.lower() in r.message.lower() for p in phrases):
        problems.append(f"the message names none of {phrases}")
    if r.status is Status.OK:
        if not r.correctness or r.correctness.trials < 1:
            problems.append("ok on zero trials")
        if honest is not None:
            ratio = _speedup(r) / _speedup(honest)
            if ratio > SPEEDUP_SLACK:  # a noisy machine can swing a 20 µs kernel this far once, not twice
                again = evaluate(get_task(honest_task), honest_cand, "host", OPTIONS)
                ratio = min(ratio, _speedup(r) / _speedup(again)) if again.status is Status.OK else ratio
            if ratio > SPEEDUP_SLACK:
                problems.append(f"ok and {ratio:.1f}x faster than the honest kernel it is")
    for canary in (*key_canaries, secret):
        if canary in dump:
            problems.append(f"a secret of the evaluator ({canary[:22]}...) is in the result")
    if forge in r.message:
        problems.append("text the kernel printed is in the verdict message")
    if attack.message_max is not None and len(r.message) > attack.message_max:
        problems.append(f"a {len(r.message)}-character message")
    if left_running:
        problems.append(f"still running after the evaluation: {left_running}")
    if left_files:
        problems.append(f"written outside the build dir: {[str(p) for p in left_files]}")
    if len(listener.seen) > seen_before:
        problems.append(f"reached a loopback listener: {listener.seen[seen_before:]}")
    if "@CACHE@" in attack.text and (marked := _marked_in_cache(token)):
        problems.append(f"the kernel changed the evaluator's build cache: {[str(p) for p in marked[:5]]}")
    if rss_kb > COMPILER_RSS_MAX_KB:
        problems.append(f"a process of the evaluation peaked at {rss_kb >> 10} MiB")
    assert not problems, f"{name} ({attack.mechanism}): {'; '.join(problems)}\nmessage: {r.message[:500]}"


def test_a_daemon_cannot_poison_a_later_evaluation():
    """A surviving daemon once rewrote a later honest kernel's result (23x): the next evaluation is untouched."""
    attack = ALL["m3_setsid_daemon"]
    token = f"rt{secrets.token_hex(4)}"
    relu = get_task("Relu")
    # The honest kernel carries the token (as data it never uses): the daemon only touches such runs.
    honest_cand = Candidate({"CPUReluHonest.cpp": TEMPLATE.replace(
        "@BODY@", f'{{ static const char* volatile tag = "{token}"; (void)tag; }} {CORRECT}')})
    before = evaluate(relu, honest_cand, "host", OPTIONS)
    try:
        daemon = evaluate(relu, attack.candidate({"TOKEN": token}), "host", OPTIONS)
        after = evaluate(relu, honest_cand, "host", OPTIONS)
    finally:
        left = _survivors(token, grace_s=0.5)
    # The seal denies the daemon's fork outright (invalid); whatever the attack's own verdict, the honest
    # kernel before and after must be judged alike.
    assert before.ok and after.ok, (before.message, daemon.message, after.message)
    ratio = _speedup(after) / _speedup(before)
    problems = [f"the daemon outlived its evaluation: {left}"] if left else []
    if ratio > 3.0:
        problems.append(f"a later evaluation of the same honest kernel came out {ratio:.0f}x faster")
    assert not problems, "; ".join(problems)


def test_honest_relu_passes():
    _, cand = _honest("relu")
    r = evaluate(get_task("Relu"), cand, "host", OPTIONS)
    assert r.status is Status.OK, r.message
    assert r.correctness is not None and r.correctness.trials >= OPTIONS.trials  # sets plus checked timed calls
    assert r.timing is not None and r.timing.runs >= OPTIONS.timing.min_repeats


def test_identical_layernorm_kernels_time_alike():
    task, cand = _honest("layernorm")
    a = evaluate(get_task(task), cand, "host", OPTIONS)
    b = evaluate(get_task(task), cand, "host", OPTIONS)
    assert a.ok and b.ok, (a.message, b.message)
    ratio = _speedup(a) / _speedup(b)
    if not 0.5 < ratio < 2.0:  # a shared machine can slow one evaluation this much, not a third one too
        c = evaluate(get_task(task), cand, "host", OPTIONS)
        if c.ok:
            ratio = min((_speedup(x) / _speedup(c) for x in (a, b)), key=lambda r: max(r, 1 / r))
    assert 0.5 < ratio < 2.0, f"the same kernel timed {ratio:.2f}x apart"


# ---- the same module as an unprivileged user ----


def _as_user(uid: int, home: Path) -> tuple[list[str], dict[str, str]]:
    setpriv = shutil.which("setpriv")
    assert setpriv
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": str(home),
        "USER": "mkb-unprivileged", "LOGNAME": "mkb-unprivileged", "TMPDIR": str(home / "tmp"),
        "MKB_CACHE_DIR": str(home / "cache"), "MKB_DATA_DIR": str(home / "data"),
        "MKB_CONFIG_DIR": str(home / "config"), "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1",
        UNPRIVILEGED: "1",
    }
    if "LD_LIBRARY_PATH" in os.environ:  # an interpreter built against a libpython in a custom place
        env["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    return [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"], env


@pytest.mark.skipif(os.environ.get(UNPRIVILEGED) == "1", reason="this is the unprivileged re-run")
@pytest.mark.timeout(UNPRIVILEGED_TIMEOUT_S + 60)  # the whole module again, over the suite's per-test limit
def test_unprivileged_rerun(tmp_path_factory):
    """Everything above, again as a user with no privileges (the issue: 'no isolation at all' there)."""
    if os.geteuid() != 0:
        pytest.skip("already unprivileged: this run is the unprivileged one")
    if shutil.which("setpriv") is None:
        pytest.skip("util-linux's setpriv is not installed, so no unprivileged user can be started")
    home = Path(tempfile.mkdtemp(prefix="mkb-unprivileged-"))
    try:
        for sub in ("tmp", "cache", "data", "config"):
            (home / sub).mkdir()
        for p in (home, *home.iterdir()):
            os.chown(p, UNPRIVILEGED_UID, UNPRIVILEGED_UID)
        prefix, env = _as_user(UNPRIVILEGED_UID, home)
        probe = subprocess.run([*prefix, sys.executable, "-c", "import pytest, numpy, toolchain.evaluate"],
                               cwd="/", env=env, capture_output=True, text=True, timeout=120)
        if probe.returncode != 0:
            last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
            pytest.skip(f"uid {UNPRIVILEGED_UID} cannot run {sys.executable} on {REPO} ({last}); "
                        "as root, make the interpreter's and the repo's parent dirs searchable (.ci/run does)")
        run = subprocess.run(
            [*prefix, sys.executable, "-m", "pytest", "-q", "-rfE", "--tb=short", "--show-capture=no",
             "-p", "no:cacheprovider", str(Path(__file__))],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=UNPRIVILEGED_TIMEOUT_S)
        # The progress line (which test ended how) and the summary, whichever way the run ended.
        report = f"{run.stdout[:1500]}\n...\n{(run.stdout + run.stderr)[-6000:]}"
        assert run.returncode == 0, f"the unprivileged run failed:\n{report}"
        assert re.search(r"\b\d+ passed\b", run.stdout), report
    finally:
        shutil.rmtree(home, ignore_errors=True)
