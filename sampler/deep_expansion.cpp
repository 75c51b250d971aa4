// The deep 1/N recursion (docs/methods/deep-expansion.md). With g_ab(K) = E[σ(z_a)σ(z_b)], z ~ N(0, K^(ℓ)),
// as a function of the covariance entries k_p of the pair (p ∈ {aa, ab, bb}; {aa} when a = b):
//   K^(ℓ+1)_ab  = C_b + C_W g_ab
//   K1^(ℓ+1)_ab = C_W [Σ_p K1^(ℓ)_p ∂_p g_ab + ½ Σ_{p,q} V^(ℓ)_(p)(q) ∂_p∂_q g_ab]
//   V^(ℓ+1)_(ab)(cd) = C_W² [E σ_aσ_bσ_cσ_d − g_ab g_cd] + C_W² Σ_{p∈ab, q∈cd} V^(ℓ)_(p)(q) ∂_p g_ab ∂_q g_cd
// from K^(1) = C_b + C_W x·x'/d_in, K1^(1) = V^(1) = 0. K1 and V are coefficients of 1/N, N = net.width (the last
// hidden width): with hidden widths N_ℓ the source [E σσσσ − g g] of layer ℓ's units enters with N/N_ℓ (in absolute
// units the connected four-point function of layer ℓ+1 is C_W²/N_ℓ [·] plus the propagated part, which carries no
// width; Roberts–Yaida–Hanin's n_ℓ/n_{ℓ−1} ratios are this bookkeeping in their normalisation V/n_{ℓ−1}).
#include "sampler/deep_expansion.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "common/error.hpp"
#include "numeric/gaussian_pair.hpp"
#include "sampler/detail/deep_expansion.hpp"
#include "sampler/detail/deep_gaussian.hpp"
#include "sampler/detail/round_pool.hpp"

namespace nnft::sampler {

namespace {

using detail::DeepGaussian;
using detail::PairDerivatives;
using detail::quadruple_key;
using detail::UnitMoments;

// The covariance entries a pair's g depends on: (pair index, slot in PairDerivatives::grad).
struct PairParams {
    std::array<std::size_t, 3> pair{};
    std::array<int, 3> slot{};
    int count = 0;
};

PairParams params_of(std::size_t a, std::size_t b, std::size_t m) {
    PairParams p;
    if (a == b) {
        p.pair[0] = input_pair_index(a, a, m);
        p.count = 1;
        return p;
    }
    p.pair = {input_pair_index(a, a, m), input_pair_index(a, b, m), input_pair_index(b, b, m)};
    p.slot = {0, 1, 2};
    p.count = 3;
    return p;
}

struct PairList {
    std::vector<std::array<std::size_t, 2>> ab;  // by pair index
};

PairList pairs_of(std::size_t m) {
    PairList l;
    l.ab.resize(m * (m + 1) / 2);
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = a; b < m; ++b) l.ab[input_pair_index(a, b, m)] = {a, b};
    return l;
}

struct ParameterLawPair {
    numeric::ParameterLaw weights, biases;
};

struct LayerScales {
    double cw = 1.0;      // C_W of the weights into the next layer
    double cb = 0.0;      // C_b of its biases
    double source = 1.0;  // N/N_ℓ: the four-point source of layer ℓ's N_ℓ units in units of 1/N (N the reference width)
    double unit_kappa4 = 0.0;  // κ₄ of the weights w (before 1/√N): the same-unit term κ₄ E σσσσ per 1/N_ℓ
};

// The sorted quadruple of a quadruple_key.
std::array<std::size_t, 4> quadruple_of(std::uint64_t key) {
    std::array<std::size_t, 4> q{};
    for (std::size_t i = 4; i-- > 0; key /= 65536) q[i] = static_cast<std::size_t>(key % 65536);
    return q;
}

// g_ab = E[σ(u)σ(v)] in closed form for erf (arcsine kernel) and ReLU (arc-cosine kernel); NaN for others.
double closed_form_pair(numeric::ActivationKind kind, double kuu, double kuv, double kvv) {
    if (kind == numeric::ActivationKind::erf)
        return 2.0 / M_PI * std::asin(2.0 * kuv / std::sqrt((1.0 + 2.0 * kuu) * (1.0 + 2.0 * kvv)));
    if (kind != numeric::ActivationKind::relu) return std::nan("");
    const double s = std::sqrt(kuu * kvv), c = std::clamp(kuv / s, -1.0, 1.0), theta = std::acos(c);
    return s / (2.0 * M_PI) * (std::sin(theta) + (M_PI - theta) * c);
}

// g_ab for every pair: in closed form (erf, ReLU) or from the Hermite/quadrature pair expectation (relative error
// ~1e-11).
std::vector<double> pair_values(const numeric::GaussianPairExpectation& gp, const Eigen::MatrixXd& k, const PairList& pl,
                                numeric::ActivationKind kind) {
    const auto m = static_cast<std::size_t>(k.rows());
    if (kind == numeric::ActivationKind::erf || kind == numeric::ActivationKind::relu) {
        std::vector<double> g(pl.ab.size());
        for (std::size_t p = 0; p < pl.ab.size(); ++p) {
            const auto a = static_cast<Eigen::Index>(pl.ab[p][0]), b = static_cast<Eigen::Index>(pl.ab[p][1]);
            g[p] = closed_form_pair(kind, k(a, a), k(a, b), k(b, b));
        }
        return g;
    }
    std::vector<numeric::HermitePoint> points;
    for (std::size_t a = 0; a < m; ++a) points.push_back(gp.expand(k(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(a))));
    std::vector<double> g(pl.ab.size());
    for (std::size_t p = 0; p < pl.ab.size(); ++p) {
        const auto [a, b] = pl.ab[p];
        g[p] = a == b ? points[a].norm
                      : gp.pair(points[a], points[b], k(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b))).value;
    }
    return g;
}

