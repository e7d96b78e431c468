"""The core tasks' reference kernels pass the real pipeline: compiler, sandbox, onnxruntime, MNN, timed.

(The whole suite is checked by `mkb check`; tests/suite samples it across every category.)"""

from __future__ import annotations

import pytest

from tasks.evaluation import evaluate
from tasks.prepare import prepare
from tasks.registry import get_task, reference_candidate
from toolchain.candidate import Candidate
from toolchain.result import Status

CORE_TASKS = ("LayerNorm_vision", "Softmax", "Relu", "Add", "ReduceMean", "MatMul", "ArgMax", "MaxPool")


@pytest.mark.parametrize("name", CORE_TASKS)
def test_reference_kernel_is_correct(name, quick_options):
    task = get_task(name)
    prepared = prepare(task)
    assert prepared.filters["single_op"].passed, prepared.filters["single_op"].detail
    r = evaluate(task, reference_candidate(prepared.mnn_op_type), "host", quick_options)
    assert r.status is Status.OK, r.message
    assert r.correctness is not None and r.correctness.passed and r.correctness.trials > 3  # sets + checked timed calls
    assert r.timing is not None and r.timing.runs >= 3
    assert r.baseline.mnn_native_ms is not None, r.baseline.note
    assert r.speedup is not None and r.speedup > 0


# A PReLU that computes on NCHW copies made by the backend's onCopyBuffer: beside the reference kernel,
# which indexes the NC4HW4 buffer itself, it checks that the judge's packing (toolchain/problem.py), the
# clean-room onCopyBuffer and ChannelRuns all use MNN's block order at batch > 1.
_PLANAR_PRELU = r"""
#include "CPUPRelu.hpp"
#include <memory>
#include "backend/cpu/CPUBackend.hpp"

namespace MNN {
ErrorCode CPUPRelu::onResize(const std::vector<Tensor*>&, const std::vector<Tensor*>&) { return NO_ERROR; }

ErrorCode CPUPRelu::onExecute(const std::vector<Tensor*>& inputs, const std::vector<Tensor*>& outputs) {
    std::unique_ptr<Tensor> in(new Tensor(inputs[0], Tensor::CAFFE, true));
    std::unique_ptr<Tensor> out(new Tensor(outputs[0], Tensor::CAFFE, true));
    backend()->onCopyBuffer(inputs[0], in.get());
    const int batch = in->length(0), channels = in->length(1);
    int inner = 1;
    for (int i = 2; i < in->dimensions(); ++i) inner *= in->length(i);
    const float* s = in->host<float>();
    float* d       = out->host<float>();
    for (int b = 0; b < batch; ++b)
        for (int c = 0; c < channels; ++c) {
            const float k = mSlope[mSlope.size() == 1 ? 0 : c];
            for (int i = 0; i < inner; ++i) {
                const size_t at = ((size_t)b * channels + c) * inner + i;
                d[at]           = s[at] > 0.0f ? s[at] : s[at] * k;
            }
        }
    backend()->onCopyBuffer(out.get(), outputs[0]);
    return NO_ERROR;
}

class CPUReluCreator : public CPUBackend::Creator {
public:
    virtual Execution* onCreate(const std::vector<Tensor*>&, const std::vector<Tensor*>&, const MNN::Op* op,
                                Backend* backend) const override {
        auto param = op->main_as_PRelu();
        if (!param || !param->slope() || param->slope()->size() == 0) return nullptr;
        return new CPUPRelu(backend, std::vector<float>(param->slope()->begin(), param->slope()->end()));
    }
};

REGISTER_CPU_OP_CREATOR(CPUReluCreator, OpType_PReLU);
} // namespace MNN
"""


@pytest.mark.parametrize("kernel", ["reference", "planar"])
def test_nc4hw4_batch_order_on_the_host_is_mnns(kernel, quick_options):
    task = get_task("PRelu")
    prepared = prepare(task)
    nc4 = [o.tensor for o in prepared.op_inputs if o.tensor.format == "NC4HW4"]
    assert nc4 and nc4[0].shape[0] > 1  # batch > 1 is where a batch-major order differs from MNN's
    candidate = reference_candidate("PReLU")
    if kernel == "planar":
        candidate = Candidate({**candidate.files, "CPUPRelu.cpp": _PLANAR_PRELU})
    r = evaluate(task, candidate, "host", quick_options)
    assert r.status is Status.OK, r.message
