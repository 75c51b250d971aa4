"""Ctrl-C and progress callbacks in the long calls besides sample: integrate, exact, expand, fit and rg report
progress between units of work (integral batches and steps inside them, quadrature nodes, layers, cutoffs); a
SIGINT raises KeyboardInterrupt within about a second, and an exception from the callback stops the call."""
import os
import signal
import subprocess
import sys
import time

import pytest

import nnft

# Calls that run for many seconds on this machine (measured: integrate 8-10 s, exact ~10 s, fit 8 s), stopped
# after one second.
LONG_CALLS = {
    "integrate": 'nnft.integrate(inputs="0.1,0.2;0.3,-0.1;0.5,0.4", din=2, net="gauss", points=4, order="lambda=2", '
                 'connected=True, no_self_energy=True)',
    "exact": 'nnft.exact(net="erf", width=5, din=2, weights="uniform(-1.5,1.5)", inputs=[[0.1 * i, 0.05 * i - 0.3] '
             'for i in range(12)], max_n=6)',
    "fit": 'nnft.fit(activation="gelu")',
}

SCRIPT = """
import sys, time, nnft
print("started", flush=True)
t = time.monotonic()
try:
    {call}
except KeyboardInterrupt:
    print("interrupted after %.3f" % (time.monotonic() - t), flush=True)
    sys.exit(7)
print("finished after %.3f" % (time.monotonic() - t), flush=True)
"""


@pytest.mark.parametrize("name", sorted(LONG_CALLS))
def test_sigint_stops_long_calls(name):
    p = subprocess.Popen([sys.executable, "-c", SCRIPT.format(call=LONG_CALLS[name])], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    assert p.stdout.readline().strip() == "started"
    time.sleep(1.0)  # inside the call
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    latency = time.monotonic() - sent
    assert p.returncode == 7, f"{name}: stdout {out!r} stderr {err!r}"
    assert latency < 2.5, f"{name}: KeyboardInterrupt came {latency:.2f} s after SIGINT"


def test_phased_progress_and_short_callbacks():
    phases, pairs = [], []
    nnft.exact(net="erf", width=3, inputs="0.1;0.5", max_n=4,
               progress=lambda done, total, phase: phases.append(phase))
    assert "output cumulant orders" in phases
    nnft.expand(net="erf", width=10, depth=3, inputs="0.1;0.5", progress=lambda done, total: pairs.append((done, total)))
    assert pairs and pairs[-1][0] == pairs[-1][1] > 0  # the last layer of the second rule
    steps = []
    nnft.rg(net="relu", cutoffs=[100, 1000], progress=lambda done, total, phase: steps.append((done, total, phase)))
    assert (2, 2, "cutoffs") in steps


def test_callback_exception_stops_integrate_and_fit():
    def fail(done, total, phase):
        raise ValueError("stop at " + phase)
    with pytest.raises(ValueError, match="stop at"):
        nnft.integrate(inputs="0.1;0.2;0.3", net="gauss", points=4, order="lambda=2", connected=True,
                       no_self_energy=True, progress=fail)
    with pytest.raises(ValueError, match="stop at"):
        nnft.fit(net="relu", models="M1", progress=fail)
    # the extension is left usable: the same calls run to the end afterwards
    assert nnft.fit(net="relu", models="M1")["models"]
