"""Include/exclude filters, per-module call limits, and a run that fails half-way."""

import json

import pytest
import torch

from parity_tracer import Tracer, demo, validate_trace


def manifest(trace):
    return json.loads((trace / "manifest.json").read_text())


def names(trace, kinds=("in", "out")):
    return {e["name"] for e in manifest(trace)["entries"] if e["kind"] in kinds}


def calls(trace, name):
    return sorted({e["call"] for e in manifest(trace)["entries"] if e["name"] == name})


def test_include_by_name(tmp_path):
    demo.trace(tmp_path / "t", include=r"^encoder\.layers\.1")
    assert names(tmp_path / "t") == {"encoder.layers.1", "encoder.layers.1.norm", "encoder.layers.1.fc1",
                                     "encoder.layers.1.fc2"}
    assert validate_trace(tmp_path / "t").ok


def test_exclude_by_name_and_type(tmp_path):
    demo.trace(tmp_path / "t", exclude=r"^flow", exclude_types=r"^(Linear|Conv1d)$")
    found = {e["module_type"] for e in manifest(tmp_path / "t")["entries"] if e["kind"] in ("in", "out")}
    assert "Linear" not in found and "Conv1d" not in found and "ConvTranspose1d" in found
    assert not any(n.startswith("flow") for n in names(tmp_path / "t"))


def test_include_types_matches_method_types(tmp_path):
    demo.trace(tmp_path / "t", include_types=r"^(method:|Estimator$)")
    assert names(tmp_path / "t") == {"flow.decoder.estimator", "flow.decoder.solve_euler()", "vocoder.excite()"}


def test_max_calls_keeps_call_indices_counting(tmp_path):
    demo.trace(tmp_path / "t", max_calls=2)
    assert calls(tmp_path / "t", "flow.decoder.estimator") == [0, 1]
    assert calls(tmp_path / "t", "encoder.layers.0.act") == [0, 1]


def test_always_overrides_max_calls(tmp_path):
    demo.trace(tmp_path / "t", max_calls=2, always=r"estimator$")
    assert calls(tmp_path / "t", "flow.decoder.estimator") == list(range(10))
    assert calls(tmp_path / "t", "flow.decoder.estimator.inp") == [0, 1]


def test_max_calls_zero_records_only_always(tmp_path):
    demo.trace(tmp_path / "t", max_calls=0, always=r"^head$", record_rng=False)
    assert names(tmp_path / "t", ("in", "out", "rng")) == {"head"}


def test_all_args_limits_other_modules_to_the_first_tensor(tmp_path):
    demo.trace(tmp_path / "t", all_args=r"^encoder$")
    entries = manifest(tmp_path / "t")["entries"]
    assert [e["arg"] for e in entries if e["name"] == "encoder" and e["kind"] == "out"] == [None, "1"]
    assert [e["arg"] for e in entries if e["name"] == "encoder.layers.0"] == [None, None]


def test_rng_recording_can_be_switched_off(tmp_path):
    demo.trace(tmp_path / "t", record_rng=False)
    assert not [e for e in manifest(tmp_path / "t")["entries"] if e["kind"] == "rng"]


class Boom(RuntimeError):
    pass


def failing_model():
    model = demo.build(0)

    def explode(*args, **kwargs):
        raise Boom("vocoder.post exploded")

    model.vocoder.post.forward = explode
    return model


def test_failure_mid_run_leaves_a_valid_manifest(tmp_path):
    model, x = failing_model(), demo.tokens()
    with pytest.raises(Boom), torch.no_grad(), Tracer(model, tmp_path / "t", methods=demo.METHODS):
        model(x)
    report = validate_trace(tmp_path / "t")
    assert report.ok, report.errors
    doc = manifest(tmp_path / "t")
    assert doc["complete"] is False
    assert doc["error"] == {"type": "Boom", "message": "vocoder.post exploded",
                            "entries_before_failure": len(doc["entries"])}
    assert "Boom" in doc["note"]
    last = doc["entries"][-1]
    assert (last["name"], last["kind"]) == ("vocoder.post", "in")
    assert ("flow.decoder.estimator", 9) in {(e["name"], e["call"]) for e in doc["entries"]}


def test_failure_removes_hooks_and_patches(tmp_path):
    model, x = failing_model(), demo.tokens()
    randn_like = torch.randn_like
    with pytest.raises(Boom), Tracer(model, tmp_path / "t"):
        model(x)
    assert torch.randn_like is randn_like
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    assert model.vocoder.post.forward.__name__ == "explode"  # the pre-existing instance attribute is restored


def test_manifest_is_readable_while_the_run_is_in_progress(tmp_path):
    model, x = demo.build(0), demo.tokens()
    with torch.no_grad(), Tracer(model, tmp_path / "t", flush_every=10) as tracer:
        assert manifest(tmp_path / "t")["entries"] == []
        model.encoder(x)
        mid = manifest(tmp_path / "t")
        assert len(mid["entries"]) == len(tracer.entries) // 10 * 10 > 0
        assert mid["complete"] is False  # a run killed now leaves an unfinished trace
    assert manifest(tmp_path / "t")["complete"] is True
