"""The adb target end to end against a loopback adb server: real adbutils, real protocol, real judge.

Kernels that must run are built for this machine and run natively on the fake phone (`tests/adb/native.py`:
qemu-user cannot seal an arm64 kernel); the arm64 cross build is run under qemu up to that refusal.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from screens.panes import phone_state
from tasks.evaluation import evaluate
from tasks.prepare import prepare
from tasks.registry import REFERENCE_KERNELS_DIR, get_task, reference_candidate
from tests.adb.fake_adb_server import FakeAdbServer, FakeDevice
from tests.adb.native import build_natively
from tests.agents.conftest import kernel_reply
from tests.agents.fake_llm import FakeLLM
from tests.conftest import REPO
from toolchain.adb.device import list_devices
from toolchain.candidate import Candidate
from toolchain.evaluate import EvalOptions
from toolchain.result import Status
from toolchain.runner import TimingPlan
from toolchain.sandbox import Limits
from toolchain.targets import TargetError, TargetSettings, resolve_target
from workbench.cli import main

pytestmark = pytest.mark.slow

TEMPLATE = (REPO / "tests" / "kernels" / "relu_template.cpp").read_text().replace(
    "#include <unistd.h>", "#include <unistd.h>\n#include <csignal>")
CORRECT = "for (int i = 0; i < n; ++i) dst[i] = src[i] > 0.f ? src[i] : 0.f;"
QUICK = EvalOptions(trials=2, timing=TimingPlan(warmup=1, min_repeats=3, min_time_ms=5), baseline=False)
SERIAL = "emulator-5554"


def relu(body: str = CORRECT) -> Candidate:
    return Candidate({"CPUReluAdversary.cpp": TEMPLATE.replace("@BODY@", body)})


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[FakeAdbServer]:
    with FakeAdbServer(workdir=tmp_path / "adb") as s:
        monkeypatch.setenv("ANDROID_ADB_SERVER_HOST", "127.0.0.1")
        monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(s.port))
        yield s


@pytest.fixture
def native(monkeypatch: pytest.MonkeyPatch) -> None:
    build_natively(monkeypatch)


def test_cli_eval_layernorm_on_the_phone(server: FakeAdbServer, native: None, monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    phone = server.add_device(SERIAL)
    monkeypatch.setenv("MKB_CONFIG_DIR", str(tmp_path))
    code = main(["eval", "LayerNorm_vision", str(REFERENCE_KERNELS_DIR / "LayerNorm"), "--target", "adb", "--json",
                 "--trials", "2", "--min-time-ms", "5"])
    r = json.loads(capsys.readouterr().out)
    assert code == 0 and r["status"] == "ok", r["message"]
    assert r["target"] == f"adb:{SERIAL}"
    judge = r["provenance"]["judge"]
    # Every input set, the timed calls the judge chose to check, and the one after timing: all verified.
    assert r["correctness"]["passed"] and r["correctness"]["trials"] == judge["checked_calls"] > len(judge["sets"])
    device = r["provenance"]["device"]
    assert device["emulated"] is True and device["abi"] == "arm64-v8a"
    assert device["pin_mask"] == "f0"  # the four 2.85 GHz cores of the fake phone, not its 1.8 GHz ones
    assert r["baseline"]["source"] == "reference" and r["baseline"]["mnn_native_ms"] > 0
    assert r["timing"]["runs"] >= 10 and "reference kernel" in r["message"]
    assert any("emulated device" in f for f in r["flags"])
    # Candidate, then the baseline in two halves around it: every run pinned (the judge's core and the
    # kernel's thread fit the four big ones), thermal state logged.
    assert phone.taskset_masks == ["f0", "f0", "f0"]
    assert all(run["before"]["temps_c"] and run["after"]["governors"] == ["schedutil"] for run in device["runs"])


def test_arm64_phone_under_qemu_user_is_refused(server: FakeAdbServer, tmp_path: Path) -> None:
    """The real cross build: the arm64 judge and kernel host start under qemu-user, the judge creates and
    seals the channel, the host maps it, and then cannot install its seccomp filter (qemu-user has none).
    The kernel never runs unsealed: the phone is refused, and the kernel is not blamed."""
    phone = server.add_device(SERIAL)
    kernel = tmp_path / "CPUReluAdversary.cpp"
    kernel.write_text(relu().files["CPUReluAdversary.cpp"])
    proc = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "eval", "Relu", str(kernel), "--target", "adb", "--json",
         "--trials", "2", "--min-time-ms", "5"], cwd=REPO, env=_config(tmp_path), capture_output=True, text=True,
        timeout=600)
    r = json.loads(proc.stdout)
    assert r["status"] == "toolchain_error", (r["message"], proc.stderr[-2000:])
    assert r["message"] == (f"device {SERIAL} cannot sandbox a kernel: seccomp failed: Function not implemented "
                            "(its Linux has no seccomp filters, or it runs programs under qemu-user, which cannot "
                            "install them)")
    assert "aarch64" in r["provenance"]["compiler"]
    assert phone.taskset_masks  # the judge did start on the phone
    assert [d.name for d in (phone.root / "data" / "local" / "tmp" / "mkb").iterdir()] == ["cache"]  # run dirs gone


def test_unchanged_files_are_not_pushed_again(server: FakeAdbServer, native: None) -> None:
    server.add_device(SERIAL)
    target = resolve_target("adb")
    options = replace(QUICK, seeds=(1, 2))
    for _ in range(2):
        r = evaluate(get_task("Relu"), relu(), target, options)
        assert r.status is Status.OK, r.message
    first, second = target.device["runs"]
    assert {"judge", "kernel", "run.json", "plan.txt", "set_0_0.bin", "set_1_0.bin"} <= set(first["pushed"])
    # The plan changes every time (its seed is fresh); the judge, the kernel and the seeded sets do not.
    assert "plan.txt" in second["pushed"] and not {"judge", "kernel", "run.json", "set_0_0.bin"} & set(second["pushed"])
    assert second["reused"] >= 4


@pytest.mark.parametrize(("body", "status", "phrase"), [
    ("kill(getpid(), SIGKILL);", Status.RUNTIME_ERROR, "killed by SIGKILL"),
    ("*(volatile int*)nullptr = 1;", Status.RUNTIME_ERROR, "SIGSEGV"),
    ("for (volatile int spin = 0;; spin = spin + 1) {}", Status.TIMEOUT, "did not finish"),
    (CORRECT + " dst[n + 3] = 1.f;", Status.INVALID, "output"),
], ids=["killed", "segfault", "timeout", "out_of_bounds"])
def test_kernel_failures_on_the_phone(server: FakeAdbServer, native: None, body: str, status: Status,
                                     phrase: str) -> None:
    server.add_device(SERIAL)
    r = evaluate(get_task("Relu"), relu(body), "adb", replace(QUICK, timing=None, limits=Limits(wall_s=3)))
    assert r.status is status and phrase in r.message, r.message


def test_no_adb_server(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeAdbServer() as s:
        port = s.port  # a port that just stopped listening
    monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(port))
    with pytest.raises(TargetError, match=f"no adb server is listening at 127.0.0.1:{port}"):
        resolve_target("adb")


@pytest.mark.parametrize(("state", "spec", "phrase"), [
    (None, "adb", "no Android device is connected"),
    (None, "adb:R5CT30", "device R5CT30 is not connected"),
    ("unauthorized", "adb", "is unauthorized: unlock it"),
    ("offline", "adb:R5CT30", "is offline"),
])
def test_device_not_usable(server: FakeAdbServer, state: str | None, spec: str, phrase: str) -> None:
    if state:
        server.add_device("R5CT30", state=state)
    r = evaluate(get_task("Relu"), relu(), spec, QUICK)
    assert r.status is Status.TOOLCHAIN_ERROR and phrase in r.message, r.message


def test_device_states_are_listed(server: FakeAdbServer) -> None:
    server.add_device(SERIAL)
    server.add_device("R5CT30", state="unauthorized")
    server.add_device("0A1B", state="offline")
    assert [(d.serial, d.state) for d in list_devices()] == [
        (SERIAL, "ready"), ("R5CT30", "unauthorized"), ("0A1B", "offline")]


def test_device_gone_mid_run(server: FakeAdbServer) -> None:
    server.add_device(SERIAL, vanish_on="./kernel")
    r = evaluate(get_task("Relu"), relu(), "adb", QUICK)
    assert r.status is Status.TOOLCHAIN_ERROR, r.message
    assert r.message == f"device {SERIAL} disconnected while running the kernel"


def test_push_refused(server: FakeAdbServer) -> None:
    server.add_device(SERIAL, refuse_push="couldn't create file: No space left on device")
    r = evaluate(get_task("Relu"), relu(), "adb", QUICK)
    assert r.status is Status.TOOLCHAIN_ERROR, r.message
    assert f"device {SERIAL} refused the push of kernel" in r.message and "No space left" in r.message


def test_device_too_hot(server: FakeAdbServer, monkeypatch: pytest.MonkeyPatch) -> None:
    server.add_device(SERIAL, temp_mc=88_000)
    monkeypatch.setenv("MKB_ADB_COOLDOWN_S", "1")
    r = evaluate(get_task("Relu"), relu(), "adb", QUICK)
    assert r.status is Status.TOOLCHAIN_ERROR, r.message
    assert "is too hot to time on: cpu-0-0-usr is at 88 °C after 1 s of cooling down (limit 60 °C)" in r.message


def test_cools_down_before_timing(server: FakeAdbServer, native: None, monkeypatch: pytest.MonkeyPatch) -> None:
    phone = server.add_device(SERIAL, temp_mc=75_000)
    monkeypatch.setenv("MKB_ADB_COOLDOWN_S", "30")
    threading.Timer(2.5, phone.set_temperature, (45_000,)).start()
    target = resolve_target("adb")
    r = evaluate(get_task("Relu"), relu(), target, QUICK)
    assert r.status is Status.OK, r.message
    run = target.device["runs"][-1]
    assert run["cooldown_s"] >= 2 and run["before"]["temps_c"]["cpu-0-0-usr"] == 45.0


def test_a_phone_that_heats_up_while_timing_is_seen_during_the_run(server: FakeAdbServer, native: None) -> None:
    phone = server.add_device(SERIAL)
    target = resolve_target("adb")
    said: list[str] = []

    def throttle() -> None:
        phone.set_temperature(66_000)
        phone.set_big_clock(1_200_000)

    timer = threading.Timer(1.5, throttle)
    timer.start()
    long = replace(QUICK, timing=TimingPlan(warmup=1, min_repeats=3, min_time_ms=3500))
    target.runner.progress = said.append  # as the workbench's target pool hands it its progress line
    r = evaluate(get_task("Relu"), relu(), target, long)
    timer.cancel()
    assert r.status is Status.OK, r.message
    run = target.device["runs"][-1]
    temps = [max(s["temps_c"].values()) for s in run["during"]]
    assert run["before"]["temps_c"]["cpu-0-0-usr"] == 41.0 and temps[0] == 41.0 and 66.0 in temps, run["during"]
    assert f"running on {SERIAL}: cpu-0-0-usr 66 °C, fastest core 1.80 GHz" in said  # live, as it happened
    state = phone_state(r)
    assert state is not None and "THROTTLED" in state.plain and "during 66 °C, 1.80 GHz" in state.plain


@pytest.mark.skipif(shutil.which("adb") is None, reason="the adb client is not installed (apt-get install adb)")
def test_real_adb_client_talks_to_the_fake_server(server: FakeAdbServer) -> None:
    server.add_device(SERIAL)
    server.add_device("R5CT30", state="unauthorized")
    adb = ["adb", "-P", str(server.port)]
    devices = subprocess.run([*adb, "devices"], capture_output=True, text=True, timeout=30)
    assert f"{SERIAL}\tdevice" in devices.stdout and "R5CT30\tunauthorized" in devices.stdout, devices
    prop = subprocess.run([*adb, "-s", SERIAL, "shell", "getprop", "ro.product.cpu.abi"], capture_output=True,
                          text=True, timeout=30)
    assert prop.stdout.strip() == "arm64-v8a", prop


# --- MNN's own kernel as the baseline (MNNV2Basic.out), and `mkb check` / `mkb agent` on the phone ---------

STAND_IN = REPO / "tests" / "adb" / "mnn_stand_in"  # a labelled stand-in for MNN's Android build: no MNN in it


def _config(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment of an `mkb` subprocess whose config file holds `settings`."""
    cfg = tmp_path / "config"
    cfg.mkdir(exist_ok=True)
    (cfg / "config.toml").write_text("".join(f'{k} = "{v}"\n' for k, v in settings.items()))
    return {**os.environ, "PYTHONPATH": str(REPO), "MKB_CONFIG_DIR": str(cfg)}


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    with FakeLLM() as srv:
        yield srv


