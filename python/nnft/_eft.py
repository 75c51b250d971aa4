"""nnft.fit, nnft.beta and nnft.rg: the documents of ``nnft fit``, ``nnft beta`` and ``nnft rg`` as dicts."""
import json
import os

from . import _nnft
from ._args import keywords, progress_callback, require_network
from ._results import Correlators


def _data(source, what):
    """(text, name) of a data argument: a Correlators result, a path, or None."""
    if source is None:
        return None
    if isinstance(source, Correlators):
        return source.to_json(), f"<{what} result>"
    path = os.fspath(source)
    with open(path, encoding="utf-8") as f:
        return f.read(), path


def _result(r, text):
    doc = json.loads(r["document"])
    if text:
        doc["text"] = r["text"]
    return doc


@keywords
def fit(*, net=None, activation=None, width=None, depth=1, cutoff=None, models="M0,M1,M2,M3", data=None,
        test_data=None, train_inputs=None, test_inputs=None, weights="none", six_point=False, ratio_cutoffs=None,
        threads=None, weight_law=None, biases=None, out_weights=None, out_bias=None, max_memory_gb=4.0, text=False, progress=None):
    """Fit the EFT couplings (λ0, λ2, λ_NL of models M0–M3; κ with ``six_point``) to connected 4-point data,
    as ``nnft fit``.

    Parameters
    ----------
    net : str
        Required unless ``activation`` is given (no function guesses the network): erf, relu or gauss (the paper's width, cutoff and inputs), or tanh; ``activation`` (a preset or an
        expression in x) instead.
    width : int, optional
        Network width N (default: Erf 5, ReLU 20, Gauss 1000, others 20).
    depth : int, default 1
        Hidden layers L: the deep kernel K^(L) on the vertex lines (exact data: ReLU without biases; otherwise
        ``data="expand"`` or sampled data).
    cutoff : float or "inf", optional
        Λ of the vertex integrals (default: Erf 100, ReLU 100, Gauss inf, others 100).
    models : str, default "M0,M1,M2,M3"
        Comma-separated models.
    data, test_data : path or nnft.Correlators or "expand", optional
        Sampled, exact or expanded correlators on the train and test inputs (default: exact data computed in
        process); ``data="expand"``: G4_con of the 1/N expansion (nnft.expand) computed in process.
    threads : int, optional
        Threads of the expansion's four-point expectations (default: all cores).
    train_inputs, test_inputs : str, optional
        Inputs "x1;x2;…" (default: the paper's S and (√2/2)·S).
    weights : str, default "none"
        none (ordinary least squares, the paper's criterion) or errors (1/error²).
    six_point : bool, default False
        Also fit κ f⁶ to connected G6 and predict G6 (needs 6-point data).
    ratio_cutoffs : str, optional
        With six_point: cutoffs "L1,L2,…" for the G6 prediction ratios.
    weight_law, biases, out_weights, out_bias : str, optional
        Parameter laws of the network (``--weight-law``, ``--biases``, ``--out-weights``, ``--out-bias``: normal,
        uniform, zero, rademacher, student_t), for the exact data and the vertex kernel (``weights`` is the fit's
        weighting).
    max_memory_gb : float, default 4
        Refuse (nnft.Error) input sets whose tuple tables are estimated above this.
    text : bool, default False
        Add the CLI's text output under the key "text".
    progress : None, True or callable, optional
        ``f(done, total)`` or ``f(done, total, phase)`` (total 0 when not known) called between units of work (at
        most every 50 ms, and at each new phase), or True for a tqdm bar per phase (a line on stderr without tqdm).

    Returns
    -------
    dict: the document of ``nnft fit --json`` (net, width, cutoff, data, convention, models[, six_point]).

    Ctrl-C stops the call between units of work (KeyboardInterrupt; nothing is written); an exception raised by
    the progress callable stops it the same way and is re-raised.
    """
    expansion = isinstance(data, str) and data == "expand"
    if expansion and test_data is not None:
        raise ValueError('data="expand" computes the data in process: give no test_data')
    require_network(net, activation)
    r = _nnft.fit(net=net, activation=activation, width=width, depth=depth,
                  cutoff=None if cutoff is None else str(cutoff), models=models,
                  data=None if expansion else _data(data, "train"), test_data=_data(test_data, "test"),
                  train_inputs=train_inputs, test_inputs=test_inputs, weights=weights, six_point=six_point,
                  ratio_cutoffs=ratio_cutoffs, expansion=expansion, threads=threads or os.cpu_count() or 1,
                  weight_law=weight_law, biases=biases, out_weights=out_weights, out_bias=out_bias,
                  max_memory_gb=max_memory_gb, progress=progress_callback(progress, "fit"))
    return _result(r, text)


