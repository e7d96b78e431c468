"""LayerNorm over 512 hidden units of 256 tokens, without affine weights."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Normalization"
ONNX_OP = "LayerNormalization"

batch_size = 1
seq_len = 256
hidden_dim = 512


class Model(torch.nn.Module):
    def __init__(self, normalized_shape: int) -> None:
        super().__init__()
        # PyTorch exports LayerNormalization with a negative axis (-len(normalized_shape)); MNN keeps that
        # as one LayerNorm op, where a positive axis would be split into many.
        self.ln = torch.nn.LayerNorm(normalized_shape, elementwise_affine=False)

    def forward(self, x):
        return self.ln(x)


INPUTS = [randn(batch_size, seq_len, hidden_dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [hidden_dim]
