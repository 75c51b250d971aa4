#include "sampler/exact.hpp"

#include "common/error.hpp"
#include "numeric/gauss_hermite.hpp"
#include "sampler/cumulants.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/detail/moments.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <numbers>

namespace nnft::sampler {

namespace {
const char* const kRawNames[] = {"g2", "g4", "g6"};
const char* const kConnectedNames[] = {"g2_connected", "g4_connected", "g6_connected"};
}  // namespace

namespace {

// Pre-activations z_i = m + Σ_k L_ik u_k, u ~ N(0, I_r): the covariance c_ij = σ_b² + σ_W² x_i·x_j/d_in
// (μ_W = 0) factorised by eigen-decomposition, keeping eigenvalues above 1e-14 of the largest.
struct Factor {
    Eigen::MatrixXd c;  // M × M covariance
    Eigen::MatrixXd l;  // M × r
    double mean = 0.0;  // common mean μ_b
};

Factor factorise(const NetworkSpec& s, const InputSet& in) {
    const auto m = static_cast<Eigen::Index>(in.count());
    Factor f;
    f.mean = s.mu_b;
    f.c.resize(m, m);
    for (Eigen::Index i = 0; i < m; ++i)
        for (Eigen::Index j = 0; j < m; ++j) {
            double dot = 0.0;
            for (std::size_t k = 0; k < in.d_in; ++k)
                dot += in.x[static_cast<std::size_t>(i) * in.d_in + k] * in.x[static_cast<std::size_t>(j) * in.d_in + k];
            f.c(i, j) = s.sigma_b * s.sigma_b + s.sigma_w * s.sigma_w * dot / static_cast<double>(in.d_in);
        }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(f.c);
    const double top = std::max(0.0, eig.eigenvalues().maxCoeff());
    std::vector<Eigen::Index> keep;
    for (Eigen::Index k = m - 1; k >= 0; --k)
        if (top > 0.0 && eig.eigenvalues()(k) > 1e-14 * top)
            keep.push_back(k);
    f.l.resize(m, static_cast<Eigen::Index>(keep.size()));
    for (std::size_t r = 0; r < keep.size(); ++r)
        f.l.col(static_cast<Eigen::Index>(r)) = eig.eigenvectors().col(keep[r]) * std::sqrt(eig.eigenvalues()(keep[r]));
    return f;
}

// Tensor product of a 1-d rule for the N(0,1) weight over the rank-r factor, accumulated with the moment kernel.
std::vector<double> quadrature_moments(const NetworkSpec& s, const Factor& f, const TupleTable& table,
                                       const numeric::GaussHermiteRule& rule, double radius) {
    const auto m = static_cast<std::size_t>(f.c.rows());
    const auto r = static_cast<std::size_t>(f.l.cols());
    const std::size_t n = rule.nodes.size();
    MomentKernel kernel(table);
    constexpr std::size_t chunk = MomentKernel::kChunk;
    std::vector<double> values(m * chunk, 0.0), weights(chunk, 0.0), sums(table.size(), 0.0);
    std::vector<double> norm(m);
    for (std::size_t i = 0; i < m; ++i)
        norm[i] = f.mean + f.c(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i));
    std::vector<std::size_t> idx(r, 0);
    std::size_t filled = 0;
    const bool gauss = s.activation.kind() == numeric::ActivationKind::gauss;
    auto flush_chunk = [&] {
        for (std::size_t i = 0; i < m; ++i)  // σ in double precision (Gauss-net: z − log normaliser stored)
            s.activation.apply(values.data() + i * chunk, filled);
        for (std::size_t b = filled; b < chunk; ++b) {
            weights[b] = 0.0;
            for (std::size_t i = 0; i < m; ++i)
                values[i * chunk + b] = 0.0;
        }
        kernel.add_chunk(values.data(), weights.data());
        filled = 0;
    };
    std::size_t total = 1;
    for (std::size_t k = 0; k < r; ++k)
        total *= n;
    for (std::size_t node = 0; node < total; ++node) {
        std::size_t rest = node;
        double w = 1.0, u2 = 0.0;
        for (std::size_t k = 0; k < r; ++k) {
            idx[k] = rest % n;
            rest /= n;
            w *= rule.weights[idx[k]];
            u2 += rule.nodes[idx[k]] * rule.nodes[idx[k]];
        }
        if (u2 > radius * radius)  // a spherical cut at the rule's half-width: the corners carry < e^{-radius²/2}
            continue;
        for (std::size_t i = 0; i < m; ++i) {
            double z = f.mean;
            for (std::size_t k = 0; k < r; ++k)
                z += f.l(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) * rule.nodes[idx[k]];
            values[i * chunk + filled] = gauss ? z - norm[i] : z;
        }
        weights[filled] = w;
        if (++filled == chunk)
            flush_chunk();
    }
    if (filled > 0)
        flush_chunk();
    kernel.flush(sums);
    return sums;
}

// Gauss-net in closed form: φ_i = exp(z_i − μ_b − c_ii), so E[Π_{i∈t} φ_i] = exp(½ Σ_{i,j∈t} c_ij − Σ_{i∈t} c_ii).
std::vector<double> gauss_moments(const Factor& f, const TupleTable& table) {
    std::vector<double> out(table.size());
    for (std::size_t s = 0; s < table.size(); ++s) {
        const auto t = table.tuple(s);
        double e = 0.0;
        for (auto i : t) {
            e -= f.c(i, i);
            for (auto j : t)
                e += 0.5 * f.c(i, j);
        }
        out[s] = std::exp(e);
    }
    return out;
}

// ReLU with zero-mean pre-activations of rank ≤ 2: z_i = ρ A_i cos(θ − α_i) with u = ρ(cos θ, sin θ),
// ρ ~ χ₂ and θ uniform, independent. The product of n ReLUs is ρⁿ Π A_i cos(θ − α_i) on the arc where all
// cosines are positive and 0 elsewhere, so E = E[ρⁿ] (1/2π) ∫_arc Π A_i cos(θ − α_i) dθ with
// E[ρⁿ] = 2^{n/2} Γ(1 + n/2). The integrand is a trigonometric polynomial of degree n on each piece
// between kinks (α_i ± π/2): expanded in Fourier modes and integrated exactly (kink-aware, no quadrature).
std::vector<double> relu_moments(const Factor& f, const TupleTable& table) {
    const auto m = static_cast<std::size_t>(f.c.rows());
    std::vector<double> amp(m, 0.0), phase(m, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        const double a = f.l.cols() > 0 ? f.l(static_cast<Eigen::Index>(i), 0) : 0.0;
        const double b = f.l.cols() > 1 ? f.l(static_cast<Eigen::Index>(i), 1) : 0.0;
        amp[i] = std::hypot(a, b);
        phase[i] = std::atan2(b, a);
    }
    const double two_pi = 2.0 * std::numbers::pi;
    std::vector<double> out(table.size());
    for (std::size_t s = 0; s < table.size(); ++s) {
        const auto t = table.tuple(s);
        const int n = static_cast<int>(t.size());
        double scale = 1.0;
        for (auto i : t)
            scale *= amp[i];
        if (scale == 0.0) {
            out[s] = 0.0;
            continue;
        }
        // Fourier coefficients c_k, k = −n..n, of Π cos(θ − α_i).
        std::vector<std::complex<double>> coef(static_cast<std::size_t>(2 * n + 1), 0.0);
        coef[static_cast<std::size_t>(n)] = 1.0;
        for (auto i : t) {
            std::vector<std::complex<double>> next(coef.size(), 0.0);
            const std::complex<double> e = std::polar(0.5, -phase[i]);
            for (std::size_t k = 0; k + 1 < coef.size(); ++k) {
                next[k + 1] += coef[k] * e;        // × ½ e^{i(θ−α)}
                next[k] += coef[k + 1] * std::conj(e);  // × ½ e^{−i(θ−α)}
            }
            coef = std::move(next);
        }
        // Kinks on [0, 2π), then integrate over the pieces where every cosine is positive.
        std::vector<double> cuts = {0.0, two_pi};
        for (auto i : t)
            for (double d : {-0.5, 0.5}) {
                double c = std::fmod(phase[i] + d * std::numbers::pi, two_pi);
                if (c < 0.0)
                    c += two_pi;
                cuts.push_back(c);
            }
        std::sort(cuts.begin(), cuts.end());
        double integral = 0.0;
        for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
            const double a = cuts[k], b = cuts[k + 1];
            if (b - a <= 0.0)
                continue;
            const double mid = 0.5 * (a + b);
            bool on = true;
            for (auto i : t)
                on = on && std::cos(mid - phase[i]) > 0.0;
            if (!on)
                continue;
            std::complex<double> piece = coef[static_cast<std::size_t>(n)] * (b - a);
            for (int q = 1; q <= n; ++q) {
                const std::complex<double> iq(0.0, q);
                const std::complex<double> up = (std::exp(iq * b) - std::exp(iq * a)) / iq;
                piece += coef[static_cast<std::size_t>(n + q)] * up + coef[static_cast<std::size_t>(n - q)] * std::conj(up);
            }
            integral += piece.real();
        }
        const double rho_n = std::pow(2.0, 0.5 * n) * std::tgamma(1.0 + 0.5 * n);
        out[s] = scale * rho_n * integral / two_pi;
    }
    return out;
}

