"""GFLOPS of F.linear in this Python's torch at the shapes of GemmBench (bench/gemm.md), for comparison.

/usr/bin/python3 bench/gemm_torch.py [threads] [rounds] [reps]   (Debian's torch 1.13.1 uses OpenBLAS)
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

SHAPES = [(300, 256, 512), (300, 512, 256), (300, 256, 1024), (300, 1024, 256),
          (150, 512, 512), (150, 512, 2048), (150, 2048, 512)]


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    torch.set_num_threads(threads)
    torch.manual_seed(3)
    blas = [l.strip() for l in torch.__config__.show().splitlines() if "BLAS" in l]
    print("torch", torch.__version__, "threads", threads, "|", "; ".join(blas))
    print("%-16s %10s" % ("(M, K, N)", "linear"))
    with torch.no_grad():
        for m, k, n in SHAPES:
            x = torch.randn(m, k)
            w = torch.randn(n, k) / k ** 0.5
            b = torch.randn(n)
            F.linear(x, w, b)
            g = []
            for _ in range(rounds):
                t = time.perf_counter()
                for _ in range(reps):
                    F.linear(x, w, b)
                g.append(2.0 * m * k * n * reps / (time.perf_counter() - t) / 1e9)
            print("%-16s %10.1f" % ([m, k, n], statistics.median(g)))


if __name__ == "__main__":
    main()
