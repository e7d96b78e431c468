"""Gemm with alpha=0.5: y = 0.5 * A B + C, all three graph inputs."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Gemm"
NOTES = "MNN runs a Gemm of graph inputs as MatMul and two BinaryOps (scale, add)."

M = 8
K = 64
N = 128
alpha = 0.5
beta = 1.0
transA = 0
transB = 0


class Model(torch.nn.Module):
    def __init__(self, alpha: float, beta: float, transA: int, transB: int) -> None:
        super().__init__()
        assert not transA and not transB
        self.alpha, self.beta = alpha, beta

    def forward(self, a, b, c):
        return torch.addmm(c, a, b, beta=self.beta, alpha=self.alpha)


INPUTS = [randn(M, K), randn(K, N), randn(1, N)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [alpha, beta, transA, transB]
