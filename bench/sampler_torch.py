#!/usr/bin/env python3
"""PyTorch CPU reference for bench_sampler: the same Erf-net ensemble (6 inputs paper:erf, sigma_W = sigma_b = 1,
moments to n = 6 over all 923 non-decreasing index tuples), float32 forward pass, float64 moment accumulation,
vectorised over a batch of networks. Three back ends are timed and the fastest one is reported:
  gather: Sigma_batch prod_{i in t} f_i for each tuple t (index gather + prod + sum, one call per order n);
  gemm:   the 84 products of order <= 3 (empty tuple included) of every network, P (batch x 84), and the
          Gram matrix P^T P (one float64 GEMM per batch), whose entries contain every moment of order <= 6.
  fused:  the same networks (same draws), forward pass by addcmul + in-place erf + baddbmm (the other two use
          a k = 1 baddbmm for the first layer, which is several times slower at width 5); the 84 features as
          rows of FT (84 x batch, one elementwise product per row, no Python loop) and one float64 GEMM
          FT . FT[27:]^T (84 x 57: order <= 3 sums and every order 3 x order 1..3 product), 1.5x fewer flops
          than the full Gram matrix.
Prints neuron evaluations (networks x width x inputs) per wall second and per CPU second of the process
(the fair figure on a shared machine with 1 thread), like bench_sampler.
OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS are set to [threads] before torch is imported.
Usage: /usr/bin/python3 bench/sampler_torch.py [threads] [seconds]
       /usr/bin/python3 bench/sampler_torch.py --verify   (fused vs gather moments, same seed; exit 1 on mismatch)
       /usr/bin/python3 bench/sampler_torch.py --point NET WIDTH [seconds]   (one thread, fused back end, any net
           of ACTIVATIONS: erf, relu, gauss, tanh, gelu, silu and the expression x*tanh(log(1+exp(x))) = mish;
           prints "torch NET WIDTH <networks per CPU second> <networks per wall second>", the line
           bench_sampler --point prints; bench/sampler_nets.sh interleaves the two)
       /usr/bin/python3 bench/sampler_torch.py --error NET WIDTH [seconds] [seed]   (time to error, issue 15 item 3:
           a paper net erf|relu|gauss with its inputs paper:NET and its biases (sd 1; ReLU 0), one thread, fused
           back end, plain Monte Carlo in 32 jackknife groups for about `seconds` of CPU; prints "torch NET WIDTH
           networks cpu_s value_g4 error_g4 value_g6 error_g6 nan nan", the line bench_estimators --point prints,
           at the same tuples (0,1,2,3) and (0,...,5); bench/estimators.sh interleaves them)
Skips (exit 0) when torch is absent
(Debian: apt-get install python3-torch python3-numpy, or bash bench/setup.sh)."""
import itertools
import math
import os
import sys
import time

# BLAS and OpenMP pools are sized when torch loads: pin them to the requested thread count first, or OpenBLAS
# runs the float64 GEMMs on every core whatever torch.set_num_threads says.
_THREADS = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1].isdigit() else "1"
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = _THREADS


def _has_avx512():
    try:
        with open("/proc/cpuinfo") as info:
            flags = next((line.split() for line in info if line.startswith("flags")), [])
    except OSError:
        return False
    return all(f in flags for f in ("avx512f", "avx512bw", "avx512vl", "avx512dq"))


# PyTorch 1.13 dispatches its elementwise kernels (erf, normal_, mul) to AVX2 unless told otherwise; its AVX-512
# kernels halve erf's cost on this CPU (1.8 vs 3.6 ns per float). It does not check the CPU when the variable
# is set, hence the cpuinfo test. An ATEN_CPU_CAPABILITY already in the environment wins.
if "ATEN_CPU_CAPABILITY" not in os.environ and _has_avx512():
    os.environ["ATEN_CPU_CAPABILITY"] = "avx512"

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


