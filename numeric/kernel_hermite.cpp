// The NNGP kernel of activations without a closed form (tanh, expressions; deep kernels of them): the layer
// recursion Σ_{l+1}(x, y) = σ_b² + σ_W² E[σ(u)σ(v)], (u, v) ~ N(0, Σ_l), with E from GaussianPairExpectation (the
// output layer's C_b, C_W at the last layer).
#include "numeric/kernels.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "numeric/detail/hermite_cache.hpp"

namespace nnft::numeric {

namespace {

using Layers = detail::HermiteLayers;

// One point through the layers: its layer-0 variance, then σ_b² + σ_W² E[σ(u_{l−1})²].
Layers layers_of(const GaussianPairExpectation& g, const KernelSpec& s, double variance) {
    const double sw2 = s.sigma_w * s.sigma_w, sb2 = s.sigma_b * s.sigma_b;
    Layers out;
    out.reserve(static_cast<std::size_t>(s.depth));
    out.push_back(g.expand(variance));
    for (int l = 1; l < s.depth; ++l) out.push_back(g.expand(sb2 + sw2 * out.back().norm));
    return out;
}

struct Transfer {
    double value = 0.0;  // K (or K_EFT)
    double error = 0.0;  // its error estimate
    double scale = 0.0;  // σ_b² + σ_W² √(E[σ(u)²] E[σ(v)²]) of the last layer
};

// K(x, y) from the layer-0 covariance; an error in Σ_l propagates through the slope of the next layer.
// The last layer uses the output layer's variances C_W, C_b.
Transfer transfer(const GaussianPairExpectation& g, const KernelSpec& s, const Layers& x, const Layers& y, double c) {
    Transfer t;
    for (std::size_t l = 0; l < x.size(); ++l) {
        const bool last = l + 1 == x.size();
        const double sw2 = last ? output_weight_variance(s) : s.sigma_w * s.sigma_w;
        const double sb2 = last ? output_bias_variance(s) : s.sigma_b * s.sigma_b;
        const Estimate e = g.pair(x[l], y[l], c);
        const double carried = t.error > 0.0 ? covariance_slope(x[l], y[l]) * t.error : 0.0;
        t.error = sw2 * (e.error + carried);
        c = sb2 + sw2 * e.value;
        t.scale = sb2 + sw2 * std::sqrt(x[l].norm * y[l].norm);
    }
    t.value = s.eft ? c - output_bias_variance(s) : c;
    return t;
}

}  // namespace

std::shared_ptr<const detail::HermiteLayers> detail::HermiteCache::get(double variance,
                                                                      const std::function<HermiteLayers(double)>& make) {
    const auto key = std::bit_cast<std::uint64_t>(variance);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    }
    auto made = std::make_shared<const HermiteLayers>(make(variance));  // outside the lock: ~0.2 ms per layer
    std::lock_guard<std::mutex> lock(mutex_);
    if (memo_.size() >= kCapacity) memo_.clear();
    return memo_.emplace(key, std::move(made)).first->second;
}

std::shared_ptr<const Layers> Kernel::layers(double variance) const {
    return expansions_->get(variance, [this](double v) { return layers_of(*hermite_, spec_, v); });
}

void Kernel::record_error(double relative) const {
    double seen = max_error_->load();
    while (relative > seen && !max_error_->compare_exchange_weak(seen, relative)) {
    }
}

double Kernel::pair_hermite(double vx, double vy, double cxy) const {
    const Transfer t = transfer(*hermite_, spec_, *layers(vx), *layers(vy), cxy);
    record_error(t.error / (t.scale + 1e-300));
    return t.value;
}

void Kernel::rows_hermite(const PointSet& xs, const PointBlock& ys, double* out) const {
    const double sw2 = spec_.sigma_w * spec_.sigma_w, sb2 = spec_.sigma_b * spec_.sigma_b, inv_d = 1.0 / spec_.d_in;
    const std::size_t n = ys.count, d = static_cast<std::size_t>(ys.dim);
    std::vector<std::shared_ptr<const Layers>> rows(xs.size());
    for (std::size_t m = 0; m < xs.size(); ++m) {
        double v = 0.0;
        for (std::size_t k = 0; k < d; ++k) v += xs.at(m, static_cast<int>(k)) * xs.at(m, static_cast<int>(k));
        rows[m] = layers(sb2 + sw2 * inv_d * v);
    }
    double worst = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
        double v = 0.0;
        for (std::size_t k = 0; k < d; ++k) v += ys.coords[k * n + j] * ys.coords[k * n + j];
        const auto node = layers(sb2 + sw2 * inv_d * v);
        for (std::size_t m = 0; m < xs.size(); ++m) {
            double dot = 0.0;
            for (std::size_t k = 0; k < d; ++k) dot += xs.at(m, static_cast<int>(k)) * ys.coords[k * n + j];
            const Transfer t = transfer(*hermite_, spec_, *rows[m], *node, sb2 + sw2 * inv_d * dot);
            out[m * n + j] = t.value;
            worst = std::max(worst, t.error / (t.scale + 1e-300));
        }
    }
    record_error(worst);
}

}  // namespace nnft::numeric
