#include "eft/six_point.hpp"

#include "common/error.hpp"
#include "numeric/tuples.hpp"

#include <algorithm>
#include <cmath>

namespace nnft::eft {

namespace {

/// Lower `request` at the sorted tuples and return, per coupling monomial, value and error per tuple.
std::map<std::map<std::string, int>, std::pair<Eigen::VectorXd, Eigen::VectorXd>> lowered_by_coupling(
    const symbolic::CorrelatorRequest& request, const FitSettings& st, const sampler::InputSet& inputs,
    const std::vector<numeric::Tuple>& tuples) {
    const symbolic::Correlator c = symbolic::build_correlator(request);
    symbolic::LoweringOptions lo = lowering_options(st, inputs);
    // The second rule confirms each two-vertex entry by the direct 2·d_in-dimensional adaptive integral; at
    // 1e-8 its region store runs out for the non-decaying Erf kernel on [−100, 100]², so confirm to 1e-6
    // (ample for fits whose data and residuals are compared at the 1e-4 level or above).
    lo.check_rel_tol = std::max(lo.check_rel_tol, 1e-6);
    const auto lc = symbolic::evaluate_correlator(c, sampler::to_point_set(inputs), tuples, lo);
    std::map<std::map<std::string, int>, std::pair<Eigen::VectorXd, Eigen::VectorXd>> out;
    const auto n = static_cast<Eigen::Index>(tuples.size());
    for (const auto& o : request.orders) out[o] = {Eigen::VectorXd::Zero(n), Eigen::VectorXd::Zero(n)};
    for (std::size_t t = 0; t < tuples.size(); ++t)
        for (const auto& [couplings, v] : symbolic::values_by_coupling(c, lc.tuples[t])) {
            if (v.status != numeric::Status::ok)
                throw Error("a 6-point integral at cutoff " + std::to_string(st.cutoff) + " did not converge (" +
                            numeric::to_string(v.status) + ": " + v.reason + "); use a smaller finite cutoff");
            out[couplings].first(static_cast<Eigen::Index>(t)) = v.value;
            out[couplings].second(static_cast<Eigen::Index>(t)) = v.error;
        }
    return out;
}

/// One input set prepared for the 6-point fits: structures and G6_con data on the distinct sorted tuples.
struct Prepared6 {
    const SixPointColumns* columns = nullptr;  ///< structures (not owned)
    Eigen::VectorXd value, error;              ///< G6_con
    Eigen::MatrixXd jackknife;                 ///< G6_con per jackknife group, tuples × G (empty for exact data)
};

Prepared6 prepare6(const SixPointColumns& columns, const G6Data& data) {
    Prepared6 p;
    p.columns = &columns;
    lookup_tuples(data.connected, columns.tuples, "G6_con", p.value, p.error);
    p.jackknife = lookup_jackknife(data.connected, columns.tuples, "G6_con");
    if ((p.value.array() == 0).any()) throw Error("the data contain G6_con = 0 exactly; MAPE is undefined there");
    return p;
}

RatioSummary summarise(const Eigen::VectorXd& predicted, const Eigen::VectorXd& measured) {
    RatioSummary s;
    const Eigen::ArrayXd r = predicted.array() / measured.array();
    s.count = static_cast<std::size_t>(r.size());
    s.mean = r.mean();
    s.spread = r.size() > 1 ? std::sqrt((r - s.mean).square().sum() / static_cast<double>(r.size() - 1)) : 0.0;
    s.min = r.minCoeff();
    s.max = r.maxCoeff();
    return s;
}

const SixPointModel& model_named(const SixPointFit& f, const std::string& name) {
    for (const auto& m : f.models)
        if (m.name == name) return m;
    throw InternalError("six-point model " + name + " missing");
}

}  // namespace

G6Data exact_g6(const sampler::NetworkSpec& net, const sampler::InputSet& inputs) { return g6_from_correlators(exact_tables(net, inputs, 6)); }

G6Data g6_from_correlators(const sampler::Correlators& c) {
    G6Data d;
    d.connected = c.table("g6_connected");
    d.full = c.table("g6");
    if (d.connected.empty() || d.full.empty())
        throw Error("the data have no 6-point tables (g6, g6_connected): produce them with nnft sample/exact --max-n 6");
    return d;
}

SixPointColumns six_point_columns(const FitSettings& st, const sampler::InputSet& inputs) {
    SixPointColumns cols;
    cols.tuples = numeric::sorted_tuples(static_cast<int>(inputs.count()), 6);
    // Connected G6 at O(1/N²): the κ vertex and the λ0² tree exchange (no self-energy insertions, which
    // the quadratic counterterm cancels since G2 = K exactly).
    symbolic::CorrelatorRequest con;
    con.theory = diagrams::parse_theory("lambda0*f^4 + kappa*f^6");
    con.points = 6;
    con.orders = {{{"lambda0", 2}}, {{"kappa", 1}}};
    con.filter.connected = true;
    con.filter.no_self_energy = true;
    auto c = lowered_by_coupling(con, st, inputs, cols.tuples);
    std::tie(cols.tree, cols.tree_error) = c.at({{"lambda0", 2}});
    std::tie(cols.kappa, cols.kappa_error) = c.at({{"kappa", 1}});
    // Full G6 at O(1/N): the Gaussian Wick sum and the disconnected K × λ0-vertex terms.
    symbolic::CorrelatorRequest full;
    full.theory = diagrams::parse_theory("lambda0*f^4");
    full.points = 6;
    full.orders = {{}, {{"lambda0", 1}}};
    full.filter.no_self_energy = true;
    auto f = lowered_by_coupling(full, st, inputs, cols.tuples);
    cols.gaussian = f.at({}).first;
    std::tie(cols.disconnected, cols.disconnected_error) = f.at({{"lambda0", 1}});
    return cols;
}

CouplingValue quartic_coupling(const FitSettings& settings, const G4Data& train) {
    FitSettings st = settings;
    st.models = {"M1"};
    const ModelFit m = fit_couplings(st, train, train).front();
    if (!m.problem.empty()) throw Error("the quartic coupling could not be fitted: " + m.problem);
    CouplingValue v{m.fit.coefficients(0), m.fit.standard_errors(0)};
    const Eigen::MatrixXd& jk = m.fit.jackknife_coefficients;
    if (jk.size() > 0) {
        v.jackknife.assign(jk.data(), jk.data() + jk.cols());  // p = 1: row 0 is contiguous
        v.error_independent = m.fit.independent_errors(0);
    }
    return v;
}

namespace {

SixPointFit fit_prepared(const FitSettings& st, const CouplingValue& lambda0, const Prepared6& train, const Prepared6& test) {
    const double l2 = lambda0.value * lambda0.value;
    Eigen::VectorXd w;
    if (st.weighted) {
        if ((train.error.array() <= 0).any())
            throw Error("--weights errors needs data with non-zero errors (sampled data); exact data have none");
        w = train.error.cwiseAbs2().cwiseInverse();
    }
    SixPointFit out;
    out.lambda0 = lambda0;
    const std::vector<std::pair<std::string, bool>> kinds = {{"gp", false}, {"tree", true}, {"kappa", false}, {"tree+kappa", true}, {"free", false}};
    for (const auto& [name, with_tree] : kinds) {
        SixPointModel m;
        m.name = name;
        m.tree = with_tree;
        if (name == "kappa" || name == "tree+kappa") m.operators = {"kappa"};
        if (name == "free") m.operators = {"lambda0_sq", "kappa"};
        const double t = with_tree ? l2 : 0.0;
        const SixPointColumns &ctr = *train.columns, &cte = *test.columns;
        Eigen::VectorXd pred_train = t * ctr.tree, pred_test = t * cte.tree;
        if (!m.operators.empty()) {
        
            Eigen::MatrixXd a_tr(ctr.tree.size(), static_cast<Eigen::Index>(m.operators.size()));
            Eigen::MatrixXd a_te(cte.tree.size(), a_tr.cols());
            for (std::size_t j = 0; j < m.operators.size(); ++j) {
                const bool is_tree = m.operators[j] == "lambda0_sq";
                a_tr.col(static_cast<Eigen::Index>(j)) = is_tree ? ctr.tree : ctr.kappa;
                a_te.col(static_cast<Eigen::Index>(j)) = is_tree ? cte.tree : cte.kappa;
            }
            try {
                m.fit = numeric::least_squares(a_tr, train.value - pred_train, m.operators, w);
            } catch (const Error& e) {
                m.problem = e.what();
                out.models.push_back(std::move(m));
                continue;
            }
            pred_train += a_tr * m.fit.coefficients;
            pred_test += a_te * m.fit.coefficients;
            const auto k = static_cast<Eigen::Index>(m.operators.size() - 1);  // κ is the last operator
            double dkappa_dlambda0 = 0.0;
            if (with_tree) {
                // κ̂ = P (b − λ0² t): ∂κ̂/∂λ0 = −2 λ0 (P t), P t being the same fit applied to the tree column.
                const numeric::LinearFit pt = numeric::least_squares(a_tr, ctr.tree, m.operators, w);
                dkappa_dlambda0 = std::abs(2.0 * lambda0.value * pt.coefficients(k));
                m.kappa_error_lambda0 = dkappa_dlambda0 * lambda0.error;
            }
            m.kappa_error = std::hypot(m.fit.standard_errors(k), m.kappa_error_lambda0);
            const Eigen::Index groups = train.jackknife.cols();
            if (groups > 0 && (!with_tree || static_cast<Eigen::Index>(lambda0.jackknife.size()) == groups)) {
                Eigen::MatrixXd b = train.jackknife;
                for (Eigen::Index g = 0; with_tree && g < groups; ++g) {
                    const double lg = lambda0.jackknife[static_cast<std::size_t>(g)];
                    b.col(g) -= lg * lg * ctr.tree;
                }
                numeric::apply_jackknife(m.fit, a_tr, b, m.operators, w);
                m.kappa_error = m.fit.standard_errors(k);
                m.kappa_error_independent = std::hypot(m.fit.independent_errors(k), dkappa_dlambda0 * lambda0.error_independent);
            }
        }
        m.train = fit_metrics(train.value, pred_train);
        m.test = fit_metrics(test.value, pred_test);
        out.models.push_back(std::move(m));
    }
    return out;
}

}  // namespace

SixPointFit fit_six_point(const FitSettings& st, const CouplingValue& lambda0, const G6Data& train_data, const G6Data& test_data) {
    if (st.train.d_in != st.test.d_in) throw Error("train and test inputs must have the same d_in");
    return fit_six_point(st, lambda0, six_point_columns(st, st.train), train_data, six_point_columns(st, st.test), test_data);
}

SixPointFit fit_six_point(const FitSettings& st, const CouplingValue& lambda0, const SixPointColumns& train_columns,
                          const G6Data& train_data, const SixPointColumns& test_columns, const G6Data& test_data) {
    return fit_prepared(st, lambda0, prepare6(train_columns, train_data), prepare6(test_columns, test_data));
}

std::vector<SixPointPrediction> six_point_predictions(const FitSettings& settings, const std::vector<double>& cutoffs,
                                                      const G4Data& train4, const G6Data& train6, const G6Data& test6) {
    if (cutoffs.empty()) throw Error("give at least one cutoff for the 6-point predictions");
    std::vector<SixPointPrediction> out;
    for (double cutoff : cutoffs) {
        if (!(cutoff > 0)) throw Error("cutoffs must be positive (or infinity)");
        FitSettings st = settings;
        st.cutoff = cutoff;
        SixPointPrediction p;
        p.cutoff = cutoff;
        p.lambda0 = quartic_coupling(st, train4);
        const SixPointColumns train_columns = six_point_columns(st, st.train), test_columns = six_point_columns(st, st.test);
        const SixPointFit fit = fit_six_point(st, p.lambda0, train_columns, train6, test_columns, test6);
        const SixPointModel& tk = model_named(fit, "tree+kappa");
        if (!tk.problem.empty()) throw Error("kappa could not be fitted at cutoff " + std::to_string(cutoff) + ": " + tk.problem);
        p.kappa = {tk.fit.coefficients(0), tk.kappa_error};
        const SixPointColumns& cols = test_columns;
        Eigen::VectorXd g6, g6e, con, cone;
        lookup_tuples(test6.full, cols.tuples, "G6", g6, g6e);
        lookup_tuples(test6.connected, cols.tuples, "G6_con", con, cone);
        const Eigen::VectorXd disc = p.lambda0.value * cols.disconnected;
        const Eigen::VectorXd tree = p.lambda0.value * p.lambda0.value * cols.tree;
        const Eigen::VectorXd connected = tree + p.kappa.value * cols.kappa;
        const Eigen::VectorXd ng = g6 - cols.gaussian;
        p.full_lambda = summarise(cols.gaussian + disc, g6);
        p.full_all = summarise(cols.gaussian + disc + connected, g6);
        p.nongaussian_lambda = summarise(disc, ng);
        p.nongaussian_all = summarise(disc + connected, ng);
        p.connected_tree = summarise(tree, con);
        p.connected_all = summarise(connected, con);
        out.push_back(p);
    }
    return out;
}

}  // namespace nnft::eft
