"""Copies a trace and perturbs one module's output and every later float entry (not the random draws) by a 1e-2
relative, nonlinear error: a candidate with a known origin, for bench/diagnose.md.

usage: python3 bench/perturb_trace.py SRC DST MODULE   (MODULE's first `out` entry, call 0)
"""
import json
import os
import shutil
import sys

import numpy as np


def main(src, dst, module):
    shutil.copytree(src, dst)
    os.chmod(dst, 0o755)
    doc = json.load(open(os.path.join(src, "manifest.json")))
    entries = doc["entries"]
    start = next(i for i, e in enumerate(entries)
                 if e["name"] == module and e["kind"] == "out" and e["call"] == 0 and e["arg"] is None)
    for e in entries[start:]:
        if e["kind"] == "rng" or not e["dtype"].startswith("float"):
            continue
        path = os.path.join(dst, e["file"])
        x = np.load(path).astype(np.float64)
        y = x + 1e-2 * (np.abs(x) + np.sin(np.arange(x.size)).reshape(x.shape))
        os.chmod(os.path.dirname(path), 0o755)
        if os.path.exists(path):
            os.chmod(path, 0o644)
        np.save(path, y.astype(np.float32))


if __name__ == "__main__":
    main(*sys.argv[1:4])
