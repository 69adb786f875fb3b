#!/usr/bin/env python3
"""PyTorch CPU's conv2d / max_pool2d throughput on the shapes of Crema's ConvBenchmark (same cases,
same FLOP counts, same timing rule: median of 5 windows after warm-up; this thread's CPU time with
1 thread, wall time otherwise).

Usage: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/conv_bench.py THREADS [SECONDS]
"""
import sys
import time

import torch
import torch.nn.functional as F

CASES = [  # name, n, c, h, w, oc, k, pad, input needs grad
    ("cnn conv1 1->32 3x3 p1 28x28 b64", 64, 1, 28, 28, 32, 3, 1, False),
    ("cnn conv2 32->64 3x3 p1 14x14 b64", 64, 32, 14, 14, 64, 3, 1, True),
    ("lenet conv1 3->6 5x5 32x32 b4", 4, 3, 32, 32, 6, 5, 0, False),
    ("lenet conv2 6->16 5x5 14x14 b4", 4, 6, 14, 14, 16, 5, 0, True),
    ("lenet conv1 3->6 5x5 32x32 b64", 64, 3, 32, 32, 6, 5, 0, False),
    ("lenet conv2 6->16 5x5 14x14 b64", 64, 6, 14, 14, 16, 5, 0, True),
]


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    torch.set_num_threads(threads)
    clock = time.thread_time if threads == 1 else time.perf_counter

    def timed(fn):
        start = clock()
        calls = 0
        while clock() - start < seconds * 0.5 or calls < 3:
            fn()
            calls += 1
        reps = max(1, int(seconds / 5 / ((clock() - start) / calls)))
        windows = []
        for _ in range(5):
            t0 = clock()
            for _ in range(reps):
                fn()
            windows.append((clock() - t0) / reps)
        return sorted(windows)[2]

    print(f"torch {torch.__version__}, threads {threads}, {seconds} s per measurement")
    print(f"{'case':36s} {'fwd GF/s':>9s} {'bwd GF/s':>9s}   (fwd ms, bwd ms)")
    torch.manual_seed(1)
    for name, n, c, h, w, oc, k, pad, input_grad in CASES:
        x = torch.randn(n, c, h, w, requires_grad=input_grad)
        wt = torch.randn(oc, c, k, k, requires_grad=True)
        b = torch.randn(oc, requires_grad=True)
        oh, ow = h + 2 * pad - k + 1, w + 2 * pad - k + 1
        gy = torch.randn(n, oc, oh, ow)
        flops = 2.0 * n * oc * oh * ow * c * k * k

        def fwd():
            with torch.no_grad():
                F.conv2d(x, wt, b, 1, pad)

        def both():
            wt.grad = None
            b.grad = None
            x.grad = None
            F.conv2d(x, wt, b, 1, pad).backward(gy)

        tf = timed(fwd)
        tb = max(timed(both) - tf, 1e-9)
        bflops = flops * (2 if input_grad else 1)
        print(f"{name:36s} {flops / tf / 1e9:9.1f} {bflops / tb / 1e9:9.1f}   (fwd {tf * 1e3:.3f} ms, bwd {tb * 1e3:.3f} ms)")
    for shape in ([64, 32, 28, 28], [64, 64, 14, 14]):
        x = torch.randn(*shape, requires_grad=True)
        gy = torch.randn(shape[0], shape[1], shape[2] // 2, shape[3] // 2)

        def pf():
            with torch.no_grad():
                F.max_pool2d(x, 2)

        def pb():
            x.grad = None
            F.max_pool2d(x, 2).backward(gy)

        tf, tb = timed(pf), timed(pb)
        print(f"{'maxpool 2x2 ' + str(shape):36s} fwd {tf * 1e3:.3f} ms, fwd+bwd {tb * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
