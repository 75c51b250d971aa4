"""The Python results equal the CLI's JSON documents field by field, for the README's example commands
(smaller ensembles where the README samples 10^6 networks)."""
import json

import numpy as np
import pytest

import nnft
from conftest import canonical, canonical_cpp, canonical_text, strip_seconds


def doc(result):
    return strip_seconds(json.loads(result.to_json()))


def test_sample_equals_cli(cli, tmp_path):
    out = tmp_path / "erf5.json"
    cli("sample", "--net", "erf", "--width", "5", "--inputs", "paper:erf", "--networks", "2e4", "--max-n", "6",
             "--seed", "1", "--threads", "2", "--out", str(out))
    r = nnft.sample(net="erf", width=5, inputs="paper:erf", networks=20000, max_n=6, seed=1, threads=1)
    assert doc(r) == strip_seconds(json.loads(out.read_text()))
    assert r.to_json() == out.read_text()  # the very bytes the CLI writes


def test_sample_expression_and_array_inputs_equal_cli(cli, tmp_path):
    out = tmp_path / "silu.json"
    cli("sample", "--activation", "x/(1+exp(-x))", "--width", "5", "--inputs", "0.5;-1", "--networks", "5000",
             "--max-n", "4", "--out", str(out))
    r = nnft.sample(activation="x/(1+exp(-x))", width=5, inputs=np.array([[0.5], [-1.0]]), networks="5e3", max_n=4)
    assert doc(r) == strip_seconds(json.loads(out.read_text()))


@pytest.mark.parametrize("args, kwargs", [
    (["--net", "erf", "--width", "5", "--inputs", "paper:erf", "--max-n", "6"],
     dict(net="erf", width=5, inputs="paper:erf", max_n=6)),
    (["--activation", "cos", "--biases", "uniform(-pi,pi)", "--out-weights", "rademacher(1)", "--width", "4",
      "--inputs", "-0.8;0.1;0.9"],
     dict(activation="cos", biases="uniform(-pi,pi)", out_weights="rademacher(1)", width=4, inputs="-0.8;0.1;0.9")),
])
def test_exact_equals_cli(cli, tmp_path, args, kwargs):
    out = tmp_path / "exact.json"
    cli("exact", *args, "--out", str(out))
    assert doc(nnft.exact(**kwargs)) == strip_seconds(json.loads(out.read_text()))


def test_integrate_equals_cli(cli_json):
    args = ["--net", "relu", "--cutoff", "100", "--points", "4", "--order", "lambda=1", "--connected", "--inputs",
            "paper:relu", "--tuples", "sorted"]
    expected = cli_json("integrate", *args, "--json")
    r = nnft.integrate(net="relu", cutoff=100, points=4, order="lambda=1", connected=True, inputs="paper:relu")
    assert doc(r) == expected
    assert r.complete and r.values.shape == (len(expected["tuples"]), 1)


def test_integrate_text_equals_cli(cli):
    args = ["--net", "gauss", "--din", "2", "--points", "4", "--max-order", "1", "--no-self-energy", "--inputs",
            "0.01,0.01;-0.01,0.01"]
    r = nnft.integrate(net="gauss", din=2, points=4, max_order=1, no_self_energy=True,
                       inputs=np.array([[0.01, 0.01], [-0.01, 0.01]]))
    assert r.text() == cli("integrate", *args)


def test_diagrams_and_correlator_equal_cli(cli, cli_json):
    expected = cli_json("diagrams", "--theory", "lambda*f^4", "--points", "4", "--order", "lambda=2", "--connected",
                        "--json")
    ds = nnft.diagrams("lambda*f^4", 4, order="lambda=2", connected=True)
    assert [d.raw for d in ds] == expected["diagrams"]
    c = nnft.correlator(points=4, max_order=1, connected=True)
    assert c.latex() == cli("correlator", "--points", "4", "--max-order", "1", "--connected", "--format", "latex")
    full = nnft.correlator("lambda*f^4", 4, max_order=1)
    for kwargs, flags in [({"width": 246}, ["--latex-width", "246"]), ({"terms_per_line": 2}, ["--terms-per-line", "2"]),
                          ({"group": True, "standalone": True, "width": 470},
                           ["--group", "--standalone", "--latex-width", "470"])]:
        assert full.latex(**kwargs) == cli("correlator", "--theory", "lambda*f^4", "--points", "4", "--max-order", "1",
                                           "--format", "latex", *flags)
    with pytest.raises(ValueError, match="out of range"):
        full.latex(width=50)
    # GiNaC prints products in an order that depends on the process's history: compare canonical forms.
    assert canonical_text(c.text()) == canonical_text(cli("correlator", "--points", "4", "--max-order", "1", "--connected"))
    assert canonical(c.to_dict()) == canonical(cli_json("correlator", "--points", "4", "--max-order", "1", "--connected",
                                                        "--json"))
    cpp = cli("correlator", "--points", "4", "--max-order", "1", "--connected", "--format", "cpp", "--cpp-namespace", "ns")
    assert canonical_cpp(c.cpp("ns")) == canonical_cpp(cpp)


def test_load_reads_cli_documents(cli, tmp_path):
    out = tmp_path / "relu.json"
    cli("exact", "--net", "relu", "--width", "20", "--inputs", "paper:relu", "--max-n", "4", "--out", str(out))
    r = nnft.load(out)
    assert r.to_json() == out.read_text()
    assert r.config["width"] == 20 and r.names == ["g2", "g2_connected", "g4", "g4_connected"]
    text = cli("integrate", "--net", "erf", "--points", "2", "--max-order", "0", "--inputs", "0.1;0.2", "--json")
    i = nnft.load(text)
    assert isinstance(i, nnft.IntegratedCorrelator) and i.tuples.shape == (3, 2)
