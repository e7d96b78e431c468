"""The clean-room headers (`toolchain/include/`) against MNN 3.6.1's own, from its source tarball.

(a) every reference kernel compiles, with MNN's flags for its CPU files, against both header sets;
(b) every declaration our headers give a kernel exists in MNN's with the same signature, const-ness and
    return type (tree-sitter over the preprocessed headers, for x86 and, with a cross compiler, arm64);
(c) what the declarations cannot show: Vec's lane semantics and the flatbuffers API, by programs built
    against both.
Without the tarball every test here skips, saying where it looked."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tasks.registry import REFERENCE_KERNELS_DIR, reference_candidate
from tests.toolchain.cpp_decls import declarations, declared_macros, macros, preprocess
from tests.toolchain.mnn_tree import mnn_includes, mnn_root
from toolchain.builder import API_INCLUDE, KERNEL_SUBDIR, MNN_CPU_FLAGS, host_toolchain, mnn_cpu_flags

KERNELS = sorted(p.name for p in REFERENCE_KERNELS_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))
HEADERS = sorted(str(p.relative_to(API_INCLUDE)) for p in API_INCLUDE.rglob("*") if p.suffix in (".h", ".hpp"))
# The JSON-backed flatbuffers emulation cannot match flatbuffers' template machinery line by line; the
# part a kernel uses (Vector, String, EnumName*) is checked by use in test_flatbuffers_api_behaves_alike.
EMULATION = "flatbuffers/flatbuffers.h"
# The schema emulation's X-macro plumbing: expands to MNN's enums and tables, never used by a kernel.
EMULATION_MACROS = ("MNN_ENUM_", "MNN_DEFINE_ENUM", "FLATBUFFERS_ENUM_", "MNN_SUPPORTED_OP_PARAMETERS",
                    "MNN_OP_MAIN_AS_")
CXX = host_toolchain().cxx
ARM_CXX = shutil.which("aarch64-linux-gnu-g++")


def _syntax(cxx: str, flags: list[str], includes: list[str], files: dict[str, str]) -> str:
    """Compile each source as MNN would hold it (source/backend/cpu/), syntax only; the errors, if any."""
    with tempfile.TemporaryDirectory(prefix="mkb-hdr-") as tmp:
        folder = Path(tmp) / KERNEL_SUBDIR
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
        errors = []
        for name in files:
            if name.endswith(".cpp"):
                proc = subprocess.run([cxx, *flags, "-fsyntax-only", f"-I{folder}", f"-I{tmp}", *includes,
                                       str(folder / name)], capture_output=True, text=True, timeout=300)
                if proc.returncode != 0:
                    errors += [ln for ln in proc.stderr.splitlines() if "error" in ln][:5] or [proc.stderr[-500:]]
        return "\n".join(errors)


@pytest.mark.parametrize("kernel", KERNELS)
def test_reference_kernel_compiles_against_both_header_sets(kernel):
    root = mnn_root()
    files = dict(reference_candidate(kernel).files)
    # Ours, with exactly the flags a candidate gets (MNN's), but without the standard prelude: MNN has none.
    ours_flags = [f for f in host_toolchain().flags if not f.startswith("-fdiagnostics")]
    ours = _syntax(CXX, ours_flags, [f"-I{API_INCLUDE}"], files)
    assert not ours, f"{kernel} does not compile against toolchain/include/:\n{ours}"
    real = _syntax(CXX, list(mnn_cpu_flags()), mnn_includes(root), files)
    assert not real, f"{kernel} does not compile against MNN 3.6.1's headers:\n{real}"


def _drift(cxx: str, flags: list[str], include_dir: Path, root: Path) -> list[str]:
    ours = [d for d in declarations(preprocess(cxx, flags, [f"-I{include_dir}"], HEADERS, include_dir))
            if not d.file.endswith(EMULATION)]
    real = {d.key for d in declarations(preprocess(cxx, flags, mnn_includes(root), HEADERS, root))}
    problems, seen = [], set()
    for d in ours:
        if d.key not in real and d.key not in seen:
            seen.add(d.key)
            problems.append(f"{Path(d.file).relative_to(include_dir.resolve())}:{d.line}: {d.key}")
    # MNN's CMake passes -DMNN_USE_SSE on x86 (our Macro.h defines it from the compiler's own macros too).
    real_macros = {"MNN_USE_SSE": -1, **macros(cxx, flags, mnn_includes(root), HEADERS)}
    for h in HEADERS:  # a macro MNN defines only on the other ISA still counts, by its own #define
        real_file = next((root / d / h for d in ("include", "source", "schema/current",
                                                 "3rd_party/flatbuffers/include") if (root / d / h).is_file()), None)
        if real_file is not None:
            for name, n, _ in declared_macros(real_file):
                real_macros.setdefault(name, n)
    for h in HEADERS:
        for name, n, line in declared_macros(include_dir / h):
            if name.startswith(EMULATION_MACROS):
                continue
            if real_macros.get(name, -2) != n:
                problems.append(f"{h}:{line}: macro {name} ({n} parameters; MNN: {real_macros.get(name, 'none')})")
    return problems


def test_declarations_match_mnn_x86():
    root = mnn_root()
    problems = _drift(CXX, list(mnn_cpu_flags()), API_INCLUDE, root)
    assert not problems, "declared here but not so in MNN 3.6.1:\n" + "\n".join(problems)


def test_declarations_match_mnn_arm64():
    root = mnn_root()
    if ARM_CXX is None:
        pytest.skip("no aarch64-linux-gnu-g++ to preprocess the NEON branches with")
    problems = _drift(ARM_CXX, list(MNN_CPU_FLAGS), API_INCLUDE, root)
    assert not problems, "declared here but not so in MNN 3.6.1 (arm64):\n" + "\n".join(problems)


def test_declaration_check_sees_drift(tmp_path):
    """The comparison is not vacuous: each drift the issue named, put back, is reported."""
    root = mnn_root()
    shutil.copytree(API_INCLUDE, tmp_path / "include")
    vec = tmp_path / "include" / "math" / "Vec.hpp"
    text = vec.read_text()
    assert "    float operator[](size_t i) {\n        float lanes[4];" in text
    vec.write_text(text.replace("    float operator[](size_t i) {\n        float lanes[4];",
                                "    float operator[](size_t i) const {\n        float lanes[4];"))
    cpu = tmp_path / "include" / "backend" / "cpu" / "CPUBackend.hpp"
    cpu.write_text(cpu.read_text().replace("static DataType getDataType(const Tensor* tensor);",
                                           "static DataType getDataType(const Tensor* tensor, bool quant);"))
    problems = "\n".join(_drift(CXX, list(mnn_cpu_flags()), tmp_path / "include", root))
    assert "Vec<float,4>::float operator[](size_t)const" in problems
    assert "getDataType(const Tensor*,bool)" in problems


VEC_PROBE = r"""
#include "math/Vec.hpp"
#include <stdio.h>
#include <stdint.h>
using Vec4 = MNN::Math::Vec<float, 4>;
using Vec4i = MNN::Math::Vec<int32_t, 4>;
using Vec8 = MNN::Math::Vec<float, 8>;
static void show(const char* what, Vec4 v) { int32_t b[4]; Vec4::save(b, v); float f[4]; Vec4::save(f, v);
    printf("%s %08x %08x %08x %08x | %g %g %g %g\n", what, b[0], b[1], b[2], b[3], f[0], f[1], f[2], f[3]); }
