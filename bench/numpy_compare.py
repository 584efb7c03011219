"""The NumPy baseline for the compare benchmark: the same metrics as `parity compare` (see
src/test/resources/fixtures/compare/numpy_metrics.py) for every aligned entry of two traces.

usage: /usr/bin/python3 bench/numpy_compare.py REF CAND
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src/test/resources/fixtures/compare"))
from numpy_metrics import metrics, read_trace  # noqa: E402


def main():
    t0 = time.perf_counter()
    ref, cand = read_trace(sys.argv[1]), read_trace(sys.argv[2])
    nbytes = 0
    failed = 0
    for key, e in ref.items():
        c = cand.get(key)
        if c is None:
            continue
        r = np.load(os.path.join(sys.argv[1], e["file"]))
        x = np.load(os.path.join(sys.argv[2], c["file"]))
        nbytes += r.nbytes + x.nbytes
        m = metrics(r, x, 1e-5, 1e-4)
        failed += m["frac_within_tol"] < 1.0
    dt = time.perf_counter() - t0
    print(f"numpy: {len(ref)} entries, {nbytes / 1e6:.1f} MB in {dt:.2f} s = {nbytes / 1e6 / dt:.1f} MB/s, {failed} failed")


if __name__ == "__main__":
    main()
