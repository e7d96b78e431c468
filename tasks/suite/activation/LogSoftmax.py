"""Log-softmax over the last dimension of a batch of 512-wide rows."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Activation"
ONNX_OP = "LogSoftmax"
NOTES = (
    "The benchmark gives no axis; the last one is used (ONNX's default axis, -1). MNN has no LogSoftmax "
    "op: it runs six (two Reductions, two UnaryOps, two BinaryOps)."
)

batch_size = 32
dim = 512


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.log_softmax(x, dim=-1)


INPUTS = [rand(batch_size, dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
