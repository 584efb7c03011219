"""Recording: names, call indices, arguments, outputs, dtypes, filters and clean-up on the demo model."""

import json
import math

import numpy as np
import pytest
import torch
from torch import nn

from parity_tracer import Tracer, demo, module_type, validate_trace


def load_entries(trace):
    return json.loads((trace / "manifest.json").read_text())["entries"]


def select(entries, name, kind=None):
    return [e for e in entries if e["name"] == name and (kind is None or e["kind"] == kind)]


def array(trace, entry):
    return np.load(trace / entry["file"])


def test_demo_trace_is_valid_and_complete(demo_trace):
    report = validate_trace(demo_trace)
    assert report.errors == [] and report.warnings == []
    manifest = json.loads((demo_trace / "manifest.json").read_text())
    assert manifest["complete"] is True
    assert manifest["producer"]["framework"] == f"torch {torch.__version__}"


def test_estimator_called_via_forward_is_recorded_once_per_step(demo_trace):
    entries = load_entries(demo_trace)
    outs = select(entries, "flow.decoder.estimator", "out")
    assert [e["call"] for e in outs] == list(range(10))
    ins = select(entries, "flow.decoder.estimator", "in")
    assert [(e["call"], e["arg"]) for e in ins[:3]] == [(0, None), (0, "mu"), (0, "t")]
    t_values = [float(array(demo_trace, e)[0]) for e in ins if e["arg"] == "t"]
    assert t_values == pytest.approx([k / 10 for k in range(10)], abs=1e-6)


def test_module_called_through_hooks_is_recorded_once(demo_trace):
    entries = load_entries(demo_trace)
    fc1 = select(entries, "encoder.layers.0.fc1")
    assert [(e["call"], e["kind"]) for e in fc1] == [(0, "in"), (0, "out")]


def test_keyword_only_argument_is_recorded_by_name(demo_trace):
    entries = load_entries(demo_trace)
    mask = [e for e in select(entries, "encoder.layers.1", "in") if e["arg"] == "mask"]
    assert len(mask) == 1
    assert mask[0]["dtype"] == "bool" and mask[0]["shape"] == [1, 12, 1]
    stored = array(demo_trace, mask[0])
    assert stored.dtype == np.float32 and set(np.unique(stored)) == {1.0}


def test_shared_module_is_recorded_under_its_first_path_counting_every_use(demo_trace):
    entries = load_entries(demo_trace)
    calls = [e["call"] for e in select(entries, "encoder.layers.0.act", "out")]
    assert calls == [0, 1, 2]
    assert select(entries, "encoder.layers.1.act") == []


def test_tuple_and_dict_outputs(demo_trace):
    entries = load_entries(demo_trace)
    assert [e["arg"] for e in select(entries, "encoder", "out")] == [None, "1"]
    head = select(entries, "head", "out")
    assert [e["arg"] for e in head] == [None, "energy"]
    mel, energy = (array(demo_trace, e) for e in head)
    np.testing.assert_allclose(energy, (mel ** 2).mean(axis=1), rtol=1e-6)


def test_inputs_keep_their_original_dtype_in_the_manifest(demo_trace):
    first = load_entries(demo_trace)[0]
    assert (first["name"], first["kind"], first["dtype"]) == ("encoder", "in", "int64")
    stored = array(demo_trace, first)
    assert stored.dtype == np.float32
    np.testing.assert_array_equal(stored, demo.tokens().numpy().astype(np.float32))


def test_traced_methods(demo_trace):
    entries = load_entries(demo_trace)
    solve = select(entries, "flow.decoder.solve_euler()")
    assert {e["module_type"] for e in solve} == {"method:Decoder.solve_euler"}
    assert [(e["kind"], e["arg"]) for e in solve] == [("in", None), ("in", "t_span"), ("in", "mu"), ("out", None)]
    assert solve[0]["file"] == "tensors/flow.decoder.solve_euler.method#0.in.npy"


def test_entries_follow_execution_order(demo_trace):
    names = [(e["name"], e["kind"]) for e in load_entries(demo_trace)]
    assert names.index(("flow.decoder", "in")) < names.index(("flow.decoder.solve_euler()", "in"))
    assert names.index(("flow.decoder.estimator", "out")) < names.index(("flow.decoder.solve_euler()", "out"))
    assert names.index(("flow.decoder.solve_euler()", "out")) < names.index(("flow.decoder", "out"))
    assert names[-2:] == [("final.mel", "final"), ("final.wav", "final")]


def test_random_draws_in_draw_order(demo_trace):
    rng = [e for e in load_entries(demo_trace) if e["kind"] == "rng"]
    assert [(e["name"], e["call"], e["arg"]) for e in rng] == [
        ("rng.randn_like", 0, "flow_decoder_randn_like"),
        ("rng.sample", 1, "vocoder_excite_sample"),
        ("rng.normal_", 2, "vocoder_excite_normal_")]
    assert [e["file"] for e in rng] == ["inputs/rng_00_flow_decoder_randn_like.npy",
                                        "inputs/rng_01_vocoder_excite_sample.npy",
                                        "inputs/rng_02_vocoder_excite_normal_.npy"]
    assert rng[0]["module_type"] == "random draw inside flow.decoder"
    torch.manual_seed(1)
    mu_like = torch.zeros(1, 12, 8).transpose(1, 2)  # the encoder output is a transposed view
    np.testing.assert_array_equal(array(demo_trace, rng[0]), torch.randn_like(mu_like).numpy())
    phase = array(demo_trace, rng[1])
    assert phase.shape == (1, 4, 1) and np.all(np.abs(phase) <= math.pi)


