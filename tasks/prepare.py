"""Preparing a task: PyTorch module → ONNX → filters → MNN model and its JSON → the op the kernel implements.

Everything here is cached by the task file's content hash (and the versions of the tools that made it)
in the user cache dir, so only the first use of a task imports torch. The result, `PreparedTask`, is
all that evaluation needs: the ONNX model (references come from onnxruntime), the MNN model (the
baseline), and the MNN op the candidate must implement with its inputs resolved.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tasks.domains import draw_verification
from tasks.inputs import InputSpec, draw_numpy, draw_torch
from tasks.mnn_convert import ConvertError, convert
from tasks.task import Task, TaskError
from toolchain.cache import cache_dir
from toolchain.candidate import Candidate
from toolchain.problem import OpInput, TensorSpec, to_layout, tool_version

PREPARE_VERSION = "2"  # bump when what this module writes changes
OPSET = 20
PARAM_SEED = 20240917  # fixed: randomised constant-initialised parameters are the same for everyone
CHECK_SEED = 1234
# MNN's graph ops that only move data between layouts or feed constants; never the op under test.
_PLUMBING = ("Input", "Const", "ConvertTensor")
# What MNN runs in place of ONNX dtypes it does not carry (int64 indices, bools) — see mnn-notes.
KERNEL_DTYPE = {"int64": "int32", "bool": "int32", "float64": "float32"}
_MNN_DTYPES = {"DT_FLOAT": "float32", "DT_INT32": "int32", "DT_INT64": "int32", "DT_UINT8": "uint8",
               "DT_INT8": "int8", "DT_BOOL": "int32", "DT_HALF": "float16"}


class PrepareError(TaskError):
    """Our side could not prepare the task (export or conversion failed)."""


@dataclass(frozen=True)
class FilterResult:
    passed: bool
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "detail": self.detail}


@dataclass(frozen=True)
class PreparedTask:
    task: Task
    dir: Path
    inputs: tuple[InputSpec, ...]  # the graph inputs, named as in the ONNX model
    outputs: tuple[TensorSpec, ...]  # the graph outputs, as the kernel writes them
    mnn_ops: tuple[str, ...]  # every MNN op type in the converted graph, plumbing aside
    op: dict[str, Any] | None  # the MNN op object the kernel implements (None if MNN splits the op)
    op_inputs: tuple[OpInput, ...]
    filters: dict[str, FilterResult]
    randomized: tuple[str, ...]  # parameters re-drawn because the module initialised them constant
    output_spread: float = 0.0  # how much the output moves with the input (near zero = flagged)
    problems: tuple[str, ...] = field(default=())

    @property
    def onnx_path(self) -> Path:
        return self.dir / "model.onnx"

    @property
    def mnn_path(self) -> Path:
        return self.dir / "model.mnn"

    @property
    def mnn_json_path(self) -> Path:
        return self.dir / "model.mnn.json"

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def atol(self) -> float:
        return self.task.atol

    @property
    def rtol(self) -> float:
        return self.task.rtol

    def reference_kernel(self) -> Candidate | None:
        from tasks.registry import reference_candidate

        try:
            return reference_candidate(str(self.mnn_op_type)) if self.mnn_op_type else None
        except TaskError:
            return None

    @property
    def evaluable(self) -> bool:
        """One MNN op to implement, and nothing known to make every kernel fail."""
        return self.op is not None and not self.task.unsolvable

    @property
    def mnn_op_type(self) -> str | None:
        return self.op["type"] if self.op else None

    def draw_inputs(self, seed: int) -> list[np.ndarray]:
        """Graph inputs for one trial from the benchmark's declared distributions (what timing uses)."""
        return draw_numpy(self.inputs, seed)

    def draw_verification_inputs(self, seed: int) -> list[np.ndarray]:
        """Graph inputs for one trial that covers the op's domain (`tasks.domains`): the same shapes and
        dtypes as `draw_inputs`, and the same integer and fixed inputs for the same seed."""
        return draw_verification(self.inputs, seed, self.task.onnx_op, self.task.category,
                                 dict(self.task.verify_domains))

    def op_input_arrays(self, graph_inputs: list[np.ndarray]) -> list[np.ndarray]:
        """The op's input buffers for one trial, in the dtype and layout the kernel expects."""
        arrays = []
        for oi in self.op_inputs:
            t = oi.tensor
            a = graph_inputs[oi.graph_input] if oi.graph_input is not None else np.array(oi.const)
            arrays.append(to_layout(np.asarray(a).reshape(t.shape).astype(t.dtype), t.format))
        return arrays

    def to_json(self) -> dict[str, Any]:
        return {
            "version": PREPARE_VERSION,
            "task": self.task.id,
            "digest": self.task.digest,
            "inputs": [s.to_json() for s in self.inputs],
            "outputs": [s.to_json() for s in self.outputs],
            "mnn_ops": list(self.mnn_ops),
            "op": self.op,
            "op_inputs": [o.to_json() for o in self.op_inputs],
            "filters": {k: v.to_json() for k, v in self.filters.items()},
            "randomized": list(self.randomized),
            "output_spread": self.output_spread,
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, task: Task, dir: Path, d: dict[str, Any]) -> PreparedTask:
        return cls(
            task=task,
            dir=dir,
            inputs=tuple(InputSpec.from_json(x) for x in d["inputs"]),
            outputs=tuple(TensorSpec.from_json(x) for x in d["outputs"]),
            mnn_ops=tuple(d["mnn_ops"]),
            op=d["op"],
            op_inputs=tuple(OpInput.from_json(x) for x in d["op_inputs"]),
            filters={k: FilterResult(v["passed"], v["detail"]) for k, v in d["filters"].items()},
            randomized=tuple(d["randomized"]),
            output_spread=float(d.get("output_spread", 0.0)),
            problems=tuple(d.get("problems", ())),
        )


