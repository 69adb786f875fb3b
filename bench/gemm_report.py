#!/usr/bin/env python3
"""Tables for bench/gemm.sh: medians over rounds of each run's median window, Crema (JMH JSON) vs
numpy (JSON lines), per thread count. Usage: gemm_report.py RESULTS_DIR"""
import glob
import json
import os
import re
import statistics
import sys
from collections import defaultdict

out = sys.argv[1]
crema = defaultdict(list)   # (threads, shape) -> [median GFLOP/s of one run]
numpy = defaultdict(list)


def flops(shape):
    m, n, k = (int(v) for v in shape.split(":")[0].split("x"))
    return 2.0 * m * n * k


for f in glob.glob(os.path.join(out, "crema-*.json")):
    t = int(re.search(r"-t(\d+)-", f).group(1))
    for r in json.load(open(f)):
        shape = r["params"]["shape"]
        windows = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        crema[(t, shape)].append(statistics.median(windows) * flops(shape) / 1e9)
for f in glob.glob(os.path.join(out, "numpy-*.jsonl")):
    t = int(re.search(r"-t(\d+)-", f).group(1))
    for line in open(f):
        r = json.loads(line)
        numpy[(t, r["shape"])].append(statistics.median(r["gflops"]))

cpu_crema = defaultdict(list)
cpu_numpy = defaultdict(list)
for f in glob.glob(os.path.join(out, "cpu-*.jsonl")):
    target = cpu_crema if "cpu-crema" in f else cpu_numpy
    for line in open(f):
        if line.startswith("{"):
            r = json.loads(line)
            target[r["shape"]].append(statistics.median(r["gflops"]))


def order(shapes):
    square = [s for s in shapes if len(set(s.split(":")[0].split("x"))) == 1]
    return sorted(square, key=lambda s: int(s.split("x")[0])) + [s for s in shapes if s not in square]


for t in sorted({k[0] for k in crema}):
    print(f"\n{t} thread{'s' if t > 1 else ''}: median GFLOP/s over rounds (each round: median of 5 windows)\n")
    print("| shape (MxNxK:op) | Crema | numpy/OpenBLAS | Crema / OpenBLAS | rounds |")
    print("|---|---:|---:|---:|---:|")
    shapes = [k[1] for k in crema if k[0] == t]
    for s in order(list(dict.fromkeys(shapes))):
        c = statistics.median(crema[(t, s)])
        n = statistics.median(numpy[(t, s)]) if numpy[(t, s)] else float("nan")
        print(f"| {s} | {c:.1f} | {n:.1f} | {c / n:.2f}x | {len(crema[(t, s)])} |")

if cpu_crema:
    print("\n1 thread, GFLOP/s per CPU second of the measuring thread (median over rounds of 7-window medians)\n")
    print("| shape (MxNxK:op) | Crema | numpy/OpenBLAS | Crema / OpenBLAS | rounds |")
    print("|---|---:|---:|---:|---:|")
    for s in order(list(cpu_crema)):
        c = statistics.median(cpu_crema[s])
        n = statistics.median(cpu_numpy[s]) if cpu_numpy[s] else float("nan")
        print(f"| {s} | {c:.1f} | {n:.1f} | {c / n:.2f}x | {len(cpu_crema[s])} |")