def test_final_wav_matches_an_untraced_run(demo_trace):
    model, x = demo.build(0), demo.tokens()
    torch.manual_seed(1)
    with torch.no_grad():
        wav = model(x)["wav"]
    final = select(load_entries(demo_trace), "final.wav")[0]
    np.testing.assert_array_equal(array(demo_trace, final), wav.numpy())


def test_everything_is_removed_after_the_run(tmp_path):
    model = demo.build(0)
    originals = (torch.randn, torch.randn_like, torch.distributions.Uniform.rsample,
                 torch.distributions.Distribution.sample)
    with Tracer(model, tmp_path / "t", methods=demo.METHODS):
        model(demo.tokens())
    for m in model.modules():
        assert not m._forward_hooks and not m._forward_pre_hooks
        assert "forward" not in vars(m)
    assert "solve_euler" not in vars(model.flow.decoder)
    assert (torch.randn, torch.randn_like, torch.distributions.Uniform.rsample,
            torch.distributions.Distribution.sample) == originals
    assert "normal_" not in vars(torch.Tensor)


def test_storage_original_keeps_dtypes(tmp_path):
    trace = tmp_path / "t"
    demo.trace(trace, storage="original")
    entries = load_entries(trace)
    assert array(trace, entries[0]).dtype == np.int64
    mask = [e for e in select(entries, "encoder.layers.0", "in") if e["arg"] == "mask"][0]
    assert array(trace, mask).dtype == np.bool_


def test_bfloat16_is_stored_as_float32_with_original_dtype(tmp_path):
    model = nn.Sequential(nn.Linear(4, 3)).to(torch.bfloat16)
    x = torch.linspace(-1, 1, 8).view(2, 4).to(torch.bfloat16)
    with torch.no_grad(), Tracer(model, tmp_path / "t"):
        y = model(x)
    out = select(load_entries(tmp_path / "t"), "0", "out")[0]
    assert out["dtype"] == "bfloat16"
    stored = np.load(tmp_path / "t" / out["file"])
    assert stored.dtype == np.float32
    np.testing.assert_array_equal(stored, y.float().numpy())


def test_complex_output_is_stored_as_real_and_imaginary_parts(tmp_path):
    class Spectrum(nn.Module):
        def forward(self, x):
            return torch.fft.rfft(x)

    model = nn.Sequential(Spectrum())
    x = torch.arange(8.0).view(1, 8)
    with Tracer(model, tmp_path / "t"):
        y = model(x)
    outs = select(load_entries(tmp_path / "t"), "0", "out")
    assert [(e["arg"], e["dtype"], e["complex_dtype"]) for e in outs] == [
        (None, "float32", "complex64"), ("imag", "float32", "complex64")]
    np.testing.assert_array_equal(np.load(tmp_path / "t" / outs[1]["file"]), y.imag.numpy())


def test_parametrized_and_weight_normed_module_types():
    from torch.nn.utils import parametrize

    class Doubled(nn.Module):
        def forward(self, w):
            return 2 * w

    lin = nn.Linear(2, 2)
    parametrize.register_parametrization(lin, "weight", Doubled())
    assert module_type(lin) == "Linear[doubled]"
    assert module_type(torch.nn.utils.weight_norm(nn.Conv1d(2, 2, 1))) == "Conv1d[weight_norm]"
    assert module_type(nn.Conv1d(2, 2, 1)) == "Conv1d"


def test_root_methods_use_root_label(tmp_path):
    class Root(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(2, 2)

        def inference(self, x):
            return self.lin(x)

    model = Root()
    with Tracer(model, tmp_path / "t", methods=["inference"], root_label="s3gen"):
        model.inference(torch.ones(1, 2))
    names = [e["name"] for e in load_entries(tmp_path / "t")]
    assert names == ["s3gen.inference()", "lin", "lin", "s3gen.inference()"]
    assert load_entries(tmp_path / "t")[0]["module_type"] == "method:Root.inference"


def test_existing_trace_is_not_overwritten_by_accident(tmp_path, demo_trace):
    with pytest.raises(FileExistsError, match="overwrite"):
        Tracer(demo.build(0), demo_trace)


def test_output_changed_by_an_existing_hook_is_recorded_and_the_hook_kept(tmp_path):
    model = nn.Sequential(nn.Linear(2, 2))
    handle = model[0].register_forward_hook(lambda module, args, out: out * 2)
    x = torch.ones(1, 2)
    with torch.no_grad(), Tracer(model, tmp_path / "t"):
        y = model(x)
    out = select(load_entries(tmp_path / "t"), "0", "out")[0]
    np.testing.assert_array_equal(np.load(tmp_path / "t" / out["file"]), y.numpy())
    assert list(model[0]._forward_hooks) == [handle.id]
