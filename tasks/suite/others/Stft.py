"""Short-time Fourier transform of four 1-second 16 kHz signals (256-point FFT, hop 64, 200-sample window)."""

import torch

from tasks.inputs import draw_torch, randn

CATEGORY = "Others"
ONNX_OP = "STFT"
NOTES = (
    "A Hann window and center=False (ONNX STFT does not pad the signal) are chosen here; the benchmark "
    "fixes only n_fft, hop_length and win_length. The output is (batch, bins, frames, 2)."
)

n_fft = 256
hop_length = 64
win_length = 200


class Model(torch.nn.Module):
    def __init__(self, n_fft: int, hop_length: int, win_length: int) -> None:
        super().__init__()
        self.n_fft, self.hop_length, self.win_length = n_fft, hop_length, win_length
        self.register_buffer("window", torch.hann_window(win_length))

    def forward(self, x):
        # return_complex=False: the exporter has no complex type; the real form is ONNX STFT's own layout.
        return torch.stft(x, self.n_fft, self.hop_length, self.win_length, self.window, center=False,
                          return_complex=False)


INPUTS = [randn(4, 16000)]


def get_inputs():
    return draw_torch(INPUTS)


def get_init_inputs():
    return [n_fft, hop_length, win_length]
