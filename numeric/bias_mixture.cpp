#include "numeric/bias_mixture.hpp"

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "numeric/law_kernel.hpp"
#include "numeric/shifted_relu.hpp"

namespace nnft::numeric {

bool needs_bias_mixture(const KernelSpec& spec) {
    if (spec.depth <= 1 || !spec.first_layer) return false;
    const ParameterLaw& b = spec.first_layer->biases;
    return !(b.is_gaussian() && b.mean() == 0.0);
}

bool mixture_from_inputs(const KernelSpec& spec) {
    if (!spec.first_layer || !spec.first_layer->weights.is_gaussian() || spec.first_layer->weights.mean() != 0.0) return false;
    if (spec.activation.kink_slopes()) return false;  // LawKernel's closed form serves those (any normal weights)
    // A Hermite expansion per bias node and point: cheap for the one or two nodes of a normal or Rademacher law; for a
    // continuous law (40 nodes, ~8 ms a point) only where the tensor rule over (W, b) loses accuracy, d_in ≥ 2 (at
    // d_in = 1 its 128² nodes cost ~0.3 ms a point).
    const LawKind bias = spec.first_layer->biases.kind();
    return bias == LawKind::normal || bias == LawKind::rademacher || bias == LawKind::zero || spec.d_in >= 2;
}

BiasMixtureLayers::BiasMixtureLayers(const KernelSpec& spec, BiasRule rule, bool from_inputs)
    : spec_(spec), rule_(rule), layers_(from_inputs ? spec.depth : spec.depth - 1) {
    if (from_inputs ? !mixture_from_inputs(spec) : !needs_bias_mixture(spec))
        throw InternalError("BiasMixtureLayers needs a deep kernel with a non-normal bias law, or normal first-layer weights");
    require_kernel_moments(spec);
    const AxisRule r = bias_rule(spec.first_layer->biases, rule, gaussian_variance_);
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
    for (int layer = 0; layer < layers_; ++layer) {
        const double variance = gaussian_variance_ + sw2 * norm;
        p.variances.push_back(variance);
        norm = 0.0;
        if (slopes_) {
            norm = kink_expectation(variance, variance, variance);
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

double BiasMixtureLayers::kink_expectation(double vxx, double vyy, double vxy) const {
    auto over = [&](const std::vector<double>& b, const std::vector<double>& w) {
        double e = 0.0;
        for (std::size_t q = 0; q < w.size(); ++q) e += w[q] * shifted_kink_pair(*slopes_, b[q], b[q], vxx, vyy, vxy);
        return e;
    };
    if (spec_.first_layer->biases.kind() != LawKind::uniform) return over(biases_, weights_);
    const GradedRules r = graded_uniform_rules(spec_.first_layer->biases, 0.0, 0.0, std::min(vxx, vyy));
    const AxisRule& rule = rule_ == BiasRule::fine ? r.fine : r.coarse;
    return over(rule.values, rule.weights);
}

bool BiasMixtureLayers::cheap_near_diagonal() const {
    return slopes_.has_value() || std::all_of(nodes_.begin(), nodes_.end(), [](const auto& n) { return n->smooth(); });
}

BiasMixtureLayers::LayerPair BiasMixtureLayers::layer_pair(const Point& x, const Point& y, std::size_t l,
                                                           double covariance) const {
    LayerPair out;
    if (slopes_) {  // closed form: rounding only; |∂E/∂Cov| = E[σ'(X) σ'(Y)] ≤ max(|p|, |q|)²
        const double bound = std::max(std::abs(slopes_->positive), std::abs(slopes_->negative));
        out.value = kink_expectation(x.variances[l], y.variances[l], covariance);
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