// The derivatives of every g_ab (layers ℓ ≥ 2 only: below, K1 and V vanish). Throws nnft::Error for a pair that
// is (numerically) collinear, where the derivative terms are not defined for kinked σ and lose all precision.
// Each pair alone, spread over the pool (the same bits, and the same first error, on any number of threads).
std::vector<PairDerivatives> pair_derivatives(const DeepGaussian& dg, const Eigen::MatrixXd& k, const PairList& pl, int layer,
                                              ItemPool& pool) {
    std::vector<PairDerivatives> d(pl.ab.size());
    pool.run(pl.ab.size(), [&](std::size_t p) {
        const auto [a, b] = pl.ab[p];
        const auto ia = static_cast<Eigen::Index>(a), ib = static_cast<Eigen::Index>(b);
        if (a == b) {
            d[p] = dg.diagonal(k(ia, ia));
            return;
        }
        const double rho = k(ia, ib) / std::sqrt(k(ia, ia) * k(ib, ib));
        if (1.0 - std::abs(rho) < 1e-10)
            throw Error("inputs " + std::to_string(a) + " and " + std::to_string(b) + " have correlation " +
                        std::to_string(rho) + " at hidden layer " + std::to_string(layer) +
                        ": the 1/N recursion needs distinct, non-collinear inputs; remove duplicates or use sigma_b > 0");
        d[p] = dg.pair(k(ia, ia), k(ia, ib), k(ib, ib));
    });
    return d;
}

// E[σ_aσ_bσ_cσ_d] under K, over the distinct indices with their multiplicities; `idx` sorted.
double four_point(const DeepGaussian& dg, const Eigen::MatrixXd& k, const std::array<std::size_t, 4>& idx) {
    std::array<std::size_t, 4> distinct{};
    std::array<int, 4> power{};
    int d = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        if (d > 0 && distinct[static_cast<std::size_t>(d - 1)] == idx[i]) {
            ++power[static_cast<std::size_t>(d - 1)];
            continue;
        }
        distinct[static_cast<std::size_t>(d)] = idx[i];
        power[static_cast<std::size_t>(d++)] = 1;
    }
    double cov[16];
    for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j)
            cov[i * d + j] = k(static_cast<Eigen::Index>(distinct[static_cast<std::size_t>(i)]),
                               static_cast<Eigen::Index>(distinct[static_cast<std::size_t>(j)]));
    return dg.product(cov, power.data(), d);
}

struct LayerContext {
    const numeric::GaussianPairExpectation& gp;
    const DeepGaussian& dg;
    const PairList& pl;
    std::size_t m;
    bool need_vertex;  // compute V (max_n 4, or a deeper layer's K1 needs it)
    ItemPool& pool;    // threads for the pair derivatives and the four-point expectations
};

// The number of distinct entries of a sorted quadruple (the dimension of its expectation).
int distinct_count(const std::array<std::size_t, 4>& q) {
    return 1 + (q[1] != q[0]) + (q[2] != q[1]) + (q[3] != q[2]);
}