// The fine and coarse 1-d rules. Trapezoid: step h = 0.15/σ_max (σ_max² the largest pre-activation
// variance) keeps the discretisation error ~exp(−π²/(h σ_max)) for tanh (poles at ±iπ/2) and
// ~exp(−π²/(6 h² σ_max²)) for products of six erfs far below 1e-16; half-width 13 (+6σ_max for the growing
// Gauss-net integrand) makes the truncation negligible. The node count per dimension is capped so that
// the tensor rule has at most ~2·10⁷ nodes; the coarse rule (step × 1.5) gives the error estimate.
struct Rules {
    numeric::GaussHermiteRule fine, coarse;
    double radius;
};

Rules rules(const NetworkSpec& s, const Factor& f, MomentMethod method) {
    const int r = static_cast<int>(f.l.cols());
    if (r > 4)
        throw Error("exact quadrature supports pre-activation covariances of rank ≤ 4 (this input set has rank " +
                    std::to_string(r) + "): use fewer inputs or a smaller --din");
    if (method == MomentMethod::GaussHermite) {
        const int n = r <= 2 ? 180 : (r == 3 ? 100 : 40);
        return {numeric::gauss_hermite(n), numeric::gauss_hermite((2 * n) / 3), 1e300};
    }
    double smax = 0.0;
    for (Eigen::Index i = 0; i < f.c.rows(); ++i)
        smax = std::max(smax, std::sqrt(f.c(i, i)));
    smax = std::max(smax, 1e-3);
    // Expressions may grow like exponentials (softplus, exp(x)): they get Gauss-net's wider domain too.
    const bool grows = s.activation.kind() == numeric::ActivationKind::gauss ||
                       s.activation.kind() == numeric::ActivationKind::expression;
    const double half = 13.0 + (grows ? 6.0 * smax : 0.0);
    double h = 0.15 / smax;
    const double max_per_dim = std::pow(2e7, 1.0 / std::max(1, r));
    h = std::max(h, 2.0 * half / max_per_dim);
    return {numeric::gaussian_trapezoid(h, half), numeric::gaussian_trapezoid(1.5 * h, half), half};
}

