#include "eft/coupling_fit.hpp"
#include "sampler/deep_expansion.hpp"
#include "symbolic/activation_expression.hpp"

#include "common/error.hpp"
#include "numeric/kernel_spec.hpp"
#include "numeric/tuples.hpp"
#include "sampler/exact.hpp"
#include "symbolic/lower.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nnft::eft {

namespace {

const std::vector<std::string>& kOperators = fit_operators();

std::vector<std::string> model_operators(const std::string& model) {
    if (model == "M0") return {};
    if (model == "M1") return {"lambda0"};
    if (model == "M2") return {"lambda0", "lambda2"};
    if (model == "M3") return {"lambda0", "lambda2", "lambda_nl"};
    throw Error("unknown model '" + model + "': use M0, M1, M2 or M3");
}


/// Operator columns (coefficient included: −24∫ΠK, −24∫y²ΠK, −8Σ∫∫) for all ordered 4-tuples.
Eigen::MatrixXd operator_columns(const FitSettings& st, const sampler::InputSet& inputs, const std::vector<numeric::Tuple>& tuples) {
    symbolic::CorrelatorRequest r;
    r.theory = diagrams::parse_theory("lambda0*f^4 + lambda2*x^2*f^4 + lambda_nl*f(x)^2*f(y)^2");
    r.points = 4;
    r.orders = {{{"lambda0", 1}}, {{"lambda2", 1}}, {{"lambda_nl", 1}}};
    r.filter.connected = true;
    const symbolic::Correlator c = symbolic::build_correlator(r);
    const symbolic::LoweringOptions lo = lowering_options(st, inputs);
    const auto lc = symbolic::evaluate_correlator(c, sampler::to_point_set(inputs), tuples, lo);
    Eigen::MatrixXd cols(static_cast<Eigen::Index>(tuples.size()), 3);
    for (std::size_t t = 0; t < tuples.size(); ++t) {
        for (const auto& [couplings, v] : symbolic::values_by_coupling(c, lc.tuples[t])) {
            if (v.status != numeric::Status::ok)
                throw Error("an operator integral did not converge (" + numeric::to_string(v.status) + ": " + v.reason +
                            "); use a finite --cutoff");
            const auto it = std::find(kOperators.begin(), kOperators.end(), couplings.begin()->first);
            cols(static_cast<Eigen::Index>(t), it - kOperators.begin()) = v.value;
        }
    }
    return cols;
}

struct Prepared {
    Eigen::VectorXd value, error;
    Eigen::MatrixXd jackknife;  ///< rows × G jackknife estimates (empty for exact data)
};

/// The data on all ordered tuples of `inputs`, in the order of numeric::all_tuples (the design's rows).
Prepared prepare(const sampler::InputSet& inputs, const G4Data& data) {
    const auto tuples = numeric::all_tuples(static_cast<int>(inputs.count()), 4);
    Prepared p;
    lookup_tuples(data.connected, tuples, "G4_con", p.value, p.error);
    p.jackknife = lookup_jackknife(data.connected, tuples, "G4_con");
    if ((p.value.array() == 0).any()) throw Error("the data contain G4_con = 0 exactly; MAPE is undefined there");
    return p;
}

/// Columns of `design` for the named operators, in that order.
Eigen::MatrixXd select_columns(const Eigen::MatrixXd& design, const std::vector<std::string>& operators) {
    Eigen::MatrixXd a(design.rows(), static_cast<Eigen::Index>(operators.size()));
    for (std::size_t j = 0; j < operators.size(); ++j) {
        const auto k = std::find(kOperators.begin(), kOperators.end(), operators[j]);
        if (k == kOperators.end()) throw Error("unknown coupling '" + operators[j] + "': use lambda0, lambda2 or lambda_nl");
        a.col(static_cast<Eigen::Index>(j)) = design.col(k - kOperators.begin());
    }
    return a;
}

}  // namespace

symbolic::LoweringOptions lowering_options(const FitSettings& st, const sampler::InputSet& inputs) {
    if (st.net.d_in != inputs.d_in) throw Error("the inputs have d_in = " + std::to_string(inputs.d_in) + " but the network " + std::to_string(st.net.d_in));
    symbolic::LoweringOptions lo;
    lo.kernel = numeric::gp_kernel_spec(st.net);
    lo.cutoff = st.cutoff;
    lo.progress = st.progress;
    return lo;
}

FitMetrics fit_metrics(const Eigen::VectorXd& actual, const Eigen::VectorXd& predicted) {
    FitMetrics m;
    const Eigen::Index n = actual.size();
    for (Eigen::Index i = 0; i < n; ++i) {
        const double ape = 100.0 * std::abs(actual(i) - predicted(i)) / std::abs(actual(i));
        m.mape += ape;
        m.max_ape = std::max(m.max_ape, ape);
        m.mse += (actual(i) - predicted(i)) * (actual(i) - predicted(i));
    }
    m.mape /= static_cast<double>(n);
    m.mse /= static_cast<double>(n);
    return m;
}

void lookup_tuples(const sampler::CorrelatorTable& table, const std::vector<numeric::Tuple>& tuples, const std::string& what,
                   Eigen::VectorXd& value, Eigen::VectorXd& error) {
    value.resize(static_cast<Eigen::Index>(tuples.size()));
    error.resize(value.size());
    for (std::size_t t = 0; t < tuples.size(); ++t) {
        const sampler::CorrelatorEntry* e = table.find(tuples[t]);
        if (e == nullptr) {
            numeric::Tuple key = tuples[t];
            std::sort(key.begin(), key.end());
            std::string list;
            for (int k : key) list += (list.empty() ? "" : ",") + std::to_string(k);
            throw Error("the data have no " + what + " entry for inputs (" + list + "): data and inputs do not match");
        }
        value(static_cast<Eigen::Index>(t)) = e->value;
        error(static_cast<Eigen::Index>(t)) = e->error;
    }
}