// E[σ_aσ_bσ_cσ_d] for every sorted quadruple, each once (the three pairings of four distinct inputs share it),
// taken by the pool's threads from a shared counter, the costly four-dimensional ones first (each value is
// computed alone: the same bits on any number of threads).
std::unordered_map<std::uint64_t, double> four_points(const LayerContext& c, const Eigen::MatrixXd& k) {
    std::vector<std::array<std::size_t, 4>> list;
    for (std::size_t a = 0; a < c.m; ++a)
        for (std::size_t b = a; b < c.m; ++b)
            for (std::size_t d = b; d < c.m; ++d)
                for (std::size_t e = d; e < c.m; ++e) list.push_back({a, b, d, e});
    std::stable_sort(list.begin(), list.end(), [](const auto& x, const auto& y) { return distinct_count(x) > distinct_count(y); });
    std::vector<double> value(list.size());
    c.pool.run(list.size(), [&](std::size_t i) { value[i] = four_point(c.dg, k, list[i]); });
    std::unordered_map<std::uint64_t, double> out;
    for (std::size_t i = 0; i < list.size(); ++i) out.emplace(quadruple_key(list[i]), value[i]);
    return out;
}

// One unit's moments under N(0, K): the pair expectations, and the four-point ones when the vertex is needed.
UnitMoments gaussian_unit_moments(const LayerContext& c, const Eigen::MatrixXd& k) {
    UnitMoments u{pair_values(c.gp, k, c.pl, c.dg.activation().kind()), {}};
    if (c.need_vertex) u.quadruple = four_points(c, k);
    return u;
}

// The same-unit fourth cumulant of non-Gaussian weights (DeepLayer::unit_cumulant) as a share of each pairing:
// U_abcd/3 added to every V_(ab)(cd) gives the single unit's full fourth cumulant, which is all that K1 sees.
double unit_share(const DeepLayer& cur, const PairList& pl, std::size_t p, std::size_t q) {
    if (cur.unit_cumulant.empty()) return 0.0;
    std::array<std::size_t, 4> idx{pl.ab[p][0], pl.ab[p][1], pl.ab[q][0], pl.ab[q][1]};
    std::sort(idx.begin(), idx.end());
    return cur.unit_cumulant.at(idx) / 3.0;
}

// K1 of the next layer at one pair, before the factor C_W: Σ_p K1_p ∂_p g + ½ Σ_pq (V_pq + U_pq/3) ∂_p∂_q g.
double kernel_1_term(const DeepLayer& cur, const PairList& pl, const PairDerivatives& d, const PairParams& pp) {
    double s = 0.0;
    for (int i = 0; i < pp.count; ++i) {
        const auto [a, b] = pl.ab[pp.pair[static_cast<std::size_t>(i)]];
        const int si = pp.slot[static_cast<std::size_t>(i)];
        s += cur.kernel_1(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) * d.grad[static_cast<std::size_t>(si)];
        for (int j = 0; j < pp.count; ++j) {
            const int sj = pp.slot[static_cast<std::size_t>(j)];
            const std::size_t p = pp.pair[static_cast<std::size_t>(i)], q = pp.pair[static_cast<std::size_t>(j)];
            s += 0.5 * (cur.vertex(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q)) + unit_share(cur, pl, p, q)) *
                 d.hess[static_cast<std::size_t>(si)][static_cast<std::size_t>(sj)];
        }
    }
    return s;
}

// The propagated part of V at (p, q), before C_W²: Σ_{i∈p, j∈q} V_ij ∂_i g_p ∂_j g_q.
double vertex_propagated(const DeepLayer& cur, const PairDerivatives& dp, const PairParams& pp,
                         const PairDerivatives& dq, const PairParams& pq) {
    double s = 0.0;
    for (int i = 0; i < pp.count; ++i)
        for (int j = 0; j < pq.count; ++j)
            s += cur.vertex(static_cast<Eigen::Index>(pp.pair[static_cast<std::size_t>(i)]),
                            static_cast<Eigen::Index>(pq.pair[static_cast<std::size_t>(j)])) *
                 dp.grad[static_cast<std::size_t>(pp.slot[static_cast<std::size_t>(i)])] *
                 dq.grad[static_cast<std::size_t>(pq.slot[static_cast<std::size_t>(j)])];
    return s;
}

