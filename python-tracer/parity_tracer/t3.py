"""``python -m parity_tracer chatterbox-t3``: trace the real Chatterbox T3 inference.

Runs ``T3.inference(t3_cond=..., text_tokens=..., ...)`` the way ``ChatterboxTTS.generate`` calls it (text ids
duplicated for CFG, start token prepended, stop token appended; temperature 0.8, cfg_weight 0.5, repetition
penalty 1.2, min_p 0.05, top_p 1.0) after ``torch.manual_seed(seed)``, then generate's post-processing, and
records it with the names, call numbering and draw recording of the bundled dump
(``reference-dumps/t3-small-seed1``): root = the ``T3`` object; ``patched_model`` (the backend T3 builds inside
``inference``, inputs only); methods ``t3.inference()``, ``t3.prepare_input_embeds()``,
``t3.prepare_conditioning()``, ``speech_pos_emb.get_fixed_embedding()``; the logits processors under their local
names (``t3.inference.min_p_warper()``, ...); ``torch.multinomial()`` with its draw recorded as the exponential
noise ``exponential_q`` and the ``sampled_token`` (``rng.multinomial`` call k = step k), and
``final.speech_tokens_raw`` / ``final.speech_tokens``. Needs the ``chatterbox`` package and the T3 checkpoint.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import numpy as np
import torch

from .rng import Draw
from .s3gen import HF_REPO, ChatterboxUnavailable, _chatterbox_version
from .tracer import Tracer, default_rng_label

#: the "trace" block of reference-dumps/t3-small-seed1/config.json
EXCLUDE_TYPES = r"^(Dropout|Identity|Sequential|ModuleList)$"
ALWAYS = (r"\(\)$|^(patched_model|tfmr|tfmr\.rotary_emb|speech_head|speech_emb|speech_pos_emb|speech_pos_emb\.emb)$"
          r"|^cond_enc")
ALL_ARGS = (r"\(\)$|^(tfmr|tfmr\.rotary_emb|tfmr\.layers\.\d+|tfmr\.layers\.\d+\.self_attn|cond_enc"
            r"|cond_enc\.perceiver\.attn|cond_enc\.perceiver\.attn\.attention)$")
SKIP_OUT = "patched_model"
MAX_CALLS = 3
ROOT_LABEL = "t3"
METHODS = ("inference", "prepare_input_embeds", "prepare_conditioning", "speech_pos_emb.get_fixed_embedding")
FUNCTIONS = ("torch.multinomial",)
#: processor classes T3.inference instantiates -> the local variable that names them in the trace
PROCESSORS = {"RepetitionPenaltyLogitsProcessor": "repetition_penalty_processor",
              "MinPLogitsWarper": "min_p_warper", "TopPLogitsWarper": "top_p_warper"}
BACKEND = "T3HuggingfaceBackend"
#: tfmr outputs recorded only for the first MAX_CALLS forward passes (the rest of tfmr on every pass)
TFMR_BUSY = ("past_key_values", "hidden_states")
#: the first id that is not a speech token of S3Gen (start-of-speech); generate keeps ids below it
S3GEN_VOCAB = 6561
INPUT_FILES = ("text_tokens_raw", "cond_prompt_speech_tokens", "speaker_emb", "emotion_adv")


def t3_rng_label(draw: Draw) -> str:
    """The dump's labels: a multinomial draw's parts are ``exponential_q`` and ``sampled_token``."""
    return draw.part or default_rng_label(draw)


def record_arg(max_calls: int):
    """The dump's per-entry rules on top of the module rules: no ``patched_model`` outputs (they are
    ``speech_head``'s), no ``tfmr`` cache inputs (the previous pass's outputs), and ``tfmr``'s cache and hidden-state
    outputs only for the first ``max_calls`` passes."""
    def rule(name: str, call: int, kind: str, path: str) -> bool:
        if name == SKIP_OUT:
            return kind != "out"
        if name == "tfmr":
            if kind == "in":
                return not path.startswith("past_key_values")
            return not (path.startswith(TFMR_BUSY) and call >= max_calls)
        return True
    return rule


def tracer_settings(args: argparse.Namespace) -> Dict[str, Any]:
    """Keyword arguments for ``Tracer`` that reproduce the reference dump's recording rules."""
    return {
        "exclude_types": EXCLUDE_TYPES, "always": ALWAYS, "all_args": ALL_ARGS, "max_calls": args.max_calls,
        "methods": METHODS, "functions": FUNCTIONS, "root_label": ROOT_LABEL, "storage": args.storage,
        "rng_label": t3_rng_label, "record_arg": record_arg(args.max_calls), "multinomial": "noise",
        "rng_digits": 3, "inject": args.inject, "inject_match": args.inject_match,
        "force_tokens": args.force_tokens, "overwrite": args.overwrite,
    }


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, type=Path, help="trace directory to write")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--inputs", type=Path, help="directory with text_tokens_raw.npy, cond_prompt_speech_tokens.npy, "
                     "speaker_emb.npy and optionally emotion_adv.npy (the layout of a T3 dump's inputs/)")
    src.add_argument("--text", help="text to speak: punc_norm and the released tokenizer.json as generate does; "
                     "the voice comes from conds.pt")
    p.add_argument("--ckpt-dir", type=Path, help="directory with t3_cfg.safetensors (and tokenizer.json, "
                   f"conds.pt); default: download from the Hugging Face repo {HF_REPO}")
    p.add_argument("--conds", type=Path, help="conds.pt whose 't3' entry is the voice for --text "
                   "(default: <ckpt-dir>/conds.pt)")
    p.add_argument("--seed", type=int, default=1, help="torch.manual_seed before inference (default 1)")
    p.add_argument("--max-new-tokens", type=int, default=1000, help="generation steps at most (default 1000, "
                   "as generate)")
    p.add_argument("--temperature", type=float, default=0.8)
    p.add_argument("--cfg-weight", type=float, default=0.5)
    p.add_argument("--repetition-penalty", type=float, default=1.2)
    p.add_argument("--min-p", type=float, default=0.05)
    p.add_argument("--top-p", type=float, default=1.0)
    p.add_argument("--exaggeration", type=float, default=0.5, help="emotion_adv when --inputs has no "
                   "emotion_adv.npy, and for --text")
    p.add_argument("--device", default="cpu")
    p.add_argument("--max-calls", type=int, default=MAX_CALLS,
                   help="forward passes recorded for the decoder layers (default 3: prefill + 2 steps)")
    p.add_argument("--storage", choices=("float32", "original"), default="float32")
    p.add_argument("--inject", type=Path, help="trace whose rng entries replace fresh draws: its noise q is "
                   "injected and each token is argmax(p/q) of this run's probabilities (e.g. a T3 dump)")
    p.add_argument("--inject-match", help="regex selecting the rng entries to inject")
    p.add_argument("--force-tokens", action="store_true",
                   help="with --inject: also force the injected trace's sampled tokens (teacher forcing)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing trace in --out")


