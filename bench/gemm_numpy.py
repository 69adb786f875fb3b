#!/usr/bin/env python3
"""numpy (OpenBLAS) side of bench/gemm.sh: the same shapes and iteration scheme as GemmBenchmark
(4 warm-up and 5 measured windows of 0.5 s, float32, C = op(A) op(B) into a preallocated C).
Prints one JSON line per shape: {"shape": ..., "gflops": [per-window GFLOP/s]}.
Threads come from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS. --cpu divides by this thread's CPU time
(time.thread_time) instead of wall time, as `crema-bench.jar gemm --cpu` does; one thread only."""
import json
import sys
import time

import numpy as np


CLOCK = time.perf_counter


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
        t0, c0 = time.perf_counter(), CLOCK()
        calls = 0
        while True:
            np.matmul(a, b, out=c)
            calls += 1
            if time.perf_counter() - t0 >= 0.5:
                break
        t = CLOCK() - c0
        if w >= 4:
            windows.append(flops * calls / t / 1e9)
    return windows


args = sys.argv[1:]
if "--cpu" in args:
    args.remove("--cpu")
    CLOCK = time.thread_time
for s in args:
    print(json.dumps({"shape": s, "gflops": run(s)}), flush=True)
