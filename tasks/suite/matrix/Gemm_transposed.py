"""Gemm with transA=1: y = 1.5 * X^T W^T, X given feature-major (128 x 32)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Gemm"
NOTES = "MNN turns a Gemm with constant weights into a Convolution wrapped in 14 ops."

batch_size = 32
in_features = 128
out_features = 256
alpha = 1.5


class Model(torch.nn.Module):
    def __init__(self, in_features: int, out_features: int, alpha: float) -> None:
        super().__init__()
        self.alpha = alpha
        self.weight = torch.nn.Parameter(torch.randn(out_features, in_features) / in_features**0.5)

    def forward(self, x):
        # No bias in the benchmark's task: addmm with beta=0 ignores its first operand.
        zero = torch.zeros(1, dtype=x.dtype)
        return torch.addmm(zero, x.t(), self.weight.t(), beta=0.0, alpha=self.alpha)


INPUTS = [randn(in_features, batch_size)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_features, out_features, alpha]
