#!/usr/bin/python3
"""Times upstream Chatterbox S3Gen token -> wav on the workload of bench/run-pipeline-bench.sh (bench/pipeline.md).

Builds upstream ``S3Token2Wav`` (``chatterbox.models.s3gen.S3Gen``), loads the benchmark's random checkpoint
(every ``flow.*`` and ``mel2wav.*`` key, written by ``PipelineBench write``), and runs
``inference(speech_tokens, ref_dict=..., n_cfm_timesteps=10)`` with the shapes of ``PipelineBench``
(``FlowBench.inputs(25, 50, 3)``): 50 speech tokens, 25 prompt tokens, prompt feat (1, 50, 80), embedding (1, 192);
10 Euler steps with CFG, ``torch.manual_seed(1)`` for the noise. One untimed warm-up, then the timed runs, for each
torch thread count; prints the wall time of every run and the median (and the process CPU time, all threads, which
a loaded machine inflates less), the CPU model and torch's BLAS.

    /usr/bin/python3 bench/upstream_s3gen.py [CKPT] [--runs 3] [--threads 1,2]

Where upstream comes from:
* the installed ``chatterbox`` package (``pip install chatterbox-tts``), if it imports; else
* a source checkout: ``CHATTERBOX_SRC=/path/to/chatterbox/src``. Its dependencies on the token -> wav path
  (diffusers 0.29, einops, omegaconf, tqdm, scipy, torchaudio, s3tokenizer with onnx) must be importable, e.g.
  from source checkouts on PYTHONPATH. The package's top-level ``__init__`` (the TTS front end: transformers,
  perth, ...) is not run in that case; only ``chatterbox.models.s3gen`` and what it imports are loaded.

Works on torch 1.13 (Debian) and 2.x. Exit codes: 0 timed; 1 the checkpoint cannot be read or does not fit the
model; 2 upstream Chatterbox (or torch) cannot be imported (one line says what is missing and how to provide it).
"""

import argparse
import importlib.machinery
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import types

import numpy as np

DEFAULT_CKPT = "/tmp/s3gen-full-random-pipeline.safetensors"
N_PROMPT, N_SPEECH, STEPS, VOCAB = 25, 50, 10, 6561
HOW = ("install chatterbox-tts into this Python, or set CHATTERBOX_SRC=/path/to/chatterbox/src with its "
       "token->wav dependencies (diffusers 0.29, einops, omegaconf, tqdm, torchaudio, s3tokenizer, onnx) importable")


class Unavailable(Exception):
    """Upstream cannot be imported; exit 2."""


class BadCheckpoint(Exception):
    """The checkpoint cannot be read or does not fit the model; exit 1."""


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("ckpt", nargs="?", default=DEFAULT_CKPT)
    p.add_argument("--runs", type=int, default=3, help="timed runs per thread count (default 3)")
    p.add_argument("--threads", default="1,2", help="torch thread counts, comma-separated (default 1,2)")
    args = p.parse_args(argv)
    try:
        threads = [int(t) for t in args.threads.split(",")]
    except ValueError:
        p.error(f"--threads {args.threads!r}: expected comma-separated integers")
    try:
        torch, s3gen_cls, origin, offpath = import_upstream()
    except Unavailable as e:
        print(f"upstream_s3gen: upstream Chatterbox S3Gen is not importable ({e}); {HOW}", file=sys.stderr)
        return 2
    try:
        state = read_safetensors(args.ckpt)
    except BadCheckpoint as e:
        print(f"upstream_s3gen: {args.ckpt}: {e}", file=sys.stderr)
        return 1
    print_machine(torch, origin)
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    model = s3gen_cls()
    try:
        load(model, state, torch)
    except BadCheckpoint as e:
        print(f"upstream_s3gen: {args.ckpt}: {e}", file=sys.stderr)
        return 1
    model.eval()
    del state
    print(f"load: {time.perf_counter() - t0:.2f} s ({len(model.state_dict())} tensors in the model)")
    inputs = make_inputs(torch)
    calls_before = offpath.calls
    for n in threads:
        torch.set_num_threads(n)
        wav = run_once(model, inputs, torch)  # warm-up
        secs, cpu = [], []
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            wav = run_once(model, inputs, torch)
            secs.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        print(f"upstream, torch threads {torch.get_num_threads()}, load average {os.getloadavg()[0]:.1f}: "
              f"runs {[round(s, 2) for s in secs]} s, median {statistics.median(secs):.2f} s "
              f"(process CPU {[round(s, 2) for s in cpu]} s, median {statistics.median(cpu):.2f} s; "
              f"{os_threads()} OS threads), wav {tuple(wav.shape)}", flush=True)
    if offpath.calls != calls_before:
        # a stand-in below was reached during inference: the timing would not be upstream's
        print(f"upstream_s3gen: a stand-in for a missing module was called during inference ({offpath.calls})",
              file=sys.stderr)
        return 1
    return 0


