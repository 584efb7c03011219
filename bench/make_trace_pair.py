"""Generates a reference/candidate pair of parity traces of float32 tensors for the compare benchmarks.

usage: /usr/bin/python3 bench/make_trace_pair.py OUT_DIR TOTAL_MB [ENTRIES]
Writes OUT_DIR/ref and OUT_DIR/cand; the candidate is the reference plus float32-level noise, with one
entry in the middle perturbed more (so the compare finds a first divergence).
"""
import json
import os
import sys

import numpy as np


def write_trace(path, arrays, names):
    os.makedirs(os.path.join(path, "tensors"), exist_ok=True)
    entries = []
    for i, (a, name) in enumerate(zip(arrays, names)):
        f = f"tensors/{name}#0.out.npy"
        np.save(os.path.join(path, f), a)
        entries.append({"name": name, "call": 0, "kind": "out", "arg": None, "module_type": "Bench",
                        "file": f, "shape": list(a.shape), "dtype": "float32"})
    with open(os.path.join(path, "manifest.json"), "w") as fh:
        json.dump({"format": "parity-trace", "version": 1, "producer": {"name": "bench"}, "entries": entries}, fh)


def main():
    out, total_mb = sys.argv[1], float(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    per = int(total_mb * 1024 * 1024 / 4 / n)
    rng = np.random.default_rng(0)
    names = [f"model.layers.{i}" for i in range(n)]
    refs, cands = [], []
    for i in range(n):
        r = rng.standard_normal(per, dtype=np.float32).reshape(-1, 256) if per % 256 == 0 else \
            rng.standard_normal(per, dtype=np.float32)
        noise = 1e-6 if i != n // 2 else 1e-2
        refs.append(r)
        cands.append((r * (1 + noise * rng.standard_normal(r.shape, dtype=np.float32))).astype(np.float32))
    write_trace(os.path.join(out, "ref"), refs, names)
    write_trace(os.path.join(out, "cand"), cands, names)
    print(f"wrote {n} entries x {per * 4 / 1e6:.2f} MB per side to {out}")


if __name__ == "__main__":
    main()
