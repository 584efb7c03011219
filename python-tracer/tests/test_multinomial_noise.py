"""``torch.multinomial`` drawn as its exponential noise (``multinomial="noise"``): the same tokens and generator
stream as torch's own CPU sampler, two rng entries per draw, and injection of the noise or of the tokens."""

import json

import numpy as np
import torch
from torch import nn

from parity_tracer import RngInjector, Tracer
from parity_tracer.rng import RandomPatch


def distributions(n, vocab=500):
    g = torch.Generator().manual_seed(123)
    p = torch.softmax(3 * torch.randn(n, 1, vocab, generator=g), dim=-1)
    return torch.where(p < 1e-3, torch.zeros_like(p), p)


def test_noise_draws_equal_torchs_own_multinomial():
    ps = distributions(200)
    torch.manual_seed(5)
    plain = [torch.multinomial(p, 1) for p in ps] + [torch.rand(3)]
    seen = []
    torch.manual_seed(5)
    with RandomPatch(lambda d: seen.append(d) or d.value, multinomial_noise=True):
        noisy = [torch.multinomial(p, num_samples=1) for p in ps] + [torch.rand(3)]
    assert all(torch.equal(a, b) for a, b in zip(plain, noisy)), "same tokens and the same stream afterwards"
    parts = [(d.index, d.function, d.part) for d in seen[:4]]
    assert parts == [(0, "multinomial", "exponential_q"), (0, "multinomial", "sampled_token"),
                     (1, "multinomial", "exponential_q"), (1, "multinomial", "sampled_token")]
    assert seen[0].value.shape == ps[0].shape and seen[1].value.dtype == torch.int64


class Sampler(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(4, 50)

    def forward(self, x):
        out = []
        for _ in range(6):
            probs = torch.softmax(self.head(x), dim=-1)
            token = torch.multinomial(probs, num_samples=1)
            out.append(token)
            x = x + token.float() / 50
        return torch.cat(out, dim=1)


def run(out, seed, **kwargs):
    torch.manual_seed(0)
    model = Sampler().eval()
    torch.manual_seed(seed)
    with torch.no_grad(), Tracer(model, out, multinomial="noise", **kwargs) as t:
        tokens = model(torch.ones(1, 4))
        t.final("tokens", tokens)
    return tokens


def test_trace_holds_noise_and_token_and_injection_reproduces_it(tmp_path):
    ref = run(tmp_path / "ref", seed=1)
    entries = json.loads((tmp_path / "ref" / "manifest.json").read_text())["entries"]
    rng = [(e["name"], e["call"], e["arg"]) for e in entries if e["kind"] == "rng"]
    assert rng == [("rng.multinomial", k, f"multinomial_{part}") for k in range(6)
                   for part in ("exponential_q", "sampled_token")]
    assert torch.equal(run(tmp_path / "again", seed=99, inject=tmp_path / "ref"), ref)


def test_forced_tokens_override_the_runs_own_probabilities(tmp_path):
    ref = run(tmp_path / "ref", seed=1)
    torch.manual_seed(3)
    other = Sampler().eval()  # other weights: its own picks differ
    torch.manual_seed(42)
    with torch.no_grad(), RngInjector(tmp_path / "ref", multinomial_noise=True, force_tokens=True):
        forced = other(torch.ones(1, 4))
    assert torch.equal(forced, ref)
    torch.manual_seed(42)
    with torch.no_grad(), RngInjector(tmp_path / "ref", multinomial_noise=True):
        own = other(torch.ones(1, 4))
    assert not torch.equal(own, ref), "without forcing the other weights choose other tokens"
    q0 = np.load(next(p for p in (tmp_path / "ref" / "inputs").iterdir() if p.name.startswith("rng_00_")
                      and "exponential_q" in p.name))
    assert q0.shape == (1, 50)