@keywords
def beta(*, net=None, activation=None, din=1, depth=1, sigma_w=1.0, sigma_b=None, theory="lambda*f^4 + kappa*f^6",
         coupling="lambda", text=False):
    """The β-function of a local coupling from the kernel's large-|y| scaling, as ``nnft beta``.

    Parameters
    ----------
    net : str
        Required unless ``activation`` is given: erf, relu, gauss (symbolic) or tanh (measured); ``activation`` (any preset or expression; measured).
    din : int, default 1
        Input dimension.
    depth : int, default 1
        Hidden layers L: the deep kernel K^(L) (its large-|y| exponent measured numerically for L > 1).
    sigma_w : float, default 1; sigma_b : float, optional (1; ReLU 0)
        Kernel parameters.
    theory : str, default "lambda*f^4 + kappa*f^6"
        The theory (the coupling's term gives legs and weight).
    coupling : str, default "lambda"
        The local coupling.
    text : bool, default False
        Add the CLI's text line under the key "text".

    Returns
    -------
    dict: {"net", "d_in", "coupling", "beta" (e.g. "-6*lambda"), "scaling_exponent", "method"}.
    """
    require_network(net, activation)
    r = _nnft.beta(net=net, activation=activation, din=din, depth=depth, sigma_w=sigma_w, sigma_b=sigma_b, theory=theory,
                   coupling=coupling)
    return _result(r, text)


@keywords
def rg(*, net=None, activation=None, din=1, depth=1, sigma_w=1.0, sigma_b=None, width=20, cutoffs=None, min_cutoff=100.0,
       inputs=None, text=False, progress=None):
    """The running quartic coupling λ(Λ) from exact G4_con and its slope against the β-function, as ``nnft rg``.

    Parameters
    ----------
    net, activation, din, depth, sigma_w, sigma_b
        The network kernel, as in nnft.beta.
    width : int, default 20
        Network width N.
    cutoffs : str or list of float, optional
        Cutoffs (default: the paper's sweep 7 … 1e5; a few are much faster).
    min_cutoff : float, default 100
        Fit the slope over cutoffs ≥ this.
    inputs : str, optional
        Inputs (default: the paper's set for the net and din).
    text : bool, default False
        Add the CLI's text output under the key "text".
    progress : None, True or callable, optional
        ``f(done, total)`` or ``f(done, total, phase)`` (total 0 when not known) called between cutoffs (at
        most every 50 ms, and at each new phase), or True for a tqdm bar per phase (a line on stderr without tqdm).

    Returns
    -------
    dict: {"net", "d_in", "width", "lambda": [{"cutoff", "value", "error"}], "slope", "predicted", "beta", …}.
    """
    if cutoffs is not None and not isinstance(cutoffs, str):
        cutoffs = ",".join(repr(float(c)) for c in cutoffs)
    require_network(net, activation)
    r = _nnft.rg(net=net, activation=activation, din=din, depth=depth, sigma_w=sigma_w, sigma_b=sigma_b, width=width,
                 cutoffs=cutoffs, min_cutoff=min_cutoff, inputs=inputs, progress=progress_callback(progress, "rg"))
    return _result(r, text)


@keywords
def compare(a, b, *, tables=None, worst=5, text=False):
    """Compare two correlator documents, as ``nnft compare``: per table the pulls (A − B)/√(σ_A² + σ_B²) of the
    entries both hold, χ², its p-value (indicative: sampled entries are correlated) and the worst entries.

    Parameters
    ----------
    a, b : path or nnft.Correlators
        Documents of sample, exact, expand or merge (or their results), on the same inputs.
    tables : list of str, optional
        Tables to compare (default: every table both have), e.g. ["g4_connected"].
    worst : int, default 5
        Entries listed per table, by decreasing |pull|.
    text : bool, default False
        Add the CLI's text output under the key "text".

    Returns
    -------
    dict: {"tables": [{"table", "compared", "chi2", "dof", "p_value", "max_abs_pull", "exact_mismatches",
    "worst": [...]}], "config_differences", "note"}.
    """
    r = _nnft.compare(a=_data(a, "A"), b=_data(b, "B"), tables=None if tables is None else ",".join(tables), worst=worst)
    return _result(r, text)