class OffPath:
    """Counts the calls into the stand-ins of import_upstream; none may happen during inference."""

    def __init__(self):
        self.calls = {}

    def called(self, what):
        self.calls = dict(self.calls, **{what: self.calls.get(what, 0) + 1})


def import_upstream():
    """(torch, S3Token2Wav class, where it came from, OffPath counter), or Unavailable."""
    try:
        import torch
    except ImportError as e:
        raise Unavailable(f"torch: {e}") from e
    offpath = OffPath()
    src = os.environ.get("CHATTERBOX_SRC")
    err = None
    if not src:
        try:
            from chatterbox.models.s3gen import S3Gen
            return torch, S3Gen, "chatterbox package " + package_version(), offpath
        except Exception as e:  # ImportError, or the package's own import-time failures
            err = e
        raise Unavailable(f"{type(err).__name__}: {err}; CHATTERBOX_SRC is not set")
    pkg = os.path.join(src, "chatterbox", "models", "s3gen")
    if not os.path.isfile(os.path.join(pkg, "s3gen.py")):
        raise Unavailable(f"CHATTERBOX_SRC={src} has no chatterbox/models/s3gen/s3gen.py")
    sys.path.insert(0, src)
    # chatterbox/__init__.py imports the TTS front end (transformers, perth, ...) and reads the installed
    # package's metadata; neither is part of token -> wav. Register the two parent packages without running
    # their __init__ so that only chatterbox.models.s3gen and its own imports are loaded.
    for name in ("chatterbox", "chatterbox.models"):
        mod = types.ModuleType(name)
        mod.__path__ = [os.path.join(src, *name.split("."))]
        mod.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
        sys.modules[name] = mod
    torch_compat(torch)
    standins(offpath)
    try:
        from chatterbox.models.s3gen import S3Gen
    except Exception as e:
        raise Unavailable(f"{type(e).__name__}: {e} (importing chatterbox.models.s3gen from {src})") from e
    return torch, S3Gen, f"source checkout {src}" + git_head(src), offpath


def torch_compat(torch):
    """torch < 2.1 lacks torch.nn.utils.parametrizations.weight_norm, which upstream's HiFT and F0 predictor use.

    Added here the way torch 2.1 defines it (a parametrization computing torch._weight_norm(v, g, dim) on every
    access, state-dict keys ``parametrizations.weight.original0/1``), so the work per call is torch 2.x's.
    """
    import torch.nn.utils.parametrizations as parametrizations
    import torch.nn.utils.parametrize as parametrize
    if hasattr(parametrizations, "weight_norm"):
        return

    class _WeightNorm(torch.nn.Module):
        def __init__(self, dim=0):
            super().__init__()
            self.dim = -1 if dim is None else dim

        def forward(self, weight_g, weight_v):
            return torch._weight_norm(weight_v, weight_g, self.dim)

        def right_inverse(self, weight):
            return torch.norm_except_dim(weight, 2, self.dim), weight

    def weight_norm(module, name="weight", dim=0):
        parametrize.register_parametrization(module, name, _WeightNorm(dim))
        return module

    parametrizations.weight_norm = weight_norm


