"""PyTorch reference for BENCHMARKS.md's Fashion-MNIST accuracy: the crema train recipes mlp / cnn, same settings.

env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/fashion_mnist_pytorch.py mlp|cnn EPOCHS [THREADS [N_TRAIN]]
"""
import gzip, sys, time, numpy as np, torch, torch.nn as nn
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 2)
D = '/usr/share/datasets/fashion-mnist/'
def idx(f, off):
    with gzip.open(D + f) as g: return np.frombuffer(g.read(), np.uint8, offset=off)
xtr = torch.tensor(idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
ytr = torch.tensor(idx('train-labels-idx1-ubyte.gz', 8).astype(np.int64))
xte = torch.tensor(idx('t10k-images-idx3-ubyte.gz', 16).reshape(-1, 1, 28, 28), dtype=torch.float32) / 255
yte = torch.tensor(idx('t10k-labels-idx1-ubyte.gz', 8).astype(np.int64))
if len(sys.argv) > 4: xtr, ytr = xtr[:int(sys.argv[4])], ytr[:int(sys.argv[4])]
which, epochs = sys.argv[1], int(sys.argv[2])
torch.manual_seed(42)
if which == 'mlp':
    m = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
else:
    m = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.Adam(m.parameters(), 1e-3); lossf = nn.CrossEntropyLoss()
t0 = time.time()
for ep in range(epochs):
    perm = torch.randperm(len(xtr)); tot = 0; n = 0
    m.train()
    for i in range(0, len(xtr), 64):
        b = perm[i:i+64]; opt.zero_grad(); l = lossf(m(xtr[b]), ytr[b]); l.backward(); opt.step()
        tot += l.item() * len(b); n += len(b)
    m.eval()
    with torch.no_grad(): acc = sum((m(xte[i:i+1000]).argmax(1) == yte[i:i+1000]).sum().item() for i in range(0, 10000, 1000)) / 10000
    print(f'{which} epoch {ep+1} loss {tot/n:.4f} test acc {acc*100:.2f}% elapsed {time.time()-t0:.1f}s', flush=True)
