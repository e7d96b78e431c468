"""LayerNorm over the last two dimensions (32x32) of an NCHW map."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Normalization"
ONNX_OP = "LayerNormalization"
NOTES = "The affine weight and bias (PyTorch initialises them to 1 and 0) are re-drawn with the fixed parameter seed."

batch_size = 1
channels = 8
height = 32
width = 32
eps = 1e-05
elementwise_affine = True


class Model(torch.nn.Module):
    def __init__(self, normalized_shape: tuple, eps: float, elementwise_affine: bool) -> None:
        super().__init__()
        # PyTorch exports LayerNormalization with a negative axis (-len(normalized_shape)); MNN keeps that
        # as one LayerNorm op, where a positive axis would be split into many.
        self.ln = torch.nn.LayerNorm(normalized_shape, eps=eps, elementwise_affine=elementwise_affine)

    def forward(self, x):
        return self.ln(x)


INPUTS = [randn(batch_size, channels, height, width)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [(height, width), eps, elementwise_affine]
