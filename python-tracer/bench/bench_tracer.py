"""Wall time of a mid-size model with and without the tracer.

    /usr/bin/python3 python-tracer/bench/bench_tracer.py [--layers 12] [--dim 256] [--tokens 128] [--passes 3]

The model is a 12-layer pre-norm transformer-style stack (LayerNorm, fused QKV Linear, softmax attention,
output Linear, LayerNorm, Linear-GELU-Linear MLP); one run = ``--passes`` forward passes, i.e.
passes x layers x 8 module calls (a block and its 7 children). Three variants, taking turns, each the
median of ``--repeats`` runs:

* untraced;
* traced, hooks only (``max_calls=0``: every call is counted, nothing is written);
* traced, everything recorded (float32 .npy files on local disk, random draws included).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from parity_tracer import Tracer  # noqa: E402


class Block(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(4 * dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, c = x.shape
        q, k, v = self.qkv(self.norm1(x)).view(b, t, 3, self.heads, c // self.heads).unbind(2)  # (B, T, H, D)
        att = torch.softmax(torch.einsum("bthd,bshd->bhts", q, k) / (c // self.heads) ** 0.5, dim=-1)
        x = x + self.proj(torch.einsum("bhts,bshd->bthd", att, v).reshape(b, t, c))
        return x + self.fc2(self.act(self.fc1(self.norm2(x))))


class Model(nn.Module):
    def __init__(self, layers: int, dim: int, heads: int = 8):
        super().__init__()
        self.blocks = nn.ModuleList(Block(dim, heads) for _ in range(layers))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + 0.01 * torch.randn_like(x)  # one random draw per pass
        for block in self.blocks:
            x = block(x)
        return x


def run(model, x, passes):
    for _ in range(passes):
        model(x)


def timed(variants, repeats):
    """Median wall time of each variant; the variants take turns so that machine noise hits all of them."""
    times = [[] for _ in variants]
    for _ in range(repeats):
        for fn, samples in zip(variants, times):
            start = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - start)
    return [statistics.median(samples) for samples in times]


def traced(model, x, passes, out, **options):
    def go():
        shutil.rmtree(out, ignore_errors=True)
        with Tracer(model, out, **options) as tracer:
            run(model, x, passes)
        go.entries = len(tracer.entries)
        go.bytes = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    return go


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--tokens", type=int, default=128)
    p.add_argument("--passes", type=int, default=3)
    p.add_argument("--repeats", type=int, default=9)
    args = p.parse_args()

    torch.manual_seed(0)
    model = Model(args.layers, args.dim).eval()
    x = torch.randn(1, args.tokens, args.dim)
    calls = args.passes * args.layers * 8
    with torch.no_grad(), tempfile.TemporaryDirectory() as tmp:
        run(model, x, 1)  # warm-up
        hooks = traced(model, x, args.passes, Path(tmp) / "hooks", max_calls=0)
        full = traced(model, x, args.passes, Path(tmp) / "full")
        untraced, hooks_only, recorded = timed([lambda: run(model, x, args.passes), hooks, full], args.repeats)

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; model: {args.layers} layers, dim "
          f"{args.dim}, {args.tokens} tokens; one run = {args.passes} forward passes = {calls} module calls; "
          f"median of {args.repeats} runs")
    print(f"untraced                 : {untraced * 1e3:8.1f} ms")
    print(f"traced, hooks only       : {hooks_only * 1e3:8.1f} ms  (x{hooks_only / untraced:.2f}, "
          f"{(hooks_only - untraced) / calls * 1e6:.0f} us per call)")
    print(f"traced, all recorded     : {recorded * 1e3:8.1f} ms  (x{recorded / untraced:.2f}; {full.entries} entries, "
          f"{full.bytes / 2**20:.1f} MiB written)")


if __name__ == "__main__":
    main()
