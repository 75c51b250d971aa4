#include "eft/fit_json.hpp"
#include "eft/json_cutoff.hpp"

#include <cmath>
#include <sstream>

namespace nnft::eft {

namespace {

const char* const kCaveat = "the data file carries no jackknife estimates (exact data or an nnft sample of an older version), so the "
                            "errors treat the tuples as independent; the tuples of one sampled ensemble are strongly correlated, so "
                            "for sampled data these errors are too small: rerun nnft sample to get jackknife errors";


std::string cutoff_text(double cutoff) { return std::isinf(cutoff) ? std::string("inf") : std::to_string(cutoff); }

nlohmann::json value_json(const CouplingValue& v) { return {{"value", v.value}, {"error", v.error}}; }

nlohmann::json ratio_json(const RatioSummary& r) {
    return {{"mean", r.mean}, {"spread", r.spread}, {"min", r.min}, {"max", r.max}, {"count", r.count}};
}

/// The named ratio summaries of a prediction, in output order.
std::vector<std::pair<const char*, const RatioSummary*>> ratios_of(const SixPointPrediction& p) {
    return {{"full_lambda", &p.full_lambda},         {"full_all", &p.full_all},
            {"nongaussian_lambda", &p.nongaussian_lambda}, {"nongaussian_all", &p.nongaussian_all},
            {"connected_tree", &p.connected_tree},   {"connected_all", &p.connected_all}};
}

/// A coupling of a 6-point model: value, error and, for κ, the parts of its error.
nlohmann::json six_point_coupling_json(const SixPointModel& m, std::size_t k) {
    const auto i = static_cast<Eigen::Index>(k);
    const bool jackknife = m.fit.independent_errors.size() > i;
    nlohmann::json c = {{"value", m.fit.coefficients(i)}, {"error", m.fit.standard_errors(i)}};
    if (jackknife) c["error_independent"] = m.fit.independent_errors(i);
    if (m.operators[k] == "kappa") {
        c["error"] = m.kappa_error;
        c["error_fit"] = jackknife ? m.fit.independent_errors(i) : m.fit.standard_errors(i);
        c["error_lambda0"] = m.kappa_error_lambda0;
        if (jackknife) c["error_independent"] = m.kappa_error_independent;
    }
    return c;
}

/// A model's JSON entry as far as it is common: {"name", "couplings": {}} and "problem" when not fitted.
nlohmann::json model_json_head(const std::string& name, const std::string& problem) {
    nlohmann::json j;
    j["name"] = name;
    j["couplings"] = nlohmann::json::object();
    if (!problem.empty()) j["problem"] = problem;
    return j;
}

nlohmann::json six_point_model_json(const SixPointModel& m) {
    nlohmann::json j = model_json_head(m.name, m.problem);
    j["tree_exchange"] = m.tree;
    if (!m.problem.empty()) return j;
    for (std::size_t k = 0; k < m.operators.size(); ++k) {
        j["error_method"] = m.fit.error_method;
        j["couplings"][m.operators[k]] = six_point_coupling_json(m, k);
    }
    j["train"] = fit_metrics_to_json(m.train);
    j["test"] = fit_metrics_to_json(m.test);
    return j;
}

/// The "six_point" section: κ fits with λ0 held fixed and the 6-point predictions per cutoff.
nlohmann::json six_point_json(const SixPointReport& r) {
    nlohmann::json sec;
    sec["convention"] = "dS = +lambda0 int f^4 + kappa int f^6; G6_con = -720 kappa int prod_6 K_EFT + 576 lambda0^2 sum_10 int int "
                        "(tree exchange); lambda0 from M1 on train G4_con, held fixed";
    sec["lambda0"] = value_json(r.lambda0);
    for (const auto& m : r.fit.models) sec["models"].push_back(six_point_model_json(m));
    for (const auto& p : r.predictions) {
        nlohmann::json j = {{"cutoff", cutoff_json(p.cutoff)}, {"lambda0", value_json(p.lambda0)}, {"kappa", value_json(p.kappa)}};
        for (const auto& [name, s] : ratios_of(p)) j["ratios"][name] = ratio_json(*s);
        sec["predictions"].push_back(j);
    }
    return sec;
}

void metrics_text(std::ostream& text, const FitMetrics& train, const FitMetrics& test) {
    text << "\n   train MAPE " << train.mape << "%  max APE " << train.max_ape << "%  MSE " << train.mse << "\n   test  MAPE "
         << test.mape << "%  max APE " << test.max_ape << "%  MSE " << test.mse << "\n";
}

/// Start a model's text line; a model that could not be fitted is finished here (returns false).
bool begin_model_text(std::ostream& text, const std::string& name, const std::string& problem) {
    text << name << ":";
    if (problem.empty()) return true;
    text << " not fitted: " << problem << "\n";
    return false;
}

void model_text(std::ostream& text, const ModelFit& f) {
    if (!begin_model_text(text, f.name, f.problem)) return;
    for (std::size_t j = 0; j < f.operators.size(); ++j) {
        const auto i = static_cast<Eigen::Index>(j);
        text << " " << f.operators[j] << " = " << f.fit.coefficients(i) << " +- " << f.fit.standard_errors(i);
        if (f.fit.independent_errors.size() > i) text << " (independent tuples: +- " << f.fit.independent_errors(i) << ")";
    }
    if (!f.operators.empty()) text << "  [errors: " << f.fit.error_method << "]";
    metrics_text(text, f.train, f.test);
}

void six_point_model_text(std::ostream& text, const SixPointModel& m) {
    if (!begin_model_text(text, m.name, m.problem)) return;
    for (std::size_t k = 0; k < m.operators.size(); ++k) {
        const auto i = static_cast<Eigen::Index>(k);
        const double error = m.operators[k] == "kappa" ? m.kappa_error : m.fit.standard_errors(i);
        text << " " << m.operators[k] << " = " << m.fit.coefficients(i) << " +- " << error;
    }
    if (!m.operators.empty()) text << "  [errors: " << m.fit.error_method << "]";
    text << (m.tree ? " (with tree exchange)" : "");
    metrics_text(text, m.train, m.test);
}

void six_point_text(std::ostream& text, const SixPointReport& r) {
    text << "# six-point: G6_con at O(1/N^2) = lambda0^2 tree exchange (lambda0 = " << r.lambda0.value << " +- " << r.lambda0.error
         << " from M1, held fixed) + kappa vertex; metrics on G6_con over the distinct sorted 6-tuples\n";
    for (const auto& m : r.fit.models) six_point_model_text(text, m);
    text << "# six-point predictions on the test inputs: ratio prediction/measured over distinct tuples, mean +- spread\n";
    for (const auto& p : r.predictions) {
        text << "cutoff " << cutoff_text(p.cutoff) << ": lambda0 " << p.lambda0.value << ", kappa " << p.kappa.value << " +- "
             << p.kappa.error << "\n";
        for (const auto& [name, s] : ratios_of(p))
            text << "   " << name << " " << s->mean << " +- " << s->spread << " [" << s->min << ", " << s->max << "]\n";
    }
}

}  // namespace

SixPointReport six_point_report(const FitSettings& settings, const std::vector<double>& cutoffs, const G4Data& train4,
                                const G6Data& train6, const G6Data& test6) {
    SixPointReport r;
    r.lambda0 = quartic_coupling(settings, train4);
    r.fit = fit_six_point(settings, r.lambda0, train6, test6);
    r.predictions = six_point_predictions(settings, cutoffs, train4, train6, test6);
    return r;
}

nlohmann::json fit_metrics_to_json(const FitMetrics& m) { return {{"mape", m.mape}, {"max_ape", m.max_ape}, {"mse", m.mse}}; }

nlohmann::json model_fit_to_json(const ModelFit& f) {
    nlohmann::json m = model_json_head(f.name, f.problem);
    if (!f.problem.empty()) return m;
    for (std::size_t j = 0; j < f.operators.size(); ++j) {
        const auto i = static_cast<Eigen::Index>(j);
        m["couplings"][f.operators[j]] = {{"value", f.fit.coefficients(i)}, {"error", f.fit.standard_errors(i)}};
        if (f.fit.independent_errors.size() > i) m["couplings"][f.operators[j]]["error_independent"] = f.fit.independent_errors(i);
    }
    if (!f.operators.empty()) {
        m["error_method"] = f.fit.error_method;
        m["covariance"] = nlohmann::json::array();
        for (Eigen::Index r = 0; r < f.fit.covariance.rows(); ++r) {
            std::vector<double> row;
            for (Eigen::Index c = 0; c < f.fit.covariance.cols(); ++c) row.push_back(f.fit.covariance(r, c));
            m["covariance"].push_back(row);
        }
    }
    m["train"] = fit_metrics_to_json(f.train);
    m["test"] = fit_metrics_to_json(f.test);
    return m;
}

nlohmann::json fit_document(const FitReport& r) {
    nlohmann::json doc;
    doc["net"] = r.net;
    doc["width"] = r.width;
    doc["cutoff"] = cutoff_json(r.cutoff);
    doc["data"] = r.data;
    doc["convention"] = "dS = +lambda0 int f^4 + lambda2 int x^2 f^4 + lambda_nl int int f(x)^2 f(y)^2; dG4 = -24 lambda0 int prod K_EFT + ...";
    if (r.error_caveat) doc["error_caveat"] = kCaveat;
    for (const auto& f : r.models) doc["models"].push_back(model_fit_to_json(f));
    if (r.six_point) doc["six_point"] = six_point_json(*r.six_point);
    return doc;
}

std::string fit_text(const FitReport& r) {
    std::ostringstream text;
    text.precision(6);
    if (r.error_caveat) text << "# caveat: " << kCaveat << "\n";
    text << "# coupling fits, " << r.net << " N=" << r.width << ", cutoff " << cutoff_text(r.cutoff) << ", data " << r.data
         << " (all ordered tuples; metrics on the connected 4-point function)\n";
    for (const auto& f : r.models) model_text(text, f);
    if (r.six_point) six_point_text(text, *r.six_point);
    return text.str();
}

}  // namespace nnft::eft
