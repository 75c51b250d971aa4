"""Result objects: tensors and tables, to_json/load round trips, diagrams and correlators as Python objects."""
import itertools
import json
from fractions import Fraction

import numpy as np
import pytest

import nnft


@pytest.fixture(scope="module")
def erf5():
    return nnft.exact(net="erf", width=5, inputs="paper:erf", max_n=6)


def test_tensors_are_symmetric_and_match_tables(erf5):
    g4 = erf5.g4_connected
    assert g4.shape == (6, 6, 6, 6)
    for p in itertools.permutations(range(4)):
        assert np.array_equal(g4, g4.transpose(p))
    t = erf5.table("g4_connected")
    for idx, v in zip(t.indices, t.values):
        assert g4[tuple(idx)] == v
    assert erf5.errors("g4_connected").shape == g4.shape
    assert erf5.g6_connected.shape == (6,) * 6
    assert t.jackknife is None


def test_round_trip(erf5, tmp_path):
    path = tmp_path / "e.json"
    path.write_text(erf5.to_json())
    back = nnft.load(str(path))
    assert back.to_json() == erf5.to_json()
    assert np.array_equal(back.g4_connected, erf5.g4_connected)
    assert nnft.load(erf5.to_json()).to_dict() == erf5.to_dict()


def test_sampled_tables_carry_jackknife_and_dout():
    r = nnft.sample(net="relu", width=4, dout=2, inputs="0.3;0.7", networks=10000, max_n=4, threads=2)
    assert r.points == 4 and r.g4_connected.shape == (4, 4, 4, 4)
    assert r.table("g4_connected").jackknife.shape == (len(r.table("g4_connected")), 32)
    assert "jackknife" not in nnft.sample(net="relu", width=4, inputs="0.3", networks=300, max_n=4,
                                          jackknife=False).to_dict()


def test_threads_never_change_the_result():
    kw = dict(net="tanh", width=3, inputs="0.1;0.5", networks=4000, max_n=4)
    assert nnft.sample(threads=1, **kw).to_json() == nnft.sample(threads=2, **kw).to_json()


def test_load_refuses_other_documents(tmp_path):
    with pytest.raises(nnft.Error, match="is not JSON"):
        nnft.load("{not json")
    with pytest.raises(nnft.Error, match="document"):
        nnft.load('{"x": 1}')
    with pytest.raises(FileNotFoundError):
        nnft.load(tmp_path / "missing.json")


def test_diagram_objects():
    ds = nnft.diagrams("lambda*f^4", 4, order="lambda=1", connected=True)
    assert len(ds) == 1
    d = ds[0]
    assert d.coefficient == Fraction(-24) and d.multiplicity == 24 and d.symmetry_factor == 1
    assert d.connected and d.one_pi and d.couplings == {"lambda": 1} and d.monomial == "lambda"
    assert sorted(d.edges) == [(0, 4, 1), (1, 4, 1), (2, 4, 1), (3, 4, 1)]
    two = nnft.diagrams("lambda*f^4", 2, order="lambda=1")
    assert all(isinstance(x.coefficient, Fraction) for x in two)


def test_correlator_object():
    c = nnft.correlator(points=4, max_order=1, connected=True)
    assert len(c) == 2 and c.monomials() == ["lambda", "kappa"]
    assert [t.coefficient for t in c.terms] == [Fraction(-24), Fraction(-360)]
    assert "\\lambda" in c.latex() and "namespace nnft_generated" in c.cpp()
    assert c.to_dict()["terms"][0]["couplings"] == {"lambda": 1}
    assert c.terms[1].diagram.vertices[0]["coupling"] == "kappa"


def test_integrate_tensor_and_tuples():
    r = nnft.integrate(net="erf", points=2, max_order=0, inputs=np.array([[0.1], [0.2], [0.3]]))
    k = nnft.kernel(np.array([[0.1], [0.2], [0.3]]), net="erf")
    assert np.allclose(r.tensor("1"), k, rtol=1e-12)
    some = nnft.integrate(net="erf", points=2, max_order=0, inputs="0.1;0.2", tuples=[(0, 1), (1, 1)])
    assert some.tuples.tolist() == [[0, 1], [1, 1]]
    assert json.loads(some.to_json())["kernel"]["net"] == "erf"


