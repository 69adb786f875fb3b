#!/usr/bin/env python3
"""numpy (OpenBLAS) side of bench/gemm.sh: the same shapes and iteration scheme as GemmBenchmark
(4 warm-up and 5 measured windows of 0.5 s, float32, C = op(A) op(B) into a preallocated C).
Prints one JSON line per shape: {"shape": ..., "gflops": [per-window GFLOP/s]}.
Threads come from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS."""
import json
import sys
import time

import numpy as np


def run(shape):
    dims, ops = shape.split(":")
    m, n, k = (int(v) for v in dims.split("x"))
    rng = np.random.default_rng(42)
    a = rng.uniform(-1, 1, (k, m) if ops[0] == "T" else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if ops[1] == "T" else (k, n)).astype(np.float32)
    a = a.T if ops[0] == "T" else a
    b = b.T if ops[1] == "T" else b
    c = np.empty((m, n), np.float32)
    flops = 2.0 * m * n * k
    windows = []
    for w in range(9):
        t0 = time.perf_counter()
        calls = 0
        while True:
            np.matmul(a, b, out=c)
            calls += 1
            t = time.perf_counter() - t0
            if t >= 0.5:
                break
        if w >= 4:
            windows.append(flops * calls / t / 1e9)
    return windows


for s in sys.argv[1:]:
    print(json.dumps({"shape": s, "gflops": run(s)}), flush=True)
