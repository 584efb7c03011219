"""``python -m parity_tracer chatterbox`` without chatterbox: arguments, settings, error, and a dry run on a
stand-in model whose trace must carry the reference dump's method names, rng entries and finals."""

import json
import sys

import pytest

from fake_s3gen import S3Token2Wav
from parity_tracer import cli, s3gen, validate_trace


def parse(*extra):
    return cli.build_parser().parse_args(["chatterbox", "--out", "o", "--inputs", "i", *extra])


def test_defaults_follow_the_reference_run():
    args = parse()
    assert (args.seed, args.steps, args.max_calls, args.storage, args.device) == (1, 10, 2, "float32", "cpu")
    assert args.inject is None and args.ckpt_dir is None and not args.overwrite


def test_options_are_parsed():
    args = parse("--seed", "7", "--steps", "4", "--max-calls", "3", "--storage", "original",
                 "--inject", "ref", "--inject-match", "cfm", "--ckpt-dir", "ck", "--overwrite")
    assert (args.seed, args.steps, args.max_calls, args.storage) == (7, 4, 3, "original")
    assert (str(args.inject), args.inject_match, str(args.ckpt_dir), args.overwrite) == ("ref", "cfm", "ck", True)


def test_required_arguments(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["chatterbox", "--out", "o"])
    assert "--inputs" in capsys.readouterr().err


def test_settings_equal_the_reference_config(reference_dump):
    trace_cfg = json.loads((reference_dump / "config.json").read_text())["trace"]
    settings = s3gen.tracer_settings(parse())
    for key in ("exclude_types", "always", "all_args"):
        assert settings[key] == trace_cfg[key], key
    assert settings["max_calls"] == trace_cfg["max_calls_per_module"]
    assert settings["root_label"] == "s3gen"


def test_missing_chatterbox_gives_a_clear_error(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "chatterbox", None)
    with pytest.raises(s3gen.ChatterboxUnavailable, match="pip install chatterbox-tts"):
        s3gen.import_s3gen_class()
    code = cli.main(["chatterbox", "--out", str(tmp_path / "o"), "--inputs", str(tmp_path)])
    assert code == 2
    assert "chatterbox package is not importable" in capsys.readouterr().err


@pytest.fixture(scope="module")
def fake_run(reference_dump, tmp_path_factory):
    out = tmp_path_factory.mktemp("s3gen") / "trace"
    args = cli.build_parser().parse_args(["chatterbox", "--out", str(out), "--inputs", str(reference_dump / "inputs")])
    s3gen.run(args, model=S3Token2Wav().eval())
    return out


def entries(trace):
    return json.loads((trace / "manifest.json").read_text())["entries"]


def test_dry_run_is_valid(fake_run):
    assert validate_trace(fake_run).errors == []


def test_dry_run_has_the_reference_method_names(fake_run, reference_dump):
    def methods(trace):
        return {(e["name"], e["module_type"]) for e in entries(trace) if e["name"].endswith("()")}
    assert methods(fake_run) == methods(reference_dump)


def test_dry_run_has_the_reference_rng_and_final_entries(fake_run, reference_dump):
    keys = ("name", "call", "kind", "arg", "module_type", "file", "shape", "dtype")

    def pick(trace, kinds):
        return [{k: e[k] for k in keys} for e in entries(trace) if e["kind"] in kinds]
    assert pick(fake_run, ("rng",)) == pick(reference_dump, ("rng",))
    assert pick(fake_run, ("final",)) == pick(reference_dump, ("final",))


def test_dry_run_limits_busy_modules_but_keeps_every_estimator_step(fake_run):
    found = entries(fake_run)
    estimator = sorted({e["call"] for e in found if e["name"] == "flow.decoder.estimator"})
    assert estimator == list(range(10))
    proj = sorted({e["call"] for e in found if e["name"] == "flow.decoder.estimator.proj"})
    assert proj == [0, 1]


def test_dry_run_writes_inputs_outputs_and_config(fake_run, reference_dump):
    for name in ("speech_tokens", "prompt_token", "prompt_token_len", "prompt_feat", "embedding"):
        assert (fake_run / "inputs" / f"{name}.npy").read_bytes() == \
            (reference_dump / "inputs" / f"{name}.npy").read_bytes()
    assert {p.name for p in (fake_run / "outputs").iterdir()} == {"mel.npy", "wav.npy", "source.npy"}
    config = json.loads((fake_run / "config.json").read_text())
    assert (config["seed"], config["n_cfm_timesteps"]) == (1, 10)
