"""An 8-step tanh RNN (10 inputs, 20 hidden units) from a given hidden state."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Others"
ONNX_OP = "RNN"
NOTES = "PyTorch exports nn.RNN as an ONNX RNN node with Unsqueeze/Squeeze plumbing around it."

batch_size = 1
seq_length = 8
input_size = 10
hidden_size = 20


class Model(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.rnn = torch.nn.RNN(input_size, hidden_size)

    def forward(self, x, h0):
        return self.rnn(x, h0)[0]


INPUTS = [randn(seq_length, batch_size, input_size), randn(1, batch_size, hidden_size)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return []
