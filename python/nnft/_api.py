"""nnft.kernel, nnft.sample, nnft.exact, nnft.integrate and nnft.load."""
import functools
import os

from . import _nnft
from ._args import keywords, progress_callback, require_network
from ._results import Correlators, IntegratedCorrelator


def _write_atomically(path, text):
    """Write `text` to `path` through a temporary file in the same folder and a rename, so that a failed or
    interrupted write never damages the previous file (what the CLI does for --out and --checkpoint)."""
    tmp = f"{path}.tmp.{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


@keywords
def kernel(X, Y=None, *, net=None, activation=None, depth=1, sigma_w=1.0, sigma_b=None, weights=None, biases=None,
           out_weights=None, out_bias=None, eft=False, return_error=False):
    """The NNGP kernel matrix K(X, Y) of a network, like neural-tangents' ``kernel_fn(X, Y, 'nngp')``.

    Parameters
    ----------
    X : array of shape (M, d_in)
        Input points, one per row (float64; a 1-D array reads as M points of dimension 1).
    Y : array of shape (M', d_in), optional
        Second set of points (default: X).
    net : str
        Required unless ``activation`` is given (no function guesses the network). Activation with a built-in
        kernel: erf, relu, gauss (closed forms) or tanh (quadrature).
    activation : str, optional
        Instead of ``net``: a preset (gelu, silu, softplus, sigmoid, sin, cos, linear, leaky_relu:a, …) or an
        expression in x such as ``"x/(1+exp(-x))"``; its kernel is computed by Hermite expansion/quadrature.
    depth : int, default 1
        Hidden layers L (the NNGP recursion; not gauss).
    sigma_w : float, default 1.0
        Weight scale σ_W.
    sigma_b : float, optional
        Bias scale σ_b (default 1; ReLU 0).
    weights, biases, out_weights, out_bias : str, optional
        Parameter laws as in ``nnft sample`` (normal(mu,sigma), uniform(a,b), zero, rademacher(s), student_t(nu,sd));
        a law replaces the sigma_w/sigma_b of its group. Output laws of mean 0 enter through their variances; other
        first-layer laws (not the Gauss-net) get a quadrature over the parameters with an error estimate
        (docs/methods/kernels.md#first-layer-laws); deep nets take any bias law (docs/methods/kernels.md#deep-bias-laws)
        and need zero-mean weights (a weight mean raises nnft.Error: the N -> infinity limit does not exist).
    eft : bool, default False
        Return K_EFT = K − C_b (the kernel on vertex lines; C_b the output bias variance) instead of K.
    return_error : bool, default False
        Also return the largest relative error estimate of the values (0 for the closed forms).

    Returns
    -------
    numpy.ndarray of shape (M, M'), or (array, relative_error) with ``return_error=True``.

    Raises ValueError (nnft.Error) for bad parameters, arrays of the wrong shape or dtype, or non-finite values.
    Same kernel as ``nnft integrate`` uses (numeric::Kernel).
    """
    require_network(net, activation)
    k, err = _nnft.kernel(X=X, Y=Y, net=net, activation=activation, depth=depth, sigma_w=sigma_w,
                          sigma_b=sigma_b, weights=weights, biases=biases, out_weights=out_weights,
                          out_bias=out_bias, eft=eft)
    return (k, err) if return_error else k


_NETWORK_DOC = """
    net : str, optional
        Activation erf, relu, gauss or tanh (give ``net`` or ``activation``).
    activation : str, optional
        A preset (gelu, silu, softplus, sigmoid, sin, cos, linear, leaky_relu:a, …) or an expression in x.
    width : int or list of int
        Hidden width N (required), or the widths [N_1, …, N_L] of unequal hidden layers (sets the depth).
    inputs : str or array of shape (M, din)
        Input points: an array, text "x1;x2;…" (coordinates comma-separated) or paper:erf|relu|gauss.
    depth, din, dout : int, default 1
        Hidden layers L, input and output dimensions.
    max_n : int, default 6
        Largest correlator order: 2, 4 or 6.
    sigma_w, sigma_b, mu_w, mu_b : float, optional
        Normal parameter laws (defaults σ_W = 1, σ_b = 1 (ReLU 0), μ = 0).
    weights, biases, out_weights, out_bias : str, optional
        Parameter laws instead: normal(mu,sigma), uniform(a,b), zero, rademacher(s) or student_t(nu,sd)."""


def _network_doc(fn):
    fn.__doc__ = fn.__doc__.replace("    {network}", _NETWORK_DOC.strip("\n"))
    return fn


