"""Error mapping: library user errors → nnft.Error (ValueError) with the CLI's message, size limits →
nnft.SizeLimitError, unknown keywords → nnft.ArgumentError naming the valid ones; never a crash."""
import json

import numpy as np
import pytest

import nnft


def test_library_messages_are_the_clis():
    with pytest.raises(ValueError, match="no activation: give --net"):
        nnft.exact(width=3, inputs="0.1")
    with pytest.raises(nnft.Error, match="--net and --activation both name the activation"):
        nnft.exact(net="erf", activation="gelu", width=3, inputs="0.1")
    with pytest.raises(nnft.Error, match="--sigma-w is negative"):
        nnft.sample(net="erf", width=3, inputs="0.1", sigma_w=-1.0, networks=10)
    with pytest.raises(nnft.Error, match="--networks '0' is not a positive whole number"):
        nnft.sample(net="erf", width=3, inputs="0.1", networks=0)
    with pytest.raises(nnft.Error, match="give either --order or --max-order"):
        nnft.correlator(order="lambda=1", max_order=1)
    with pytest.raises(nnft.Error, match="--cutoff must be a positive number"):
        nnft.integrate(inputs="0.1", net="erf", cutoff=-3)
    with pytest.raises(nnft.Error, match="--weights gives the law of a group"):
        nnft.exact(net="erf", width=3, inputs="0.1", weights="uniform(-1,1)", sigma_w=2.0)


def test_size_limit():
    with pytest.raises(nnft.SizeLimitError, match="raise --max-memory-gb"):
        nnft.sample(net="erf", width=3, inputs=np.linspace(-1, 1, 40).reshape(-1, 1), max_n=6, networks=10,
                    max_memory_gb=0.001)
    assert issubclass(nnft.SizeLimitError, nnft.Error) and issubclass(nnft.Error, ValueError)


def test_unknown_and_missing_keywords():
    with pytest.raises(nnft.ArgumentError, match="unknown keyword argument 'widht' \\(did you mean 'width'\\?\\)"):
        nnft.sample(net="erf", widht=3, inputs="0.1")
    with pytest.raises(TypeError, match="the valid ones are: .*max_memory_gb"):
        nnft.sample(net="erf", width=3, inputs="0.1", colour="red")
    with pytest.raises(nnft.ArgumentError, match="missing a required argument: 'width'"):
        nnft.exact(net="erf", inputs="0.1")


def test_bad_types_and_arrays():
    with pytest.raises(ValueError, match="argument 'width' must be a non-negative int"):
        nnft.exact(net="erf", width=-2, inputs="0.1")
    with pytest.raises(ValueError, match="argument 'connected' must be a bool"):
        nnft.diagrams(connected="yes")
    with pytest.raises(ValueError, match=r"inputs: expected an array of shape \(M, 2\)"):
        nnft.exact(net="erf", width=2, din=2, inputs=np.zeros((3, 3)))
    with pytest.raises(ValueError, match="inputs: non-finite value inf"):
        nnft.sample(net="erf", width=2, inputs=np.array([[0.1], [np.inf]]), networks=10)
    with pytest.raises(ValueError, match="progress must be None, True or a callable"):
        nnft.sample(net="erf", width=2, inputs="0.1", networks=10, progress=3)


def test_progress_callback_and_its_exceptions():
    seen = []
    nnft.sample(net="erf", width=2, inputs="0.1", networks=20000, max_n=2, threads=1,
                progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (20000, 20000)

    def fail(done, total):
        raise RuntimeError("stop here")
    with pytest.raises(RuntimeError, match="stop here"):
        nnft.sample(net="erf", width=2, inputs="0.1", networks=20000, max_n=2, threads=1, progress=fail)


def test_checkpoint_interrupt_and_resume(cli, tmp_path):
    """A run stopped between rounds leaves a checkpoint; resuming it (in Python or with the CLI) gives the
    document of an uninterrupted run."""
    kw = dict(net="erf", width=20, inputs="0.1;0.5;0.9", max_n=4, networks=2000000, seed=5, threads=1)
    ck = tmp_path / "run.ck"

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        nnft.sample(checkpoint=ck, progress=stop, **kw)
    saved = ck.read_text()
    state = json.loads(saved)["state"]
    assert saved.startswith('{"config"') and state["next_block"] < state["end_block"]  # stopped mid-run
    whole = nnft.sample(**kw).to_json()
    assert nnft.sample(checkpoint=ck, resume=True, **kw).to_json() == whole
    ck.write_text(saved)
    out = tmp_path / "out.json"
    cli("sample", "--net", "erf", "--width", "20", "--inputs", "0.1;0.5;0.9", "--max-n", "4", "--networks", "2000000",
        "--seed", "5", "--threads", "1", "--checkpoint", str(ck), "--resume", "--out", str(out))
    assert out.read_text() == whole
    with pytest.raises(nnft.Error, match="belongs to a different run"):
        nnft.sample(checkpoint=ck, resume=True, **dict(kw, seed=6))
    with pytest.raises(nnft.Error, match="does not exist"):
        nnft.sample(checkpoint=tmp_path / "no" / "run.ck", **kw)


def test_hostile_values_are_refused_before_work():
    """Issue 16: the library requests refuse what the CLI's option checks refuse, with the same messages."""
    with pytest.raises(nnft.SizeLimitError, match="core-hours \\(limit 1000\\).*raise --max-core-hours"):
        nnft.sample(net="erf", width=3, inputs="0.1", networks="1e17")
    with pytest.raises(nnft.Error, match="--max-memory-gb\\) must be a positive finite number"):
        nnft.sample(net="erf", width=3, inputs="0.1", networks=10, max_memory_gb=float("nan"))
    with pytest.raises(nnft.Error, match="--max-classes must be a number between 1 and 1e18"):
        nnft.correlator(max_classes=1e30)
    with pytest.raises(nnft.Error, match="--max-order must be between 0 and 100"):
        nnft.correlator(max_order=1000000)
    with pytest.raises(nnft.Error, match="above the largest finite cutoff"):
        nnft.integrate(inputs="0.1", net="erf", cutoff=1e308)


def test_job_size_estimates_refuse_before_work_and_can_be_raised():
    many = ";".join(str(0.01 * i) for i in range(1, 51))
    with pytest.raises(nnft.Error, match="raise --max-memory-gb"):
        nnft.exact(net="erf", width=5, max_n=6, inputs=many)
    with pytest.raises(nnft.Error, match="raise --max-memory-gb"):
        nnft.integrate(inputs="0.1;0.2;0.3;0.4", net="erf", points=4, order="lambda=1", cutoff=10, max_memory_gb=1e-6)
    small = nnft.exact(net="erf", width=5, max_n=2, inputs="0.1;0.2", max_memory_gb=1e-3)
    assert small.g2.shape == (2, 2)


def test_estimator_auto_is_recorded_and_bad_values_refused():
    kw = dict(net="erf", width=3, inputs="0.1;0.5", networks=512, max_n=4, threads=1)
    assert nnft.sample(**kw).to_dict()["config"]["estimator"] == "conditioned"  # the default is auto
    assert nnft.sample(estimator="auto", **kw).to_json() == nnft.sample(estimator="conditioned", **kw).to_json()
    assert nnft.sample(estimator="plain", **kw).to_dict()["config"]["estimator"] == "plain"
    assert nnft.sample(out_weights="student_t(5,1)", **kw).to_dict()["config"]["estimator"] == "plain"
    with pytest.raises(nnft.Error, match="estimator 'fast': use auto, plain or conditioned"):
        nnft.sample(estimator="fast", **kw)
