#include "numeric/kernels.hpp"

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "numeric/detail/hermite_cache.hpp"
#include "numeric/kernel_transfer.hpp"
#include "common/error.hpp"
#include "numeric/bias_mixture.hpp"
#include "numeric/law_kernel.hpp"

namespace nnft::numeric {

namespace {

detail::TransferParams transfer_params(const KernelSpec& s) {
    detail::TransferParams p;
    p.net = is_gaussian_form(s) ? ActivationKind::gauss : s.activation.kind();
    p.depth = s.depth;
    p.sw2 = s.sigma_w * s.sigma_w;
    p.sb2 = s.sigma_b * s.sigma_b;
    p.out_sw2 = output_weight_variance(s);
    p.out_sb2 = output_bias_variance(s);
    p.amp = gaussian_amplitude(s);
    p.inv_d = 1.0 / s.d_in;
    p.eft = s.eft;
    if (const auto slopes = s.activation.kink_slopes()) detail::set_kink_slopes(p, *slopes);
    return p;
}

// The inputs' x·y/d_in as the expectations of a layer before the first (both "rules" alike): with zero-mean normal
// weights W·x is normal of covariance σ_W² x·y/d_in.
LawExpectations input_gram(const PointSet& xs, const PointBlock& ys) {
    const PointBlock xv = xs.view();
    const std::size_t n = ys.count, m_count = xv.count, d = static_cast<std::size_t>(ys.dim);
    const double inv_d = 1.0 / static_cast<double>(d);
    auto dot = [&](const PointBlock& a, std::size_t i, const PointBlock& b, std::size_t j) {
        double s = 0.0;
        for (std::size_t k = 0; k < d; ++k) s += a.coords[k * a.count + i] * b.coords[k * b.count + j];
        return s * inv_d;
    };
    LawExpectations e;
    for (std::size_t i = 0; i < m_count; ++i) e.x_fine.push_back(dot(xv, i, xv, i));
    for (std::size_t j = 0; j < n; ++j) e.y_fine.push_back(dot(ys, j, ys, j));
    for (std::size_t i = 0; i < m_count; ++i)
        for (std::size_t j = 0; j < n; ++j) e.fine.push_back(dot(xv, i, ys, j));
    e.x_coarse = e.x_fine;
    e.y_coarse = e.y_fine;
    e.coarse = e.fine;
    return e;
}

// Whether the fine and coarse rules over a bias law are the same nodes (normal, Rademacher, zero): one set of layers
// then serves both.
bool bias_rules_coincide(const ParameterLaw& law) {
    double variance = 0.0;
    return bias_rule(law, BiasRule::fine, variance).values == bias_rule(law, BiasRule::coarse, variance).values;
}

// The fine layers over `spec`'s bias law, and the coarse ones (the same object when the rules coincide).
std::pair<std::shared_ptr<const BiasMixtureLayers>, std::shared_ptr<const BiasMixtureLayers>> bias_layers(
    const KernelSpec& spec, bool from_inputs) {
    auto fine = std::make_shared<const BiasMixtureLayers>(spec, BiasRule::fine, from_inputs);
    if (bias_rules_coincide(spec.first_layer->biases)) return {fine, fine};
    return {fine, std::make_shared<const BiasMixtureLayers>(spec, BiasRule::coarse, from_inputs)};
}

}  // namespace

Kernel::Kernel(const KernelSpec& spec, SimdMode mode) : spec_(spec), simd_(false) {
    validate(spec_);
    simd_ = mode == SimdMode::automatic && detail::avx2_available();
    if (spec_.first_layer && mixture_from_inputs(spec_)) {  // W·x normal: every layer over the bias law
        max_error_ = std::make_shared<std::atomic<double>>(0.0);
        std::tie(mixture_, mixture_coarse_) = bias_layers(spec_, true);
    } else if (spec_.first_layer) {
        law_ = std::make_shared<const LawKernel>(spec_);
        max_error_ = std::make_shared<std::atomic<double>>(0.0);
        if (needs_bias_mixture(spec_)) {  // layers 2 … L: normal sums plus the bias law's own draw (bias_mixture.hpp)
            std::tie(mixture_, mixture_coarse_) = bias_layers(spec_, false);
        } else if (spec_.depth > 1) {  // layers 2 … L: normal pre-activations, the laws' variances (kernel_spec.hpp)
            KernelSpec upper = spec_;
            upper.first_layer.reset();
            upper.depth = spec_.depth - 1;
            upper_ = std::make_shared<const Kernel>(upper, mode);
        }
    } else if (!has_closed_form(spec_)) {
        hermite_ = std::make_shared<const GaussianPairExpectation>(spec_.activation);
        max_error_ = std::make_shared<std::atomic<double>>(0.0);
        expansions_ = std::make_shared<detail::HermiteCache>();
    }
}

double Kernel::operator()(std::span<const double> x, std::span<const double> y) const {
    validate_point(x, spec_.d_in, "kernel argument x");
    validate_point(y, spec_.d_in, "kernel argument y");
    if (law_ || mixture_) {
        const PointSet xs = PointSet::from_coordinate_major(spec_.d_in, std::vector<double>(x.begin(), x.end()));
        const PointBlock ys{spec_.d_in, 1, y.data()};
        double out = 0.0;
        rows_law(xs, ys, &out);
        return out;
    }
    const auto p = transfer_params(spec_);
    double a = 0.0, vx = 0.0, vy = 0.0;
    const bool gauss = is_gaussian_form(spec_);
    for (std::size_t k = 0; k < x.size(); ++k) {
        if (gauss) {
            a += (x[k] - y[k]) * (x[k] - y[k]);
        } else {
            a += x[k] * y[k];
            vx += x[k] * x[k];
            vy += y[k] * y[k];
        }
    }
    if (!gauss) {
        a = p.sb2 + p.sw2 * p.inv_d * a;
        vx = p.sb2 + p.sw2 * p.inv_d * vx;
        vy = p.sb2 + p.sw2 * p.inv_d * vy;
    }
    if (hermite_) return pair_hermite(vx, vy, a);
    double out = 0.0;
    detail::transfer_scalar(p, vx, &a, &vy, &out, 1);
    return out;
}

void Kernel::rows(const PointSet& xs, const PointBlock& ys, double* out) const {
    if (hermite_) return rows_hermite(xs, ys, out);
    if (law_ || mixture_) return rows_law(xs, ys, out);
    const auto p = transfer_params(spec_);
    const std::size_t n = ys.count;
    const auto d = static_cast<std::size_t>(ys.dim);
    const bool gauss = is_gaussian_form(spec_);
    // Nodes in chunks, so the per-node scratch lives on the stack (no allocation per call).
    constexpr std::size_t kChunk = 512;
    double a[kChunk], vy[kChunk];
    for (std::size_t j0 = 0; j0 < n; j0 += kChunk) {
        const std::size_t len = std::min(kChunk, n - j0);
        if (!gauss) {
            // v(y_j) = σ_b² + σ_W² |y_j|²/d, shared by all rows.
            std::fill(vy, vy + len, 0.0);
            for (std::size_t k = 0; k < d; ++k) {
                const double* yk = ys.coords + k * n + j0;
                for (std::size_t j = 0; j < len; ++j) vy[j] += yk[j] * yk[j];
            }
            for (std::size_t j = 0; j < len; ++j) vy[j] = p.sb2 + p.sw2 * p.inv_d * vy[j];
        }
        for (std::size_t m = 0; m < xs.size(); ++m) {
            std::fill(a, a + len, 0.0);
            double vx = 0.0;
            for (std::size_t k = 0; k < d; ++k) {
                const double xk = xs.at(m, static_cast<int>(k));
                const double* yk = ys.coords + k * n + j0;
                if (gauss) {
                    for (std::size_t j = 0; j < len; ++j) a[j] += (xk - yk[j]) * (xk - yk[j]);
                } else {
                    for (std::size_t j = 0; j < len; ++j) a[j] += xk * yk[j];
                    vx += xk * xk;
                }
            }
            if (!gauss) {
                vx = p.sb2 + p.sw2 * p.inv_d * vx;
                for (std::size_t j = 0; j < len; ++j) a[j] = p.sb2 + p.sw2 * p.inv_d * a[j];
            }
            double* row = out + m * n + j0;
            if (simd_)
                detail::transfer_avx2(p, vx, a, vy, row, len);
            else
                detail::transfer_scalar(p, vx, a, vy, row, len);
        }
    }
}

bool Kernel::cheap_near_diagonal() const {
    return (hermite_ == nullptr || hermite_->smooth()) && (mixture_ == nullptr || mixture_->cheap_near_diagonal());
}

double Kernel::from_covariance(double vx, double vy, double cxy) const {
    if (hermite_) return pair_hermite(vx, vy, cxy);
    if (law_ || is_gaussian_form(spec_)) throw InternalError("from_covariance needs a kernel of normal pre-activations");
    double out = 0.0;
    detail::transfer_scalar(transfer_params(spec_), vx, &cxy, &vy, &out, 1);
    return out;
}

// One layer: LawKernel::rows. Deeper: the first layer's covariance Σ(x, y) = σ_b² + σ_W² E on both rules through the
// Gaussian layers 2 … L (upper_); the error is |K(Σ_fine) − K(Σ_coarse)| relative to C_b + √(K_EFT(x, x) K_EFT(y, y)),
// the upper layers' own estimate kept by upper_.
void Kernel::rows_law(const PointSet& xs, const PointBlock& ys, double* out) const {
    if (mixture_) return rows_bias_mixture(xs, ys, out);
    if (!upper_) return record_error(law_->rows(xs, ys, out));
    const LawExpectations e = law_->expectations(xs, ys);
    const double sw2 = spec_.sigma_w * spec_.sigma_w, sb2 = spec_.sigma_b * spec_.sigma_b;
    const double cb = output_bias_variance(spec_), base = spec_.eft ? 0.0 : cb;
    auto cov = [&](double expectation) { return sb2 + sw2 * expectation; };
    const std::size_t n = ys.count, m_count = e.x_fine.size();
    std::vector<double> diag_y(n);
    for (std::size_t j = 0; j < n; ++j) {
        const double v = cov(e.y_fine[j]);
        diag_y[j] = upper_->from_covariance(v, v, v) - base;
    }
    double worst = 0.0;
    for (std::size_t m = 0; m < m_count; ++m) {
        const double vx = cov(e.x_fine[m]), vx_coarse = cov(e.x_coarse[m]);
        const double diag_x = upper_->from_covariance(vx, vx, vx) - base;
        for (std::size_t j = 0; j < n; ++j) {
            const double k = upper_->from_covariance(vx, cov(e.y_fine[j]), cov(e.fine[m * n + j]));
            const double k_coarse = upper_->from_covariance(vx_coarse, cov(e.y_coarse[j]), cov(e.coarse[m * n + j]));
            out[m * n + j] = k;
            const double scale = cb + std::sqrt(std::abs(diag_x * diag_y[j]));
            worst = std::max(worst, std::abs(k - k_coarse) / (scale + 1e-300));
        }
    }
    record_error(worst);
}

// Deep layers over a non-normal bias law: the first layer's fine (coarse) expectations through the fine (coarse) rule
// over b; the error is |K_fine − K_coarse| (both rules' differences at once) plus the fine path's carried Gaussian
// errors, relative to C_b + C_W √(E[σ(z_L(x))²] E[σ(z_L(y))²]).
void Kernel::rows_bias_mixture(const PointSet& xs, const PointBlock& ys, double* out) const {
    const LawExpectations e = law_ ? law_->expectations(xs, ys) : input_gram(xs, ys);
    // From the inputs with one rule over b, the coarse path is the fine one: computed once.
    const bool coarse_is_fine = !law_ && mixture_coarse_ == mixture_;
    const double cb = output_bias_variance(spec_), cw = output_weight_variance(spec_);
    const std::size_t n = ys.count, m_count = e.x_fine.size();
    std::vector<BiasMixtureLayers::Point> y_fine, y_coarse;
    for (std::size_t j = 0; j < n; ++j) {
        y_fine.push_back(mixture_->point(e.y_fine[j]));
        if (!coarse_is_fine) y_coarse.push_back(mixture_coarse_->point(e.y_coarse[j]));
    }
    double worst = 0.0;
    for (std::size_t m = 0; m < m_count; ++m) {
        const BiasMixtureLayers::Point x_fine = mixture_->point(e.x_fine[m]);
        const BiasMixtureLayers::Point x_coarse = coarse_is_fine ? BiasMixtureLayers::Point{} : mixture_coarse_->point(e.x_coarse[m]);
        for (std::size_t j = 0; j < n; ++j) {
            const Estimate k = mixture_->pair(x_fine, y_fine[j], e.fine[m * n + j]);
            const Estimate k_coarse =
                coarse_is_fine ? k : mixture_coarse_->pair(x_coarse, y_coarse[j], e.coarse[m * n + j]);
            out[m * n + j] = k.value;
            const double scale = cb + cw * std::sqrt(x_fine.norm * y_fine[j].norm);
            worst = std::max(worst, (std::abs(k.value - k_coarse.value) + k.error) / (scale + 1e-300));
        }
    }
    record_error(worst);
}

Eigen::MatrixXd Kernel::matrix(const PointSet& xs, const PointSet& ys) const {
    validate_points(xs, spec_.d_in, "kernel matrix rows");
    validate_points(ys, spec_.d_in, "kernel matrix columns");
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m(xs.size(), ys.size());
    if (ys.size() > 0) rows(xs, ys.view(), m.data());
    return m;
}

}  // namespace nnft::numeric
