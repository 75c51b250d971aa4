#include "sampler/exact.hpp"

#include "common/error.hpp"
#include "numeric/gauss_hermite.hpp"
#include "numeric/shifted_halton.hpp"
#include "sampler/detail/moments.hpp"
#include "sampler/detail/neuron_factor.hpp"

#include <algorithm>
#include <cmath>

namespace nnft::sampler {

namespace detail {

NeuronFactor factorise(const NetworkSpec& s, const InputSet& in) {
    const auto m = static_cast<Eigen::Index>(in.count());
    const double root_d = std::sqrt(static_cast<double>(in.d_in));
    auto x = [&](Eigen::Index i, std::size_t k) { return in.x[static_cast<std::size_t>(i) * in.d_in + k]; };
    NeuronFactor f;
    f.mean = Eigen::VectorXd::Constant(m, s.biases.mean());
    for (Eigen::Index i = 0; i < m; ++i)
        for (std::size_t k = 0; k < in.d_in; ++k)
            f.mean(i) += s.weights.mean() * x(i, k);
    // Gaussian parameters add to the covariance, the others become directions of their own.
    const double var_w = s.weights.is_gaussian() ? s.weights.sd() * s.weights.sd() : 0.0;
    const double var_b = s.biases.is_gaussian() ? s.biases.sd() * s.biases.sd() : 0.0;
    f.c.resize(m, m);
    for (Eigen::Index i = 0; i < m; ++i)
        for (Eigen::Index j = 0; j < m; ++j) {
            double dot = 0.0;
            for (std::size_t k = 0; k < in.d_in; ++k) dot += x(i, k) * x(j, k);
            f.c(i, j) = var_b + var_w * dot / static_cast<double>(in.d_in);
        }
    if (!s.weights.is_gaussian() && s.weights.sd() > 0.0)
        for (std::size_t k = 0; k < in.d_in; ++k) {
            NonGaussianDirection d{s.weights, Eigen::VectorXd(m)};
            for (Eigen::Index i = 0; i < m; ++i) d.coef(i) = s.weights.sd() * x(i, k) / root_d;
            f.extra.push_back(std::move(d));
        }
    if (!s.biases.is_gaussian() && s.biases.sd() > 0.0)
        f.extra.push_back({s.biases, Eigen::VectorXd::Constant(m, s.biases.sd())});
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(f.c);
    const double top = std::max(0.0, eig.eigenvalues().maxCoeff());
    std::vector<Eigen::Index> keep;
    for (Eigen::Index k = m - 1; k >= 0; --k)
        if (top > 0.0 && eig.eigenvalues()(k) > 1e-14 * top) keep.push_back(k);
    f.l.resize(m, static_cast<Eigen::Index>(keep.size()));
    for (std::size_t r = 0; r < keep.size(); ++r)
        f.l.col(static_cast<Eigen::Index>(r)) = eig.eigenvectors().col(keep[r]) * std::sqrt(eig.eigenvalues()(keep[r]));
    return f;
}

}  // namespace detail

namespace {

using detail::NeuronFactor;

// One dimension of the tensor rule: nodes u with weights (summing to 1), and the law that maps u to the
// standardised parameter (none for the Gaussian directions of the factor and for the two-point rule).
struct Axis {
    const numeric::GaussHermiteRule* rule;
    const numeric::ParameterLaw* law;  // null: the node is the variable itself
    bool gaussian_variate;             // counts towards the spherical cut
};

// The tensor rule's axes: the r Gaussian directions, then one per non-Gaussian parameter (Rademacher on its two points,
// the others through ParameterLaw::standardised of a Gaussian variate); axis d of a continuous variate takes rule[d].
std::vector<Axis> axes(const NeuronFactor& f, const std::vector<numeric::GaussHermiteRule>& rule) {
    static const numeric::GaussHermiteRule two_point{{-1.0, 1.0}, {0.5, 0.5}};
    std::vector<Axis> out;
    for (Eigen::Index d = 0; d < f.l.cols(); ++d) out.push_back(Axis{&rule[out.size()], nullptr, true});
    for (const auto& d : f.extra)
        out.push_back(d.law.kind() == numeric::LawKind::rademacher ? Axis{&two_point, nullptr, false}
                                                                    : Axis{&rule[out.size()], &d.law, true});
    return out;
}

// Σ_nodes w Π_{i∈t} σ(z_i) for every tuple t of the table, accumulated with the moment kernel: node(k, u, w) writes
// node k's standardised variables (the r Gaussian directions, then the non-Gaussian parameters) into u and its
// weight into w, and returns false for a node that is cut away.
template <class Node>
std::vector<double> moments_on_nodes(const NetworkSpec& s, const NeuronFactor& f, const TupleTable& table,
                                     std::size_t total, const Node& node, const ProgressFn& progress,
                                     const std::string& what) {
    const auto m = static_cast<std::size_t>(f.c.rows());
    const auto r = static_cast<std::size_t>(f.l.cols());
    MomentKernel kernel(table);
    constexpr std::size_t chunk = MomentKernel::kChunk;
    std::vector<double> values(m * chunk, 0.0), weights(chunk, 0.0), sums(table.size(), 0.0), norm(m),
        t(r + f.extra.size());
    for (std::size_t i = 0; i < m; ++i)
        norm[i] = f.mean(static_cast<Eigen::Index>(i)) + f.c(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i));
    std::size_t filled = 0, done = 0;
    const bool gauss = s.activation.kind() == numeric::ActivationKind::gauss;
    auto flush_chunk = [&] {
        for (std::size_t i = 0; i < m; ++i)  // σ in double precision (Gauss-net: z − log normaliser stored)
            s.activation.apply(values.data() + i * chunk, filled);
        for (std::size_t b = filled; b < chunk; ++b) {
            weights[b] = 0.0;
            for (std::size_t i = 0; i < m; ++i) values[i * chunk + b] = 0.0;
        }
        kernel.add_chunk(values.data(), weights.data());
        filled = 0;
        report_progress(progress, done, total, what);
    };
    for (std::size_t k = 0; k < total; ++k) {
        done = k + 1;
        double w = 0.0;
        if (!node(k, t, w))
            continue;
        for (std::size_t i = 0; i < m; ++i) {
            const auto row = static_cast<Eigen::Index>(i);
            double z = f.mean(row);
            for (std::size_t d = 0; d < r; ++d) z += f.l(row, static_cast<Eigen::Index>(d)) * t[d];
            for (std::size_t d = r; d < t.size(); ++d) z += f.extra[d - r].coef(row) * t[d];
            values[i * chunk + filled] = gauss ? z - norm[i] : z;
        }
        weights[filled] = w;
        if (++filled == chunk) flush_chunk();
    }
    if (filled > 0) flush_chunk();
    kernel.flush(sums);
    return sums;
}

// The tensor product rule over the factor's dimensions (rule[d] on axis d), with a spherical cut at `radius`.
std::vector<double> quadrature_moments(const NetworkSpec& s, const NeuronFactor& f, const TupleTable& table,
                                       const std::vector<numeric::GaussHermiteRule>& rule, double radius,
                                       const ProgressFn& progress, const std::string& what) {
    const std::vector<Axis> ax = axes(f, rule);
    std::size_t total = 1;
    for (const auto& a : ax) total *= a.rule->nodes.size();
    auto node = [&](std::size_t k, std::vector<double>& t, double& w) {
        std::size_t rest = k;
        double u2 = 0.0;
        w = 1.0;
        for (std::size_t d = 0; d < ax.size(); ++d) {
            const std::size_t n = ax[d].rule->nodes.size(), idx = rest % n;
            rest /= n;
            const double u = ax[d].rule->nodes[idx];
            w *= ax[d].rule->weights[idx];
            if (ax[d].gaussian_variate) u2 += u * u;
            t[d] = ax[d].law ? ax[d].law->standardised(u) : u;
            // A Student-t draw is infinite only where Φ(−|u|) underflows (|u| > 37.5, weight < 1e-300: the rule is widened
            // for a σ that grows): such a node adds nothing a double can hold, and 0 · σ(∞) would be NaN.
            if (!std::isfinite(t[d])) return false;
        }
        return u2 <= radius * radius;  // a spherical cut at the rule's half-width: the corners carry < e^{-radius²/2}
    };
    return moments_on_nodes(s, f, table, total, node, progress, what);
}

// Whether σ may fail to be smooth (kinks located or not): a fixed grid crossed by a kink has an O(h²) error that
// oscillates with the kink's position relative to the nodes, so two fixed steps can agree far below it.
bool may_have_kinks(const numeric::Activation& a) {
    const std::vector<double>* kinks = a.kink_points();
    return !kinks || !kinks->empty();
}

// The rule sets of the tensor quadrature, each one 1-d rule per axis (Rademacher axes ignore theirs).
struct Rules {
    std::vector<std::vector<numeric::GaussHermiteRule>> sets;  ///< fixed: {fine, coarse}; shifted: kShifts sets
    double radius = 0.0;                                       ///< spherical cut
    bool shifted = false;                                      ///< randomly shifted grids (σ with kinks)
    std::size_t nodes_per_dim = 0;                             ///< nodes of the first set's first axis
};

// Randomly shifted trapezoidal grids for σ with kinks: averaged over a uniform shift per axis, the lattice rule is
// unbiased, so the mean of kShifts independent shifts has the standard error sd/√kShifts — an honest estimate where the
// kinks' O(h²) errors make |fine − coarse| of two fixed grids unreliable. The shifts are fixed Philox draws. 16 shifts:
// with 8 (Student's t₇) 4–6 % of the entries of relu's G2…G6_con lay beyond 3 errors over 6 shift seeds, the worst at 15;
// with 16, 1.4 % and 4.0.
constexpr std::size_t kShifts = 16;
// Node × tuple-slot products the shifted grids may take in all (~0.5–2 CPU-s: 2.4·10⁻¹¹ s each for Gaussian axes, up to
// 10⁻¹⁰ s through a law's quantile).
constexpr double kShiftWork = 2e10;

Rules shifted_rules(std::size_t axes, double h, double half) {
    Rules q{{}, half, true, 0};
    const std::vector<double> shift = numeric::random_shifts(kShifts, axes, 0x6b696e6b6e6e6674ull, 0x53484654u);
    for (std::size_t k = 0; k < kShifts; ++k) {
        std::vector<numeric::GaussHermiteRule> set;
        for (std::size_t d = 0; d < axes; ++d) set.push_back(numeric::gaussian_trapezoid(h, half, shift[k * axes + d]));
        q.sets.push_back(std::move(set));
    }
    q.nodes_per_dim = axes > 0 ? q.sets[0][0].nodes.size() : 0;
    return q;
}

// The 1-d rules. Trapezoid: step h = 0.15/σ_max (σ_max² the largest pre-activation variance) keeps the discretisation
// error ~exp(−π²/(h σ_max)) for tanh (poles at ±iπ/2) and ~exp(−π²/(6 h² σ_max²)) for products of six erfs far below
// 1e-16; half-width 13 (+6σ_max for the growing Gauss-net integrand) makes the truncation negligible. The node count per
// dimension is capped so that the tensor rule has at most ~2·10⁷ nodes; the coarse rule (step × 1.5) gives the error
// estimate. σ with kinks gets kShifts shifted grids instead (sizes below).
// Non-Gaussian parameters are integrated in the Gaussian variate they are drawn from (Rademacher on its two points),
// so they share the rule.
Rules rules(const NetworkSpec& s, const NeuronFactor& f, MomentMethod method, std::size_t slots) {
    const int dims = f.dimensions();
    if (dims > 4)
        throw Error("--quadrature gauss-hermite supports at most 4 integration dimensions (the rank of the pre-activation "
                    "covariance plus the non-Gaussian first-layer parameters; here " + std::to_string(dims) +
                    "): use --quadrature auto (quasi-Monte Carlo above 4), fewer inputs or a smaller --din");
    int continuous = 0;
    for (const auto& d : f.extra) continuous += d.law.kind() != numeric::LawKind::rademacher;
    continuous += static_cast<int>(f.l.cols());
    const double budget = 2e7 / std::pow(2.0, dims - continuous);
    const auto axes = static_cast<std::size_t>(dims);
    auto on_every_axis = [&](const numeric::GaussHermiteRule& rule) { return std::vector<numeric::GaussHermiteRule>(axes, rule); };
    if (method == MomentMethod::GaussHermite) {
        const int n = continuous <= 2 ? 180 : (continuous == 3 ? 100 : 40);
        return {{on_every_axis(numeric::gauss_hermite(n)), on_every_axis(numeric::gauss_hermite((2 * n) / 3))}, 1e300, false,
                static_cast<std::size_t>(n)};
    }
    double smax = 0.0;
    for (Eigen::Index i = 0; i < f.c.rows(); ++i) {
        double v = f.c(i, i);
        for (const auto& d : f.extra) v += d.coef(i) * d.coef(i);
        smax = std::max(smax, std::sqrt(v));
    }
    if (!std::isfinite(smax))
        throw Error("the first layer's pre-activation variance overflows (x² σ_w² is not a finite double): use inputs and "
                    "parameter scales below about 1e150");
    smax = std::max(smax, 1e-3);
    // Expressions may grow like exponentials (softplus, exp(x)): they get Gauss-net's wider domain too.
    const bool grows = s.activation.kind() == numeric::ActivationKind::gauss ||
                       s.activation.kind() == numeric::ActivationKind::expression;
    const double half = 13.0 + (grows ? 6.0 * smax : 0.0);
    const double per_dim = 1.0 / std::max(1, continuous);
    const double h = std::max(0.15 / smax, 2.0 * half / std::pow(budget, per_dim));
    if (may_have_kinks(s.activation)) {
        // kShifts grids of n nodes per axis: within 5× the fixed rule's node budget and kShiftWork node × slot products,
        // at most 10⁵ per axis, and no coarser than the fixed coarse rule (step 1.5 h).
        const double shifts = static_cast<double>(kShifts);
        const double nodes = std::min(5.0 * budget, kShiftWork / static_cast<double>(std::max<std::size_t>(slots, 1))) / shifts;
        const double n = std::clamp(std::pow(nodes, per_dim), 2.0 * half / (1.5 * h), 1e5);
        return shifted_rules(axes, 2.0 * half / n, half);
    }
    const numeric::GaussHermiteRule fine = numeric::gaussian_trapezoid(h, half);
    return {{on_every_axis(fine), on_every_axis(numeric::gaussian_trapezoid(1.5 * h, half))}, half, false, fine.nodes.size()};
}

// The polar rule of `order` points per panel (16 fine, 12 coarse) for a σ whose kinks are located (an expression, or
// relu with a first-layer mean), with a Gaussian first layer of rank 1 or 2: kinks only at 0 with zero mean lie on rays
// (detail::kink_split_polar_rule), others on lines (detail::kink_line_polar_rule). Radius 13 + 6 s_max, as the trapezoid's half-width for expressions
// (which may grow like exponentials). Empty when the rule does not apply or would exceed 8·10⁶ nodes or 2·10¹¹
// node × tuple-slot products (~10 CPU-s at the moment kernel's ~5·10⁻¹¹ s each): the trapezoid then takes over.
std::vector<detail::PolarNode> kinked_polar_rule(const NetworkSpec& s, const NeuronFactor& f, std::size_t slots, int rank,
                                                 int order) {
    const std::vector<double>* kinks = s.activation.kink_points();
    if (s.activation.kind() == numeric::ActivationKind::gauss || !kinks || kinks->empty() || !f.extra.empty() ||
        rank < 1 || rank > 2)
        return {};
    const double radius = 13.0 + 6.0 * std::sqrt(std::max(0.0, f.c.diagonal().maxCoeff()));
    const bool rays = f.mean.isZero(0.0) && std::all_of(kinks->begin(), kinks->end(), [](double c) { return c == 0.0; });
    if (rays) return detail::kink_split_polar_rule(f, order, radius);
    const auto max_nodes = static_cast<std::size_t>(std::min(8e6, 2e11 / static_cast<double>(std::max<std::size_t>(slots, 1))));
    return detail::kink_line_polar_rule(f, order, radius, *kinks, max_nodes);
}

std::vector<double> polar_moments(const NetworkSpec& s, const NeuronFactor& f, const TupleTable& table,
                                  const std::vector<detail::PolarNode>& nodes, const ProgressFn& progress,
                                  const std::string& what) {
    auto node = [&](std::size_t k, std::vector<double>& t, double& w) {
        t[0] = nodes[k].u1;
        if (t.size() > 1) t[1] = nodes[k].u2;
        w = nodes[k].w;
        return true;
    };
    return moments_on_nodes(s, f, table, nodes.size(), node, progress, what);
}

// A piecewise-linear σ with its kink at 0 and a zero-mean Gaussian factor of rank 3: σ(ρv) = ρσ(v) for ρ > 0, so
// E[Π_{i∈t} σ(z_i)] = E[ρ^|t|] (1/4π)∫ Π σ(a_i·ω) dω with ρ ~ χ₃, E[ρⁿ] = 2^{n/2} Γ((n + 3)/2) / Γ(3/2), and the sphere
// integral on detail::kink_sphere_rule of `order` points per panel.
std::vector<double> sphere_moments(const NetworkSpec& s, const NeuronFactor& f, const TupleTable& table, int order,
                                   const ProgressFn& progress, const std::string& what) {
    const std::vector<detail::SphereNode> nodes = detail::kink_sphere_rule(f.l, order);
    auto node = [&](std::size_t k, std::vector<double>& t, double& w) {
        std::copy(nodes[k].u, nodes[k].u + 3, t.begin());
        w = nodes[k].w;
        return true;
    };
    std::vector<double> m = moments_on_nodes(s, f, table, nodes.size(), node, progress, what);
    for (int n = 1; n <= table.max_n(); ++n) {
        const double radial = std::pow(2.0, 0.5 * n) * std::tgamma(0.5 * (n + 3)) / std::tgamma(1.5);
        for (std::size_t slot = table.offset(n); slot < table.offset(n + 1); ++slot) m[slot] *= radial;
    }
    return m;
}

// Moments on independently shifted rules: every set in nm.shifted, their mean as value and the mean of the first half
// as coarse (for readers of two rules).
void store_shifted(std::vector<std::vector<double>> sets, NeuronMoments& nm) {
    auto mean_of = [&](std::size_t count) {
        std::vector<double> m(nm.table.size(), 0.0);
        for (std::size_t k = 0; k < count; ++k)
            for (std::size_t i = 0; i < m.size(); ++i) m[i] += sets[k][i] / static_cast<double>(count);
        return m;
    };
    nm.value = mean_of(sets.size());
    nm.coarse = mean_of(sets.size() / 2);
    nm.shifted = std::move(sets);
}

// The moments on every rule set of q: fixed grids give value (fine) and coarse, shifted grids go to store_shifted.
void tensor_rule_moments(const NetworkSpec& s, const NeuronFactor& f, const Rules& q, const ProgressFn& progress,
                         NeuronMoments& nm) {
    nm.nodes_per_dim = q.nodes_per_dim;
    std::vector<std::vector<double>> sets;
    for (std::size_t k = 0; k < q.sets.size(); ++k) {
        const std::string what = q.shifted ? "quadrature nodes, shifted rule " + std::to_string(k + 1) + " of " +
                                                 std::to_string(q.sets.size())
                                           : (k == 0 ? "quadrature nodes, fine rule" : "quadrature nodes, coarse rule");
        sets.push_back(quadrature_moments(s, f, nm.table, q.sets[k], q.radius, progress, what));
    }
    if (q.shifted) return store_shifted(std::move(sets), nm);
    nm.value = std::move(sets[0]);
    nm.coarse = std::move(sets[1]);
}

// Shifted Halton point sets above 4 dimensions: 32 of them, so that the standard error has 31 degrees of freedom (with 8,
// 2–3 % of the entries of G2 at d_in = 6 lay beyond 3 errors, as for Student's t₇; with 32, none in 224).
constexpr std::size_t kHaltonShifts = 32;

// More than 4 integration dimensions (any d_in): randomised quasi-Monte Carlo, kHaltonShifts shifted Halton point sets in
// the Gaussian variates (numeric/shifted_halton.hpp; non-Gaussian parameters through ParameterLaw::standardised), each of
// n points of weight 1/n with n within kShiftWork node × slot products (1024 to 2¹⁶ points per shift).
void halton_moments(const NetworkSpec& s, const NeuronFactor& f, const ProgressFn& progress, NeuronMoments& nm) {
    const auto dims = static_cast<std::size_t>(f.dimensions()), r = static_cast<std::size_t>(f.l.cols());
    if (dims > numeric::ShiftedHaltonNormals::kMaxDims)
        throw Error("exact correlators integrate at most " + std::to_string(numeric::ShiftedHaltonNormals::kMaxDims) +
                    " dimensions (the rank of the pre-activation covariance plus the non-Gaussian first-layer parameters; "
                    "here " + std::to_string(dims) + "): use fewer inputs or a smaller --din");
    if (numeric::grows_exponentially(s.activation))
        throw Error("exact correlators above 4 integration dimensions (here " + std::to_string(dims) + ") use quasi-Monte "
                    "Carlo, whose error estimate is not reliable for an activation that grows exponentially (" +
                    s.activation.name() + "): use at most 4 inputs, or d_in ≤ 3" +
                    (s.activation.kind() == numeric::ActivationKind::gauss ? ", or --quadrature auto (closed form)" : ""));
    const numeric::ShiftedHaltonNormals halton(dims, kHaltonShifts, 0x6e6e66746861ull);
    const double slots = static_cast<double>(std::max<std::size_t>(nm.table.size(), 1));
    const auto n = static_cast<std::size_t>(std::clamp(kShiftWork / (static_cast<double>(kHaltonShifts) * slots), 1024.0, 65536.0));
    std::vector<std::vector<double>> sets;
    for (std::size_t k = 0; k < kHaltonShifts; ++k) {
        numeric::ShiftedHaltonNormals::Stream stream(halton, k);
        auto node = [&](std::size_t, std::vector<double>& t, double& w) {  // called for i = 0, 1, … in order
            stream.next(t.data());
            for (std::size_t d = r; d < dims; ++d) t[d] = f.extra[d - r].law.standardised(t[d]);
            w = 1.0 / static_cast<double>(n);
            return true;
        };
        sets.push_back(moments_on_nodes(s, f, nm.table, n, node, progress,
                                        "quasi-Monte Carlo points, shift " + std::to_string(k + 1) + " of " + std::to_string(kHaltonShifts)));
    }
    store_shifted(std::move(sets), nm);
}

}  // namespace

