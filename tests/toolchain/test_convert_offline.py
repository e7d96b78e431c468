"""Converting a task with MNN's converter makes no pip call and opens no network connection.

Checked at the C level: a shim preloaded into the converter's process records every connect(),
execve() and posix_spawn() — pip would be an exec, telemetry a connect.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tasks.prepare import prepare
from tasks.registry import get_task

SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static void record(const char* what, const char* detail) {
    const char* log = getenv("MKB_SHIM_LOG");
    if (!log) return;
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) return;
    dprintf(fd, "%s %s\n", what, detail ? detail : "");
    close(fd);
}
int connect(int s, const struct sockaddr* a, socklen_t l) {
    record("connect", a && a->sa_family == AF_UNIX ? "unix" : "inet");
    int (*real)(int, const struct sockaddr*, socklen_t) = dlsym(RTLD_NEXT, "connect");
    return real(s, a, l);
}
int execve(const char* p, char* const argv[], char* const envp[]) {
    record("execve", p);
    int (*real)(const char*, char* const[], char* const[]) = dlsym(RTLD_NEXT, "execve");
    return real(p, argv, envp);
}
int posix_spawn(pid_t* pid, const char* p, const posix_spawn_file_actions_t* fa, const posix_spawnattr_t* at,
                char* const argv[], char* const envp[]) {
    record("posix_spawn", p);
    int (*real)(pid_t*, const char*, const posix_spawn_file_actions_t*, const posix_spawnattr_t*,
                char* const[], char* const[]) = dlsym(RTLD_NEXT, "posix_spawn");
    return real(pid, p, fa, at, argv, envp);
}
"""


@pytest.fixture(scope="module")
def shim(tmp_path_factory):
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.fail("no C compiler for the network shim")
    d = tmp_path_factory.mktemp("shim")
    (d / "shim.c").write_text(SHIM)
    subprocess.run([cc, "-shared", "-fPIC", "-O1", str(d / "shim.c"), "-o", str(d / "shim.so"), "-ldl"], check=True)
    return d / "shim.so"


def test_shim_sees_a_connection(shim, tmp_path):
    """The shim itself works: a plain socket connect is recorded (else the next test proves nothing)."""
    log = tmp_path / "log"
    code = "import socket; s=socket.socket(); s.settimeout(0.2)\ntry: s.connect(('127.0.0.1', 9))\nexcept OSError: pass"
    subprocess.run([sys.executable, "-c", code], env={**os.environ, "LD_PRELOAD": str(shim),
                                                       "MKB_SHIM_LOG": str(log)}, check=True)
    assert "connect inet" in log.read_text()


def test_conversion_is_offline(shim, tmp_path, monkeypatch):
    log = tmp_path / "log"
    monkeypatch.setenv("MKB_CACHE_DIR", str(tmp_path / "cache"))  # a cold cache: really convert
    monkeypatch.setenv("LD_PRELOAD", str(shim))
    monkeypatch.setenv("MKB_SHIM_LOG", str(log))
    from tasks.mnn_convert import convert

    task = get_task("Relu")
    onnx_path = prepare(task).onnx_path
    out = tmp_path / "again"
    out.mkdir()
    convert(onnx_path, out / "m.mnn", out / "m.json")
    assert (out / "m.json").exists()
    events = log.read_text().splitlines() if log.exists() else []
    # The only exec allowed is our own interpreter starting the converter child.
    foreign = [e for e in events if not (e.startswith(("execve", "posix_spawn")) and "python" in e)]
    assert foreign == [], foreign
    assert not any("pip" in e for e in events)


def test_converter_child_refuses_sockets():
    """Defence in depth: the converter child's audit hook refuses Python-level network and subprocesses."""
    code = ("import sys, socket; from tasks.mnn_convert import _fence; sys.addaudithook(_fence)\n"
            "try:\n socket.create_connection(('127.0.0.1', 9), timeout=0.2)\nexcept PermissionError: print('refused')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "refused"
