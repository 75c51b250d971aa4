#include "symbolic/lower.hpp"

#include "common/error.hpp"
#include "numeric/grid_contraction.hpp"
#include "numeric/lattice_contraction.hpp"
#include "numeric/multi_vertex.hpp"
#include "numeric/two_vertex_check.hpp"
#include "numeric/kernels.hpp"
#include "numeric/vertex_integral.hpp"
#include "numeric/vertex_integrand.hpp"
#include "symbolic/detail/lower_batches.hpp"
#include "symbolic/detail/lower_plan.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <sstream>
#include <tuple>

namespace nnft::symbolic {

namespace nm = nnft::numeric;

namespace {

using detail::Batches;
using detail::Factor;
using detail::MultiBatch;
using detail::MultiKey;
using detail::OneKey;
using detail::TwoKey;
using detail::VertexShape;

/// The batch key of a multi-vertex piece.
MultiKey multi_key(const Factor& f) {
    MultiKey k;
    for (const auto& p : f.points) {
        std::get<0>(k).push_back(p.shape);
        std::get<1>(k).push_back(p.legs.size());
    }
    std::get<2>(k) = f.graph;
    return k;
}

/// Node weight L(y)^loops |y|^weight for the vertex kernel.
nm::VertexWeight make_weight(const VertexShape& s, const nm::Kernel& kernel) {
    if (s.loops == 0 && s.weight == 0) return {};
    nm::VertexWeight diag = s.loops > 0 ? nm::weight_kernel_diagonal_power(kernel, s.loops) : nm::VertexWeight{};
    const int p = s.weight;
    return [diag, p](const nm::PointBlock& nodes, double* w) {
        if (diag) diag(nodes, w);
        else std::fill(w, w + nodes.count, 1.0);
        if (p == 0) return;
        for (std::size_t j = 0; j < nodes.count; ++j) {
            if (nodes.dim == 1) {
                w[j] *= std::pow(nodes.coords[j], p);
            } else {
                double r2 = 0;
                for (int k = 0; k < nodes.dim; ++k) r2 += nodes.coords[static_cast<std::size_t>(k) * nodes.count + j] * nodes.coords[static_cast<std::size_t>(k) * nodes.count + j];
                w[j] *= std::pow(r2, 0.5 * p);
            }
        }
    };
}

nm::Tuple legs_to_inputs(const std::vector<int>& legs, const nm::Tuple& tuple) {
    nm::Tuple t;
    for (int l : legs) t.push_back(tuple[l]);
    std::sort(t.begin(), t.end());
    return t;
}

int status_rank(nm::Status s) {
    switch (s) {
    case nm::Status::ok: return 0;
    case nm::Status::max_evaluations_reached: return 1;
    case nm::Status::not_converged: return 2;
    case nm::Status::diverged: return 3;
    }
    return 3;
}

void merge_status(LoweredValue& into, nm::Status s, const std::string& reason) {
    if (status_rank(s) > status_rank(into.status)) {
        into.status = s;
        into.reason = reason;
    }
}

/// How a batch's second rule appears in its reasons: its name, and the reason when the two rules disagree.
struct SecondRule {
    std::string name;          // "second rule (name): …" when the second rule itself failed
    std::string disagreement;  // the reason when both ran but disagree beyond their error estimates
};

/// The lattice contractions' second rule (two and multi-vertex pieces on lattice grids).
SecondRule alternate_lattice_rule() {
    return {"alternate lattice family",
            "the primary and alternate lattice (QMC) contractions disagree beyond their standard errors"};
}

/// The second-rule merge: a first rule that is ok takes the second rule's failure (its reason prefixed by the
/// rule's name) or, when the two disagree, not_converged; a first rule that failed keeps its own status.
void merge_second_rule(nm::Status& status, std::string& reason, nm::Status second_status,
                       const std::string& second_reason, bool agree, const SecondRule& rule) {
    if (status == nm::Status::ok && second_status != nm::Status::ok) {
        status = second_status;
        reason = "second rule (" + rule.name + "): " + second_reason;
    } else if (status == nm::Status::ok && !agree) {
        status = nm::Status::not_converged;
        reason = rule.disagreement;
    }
}

/// The merge for a batch of entries (two- and multi-vertex cross-checks): each entry's error widens to the
/// discrepancy where the rules disagree, then the batch's status takes the second rule's verdict.
template <class Result, class Check>
void merge_second_rule(Result& first, const Check& cc, const SecondRule& rule) {
    for (Eigen::Index i = 0; i < first.value.rows(); ++i)
        for (Eigen::Index j = 0; j < first.value.cols(); ++j)
            if (!cc.agree(i, j)) first.error(i, j) = std::max(first.error(i, j), cc.discrepancy(i, j));
    merge_second_rule(first.status, first.reason, cc.second.status, cc.second.reason, cc.all_agree(), rule);
}


/// What every batch's integration shares: the vertex kernel, the inputs, the domain and both rules.
struct RuleSet {
    const nm::Kernel& vertex;
    const nm::PointSet& inputs;
    const std::optional<nm::Domain>& domain;  // set whenever a term has an internal point
    const LoweringOptions& options;
    bool lattice = false;               // internal-point grids: shifted lattices (QMC), not tensor Gauss–Legendre
    nm::IntegratorOptions qmc;          // lattice ladders stop at the QMC tolerance
    nm::IntegratorOptions second;       // one and two vertices: the direct check_method rule
    nm::IntegratorOptions multi_second; // three or more points: a second ladder from another Gauss–Legendre order
};

/// Counts the finished batches for the progress observer (LoweringOptions::progress).
struct BatchProgress {
    const ProgressFn& observer;
    std::uint64_t total = 0, done = 0;
    void step() { report_progress(observer, ++done, total, "integral batches"); }
    /// The same count again, between steps of one batch's integration (IntegratorOptions::heartbeat).
    void beat() const { report_progress(observer, done, total, "integral batches"); }
};

/// Each tuple has c.points indices into the inputs; throws nnft::Error otherwise.
void check_tuples(const Correlator& c, const nm::PointSet& inputs, const std::vector<nm::Tuple>& tuples) {
    for (const auto& t : tuples) {
        if (static_cast<int>(t.size()) != c.points)
            throw Error("a tuple has " + std::to_string(t.size()) + " indices but the correlator has " +
                        std::to_string(c.points) + " points");
        for (int i : t)
            if (i < 0 || i >= static_cast<int>(inputs.size()))
                throw Error("tuple index " + std::to_string(i) + " is outside the " + std::to_string(inputs.size()) + " inputs");
    }
}

/// The batches of every vertex factor of every term at every tuple (no integration yet).
Batches collect_batches(const std::vector<std::vector<Factor>>& plans, const std::vector<nm::Tuple>& tuples) {
    Batches b;
    for (const auto& plan : plans)
        for (const auto& f : plan)
            for (const auto& t : tuples) {
                if (f.kind == Factor::Kind::one_vertex) b.one[OneKey{f.y.shape, f.y.legs.size()}][legs_to_inputs(f.y.legs, t)];
                if (f.kind == Factor::Kind::two_vertex) {
                    if (f.y.legs.empty() || f.z.legs.empty())
                        throw Error("a term has an internal point without external legs (a tadpole on an internal line, "
                                    "e.g. Int(K(x1,y) K(x2,y) L(z) K(y,z)^2) in G2 at lambda^2); two-vertex integrals "
                                    "need external legs at both points and this term is not supported yet: drop "
                                    "self-energy insertions with --no-self-energy");
                    auto& g = b.two[TwoKey{f.y.shape, f.z.shape, f.lines}];
                    g.first.emplace(legs_to_inputs(f.y.legs, t), static_cast<int>(g.first.size()));
                    g.second.emplace(legs_to_inputs(f.z.legs, t), static_cast<int>(g.second.size()));
                }
                if (f.kind == Factor::Kind::multi_vertex) {
                    auto& m = b.multi[multi_key(f)];
                    m.legs.resize(f.points.size());
                    for (std::size_t a = 0; a < f.points.size(); ++a)
                        m.legs[a].emplace(legs_to_inputs(f.points[a].legs, t), static_cast<int>(m.legs[a].size()));
                }
            }
    return b;
}

/// The rules' options; throws nnft::Error when the QMC tolerance is outside (0, 1).
RuleSet make_rules(const nm::Kernel& vertex, const nm::PointSet& inputs, const std::optional<nm::Domain>& domain,
                   const LoweringOptions& options) {
    RuleSet r{vertex, inputs, domain, options, uses_lattice_grids(options), options.integrator, options.integrator,
              options.integrator};
    if (!(options.qmc_rel_tol > 0 && options.qmc_rel_tol < 1)) throw Error("the QMC tolerance must lie in (0, 1)");
    r.qmc.rel_tol = std::max(options.integrator.rel_tol, options.qmc_rel_tol);
    r.second.method = options.check_method;
    r.second.rel_tol = std::max(options.integrator.rel_tol, options.check_rel_tol);
    r.multi_second.gl_order = options.integrator.gl_order + 3;
    r.multi_second.rel_tol = std::max(options.integrator.rel_tol, options.check_rel_tol);
    return r;
}

/// Size check of both rules of every two- and multi-vertex batch before any integration (throws nnft::Error
/// naming the fix); sets the multi-vertex batches' points and lines.
void check_sizes(Batches& b, const RuleSet& rules) {
    // Lines between internal points put every near-diagonal pair of the grids near |ρ| = 1, where a quadrature
    // kernel of a smooth activation takes the nested rule (~0.3 ms a pair) but a kinked one the polar rule (~20 ms):
    // refuse the kinked ones before the work (docs/methods/kernels.md, "Cost and limits"). Kinked σ linear on each
    // side of 0 have a closed-form kernel (Activation::kink_slopes) and pass.
    if (!rules.vertex.cheap_near_diagonal() && (!b.two.empty() || !b.multi.empty()))
        throw Error("terms with lines between vertices (second order and beyond) need a smooth activation or a "
                    "closed-form kernel; " + rules.vertex.spec().activation.name() + " has a kink and is not linear on "
                    "each side of a kink at 0, so its kernel is a quadrature whose pairs near |rho| = 1 take minutes per "
                    "integral (the rule for smooth activations misses its target there). Kinked activations that are "
                    "linear on each side of 0 (relu, leaky_relu:a, abs(x), a*x + b*max(0,x)) have a closed-form kernel "
                    "and are supported: use one of those, --order lambda=1 (or kappa=1), a smooth activation (gelu, "
                    "silu, softplus, tanh, an expression without kinks), or --net erf|relu|gauss");
    if (rules.lattice)
        for (const auto& [key, sides] : b.two) {
            // Size of both lattice rules (the sides' tuples as two points, one line).
            std::vector<nm::VertexPoint> pts(2);
            pts[0].legs.assign(sides.first.size(), nm::Tuple{});
            pts[1].legs.assign(sides.second.size(), nm::Tuple{});
            for (auto family : {nm::LatticeFamily::primary, nm::LatticeFamily::alternate})
                nm::check_lattice_size(pts, {{0, 1, std::get<2>(key)}}, rules.qmc, family);
        }
    for (const auto& [key, batch] : b.multi) {
        auto& [points, lines] = b.multi_inputs[key];
        points.resize(batch.legs.size());
        for (std::size_t a = 0; a < points.size(); ++a) {
            points[a].legs.assign(batch.legs[a].size(), nm::Tuple{});
            for (const auto& [t, i] : batch.legs[a]) points[a].legs[static_cast<std::size_t>(i)] = t;
            points[a].weight = make_weight(std::get<0>(key)[a], rules.vertex);
        }
        for (const auto& [a, c, m] : std::get<2>(key)) lines.push_back({a, c, m});
        if (rules.lattice) {
            for (auto family : {nm::LatticeFamily::primary, nm::LatticeFamily::alternate})
                nm::check_lattice_size(points, lines, rules.qmc, family);
        } else {
            nm::check_multi_vertex_size(points, lines, *rules.domain, rules.options.integrator);
            nm::check_multi_vertex_size(points, lines, *rules.domain, rules.multi_second);
        }
    }
}

/// The predicted time of the batches (detail::estimate_work) into `out`; throws nnft::SizeLimitError when the
/// certain part exceeds options.max_seconds.
void check_time(const Batches& b, const RuleSet& rules, LoweredCorrelator& out) {
    if (!rules.domain) return;  // only propagators: nothing to integrate
    const detail::WorkEstimate w = detail::estimate_work(
        b, {*rules.domain, rules.options.integrator, rules.second, rules.multi_second, rules.qmc, rules.lattice,
            detail::kernel_value_seconds(rules.vertex, *rules.domain)});
    out.estimated_seconds = w.seconds_certain();
    out.estimated_seconds_most = w.seconds_most();
    const double limit = rules.options.max_seconds;
    if (!(limit > 0.0)) throw Error("--max-seconds must be a positive number of seconds");
    if (out.estimated_seconds > limit) {
        std::ostringstream os;
        os.precision(3);
        os << "the integrals would take at least about " << out.estimated_seconds << " s on one core (at most "
           << out.estimated_seconds_most << " s; limit " << limit << " s, --max-seconds): lower the order or --din, "
           << "select fewer tuples (--tuples '0,1,2,3') or inputs, or raise --max-seconds";
        throw SizeLimitError(os.str(), out.estimated_seconds);
    }
    if (rules.options.on_estimate) rules.options.on_estimate(out.estimated_seconds, out.estimated_seconds_most);
}

/// One-vertex batches, each one cross-checked pass over its tuples; returns the evaluations spent.
long long run_one_vertex(Batches& b, const RuleSet& rules, BatchProgress& progress) {
    long long evaluations = 0;
    for (auto& [key, results] : b.one) {
        std::vector<nm::Tuple> list;
        for (const auto& [t, r] : results) list.push_back(t);
        const nm::CrossCheck cc = nm::cross_check_vertex(rules.vertex, rules.inputs, list, *rules.domain,
                                                         rules.options.integrator, rules.second,
                                                         make_weight(key.first, rules.vertex));
        const SecondRule rule{nm::to_string(cc.second_method), "the " + nm::to_string(cc.first_method) + " and " +
                                                                  nm::to_string(cc.second_method) +
                                                                  " rules disagree beyond their error estimates"};
        for (std::size_t i = 0; i < list.size(); ++i) {
            nm::IntegrationResult r = cc.first[i];
            if (!cc.agree[i]) r.error = std::max(r.error, cc.discrepancy[i]);
            merge_second_rule(r.status, r.reason, cc.second[i].status, cc.second[i].reason, cc.agree[i], rule);
            results[list[i]] = r;
            evaluations += cc.first[i].evaluations + cc.second[i].evaluations;
        }
        progress.step();
    }
    return evaluations;
}

/// Two-vertex batches: grid contraction confirmed entry by entry by the direct 2·d_in-dimensional integral, or
/// with lattice grids the primary lattice rule confirmed by the alternate family; returns the evaluations spent.
long long run_two_vertex(Batches& b, const RuleSet& rules, BatchProgress& progress) {
    long long evaluations = 0;
    for (auto& [key, sides] : b.two) {
        const auto& [sy, sz, lines] = key;
        std::vector<nm::Tuple> left(sides.first.size()), right(sides.second.size());
        for (const auto& [t, i] : sides.first) left[i] = t;
        for (const auto& [t, i] : sides.second) right[i] = t;
        const nm::Kernel& vertex = rules.vertex;
        const nm::TwoVertexCrossCheck cc =
            rules.lattice ? nm::cross_check_two_vertex_lattice(vertex, rules.inputs, left, right, lines, *rules.domain,
                                                               rules.qmc, make_weight(sy, vertex), make_weight(sz, vertex))
                          : nm::cross_check_two_vertex(vertex, rules.inputs, left, right, lines, *rules.domain,
                                                       rules.options.integrator, rules.second, make_weight(sy, vertex),
                                                       make_weight(sz, vertex));
        nm::TwoVertexResult r = cc.first;
        merge_second_rule(r, cc,
                          rules.lattice ? alternate_lattice_rule()
                                        : SecondRule{"direct " + nm::to_string(cc.second_method),
                                                     "the grid contraction and the direct " + nm::to_string(cc.second_method) +
                                                         " integral disagree beyond their error estimates"});
        evaluations += cc.first.evaluations + cc.second.evaluations;
        b.two_results[key] = r;
        progress.step();
    }
    return evaluations;
}

/// Three or more internal points: grid contraction as a tensor network on order-refined Gauss–Legendre grids
/// (levels of 10·s points per segment), confirmed by a second ladder from another order (13·s points, so no grid
/// is shared); the direct k·d_in-dimensional integral is too costly to be the check at 1e-8. Returns the
/// evaluations spent.
long long run_multi_vertex(Batches& b, const RuleSet& rules, BatchProgress& progress) {
    long long evaluations = 0;
    for (auto& [key, batch] : b.multi) {
        const auto& [points, lines] = b.multi_inputs.at(key);
        const nm::MultiVertexCrossCheck cc =
            rules.lattice ? nm::cross_check_multi_vertex_lattice(rules.vertex, rules.inputs, points, lines, *rules.domain,
                                                                 rules.qmc)
                          : nm::cross_check_multi_vertex(rules.vertex, rules.inputs, points, lines, *rules.domain,
                                                         rules.options.integrator, rules.multi_second);
        batch.value = cc.first.value;
        batch.error = cc.first.error;
        batch.status = cc.first.status;
        batch.reason = cc.first.reason;
        merge_second_rule(batch, cc,
                          rules.lattice ? alternate_lattice_rule()
                                        : SecondRule{"Gauss-Legendre order " + std::to_string(rules.multi_second.gl_order),
                                                     "the grid contractions from Gauss-Legendre orders " +
                                                         std::to_string(rules.options.integrator.gl_order) + " and " +
                                                         std::to_string(rules.multi_second.gl_order) +
                                                         " disagree beyond their error estimates"});
        evaluations += cc.first.evaluations + cc.second.evaluations;
        progress.step();
    }
    return evaluations;
}

/// One term at one tuple: its coefficient times the product of its factors' values; errors propagate linearly.
LoweredValue assemble_term(const std::vector<Factor>& plan, double coef, const Batches& b, const nm::Kernel& full,
                           const nm::PointSet& inputs, const nm::Tuple& t) {
    std::vector<double> v, e;
    LoweredValue term;
    for (const auto& f : plan) {
        if (f.kind == Factor::Kind::propagator) {
            const auto xa = inputs.point(static_cast<std::size_t>(t[f.a]));
            const auto xb = inputs.point(static_cast<std::size_t>(t[f.b]));
            v.push_back(full(xa, xb));
            e.push_back(0.0);
        } else if (f.kind == Factor::Kind::one_vertex) {
            const auto& r = b.one.at(OneKey{f.y.shape, f.y.legs.size()}).at(legs_to_inputs(f.y.legs, t));
            v.push_back(r.value);
            e.push_back(r.error);
            merge_status(term, r.status, r.reason);
        } else if (f.kind == Factor::Kind::multi_vertex) {
            const auto& m = b.multi.at(multi_key(f));
            std::vector<int> idx;
            for (std::size_t a = 0; a < f.points.size(); ++a) idx.push_back(m.legs[a].at(legs_to_inputs(f.points[a].legs, t)));
            const Eigen::Index pos = m.entry(idx);
            v.push_back(m.value(pos));
            e.push_back(m.error(pos));
            merge_status(term, m.status, m.reason);
        } else {
            const TwoKey key{f.y.shape, f.z.shape, f.lines};
            const auto& sides = b.two.at(key);
            const auto& r = b.two_results.at(key);
            const int i = sides.first.at(legs_to_inputs(f.y.legs, t)), j = sides.second.at(legs_to_inputs(f.z.legs, t));
            v.push_back(r.value(i, j));
            e.push_back(r.error(i, j));
            merge_status(term, r.status, r.reason);
        }
    }
    double prod = coef, err = 0;
    for (std::size_t i = 0; i < v.size(); ++i) prod *= v[i];
    for (std::size_t i = 0; i < v.size(); ++i) {
        double others = std::abs(coef) * e[i];
        for (std::size_t j = 0; j < v.size(); ++j)
            if (j != i) others *= std::abs(v[j]);
        err += others;
    }
    term.value = prod;
    term.error = err;
    return term;
}

}  // namespace

LoweredCorrelator evaluate_correlator(const Correlator& c, const nm::PointSet& inputs, const std::vector<nm::Tuple>& tuples,
                                      const LoweringOptions& options) {
    nm::KernelSpec full_spec = options.kernel;
    full_spec.eft = false;
    nm::KernelSpec vertex_spec = options.kernel;
    vertex_spec.eft = !options.keep_bias;
    const nm::Kernel full(full_spec), vertex(vertex_spec);
    nm::validate_points(inputs, options.kernel.d_in, "--inputs");
    check_tuples(c, inputs, tuples);
    // Plan: each term's factors, and every vertex integral they need batched over all tuples in one cross-checked pass.
    std::vector<std::vector<Factor>> plans;
    bool needs_domain = false;
    for (const auto& term : c.terms) {
        plans.push_back(detail::plan_term(term.diagram, c.theory));
        for (const auto& f : plans.back()) needs_domain = needs_domain || f.kind != Factor::Kind::propagator;
    }
    Batches batches = collect_batches(plans, tuples);
    std::optional<nm::Domain> domain;
    if (needs_domain) domain = nm::vertex_domain(vertex_spec, inputs, options.cutoff);
    BatchProgress progress{options.progress, batches.one.size() + batches.two.size() + batches.multi.size()};
    LoweringOptions with_heartbeat = options;  // the observer hears from inside long batches too
    if (options.progress) with_heartbeat.integrator.heartbeat = [&progress] { progress.beat(); };
    const RuleSet rules = make_rules(vertex, inputs, domain, with_heartbeat);
    check_sizes(batches, rules);
    LoweredCorrelator out;
    check_time(batches, rules, out);
    // Run: every batch with its first rule, confirmed by its second.
    out.evaluations += run_one_vertex(batches, rules, progress);
    out.evaluations += run_two_vertex(batches, rules, progress);
    out.evaluations += run_multi_vertex(batches, rules, progress);
    // Assemble: each term is its coefficient times the product of its factors.
    for (const auto& t : tuples) {
        LoweredTuple lt;
        lt.indices = t;
        for (std::size_t k = 0; k < plans.size(); ++k) {
            const double coef = GiNaC::ex_to<GiNaC::numeric>(c.terms[k].coefficient).to_double();
            lt.terms.push_back(assemble_term(plans[k], coef, batches, full, inputs, t));
        }
        out.tuples.push_back(std::move(lt));
    }
    // A quadrature kernel's relative error ε enters each term once per line (first order in ε).
    out.kernel_relative_error = std::max(full.max_relative_error(), vertex.max_relative_error());
    for (auto& lt : out.tuples)
        for (std::size_t k = 0; k < plans.size(); ++k) {
            const double lines = static_cast<double>(c.terms[k].diagram.edges.size());
            lt.terms[k].error += lines * out.kernel_relative_error * std::abs(lt.terms[k].value);
        }
    return out;
}

std::vector<std::pair<std::map<std::string, int>, LoweredValue>> values_by_coupling(const Correlator& c,
                                                                                   const LoweredTuple& t) {
    std::vector<std::pair<std::map<std::string, int>, LoweredValue>> out;
    for (std::size_t k = 0; k < c.terms.size(); ++k) {
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == c.terms[k].couplings; });
        if (it == out.end()) {
            out.emplace_back(c.terms[k].couplings, LoweredValue{});
            it = std::prev(out.end());
        }
        it->second.value += t.terms[k].value;
        it->second.error += t.terms[k].error;
        merge_status(it->second, t.terms[k].status, t.terms[k].reason);
    }
    return out;
}

}  // namespace nnft::symbolic