@keywords
@_network_doc
def sample(*, width, inputs, net=None, activation=None, depth=1, din=1, dout=1, max_n=6, sigma_w=None,
           sigma_b=None, mu_w=None, mu_b=None, weights=None, biases=None, out_weights=None, out_bias=None,
           networks=1000000, seed=1, threads=0, estimator="auto", deep_sampler="auto", jackknife=True,
           max_memory_gb=8.0, max_core_hours=1000.0, checkpoint=None, checkpoint_every=60.0, resume=False,
           progress=None):
    """Monte Carlo correlators of an ensemble of random networks, as ``nnft sample``.

    Same library calls, same result: ``sample(...).to_json()`` is the document ``nnft sample --out`` writes
    for the same arguments (on any number of threads).

    Parameters
    ----------
    {network}
    networks : int or str, default 1000000
        Number of networks (a positive whole number; "1e6" is accepted).
    seed : int, default 1
        Random seed.
    threads : int, default 0
        Worker threads (0: all cores); never changes the result. The GIL is released while sampling.
    estimator : str, default "auto"
        auto (conditioned where the output layer is Gaussian with mean-zero weights and the inputs few enough,
        else plain), plain, or conditioned (integrate the Gaussian output layer analytically, and each neuron's scale
        where the network factors: the Gauss-net's biases, the radius of (w, b) for relu-type σ); the document's
        ``config["estimator"]`` names the one used.
    deep_sampler : str, default "auto"
        Hidden layers after the first: auto, gram or matrix.
    jackknife : bool, default True
        Keep the delete-one-group jackknife estimates in the document (``--no-jackknife`` is False).
    max_memory_gb : float, default 8
        Refuse runs whose tables need more memory (nnft.SizeLimitError).
    max_core_hours : float, default 1000
        Refuse runs whose predicted sampling time is longer (nnft.SizeLimitError), before any work.
    checkpoint : path, optional
        Checkpoint file, rewritten atomically every ``checkpoint_every`` seconds, at the end, and when Ctrl-C
        stops the run; the same format as ``nnft sample --checkpoint`` (either can resume the other's).
    checkpoint_every : float, default 60
        Seconds between checkpoints.
    resume : bool, default False
        Continue the run saved in ``checkpoint`` (same arguments as the interrupted run).
    progress : None, True or callable, optional
        ``f(done, total)`` or ``f(done, total, phase)`` called between sampling rounds (at most every 50 ms and
        at the end), or True for a tqdm bar (a line on stderr without tqdm).

    Returns
    -------
    nnft.Correlators: tensors ``g2 … g6_connected``, tables with errors, ``to_json()``.

    Ctrl-C stops the run between rounds (within a fraction of a second), writes the checkpoint when one is
    given, and raises KeyboardInterrupt. Bad input raises nnft.Error (a ValueError) with the CLI's message.
    """
    if resume and checkpoint is None:
        raise _nnft.Error("--resume needs --checkpoint FILE (the file written by the interrupted run)")
    save, resume_text, name = None, None, None
    if checkpoint is not None:
        name = os.fspath(checkpoint)
        folder = os.path.dirname(name) or "."
        if not os.path.isdir(folder):
            raise _nnft.Error(f"cannot write checkpoint '{name}': the folder '{folder}' does not exist "
                              "(checked before any work)")
        save = functools.partial(_write_atomically, name)
        if resume:
            try:
                with open(name, encoding="utf-8") as f:
                    resume_text = f.read()
            except OSError as e:
                raise _nnft.Error(f"cannot read checkpoint '{name}': check the path ({e.strerror})") from None
    text = _nnft.sample(net=net, activation=activation, width=width, depth=depth, din=din, dout=dout,
                        inputs=inputs, max_n=max_n, sigma_w=sigma_w, sigma_b=sigma_b, mu_w=mu_w, mu_b=mu_b,
                        weights=weights, biases=biases, out_weights=out_weights, out_bias=out_bias,
                        networks=networks, seed=seed, threads=threads, estimator=estimator,
                        deep_sampler=deep_sampler, jackknife=jackknife, max_memory_gb=max_memory_gb,
                        max_core_hours=max_core_hours, save_checkpoint=save, resume_text=resume_text, checkpoint_name=name,
                        checkpoint_every=checkpoint_every, progress=progress_callback(progress, "sample"))
    return Correlators(text)


