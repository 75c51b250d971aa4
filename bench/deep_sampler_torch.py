#!/usr/bin/env python3
"""PyTorch CPU reference for the deep sampler (issue 12): the code a user would write for a deep Erf MLP with explicit
weights, batched over networks: W_l of shape (batch, N, N) drawn with torch.randn, the M inputs as columns, one
torch.baddbmm per layer (BLAS), float32 (the fast choice) and float64. Prints networks per CPU second of the
process, to compare with `nnft sample --deep-sampler gram|matrix` at the same N, L, M (one thread).
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS are set to [threads] before torch is imported.
Usage: /usr/bin/python3 bench/deep_sampler_torch.py [width] [depth] [threads] [seconds]
Skips (exit 0) when torch is absent (Debian: apt-get install python3-torch)."""
import math
import os
import sys
import time

WIDTH = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
DEPTH = int(sys.argv[2]) if len(sys.argv) > 2 else 4
THREADS = sys.argv[3] if len(sys.argv) > 3 else "1"
SECONDS = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = THREADS
try:
    import torch
except ImportError:
    print("torch is not installed: skipped (apt-get install python3-torch)")
    sys.exit(0)

INPUTS = [0.1, 0.3, -0.5, 0.7, 1.0, -1.5]  # the M = 6 inputs of the nnft runs (d_in = 1)


def forward(batch, dtype):
    """G4-ready outputs f(x_m) of `batch` networks: sigma_W = sigma_b = 1, W_l ~ N(0, 1/N)."""
    x = torch.tensor(INPUTS, dtype=dtype).reshape(1, 1, -1)
    z = torch.randn(batch, WIDTH, 1, dtype=dtype) * x + torch.randn(batch, WIDTH, 1, dtype=dtype)
    for _ in range(DEPTH - 1):
        w = torch.randn(batch, WIDTH, WIDTH, dtype=dtype).mul_(1.0 / math.sqrt(WIDTH))
        z = torch.baddbmm(torch.randn(batch, WIDTH, 1, dtype=dtype), w, torch.erf(z))
    w = torch.randn(batch, 1, WIDTH, dtype=dtype).mul_(1.0 / math.sqrt(WIDTH))
    return torch.baddbmm(torch.randn(batch, 1, 1, dtype=dtype), w, torch.erf(z)).reshape(batch, -1)


def rate(dtype, batch=8):
    torch.set_num_threads(int(THREADS))
    forward(batch, dtype)  # warm-up
    done, c0, t0 = 0, time.process_time(), time.time()
    while time.time() - t0 < SECONDS:
        f = forward(batch, dtype)
        (f ** 4).sum(0)  # the moment accumulation (negligible next to the forward pass)
        done += batch
    return done / (time.process_time() - c0)


if __name__ == "__main__":
    for dtype in (torch.float32, torch.float64):
        print(f"torch {torch.__version__} {dtype}: N = {WIDTH}, L = {DEPTH}, M = {len(INPUTS)}: "
              f"{rate(dtype):.1f} networks per CPU second")
