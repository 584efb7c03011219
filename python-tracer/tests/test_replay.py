"""Determinism and random-draw injection."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from parity_tracer import RngExhaustedError, RngInjector, RngMismatchError, demo


def trace_files(trace: Path):
    return {p.relative_to(trace).as_posix(): p.read_bytes() for p in sorted(trace.rglob("*.npy"))}


def entries(trace: Path):
    return json.loads((trace / "manifest.json").read_text())["entries"]


def final(trace: Path, label: str) -> np.ndarray:
    return np.load(trace / f"tensors/final.{label}.npy")


def test_tracing_the_same_run_twice_is_byte_identical(tmp_path, demo_trace):
    demo.trace(tmp_path / "again", seed=1)
    assert trace_files(tmp_path / "again") == trace_files(demo_trace)
    assert (tmp_path / "again" / "manifest.json").read_bytes() == (demo_trace / "manifest.json").read_bytes()


def test_another_seed_changes_the_draws(tmp_path, demo_trace):
    demo.trace(tmp_path / "seed2", seed=2)
    assert not np.array_equal(final(tmp_path / "seed2", "wav"), final(demo_trace, "wav"))


def test_injected_draws_reproduce_the_trace(tmp_path, demo_trace):
    replay = tmp_path / "replay"
    demo.trace(replay, seed=2, inject=demo_trace)
    assert trace_files(replay) == trace_files(demo_trace)
    assert entries(replay) == entries(demo_trace)


def test_rng_injector_without_tracing(demo_trace):
    model, x = demo.build(0), demo.tokens()
    torch.manual_seed(123)
    with torch.no_grad(), RngInjector(demo_trace) as injector:
        wav = model(x)["wav"]
    assert injector.replay.remaining == 0
    np.testing.assert_array_equal(wav.numpy(), final(demo_trace, "wav"))


def test_one_stage_fed_from_a_trace(demo_trace):
    """The vocoder alone, with the traced mel and only the vocoder's draws injected."""
    model = demo.build(0)
    mel = torch.from_numpy(final(demo_trace, "mel"))
    with torch.no_grad(), RngInjector(demo_trace, match="vocoder"):
        wav = model.vocoder(mel)
    np.testing.assert_array_equal(wav.numpy(), final(demo_trace, "wav"))


def test_shape_mismatch_names_both_sides(demo_trace):
    model = demo.build(0)
    longer = demo.tokens(length=13)
    with pytest.raises(RngMismatchError) as err, torch.no_grad(), RngInjector(demo_trace):
        model(longer)
    message = str(err.value)
    assert "[1, 8, 13]" in message and "[1, 8, 12]" in message and "rng_00_flow_decoder_randn_like" in message


def test_dtype_mismatch(demo_trace):
    model = demo.build(0).double()
    x = demo.tokens()
    with pytest.raises(RngMismatchError, match="float64 .* float32"), torch.no_grad(), RngInjector(demo_trace):
        model(x)


def test_running_out_of_draws(demo_trace):
    model, x = demo.build(0), demo.tokens()
    with pytest.raises(RngExhaustedError, match="holds only 1 rng entries"), torch.no_grad(), \
            RngInjector(demo_trace, match="randn_like"):
        model(x)


def test_unused_draws_are_reported(demo_trace):
    model, x = demo.build(0), demo.tokens()
    with pytest.raises(RngMismatchError, match="3 were not used"), torch.no_grad(), RngInjector(demo_trace):
        model.encoder(x)


class AllSamplers(torch.nn.Module):
    """Draws once with each sampler the tracer must see."""

    def forward(self, x):
        parts = [torch.randn(2, 3), torch.rand(2, 3), torch.randn_like(x), torch.rand_like(x),
                 torch.empty(2, 3).normal_(), torch.empty(2, 3).uniform_(-1, 1),
                 torch.distributions.Uniform(-2.0, 2.0).sample((2, 3)),
                 torch.distributions.Normal(torch.zeros(2, 3), 1.0).rsample()]
        return torch.stack(parts)


def test_every_sampler_is_recorded_once_and_replayed(tmp_path):
    from parity_tracer import Tracer

    model, x = torch.nn.Sequential(AllSamplers()), torch.zeros(2, 3)
    torch.manual_seed(5)
    with Tracer(model, tmp_path / "a") as tracer:
        expected = model(x)
        tracer.final("y", expected)
    rng = [e for e in entries(tmp_path / "a") if e["kind"] == "rng"]
    assert [e["name"] for e in rng] == ["rng.randn", "rng.rand", "rng.randn_like", "rng.rand_like", "rng.normal_",
                                        "rng.uniform_", "rng.sample", "rng.rsample"]
    stored = [np.load(tmp_path / "a" / e["file"]) for e in rng]
    np.testing.assert_array_equal(np.stack(stored), expected.numpy())
    torch.manual_seed(6)
    with RngInjector(tmp_path / "a"):
        again = model(x)
    assert torch.equal(again, expected)