class Fused:
    """Forward pass without the degenerate k = 1 baddbmm (addcmul, in place erf), and the moments from one
    float64 GEMM per batch: feature rows FT (84 x batch) = [f_i (6), f_i f_j (21), 1, f_i f_j f_k (56)]
    (non-decreasing indices, each row one elementwise product of two earlier rows), and
    G = FT . FT[27:]^T (84 x 57): column 0 (the ones row) holds the sums of every monomial of order <= 3,
    the other columns every order 3 + order 1..3 product, i.e. every moment of order 4..6 (each at least once).
    The full Gram matrix FT . FT^T (84 x 84) would hold the same moments at 1.5x the flops."""
    max_batch = 2048

    def __init__(self):
        d1 = [(i,) for i in range(M)]
        d2 = list(itertools.combinations_with_replacement(range(M), 2))
        d3 = list(itertools.combinations_with_replacement(range(M), 3))
        rows = d1 + d2 + [()] + d3
        pos = {t: r for r, t in enumerate(rows)}
        self.ones = pos[()]  # 27: FT[ones:] are the GEMM's right-hand rows (1, then the order-3 products)
        self.i2 = torch.tensor([pos[t[:1]] for t in d2])
        self.j2 = torch.tensor([pos[t[1:]] for t in d2])
        self.p3 = torch.tensor([pos[t[:2]] for t in d3])
        self.k3 = torch.tensor([pos[t[2:]] for t in d3])
        self.r2 = slice(pos[d2[0]], pos[d2[-1]] + 1)
        self.r3 = slice(pos[d3[0]], pos[d3[-1]] + 1)
        self.n_rows = len(rows)
        self.gram = torch.zeros(self.n_rows, self.n_rows - self.ones, dtype=torch.float64)
        # Flat index into gram of each of the 923 moments (n <= 3: row t, column 0; n >= 4: row t[:n-3],
        # column of t[n-3:]).
        cols = self.n_rows - self.ones
        flat = []
        for t in tuples(M, N_MAX):
            if len(t) <= 3:
                flat.append(pos[t] * cols)
            else:
                flat.append(pos[t[:len(t) - 3]] * cols + pos[t[len(t) - 3:]] - self.ones)
        self.flat = torch.tensor(flat)
        self.ft = None

    def forward(self, x, w0, b0, w1, b1, h, act="erf"):
        torch.addcmul(b0, w0, x, out=h)  # batch x width x 6 pre-activations (d_in = 1)
        h = ACTIVATIONS[act](h)
        # Gauss-net: sum_j w_j exp(z_j - c) = exp(-c) sum_j w_j exp(z_j), the normaliser applied to the sums.
        scale = GAUSS_SCALE if act == "gauss" else None
        if h.shape[1] >= 64:  # wide: one reduction over the neurons is faster than batched 1 x width GEMVs
            s = (h * w1.transpose(1, 2)).sum(1)
            return (s * scale if scale is not None else s) + b1
        if scale is not None:
            return torch.bmm(w1, h).squeeze(1) * scale + b1
        return torch.baddbmm(b1.unsqueeze(2), w1, h).squeeze(1)

    def add(self, f):
        b = f.shape[0]
        if self.ft is None or self.ft.shape[1] != b:
            # Preallocated rows and gather buffers: fresh ~0.5 MB temporaries per batch cost page faults.
            self.ft = torch.empty(self.n_rows, b, dtype=torch.float64)
            self.ft[self.ones] = 1.0
            self.buf = [torch.empty(len(i), b, dtype=torch.float64) for i in (self.i2, self.j2, self.p3, self.k3)]
        ft, (a2, b2, a3, b3) = self.ft, self.buf
        ft[:M].copy_(f.T)
        torch.mul(torch.index_select(ft, 0, self.i2, out=a2), torch.index_select(ft, 0, self.j2, out=b2), out=ft[self.r2])
        torch.mul(torch.index_select(ft, 0, self.p3, out=a3), torch.index_select(ft, 0, self.k3, out=b3), out=ft[self.r3])
        self.gram.addmm_(ft, ft[self.ones:].T)

    def moments(self):
        return self.gram.reshape(-1)[self.flat]


