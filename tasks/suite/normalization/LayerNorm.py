"""LayerNorm over the last dimension (64) of an NCHW map, with affine weights."""

import torch

from tasks.inputs import draw_torch, rand

CATEGORY = "Normalization"
ONNX_OP = "LayerNormalization"
NOTES = "The affine weight and bias (PyTorch initialises them to 1 and 0) are re-drawn with the fixed parameter seed."

batch_size = 1
features = 16
dim1 = 64
dim2 = 64


class Model(torch.nn.Module):
    def __init__(self, normalized_shape: int) -> None:
        super().__init__()
        # PyTorch exports LayerNormalization with a negative axis (-len(normalized_shape)); MNN keeps that
        # as one LayerNorm op, where a positive axis would be split into many.
        self.ln = torch.nn.LayerNorm(normalized_shape)

    def forward(self, x):
        return self.ln(x)


INPUTS = [rand(batch_size, features, dim1, dim2)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [dim2]
