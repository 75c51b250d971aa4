// The output correlators of the deep 1/N expansion as the tables and document of `nnft exact`.
#include <algorithm>
#include <array>
#include <cmath>

#include "sampler/deep_expansion.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/tuples.hpp"

namespace nnft::sampler {

namespace {

constexpr std::size_t kRules = 2;  // 0: the finer rule, 1: the coarser

double g2(const DeepLayer& out, std::size_t a, std::size_t b, double inv_n) {
    const auto ia = static_cast<Eigen::Index>(a), ib = static_cast<Eigen::Index>(b);
    return out.kernel(ia, ib) + inv_n * out.kernel_1(ia, ib);
}

// The 1/N coefficient of G4_con: Σ over the three pairings of V_(ab)(cd), each with δ's of the output components,
// plus the same-unit term of non-Gaussian output weights when the four components are equal.
double g4_vertex_sum(const DeepLayer& out, const std::array<std::size_t, 4>& in, const std::array<std::size_t, 4>& comp) {
    const std::size_t m = static_cast<std::size_t>(out.kernel.rows());
    constexpr int kPairings[3][4] = {{0, 1, 2, 3}, {0, 2, 1, 3}, {0, 3, 1, 2}};
    double s = 0.0;
    for (const auto& p : kPairings) {
        if (comp[static_cast<std::size_t>(p[0])] != comp[static_cast<std::size_t>(p[1])] ||
            comp[static_cast<std::size_t>(p[2])] != comp[static_cast<std::size_t>(p[3])])
            continue;
        const auto i = input_pair_index(in[static_cast<std::size_t>(p[0])], in[static_cast<std::size_t>(p[1])], m);
        const auto j = input_pair_index(in[static_cast<std::size_t>(p[2])], in[static_cast<std::size_t>(p[3])], m);
        s += out.vertex(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    }
    if (!out.unit_cumulant.empty() && comp[0] == comp[1] && comp[1] == comp[2] && comp[2] == comp[3]) {
        std::array<std::size_t, 4> sorted = in;
        std::sort(sorted.begin(), sorted.end());
        s += out.unit_cumulant.at(sorted);  // one output unit: its weights' fourth cumulant
    }
    return s;
}

// κ₄ of the output bias: the O(1) part of G4_con for equal output components (0 for a normal bias).
double bias_cumulant(const NetworkSpec& net) {
    return net.output_bias.is_gaussian() ? 0.0 : net.output_bias.cumulant(4);
}

nlohmann::json coefficient_entry(const std::vector<std::size_t>& inputs, double fine, double coarse) {
    return {{"inputs", inputs}, {"value", fine}, {"error", std::abs(fine - coarse)}};
}

}  // namespace

Correlators deep_correlators(const DeepExpansionConfig& c, const DeepExpansion& e) {
    const std::size_t dout = c.net.d_out;
    const TupleTable points(c.inputs.count() * dout, c.max_n);
    const double inv_n = 1.0 / static_cast<double>(c.net.width);
    const std::array<const DeepLayer*, kRules> out{&e.fine.back(), &e.coarse.back()};
    std::vector<double> kappa(points.size() * kRules, 0.0);
    for (int n = 2; n <= c.max_n; n += 2)
        for (std::size_t i = 0; i < points.count(n); ++i) {
            const std::size_t slot = points.offset(n) + i;
            const auto t = points.tuple(slot);
            std::array<std::size_t, 4> in{}, comp{};
            for (std::size_t k = 0; k < static_cast<std::size_t>(n); ++k) {
                in[k] = t[k] / dout;
                comp[k] = t[k] % dout;
            }
            for (std::size_t r = 0; r < kRules; ++r)
                kappa[slot * kRules + r] = n == 2 ? (comp[0] == comp[1] ? g2(*out[r], in[0], in[1], inv_n) : 0.0)
                                                  : inv_n * g4_vertex_sum(*out[r], in, comp) +
                                                        (comp[0] == comp[1] && comp[1] == comp[2] && comp[2] == comp[3]
                                                             ? bias_cumulant(c.net) : 0.0);
        }
    return correlators_from_two_rules(points, kappa, c.max_n);
}

nlohmann::json deep_document(const DeepExpansionConfig& c, const DeepExpansion& e, const Correlators& corr) {
    nlohmann::json config = network_to_json(c.net, c.inputs);
    config["method"] = "1/N expansion";
    config["order"] = "1/N";
    config["neglected"] = "O(1/N^2)";
    config["max_n"] = c.max_n;
    config["homogeneous_reduction"] = e.homogeneous_reduction;
    const std::size_t m = c.inputs.count();
    const DeepLayer &fine = e.fine.back(), &coarse = e.coarse.back();
    nlohmann::json kernel = nlohmann::json::array(), kernel_1 = nlohmann::json::array(), vertex = nlohmann::json::array();
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = a; b < m; ++b) {
            const auto ia = static_cast<Eigen::Index>(a), ib = static_cast<Eigen::Index>(b);
            kernel.push_back(coefficient_entry({a, b}, fine.kernel(ia, ib), coarse.kernel(ia, ib)));
            kernel_1.push_back(coefficient_entry({a, b}, fine.kernel_1(ia, ib), coarse.kernel_1(ia, ib)));
        }
    if (c.max_n >= 4)
        for (std::size_t a = 0; a < m; ++a)
            for (std::size_t b = a; b < m; ++b)
                for (std::size_t cc = b; cc < m; ++cc)
                    for (std::size_t d = cc; d < m; ++d) {
                        const std::array<std::size_t, 4> in{a, b, cc, d}, comp{};
                        vertex.push_back(coefficient_entry({a, b, cc, d}, g4_vertex_sum(fine, in, comp),
                                                           g4_vertex_sum(coarse, in, comp)));
                    }
    nlohmann::json coefficients = {{"g2_leading", kernel}, {"g2_first_order", kernel_1}};
    if (c.max_n >= 4) coefficients["g4_connected_first_order"] = vertex;
    if (c.max_n >= 4 && bias_cumulant(c.net) != 0.0) coefficients["g4_connected_order_one"] = bias_cumulant(c.net);
    return {{"config", config}, {"networks", 0}, {"correlators", correlators_to_json(corr)}, {"coefficients", coefficients}};
}

}  // namespace nnft::sampler