std::vector<std::vector<int>> pairings(int n) {
    std::vector<std::vector<int>> out;
    for (const auto& p : set_partitions(n)) {
        if (p.blocks * 2 != n)
            continue;
        std::vector<int> size(static_cast<std::size_t>(p.blocks), 0);
        for (auto b : p.block)
            ++size[b];
        if (std::all_of(size.begin(), size.end(), [](int k) { return k == 2; })) {
            std::vector<int> order;  // positions grouped by pair
            for (int b = 0; b < p.blocks; ++b)
                for (int e = 0; e < n; ++e)
                    if (p.block[static_cast<std::size_t>(e)] == b)
                        order.push_back(e);
            out.push_back(order);
        }
    }
    return out;
}

constexpr std::size_t kReplicas = 2;  // replica 0: fine rule, 1: coarse rule

// The exact tables up to c.max_n must fit (at most 5e7 entries); throws nnft::Error naming the fix.
void check_exact_size(const ExactConfig& c) {
    if (c.max_n != 2 && c.max_n != 4 && c.max_n != 6)
        throw Error("--max-n " + std::to_string(c.max_n) + ": use 2, 4 or 6");
    const double points_count = static_cast<double>(c.inputs.count() * c.net.d_out);
    double slots = 0.0;
    for (int n = 1; n <= c.max_n; ++n)
        slots += TupleTable::count_tuples(points_count, n);
    if (slots > 5e7)
        throw SizeLimitError("the exact tables up to n = " + std::to_string(c.max_n) + " over " +
                                 std::to_string(c.inputs.count() * c.net.d_out) + " output points have " +
                                 std::to_string(static_cast<long long>(slots)) +
                                 " entries (limit 5e7): use fewer inputs or a smaller --max-n",
                             slots);
}

