"""``python -m parity_tracer chatterbox``: trace the real Chatterbox S3Gen inference.

Runs ``S3Token2Wav.inference(speech_tokens, ref_dict=..., n_cfm_timesteps=steps)`` after
``torch.manual_seed(seed)`` and records it with the names and settings of the bundled reference dump
(``reference-dumps/s3gen-small-seed1``): root = the ``S3Token2Wav`` object, methods ``s3gen.inference()``
... ``mel2wav._istft()``, random draws labelled ``cfm_z``, ``sinegen_phase_uniform``, ... and
``final.mel`` / ``final.wav``. Needs the ``chatterbox`` package (``pip install chatterbox-tts``) and the
S3Gen checkpoint.
"""

from __future__ import annotations

import argparse
import inspect
import json
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import numpy as np
import torch

from .tracer import Tracer, default_rng_label
from .rng import Draw

#: the "trace" block of reference-dumps/s3gen-small-seed1/config.json
EXCLUDE_TYPES = r"^(Dropout|ParametrizationList|_WeightNorm|Identity|Transpose|Sequential)$"
ALWAYS = (r"^flow\.decoder(\.estimator)?$|\(\)$|^flow\.encoder$"
          r"|^mel2wav\.(f0_predictor|m_source|m_source\.l_sin_gen)$")
ALL_ARGS = (r"^flow\.decoder(\.estimator)?$|\(\)$|^flow\.encoder$|^flow\.encoder\.(up_)?encoders\.\d+$"
            r"|^flow\.encoder\.(up_)?encoders\.\d+\.self_attn$|transformer_blocks"
            r"|^flow\.decoder\.estimator\.(down|mid|up)_blocks\.\d+\.1\.\d+$"
            r"|^flow\.decoder\.estimator\.(down|mid|up)_blocks\.\d+\.0$|^flow\.decoder\.estimator\.final_block$"
            r"|^mel2wav\.m_source(\.l_sin_gen)?$|^flow\.encoder\.(up_)?embed$|^flow\.encoder\.up_layer$")
MAX_CALLS = 2
ROOT_LABEL = "s3gen"
METHODS = ("inference", "flow_inference", "hift_inference", "flow.inference", "flow.decoder.solve_euler",
           "mel2wav.inference", "mel2wav.decode", "mel2wav._stft", "mel2wav._istft")
#: (innermost traced module or method, sampling function) -> label of the draw (docs/chatterbox-s3gen.md §4)
RNG_LABELS = {
    ("s3gen.flow_inference()", "randn"): "meanflow_noised_mels",
    ("flow.decoder", "randn_like"): "cfm_z",
    ("mel2wav.m_source.l_sin_gen", "sample"): "sinegen_phase_uniform",
    ("mel2wav.m_source.l_sin_gen", "randn_like"): "sinegen_noise_std_normal",
    ("mel2wav.m_source", "randn_like"): "source_noise_branch_unused",
}
REF_KEYS = ("prompt_token", "prompt_token_len", "prompt_feat", "embedding")
HF_REPO = "ResembleAI/chatterbox"


class ChatterboxUnavailable(RuntimeError):
    """The chatterbox package or its checkpoint cannot be loaded."""


def s3gen_rng_label(draw: Draw) -> str:
    """The reference dump's label for a draw, else the generic ``<module>_<function>`` label."""
    return RNG_LABELS.get((draw.where, draw.function)) or default_rng_label(draw)


def tracer_settings(args: argparse.Namespace) -> Dict[str, Any]:
    """Keyword arguments for ``Tracer`` that reproduce the reference dump's recording rules."""
    return {
        "exclude_types": EXCLUDE_TYPES, "always": ALWAYS, "all_args": ALL_ARGS,
        "max_calls": args.max_calls, "methods": METHODS, "root_label": ROOT_LABEL,
        "storage": args.storage, "rng_label": s3gen_rng_label, "keep": ("s3gen.flow_inference()",),
        "inject": args.inject, "inject_match": args.inject_match, "overwrite": args.overwrite,
    }


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, type=Path, help="trace directory to write")
    p.add_argument("--inputs", type=Path, required=True,
                   help="directory with speech_tokens.npy and optionally prompt_token.npy, prompt_token_len.npy, "
                        "prompt_feat.npy, embedding.npy (the layout of a reference dump's inputs/)")
    p.add_argument("--ckpt-dir", type=Path, help="directory with s3gen.safetensors or s3gen.pt (and conds.pt); "
                   f"default: download from the Hugging Face repo {HF_REPO}")
    p.add_argument("--conds", type=Path, help="conds.pt whose 'gen' dict is the reference when --inputs has no "
                   "prompt files (default: <ckpt-dir>/conds.pt)")
    p.add_argument("--seed", type=int, default=1, help="torch.manual_seed before inference (default 1)")
    p.add_argument("--steps", type=int, default=10, help="CFM Euler steps, n_cfm_timesteps (default 10)")
    p.add_argument("--device", default="cpu")
    p.add_argument("--max-calls", type=int, default=MAX_CALLS, help="calls recorded per busy module (default 2)")
    p.add_argument("--storage", choices=("float32", "original"), default="float32")
    p.add_argument("--inject", type=Path, help="trace whose rng entries replace fresh draws (e.g. a reference dump)")
    p.add_argument("--inject-match", help="regex selecting the rng entries to inject")
    p.add_argument("--overwrite", action="store_true", help="replace an existing trace in --out")