// Layer ℓ + 1 from layer ℓ (`layer` = ℓ, 1-based) and the moments of one unit of layer ℓ.
DeepLayer next_layer(const LayerContext& c, const DeepLayer& cur, const UnitMoments& unit, const LayerScales& s, int layer) {
    const std::size_t m = c.m, np = c.pl.ab.size();
    const std::vector<double>& g = unit.pair;
    const bool propagate = layer >= 2;  // K1 and V vanish on the first layer
    std::vector<PairDerivatives> d;
    std::vector<PairParams> params(np);
    if (propagate) d = pair_derivatives(c.dg, cur.kernel, c.pl, layer, c.pool);
    for (std::size_t p = 0; p < np; ++p) params[p] = params_of(c.pl.ab[p][0], c.pl.ab[p][1], m);
    DeepLayer next;
    const auto mi = static_cast<Eigen::Index>(m), pi = static_cast<Eigen::Index>(np);
    next.kernel.resize(mi, mi);
    next.kernel_1 = Eigen::MatrixXd::Zero(mi, mi);
    for (std::size_t p = 0; p < np; ++p) {
        const auto a = static_cast<Eigen::Index>(c.pl.ab[p][0]), b = static_cast<Eigen::Index>(c.pl.ab[p][1]);
        next.kernel(a, b) = next.kernel(b, a) = s.cb + s.cw * g[p];
        if (propagate) next.kernel_1(a, b) = next.kernel_1(b, a) = s.cw * kernel_1_term(cur, c.pl, d[p], params[p]);
    }
    next.vertex = Eigen::MatrixXd::Zero(c.need_vertex ? pi : 0, c.need_vertex ? pi : 0);
    if (!c.need_vertex) return next;
    const std::unordered_map<std::uint64_t, double>& e4 = unit.quadruple;
    for (std::size_t p = 0; p < np; ++p)
        for (std::size_t q = p; q < np; ++q) {
            const auto& ab = c.pl.ab[p];
            const auto& cd = c.pl.ab[q];
            double v = s.source * (e4.at(quadruple_key({ab[0], ab[1], cd[0], cd[1]})) - g[p] * g[q]);
            if (propagate) v += vertex_propagated(cur, d[p], params[p], d[q], params[q]);
            next.vertex(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q)) =
                next.vertex(static_cast<Eigen::Index>(q), static_cast<Eigen::Index>(p)) = s.cw * s.cw * v;
        }
    if (s.unit_kappa4 != 0.0)
        for (const auto& [key, value] : e4) next.unit_cumulant[quadruple_of(key)] = s.source * s.unit_kappa4 * value;
    return next;
}

// K^(1) = C_b + C_W x·x'/d_in on the inputs; K1 = V = 0.
DeepLayer first_layer(const NetworkSpec& net, const InputSet& in, bool need_vertex) {
    const std::size_t m = in.count(), d = in.d_in;
    const double cw = net.weights.sd() * net.weights.sd(), cb = net.biases.sd() * net.biases.sd();
    DeepLayer l;
    const auto mi = static_cast<Eigen::Index>(m);
    l.kernel.resize(mi, mi);
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = 0; b < m; ++b) {
            double dot = 0.0;
            for (std::size_t i = 0; i < d; ++i) dot += in.x[a * d + i] * in.x[b * d + i];
            l.kernel(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = cb + cw * dot / static_cast<double>(d);
        }
    l.kernel_1 = Eigen::MatrixXd::Zero(mi, mi);
    const auto np = static_cast<Eigen::Index>(m * (m + 1) / 2);
    l.vertex = Eigen::MatrixXd::Zero(need_vertex ? np : 0, need_vertex ? np : 0);
    return l;
}

// All layers ℓ = 1 … L+1 on one rule; `first` (non-Gaussian first-layer laws) replaces the first layer's
// Gaussian unit moments.
std::vector<DeepLayer> run_layers(const DeepExpansionConfig& c, const InputSet& inputs, detail::DeepRule rule,
                                  const UnitMoments* first, std::uint64_t layers_before, ItemPool& pool) {
    const numeric::GaussianPairExpectation gp(c.net.activation);
    const DeepGaussian dg(c.net.activation, c.kink_at_zero, rule);
    const PairList pl = pairs_of(inputs.count());
    const bool need_vertex = c.max_n >= 4 || c.net.depth >= 2;
    const LayerContext ctx{gp, dg, pl, inputs.count(), need_vertex, pool};
    std::vector<DeepLayer> layers{first_layer(c.net, inputs, need_vertex)};
    const auto depth = static_cast<int>(c.net.depth);
    for (int l = 1; l <= depth; ++l) {
        const ParameterLawPair laws = l < depth ? ParameterLawPair{c.net.weights, c.net.biases}
                                                : ParameterLawPair{c.net.output_weights, c.net.output_bias};
        const double source = static_cast<double>(c.net.width) / static_cast<double>(numeric::hidden_width(c.net, static_cast<std::size_t>(l)));
        const bool unit_term = !laws.weights.is_gaussian() && (l == depth || c.hidden_weight_cumulants);
        const double kappa4 = unit_term ? laws.weights.cumulant(4) : 0.0;
        const LayerScales s{laws.weights.sd() * laws.weights.sd(), laws.biases.sd() * laws.biases.sd(), source, kappa4};
        const UnitMoments unit = l == 1 && first ? *first : gaussian_unit_moments(ctx, layers.back().kernel);
        layers.push_back(next_layer(ctx, layers.back(), unit, s, l));
        report_progress(c.progress, layers_before + static_cast<std::uint64_t>(l), 2 * c.net.depth, "layers");
    }
    return layers;
}

