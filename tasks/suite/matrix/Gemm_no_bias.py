"""Gemm without C: y = alpha * A B of two graph inputs."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Matrix"
ONNX_OP = "Gemm"

M = 16
K = 128
N = 32
alpha = 1.0
transA = 0
transB = 0


class _Gemm(torch.autograd.Function):
    # PyTorch has no bias-free Gemm (a product of two inputs exports as MatMul): emit ONNX Gemm without C.
    @staticmethod
    def forward(ctx, a, b, alpha: float):
        return torch.matmul(a, b) * alpha

    @staticmethod
    def symbolic(g, a, b, alpha: float):
        return g.op("Gemm", a, b, alpha_f=alpha)


class Model(torch.nn.Module):
    def __init__(self, alpha: float, transA: int, transB: int) -> None:
        super().__init__()
        assert not transA and not transB
        self.alpha = alpha

    def forward(self, a, b):
        return _Gemm.apply(a, b, self.alpha)


INPUTS = [randn(M, K), randn(K, N)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [alpha, transA, transB]
