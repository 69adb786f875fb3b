#!/usr/bin/env python3
"""PyTorch side of Crema's training benchmark: one workload per process, one JSON line out.

Usage: /usr/bin/python3 pytorch_train.py WORKLOAD THREADS [WINDOWS] [STEPS_PER_WINDOW]
Workloads mirror crema-bench's TrainBench exactly (same shapes, optimizers, batch sizes);
data is random and already in memory, as the benchmark measures compute, not loading.
"""
import json
import os
import resource
import sys
import time


def since_process_start():
    """Seconds since this process was started (interpreter boot included), as the Java side measures."""
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


import torch  # noqa: E402
import torch.nn as nn  # noqa: E402


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def lenet():
    return nn.Sequential(nn.Conv2d(3, 6, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         nn.MaxPool2d(2, 2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84),
                         nn.ReLU(), nn.Linear(84, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
                         nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))


class LstmNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(32, 128, batch_first=True)
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


WORKLOADS = {
    # name: (model factory, input shape without batch, batch, optimizer factory, train?)
    "mlp": (mlp, (784,), 64, lambda p: torch.optim.Adam(p, 1e-3), True),
    "lenet4": (lenet, (3, 32, 32), 4, lambda p: torch.optim.SGD(p, 0.001, momentum=0.9), True),
    "lenet64": (lenet, (3, 32, 32), 64, lambda p: torch.optim.SGD(p, 0.001, momentum=0.9), True),
    "cnn": (cnn, (1, 28, 28), 64, lambda p: torch.optim.Adam(p, 1e-3), True),
    "lstm": (LstmNet, (50, 32), 64, lambda p: torch.optim.Adam(p, 1e-3), True),
    "mlp_infer": (mlp, (784,), 256, None, False),
    "cnn_infer": (cnn, (1, 28, 28), 256, None, False),
}


def main():
    name, threads = sys.argv[1], int(sys.argv[2])
    windows = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    steps = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    factory, shape, batch, opt_factory, train = WORKLOADS[name]
    model = factory()
    x = torch.randn(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()
    opt = opt_factory(model.parameters()) if train else None

    def step():
        if train:
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        else:
            with torch.no_grad():
                model(x)

    if not train:
        model.eval()
    step()
    first_step = since_process_start()
    # warm-up ~1.5 s, then size windows to ~1 s each
    t = time.time()
    n = 0
    while time.time() - t < 1.5:
        step()
        n += 1
    per_step = (time.time() - t) / n
    steps = steps or max(3, int(1.0 / per_step))
    rates, cpu_rates = [], []
    for _ in range(windows):
        t, cpu = time.time(), time.process_time()
        for _ in range(steps):
            step()
        rates.append(steps * batch / (time.time() - t))
        cpu_rates.append(steps * batch / (time.process_time() - cpu))
    rates.sort()
    cpu_rates.sort()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"framework": "pytorch", "version": torch.__version__, "workload": name, "threads": threads,
                      "samples_per_s": rates[len(rates) // 2], "windows": rates, "peak_rss_mb": rss_mb,
                      "first_step_s": first_step,
                      "cpu_samples_per_s": cpu_rates[len(cpu_rates) // 2]}))


if __name__ == "__main__":
    main()
