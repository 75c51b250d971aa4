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
    for (std::size_t j = 0; j < f.operators.size(); ++j)
        m["couplings"][f.operators[j]] = {{"value", f.fit.coefficients(static_cast<Eigen::Index>(j))},
                                          {"error", f.fit.standard_errors(static_cast<Eigen::Index>(j))}};
    m["train"] = metrics_json(f.train);
    m["test"] = metrics_json(f.test);
    return m;
}

}  // namespace nnft::eft