def load_t3(ckpt_dir: Optional[Path], device: str) -> torch.nn.Module:
    """T3 (english config) with the released weights, in eval mode, as ChatterboxTTS.from_local builds it."""
    try:
        from chatterbox.models.t3 import T3
    except ImportError as e:
        raise ChatterboxUnavailable(
            f"the chatterbox package is not importable ({type(e).__name__}: {e}); install it with "
            "`pip install chatterbox-tts` into the Python that runs parity_tracer") from e
    path = _ckpt_file(ckpt_dir, "t3_cfg.safetensors")
    from safetensors.torch import load_file
    state = load_file(str(path))
    if "model" in state.keys():
        state = state["model"][0]
    model = T3()
    model.load_state_dict(state)
    return model.to(device).eval()


def _ckpt_file(ckpt_dir: Optional[Path], name: str) -> Path:
    if ckpt_dir is not None:
        if (ckpt_dir / name).is_file():
            return ckpt_dir / name
        raise ChatterboxUnavailable(f"{ckpt_dir} has no {name}")
    try:
        from huggingface_hub import hf_hub_download
        return Path(hf_hub_download(repo_id=HF_REPO, filename=name))
    except Exception as e:  # offline, no hub package, ...
        raise ChatterboxUnavailable(f"no --ckpt-dir given and the download of {name} from {HF_REPO} failed: "
                                    f"{e}") from e