def import_s3gen_class():
    """``chatterbox.models.s3gen.S3Gen``, or a ChatterboxUnavailable that says how to get it."""
    try:
        from chatterbox.models.s3gen import S3Gen
    except ImportError as e:
        raise ChatterboxUnavailable(
            f"the chatterbox package is not importable ({type(e).__name__}: {e}); install it with "
            "`pip install chatterbox-tts` into the Python that runs parity_tracer") from e
    return S3Gen


def load_s3gen(ckpt_dir: Optional[Path], device: str) -> torch.nn.Module:
    """S3Gen with the released weights, in eval mode."""
    model = import_s3gen_class()()
    state = _load_state(_checkpoint_path(ckpt_dir))
    model.load_state_dict(state, strict=False)
    return model.to(device).eval()


def _checkpoint_path(ckpt_dir: Optional[Path]) -> Path:
    if ckpt_dir is not None:
        for name in ("s3gen.safetensors", "s3gen.pt"):
            if (ckpt_dir / name).is_file():
                return ckpt_dir / name
        raise ChatterboxUnavailable(f"{ckpt_dir} has neither s3gen.safetensors nor s3gen.pt")
    try:
        from huggingface_hub import hf_hub_download
        return Path(hf_hub_download(repo_id=HF_REPO, filename="s3gen.safetensors"))
    except Exception as e:  # offline, no hub package, ...
        raise ChatterboxUnavailable(f"no --ckpt-dir given and the download from {HF_REPO} failed: {e}") from e


def _load_state(path: Path) -> Dict[str, torch.Tensor]:
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file
        return load_file(str(path))
    return torch.load(str(path), map_location="cpu")


def load_inputs(args: argparse.Namespace) -> Tuple[torch.Tensor, Dict[str, Any]]:
    """Speech tokens (1, N) and the reference dict, from --inputs or from conds.pt."""
    tokens = torch.from_numpy(np.load(args.inputs / "speech_tokens.npy")).long()
    present = [k for k in REF_KEYS if (args.inputs / f"{k}.npy").is_file()]
    if present and len(present) != len(REF_KEYS):
        missing = sorted(set(REF_KEYS) - set(present))
        raise FileNotFoundError(f"{args.inputs} has {present} but not {missing}; give all four or none")
    if present:
        ref = {k: torch.from_numpy(np.load(args.inputs / f"{k}.npy")) for k in REF_KEYS}
        ref["prompt_feat_len"] = None
        return tokens, ref
    conds = args.conds or (args.ckpt_dir / "conds.pt" if args.ckpt_dir else None)
    if conds is None or not conds.is_file():
        raise FileNotFoundError(f"{args.inputs} has no prompt files and no conds.pt was found (use --conds)")
    return tokens, dict(torch.load(str(conds), map_location="cpu")["gen"])


def run(args: argparse.Namespace, model: Optional[torch.nn.Module] = None) -> Tracer:
    """Traces one inference into ``args.out`` (``model`` overrides loading, for tests)."""
    model = model if model is not None else load_s3gen(args.ckpt_dir, args.device)
    tokens, ref = load_inputs(args)
    tokens = tokens.to(args.device)
    ref = {k: v.to(args.device) if torch.is_tensor(v) else v for k, v in ref.items()}
    call_kwargs = {"ref_dict": ref}
    if "n_cfm_timesteps" in inspect.signature(model.inference).parameters:
        call_kwargs["n_cfm_timesteps"] = args.steps
    torch.manual_seed(args.seed)
    with Tracer(model, args.out, **tracer_settings(args)) as tracer:
        result = model.inference(tokens, **call_kwargs)
        wav, source = (result[0], result[1]) if isinstance(result, tuple) else (result, None)
        mel = _first_tensor(tracer.kept["s3gen.flow_inference()"])
        tracer.final("mel", mel)
        tracer.final("wav", wav)
    _write_side_files(args, tokens, ref, mel, wav, source, tracer)
    return tracer


def _first_tensor(value):
    return value if torch.is_tensor(value) else next(v for v in value if torch.is_tensor(v))


def _write_side_files(args, tokens, ref, mel, wav, source, tracer: Tracer) -> None:
    out = Path(args.out)
    np.save(out / "inputs" / "speech_tokens.npy", tokens.cpu().numpy())
    for k in REF_KEYS:
        if torch.is_tensor(ref.get(k)):
            np.save(out / "inputs" / f"{k}.npy", ref[k].detach().cpu().numpy())
    (out / "outputs").mkdir(exist_ok=True)
    for name, t in (("mel", mel), ("wav", wav), ("source", source)):
        if t is not None:
            np.save(out / "outputs" / f"{name}.npy", t.detach().float().cpu().numpy())
    config = {"seed": args.seed, "n_cfm_timesteps": args.steps, "device": args.device,
              "call": "S3Token2Wav.inference(speech_tokens, ref_dict=..., n_cfm_timesteps=steps) after "
                      "torch.manual_seed(seed); eval mode",
              "upstream": {"package": "chatterbox-tts", "version": _chatterbox_version(),
                           "torch": torch.__version__},
              "trace": dict(tracer.settings, n_entries=len(tracer.entries))}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")


def _chatterbox_version() -> Optional[str]:
    try:
        from importlib.metadata import version
        return version("chatterbox-tts")
    except Exception:
        return None
