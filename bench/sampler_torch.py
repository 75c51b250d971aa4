#!/usr/bin/env python3
"""PyTorch CPU reference for bench_sampler: the same Erf-net ensemble (6 inputs paper:erf, sigma_W = sigma_b = 1,
moments to n = 6 over all 923 non-decreasing index tuples), float32 forward pass, float64 moment accumulation,
vectorised over a batch of networks. Two moment back ends are timed and the faster one is reported:
  gather: Sigma_batch prod_{i in t} f_i for each tuple t (index gather + prod + sum, one call per order n);
  gemm:   the 84 products of order <= 3 (empty tuple included) of every network, P (batch x 84), and the
          Gram matrix P^T P (one float64 GEMM per batch), whose entries contain every moment of order <= 6.
Prints neuron evaluations (networks x width x inputs) per wall second and per CPU second of the process
(the fair figure on a shared machine with 1 thread), like bench_sampler.
Usage: /usr/bin/python3 bench/sampler_torch.py [threads] [seconds]. Skips (exit 0) when torch is absent
(Debian: apt-get install python3-torch python3-numpy, or bash bench/setup.sh)."""
import itertools
import sys
import time

try:
    import torch
except ImportError:
    print("sampler_torch.py: PyTorch is not installed (apt-get install python3-torch); skipping")
    sys.exit(0)

M, N_MAX = 6, 6


def tuples(m, n_max, n_min=1):
    return [t for n in range(n_min, n_max + 1) for t in itertools.combinations_with_replacement(range(m), n)]


class Gather:
    max_batch = 256

    def __init__(self):
        tups = tuples(M, N_MAX)
        self.by_len = {n: torch.tensor([t for t in tups if len(t) == n]) for n in range(1, N_MAX + 1)}
        self.sums = {n: torch.zeros(len(self.by_len[n]), dtype=torch.float64) for n in self.by_len}

    def add(self, f):
        for n, idx in self.by_len.items():
            self.sums[n] += f[:, idx].prod(dim=2).sum(dim=0)


class Gemm:
    max_batch = 4096

    def __init__(self):
        half = tuples(M, N_MAX // 2, 0)  # 84 tuples of order 0..3
        self.half = half
        # Columns: build order-k products from an order-(k-1) column times one output.
        self.steps = []  # (parent column, output index) for columns 1..83
        pos = {(): 0}
        for c, t in enumerate(half[1:], start=1):
            self.steps.append((pos[t[:-1]], t[-1]))
            pos[t] = c
        by_order = {}
        for c, t in enumerate(half[1:], start=1):
            by_order.setdefault(len(t), []).append(c)
        self.levels = [(torch.tensor(by_order[k]), torch.tensor([self.steps[c - 1][0] for c in by_order[k]]),
                        torch.tensor([self.steps[c - 1][1] for c in by_order[k]])) for k in sorted(by_order)]
        self.gram = torch.zeros(len(half), len(half), dtype=torch.float64)
        # Where each of the 923 moments sits in the Gram matrix (for reading the result).
        self.where = []
        for t in tuples(M, N_MAX):
            k = min(len(t), N_MAX // 2)
            self.where.append((pos[tuple(t[:len(t) - k])], pos[tuple(t[len(t) - k:])]))

    def add(self, f):
        p = torch.empty(f.shape[0], len(self.half), dtype=torch.float64)
        p[:, 0] = 1.0
        for cols, parents, outs in self.levels:
            p[:, cols] = p[:, parents] * f[:, outs]
        self.gram.addmm_(p.T, p)


def run(width, threads, seconds, backend):
    torch.set_num_threads(threads)
    x = torch.tensor([0.002 * i for i in range(1, M + 1)], dtype=torch.float32).reshape(1, M)
    # Batch sizes tuned on the 2-core dev machine (1 thread): the hidden layer (batch x width x 6 floats)
    # should stay in cache; the gather back end's index tensors grow with the batch and prefer small ones.
    batch = max(64, min(backend.max_batch, (1 << 18) // width))
    acc = backend()
    done, t0, c0 = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < seconds:
        w0 = torch.randn(batch, width, 1)                   # W0 ~ N(0, sigma_W^2 / d_in), d_in = 1
        b0 = torch.randn(batch, width, 1)                   # b0 ~ N(0, sigma_b^2)
        w1 = torch.randn(batch, 1, width) * width ** -0.5  # W1 ~ N(0, sigma_W^2 / N)
        b1 = torch.randn(batch, 1)                          # b1 ~ N(0, sigma_b^2)
        h = torch.erf(torch.baddbmm(b0, w0, x.expand(batch, 1, M)))  # batch x width x 6
        f = (torch.bmm(w1, h).squeeze(1) + b1).double()    # batch x 6
        acc.add(f)
        done += batch
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    return done * width * M / dt, done * width * M / dc


def check_gemm():
    """The Gram-matrix moments equal the gathered ones (same batch)."""
    f = torch.randn(64, M, dtype=torch.float64)
    g, m = Gather(), Gemm()
    g.add(f)
    m.add(f)
    direct = torch.cat([g.sums[n] for n in range(1, N_MAX + 1)])
    via = torch.tensor([m.gram[a, b].item() for a, b in m.where], dtype=torch.float64)
    assert torch.allclose(direct, via, rtol=1e-12, atol=1e-12), "Gram-matrix moments disagree"


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    check_gemm()
    print(f"PyTorch {torch.__version__}, {threads} thread(s), backends: {torch.__config__.parallel_info().splitlines()[0]}")
    print("neuron evaluations per wall second / per CPU second")
    print(f"{'width':>8} {'gather wall':>12} {'gather cpu':>12} {'gemm wall':>12} {'gemm cpu':>12} {'best cpu':>12}")
    for width in (5, 20, 100, 1000):
        a, b = run(width, threads, seconds, Gather), run(width, threads, seconds, Gemm)
        print(f"{width:8d} {a[0]:12.3e} {a[1]:12.3e} {b[0]:12.3e} {b[1]:12.3e} {max(a[1], b[1]):12.3e}")


if __name__ == "__main__":
    main()
