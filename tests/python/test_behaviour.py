"""Long calls release the GIL; progress=True uses tqdm when it is installed (a stand-in module here)."""
import sys
import threading
import time
import types

import nnft


def test_sample_releases_the_gil():
    """While another thread samples, this one keeps running: its longest pause is far below the sampling time
    (with the GIL held it would stall for the whole call)."""
    done = threading.Event()
    kw = dict(net="erf", width=20, inputs="0.1;0.5", max_n=4, networks=4000000, threads=1)
    worker = threading.Thread(target=lambda: (nnft.sample(**kw), done.set()))
    start = last = time.perf_counter()
    longest = 0.0
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    total = time.perf_counter() - start
    assert total > 0.2, f"the sample took only {total:.3f} s: too short to tell"
    assert longest < 0.25 * total, f"this thread stalled {longest:.3f} s of {total:.3f} s"


def test_progress_true_uses_tqdm(monkeypatch):
    bars = []

    class FakeTqdm:
        def __init__(self, total, **kwargs):
            self.total, self.n, self.closed = total, 0, False
            bars.append(self)

        def update(self, k):
            self.n += k

        def close(self):
            self.closed = True

    auto = types.ModuleType("tqdm.auto")
    auto.tqdm = FakeTqdm
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", auto)
    nnft.sample(net="erf", width=2, inputs="0.1", networks=5000, max_n=2, progress=True)
    assert len(bars) == 1 and bars[0].total == 5000 and bars[0].n == 5000 and bars[0].closed


def test_progress_true_without_tqdm_writes_stderr(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm fails
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    nnft.sample(net="erf", width=2, inputs="0.1", networks=5000, max_n=2, progress=True)
    assert "sample: networks: 5000/5000 (100.0%)" in capsys.readouterr().err
