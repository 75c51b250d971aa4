"""Start-up cost of nnft commands: wall and CPU time of whole processes, binaries compared in interleaved rounds.

Each round runs every case once with every binary (the binaries alternate inside the round, so a change of the
machine's load hits all of them alike) and records the 1-minute load average before the round. Per binary and case:
best and median wall time (fork to exit), median CPU (user + system of the child) and, with --instructions,
the instructions of one run counted by valgrind's callgrind (dynamic loader included; the machine has no hardware
counters). Output lines must be identical across the binaries (checked on every run).

Usage: /usr/bin/python3 bench/startup.py [--rounds 30] [--instructions] [--case NAME ...] NNFT [NNFT ...]
       (label a binary with LABEL=PATH; docs/performance.md#start-up has the figures and the command)
"""
import argparse
import os
import re
import statistics
import subprocess
import time

ONE_TUPLE = ["--points", "4", "--order", "lambda=1", "--inputs", "0.1;-0.2;0.3;0.05", "--tuples", "0,1,2,3"]
CASES = {
    "version": ["--version"],
    # the one-tuple call: the erf kernel over R^d is reported divergent (exit 4) after the screening
    "integrate-erf": ["integrate", "--net", "erf"] + ONE_TUPLE,
    "integrate-erf-cutoff": ["integrate", "--net", "erf", "--cutoff", "100"] + ONE_TUPLE,
    "integrate-gauss": ["integrate", "--net", "gauss"] + ONE_TUPLE,
    "diagrams": ["diagrams", "--points", "4", "--order", "lambda=1"],
    "sample": ["sample", "--net", "erf", "--width", "5", "--inputs", "0.2;0.6", "--networks", "1000", "--seed", "1",
               "--threads", "1", "--quiet"],
}


def run_once(cmd):
    """Wall seconds, CPU seconds (user + system), exit code and stdout of one run of cmd."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, p.returncode, out


def instructions(cmd):
    """Instructions of one run (callgrind's 'Collected', loader and exit included)."""
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected : (\d+)", r.stderr)
    return int(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs="+", help="nnft binaries, optionally LABEL=PATH")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    ap.add_argument("--case", action="append", choices=sorted(CASES), help="cases to run (default: all)")
    a = ap.parse_args()
    bins = [(b.split("=", 1) if "=" in b else (b, b)) for b in a.binaries]
    cases = a.case or list(CASES)
    wall = {(l, c): [] for l, _ in bins for c in cases}
    cpu = {(l, c): [] for l, _ in bins for c in cases}
    codes, outputs, loads = {}, {}, []
    for r in range(a.rounds):
        loads.append(os.getloadavg()[0])
        for c in cases:
            for k in range(len(bins)):
                label, path = bins[(k + r) % len(bins)]  # rotate the order inside each round
                w, u, code, out = run_once([path] + CASES[c])
                wall[label, c].append(w)
                cpu[label, c].append(u)
                codes[label, c] = code
                if outputs.setdefault(c, out) != out:
                    raise SystemExit(f"{label} {c}: output differs from the first binary's")
    print(f"{a.rounds} interleaved rounds; 1-min load average before the rounds: min {min(loads):.2f}, "
          f"median {statistics.median(loads):.2f}, max {max(loads):.2f} (2 cores)")
    print(f"{'case':22} {'binary':12} {'exit':>4} {'wall best':>10} {'wall median':>12} {'CPU median':>11}"
          + (f" {'instructions':>13}" if a.instructions else ""))
    for c in cases:
        for label, path in bins:
            line = (f"{c:22} {label:12} {codes[label, c]:>4} {1e3 * min(wall[label, c]):>8.1f}ms "
                    f"{1e3 * statistics.median(wall[label, c]):>10.1f}ms {1e3 * statistics.median(cpu[label, c]):>9.1f}ms")
            if a.instructions:
                n = instructions([path] + CASES[c])
                line += f" {n / 1e6:>12.1f}M" if n else f" {'?':>13}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
