"""A finite-width correction with nnft, from a formula to a number to a sampled check to a plot.

A ReLU network of width N is, at finite N, a weakly interacting field theory: its connected 4-point
function is, to first order, G4_con(x1..x4) = -24 λ ∫ dy K(x1,y) K(x2,y) K(x3,y) K(x4,y) (the paper's
eq. 3.18; couplings without 1/k!), with a coupling λ that falls like 1/N. This script
  1. builds that formula (nnft.correlator),
  2. turns it into numbers for the ReLU kernel at the paper's inputs (nnft.integrate),
  3. fits λ(N) to the exact finite-width G4_con of networks of width N (nnft.exact),
  4. checks one width against a sampled ensemble (nnft.sample), and
  5. plots λ(N) (matplotlib; skipped with a message when it is not installed).

Run from the build tree:  PYTHONPATH=build/python /usr/bin/python3 examples/tutorial.py [--small] [--plot FILE]
"""
import argparse
import sys

import numpy as np

import nnft


def fit_coupling(g4_con, template):
    """Least-squares λ of G4_con ≈ λ · template over the sorted tuples (the paper's unweighted fit)."""
    return float(template @ g4_con / (template @ template))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="fewer networks (what the test suite runs)")
    ap.add_argument("--plot", default="tutorial.png", help="where to write the plot (default tutorial.png)")
    args = ap.parse_args(argv)
    inputs = "0.2;0.6;1.0;1.2"  # the ReLU inputs of the paper's running study (docs/physics-setup.md §4.2)

    # 1. The formula: the connected 4-point function of λ f⁴ at first order.
    formula = nnft.correlator(theory="lambda*f^4", points=4, order="lambda=1", connected=True)
    print("1. formula:", formula.latex().strip())
    term = formula.terms[0]
    print(f"   {len(formula)} term, coefficient {term.coefficient}, multiplicity {term.diagram.multiplicity}")

    # 2. The number: each sorted tuple's value of -24 ∫ K K K K (λ excluded) for the ReLU kernel, cutoff 100.
    integral = nnft.integrate(theory="lambda*f^4", points=4, order="lambda=1", connected=True, net="relu",
                              cutoff=100, inputs=inputs)
    template = integral.by_coupling["lambda"][0]
    print(f"2. -24 ∫KKKK over {len(template)} tuples: {template[0]:.6g} … {template[-1]:.6g} "
          f"(max error {integral.errors.max():.2g})")

    # 3. λ(N) from the exact finite-width connected 4-point function, tuple by tuple.
    widths = [5, 10, 20, 50]
    lambdas = []
    for n in widths:
        exact = nnft.exact(net="relu", width=n, inputs=inputs, max_n=4)
        lambdas.append(fit_coupling(exact.table("g4_connected").values, template))
    print("3. lambda(N):", ", ".join(f"N={n}: {lam:.4g}" for n, lam in zip(widths, lambdas)))
    slope = np.polyfit(np.log(widths), np.log(np.abs(lambdas)), 1)[0]
    print(f"   d log|lambda| / d log N = {slope:.3f} (1/N scaling: -1)")

    # 4. A sampled check at N = 5: the sampled G4_con against the exact one, entry by entry.
    networks = 200_000 if args.small else 2_000_000
    sampled = nnft.sample(net="relu", width=5, inputs=inputs, max_n=4, networks=networks, seed=1)
    exact5 = nnft.exact(net="relu", width=5, inputs=inputs, max_n=4)
    s, e = sampled.table("g4_connected"), exact5.table("g4_connected")
    pulls = (s.values - e.values) / s.errors
    lam_sampled = fit_coupling(s.values, template)
    print(f"4. sampled ({networks} networks) vs exact G4_con: max |pull| {np.abs(pulls).max():.2f}; "
          f"lambda(5) sampled {lam_sampled:.4g} vs exact {lambdas[0]:.4g}")

    # 5. The plot.
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("5. matplotlib is not installed: no plot (apt-get install python3-matplotlib)")
        return 0
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.loglog(widths, np.abs(lambdas), "o-", label="exact finite width")
    ax.loglog([5], [abs(lam_sampled)], "s", label=f"sampled, {networks:.0e} networks")
    ax.loglog(widths, abs(lambdas[0]) * 5 / np.array(widths), "--", label="1/N")
    ax.set_xlabel("width N")
    ax.set_ylabel("|lambda|")
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.plot)
    print("5. plot written to", args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
