"""One step of a single-layer LSTM (16 inputs, 32 hidden units), returning its output."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Others"
ONNX_OP = "LSTM"
NOTES = (
    "PyTorch exports nn.LSTM as an ONNX LSTM node wrapped in Unsqueeze/Squeeze/Slice plumbing (the gate "
    "order is rearranged with Gather/Concat), so the single-op filter is expected to fail."
)

batch_size = 1
seq_length = 1
input_size = 16
hidden_size = 32


class Model(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lstm = torch.nn.LSTM(input_size, hidden_size)

    def forward(self, x):
        return self.lstm(x)[0]


INPUTS = [randn(seq_length, batch_size, input_size)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