def load_inputs(args: argparse.Namespace, cond_class) -> Tuple[torch.Tensor, Any]:
    """The raw text ids (1, n) and the T3Cond, from --inputs (a dump's layout) or --text with conds.pt."""
    if args.inputs is not None:
        missing = [f for f in INPUT_FILES[:3] if not (args.inputs / f"{f}.npy").is_file()]
        if missing:
            raise FileNotFoundError(f"{args.inputs} lacks {', '.join(m + '.npy' for m in missing)}")
        arr = {f: np.load(args.inputs / f"{f}.npy") for f in INPUT_FILES if (args.inputs / f"{f}.npy").is_file()}
        emotion = torch.from_numpy(arr["emotion_adv"]).float() if "emotion_adv" in arr \
            else args.exaggeration * torch.ones(1, 1, 1)
        cond = cond_class(speaker_emb=torch.from_numpy(arr["speaker_emb"]).float(),
                          cond_prompt_speech_tokens=torch.from_numpy(arr["cond_prompt_speech_tokens"]).long(),
                          emotion_adv=emotion)
        return torch.from_numpy(arr["text_tokens_raw"]).int(), cond
    return _text_inputs(args, cond_class)


def _text_inputs(args: argparse.Namespace, cond_class) -> Tuple[torch.Tensor, Any]:
    try:
        from chatterbox.models.tokenizers import EnTokenizer
        from chatterbox.tts import punc_norm
    except ImportError as e:
        raise ChatterboxUnavailable(f"--text needs the chatterbox package ({type(e).__name__}: {e})") from e
    tokens = EnTokenizer(str(_ckpt_file(args.ckpt_dir, "tokenizer.json"))).text_to_tokens(punc_norm(args.text))
    conds = args.conds or (args.ckpt_dir / "conds.pt" if args.ckpt_dir else _ckpt_file(None, "conds.pt"))
    if not Path(conds).is_file():
        raise FileNotFoundError(f"no conds.pt at {conds} (use --conds)")
    t3 = dict(torch.load(str(conds), map_location="cpu")["t3"])
    t3["emotion_adv"] = args.exaggeration * torch.ones(1, 1, 1)
    return tokens, cond_class(**t3)


def text_tokens_for_inference(raw: torch.Tensor, hp, cfg_weight: float) -> torch.Tensor:
    """generate's preparation: duplicate the row for CFG, prepend start_text_token, append stop_text_token."""
    tokens = torch.cat([raw, raw], dim=0) if cfg_weight > 0.0 else raw
    tokens = torch.nn.functional.pad(tokens, (1, 0), value=hp.start_text_token)
    return torch.nn.functional.pad(tokens, (0, 1), value=hp.stop_text_token)


def post_process(raw: torch.Tensor, hp) -> torch.Tensor:
    """generate's post-processing: row 0, drop_invalid_tokens (keep what follows a start-of-speech token and precedes
    a stop token), then only ids below 6561 (what S3Gen takes)."""
    x = raw[0]
    starts = (x == hp.start_speech_token).nonzero()
    stops = (x == hp.stop_speech_token).nonzero()
    s = int(starts[0, 0]) + 1 if len(starts) else 0
    e = int(stops[0, 0]) if len(stops) else len(x)
    x = x[s:e]
    return x[x < S3GEN_VOCAB]


@contextlib.contextmanager
def traced_builders(namespace, tracer: Tracer):
    """While open, the classes T3.inference instantiates (looked up in its module's namespace) build traced
    objects: the backend becomes module ``patched_model``, each processor a traced callable."""
    saved = {}
    try:
        if hasattr(namespace, BACKEND):
            saved[BACKEND] = getattr(namespace, BACKEND)
            setattr(namespace, BACKEND, _backend_builder(saved[BACKEND], tracer))
        for cls_name, local in PROCESSORS.items():
            if hasattr(namespace, cls_name):
                saved[cls_name] = getattr(namespace, cls_name)
                setattr(namespace, cls_name, _processor_builder(saved[cls_name], local, tracer))
        yield
    finally:
        for name, value in saved.items():
            setattr(namespace, name, value)


def _backend_builder(cls, tracer: Tracer):
    def build(*args, **kwargs):
        backend = cls(*args, **kwargs)
        tracer.attach_module("patched_model", backend)
        return backend
    return build


class _TracedCallable:
    """A processor whose calls go through a tracer site; everything else reaches the processor itself."""

    def __init__(self, target, call):
        self._target, self._call = target, call

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._target, name)