def standins(offpath):
    """Stand-ins for two packages that S3Gen imports but token -> wav never calls, when they are missing.

    * librosa: ``librosa.filters.mel`` builds the mel filters of the speech tokenizer (S3Tokenizer, in
      S3Token2Wav's constructor) and of ``mel_spectrogram`` (reference audio); both only turn reference *audio*
      into a prompt, which the benchmark gives as tensors (ref_dict).
    * conformer: ``ConformerBlock`` is the base class of matcha's ``ConformerWrapper``, which S3Gen's decoder
      (transformer blocks only) never builds.
    Every call is counted; main() fails if one happens during inference.
    """
    if not importable("librosa"):
        librosa = types.ModuleType("librosa")
        librosa.__spec__ = importlib.machinery.ModuleSpec("librosa", None, is_package=True)
        filters = types.ModuleType("librosa.filters")
        filters.__spec__ = importlib.machinery.ModuleSpec("librosa.filters", None)

        def mel(*, sr, n_fft, n_mels=128, **_):
            offpath.called("librosa.filters.mel")
            return np.zeros((n_mels, 1 + n_fft // 2), np.float32)  # shape only: used to tokenize audio

        filters.mel = mel
        librosa.filters = filters
        sys.modules["librosa"] = librosa
        sys.modules["librosa.filters"] = filters
    if not importable("conformer"):
        import torch
        conformer = types.ModuleType("conformer")
        conformer.__spec__ = importlib.machinery.ModuleSpec("conformer", None)

        class ConformerBlock(torch.nn.Module):
            def __init__(self, *a, **k):
                raise RuntimeError("conformer is not installed: ConformerBlock is a stand-in")

        conformer.ConformerBlock = ConformerBlock
        sys.modules["conformer"] = conformer


def importable(name):
    try:
        __import__(name)
        return True
    except ImportError:
        return False


def read_safetensors(path):
    """{key: float32 ndarray} from a safetensors file, parsed with NumPy (header: 8-byte length + JSON)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if len(head) != 8:
                raise BadCheckpoint("not a safetensors file (shorter than 8 bytes)")
            n = int.from_bytes(head, "little")
            if n > os.path.getsize(path) - 8:
                raise BadCheckpoint(f"not a safetensors file (header length {n} exceeds the file)")
            header = json.loads(f.read(n))
    except OSError as e:
        raise BadCheckpoint(f"cannot read ({e.strerror}); bench/run-pipeline-bench.sh writes it") from e
    except (ValueError, UnicodeDecodeError) as e:
        raise BadCheckpoint(f"not a safetensors file (header is not JSON: {e})") from e
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        dt = dtypes.get(info.get("dtype"))
        if dt is None:
            raise BadCheckpoint(f"tensor {key}: unsupported dtype {info.get('dtype')}")
        b, e = info["data_offsets"]
        shape = tuple(info["shape"])
        if e > len(data) or e - b != int(np.prod(shape, dtype=np.int64)) * np.dtype(dt).itemsize:
            raise BadCheckpoint(f"tensor {key}: data_offsets {b}..{e} do not fit shape {list(shape)} "
                                f"{info['dtype']} or the file")
        out[key] = np.frombuffer(data[b:e], dtype=dt).reshape(shape)
    return out


def load(model, state, torch):
    """Loads every flow.* / mel2wav.* tensor; the checkpoint must cover all of them and nothing else."""
    wanted = {k for k in model.state_dict() if k.startswith(("flow.", "mel2wav."))}
    missing = sorted(wanted - state.keys())
    extra = sorted(state.keys() - wanted)
    if missing or extra:
        raise BadCheckpoint(f"does not fit upstream S3Token2Wav: {len(missing)} keys missing "
                            f"{missing[:3]}, {len(extra)} unknown {extra[:3]}")
    tensors = {k: torch.from_numpy(np.array(v, dtype=np.float32 if v.dtype.kind == "f" else v.dtype))
               for k, v in state.items()}
    try:
        model.load_state_dict(tensors, strict=False)
    except RuntimeError as e:
        raise BadCheckpoint("does not fit upstream S3Token2Wav: " + str(e).splitlines()[-1].strip()) from e


def make_inputs(torch):
    """The shapes and value ranges of FlowBench.inputs(25, 50, 3) (the values are NumPy's draws, not Java's)."""
    r = np.random.RandomState(3)
    feat = (r.random_sample((1, 2 * N_PROMPT, 80)) * 4 - 6).astype(np.float32)
    emb = (r.random_sample((1, 192)) - 0.5).astype(np.float32)
    return {"speech_tokens": torch.from_numpy(r.randint(0, VOCAB, (1, N_SPEECH)).astype(np.int64)),
            "prompt_token": torch.from_numpy(r.randint(0, VOCAB, (1, N_PROMPT)).astype(np.int64)),
            "prompt_token_len": torch.tensor([N_PROMPT]), "prompt_feat": torch.from_numpy(feat),
            "embedding": torch.from_numpy(emb)}


def run_once(model, inputs, torch):
    """One S3Token2Wav.inference (ref_dict is modified by upstream, so it is built anew)."""
    ref = {k: inputs[k].clone() for k in ("prompt_token", "prompt_token_len", "prompt_feat", "embedding")}
    ref["prompt_feat_len"] = None
    torch.manual_seed(1)
    out = model.inference(inputs["speech_tokens"], ref_dict=ref, n_cfm_timesteps=STEPS)
    return out[0] if isinstance(out, tuple) else out


def print_machine(torch, origin):
    cpu = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    print(f"platform: {platform.platform()}, CPU model (lscpu): {cpu}, {os.cpu_count()} CPUs, "
          f"python {platform.python_version()}")
    print(f"upstream: {origin}; torch {torch.__version__}")
    cfg = torch.__config__.show().splitlines()
    for line in cfg[:7]:
        print("  " + line.strip())
    blas = re.findall(r"(BLAS_INFO=[^,]*|LAPACK_INFO=[^,]*|USE_MKLDNN=[^,]*)", torch.__config__.show())
    torch.ones(64, 64) @ torch.ones(64, 64)  # loads the BLAS library, to name it below
    libs = sorted({os.path.basename(m.split()[-1]) for m in open("/proc/self/maps")
                   if re.search(r"lib(open)?blas|libmkl|blis", m)}) if os.path.exists("/proc/self/maps") else []
    print(f"  {', '.join(blas)}; BLAS library mapped: {', '.join(libs) or '?'}")


def os_threads():
    """Threads of this process (torch's OpenMP pool plus OpenBLAS's own pthreads, if any)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return "?"


def package_version():
    try:
        from importlib.metadata import version
        return version("chatterbox-tts")
    except Exception:
        return "(version unknown)"


def git_head(src):
    try:
        out = subprocess.run(["git", "-C", src, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return f" (git {out.stdout.strip()})" if out.returncode == 0 else ""
    except OSError:
        return ""


if __name__ == "__main__":
    sys.exit(main())
