"""Ctrl-C during a long nnft.sample: SIGINT stops the run between rounds and raises KeyboardInterrupt."""
import os
import signal
import subprocess
import sys
import time

SCRIPT = """
import sys, time, nnft
print("started", flush=True)
t = time.monotonic()
try:
    nnft.sample(net="erf", width=50, depth=3, inputs="0.1;0.2;0.3;0.4", networks=10**12, max_n=4, threads=2,
                max_core_hours=1e6)  # a deliberately endless run (above the default time limit)
except KeyboardInterrupt:
    print("interrupted after %.3f" % (time.monotonic() - t), flush=True)
    sys.exit(7)
"""


def test_sigint_raises_keyboard_interrupt_quickly():
    p = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=os.environ.copy())
    assert p.stdout.readline().strip() == "started"
    time.sleep(1.0)  # well inside the sampling run
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    latency = time.monotonic() - sent
    assert p.returncode == 7, f"stdout: {out!r} stderr: {err!r}"
    assert "interrupted after" in out
    assert latency < 2.0, f"KeyboardInterrupt came {latency:.2f} s after SIGINT"
