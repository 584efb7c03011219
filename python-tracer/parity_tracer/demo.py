"""A small synthetic model that exercises everything the tracer has to handle.

Names follow the S3Gen layout so that tools keyed on ``flow.decoder.estimator`` (ODE steps) work on it:

* ``encoder.layers.N`` called with a keyword-only ``mask`` and returning a tuple; one ``SiLU`` instance
  shared by every layer (recorded as ``encoder.layers.0.act``, its call index counting all layers);
* ``flow.decoder``: draws ``randn_like`` noise, then its plain method ``solve_euler`` calls
  ``estimator.forward(...)`` once per ODE step (10 steps, keyword arguments);
* ``head``: returns a dict; ``vocoder``: draws ``Uniform(-pi, pi).sample`` and ``Tensor.normal_``.
"""

from __future__ import annotations

import math
from typing import Dict, Tuple

import torch
from torch import nn
from torch.distributions import Uniform

DIM = 16
MEL = 8
VOCAB = 50
STEPS = 10
#: plain methods of the demo model worth tracing
METHODS = ("flow.decoder.solve_euler", "vocoder.excite")


class Layer(nn.Module):
    """Pre-norm residual MLP; ``mask`` is keyword-only, the output a tuple ``(x, mask)``."""

    def __init__(self, dim: int, act: nn.Module):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, 2 * dim)
        self.act = act
        self.fc2 = nn.Linear(2 * dim, dim)

    def forward(self, x: torch.Tensor, *, mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        h = self.fc2(self.act(self.fc1(self.norm(x))))  # (B, T, C)
        return x + h * mask, mask


class Encoder(nn.Module):
    def __init__(self, n_layers: int = 3):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, DIM)
        shared = nn.SiLU()
        self.layers = nn.ModuleList(Layer(DIM, shared) for _ in range(n_layers))
        self.proj = nn.Linear(DIM, MEL)

    def forward(self, tokens: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        x = self.embed(tokens)  # (B, T, C)
        mask = torch.ones(x.shape[0], x.shape[1], 1, dtype=torch.bool)
        for layer in self.layers:
            x, mask = layer(x, mask=mask)
        return self.proj(x).transpose(1, 2), mask  # (B, MEL, T)


class Estimator(nn.Module):
    """Velocity field v(x, t | mu)."""

    def __init__(self):
        super().__init__()
        self.time_mlp = nn.Linear(1, DIM)
        self.inp = nn.Conv1d(2 * MEL, DIM, 1)
        self.out = nn.Conv1d(DIM, MEL, 1)

    def forward(self, x: torch.Tensor, mu: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        h = self.inp(torch.cat([x, mu], dim=1))  # (B, C, T)
        h = torch.tanh(h + self.time_mlp(t.view(-1, 1))[:, :, None])
        return self.out(h)  # (B, MEL, T)


class Decoder(nn.Module):
    """Euler ODE from noise towards ``mu``; the estimator is called via ``.forward`` (hooks do not fire)."""

    def __init__(self):
        super().__init__()
        self.estimator = Estimator()

    def forward(self, mu: torch.Tensor, steps: int = STEPS) -> torch.Tensor:
        z = torch.randn_like(mu)
        t_span = torch.linspace(0, 1, steps + 1)
        return self.solve_euler(z, t_span=t_span, mu=mu)

    def solve_euler(self, x: torch.Tensor, t_span: torch.Tensor, mu: torch.Tensor) -> torch.Tensor:
        for k in range(len(t_span) - 1):
            t = t_span[k].expand(x.shape[0])
            v = self.estimator.forward(x, mu=mu, t=t)
            x = x + (t_span[k + 1] - t_span[k]) * v
        return x


class Flow(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoder = Decoder()


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.gain = nn.Linear(MEL, MEL)

    def forward(self, mel: torch.Tensor) -> Dict[str, torch.Tensor]:
        out = self.gain(mel.transpose(1, 2)).transpose(1, 2)
        return {"mel": out, "energy": out.pow(2).mean(dim=1)}


class Vocoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose1d(MEL, 4, 4, stride=4)
        self.post = nn.Conv1d(4, 1, 3, padding=1)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        return self.post(self.excite(self.up(mel))).squeeze(1)  # (B, 4T)

    def excite(self, h: torch.Tensor) -> torch.Tensor:
        phase = Uniform(-math.pi, math.pi).sample((h.shape[0], h.shape[1], 1))
        noise = torch.empty_like(h).normal_() * 0.01
        return torch.sin(h + phase) + noise


class DemoModel(nn.Module):
    def __init__(self, n_layers: int = 3):
        super().__init__()
        self.encoder = Encoder(n_layers)
        self.flow = Flow()
        self.head = Head()
        self.vocoder = Vocoder()

    def forward(self, tokens: torch.Tensor) -> Dict[str, torch.Tensor]:
        mu, _ = self.encoder(tokens)
        mel = self.head(self.flow.decoder(mu))["mel"]
        return {"mel": mel, "wav": self.vocoder(mel)}


def build(seed: int = 0, n_layers: int = 3) -> DemoModel:
    """The demo model with weights drawn from ``torch.manual_seed(seed)``, in eval mode."""
    torch.manual_seed(seed)
    return DemoModel(n_layers).eval()


def tokens(length: int = 12, seed: int = 0) -> torch.Tensor:
    """A fixed (1, length) int64 token sequence."""
    return torch.randint(0, VOCAB, (1, length), generator=torch.Generator().manual_seed(seed))


def perturb(model: nn.Module, parameter: str, delta: float) -> None:
    """Adds ``delta`` to every element of one parameter (to make a candidate that diverges there)."""
    with torch.no_grad():
        dict(model.named_parameters())[parameter].add_(delta)


def trace(out_dir, seed: int = 1, parameter: str = None, delta: float = 0.0, **tracer_options):
    """Builds the demo model (weights from seed 0), optionally perturbs one parameter, seeds the run with
    ``seed`` and writes its trace to ``out_dir``, with ``final.mel`` and ``final.wav``. Returns the Tracer."""
    from .tracer import Tracer

    model = build(0)
    if parameter:
        perturb(model, parameter, delta)
    x = tokens()
    torch.manual_seed(seed)
    options = {"methods": METHODS}
    options.update(tracer_options)
    with torch.no_grad(), Tracer(model, out_dir, **options) as tracer:
        out = model(x)
        tracer.final("mel", out["mel"])
        tracer.final("wav", out["wav"])
    return tracer