def test_expand_equals_the_cli(cli_json):
    """nnft.expand is nnft expand: the same document; its G4_con coefficient is the hand-checked 45/64 (ReLU,
    depth 3, one input: 3·L·4^(1−L)·5/4), and fit takes data="expand"."""
    import json
    import nnft
    r = nnft.expand(net="relu", depth=3, width=10, inputs="1", threads=1)
    doc = json.loads(r.to_json())
    assert doc == cli_json("expand", "--net", "relu", "--depth", "3", "--width", "10", "--inputs", "1", "--threads", "1")
    assert doc["config"]["order"] == "1/N"
    assert abs(doc["coefficients"]["g4_connected_first_order"][0]["value"] - 45 / 64) < 1e-9
    assert abs(r.g4_connected[0, 0, 0, 0] - 45 / 640) < 1e-10
    fit = nnft.fit(net="erf", depth=2, models="M1", data="expand", threads=1)
    assert fit["data"] == "expand" and "lambda0" in fit["models"][0]["couplings"]


def test_unequal_widths_as_a_list(cli_json):
    """width=[N_1, …, N_L] is --widths: the same document as the CLI; the exact deep ReLU at widths (3, 7) has
    G4_con = 3[(1/4 + 5/12)(1/4 + 5/28) − 1/16] at x = 1 (one χ² factor per layer); a bad list is a ValueError."""
    import json
    import nnft
    r = nnft.exact(net="relu", width=[3, 7], inputs="1", max_n=4)
    doc = json.loads(r.to_json())
    assert doc == cli_json("exact", "--net", "relu", "--widths", "3,7", "--inputs", "1", "--max-n", "4")
    assert doc["config"]["widths"] == [3, 7] and doc["config"]["depth"] == 2
    assert abs(r.g4_connected[0, 0, 0, 0] - 3 * ((0.25 + 5 / 12) * (0.25 + 5 / 28) - 1 / 16)) < 1e-14
    with pytest.raises(ValueError, match="list of hidden widths"):
        nnft.expand(net="relu", width="3,7", inputs="1")
    with pytest.raises(ValueError, match="one width per hidden layer"):
        nnft.expand(net="relu", width=[3, 7], depth=3, inputs="1")


def test_compare_results_and_files(tmp_path, cli_json):
    """nnft.compare is nnft compare: a result against itself has pulls 0; sampled against exact (deep ReLU at
    widths (2, 5)) stays within 4.5σ; the same document as the CLI for files; different inputs are refused."""
    import json
    import nnft
    x = nnft.exact(net="relu", width=[2, 5], inputs="0.5;1.3", max_n=4)
    s = nnft.sample(net="relu", width=[2, 5], inputs="0.5;1.3", max_n=4, networks=100000, seed=4, threads=1)
    same = nnft.compare(x, x)
    assert all(t["chi2"] == 0 and t["max_abs_pull"] == 0 for t in same["tables"])
    r = nnft.compare(s, x, tables=["g4_connected"], worst=2, text=True)
    assert [t["table"] for t in r["tables"]] == ["g4_connected"] and len(r["tables"][0]["worst"]) == 2
    assert r["tables"][0]["max_abs_pull"] < 4.5 and "chi2/dof" in r["text"]
    (tmp_path / "s.json").write_text(s.to_json())
    (tmp_path / "x.json").write_text(x.to_json())
    doc = nnft.compare(tmp_path / "s.json", tmp_path / "x.json")
    assert doc == cli_json("compare", str(tmp_path / "s.json"), str(tmp_path / "x.json"), "--json")
    other = nnft.exact(net="relu", width=[2, 5], inputs="0.5;1.4", max_n=4)
    with pytest.raises(ValueError, match="config.inputs"):
        nnft.compare(s, other)