// Layers of the one-direction run scaled to the inputs: K = C_b + s_a s_b (K₁ − C_b), K1 and V by Π s.
std::vector<DeepLayer> scale_layers(const std::vector<DeepLayer>& one, const std::vector<double>& s, double output_cb) {
    const std::size_t m = s.size(), np = m * (m + 1) / 2;
    const PairList pl = pairs_of(m);
    std::vector<DeepLayer> out;
    for (std::size_t l = 0; l < one.size(); ++l) {
        const double cb = l + 1 == one.size() ? output_cb : 0.0;
        DeepLayer d;
        const auto mi = static_cast<Eigen::Index>(m);
        d.kernel.resize(mi, mi);
        d.kernel_1.resize(mi, mi);
        for (std::size_t a = 0; a < m; ++a)
            for (std::size_t b = 0; b < m; ++b) {
                const auto ia = static_cast<Eigen::Index>(a), ib = static_cast<Eigen::Index>(b);
                d.kernel(ia, ib) = cb + s[a] * s[b] * (one[l].kernel(0, 0) - cb);
                d.kernel_1(ia, ib) = s[a] * s[b] * one[l].kernel_1(0, 0);
            }
        if (one[l].vertex.size() > 0) {
            d.vertex.resize(static_cast<Eigen::Index>(np), static_cast<Eigen::Index>(np));
            for (std::size_t p = 0; p < np; ++p)
                for (std::size_t q = 0; q < np; ++q)
                    d.vertex(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q)) =
                        s[pl.ab[p][0]] * s[pl.ab[p][1]] * s[pl.ab[q][0]] * s[pl.ab[q][1]] * one[l].vertex(0, 0);
        }
        if (!one[l].unit_cumulant.empty())
            for (std::size_t a = 0; a < m; ++a)
                for (std::size_t b = a; b < m; ++b)
                    for (std::size_t c = b; c < m; ++c)
                        for (std::size_t e = c; e < m; ++e)
                            d.unit_cumulant[{a, b, c, e}] = s[a] * s[b] * s[c] * s[e] * one[l].unit_cumulant.at({0, 0, 0, 0});
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

DeepExpansion deep_expansion(const DeepExpansionConfig& c) {
    validate(c);
    std::vector<double> scale;
    if (c.inputs.count() > 1 && c.net.biases.sd() == 0.0 && detail::positively_homogeneous(c.net.activation))
        scale = detail::ray_scales(c.inputs);
    InputSet run_inputs = c.inputs;
    if (!scale.empty()) {  // the one direction of the ray, scaled back below
        run_inputs.x.assign(c.inputs.x.begin(), c.inputs.x.begin() + static_cast<long>(c.inputs.d_in));
        for (double& v : run_inputs.x) v /= scale[0];
    }
    std::array<UnitMoments, 2> first;
    const bool non_gaussian = detail::non_gaussian_first_layer(c.net);
    if (non_gaussian) first = detail::first_layer_moments(c.net, run_inputs, c.max_n >= 4 || c.net.depth >= 2);
    DeepExpansion e;
    ItemPool pool(std::max(1u, c.threads));
    e.fine = run_layers(c, run_inputs, detail::fine_deep_rule(), non_gaussian ? &first[0] : nullptr, 0, pool);
    e.coarse = run_layers(c, run_inputs, detail::coarse_deep_rule(), non_gaussian ? &first[1] : nullptr, c.net.depth, pool);
    if (scale.empty()) return e;
    const double out_cb = c.net.output_bias.sd() * c.net.output_bias.sd();
    e.fine = scale_layers(e.fine, scale, out_cb);
    e.coarse = scale_layers(e.coarse, scale, out_cb);
    e.homogeneous_reduction = true;
    return e;
}

namespace detail {

std::uint64_t quadruple_key(std::array<std::size_t, 4> idx) {
    std::sort(idx.begin(), idx.end());
    std::uint64_t key = 0;
    for (std::size_t i : idx) key = key * 65536 + i;
    return key;
}

}  // namespace detail

std::size_t input_pair_index(std::size_t a, std::size_t b, std::size_t m) {
    if (a > b) std::swap(a, b);
    return a * (2 * m - a + 1) / 2 + (b - a);
}

}  // namespace nnft::sampler