// One neuron's moment E[Π_k φ(z_{inputs_of[pos[k]]})], k < len, on the fine (r = 0) or coarse (r = 1) rule.
double neuron_moment(const NeuronMoments& nm, const std::array<std::uint16_t, 6>& inputs_of, const int* pos, int len,
                     std::size_t r) {
    std::array<std::uint16_t, 6> sub{};
    for (int k = 0; k < len; ++k)
        sub[static_cast<std::size_t>(k)] = inputs_of[static_cast<std::size_t>(pos[k])];
    std::sort(sub.begin(), sub.begin() + len);
    const std::size_t s = nm.table.slot(sub.data(), len);
    return r == 0 ? nm.value[s] : nm.coarse[s];
}

// The connected n-point function of the outputs at one tuple (inputs `in`, output indices `out`) on rule r:
// μ_b for n = 1, δ σ_b² + σ_W² E[φφ] for n = 2, and for n = 4, 6 the neuron's connected moment summed over the
// pairings that pair equal outputs, times σ_W⁴/N or σ_W⁶/N².
double output_cumulant(const ExactConfig& c, const NeuronMoments& nm, const std::vector<std::vector<int>>& pair_list,
                       int n, const std::array<std::uint16_t, 6>& in, const std::array<std::uint16_t, 6>& out,
                       std::size_t r) {
    const double n_width = static_cast<double>(c.net.width);
    const double sw2 = c.net.sigma_w * c.net.sigma_w;
    auto moment = [&](const int* pos, int len) { return neuron_moment(nm, in, pos, len, r); };
    if (n == 1)
        return c.net.mu_b;
    if (n == 2) {
        const int pos[2] = {0, 1};
        return out[0] == out[1] ? c.net.sigma_b * c.net.sigma_b + sw2 * moment(pos, 2) : 0.0;
    }
    if (n != 4 && n != 6)
        return 0.0;
    double v = 0.0;
    for (const auto& p : pair_list) {
        bool diag = true;
        for (int q = 0; q < n; q += 2)
            diag = diag && out[static_cast<std::size_t>(p[static_cast<std::size_t>(q)])] ==
                               out[static_cast<std::size_t>(p[static_cast<std::size_t>(q + 1)])];
        if (!diag)
            continue;
        const int* a = p.data();
        if (n == 4) {
            v += moment(a, 4) - moment(a, 2) * moment(a + 2, 2);
        } else {
            const int ab_cd[4] = {a[0], a[1], a[2], a[3]}, ab_ef[4] = {a[0], a[1], a[4], a[5]},
                      cd_ef[4] = {a[2], a[3], a[4], a[5]};
            const double e_ab = moment(a, 2), e_cd = moment(a + 2, 2), e_ef = moment(a + 4, 2);
            v += moment(a, 6) - moment(ab_cd, 4) * e_ef - moment(ab_ef, 4) * e_cd - moment(cd_ef, 4) * e_ab +
                 2.0 * e_ab * e_cd * e_ef;
        }
    }
    v *= n == 4 ? sw2 * sw2 / n_width : sw2 * sw2 * sw2 / (n_width * n_width);
    return v;
}

