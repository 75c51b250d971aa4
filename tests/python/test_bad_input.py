"""Issue 16: the Python functions refuse what the CLI refuses (tests/cli/bad_inputs.tsv), with an exception whose
message names the argument, quickly and before any work. Each row: function, arguments, exception, fragment."""
import time

import pytest

import nnft

NAN, INF = float("nan"), float("inf")
ONE = dict(net="erf", width=3, inputs="1", networks=1000)
FIFTY = ";".join(str(0.01 * i) for i in range(1, 51))
D12 = ";".join([",".join(["0.1"] * 12)] * 1)
D9 = ",".join(["0.1"] * 9)
SMALL = dict(net="erf", points=4, order="lambda=1", connected=True, inputs="0.1", cutoff=10)
LAMBDA5 = dict(net="erf", points=4, order="lambda=5", connected=True, no_self_energy=True, tuples="0,1,2,3",
               inputs="0.1;0.2;0.3;0.4", cutoff=10)

ROWS = [
    # sample
    (nnft.sample, dict(ONE, width=10**12), nnft.SizeLimitError, "need about"),
    (nnft.sample, dict(ONE, width=10**7), nnft.SizeLimitError, "width 10000000"),
    (nnft.sample, dict(ONE, networks=10**17), nnft.SizeLimitError, "raise --max-core-hours"),
    (nnft.sample, dict(ONE, threads=100000), nnft.Error, "threads: expected at most"),
    (nnft.sample, dict(ONE, depth=10**6), nnft.Error, "--depth 1000000 is above 1000"),
    (nnft.sample, dict(ONE, sigma_w=NAN), nnft.Error, "--sigma-w is not finite"),
    (nnft.sample, dict(ONE, mu_b=INF), nnft.Error, "--mu-b is not finite"),
    (nnft.sample, dict(ONE, seed=-1), ValueError, "argument 'seed' must be a non-negative int"),
    (nnft.sample, dict(ONE, max_n=1000), nnft.Error, "--max-n 1000"),
    (nnft.sample, dict(ONE, checkpoint_every=0), nnft.Error, "checkpoint_every: expected a finite number of seconds"),
    (nnft.sample, dict(ONE, checkpoint_every=NAN), nnft.Error, "checkpoint_every: expected a finite number of seconds"),
    (nnft.sample, dict(ONE, max_memory_gb=-1), nnft.Error, "--max-memory-gb) must be a positive finite number"),
    (nnft.sample, dict(ONE, max_core_hours=INF), nnft.Error, "--max-core-hours) must be a positive finite number"),
    (nnft.sample, dict(ONE, inputs=";".join(str(i * 1e-3) for i in range(5000))), nnft.Error, "too many output points"),
    # exact
    (nnft.exact, dict(net="relu", width=3, depth=10**6, inputs="1"), nnft.Error, "--depth 1000000 is above 1000"),
    (nnft.exact, dict(net="relu", width=5, inputs="paper:relu", mu_b=1e308), nnft.Error, "overflow double precision"),
    (nnft.exact, dict(net="erf", width=5, inputs="1", sigma_w=NAN), nnft.Error, "--sigma-w is not finite"),
    (nnft.exact, dict(net="erf", width=5, max_n=6, inputs=FIFTY), nnft.SizeLimitError, "raise --max-memory-gb"),
    (nnft.exact, dict(net="relu", width=-5, inputs="1"), ValueError, "argument 'width' must be a non-negative int"),
    # expand
    (nnft.expand, dict(net="erf", depth=3, width=50, inputs="0.5", threads=100000), nnft.Error, "threads: expected at most"),
    (nnft.expand, dict(net="erf", depth=10**6, width=50, inputs="0.5"), nnft.Error, "--depth 1000000 is above 1000"),
    (nnft.expand, dict(net="erf", depth=3, width=0, inputs="0.5"), nnft.Error, "width 0"),
    # integrate
    (nnft.integrate, dict(SMALL, net="gauss", din=33, cutoff="inf"), nnft.Error, "--din 33 is above 32"),
    (nnft.integrate, dict(SMALL, net="gauss", din=12, inputs=D12, cutoff="inf"), nnft.SizeLimitError, "--max-seconds"),
    (nnft.integrate, dict(SMALL, net="gauss", din=9, inputs=D9, cutoff="inf"), nnft.Error, "coarsest grid in 9 dimensions"),
    (nnft.integrate, dict(LAMBDA5, max_seconds=0.01), nnft.SizeLimitError, "raise --max-seconds"),
    (nnft.integrate, dict(SMALL, max_seconds=0), nnft.Error, "--max-seconds must be a positive number"),
    (nnft.integrate, dict(SMALL, max_seconds=NAN), nnft.Error, "--max-seconds must be a positive number"),
    (nnft.integrate, dict(SMALL, net="relu", sigma_b=NAN), nnft.Error, "sigma"),
    (nnft.integrate, dict(SMALL, rel_tol=-1), nnft.Error, "--rel-tol must lie in (0, 1)"),
    (nnft.integrate, dict(SMALL, cutoff=1e308), nnft.Error, "above the largest finite cutoff"),
    (nnft.integrate, dict(SMALL, points=6, order="lambda=1", connected=False, inputs=FIFTY), nnft.SizeLimitError,
     "raise --max-memory-gb"),
    # diagrams and correlator
    (nnft.diagrams, dict(points=40, order="lambda=1"), nnft.SizeLimitError, "diagram classes"),
    (nnft.diagrams, dict(points=4, order="lambda=50"), nnft.SizeLimitError, "diagram classes"),
    (nnft.diagrams, dict(max_order=1000000), nnft.Error, "--max-order must be between 0 and 100"),
    (nnft.diagrams, dict(order="lambda=-1"), nnft.Error, "non-negative"),
    (nnft.correlator, dict(max_classes=1e30), nnft.Error, "--max-classes must be a number between 1 and 1e18"),
    (nnft.correlator, dict(theory="lambda*f^33"), nnft.Error, "exponent must be between 1 and 32"),
    # fit, beta, rg
    (nnft.fit, dict(net="erf", models=""), nnft.Error, "models"),
    (nnft.fit, dict(net="erf", cutoff="10abc"), nnft.Error, "--cutoff must be a positive number or 'inf', not '10abc'"),
    (nnft.fit, dict(net="erf", threads=100000), nnft.Error, "threads: expected at most"),
    (nnft.beta, dict(net="relu", din=2147483647), nnft.Error, "above 32"),
    (nnft.beta, dict(net="relu", sigma_w=0), nnft.Error, "needs --sigma-w > 0"),
    (nnft.rg, dict(net="relu", cutoffs=[100, 1e308]), nnft.Error, "above the largest finite cutoff"),
    # check
    (nnft.check, dict(only="nothing", threads=100000), nnft.Error, "threads: expected at most"),
]


@pytest.mark.parametrize("fn,kwargs,error,fragment", ROWS,
                         ids=[f"{fn.__name__}-{i}" for i, (fn, *_rest) in enumerate(ROWS)])
def test_refused_fast_with_the_argument_named(fn, kwargs, error, fragment):
    start = time.monotonic()
    with pytest.raises(error) as caught:
        fn(**kwargs)
    assert fragment in str(caught.value)
    assert time.monotonic() - start < 2.0  # refused before any work (generous for a loaded machine)
