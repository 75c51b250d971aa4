#include "eft/coupling_fit.hpp"

namespace nnft::eft {

namespace {

nlohmann::json metrics_json(const FitMetrics& m) { return {{"mape", m.mape}, {"max_ape", m.max_ape}, {"mse", m.mse}}; }

}  // namespace

nlohmann::json model_fit_to_json(const ModelFit& f) {
    nlohmann::json m;
    m["name"] = f.name;
    m["couplings"] = nlohmann::json::object();
    if (!f.problem.empty()) {
        m["problem"] = f.problem;
        return m;
    }
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
    m["train"] = metrics_json(f.train);
    m["test"] = metrics_json(f.test);
    return m;
}

}  // namespace nnft::eft
