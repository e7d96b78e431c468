"""LayerNorm over the embedding of 196 ViT patches (ViT-B/16's width), with affine weights."""

import torch.nn as nn

from tasks.inputs import draw_torch, randn

CATEGORY = "Normalization"
ONNX_OP = "LayerNormalization"

batch_size = 1
num_patches = 196
embed_dim = 768
eps = 1e-05
elementwise_affine = True


class Model(nn.Module):
    def __init__(self, normalized_shape: int, eps: float, elementwise_affine: bool) -> None:
        super().__init__()
        self.ln = nn.LayerNorm(normalized_shape, eps=eps, elementwise_affine=elementwise_affine)

    def forward(self, x):
        return self.ln(x)


INPUTS = [randn(batch_size, num_patches, embed_dim)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [embed_dim, eps, elementwise_affine]