// The connected functions of every output tuple up to c.max_n: [slot * kReplicas + r].
std::vector<double> output_cumulants(const ExactConfig& c, const NeuronMoments& nm, const TupleTable& points) {
    const std::size_t dout = c.net.d_out;
    std::vector<double> kappa(points.size() * kReplicas, 0.0);
    for (int n = 1; n <= c.max_n; ++n) {
        const auto pair_list = n % 2 == 0 && n >= 4 ? pairings(n) : std::vector<std::vector<int>>{};
        for (std::size_t i = 0; i < points.count(n); ++i) {
            const std::size_t slot = points.offset(n) + i;
            const auto t = points.tuple(slot);
            std::array<std::uint16_t, 6> in{}, out{};
            for (int k = 0; k < n; ++k) {
                in[static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(t[static_cast<std::size_t>(k)] / dout);
                out[static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(t[static_cast<std::size_t>(k)] % dout);
            }
            for (std::size_t r = 0; r < kReplicas; ++r)
                kappa[slot * kReplicas + r] = output_cumulant(c, nm, pair_list, n, in, out, r);
        }
    }
    return kappa;
}

}  // namespace

NeuronMoments neuron_moments(const NetworkSpec& spec, const InputSet& inputs, int max_n, MomentMethod method) {
    validate(spec, inputs);
    if (spec.mu_w != 0.0)
        throw Error("exact correlators need a zero-mean output layer: set --mu-w 0");
    if (spec.depth != 1)
        throw Error("exact correlators exist for one hidden layer: use --depth 1 (sample deeper networks with nnft sample)");
    const Factor f = factorise(spec, inputs);
    NeuronMoments nm{TupleTable(inputs.count(), max_n), {}, {}, static_cast<int>(f.l.cols()), 0};
    const bool automatic = method == MomentMethod::Automatic;
    if (automatic && spec.activation.kind() == numeric::ActivationKind::gauss) {
        nm.value = gauss_moments(f, nm.table);
    } else if (automatic && spec.activation.kind() == numeric::ActivationKind::relu && spec.mu_b == 0.0 && nm.rank <= 2) {
        nm.value = relu_moments(f, nm.table);
    } else {
        // ReLU outside the kink-aware closed form falls back to the trapezoidal rule, whose O(h²) error at the
        // kink is reported honestly by the fine/coarse difference.
        const Rules q = rules(spec, f, method);
        nm.nodes_per_dim = q.fine.nodes.size();
        nm.value = quadrature_moments(spec, f, nm.table, q.fine, q.radius);
        nm.coarse = quadrature_moments(spec, f, nm.table, q.coarse, q.radius);
        return nm;
    }
    nm.coarse = nm.value;
    return nm;
}

Correlators exact_correlators(const ExactConfig& c) {
    check_exact_size(c);
    const NeuronMoments nm = neuron_moments(c.net, c.inputs, c.max_n, c.method);
    const TupleTable points(c.inputs.count() * c.net.d_out, c.max_n);
    const std::vector<double> kappa = output_cumulants(c, nm, points);
    // The tables: value from the fine rule, error |fine − coarse|; raw moments from the cumulants.
    Correlators result;
    auto emit = [&](const std::string& name, int n, const double* v) {
        std::vector<CorrelatorEntry> entries;
        for (std::size_t i = 0; i < points.count(n); ++i)
            entries.push_back({points.numeric_tuple(points.offset(n) + i), v[i * kReplicas],
                               std::abs(v[i * kReplicas] - v[i * kReplicas + 1])});
        result.tables.emplace_back(name, std::move(entries));
    };
    for (int n = 2; n <= c.max_n; n += 2) {
        std::vector<double> raw(points.count(n) * kReplicas);
        moments_from_cumulants(points, kappa, kReplicas, n, raw);
        emit(kRawNames[n / 2 - 1], n, raw.data());
        emit(kConnectedNames[n / 2 - 1], n, kappa.data() + points.offset(n) * kReplicas);
    }
    return result;
}

nlohmann::json exact_config_to_json(const ExactConfig& c) {
    nlohmann::json j = network_to_json(c.net, c.inputs);
    j["method"] = "exact";
    j["max_n"] = c.max_n;
    return j;
}

nlohmann::json exact_document(const ExactConfig& config, const Correlators& correlators) {
    return {{"config", exact_config_to_json(config)}, {"networks", 0}, {"correlators", correlators_to_json(correlators)}};
}

}  // namespace nnft::sampler
