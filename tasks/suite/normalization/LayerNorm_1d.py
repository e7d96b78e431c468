"""LayerNorm over 512 features of 128 tokens, with affine weights."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Normalization"
ONNX_OP = "LayerNormalization"
NOTES = "The affine weight and bias (PyTorch initialises them to 1 and 0) are re-drawn with the fixed parameter seed."

batch_size = 1
seq_len = 128
features = 512
eps = 1e-05
elementwise_affine = True


class Model(torch.nn.Module):
    def __init__(self, normalized_shape: int, eps: float, elementwise_affine: bool) -> None:
        super().__init__()
        # PyTorch exports LayerNormalization with a negative axis (-len(normalized_shape)); MNN keeps that
        # as one LayerNorm op, where a positive axis would be split into many.
        self.ln = torch.nn.LayerNorm(normalized_shape, eps=eps, elementwise_affine=elementwise_affine)

    def forward(self, x):
        return self.ln(x)


INPUTS = [randn(batch_size, seq_len, features)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [features, eps, elementwise_affine]