Eigen::MatrixXd lookup_jackknife(const sampler::CorrelatorTable& table, const std::vector<numeric::Tuple>& tuples, const std::string& what) {
    const std::size_t groups = table.jackknife_groups();
    if (groups == 0) return {};
    Eigen::MatrixXd m(static_cast<Eigen::Index>(tuples.size()), static_cast<Eigen::Index>(groups));
    for (std::size_t t = 0; t < tuples.size(); ++t) {
        const sampler::CorrelatorEntry* e = table.find(tuples[t]);
        if (e == nullptr || e->jackknife.size() != groups)
            throw Error("the jackknife estimates of " + what + " miss a tuple or differ in their number of groups: "
                        "the data file is incomplete; rewrite it with nnft sample");
        for (std::size_t g = 0; g < groups; ++g) m(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(g)) = e->jackknife[g];
    }
    return m;
}

const std::vector<std::string>& fit_operators() {
    static const std::vector<std::string> names = {"lambda0", "lambda2", "lambda_nl"};
    return names;
}


sampler::Correlators exact_tables(const sampler::NetworkSpec& net, const sampler::InputSet& inputs, int max_n,
                                  const ProgressFn& progress) {
    sampler::ExactConfig ec;
    ec.progress = progress;
    ec.net = net;
    ec.inputs = inputs;
    ec.max_n = max_n;
    return sampler::exact_correlators(ec);
}

G4Data exact_g4(const sampler::NetworkSpec& net, const sampler::InputSet& inputs, const ProgressFn& progress) {
    return g4_from_correlators(exact_tables(net, inputs, 4, progress));
}

G4Data expansion_g4(const sampler::NetworkSpec& net, const sampler::InputSet& inputs, unsigned threads,
                    const ProgressFn& progress) {
    sampler::DeepExpansionConfig c{net, inputs, 4, symbolic::has_kink(net.activation), threads};
    c.progress = progress;
    return g4_from_correlators(sampler::deep_correlators(c, sampler::deep_expansion(c)));
}

G4Data g4_from_correlators(const sampler::Correlators& c) {
    G4Data d;
    d.connected = c.table("g4_connected");
    if (d.connected.empty()) throw Error("the data have no g4_connected table: produce them with --max-n 4 or 6");
    return d;
}

FitDesign fit_design(const FitSettings& st) {
    if (st.train.d_in != st.test.d_in) throw Error("train and test inputs must have the same d_in");
    FitDesign d;
    d.train = operator_columns(st, st.train, numeric::all_tuples(static_cast<int>(st.train.count()), 4));
    d.test = operator_columns(st, st.test, numeric::all_tuples(static_cast<int>(st.test.count()), 4));
    return d;
}

std::vector<ModelFit> fit_couplings(const FitSettings& st, const G4Data& train_data, const G4Data& test_data) {
    return fit_couplings(st, fit_design(st), train_data, test_data);
}

std::vector<ModelFit> fit_couplings(const FitSettings& st, const FitDesign& design, const G4Data& train_data,
                                    const G4Data& test_data) {
    const Prepared train = prepare(st.train, train_data);
    const Prepared test = prepare(st.test, test_data);
    std::vector<ModelFit> out;
    for (const auto& name : st.models) {
        ModelFit m;
        m.name = name;
        m.operators = model_operators(name);
        Eigen::VectorXd pred_train = Eigen::VectorXd::Zero(train.value.size());
        Eigen::VectorXd pred_test = Eigen::VectorXd::Zero(test.value.size());
        if (!m.operators.empty()) {
            const Eigen::MatrixXd a_train = select_columns(design.train, m.operators);
            const Eigen::MatrixXd a_test = select_columns(design.test, m.operators);
            Eigen::VectorXd w;
            if (st.weighted) {
                if ((train.error.array() <= 0).any())
                    throw Error("--weights errors needs data with non-zero errors (sampled data); exact data have none");
                w = train.error.cwiseAbs2().cwiseInverse();
            }
            try {
                m.fit = numeric::least_squares(a_train, train.value, m.operators, w);
                if (train.jackknife.size() > 0) numeric::apply_jackknife(m.fit, a_train, train.jackknife, m.operators, w);
            } catch (const Error& e) {
                m.problem = e.what();
                out.push_back(std::move(m));
                continue;
            }
            pred_train = a_train * m.fit.coefficients;
            pred_test = a_test * m.fit.coefficients;
        }
        m.train = fit_metrics(train.value, pred_train);
        m.test = fit_metrics(test.value, pred_test);
        m.test_values.assign(test.value.data(), test.value.data() + test.value.size());
        m.test_predictions.assign(pred_test.data(), pred_test.data() + pred_test.size());
        out.push_back(std::move(m));
    }
    return out;
}

FitMetrics score_couplings(const Eigen::MatrixXd& columns, const sampler::InputSet& inputs, const G4Data& data,
                           const std::map<std::string, double>& couplings) {
    const Prepared p = prepare(inputs, data);
    if (columns.rows() != p.value.size()) throw Error("the operator columns do not belong to these inputs (row counts differ)");
    std::vector<std::string> names;
    Eigen::VectorXd c(static_cast<Eigen::Index>(couplings.size()));
    for (const auto& [name, value] : couplings) {
        c(static_cast<Eigen::Index>(names.size())) = value;
        names.push_back(name);
    }
    return fit_metrics(p.value, select_columns(columns, names) * c);
}

}  // namespace nnft::eft
