"""nnft.kernel: the NNGP kernel matrix, checked against the exact finite-width G2 (which equals K)."""
import json
import math

import numpy as np
import pytest

import nnft

X = np.array([[0.2], [0.6], [1.0], [-0.4]])


def test_version():
    assert nnft.__version__ == "0.1.0"


@pytest.mark.parametrize("net", ["erf", "relu", "gauss"])
def test_closed_form_kernel_equals_exact_g2(net):
    k = nnft.kernel(X, net=net)
    assert k.shape == (4, 4) and k.dtype == np.float64
    assert np.allclose(k, k.T, rtol=0, atol=1e-15)
    g2 = nnft.exact(net=net, width=3, inputs=X, max_n=2).g2_connected
    assert np.allclose(k, g2, rtol=1e-12, atol=1e-14)


def test_expression_activation_and_error_estimate():
    k, err = nnft.kernel(X, activation="gelu", return_error=True)
    assert 0 <= err < 1e-6
    g2 = nnft.exact(activation="gelu", width=3, inputs=X, max_n=2).g2_connected
    assert np.allclose(k, g2, rtol=1e-6, atol=1e-8)


def test_exact_at_high_din_is_quasi_monte_carlo_within_its_errors():
    # d_in = 6 with a bias and 7 inputs: rank 7, above the tensor rules' 4 dimensions. G2 is the arc-cosine kernel
    # (closed form); the quasi-Monte Carlo error is a standard error over 8 shifted point sets (t with 7 dof).
    rng = np.random.default_rng(5)
    X6 = rng.normal(size=(7, 6))
    r = nnft.exact(net="relu", width=3, din=6, sigma_b=1.0, inputs=X6, max_n=2)
    k = nnft.kernel(X6, net="relu", sigma_b=1.0)
    g2, err = r.g2_connected, r.errors("g2_connected")
    assert np.all(err > 0) and np.all(err < 1e-3 * np.abs(k))
    assert np.all(np.abs(g2 - k) <= 6 * err + 1e-13 * np.abs(k))
    with pytest.raises(nnft.Error, match="gauss-hermite supports at most 4"):
        nnft.exact(net="relu", width=3, din=6, sigma_b=1.0, inputs=X6, max_n=2, quadrature="gauss-hermite")


def test_rectangular_deep_and_eft():
    Y = np.array([[0.1, 0.2], [0.3, -0.5], [1.0, 1.0]])
    Xd = np.array([[0.5, 0.5], [-1.0, 0.2]])
    k = nnft.kernel(Xd, Y, net="relu", depth=3, sigma_b=0.5)
    assert k.shape == (2, 3)
    assert np.allclose(nnft.kernel(Xd, Y, net="relu", depth=3, sigma_b=0.5, eft=True), k - 0.25)
    k1 = nnft.kernel(np.array([0.2, 0.6]), net="erf")  # 1-D: points of dimension 1
    assert k1.shape == (2, 2)


def test_lists_and_integers_are_accepted():
    assert np.allclose(nnft.kernel([[1], [2]], net="erf"), nnft.kernel(np.array([[1.0], [2.0]]), net="erf"))


@pytest.mark.parametrize("bad, message", [
    (np.zeros((2, 2, 2)), r"X: expected an array of shape \(M, d_in\)"),
    (np.array([[1 + 1j]]), "X: expected a real array"),
    (np.array([["a"]]), "X: expected a real array"),
    (np.array([[np.nan]]), "X: non-finite value nan at row 0, column 0"),
    (np.zeros((0, 1)), "M >= 1"),
])
def test_bad_arrays(bad, message):
    with pytest.raises(ValueError, match=message):
        nnft.kernel(bad, net="erf")


def test_bad_second_array_and_parameters():
    with pytest.raises(ValueError, match=r"Y: expected an array of shape \(M, 1\)"):
        nnft.kernel(X, np.zeros((2, 3)), net="erf")
    with pytest.raises(nnft.Error, match="tanhh"):
        nnft.kernel(X, net="tanhh")
    with pytest.raises(ValueError, match="argument 'depth' must be an int"):
        nnft.kernel(X, net="erf", depth="two")
    with pytest.raises(nnft.ArgumentError, match="did you mean 'sigma_w'"):
        nnft.kernel(X, net="erf", sigma_ww=1.0)


