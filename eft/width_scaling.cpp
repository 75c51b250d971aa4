#include "eft/width_scaling.hpp"

#include "common/error.hpp"
#include "numeric/linear_fit.hpp"
#include "numeric/stats.hpp"
#include "sampler/exact.hpp"

#include <cmath>
#include <sstream>

namespace nnft::eft {

namespace {

std::vector<double> table_values(const std::vector<sampler::CorrelatorEntry>& table) {
    std::vector<double> v;
    v.reserve(table.size());
    for (const auto& e : table) v.push_back(e.value);
    return v;
}

/// Unit-length shape from a table.
std::vector<double> unit_shape(const std::vector<sampler::CorrelatorEntry>& table) {
    std::vector<double> u = table_values(table);
    double norm = 0;
    for (double x : u) norm += x * x;
    norm = std::sqrt(norm);
    if (!(norm > 0)) throw Error("the exact connected table is zero: there is no shape to project on (choose other inputs)");
    for (double& x : u) x /= norm;
    return u;
}

/// Unweighted least-squares slope of log y against log x (exact data: no errors to weight with).
double loglog_slope(const std::vector<double>& x, const std::vector<double>& y) {
    Eigen::MatrixXd a(static_cast<Eigen::Index>(x.size()), 2);
    Eigen::VectorXd b(a.rows());
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!(y[i] > 0)) throw Error("exact amplitude is not positive at one width: the log-log slope is undefined");
        a(static_cast<Eigen::Index>(i), 0) = 1.0;
        a(static_cast<Eigen::Index>(i), 1) = std::log(x[i]);
        b(static_cast<Eigen::Index>(i)) = std::log(y[i]);
    }
    return numeric::least_squares(a, b, {"log amplitude", "slope"}).coefficients(1);
}

}  // namespace


double project(const std::vector<sampler::CorrelatorEntry>& table, const std::vector<double>& shape) {
    if (table.size() != shape.size()) throw InternalError("projection: table and shape have different lengths");
    double num = 0, den = 0;
    for (std::size_t t = 0; t < table.size(); ++t) {
        num += shape[t] * table[t].value;
        den += shape[t] * shape[t];
    }
    return num / den;
}

Amplitude sampled_amplitude(const sampler::EnsembleConfig& config, const sampler::EnsembleState& state,
                            const std::string& table, const std::vector<double>& shape) {
    Amplitude a;
    a.value = project(sampler::correlators_from_state(config, state).at(table), shape);
    // Delete-one-group replicas: the whole table (every tuple) is recomputed without group g.
    std::vector<double> replicas;
    for (std::size_t g = 0; g < sampler::kGroups; ++g) {
        if (state.group_networks[g] == 0) continue;
        sampler::EnsembleState without = state;
        without.group_networks[g] = 0;
        replicas.push_back(project(sampler::correlators_from_state(config, without).at(table), shape));
    }
    if (replicas.size() < 2) throw Error("the ensemble has fewer than 2 jackknife groups: sample more networks");
    a.error = numeric::jackknife_error(std::span<const double>(replicas.data(), replicas.size()));
    return a;
}

WidthScaling analyse_width_scaling(const std::vector<sampler::EnsembleConfig>& configs,
                                   const std::vector<sampler::EnsembleState>& states) {
    if (configs.size() != states.size()) throw InternalError("width scaling: configs and states differ in number");
    if (configs.size() < 3) throw Error("width scaling needs at least 3 widths (got " + std::to_string(configs.size()) + ")");
    const sampler::EnsembleConfig& first = configs.front();
    for (const auto& c : configs) {
        if (c.max_n != 6) throw Error("width scaling needs ensembles with --max-n 6 (G6_con)");
        if (c.net.d_out != 1 || c.net.depth != 1)
            throw Error("width scaling compares with exact correlators: single hidden layer and d_out = 1 only");
        if (c.net.activation != first.net.activation || c.inputs.x != first.inputs.x || c.inputs.d_in != first.inputs.d_in ||
            c.net.weights != first.net.weights || c.net.biases != first.net.biases ||
            c.net.output_weights != first.net.output_weights || c.net.output_bias != first.net.output_bias)
            throw Error("width scaling: the ensembles differ in more than the width (network, parameter laws or inputs)");
    }
    WidthScaling ws;
    ws.net = first.net.activation.name();
    std::vector<double> g4_shape, g6_shape;
    std::vector<double> n, a4, e4, a6, e6, x4, x6;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        if (i && configs[i].net.width <= configs[i - 1].net.width) throw Error("width scaling: give the widths in increasing order");
        sampler::ExactConfig ec;
        ec.net = configs[i].net;
        ec.inputs = configs[i].inputs;
        ec.max_n = 6;
        const sampler::Correlators exact = sampler::exact_correlators(ec);
        if (i == 0) {
            g4_shape = unit_shape(exact.at("g4_connected"));
            g6_shape = unit_shape(exact.at("g6_connected"));
        }
        WidthPoint p;
        p.width = configs[i].net.width;
        p.networks = states[i].networks();
        p.g4 = sampled_amplitude(configs[i], states[i], "g4_connected", g4_shape);
        p.g6 = sampled_amplitude(configs[i], states[i], "g6_connected", g6_shape);
        p.g4_exact = project(exact.at("g4_connected"), g4_shape);
        p.g6_exact = project(exact.at("g6_connected"), g6_shape);
        ws.points.push_back(p);
        n.push_back(static_cast<double>(p.width));
        a4.push_back(p.g4.value);
        e4.push_back(p.g4.error);
        a6.push_back(p.g6.value);
        e6.push_back(p.g6.error);
        x4.push_back(p.g4_exact);
        x6.push_back(p.g6_exact);
        ws.g4_chi2_exact += std::pow((p.g4.value - p.g4_exact) / p.g4.error, 2);
        ws.g6_chi2_exact += std::pow((p.g6.value - p.g6_exact) / p.g6.error, 2);
    }
    ws.g4 = numeric::fit_power_law(n, a4, e4);
    ws.g6 = numeric::fit_power_law(n, a6, e6);
    ws.g4_exact_slope = loglog_slope(n, x4);
    ws.g6_exact_slope = loglog_slope(n, x6);
    return ws;
}

}  // namespace nnft::eft
