"""``python -m parity_tracer chatterbox-t3`` without chatterbox: arguments, settings, the clear error, and runs on a
stand-in with T3's layout (``fake_t3.py``) whose traces must have the bundled T3 dump's entries, draws and finals.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from fake_t3 import T3
from parity_tracer import cli, t3, validate_trace

REPO = Path(__file__).resolve().parents[2]
DUMP = REPO / "reference-dumps" / "t3-small-seed1"
KEYS = ("name", "call", "kind", "arg", "module_type", "file", "shape", "dtype")


@pytest.fixture(scope="module")
def t3_dump() -> Path:
    if not (DUMP / "manifest.json").is_file():
        pytest.skip(f"T3 reference dump not found at {DUMP}")
    return DUMP


def parse(*extra):
    return cli.build_parser().parse_args(["chatterbox-t3", "--out", "o", *extra])


def entries(trace):
    return json.loads((Path(trace) / "manifest.json").read_text())["entries"]


def ids(trace, keys=("name", "call", "kind", "arg")):
    return [tuple(e[k] for k in keys) for e in entries(trace)]


def load(trace, name, call, kind, arg):
    e = next(e for e in entries(trace) if (e["name"], e["call"], e["kind"], e["arg"]) == (name, call, kind, arg))
    return np.load(Path(trace) / e["file"])


def traced(out, inputs, *extra, model=None):
    args = cli.build_parser().parse_args(["chatterbox-t3", "--out", str(out), "--inputs", str(inputs),
                                          "--max-new-tokens", "32", *[str(x) for x in extra]])
    t3.run(args, model=model if model is not None else T3(seed=0).eval())
    return out


def test_defaults_follow_generate():
    args = parse("--inputs", "i")
    assert (args.seed, args.max_calls, args.max_new_tokens, args.storage) == (1, 3, 1000, "float32")
    assert (args.temperature, args.cfg_weight, args.repetition_penalty, args.min_p, args.top_p,
            args.exaggeration) == (0.8, 0.5, 1.2, 0.05, 1.0, 0.5)
    assert args.inject is None and not args.force_tokens and not args.overwrite


def test_inputs_and_text_exclude_each_other(capsys):
    with pytest.raises(SystemExit):
        parse()
    with pytest.raises(SystemExit):
        parse("--inputs", "i", "--text", "Hello")
    assert "not allowed with" in capsys.readouterr().err


def test_settings_equal_the_reference_config(t3_dump):
    trace_cfg = json.loads((t3_dump / "config.json").read_text())["trace"]
    settings = t3.tracer_settings(parse("--inputs", "i"))
    for key in ("exclude_types", "always", "all_args"):
        assert settings[key] == trace_cfg[key], key
    assert settings["max_calls"] == trace_cfg["max_calls_per_module"]
    assert f"^{t3.SKIP_OUT}$" == trace_cfg["skip_out"]


def test_missing_chatterbox_gives_a_clear_error(monkeypatch, capsys, tmp_path, t3_dump):
    monkeypatch.setitem(sys.modules, "chatterbox", None)
    monkeypatch.setitem(sys.modules, "chatterbox.models", None)
    monkeypatch.setitem(sys.modules, "chatterbox.models.t3", None)
    code = cli.main(["chatterbox-t3", "--out", str(tmp_path / "o"), "--inputs", str(t3_dump / "inputs")])
    assert code == 2
    assert "chatterbox package is not importable" in capsys.readouterr().err


@pytest.fixture(scope="module")
def forced(t3_dump, tmp_path_factory):
    """The stand-in run with the dump's noise and tokens injected (teacher forcing): the dump's 26 steps."""
    return traced(tmp_path_factory.mktemp("t3") / "forced", t3_dump / "inputs", "--inject", t3_dump,
                  "--force-tokens")


def test_forced_run_has_every_entry_of_the_dump_in_order(forced, t3_dump):
    assert validate_trace(forced).errors == []
    keys = ("name", "call", "kind", "arg", "file", "shape", "dtype")
    assert ids(forced, keys) == ids(t3_dump, keys)
    names = {(e["name"], e["module_type"]) for e in entries(forced) if e["name"].endswith("()")}
    assert names == {(e["name"], e["module_type"]) for e in entries(t3_dump) if e["name"].endswith("()")}


def test_forced_run_injects_the_dumps_draws_and_ends_with_its_tokens(forced, t3_dump):
    for k in range(26):
        for part in ("exponential_q", "sampled_token"):
            assert np.array_equal(load(forced, "rng.multinomial", k, "rng", part),
                                  load(t3_dump, "rng.multinomial", k, "rng", part)), (k, part)
    for name in ("speech_tokens_raw", "speech_tokens"):
        assert np.array_equal(np.load(forced / "outputs" / f"{name}.npy"), np.load(t3_dump / "outputs" / f"{name}.npy"))
        assert np.array_equal(load(forced, f"final.{name}", 0, "final", None),
                              load(t3_dump, f"final.{name}", 0, "final", None))
    for name in ("text_tokens_raw", "text_tokens", "cond_prompt_speech_tokens", "speaker_emb", "emotion_adv"):
        assert np.array_equal(np.load(forced / "inputs" / f"{name}.npy"), np.load(t3_dump / "inputs" / f"{name}.npy"))


def own_picks(trace, steps):
    """argmax(p/q) of each step's recorded probabilities and noise (torch's CPU multinomial rule)."""
    return [int(np.argmax(load(trace, "torch.multinomial()", k, "in", None)
                          / load(trace, "rng.multinomial", k, "rng", "exponential_q"))) for k in range(steps)]


def test_forcing_overrides_the_models_own_choice(forced):
    tokens = np.load(forced / "outputs" / "speech_tokens_raw.npy")[0].tolist()
    assert own_picks(forced, len(tokens)) != tokens, "the stand-in's probabilities would pick other tokens"


@pytest.fixture(scope="module")
def free(t3_dump, tmp_path_factory):
    return traced(tmp_path_factory.mktemp("t3") / "free", t3_dump / "inputs")


def test_recorded_noise_gives_the_sampled_tokens_and_the_stream_is_torchs(free, t3_dump):
    tokens = np.load(free / "outputs" / "speech_tokens_raw.npy")[0].tolist()
    assert own_picks(free, len(tokens)) == tokens
    assert [int(load(free, "rng.multinomial", k, "rng", "sampled_token")) for k in range(len(tokens))] == tokens
    model = T3(seed=0).eval()
    cond = t3.load_inputs(parse("--inputs", str(t3_dump / "inputs")), sys.modules["fake_t3"].T3Cond)
    text = t3.text_tokens_for_inference(cond[0], model.hp, 0.5)
    torch.manual_seed(1)
    with torch.inference_mode():
        untraced = model.inference(t3_cond=cond[1], text_tokens=text, max_new_tokens=32, temperature=0.8,
                                   cfg_weight=0.5, repetition_penalty=1.2, min_p=0.05, top_p=1.0)
    assert untraced[0].tolist() == tokens, "recording q draws exactly what torch.multinomial draws"


def test_injected_noise_reproduces_a_run_under_another_seed(free, t3_dump, tmp_path):
    again = traced(tmp_path / "again", t3_dump / "inputs", "--seed", "7", "--inject", free)
    n = len(np.load(free / "outputs" / "speech_tokens_raw.npy")[0])
    assert np.array_equal(np.load(again / "outputs" / "speech_tokens_raw.npy"),
                          np.load(free / "outputs" / "speech_tokens_raw.npy"))
    for k in range(n):
        assert np.array_equal(load(again, "rng.multinomial", k, "rng", "exponential_q"),
                              load(free, "rng.multinomial", k, "rng", "exponential_q"))
    assert ids(again) == ids(free)


def test_noise_of_the_dump_drives_the_stand_ins_own_tokens(t3_dump, tmp_path):
    run = traced(tmp_path / "noise", t3_dump / "inputs", "--inject", t3_dump, "--inject-match", "exponential_q",
                 "--max-new-tokens", "26")
    tokens = np.load(run / "outputs" / "speech_tokens_raw.npy")[0].tolist()
    assert own_picks(run, len(tokens)) == tokens
    for k in range(min(len(tokens), 26)):
        assert np.array_equal(load(run, "rng.multinomial", k, "rng", "exponential_q"),
                              load(t3_dump, "rng.multinomial", k, "rng", "exponential_q"))


def test_text_goes_through_upstreams_front_end_and_the_voice_of_conds(monkeypatch, tmp_path, t3_dump):
    """--text: upstream's punc_norm and EnTokenizer (stood in here) on <ckpt-dir>/tokenizer.json, the T3Cond of
    conds.pt with emotion_adv set from --exaggeration, as generate does."""
    import types
    seen = {}

    class EnTokenizer:
        def __init__(self, path):
            seen["tokenizer"] = path

        def text_to_tokens(self, text):
            seen["text"] = text
            return torch.IntTensor([[ord(c) % 700 + 1 for c in text]])

    tokenizers = types.ModuleType("chatterbox.models.tokenizers")
    tokenizers.EnTokenizer = EnTokenizer
    tts = types.ModuleType("chatterbox.tts")
    tts.punc_norm = lambda text: text.capitalize() + "."
    for name, module in (("chatterbox", types.ModuleType("chatterbox")), ("chatterbox.tts", tts),
                         ("chatterbox.models", types.ModuleType("chatterbox.models")),
                         ("chatterbox.models.tokenizers", tokenizers)):
        monkeypatch.setitem(sys.modules, name, module)
    (tmp_path / "tokenizer.json").write_text("{}")
    voice = {name: torch.from_numpy(np.load(t3_dump / "inputs" / f"{name}.npy"))
             for name in ("speaker_emb", "cond_prompt_speech_tokens")}
    voice["emotion_adv"] = 0.5 * torch.ones(1, 1, 1)
    torch.save({"t3": voice, "gen": {}}, tmp_path / "conds.pt")
    args = cli.build_parser().parse_args(["chatterbox-t3", "--out", str(tmp_path / "o"), "--text", "hello there",
                                          "--ckpt-dir", str(tmp_path), "--exaggeration", "0.7",
                                          "--max-new-tokens", "5"])
    t3.run(args, model=T3(seed=0).eval())
    assert seen == {"tokenizer": str(tmp_path / "tokenizer.json"), "text": "Hello there."}
    raw = np.load(tmp_path / "o" / "inputs" / "text_tokens_raw.npy")
    assert raw.tolist() == [[ord(c) % 700 + 1 for c in "Hello there."]]
    text = np.load(tmp_path / "o" / "inputs" / "text_tokens.npy")
    assert text.shape == (2, raw.shape[1] + 2) and text[0, 0] == 255 and text[1, -1] == 0
    assert np.allclose(np.load(tmp_path / "o" / "inputs" / "emotion_adv.npy"), 0.7)
    assert np.array_equal(np.load(tmp_path / "o" / "inputs" / "speaker_emb.npy"), voice["speaker_emb"].numpy())