def test_parameter_laws_reach_kernel_integrate_and_fit(cli_json):
    # The cos-net with a uniform phase (arXiv:2112.04527): K(x, y) = σ_b,out² + ½ C_W exp(−C_W (x − y)²/2) with C_W = 1
    # and the output bias of sd 1 (closed form, docs/commands/integrate.md), equal to nnft exact's G2 (quadrature).
    laws = dict(activation="cos", biases="uniform(-pi,pi)")
    k = nnft.kernel(X, **laws)
    assert np.allclose(k, 1.0 + 0.5 * np.exp(-0.5 * (X - X.T) ** 2), rtol=1e-14, atol=1e-15)
    g2 = nnft.exact(width=3, inputs=X, max_n=2, **laws).g2_connected
    assert np.allclose(k, g2, rtol=1e-9, atol=1e-12)
    # integrate: the CLI's document; the value is the docs' −24 (½)⁴ √(π/2) exp(−0.16375) (closed form).
    args = dict(inputs="0.1;-0.3;0.5;0.2", theory="lambda*f^4", points=4, order="lambda=1", connected=True,
                tuples="0,1,2,3", cutoff="inf")
    doc = json.loads(nnft.integrate(**args, **laws).to_json())
    assert doc["kernel"]["form"] == "uniform_phase"
    closed = -24 * 0.5 ** 4 * math.sqrt(math.pi / 2) * math.exp(-0.16375)
    assert doc["tuples"][0]["by_coupling"][0]["value"] == pytest.approx(closed, rel=1e-10)
    assert cli_json("integrate", "--activation", "cos", "--biases", "uniform(-pi,pi)", "--theory", "lambda*f^4", "--points",
                    "4", "--order", "lambda=1", "--connected", "--inputs", args["inputs"], "--tuples", "0,1,2,3",
                    "--cutoff", "inf", "--json") == doc
    # fit: the law changes the exact data and the vertex kernel, so λ0 differs from the normal-bias cos net's.
    uniform = nnft.fit(width=20, models="M1", cutoff=10, **laws)["models"][0]["couplings"]["lambda0"]["value"]
    normal = nnft.fit(activation="cos", width=20, models="M1", cutoff=10)["models"][0]["couplings"]["lambda0"]["value"]
    assert uniform != pytest.approx(normal, rel=1e-3)
    with pytest.raises(nnft.Error, match="zero-mean --weights"):  # deep: a weight mean has no N -> infinity limit
        nnft.kernel(X, activation="tanh", depth=2, weights="uniform(-0.5,1)")


@pytest.mark.parametrize("net, rtol", [("erf", 1e-10), ("tanh", 1e-6)])
def test_non_gaussian_output_layer_enters_the_kernel_through_its_variance(net, rtol):
    # K = C_b + C_W E[σ(u)σ(v)] for any zero-mean output law (docs/methods/kernels.md#output-laws), against nnft exact's
    # G2 (its own quadrature over the first layer, C_W = the law's cumulant(2)): Student-t output weights of sd 1.5 and a
    # uniform(−1, 1) output bias (C_b = 1/3). Normal output laws of the same variances give the same kernel.
    laws = dict(out_weights="student_t(8,1.5)", out_bias="uniform(-1,1)")
    k, err = nnft.kernel(X, net=net, return_error=True, **laws)
    assert err < rtol
    g2 = nnft.exact(net=net, width=3, inputs=X, max_n=2, **laws).g2_connected
    assert np.allclose(k, g2, rtol=rtol, atol=1e-12)
    same = nnft.kernel(X, net=net, out_weights="normal(0,1.5)", out_bias=f"normal(0,{1 / math.sqrt(3)!r})")
    assert np.allclose(k, same, rtol=1e-14, atol=0)
    shared = nnft.kernel(X, net=net)  # the paper's laws: C_W = σ_W² = 1, C_b = σ_b² = 1
    assert np.allclose(k, 1 / 3 + 2.25 * (shared - 1.0), rtol=1e-13, atol=1e-14)
    with pytest.raises(nnft.Error, match="zero-mean output laws"):
        nnft.kernel(X, net=net, out_bias="normal(0.5,1)")


