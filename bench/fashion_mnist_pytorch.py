"""PyTorch reference for BENCHMARKS.md's Fashion-MNIST accuracy: the crema train recipes mlp / cnn, same settings.

env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/fashion_mnist_pytorch.py mlp|cnn EPOCHS [THREADS [N_TRAIN]]
    [--batch N] [--lr RATE] [--schedule none|linear|cosine] [--norm unit|standard] [--seed N]

Defaults are the settings of the first runs (batch 64, Adam 1e-3, constant rate, pixels scaled to [0,1], seed 42).
--schedule linear lowers the rate after every step, from RATE at the first step to RATE/T at the last of T steps,
as crema train's --schedule linear; cosine follows half a cosine from RATE to 0. --norm standard maps the pixels
to (x/255 - 0.2860) / 0.3530 (Fashion-MNIST's training mean and standard deviation).
"""
import argparse, gzip, math, time, numpy as np, torch, torch.nn as nn
p = argparse.ArgumentParser()
p.add_argument('which', choices=['mlp', 'cnn']); p.add_argument('epochs', type=int)
p.add_argument('threads', type=int, nargs='?', default=2); p.add_argument('n_train', type=int, nargs='?', default=0)
p.add_argument('--batch', type=int, default=64); p.add_argument('--lr', type=float, default=1e-3)
p.add_argument('--schedule', choices=['none', 'linear', 'cosine'], default='none')
p.add_argument('--norm', choices=['unit', 'standard'], default='unit'); p.add_argument('--seed', type=int, default=42)
a = p.parse_args()
torch.set_num_threads(a.threads)
D = '/usr/share/datasets/fashion-mnist/'
def idx(f, off):
    with gzip.open(D + f) as g: return np.frombuffer(g.read(), np.uint8, offset=off)
def images(f):
    x = torch.tensor(idx(f, 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
    return (x - 0.2860) / 0.3530 if a.norm == 'standard' else x
xtr, ytr = images('train-images-idx3-ubyte.gz'), torch.tensor(idx('train-labels-idx1-ubyte.gz', 8).astype(np.int64))
xte, yte = images('t10k-images-idx3-ubyte.gz'), torch.tensor(idx('t10k-labels-idx1-ubyte.gz', 8).astype(np.int64))
if a.n_train: xtr, ytr = xtr[:a.n_train], ytr[:a.n_train]
torch.manual_seed(a.seed)
if a.which == 'mlp':
    m = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
else:
    m = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(m.parameters(), a.lr); lossf = nn.CrossEntropyLoss()
steps_per_epoch = (len(xtr) + a.batch - 1) // a.batch; total = steps_per_epoch * a.epochs; step = 0
def rate(t):
    if a.schedule == 'linear': return a.lr * (1 - t / total)
    if a.schedule == 'cosine': return a.lr * 0.5 * (1 + math.cos(math.pi * t / total))
    return a.lr
print(f'{a.which} batch {a.batch} adam lr {a.lr} schedule {a.schedule} norm {a.norm} seed {a.seed} threads {a.threads}', flush=True)
t0 = time.time()
for ep in range(a.epochs):
    perm = torch.randperm(len(xtr)); tot = 0; n = 0
    m.train()
    for i in range(0, len(xtr), a.batch):
        for g in opt.param_groups: g['lr'] = rate(step)
        b = perm[i:i+a.batch]; opt.zero_grad(); l = lossf(m(xtr[b]), ytr[b]); l.backward(); opt.step()
        tot += l.item() * len(b); n += len(b); step += 1
    m.eval()
    with torch.no_grad(): acc = sum((m(xte[i:i+1000]).argmax(1) == yte[i:i+1000]).sum().item() for i in range(0, 10000, 1000)) / 10000
    print(f'{a.which} epoch {ep+1} loss {tot/n:.4f} test acc {acc*100:.2f}% elapsed {time.time()-t0:.1f}s', flush=True)