@keywords
@_network_doc
def exact(*, width, inputs, net=None, activation=None, depth=1, din=1, dout=1, max_n=6, sigma_w=None,
          sigma_b=None, mu_w=None, mu_b=None, weights=None, biases=None, out_weights=None, out_bias=None,
          quadrature="auto", max_memory_gb=4.0, progress=None):
    """Exact finite-width correlators of one-hidden-layer networks (zero-mean output layer), as ``nnft exact``.

    Parameters
    ----------
    {network}
    quadrature : str, default "auto"
        Moment evaluation: auto (closed forms where they exist), trapezoid or gauss-hermite.
    max_memory_gb : float, default 4
        Refuse (nnft.Error) tables estimated above this (about 1.4 kB per tuple slot up to max_n).
    progress : None, True or callable, optional
        ``f(done, total)`` or ``f(done, total, phase)`` (total 0 when not known) called between units of work (at
        most every 50 ms, and at each new phase), or True for a tqdm bar per phase (a line on stderr without tqdm).

    Returns
    -------
    nnft.Correlators (same shape as nnft.sample; errors are quadrature errors: |fine - coarse| of two rules, or
    the standard error over 16 randomly shifted grids for a kinked activation on the trapezoid and over 32 shifted
    Halton point sets above 4 integration dimensions, where any ``din`` works), ``to_json()`` the document of
    ``nnft exact``.

    Ctrl-C stops the call between units of work (KeyboardInterrupt; nothing is written); an exception raised by
    the progress callable stops it the same way and is re-raised.
    """
    text = _nnft.exact(net=net, activation=activation, width=width, depth=depth, din=din, dout=dout,
                       inputs=inputs, max_n=max_n, sigma_w=sigma_w, sigma_b=sigma_b, mu_w=mu_w, mu_b=mu_b,
                       weights=weights, biases=biases, out_weights=out_weights, out_bias=out_bias,
                       quadrature=quadrature, max_memory_gb=max_memory_gb,
                       progress=progress_callback(progress, "exact"))
    return Correlators(text)


@keywords
@_network_doc
def expand(*, width, inputs, net=None, activation=None, depth=1, din=1, dout=1, max_n=4, sigma_w=None,
           sigma_b=None, mu_w=None, mu_b=None, weights=None, biases=None, out_weights=None, out_bias=None,
           threads=None, progress=None):
    """The 1/N expansion of a deep network's G2 and G4_con, as ``nnft expand``.

    G2 = K + K1/N and G4_con = (1/N) Σ V to O(1/N) (first neglected terms O(1/N²)) for any depth and activation
    and zero-mean laws with a fourth cumulant (hidden biases normal beyond depth 1; docs/methods/deep-expansion.md).

    Parameters
    ----------
    {network}
    threads : int, optional
        Threads of the four-point expectations (default: all cores; never changes the result).
    progress : None, True or callable, optional
        ``f(done, total)`` or ``f(done, total, phase)`` (total 0 when not known) called between units of work (at
        most every 50 ms, and at each new phase), or True for a tqdm bar per phase (a line on stderr without tqdm).

    Returns
    -------
    nnft.Correlators (same shape as nnft.exact; errors from two quadrature rules), ``to_json()`` the document of
    ``nnft expand`` (its "coefficients": K, K1 and the 1/N coefficient of G4_con per input tuple).

    Ctrl-C stops the call between units of work (KeyboardInterrupt; nothing is written); an exception raised by
    the progress callable stops it the same way and is re-raised.
    """
    text = _nnft.expand(net=net, activation=activation, width=width, depth=depth, din=din, dout=dout,
                        inputs=inputs, max_n=max_n, sigma_w=sigma_w, sigma_b=sigma_b, mu_w=mu_w, mu_b=mu_b,
                        weights=weights, biases=biases, out_weights=out_weights, out_bias=out_bias,
                        threads=threads or os.cpu_count() or 1, progress=progress_callback(progress, "expand"))
    return Correlators(text)


