#!/usr/bin/env python3
"""PyTorch CPU reference for bench_sampler: the same Erf-net ensemble (6 inputs, moments to n = 6 over all
923 non-decreasing index tuples), float32 forward pass, float64 moment accumulation, vectorised over a
batch of networks. Prints neuron evaluations per second (networks x width x inputs).
Usage: python3 bench/sampler_torch.py [threads] [seconds]. Skips (exit 0) when torch is absent."""
import itertools
import sys
import time

try:
    import torch
except ImportError:
    print("sampler_torch.py: PyTorch is not installed (apt-get install python3-torch); skipping")
    sys.exit(0)


def tuples(m, n_max):
    return [t for n in range(1, n_max + 1) for t in itertools.combinations_with_replacement(range(m), n)]


def run(width, threads, seconds, batch=4096):
    torch.set_num_threads(threads)
    x = torch.tensor([0.002 * i for i in range(1, 7)], dtype=torch.float32).reshape(6, 1)
    tups = tuples(6, 6)
    by_len = {n: torch.tensor([t for t in tups if len(t) == n]) for n in range(1, 7)}
    sums = {n: torch.zeros(len(by_len[n]), dtype=torch.float64) for n in by_len}
    done, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        w0 = torch.randn(batch, width, 1)
        b0 = torch.randn(batch, width, 1)
        w1 = torch.randn(batch, 1, width) / width ** 0.5
        b1 = torch.randn(batch, 1, 1)
        h = torch.erf(w0 @ x.T + b0)            # batch x width x 6
        f = (w1 @ h + b1).squeeze(1).double()  # batch x 6
        for n, idx in by_len.items():
            sums[n] += f[:, idx].prod(dim=2).sum(dim=0)
        done += batch
    dt = time.perf_counter() - t0
    return done * width * 6 / dt


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    print(f"PyTorch {torch.__version__}, {threads} thread(s)")
    for width in (5, 20, 100, 1000):
        print(f"width {width:5d}: {run(width, threads, seconds):.3e} neuron-evals/s")


if __name__ == "__main__":
    main()