ALL_TUPLES = tuples(M, N_MAX)  # the 923 moments, in the order gather_moments and Fused.moments return them
X = torch.tensor([0.002 * i for i in range(1, M + 1)], dtype=torch.float32).reshape(1, M)
# Gauss-net normaliser exp(-(sigma_b^2 + sigma_W^2 x^2 / d_in)) per input (nnft's gauss_log_normalisers, mu = 0).
GAUSS_SCALE = torch.exp(-(1.0 + X[0] ** 2))
# The nets of --point, each PyTorch's own (fused, vectorised) kernel, in place where PyTorch has one.
ACTIVATIONS = {
    "erf": lambda h: h.erf_(),
    "relu": lambda h: h.relu_(),
    "gauss": lambda h: h.exp_(),
    "tanh": lambda h: h.tanh_(),
    "gelu": lambda h: torch.nn.functional.gelu(h),  # the erf form, as nnft's preset
    "silu": lambda h: torch.nn.functional.silu(h, inplace=True),
    "x*tanh(log(1+exp(x)))": lambda h: torch.nn.functional.mish(h, inplace=True),
}


def draw(batch, width):
    """One batch of networks; the same draws, in the same order, for every back end."""
    w0 = torch.randn(batch, width, 1)                   # W0 ~ N(0, sigma_W^2 / d_in), d_in = 1
    b0 = torch.randn(batch, width, 1)                   # b0 ~ N(0, sigma_b^2)
    w1 = torch.randn(batch, 1, width) * width ** -0.5  # W1 ~ N(0, sigma_W^2 / N)
    b1 = torch.randn(batch, 1)                          # b1 ~ N(0, sigma_b^2)
    return w0, b0, w1, b1


def forward_reference(w0, b0, w1, b1):
    """The gather / gemm back ends' forward pass (batch x 6 float32 outputs)."""
    batch = w0.shape[0]
    h = torch.erf(torch.baddbmm(b0, w0, X.expand(batch, 1, M)))  # batch x width x 6
    return torch.bmm(w1, h).squeeze(1) + b1