@pytest.mark.parametrize("activation, laws, worst", [
    ("tanh", dict(weights="uniform(-2,2)", biases="uniform(-pi,pi)"), 1e-8),
    ("gelu", dict(weights="normal(0.3,1)", biases="normal(-0.2,0.7)"), 1e-5),
    ("relu", dict(weights="uniform(-1,1)", biases="normal(0,1)"), 1e-2),
    ("erf", dict(weights="student_t(7,1.3)", biases="rademacher(0.5)"), 1e-2),
    # Zero-mean normal weights and a Rademacher bias: W·x is normal, so the kernel is the layer over the bias law's two
    # points (Hermite expansions of the shifted σ; docs/methods/kernels.md#first-layer-laws), accurate at any |x|. The
    # gelu case (a continuous bias at d_in = 1: the tensor rule) is also exact's regression: Student-t nodes past
    # |u| = 37.5 (the rule widened for gelu at |x| = 7) were infinite, and the correlators overflowed.
    ("tanh", dict(weights="normal(0,1.2)", biases="rademacher(0.8)"), 1e-12),
    ("gelu", dict(weights="normal(0,1)", biases="student_t(7,0.6)"), 1e-5),
])
def test_first_layer_laws_kernel_against_exact_g2(activation, laws, worst):
    # Other first-layer laws of a one-layer net: K by a quadrature over the laws (docs/methods/kernels.md#first-layer-laws)
    # against nnft exact's G2 (its own quadrature, with rules adapted to these inputs: accurate to ~1e-10 here), inputs
    # up to |x| = 7. The kernel's error estimate must cover the difference; `worst` bounds the estimate (kinked relu and
    # the discrete Rademacher bias with heavy-tailed weights converge slowly at |x| = 7).
    X6 = np.array([[0.2], [0.6], [1.0], [-0.4], [3.0], [-7.0]])
    k, err = nnft.kernel(X6, activation=activation, return_error=True, **laws)
    assert err <= worst
    g2 = nnft.exact(activation=activation, width=3, inputs=X6, max_n=2, **laws).g2_connected
    assert np.max(np.abs(k - g2)) <= err * np.max(np.abs(g2)) + 1e-12


@pytest.mark.parametrize("law, worst", [(("weights", "uniform(-2,2)"), 1e-8), (("biases", "uniform(-1,1)"), 1e-10)])
def test_deep_kernel_over_other_laws_against_sampled_networks(cli_json, law, worst):
    # Depth 2, tanh, sampled G2 of 5000 networks of width 400 against K within 4 standard errors plus 0.2 K/N (the
    # O(1/N) term). Uniform(-2, 2) weights in every layer (zero mean: the second layer's pre-activations are normal in
    # the limit; N |G2 - K| / K measured <= 0.06 at N = 25, 100, 400): the first layer's law quadrature through the
    # Gaussian second layer (docs/methods/kernels.md#first-layer-laws). Uniform(-1, 1) biases in every layer (each unit's
    # own draw, not summed over a width: layer 2's units are not normal, their sums are; measured <= 0.05 with 2e4
    # networks at the same widths): the layers over the bias law (docs/methods/kernels.md#deep-bias-laws).
    X3 = np.array([[0.3], [-0.8], [1.2]])
    k, err = nnft.kernel(X3, activation="tanh", depth=2, return_error=True, **{law[0]: law[1]})
    assert err < worst
    doc = cli_json("sample", "--activation", "tanh", "--depth", "2", "--width", "400", "--" + law[0], law[1],
                   "--inputs", "0.3;-0.8;1.2", "--networks", "5e3", "--max-n", "2", "--seed", "7", "--json")
    for e in doc["correlators"]["g2"]:
        i, j = e["indices"]
        assert abs(e["value"] - k[i, j]) <= 4 * e["error"] + 0.2 * abs(k[i, j]) / 400