int main() {
    const float a[8] = {-1.f, 0.f, 2.5f, -0.f, 3.f, -7.f, 1e-3f, 8.f}, b[4] = {1.f, -0.f, 2.5f, 0.f};
    Vec4 x = Vec4::load(a), y = Vec4::load(b);
    show("eq", x == y); show("lt", x < y); show("le", x <= y); show("gt", x > y); show("ge", x >= y);
    show("neg", -x); show("bcast", Vec4::broadcast(a + 2)); show("splat", Vec4(a[2]));
    show("max", Vec4::max(x, y)); show("min", Vec4::min(x, y)); show("fma", Vec4::fma(x, y, y));
    show("fms", Vec4::fms(x, y, y)); show("mul", x * 3.f); Vec4 acc = x; acc += y; acc -= x * y; show("acc", acc);
    printf("idx %g %g %g %g\n", x[0], x[1], x[2], x[3]);
    Vec4 r0 = Vec4::load(a), r1 = Vec4::load(a + 4), r2 = y, r3 = x * y;
    Vec4::transpose4(r0, r1, r2, r3); show("t0", r0); show("t1", r1); show("t2", r2); show("t3", r3);
    const int32_t ia[4] = {1, -2, 3, 40000}; int32_t io[4];
    Vec4i p = Vec4i::load(ia), q = Vec4i(-2);
    Vec4i::save(io, p * p); printf("imul %d %d %d %d\n", io[0], io[1], io[2], io[3]);
    Vec4i::save(io, p < q); printf("ilt %d %d %d %d\n", io[0], io[1], io[2], io[3]);
    Vec4i::save(io, p >= q); printf("ige %d %d %d %d\n", io[0], io[1], io[2], io[3]);
    Vec4i::save(io, Vec4i::max(p, q)); printf("imax %d %d %d %d\n", io[0], io[1], io[2], io[3]);
    Vec4i::save(io, -p); printf("ineg %d %d %d %d\n", io[0], io[1], io[2], io[3]);
    Vec4i::save(io, Vec4i::broadcast(ia + 1)); printf("ibcast %d %d %d %d\n", io[0], io[1], io[2], io[3]);
    printf("iidx %g %g\n", p[0], p[1]);
    Vec8 w = Vec8::load(a), z = Vec8(2.f); float o8[8]; Vec8::save(o8, (w < z) + (-w) * 2.f);
    for (float f : o8) printf("%g ", f);
    printf("\n");
    return 0;
}
"""


def _run_probe(source: str, includes: list[str], tmp: Path, name: str) -> str:
    src = tmp / f"{name}.cpp"
    src.write_text(source)
    exe = tmp / name
    subprocess.run([CXX, *mnn_cpu_flags(), *includes, str(src), "-o", str(exe)], check=True,
                   capture_output=True, text=True, timeout=300)
    return subprocess.run([str(exe)], check=True, capture_output=True, text=True, timeout=60).stdout


def test_vec_computes_as_mnn(tmp_path):
    """Lane by lane, bit for bit: comparisons (integer 1 lanes, SSE's integer `==`/`<`), negation, the
    SSE broadcast that fills lane 0 only, transpose, Vec4i through float, the generic Vec<float, 8>."""
    root = mnn_root()
    ours = _run_probe(VEC_PROBE, [f"-I{API_INCLUDE}"], tmp_path, "ours")
    real = _run_probe(VEC_PROBE, mnn_includes(root), tmp_path, "real")
    assert ours == real


FLATBUFFERS_PROBE = r"""
#include "MNN_generated.h"
#include <string>
#include <type_traits>
using namespace MNN;
template <typename A, typename B> struct same { static_assert(std::is_same<A, B>::value, "type differs"); };
void probe(const Op* op) {
    const flatbuffers::Vector<int32_t>* v = op->main_as_Reshape()->dims();
    same<decltype(v->size()), flatbuffers::uoffset_t>(); same<decltype(v->Length()), flatbuffers::uoffset_t>();
    same<decltype(v->Get(0)), int32_t>(); same<decltype((*v)[0]), int32_t>();
    same<decltype(v->data()), const int32_t*>();
    int sum = 0;
    for (auto x : *v) sum += x;
    const flatbuffers::String* s = op->name();
    same<decltype(s->c_str()), const char*>(); same<decltype(s->str()), std::string>();
    same<decltype(s->size()), flatbuffers::uoffset_t>();
    same<decltype(op->type()), OpType>(); same<decltype(op->main_type()), OpParameter>();
    same<decltype(EnumNameOpType(OpType_Softmax)), const char*>();
    same<decltype(op->main_as_Axis()), const Axis*>();
    same<decltype(op->main_as_Convolution2D()->common()), const Convolution2DCommon*>();
    same<decltype(op->main_as_Convolution2D()->common()->padMode()), PadMode>();
    (void)sum;
}
"""


def test_flatbuffers_api_behaves_alike(tmp_path):
    """What a kernel does with op parameters types the same against the emulation and real flatbuffers."""
    root = mnn_root()
    src = tmp_path / "probe.cpp"
    src.write_text(FLATBUFFERS_PROBE)
    for includes in ([f"-I{API_INCLUDE}"], mnn_includes(root)):
        proc = subprocess.run([CXX, *mnn_cpu_flags(), "-fsyntax-only", *includes, str(src)], capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-1500:]


def test_tarball_absent_is_a_skip(monkeypatch, tmp_path):
    monkeypatch.setenv("MKB_MNN_TARBALL", str(tmp_path / "nowhere.tar.xz"))
    with pytest.raises(pytest.skip.Exception, match=r"nowhere\.tar\.xz"):
        mnn_root()

