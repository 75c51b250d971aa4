#include "numeric/bias_mixture.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "numeric/law_kernel.hpp"
#include "numeric/shifted_relu.hpp"

namespace nnft::numeric {

namespace {

// Nodes per continuous bias law, fine and coarse. E_g[σ(b + u) σ(b + v)] is a Gaussian smoothing of σ's product, so it
// is analytic in b (Gauss–Legendre on a uniform law converges exponentially) unless the layer's variance is tiny;
// Student-t takes the trapezoidal rule in its Gaussian variate, as the first layer does.
int bias_points(const ParameterLaw& law, BiasRule rule) {
    const bool fine = rule == BiasRule::fine;
    if (law.kind() == LawKind::student_t) return fine ? 48 : 32;
    return fine ? 24 : 16;
}

}  // namespace

bool needs_bias_mixture(const KernelSpec& spec) {
    if (spec.depth <= 1 || !spec.first_layer) return false;
    const ParameterLaw& b = spec.first_layer->biases;
    return !(b.is_gaussian() && b.mean() == 0.0);
}

BiasMixtureLayers::BiasMixtureLayers(const KernelSpec& spec, BiasRule rule) : spec_(spec) {
    if (!needs_bias_mixture(spec)) throw InternalError("BiasMixtureLayers needs a deep kernel with a non-normal bias law");
    const ParameterLaw& law = spec.first_layer->biases;
    AxisRule r;
    if (law.is_gaussian()) {  // normal(μ, s): the variance joins the Gaussian part, one node at μ
        gaussian_variance_ = law.sd() * law.sd();
        r = {{law.mean()}, {1.0}};
    } else {
        r = axis_rule(law, bias_points(law, rule));
    }
    weights_ = r.weights;
    biases_ = r.values;
    slopes_ = spec.activation.kink_slopes();
    if (!slopes_)
        for (double b : r.values) nodes_.push_back(std::make_shared<const GaussianPairExpectation>(spec.activation, b));
}

BiasMixtureLayers::Point BiasMixtureLayers::point(double first_layer_norm) const {
    const double sw2 = spec_.sigma_w * spec_.sigma_w;
    Point p;
    double norm = first_layer_norm;
    for (int layer = 2; layer <= spec_.depth; ++layer) {
        const double variance = gaussian_variance_ + sw2 * norm;
        p.variances.push_back(variance);
        norm = 0.0;
        if (slopes_) {
            for (std::size_t q = 0; q < weights_.size(); ++q)
                norm += weights_[q] * shifted_kink_pair(*slopes_, biases_[q], variance, variance, variance);
            continue;
        }
        std::vector<HermitePoint> expansions;
        expansions.reserve(nodes_.size());
        for (std::size_t q = 0; q < nodes_.size(); ++q) {
            expansions.push_back(nodes_[q]->expand(variance));
            norm += weights_[q] * expansions.back().norm;
        }
        p.layers.push_back(std::move(expansions));
    }
    p.norm = norm;
    return p;
}

BiasMixtureLayers::LayerPair BiasMixtureLayers::layer_pair(const Point& x, const Point& y, std::size_t l,
                                                           double covariance) const {
    LayerPair out;
    if (slopes_) {  // closed form: rounding only; the slope of E in Cov is at most |p| max(|p|, |q|) … bounded by 2 p²
        const double bound = std::max(std::abs(slopes_->positive), std::abs(slopes_->negative));
        for (std::size_t q = 0; q < weights_.size(); ++q)
            out.value += weights_[q] * shifted_kink_pair(*slopes_, biases_[q], x.variances[l], y.variances[l], covariance);
        out.error = 1e-15 * std::sqrt(x.norm * y.norm) * static_cast<double>(weights_.size());
        out.slope = bound * bound;
        return out;
    }
    for (std::size_t q = 0; q < nodes_.size(); ++q) {
        const HermitePoint &hx = x.layers[l][q], &hy = y.layers[l][q];
        const Estimate e = nodes_[q]->pair(hx, hy, covariance);
        out.value += weights_[q] * e.value;
        out.error += weights_[q] * e.error;
        out.slope += weights_[q] * covariance_slope(hx, hy);
    }
    return out;
}

Estimate BiasMixtureLayers::pair(const Point& x, const Point& y, double first_layer_cross) const {
    const double sw2 = spec_.sigma_w * spec_.sigma_w;
    double covariance = gaussian_variance_ + sw2 * first_layer_cross, carried = 0.0, expectation = 0.0, error = 0.0;
    for (std::size_t l = 0; l < x.variances.size(); ++l) {
        const LayerPair e = layer_pair(x, y, l, covariance);
        expectation = e.value;
        error = e.error + e.slope * carried;
        covariance = gaussian_variance_ + sw2 * expectation;
        carried = sw2 * error;
    }
    const double cw = output_weight_variance(spec_), cb = output_bias_variance(spec_);
    return {(spec_.eft ? 0.0 : cb) + cw * expectation, cw * error};
}

}  // namespace nnft::numeric