def _tool_versions() -> str:
    names = ("torch", "onnx", "onnxruntime", "MNN")
    return ",".join(f"{n}={tool_version(n)}" for n in names)


def prepared_dir(task: Task) -> Path:
    import hashlib

    key = hashlib.sha256(f"{task.digest}|{PREPARE_VERSION}|{_tool_versions()}".encode()).hexdigest()[:16]
    return cache_dir("tasks", f"{task.id}-{key}")


def prepare(task: Task) -> PreparedTask:
    """The prepared task, from the cache when it is there; raises TaskError with one sentence."""
    out = prepared_dir(task)
    manifest = out / "manifest.json"
    if manifest.exists():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            return PreparedTask.from_json(task, out, json.loads(manifest.read_text()))
    # Build in a scratch dir and move into place, so a crash never leaves a half-made cache entry.
    scratch = Path(tempfile.mkdtemp(prefix=f"{task.id}-", dir=out.parent))
    try:
        with warnings.catch_warnings():  # torch's and numpy's advice about the task's own code is noise here
            warnings.simplefilter("ignore")
            prepared = _prepare_into(task, scratch)
        (scratch / "manifest.json").write_text(json.dumps(prepared.to_json()))
        shutil.rmtree(out, ignore_errors=True)
        os.replace(scratch, out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return PreparedTask.from_json(task, out, json.loads(manifest.read_text()))


def load_module(task: Task) -> Any:
    spec = importlib.util.spec_from_file_location(f"mkb_task_{task.id}", task.path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a task file is user code: any failure is one sentence
        raise TaskError(f"task {task.id} failed to load: {type(exc).__name__}: {exc}") from None
    return module


def _prepare_into(task: Task, out: Path) -> PreparedTask:
    import torch

    module = load_module(task)
    specs = list(getattr(module, "INPUTS", None) or [])
    if not specs or not all(isinstance(s, InputSpec) for s in specs):
        raise TaskError(f"task {task.id} has no INPUTS list of input specs (tasks.inputs.rand/randn/...)")
    try:
        torch.manual_seed(PARAM_SEED)
        model = module.Model(*module.get_init_inputs()).eval()
    except Exception as exc:
        raise TaskError(f"task {task.id}: Model(*get_init_inputs()) failed: {type(exc).__name__}: {exc}") from None
    randomized = _randomize_constant_parameters(model)

    names = [f"input_{i}" for i in range(len(specs))]
    specs = [InputSpec(s.kind, s.shape, s.dtype, s.low, s.high, s.value, name) for s, name in zip(specs, names)]
    example = draw_torch(specs, seed=CHECK_SEED)
    onnx_path = out / "model.onnx"
    try:
        with torch.no_grad():
            expected = model(*example)
        outs = expected if isinstance(expected, tuple | list) else (expected,)
        out_names = [f"output_{i}" for i in range(len(outs))]
        with contextlib.redirect_stdout(None):
            torch.onnx.export(model, tuple(example), str(onnx_path), opset_version=OPSET, dynamo=False,
                              input_names=names, output_names=out_names)
    except Exception as exc:
        raise PrepareError(f"task {task.id} did not export to ONNX: {type(exc).__name__}: {exc}") from None

    import onnx

    graph = onnx.load(str(onnx_path)).graph
    kept_inputs = {i.name for i in graph.input}
    # torch drops inputs the graph does not use (a constant-foldable one): keep specs aligned.
    specs = [s for s in specs if s.name in kept_inputs]
    np_inputs = [t.numpy() for t, n in zip(example, names) if n in kept_inputs]
    filters: dict[str, FilterResult] = {}
    op_types = [n.op_type for n in graph.node if n.op_type != "Constant"]
    filters["single_op"] = FilterResult(
        op_types == [task.onnx_op],
        f"ONNX graph holds {', '.join(op_types) or 'no op'}" + ("" if op_types == [task.onnx_op]
                                                             else f"; expected exactly {task.onnx_op}"),
    )

    import onnxruntime as ort

    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    ort_outs = sess.run(None, {s.name: a for s, a in zip(specs, np_inputs)})
    torch_outs = [o.detach().numpy() for o in outs]
    filters["torch_vs_onnxruntime"] = _agree(torch_outs, ort_outs, task, "PyTorch", "onnxruntime")
    filters["onnx_reference"] = _onnx_reference_check(onnx_path, specs, np_inputs, ort_outs, task)

    outputs = tuple(
        TensorSpec(n, tuple(o.shape), KERNEL_DTYPE.get(str(o.dtype), str(o.dtype)))
        for n, o in zip(out_names, ort_outs)
    )
    try:
        convert(onnx_path, out / "model.mnn", out / "model.mnn.json")
    except ConvertError as exc:
        # The task stays in the suite with the reason: no MNN op to implement, no baseline.
        mnn_ops, op, op_inputs, problems = (), None, (), [str(exc)]
    else:
        mnn = json.loads((out / "model.mnn.json").read_text())
        mnn_ops, op, op_inputs, outputs, problems = _locate_op(mnn, specs, outputs)
    if task.unsolvable:
        problems.append(f"unsolvable: {task.unsolvable}")
    spread = _output_spread(sess, specs)
    if spread < 1e-6:
        problems.append("the output barely depends on the input (near-constant across seeds)")
    problems += [f"{k}: {v.detail}" for k, v in filters.items() if not v.passed]
    return PreparedTask(task, out, tuple(specs), outputs, mnn_ops, op, op_inputs, filters,
                        tuple(randomized), spread, tuple(problems))


def _randomize_constant_parameters(model: Any) -> list[str]:
    """Re-draw float parameters and buffers that a module initialises to one value (LayerNorm's 1 and 0,
    BatchNorm's running statistics), so a kernel that ignores them fails verification."""
    import torch

    gen = torch.Generator().manual_seed(PARAM_SEED)
    changed = []
    with torch.no_grad():
        for name, t in [*model.named_parameters(), *model.named_buffers()]:
            if not t.is_floating_point() or t.numel() < 2 or not bool((t == t.flatten()[0]).all()):
                continue
            v = float(t.flatten()[0])
            u = torch.rand(t.shape, generator=gen)
            t.copy_((u + 0.5) * v if v != 0 else u - 0.5)  # keeps the sign (variances stay positive)
            changed.append(name)
    return changed


def _agree(a: list[np.ndarray], b: list[np.ndarray], task: Task, an: str, bn: str) -> FilterResult:
    worst = 0.0
    for x, y in zip(a, b):
        x, y = np.asarray(x), np.asarray(y)
        if x.shape != y.shape:
            return FilterResult(False, f"{an} gives shape {x.shape}, {bn} {y.shape}")
        if x.size == 0:
            continue
        xf, yf = x.astype(np.float64), y.astype(np.float64)
        both_nan = np.isnan(xf) & np.isnan(yf)
        err = np.where(both_nan, 0, np.abs(xf - yf))
        bad = err > task.atol + task.rtol * np.abs(yf)
        worst = max(worst, float(np.nanmax(err)))
        if bad.any():
            return FilterResult(False, f"{an} and {bn} differ by up to {worst:.3g}")
    return FilterResult(True, f"agree within atol={task.atol:g}, rtol={task.rtol:g} (max {worst:.3g})")


def _onnx_reference_check(onnx_path: Path, specs: list[InputSpec], inputs: list[np.ndarray],
                          ort_outs: list[np.ndarray], task: Task) -> FilterResult:
    try:
        from onnx.reference import ReferenceEvaluator

        ref = ReferenceEvaluator(str(onnx_path))
        outs = ref.run(None, {s.name: a for s, a in zip(specs, inputs)})
    except Exception as exc:
        return FilterResult(False, f"onnx's reference evaluator cannot run it: {type(exc).__name__}: {exc}")
    return _agree(list(outs), ort_outs, task, "onnx.reference", "onnxruntime")


def _output_spread(sess: Any, specs: list[InputSpec]) -> float:
    """How far the output moves between two seeds' inputs, relative to its size (0 = it ignores the input;
    an all-infinite output counts as 0 too, since only its sign could be checked)."""
    runs = [sess.run(None, {s.name: a for s, a in zip(specs, draw_numpy(specs, seed))}) for seed in (1, 2)]
    spread = 0.0
    for x, y in zip(*runs):
        x, y = x.astype(np.float64), y.astype(np.float64)
        both = np.isfinite(x) & np.isfinite(y)
        if both.any():
            scale = max(float(np.abs(x[both]).max()), float(np.abs(y[both]).max()), 1e-30)
            spread = max(spread, float(np.abs(x[both] - y[both]).max()) / scale)
    return spread


def _locate_op(mnn: dict[str, Any], specs: list[InputSpec], outputs: tuple[TensorSpec, ...]):
    """Find the op under test in MNN's converted graph and resolve what feeds it."""
    ops = mnn.get("oplists", [])
    names = mnn.get("tensorName", [])
    real = [op for op in ops if op.get("type") not in _PLUMBING]
    mnn_ops = tuple(op["type"] for op in real)
    problems: list[str] = []
    if len(real) != 1:
        problems.append(f"MNN maps the model to {len(real)} ops ({', '.join(mnn_ops) or 'none'}), not one")
        return mnn_ops, None, (), outputs, problems
    op = real[0]
    producer = {idx: o for o in ops for idx in o.get("outputIndexes", [])}
    graph_input_by_name = {s.name: i for i, s in enumerate(specs)}

    op_inputs = []
    for idx in op.get("inputIndexes", []):
        src, fmt = producer.get(idx), "NCHW"
        if src is not None and src["type"] == "ConvertTensor":
            fmt = src["main"].get("dest", "NCHW")
            src = producer.get(src["inputIndexes"][0])
        if src is None:
            raise PrepareError(f"MNN graph tensor {idx} has no producer")
        if src["type"] == "Input":
            gi = graph_input_by_name[src["name"]]
            s = specs[gi]
            op_inputs.append(OpInput(TensorSpec(s.name, s.shape, KERNEL_DTYPE.get(s.dtype, s.dtype), fmt), gi))
        else:  # Const: a Blob folded into the model
            blob = src["main"]
            dtype = _MNN_DTYPES.get(blob.get("dataType", "DT_FLOAT"), "float32")
            data = next((blob[k] for k in ("float32s", "int32s", "int64s", "uint8s", "int8s") if k in blob), [])
            shape = tuple(blob.get("dims", [len(data)]))
            op_inputs.append(OpInput(TensorSpec(names[idx] if idx < len(names) else f"const_{idx}", shape, dtype,
                                                fmt), None, tuple(data)))
    # Output layout: NC4HW4 when MNN converts the op's output back to NCHW before the graph output.
    consumers = {i: o for o in ops for i in o.get("inputIndexes", []) if o["type"] == "ConvertTensor"}
    fixed = []
    for spec, idx in zip(outputs, op.get("outputIndexes", [])):
        conv = consumers.get(idx)
        fmt = conv["main"].get("source", "NCHW") if conv else "NCHW"
        fixed.append(TensorSpec(spec.name, spec.shape, spec.dtype, fmt))
    return mnn_ops, op, tuple(op_inputs), tuple(fixed), problems