def _processor_builder(cls, local: str, tracer: Tracer):
    def build(*args, **kwargs):
        processor = cls(*args, **kwargs)
        call = tracer.wrap(f"{ROOT_LABEL}.inference.{local}()", processor.__call__,
                           f"method:{cls.__name__}.__call__")
        return _TracedCallable(processor, call)
    return build


def run(args: argparse.Namespace, model: Optional[torch.nn.Module] = None) -> Tracer:
    """Traces one T3 inference into ``args.out`` (``model`` overrides loading, for tests)."""
    model = model if model is not None else load_t3(args.ckpt_dir, args.device)
    namespace = sys.modules[type(model).__module__]
    raw, cond = load_inputs(args, getattr(namespace, "T3Cond"))
    hp = model.hp
    text_tokens = text_tokens_for_inference(raw, hp, args.cfg_weight).to(args.device)
    cond = cond.to(device=args.device) if hasattr(cond, "to") else cond
    torch.manual_seed(args.seed)
    with torch.inference_mode(), Tracer(model, args.out, **tracer_settings(args)) as tracer, \
            traced_builders(namespace, tracer):
        speech_raw = model.inference(t3_cond=cond, text_tokens=text_tokens, max_new_tokens=args.max_new_tokens,
                                     temperature=args.temperature, cfg_weight=args.cfg_weight,
                                     repetition_penalty=args.repetition_penalty, min_p=args.min_p,
                                     top_p=args.top_p)
        speech = post_process(speech_raw, hp)
        tracer.final("speech_tokens_raw", speech_raw)
        tracer.final("speech_tokens", speech)
    _write_side_files(args, model, raw, text_tokens, cond, speech_raw, speech, tracer)
    return tracer


def _write_side_files(args, model, raw, text_tokens, cond, speech_raw, speech, tracer: Tracer) -> None:
    out = Path(args.out)
    (out / "outputs").mkdir(exist_ok=True)
    np.save(out / "inputs" / "text_tokens_raw.npy", raw.cpu().numpy())
    np.save(out / "inputs" / "text_tokens.npy", text_tokens.cpu().numpy())
    for field in INPUT_FILES[1:]:
        value = getattr(cond, field, None)
        if torch.is_tensor(value):
            np.save(out / "inputs" / f"{field}.npy", value.detach().cpu().numpy())
    np.save(out / "outputs" / "speech_tokens_raw.npy", speech_raw.cpu().numpy())
    np.save(out / "outputs" / "speech_tokens.npy", speech.cpu().numpy())
    config = {"seed": args.seed, "device": args.device,
              "generate": {"temperature": args.temperature, "cfg_weight": args.cfg_weight,
                           "repetition_penalty": args.repetition_penalty, "min_p": args.min_p,
                           "top_p": args.top_p, "max_new_tokens": args.max_new_tokens},
              "model": _model_config(model),
              "call": "T3.inference(t3_cond=T3Cond(speaker_emb, cond_prompt_speech_tokens, emotion_adv), "
                      "text_tokens=text_tokens, max_new_tokens, temperature, cfg_weight, repetition_penalty, "
                      "min_p, top_p) after torch.manual_seed(seed); eval mode; then tts.py post-processing",
              "upstream": {"package": "chatterbox-tts", "version": _chatterbox_version(),
                           "torch": torch.__version__},
              "stats": {"n_steps": int(speech_raw.shape[-1]), "speech_tokens_raw": speech_raw[0].tolist(),
                        "speech_tokens": speech.tolist()},
              "trace": dict({k: v for k, v in tracer.settings.items() if k != "record_arg"},
                            skip_out=f"^{SKIP_OUT}$", n_entries=len(tracer.entries))}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")


def _model_config(model) -> Dict[str, Any]:
    """``t3_config`` (the T3Config attributes) and ``llama`` (the backbone's config), as far as JSON can hold them."""
    def plain(d):
        return {k: v for k, v in d.items() if isinstance(v, (int, float, str, bool, type(None), list, dict))}
    cfg = getattr(model, "cfg", None)
    llama = cfg.to_dict() if hasattr(cfg, "to_dict") else vars(cfg) if cfg is not None else {}
    return {"t3_config": plain(vars(model.hp)), "llama": plain(llama)}
