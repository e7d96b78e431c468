"""A fully connected layer as one Gemm with a single bias value broadcast to every output."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Matrix"
ONNX_OP = "Gemm"
NOTES = "MNN turns a Gemm with constant weights into a Convolution wrapped in ten ops."

batch_size = 32
in_features = 256
out_features = 512
alpha = 1.0
beta = 1.0
with_bias = True


class Model(torch.nn.Module):
    def __init__(self, in_features: int, out_features: int, alpha: float, beta: float, with_bias: bool) -> None:
        super().__init__()
        self.alpha, self.beta = alpha, beta
        self.weight = torch.nn.Parameter(torch.randn(out_features, in_features) / in_features**0.5)
        self.bias = torch.nn.Parameter(torch.randn(1) if with_bias else torch.zeros(1))

    def forward(self, x):
        # addmm exports as one Gemm: alpha * x @ weight^T + beta * bias (transB folded into the Gemm).
        return torch.addmm(self.bias, x, self.weight.t(), beta=self.beta, alpha=self.alpha)


INPUTS = [rand(batch_size, in_features)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [in_features, out_features, alpha, beta, with_bias]