def fused_batch(width):
    # Swept on the 2-core dev machine, 1 thread (2026-11-29): flat from 512 to 2048 networks at widths 5 and 20
    # (FT = 84 x 2048 doubles, 1.4 MB), best 256 at 100, 32-64 at 1000 (hidden layer of batch x width x 6 floats).
    return max(32, min(Fused.max_batch, (1 << 15) // width))


def run(width, threads, seconds, backend, act="erf"):
    torch.set_num_threads(threads)
    acc = backend()
    if backend is Fused:
        batch = fused_batch(width)
        h = torch.empty(batch, width, M)
    else:
        # Batch sizes tuned on the 2-core dev machine (1 thread): the hidden layer (batch x width x 6 floats)
        # should stay in cache; the gather back end's index tensors grow with the batch and prefer small ones.
        batch = max(64, min(backend.max_batch, (1 << 18) // width))
    done, t0, c0 = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - t0 < seconds:
        w0, b0, w1, b1 = draw(batch, width)
        if backend is Fused:
            f = acc.forward(X, w0, b0, w1, b1, h, act).double()
        else:
            f = forward_reference(w0, b0, w1, b1).double()  # batch x 6
        acc.add(f)
        done += batch
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    return done * width * M / dt, done * width * M / dc


def gather_moments(g):
    return torch.cat([g.sums[n] for n in range(1, N_MAX + 1)])


def check_gemm():
    """The Gram-matrix and fused-GEMM moments equal the gathered ones (same batch)."""
    f = torch.randn(64, M, dtype=torch.float64)
    g, m, u = Gather(), Gemm(), Fused()
    g.add(f)
    m.add(f)
    u.add(f)
    direct = gather_moments(g)
    via = torch.tensor([m.gram[a, b].item() for a, b in m.where], dtype=torch.float64)
    assert torch.allclose(direct, via, rtol=1e-12, atol=1e-12), "Gram-matrix moments disagree"
    assert torch.allclose(direct, u.moments(), rtol=1e-12, atol=1e-12), "fused-GEMM moments disagree"


def rel_diff(a, b):
    return ((a - b).abs() / b.abs().clamp_min(1e-300)).max().item()


def verify(n_networks=20000, batch=1000):
    """Same seed -> same networks: the fused back end's moments against the gather back end's, on a small
    ensemble of width-5, 20 and 100 networks. Two comparisons: (a) both moment back ends on the same float64
    outputs (must agree to rounding, ~1e-12); (b) each back end with its own forward pass (the float32
    forward passes round differently, addcmul vs baddbmm, so agreement is at the float32 level)."""
    ok = True
    for width in (5, 20, 100):
        g_same, u_same, g_own, u_own = Gather(), Fused(), Gather(), Fused()
        h = torch.empty(batch, width, M)
        torch.manual_seed(12345)
        nets = [draw(batch, width) for _ in range(n_networks // batch)]
        for net in nets:
            f_fused = u_own.forward(X, *net, h).double()
            u_own.add(f_fused)
            g_same.add(f_fused)
            u_same.add(f_fused)
            g_own.add(forward_reference(*net).double())
        same = rel_diff(u_same.moments(), gather_moments(g_same))
        own = rel_diff(u_own.moments(), gather_moments(g_own))
        # Sanity of the ensemble itself: <f_0^2> against the closed-form Erf-net kernel (Williams 1997),
        # K(x,x) = sigma_b^2 + sigma_W^2 (2/pi) arcsin(2q / (1 + 2q)), q = sigma_b^2 + sigma_W^2 x^2, d_in = 1.
        mom = gather_moments(g_own) / n_networks
        q = 1.0 + float(X[0, 0]) ** 2
        kernel = 1.0 + 2.0 / math.pi * math.asin(2.0 * q / (1.0 + 2.0 * q))
        m2, m4 = mom[ALL_TUPLES.index((0, 0))].item(), mom[ALL_TUPLES.index((0, 0, 0, 0))].item()
        pull = (m2 - kernel) / math.sqrt((m4 - m2 * m2) / n_networks)
        good = same < 1e-10 and own < 1e-3 and abs(pull) < 5
        ok &= good
        print(f"verify width {width:4d}: {n_networks} networks, 923 moments; max relative difference fused vs gather"
              f" on the same outputs {same:.2e}, each with its own forward pass {own:.2e}; <f_0^2> = {m2:.4f}"
              f" (closed form {kernel:.4f}, pull {pull:+.2f}) -> {'ok' if good else 'FAILED'}")
    return ok


def point(net, width, seconds):
    """One (net, width) point, one thread, fused back end: networks per CPU and per wall second."""
    wall, cpu = run(width, 1, seconds, Fused, net)
    print(f"torch {net} {width} {cpu / (width * M):.6e} {wall / (width * M):.6e}")


# The paper nets of --error: inputs paper:NET (study/presets.cpp) and the sd of both biases (nnft's default_network).
PAPER = {"erf": ([i / 500 for i in range(1, M + 1)], 1.0), "relu": ([i / 5 for i in range(1, M + 1)], 0.0),
         "gauss": ([-0.01, -0.006, -0.002, 0.002, 0.006, 0.01], 1.0)}
GROUPS = 32


def partitions(items):
    """Every set partition of the list `items` (lists of blocks)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for p in partitions(rest):
        yield [[first]] + p
        for i in range(len(p)):
            yield p[:i] + [[first] + p[i]] + p[i + 1:]


def cumulant(mean_of, n):
    """The joint cumulant of outputs 0 … n-1 from raw moments mean_of(sorted tuple)."""
    total = 0.0
    for p in partitions(list(range(n))):
        term = (-1.0) ** (len(p) - 1) * math.factorial(len(p) - 1)
        for block in p:
            term *= mean_of(tuple(sorted(block)))
        total += term
    return total


def connected_errors(sums, counts):
    """G4_con(0,1,2,3) and G6_con(0..5) with delete-one-group jackknife errors from per-group moment sums:
    [(value, error)] for n = 4, 6."""
    index = {t: i for i, t in enumerate(ALL_TUPLES)}
    total, n = [sum(col) for col in zip(*sums)], sum(counts)
    out = []
    for order in (4, 6):
        full = cumulant(lambda t: total[index[t]] / n, order)
        reps = [cumulant(lambda t, g=g: (total[index[t]] - sums[g][index[t]]) / (n - counts[g]), order)
                for g in range(len(sums))]
        mean = sum(reps) / len(reps)
        out.append((full, math.sqrt((len(reps) - 1) / len(reps) * sum((r - mean) ** 2 for r in reps))))
    return out


def error_point(net, width, seconds, seed):
    """Plain Monte Carlo of a paper net for about `seconds` of CPU, batches dealt round robin to 32 jackknife
    groups (one accumulator and buffers, a moment matrix per group): G4_con and G6_con with their errors."""
    global X, GAUSS_SCALE
    xs, sb = PAPER[net]
    X = torch.tensor(xs, dtype=torch.float32).reshape(1, M)
    GAUSS_SCALE = torch.exp(-(sb ** 2 + X[0] ** 2))
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    batch = fused_batch(width)
    h = torch.empty(batch, width, M)
    acc = Fused()
    grams, counts = [torch.zeros_like(acc.gram) for _ in range(GROUPS)], [0] * GROUPS
    acc.add(acc.forward(X, *draw(batch, width), h, net).double())  # first calls (allocations) not counted
    done, k, c0 = 0, 0, time.process_time()
    while time.process_time() - c0 < seconds or k < GROUPS:
        w0, b0, w1, b1 = draw(batch, width)
        f = acc.forward(X, w0, b0 * sb, w1, b1 * sb, h, net).double()
        acc.gram = grams[k % GROUPS]
        acc.add(f)
        counts[k % GROUPS] += batch
        k, done = k + 1, done + batch
    dt = time.process_time() - c0
    sums = []
    for g in grams:
        acc.gram = g
        sums.append(acc.moments().tolist())
    (v4, e4), (v6, e6) = connected_errors(sums, counts)
    print(f"torch {net} {width} {done} {dt:.4g} {v4:.6e} {e4:.4e} {v6:.6e} {e6:.4e} nan nan")


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "--error":
        error_point(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]) if len(sys.argv) > 4 else 1.0,
                    int(sys.argv[5]) if len(sys.argv) > 5 else 1)
        return
    if len(sys.argv) >= 4 and sys.argv[1] == "--point":
        point(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]) if len(sys.argv) > 4 else 1.0)
        return
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--verify" in sys.argv[1:]:
        torch.set_num_threads(int(args[0]) if args else 1)
        check_gemm()
        sys.exit(0 if verify() else 1)
    threads = int(args[0]) if len(args) > 0 else 1
    seconds = float(args[1]) if len(args) > 1 else 2.0
    check_gemm()
    print(f"PyTorch {torch.__version__}, {threads} thread(s), backends: {torch.__config__.parallel_info().splitlines()[0]}")
    print(f"OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']} OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
          f" ATEN_CPU_CAPABILITY={os.environ.get('ATEN_CPU_CAPABILITY', '(unset)')}")
    print("neuron evaluations per wall second / per CPU second")
    print(f"{'width':>8} {'gather wall':>12} {'gather cpu':>12} {'gemm wall':>12} {'gemm cpu':>12}"
          f" {'fused wall':>12} {'fused cpu':>12} {'best cpu':>12}")
    for width in (5, 20, 100, 1000):
        a, b, c = (run(width, threads, seconds, k) for k in (Gather, Gemm, Fused))
        print(f"{width:8d} {a[0]:12.3e} {a[1]:12.3e} {b[0]:12.3e} {b[1]:12.3e} {c[0]:12.3e} {c[1]:12.3e}"
              f" {max(a[1], b[1], c[1]):12.3e}")


if __name__ == "__main__":
    main()