def _mnn_calls(phone: FakeDevice) -> list[list[str]]:
    log = phone.root / "mnn_calls.log"
    return [line.split() for line in log.read_text().splitlines()] if log.exists() else []


def test_cli_eval_times_mnn_from_the_config(server: FakeAdbServer, native: None, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    phone = server.add_device(SERIAL)
    monkeypatch.setenv("MKB_CONFIG_DIR", _config(tmp_path, mnn_android=str(STAND_IN))["MKB_CONFIG_DIR"])
    kernel = tmp_path / "CPUReluAdversary.cpp"
    kernel.write_text(relu().files["CPUReluAdversary.cpp"])
    code = main(["eval", "Relu", str(kernel), "--target", "adb", "--json", "--trials", "2", "--min-time-ms", "5"])
    r = json.loads(capsys.readouterr().out)
    assert code == 0 and r["status"] == "ok", r["message"]
    baseline = r["baseline"]
    # The stand-in prints two ops per call, 0.05 + 0.2 ms: the baseline is their sum, from every tool run.
    assert baseline["source"] == "mnn" and baseline["mnn_native_ms"] == pytest.approx(0.25), baseline
    assert baseline["timing"]["runs"] == 10 and "vs MNN 0.25 ms" in r["message"]
    device = r["provenance"]["device"]
    assert device["baseline"]["tool"] == "MNNV2Basic.out" and device["baseline"]["libs"] == ["libMNN.so"]
    shape = "x".join(map(str, prepare(get_task("Relu")).inputs[0].shape))
    calls = _mnn_calls(phone)
    # A probe of 10 loops, then per half a discarded warm-up run and five timed ones: one thread, fp32,
    # the model's own input shape; every run pinned to the big cores, like the candidate's.
    assert len(calls) == 1 + 2 * 6 and {(c[1], c[2], c[3]) for c in calls} == {("1", shape, "1")}
    assert calls[0][0] == "10" and phone.taskset_masks == ["f0"] * 14


def test_mnn_build_is_pushed_once(server: FakeAdbServer, native: None) -> None:
    server.add_device(SERIAL)
    target = resolve_target("adb", settings=TargetSettings(mnn_android=str(STAND_IN)))
    options = replace(QUICK, baseline=True, seeds=(1, 2))
    for _ in range(2):
        r = evaluate(get_task("Relu"), relu(), target, options)
        assert r.status is Status.OK and r.baseline.source == "mnn", r.message
    mnn_runs = [run for run in target.device["runs"] if run["kernel"].startswith("MNN ")]
    assert set(mnn_runs[0]["pushed"]) == {"libMNN.so", "MNNV2Basic.out", "model.mnn", "input_0.txt"}
    assert all(run["pushed"] == [] for run in mnn_runs[1:]) and len(mnn_runs) == 6


def test_mnn_tool_that_times_nothing(server: FakeAdbServer, native: None, tmp_path: Path) -> None:
    """MNN's tool exits 0 even when it cannot open the model: no op lines is a failed baseline, not a zero."""
    server.add_device(SERIAL)
    build = tmp_path / "mnn"
    build.mkdir()
    shutil.copy(STAND_IN / "libMNN.so", build)
    (build / "MNNV2Basic.out").write_text('#!/bin/sh\necho "Open Model $1"\n')
    target = resolve_target("adb", settings=TargetSettings(mnn_android=str(build)))
    r = evaluate(get_task("Relu"), relu(), target, replace(QUICK, baseline=True))
    assert r.status is Status.OK and r.baseline.mnn_native_ms is None, r.message
    assert r.baseline.note == f"MNN's MNNV2Basic.out failed on {SERIAL} (exit status 0): Open Model model.mnn"


def test_mnn_android_that_is_not_a_build(server: FakeAdbServer, tmp_path: Path) -> None:
    server.add_device(SERIAL)
    with pytest.raises(TargetError, match=r"^mnn_android \(.*\) has no libMNN.so or MNNV2Basic.out: point it at"):
        resolve_target("adb", settings=TargetSettings(mnn_android=str(tmp_path)))


def test_cli_check_on_the_phone(server: FakeAdbServer, native: None, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    server.add_device(SERIAL)
    monkeypatch.setenv("MKB_CONFIG_DIR", _config(tmp_path)["MKB_CONFIG_DIR"])
    code = main(["check", "Relu", "--target", "adb", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["target"] == f"adb:{SERIAL}", out
    assert [(t["task"], t["state"]) for t in out["tasks"]] == [("Relu", "ok")], out


def test_cli_check_without_a_phone(server: FakeAdbServer, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "workbench.cli", "check", "Relu", "--target", "adb:R5CT30"],
                          cwd=REPO, env=_config(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (f"mkb: device R5CT30 is not connected to the adb server at 127.0.0.1:{server.port} "
                                   "(connected: none)")


def test_cli_agent_on_the_phone(server: FakeAdbServer, native: None, llm: FakeLLM, monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    phone = server.add_device(SERIAL)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("MKB_CONFIG_DIR", str(tmp_path))
    llm.push(kernel_reply("plain"))
    code = main(["agent", "LayerNorm_vision", "--provider", "openai", "--base-url", llm.openai_url,
                 "--model", "any", "--iterations", "1", "--target", "adb", "--trials", "2", "--min-time-ms", "5"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"target  adb:{SERIAL} Google Pixel 7" in out
    assert [ln for ln in out.splitlines() if "evaluate" in ln and " ok " in ln], out
    assert phone.taskset_masks  # the kernel ran on the phone, not on this machine


def test_cli_agent_without_a_phone_spends_no_tokens(server: FakeAdbServer, llm: FakeLLM,
                                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("MKB_CONFIG_DIR", str(tmp_path))
    code = main(["agent", "LayerNorm_vision", "--provider", "openai", "--base-url", llm.openai_url,
                 "--model", "any", "--target", "adb"])
    assert code == 2 and llm.received == []
    assert capsys.readouterr().err.strip() == (f"mkb: no Android device is connected to the adb server at "
                                               f"127.0.0.1:{server.port}")


def test_phone_sessions_record_their_target(server: FakeAdbServer, llm: FakeLLM, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    """Both faces write the header through one recorder: the phone evaluated on, and the tool versions."""
    from sessions.store import load_session
    from workbench.config import Config
    from workbench.controller import Controller

    build_natively(monkeypatch)  # qemu-user cannot seal an arm64 kernel: the fake phone runs a native build
    server.add_device(SERIAL)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("MKB_CONFIG_DIR", str(tmp_path))
    llm.push(kernel_reply("plain"))
    agent_session = tmp_path / "agent.jsonl"
    assert main(["agent", "LayerNorm_vision", "--provider", "openai", "--base-url", llm.openai_url, "--model", "any",
                 "--iterations", "1", "--target", "adb", "--trials", "2", "--min-time-ms", "5",
                 "--session", str(agent_session)]) == 0
    # The TUI's F5, through its controller, with the phone chosen in the config it hands down.
    ctl = Controller.for_task("LayerNorm_vision", Config(target="adb", min_time_ms=5.0))
    ctl.session_path = tmp_path / "f5.jsonl"
    it = ctl.evaluate(reference_candidate("LayerNorm").files)
    ctl.close()
    assert it is not None and it.result is not None and it.result.target == f"adb:{SERIAL}", it
    for path in (agent_session, tmp_path / "f5.jsonl"):
        header = load_session(path).header
        assert header.target == f"adb:{SERIAL}", path
        assert {"mkb", "MNN", "onnxruntime"} <= set(header.tool_versions), path