@keywords
def integrate(*, inputs, theory="lambda*f^4 + kappa*f^6", points=4, order=None, max_order=None,
              connected=False, one_pi=False, no_self_energy=False, max_classes=1e6, net=None, activation=None,
              din=1, depth=1, sigma_w=1.0, sigma_b=None, weights=None, biases=None, out_weights=None,
              out_bias=None, keep_bias=False, cutoff="inf", tuples="sorted",
              method="gauss_legendre", check_method="adaptive", rel_tol=1e-10, max_evaluations=1e8,
              grid="auto", qmc_rel_tol=1e-3, max_memory_gb=4.0, max_seconds=3600.0, progress=None):
    """The numeric value ± error of every term of a correlator for a network kernel, as ``nnft integrate``.

    Parameters
    ----------
    inputs : str or array of shape (M, din)
        Input points (array, "x1;x2;…" or paper:erf|relu|gauss).
    theory, points, order, max_order, connected, one_pi, no_self_energy, max_classes
        Which correlator, as in nnft.correlator (default: the 4-point function of λf⁴ + κf⁶ to first order).
    net : str
        Required unless ``activation`` is given. Kernel erf, relu, gauss (closed forms) or tanh; ``activation`` (a preset or expression) instead.
    din, depth : int, default 1
        Input dimension and hidden layers of the NNGP kernel.
    sigma_w : float, default 1; sigma_b : float, optional (1; ReLU 0)
        Kernel parameters.
    weights, biases, out_weights, out_bias : str, optional
        Parameter laws as in ``nnft sample`` (normal(mu,sigma), uniform(a,b), zero, rademacher(s), student_t(nu,sd));
        a law replaces the sigma_w/sigma_b of its group. The kernel needs normal laws or a uniform-phase sin/cos net
        (b ~ uniform(-pi, pi)); others are refused with the reason.
    keep_bias : bool, default False
        Vertex lines use K instead of K_EFT = K − σ_b².
    cutoff : float or "inf", default "inf"
        Box half-width Λ of the vertex integrals, or "inf" for R^din.
    tuples : "sorted", "all", text "0,1,2,3;0,0,1,1" or a list of index tuples
        Which input-point tuples.
    method, check_method : str
        The two rules (gauss_legendre, adaptive, lattice_qmc); every value is confirmed by the second.
    rel_tol, max_evaluations, grid, qmc_rel_tol
        Tolerance, evaluation budget, internal-point grids (auto, tensor, qmc), QMC tolerance.
    max_memory_gb : float, default 4
        Refuse (nnft.Error) requests whose document (tuples × terms) is estimated above this.
    max_seconds : float, default 3600
        Refuse (nnft.SizeLimitError) requests whose integrals certainly take longer on one core (the prediction of
        docs/methods/integration.md#cost; ``float("inf")``: no limit).
    progress : None, True or callable, optional
        ``f(done, total)`` or ``f(done, total, phase)`` (total 0 when not known) called between diagram classes
        and batches of vertex integrals (at most every 50 ms, and at each new phase), or True for a tqdm bar per
        phase (a line on stderr without tqdm).

    Returns
    -------
    nnft.IntegratedCorrelator: ``values``/``errors`` (tuples × terms), ``by_coupling``, ``to_json()`` (the
    ``--json`` document) and ``text()``; ``complete`` is False when a term diverged or did not converge.
    The GIL is released while it runs.

    Ctrl-C stops the call between batches of vertex integrals (KeyboardInterrupt; nothing is written); an exception raised by
    the progress callable stops it the same way and is re-raised.
    """
    require_network(net, activation)
    r = _nnft.integrate(inputs=inputs, theory=theory, points=points, order=order, max_order=max_order,
                        connected=connected, one_pi=one_pi, no_self_energy=no_self_energy,
                        max_classes=max_classes, net=net, activation=activation, din=din, depth=depth,
                        sigma_w=sigma_w, sigma_b=sigma_b, weights=weights, biases=biases,
                        out_weights=out_weights, out_bias=out_bias, keep_bias=keep_bias, cutoff=cutoff, tuples=tuples,
                        method=method, check_method=check_method, rel_tol=rel_tol,
                        max_evaluations=max_evaluations, grid=grid, qmc_rel_tol=qmc_rel_tol,
                        max_memory_gb=max_memory_gb, max_seconds=max_seconds,
                        progress=progress_callback(progress, "integrate"))
    return IntegratedCorrelator(r["document"], r["complete"], r["text"])


def load(source):
    """Read a document written by the CLI: ``nnft sample``/``exact``/``merge`` (→ nnft.Correlators) or
    ``nnft integrate --json`` (→ nnft.IntegratedCorrelator).

    ``source`` is a path (str or os.PathLike) or the JSON text itself. Raises nnft.Error (a ValueError)
    naming the source when it is not such a document, FileNotFoundError when the file is missing.
    """
    if isinstance(source, str) and source.lstrip().startswith("{"):
        text, what = source, "document"
    else:
        with open(os.fspath(source), encoding="utf-8") as f:
            text = f.read()
        what = f"file '{os.fspath(source)}'"
    import json
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise _nnft.Error(f"{what} is not JSON ({e})") from None
    if isinstance(doc, dict) and "tuples" in doc and "kernel" in doc:
        return IntegratedCorrelator(text)
    _nnft.check_correlator_document(text, what)
    return Correlators(text, doc)
