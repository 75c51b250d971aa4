"""nnft.fit, nnft.beta, nnft.rg: plain dicts equal to the CLI's --json documents."""
import pytest

import nnft
from conftest import strip_seconds


def test_beta_equals_cli(cli_json):
    b = nnft.beta(net="relu", din=2)
    assert b["beta"] == "-6*lambda" and b["method"] == "symbolic"
    assert strip_seconds(b) == cli_json("beta", "--net", "relu", "--din", "2", "--json")
    assert nnft.beta(net="relu", coupling="kappa", text=True)["text"].startswith("beta(kappa) = -7*kappa")


def test_fit_equals_cli(cli_json):
    f = nnft.fit(net="erf", models="M0,M1")
    assert f == cli_json("fit", "--net", "erf", "--models", "M0,M1", "--json")
    assert [m["name"] for m in f["models"]] == ["M0", "M1"]


def test_fit_on_sampled_results(tmp_path):
    kw = dict(net="relu", width=20, max_n=4, networks=2000, seed=3)
    train = nnft.sample(inputs="0.1414213562373095;0.4242640687119285", **kw)
    test = nnft.sample(inputs="0.2;0.6", **kw)
    path = tmp_path / "test.json"
    path.write_text(test.to_json())
    f = nnft.fit(net="relu", models="M1", data=train, test_data=path, train_inputs="0.1414213562373095;0.4242640687119285",
                 test_inputs="0.2;0.6")
    assert f["data"] == "<train result>" and "lambda0" in f["models"][0]["couplings"]


def test_rg_and_errors(cli_json):
    r = nnft.rg(net="relu", cutoffs=[100, 1000], min_cutoff=100)
    assert r == cli_json("rg", "--net", "relu", "--cutoffs", "100.0,1000.0", "--min-cutoff", "100", "--json")
    assert len(r["lambda"]) == 2
    with pytest.raises(nnft.Error, match="coupling 'mu' is not in the theory"):
        nnft.beta(net="relu", coupling="mu")
    with pytest.raises(nnft.Error, match="--data FILE needs --test-data"):
        nnft.fit(net="relu", data=nnft.exact(net="relu", width=20, inputs="0.2", max_n=4))
    for call in (lambda: nnft.fit(models="M1"), lambda: nnft.beta(), lambda: nnft.rg(cutoffs=[100]),
                 lambda: nnft.kernel([[0.1]]), lambda: nnft.integrate(inputs="0.1")):  # no function guesses the network
        with pytest.raises(nnft.Error, match="no activation: give --net"):
            call()
    with pytest.raises(nnft.Error, match="both name the activation"):
        nnft.beta(net="relu", activation="gelu")


def test_check_equals_cli(cli_json):
    seen = []
    r = nnft.check(only="diagrams.", progress=lambda name, passed, seconds: seen.append((name, passed)))
    expected = cli_json("check", "--only", "diagrams.", "--json")
    assert strip_seconds(r) == expected and r["passed"]
    assert [name for name, _ in seen] == [c["id"] for c in r["checks"]]
    with pytest.raises(nnft.Error, match="matches no check"):
        nnft.check(only="nothing.")
