#pragma once
/// \file Layers 2 … L of the GP kernel of a deep network whose hidden biases are not zero-mean normal. A unit of layer
/// ℓ has the pre-activation z_ℓ(x) = b + g_ℓ(x): g_ℓ is normal in the limit N → ∞ (a sum over the previous layer's
/// units with zero-mean weights of any law), b is the unit's own bias, drawn once from its law and shared by every
/// input. So Σ_{ℓ+1}(x, y) = σ_W² E_b E_g[σ(b + g(x)) σ(b + g(y))] with g ~ N(0, Σ_ℓ), and the output layer gives
/// K = C_b + C_W E at layer L (docs/methods/kernels.md#deep-bias-laws). The b-expectation is a rule over the bias law
/// (nodes b_q, weights ω_q), each node a GaussianPairExpectation of the shifted σ(u + b_q), or the closed form for σ
/// linear on each side of 0 (numeric/shifted_relu.hpp); a normal law's variance stays in the Gaussian part (one node
/// at its mean).
#include <memory>
#include <optional>
#include <vector>

#include "numeric/gaussian_pair.hpp"
#include "numeric/kernel_spec.hpp"
#include "numeric/law_kernel.hpp"

namespace nnft::numeric {

/// The deep layers of a kernel with a non-normal (or non-zero-mean) hidden bias law, on one rule over that law.
class BiasMixtureLayers {
public:
    /// The layers 2 … spec.depth of `spec` (spec.first_layer set, depth > 1) on the fine or coarse rule over
    /// spec.first_layer->biases; with `from_inputs` (zero-mean normal weights: W·x is normal too) the layers
    /// 1 … spec.depth, the "previous layer's" expectations then being the inputs' x·y/d_in. Throws nnft::Error when σ
    /// cannot be evaluated or the bias law's tails are too heavy for it.
    BiasMixtureLayers(const KernelSpec& spec, BiasRule rule, bool from_inputs = false);

    /// One input's expansions through the layers: per layer ℓ = 2 … L, one HermitePoint per bias node at the Gaussian
    /// part's variance Σ_ℓ(x, x), and the last layer's E_b E_g[σ(z_L(x))²].
    struct Point {
        std::vector<std::vector<HermitePoint>> layers;  ///< [ℓ − 2][q] (empty for the closed form)
        std::vector<double> variances;                  ///< [ℓ − 2]: Σ_ℓ(x, x) of the Gaussian part
        double norm = 0.0;                              ///< E[σ(z_L(x))²]
    };

    /// The point whose first layer has E[σ(z_1(x))²] = `first_layer_norm` (from_inputs: |x|²/d_in).
    Point point(double first_layer_norm) const;
    /// K(x, y) (spec.eft: K_EFT) from the first layer's E[σ(z_1(x)) σ(z_1(y))] = `first_layer_cross` (from_inputs:
    /// x·y/d_in), with the error of the Gaussian expectations carried through the layers (not the rule over b: compare
    /// the coarse rule for that).
    Estimate pair(const Point& x, const Point& y, double first_layer_cross) const;
    /// Whether pairs near |ρ| = 1 are cheap: the closed form, or smooth σ (GaussianPairExpectation::smooth).
    bool cheap_near_diagonal() const;
    /// The number of nodes of the rule over b.
    std::size_t nodes() const { return weights_.size(); }

private:
    // E_b E_g[σ(b + u) σ(b + v)] at layer index l over the nodes, its error and |∂/∂Cov| (for carried errors).
    struct LayerPair {
        double value = 0.0, error = 0.0, slope = 0.0;
    };
    LayerPair layer_pair(const Point& x, const Point& y, std::size_t l, double covariance) const;
    // The closed form's E_b over the bias rule (a uniform law: panels graded at the kink per pair, law_kernel.hpp).
    double kink_expectation(double vxx, double vyy, double vxy) const;

    KernelSpec spec_;
    BiasRule rule_ = BiasRule::fine;
    int layers_ = 0;                                           // layers computed here
    std::optional<KinkSlopes> slopes_;                         // set: the closed form, no expansions
    double gaussian_variance_ = 0.0;                           // the bias law's variance kept in g (normal laws)
    std::vector<double> weights_, biases_;                     // ω_q, b_q
    std::vector<std::shared_ptr<const GaussianPairExpectation>> nodes_;  // σ(u + b_q)
};

/// Whether the deep layers of `spec` need BiasMixtureLayers: depth > 1, first-layer laws set, and a bias law that is
/// not zero-mean normal.
bool needs_bias_mixture(const KernelSpec& spec);

/// Whether every layer of `spec` is a BiasMixtureLayers layer from the inputs: first-layer laws set with zero-mean
/// normal weights (so W·x is normal), σ not piecewise linear (LawKernel's closed form), and a normal or Rademacher
/// bias law, or any at d_in ≥ 2 (where the tensor rule loses accuracy; at d_in = 1 it is faster and accurate).
bool mixture_from_inputs(const KernelSpec& spec);

}  // namespace nnft::numeric