def _shifted_relu_pair(b, sxx, syy, sxy):
    # E[(b+u)_+ (b+v)_+] for (u, v) ~ N(0, [[sxx, sxy], [sxy, syy]]), independently of nnft: over u on Gauss-Legendre
    # panels split at the kinks, the inner E[(c + sW)_+] = c Phi(c/s) + s phi(c/s) over v | u ~ N(beta u, s^2).
    su, beta = math.sqrt(sxx), sxy / sxx
    s = math.sqrt(max(syy - sxy * sxy / sxx, 0.0))
    cuts = sorted({-12 * su, 12 * su, *[t for t in ([-b, -b / beta] if beta else [-b]) if abs(t) < 12 * su]})
    g, w = np.polynomial.legendre.leggauss(40)
    total = 0.0
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        for a, c in zip(np.linspace(lo, hi, 9)[:-1], np.linspace(lo, hi, 9)[1:]):
            u = (a + c) / 2 + (c - a) / 2 * g
            m = b + beta * u
            inner = np.maximum(m, 0) if s == 0 else m * (0.5 + 0.5 * np.vectorize(math.erf)(m / (s * math.sqrt(2)))) \
                + s * np.exp(-m * m / (2 * s * s)) / math.sqrt(2 * math.pi)
            density = np.exp(-u * u / (2 * sxx)) / math.sqrt(2 * math.pi * sxx)
            total += np.sum((c - a) / 2 * w * density * np.maximum(b + u, 0) * inner)
    return total


def _relu_first_layer_uniform_bias(x, y, sw, lo, hi):
    # E_W E_b[(b + Wx)_+ (b + Wy)_+], W ~ N(0, sw^2), b ~ U(lo, hi), independently of nnft and in the other order: the
    # b-integral in closed form (a cubic above max(-Wx, -Wy)), then W on Gauss-Legendre panels split where that
    # threshold crosses lo or hi (E_u's smoothed kink at b = 0 is sharp for small |x|: no rule over b to resolve it).
    g, w = np.polynomial.legendre.leggauss(40)
    def inner(W):
        s, t = W * x, W * y
        c = np.clip(np.maximum(-s, -t), lo, hi)
        cubic = lambda b: b ** 3 / 3 + (s + t) * b ** 2 / 2 + s * t * b
        return (cubic(hi) - cubic(c)) / (hi - lo)
    cuts = sorted({-12 * sw, 12 * sw, 0.0, *[v for v in (-lo / x, -hi / x, -lo / y, -hi / y) if abs(v) < 12 * sw]})
    total = 0.0
    for a, c in zip(cuts[:-1], cuts[1:]):
        for p, q in zip(np.linspace(a, c, 17)[:-1], np.linspace(a, c, 17)[1:]):
            W = (p + q) / 2 + (q - p) / 2 * g
            total += np.sum((q - p) / 2 * w * np.exp(-W * W / (2 * sw * sw)) / math.sqrt(2 * math.pi) / sw * inner(W))
    return total


def test_relu_kernel_over_a_uniform_bias_against_the_b_integral_in_closed_form():
    # One layer, relu, normal(0, 1) weights, an asymmetric uniform(-0.5, 1.5) bias: nnft's closed form on panels over b
    # graded at the kink against _relu_first_layer_uniform_bias (the other order of integration) to rounding; nnft
    # exact's G2 (shifted grids for the kink) is 2.9e-9 off here, within its own estimate (4.6e-7).
    xs = [0.2, 0.6, 1.0, -0.4, 3.0, -7.0]
    k, err = nnft.kernel(np.array(xs).reshape(-1, 1), activation="relu", biases="uniform(-0.5,1.5)", out_bias="zero",
                         return_error=True)
    ref = np.array([[_relu_first_layer_uniform_bias(a, b, 1.0, -0.5, 1.5) for b in xs] for a in xs])
    assert err < 1e-12
    assert np.max(np.abs(k - ref)) <= max(err, 1e-14) * np.max(np.abs(ref))


