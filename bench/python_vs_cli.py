"""The cost of calling nnft from Python: sampling 10^6 networks through nnft.sample vs the nnft CLI (same
arguments, 1 thread, rounds interleaved, CPU seconds of the child processes), and the per-call overhead of a
small nnft.kernel call (timeit).

Usage: PYTHONPATH=build/python /usr/bin/python3 bench/python_vs_cli.py [build/app/nnft] [--rounds 3] [--networks 1e6]
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import timeit

ARGS = dict(net="erf", width=5, inputs="paper:erf", max_n=6, seed=1, threads=1)


def child_cpu(cmd):
    """CPU seconds (user + system) of one child process run to completion, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cli", nargs="?", default="build/app/nnft")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--networks", default="1e6")
    a = ap.parse_args()
    out = os.path.join(tempfile.mkdtemp(), "cli.json")
    cli = [a.cli, "sample", "--net", "erf", "--width", "5", "--inputs", "paper:erf", "--max-n", "6", "--seed", "1",
           "--threads", "1", "--networks", a.networks, "--out", out]
    # The child prints the CPU seconds of the nnft.sample call itself (result object and JSON parse included).
    script = ("import nnft, time; t = time.process_time(); "
              f"r = nnft.sample(networks='{a.networks}', **{ARGS!r}); "
              "print(time.process_time() - t)")
    py = [sys.executable, "-c", script]
    cli_times, py_times, call_times = [], [], []
    for k in range(a.rounds):
        cli_times.append(child_cpu(cli)[0])
        total, out = child_cpu(py)
        py_times.append(total)
        call_times.append(float(out.strip()))
        print(f"round {k + 1}: CLI process {cli_times[-1]:.3f} s CPU; Python process {py_times[-1]:.3f} s CPU, "
              f"of which the nnft.sample call {call_times[-1]:.3f} s")
    best_cli, best_py, best_call = min(cli_times), min(py_times), min(call_times)
    print(f"sampling {a.networks} networks, 1 thread, best of {a.rounds} interleaved rounds (CPU seconds): "
          f"CLI process {best_cli:.3f}; nnft.sample call {best_call:.3f} (ratio {best_call / best_cli:.3f}); "
          f"whole Python process incl. interpreter start and imports {best_py:.3f} (ratio {best_py / best_cli:.3f})")

    import numpy as np
    import nnft
    x = np.array([[0.2], [0.6], [1.0]])
    n = 20000
    per_call = min(timeit.repeat(lambda: nnft.kernel(x, net="erf"), number=n, repeat=5)) / n
    print(f"nnft.kernel on a 3 x 1 input (3 x 3 erf kernel): {per_call * 1e6:.1f} us per call (best of 5 x {n})")


if __name__ == "__main__":
    main()