NeuronMoments neuron_moments(const NetworkSpec& spec, const InputSet& inputs, int max_n, MomentMethod method,
                             const ProgressFn& progress) {
    validate(spec, inputs);
    if (spec.output_weights.mean() != 0.0)
        throw Error("exact correlators need a zero-mean output layer: set --mu-w 0");
    if (spec.depth != 1)
        throw Error("exact correlators exist for one hidden layer: use --depth 1 (sample deeper networks with nnft sample)");
    check_hidden_law_tails(spec, max_n);
    const NeuronFactor f = detail::factorise(spec, inputs);
    NeuronMoments nm{TupleTable(inputs.count(), max_n), {}, {}, static_cast<int>(f.l.cols()), 0, {}};
    const bool automatic = method == MomentMethod::Automatic && f.extra.empty();
    if (automatic && spec.activation.kind() == numeric::ActivationKind::gauss) {
        nm.value = detail::gauss_moments(f, nm.table);
    } else if (const auto slopes = spec.activation.kink_slopes();
               automatic && slopes && f.mean.isZero(0.0) && nm.rank <= 2) {
        nm.value = detail::kinked_linear_moments(f, nm.table, *slopes);  // ReLU, leaky_relu:a, abs, a·x + b·max(0, x)
    } else if (automatic && spec.activation.kink_slopes() && f.mean.isZero(0.0) && nm.rank == 3) {
        // The same σ at rank 3 (d_in = 2 with a bias): the radial integral in closed form, the sphere split at the
        // kinks' great circles; both orders integrate trigonometric polynomials, so |fine − coarse| is rounding.
        nm.value = sphere_moments(spec, f, nm.table, 16, progress, "quadrature nodes, fine rule");
        nm.coarse = sphere_moments(spec, f, nm.table, 12, progress, "quadrature nodes, coarse rule");
        return nm;
    } else if (const auto fine = automatic ? kinked_polar_rule(spec, f, nm.table.size(), nm.rank, 16) : std::vector<detail::PolarNode>{};
               !fine.empty()) {
        // σ's kinks (located by its parser) lie on the polar rule's panel edges: two orders of an exponentially
        // convergent rule, so |fine − coarse| bounds the fine rule's error (a grid crossed by the kinks has an O(h²)
        // error that oscillates with the kink's position: two steps can agree far below it).
        nm.value = polar_moments(spec, f, nm.table, fine, progress, "quadrature nodes, fine rule");
        nm.coarse = polar_moments(spec, f, nm.table, kinked_polar_rule(spec, f, nm.table.size(), nm.rank, 12), progress,
                                  "quadrature nodes, coarse rule");
        return nm;
    } else if (f.dimensions() > 4 && method != MomentMethod::GaussHermite) {
        halton_moments(spec, f, progress, nm);
        return nm;
    } else {
        tensor_rule_moments(spec, f, rules(spec, f, method, nm.table.size()), progress, nm);
        return nm;
    }
    nm.coarse = nm.value;
    return nm;
}

}  // namespace nnft::sampler