def test_deep_relu_kernel_over_bias_laws_against_nested_integral():
    # Depth 2, relu, normal(0, 1.3) weights, a Rademacher or uniform bias in every layer: K = C_b + C_W E_b E[relu(b + u)
    # relu(b + v)] with (u, v) normal of the first layer's covariance σ_W² E_1 (docs/methods/kernels.md#deep-bias-laws),
    # against the same recursion computed independently: the first layer exactly (Rademacher: _shifted_relu_pair at
    # its two points; uniform: _relu_first_layer_uniform_bias), the second on the nested integral _shifted_relu_pair
    # with 60-point Gauss-Legendre over a uniform bias (its variance is bounded below: smooth in b). nnft uses the
    # closed form (numeric/shifted_relu.hpp) on rules over the bias law, graded at the kink for a uniform first layer.
    X = np.array([[0.2], [0.6], [1.0], [-0.4], [3.0], [-2.0], [0.01]])
    x = X[:, 0]
    n = len(x)
    gl, gw = np.polynomial.legendre.leggauss(60)
    for law, nodes, weights in (("rademacher(0.7)", [-0.7, 0.7], [0.5, 0.5]), ("uniform(-1,1)", gl, gw / 2)):
        def expectation(S):
            return np.array([[sum(q * _shifted_relu_pair(b, S[i, i], S[j, j], S[i, j]) for b, q in zip(nodes, weights))
                              for j in range(n)] for i in range(n)])
        if law.startswith("uniform"):
            first = np.array([[_relu_first_layer_uniform_bias(x[i], x[j], 1.3, -1.0, 1.0) for j in range(n)] for i in range(n)])
        else:
            first = expectation(1.69 * np.outer(x, x))
        ref = 0.25 + expectation(1.69 * first)
        k, err = nnft.kernel(X, activation="relu", depth=2, weights="normal(0,1.3)", biases=law,
                             out_bias="normal(0,0.5)", return_error=True)
        assert err < 1e-12
        assert np.max(np.abs(k - ref)) <= max(err, 1e-13) * np.max(np.abs(ref))


def test_first_layer_laws_reach_integrate():
    # tanh with uniform weights and a uniform phase (no closed form): the λ term of G4_con, −24 ∫ Π_i K_EFT(x_i, y) dy
    # over [−3, 3], against the same integral on a Gauss–Legendre rule with K_EFT = G2 − C_b from nnft exact.
    laws = dict(activation="tanh", weights="uniform(-2,2)", biases="uniform(-pi,pi)")
    xs = [0.1, -0.3, 0.5, 0.2]
    doc = json.loads(nnft.integrate(inputs=";".join(map(str, xs)), theory="lambda*f^4", points=4, order="lambda=1",
                                    connected=True, tuples="0,1,2,3", cutoff="3", **laws).to_json())
    assert doc["kernel"]["method"] == "parameter_quadrature"
    assert doc["kernel"]["first_layer_laws"] == {"weights": "uniform(-2,2)", "biases": "uniform(-3.141592653589793,3.141592653589793)"}
    term = doc["tuples"][0]["by_coupling"][0]
    g, w = np.polynomial.legendre.leggauss(30)
    edges = np.linspace(-3.0, 3.0, 5)
    nodes = np.concatenate([(a + b) / 2 + (b - a) / 2 * g for a, b in zip(edges[:-1], edges[1:])])
    weights = np.concatenate([(b - a) / 2 * w for a, b in zip(edges[:-1], edges[1:])])
    inputs = np.array(xs + list(nodes)).reshape(-1, 1)
    g2 = nnft.exact(width=3, inputs=inputs, max_n=2, **laws).g2_connected
    k_eft = g2[:4, 4:] - 1.0  # C_b = 1: the default output bias normal(0, 1)
    reference = -24 * np.sum(weights * np.prod(k_eft, axis=0))
    assert term["value"] == pytest.approx(reference, rel=1e-9)


def test_second_order_for_a_quadrature_kernel(cli_json):
    # λ² for gelu (no closed-form kernel: its K is a Gaussian quadrature with an error estimate, issue 11): the module
    # reaches the same second-order path as the CLI (the same document), every term converged with an error.
    args = dict(inputs="0.1;-0.3;0.5;0.2", theory="lambda*f^4", points=4, order="lambda=2", connected=True,
                no_self_energy=True, tuples="0,1,2,3", cutoff="2")
    result = nnft.integrate(activation="gelu", **args)
    doc = json.loads(result.to_json())
    assert doc["kernel"]["method"] == "hermite_quadrature" and doc["kernel"]["relative_error"] < 1e-12
    assert set(np.ravel(result.status)) == {"ok"}
    term = doc["tuples"][0]["by_coupling"][-1]
    assert term["couplings"] == {"lambda": 2}
    assert 0 < term["error"] < 1e-6 * abs(term["value"])
    assert cli_json("integrate", "--activation", "gelu", "--theory", "lambda*f^4", "--points", "4", "--order", "lambda=2",
                    "--connected", "--no-self-energy", "--inputs", args["inputs"], "--tuples", "0,1,2,3", "--cutoff", "2",
                    "--json") == doc
