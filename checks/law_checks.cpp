// nnft check, group "laws": networks with non-Gaussian parameter laws (docs/physics-setup.md §1, §5),
// sampled ensembles against the exact finite-width correlators (sampler/exact_derivation.md §4).
#include "checks/detail/pulls.hpp"
#include "checks/registry.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/exact.hpp"
#include "symbolic/activation_expression.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace nnft::checks {

namespace {

/// One law combination: a network, its inputs and the ensemble size at networks_scale 1.
struct LawCase {
    const char* label;
    sampler::NetworkSpec net;
    const char* inputs;
    std::uint64_t networks;
};

sampler::NetworkSpec law_network(numeric::Activation a, std::size_t width, const char* weights, const char* biases,
                                 const char* out_weights, const char* out_bias) {
    sampler::NetworkSpec s = numeric::default_network(a);
    s.width = width;
    if (weights) s.weights = numeric::parse_law(weights);
    if (biases) s.biases = numeric::parse_law(biases);
    if (out_weights) s.output_weights = numeric::parse_law(out_weights);
    if (out_bias) s.output_bias = numeric::parse_law(out_bias);
    return s;
}

/// Sampled G2, G4_con, G6_con vs exact: max |pull| < 5 and mean pull² < 8 per table (as ensemble.*). With
/// `without_kappa4`, also the exact G4_con of the same network with a Gaussian output layer of the same
/// variance must be refuted (max |pull| > 10): the κ₄ term is resolved, so the agreement has power.
CheckResult sampled_vs_exact_law(const LawCase& k, bool without_kappa4, const EnsembleCheckSettings& st) {
    CheckResult r{"sampled vs exact with parameter laws, " + std::string(k.label), true, "", 0};
    sampler::EnsembleConfig cfg;
    cfg.net = k.net;
    cfg.inputs = sampler::parse_inputs(k.inputs, 1);
    cfg.max_n = 6;
    cfg.seed = st.seed + 7;
    cfg.networks = std::max<std::uint64_t>(2 * sampler::kGroups * sampler::kBlockSize,
                                           static_cast<std::uint64_t>(static_cast<double>(k.networks) * st.networks_scale));
    const sampler::Correlators sampled = sampler::sample_correlators(cfg, st.threads);
    sampler::ExactConfig ec{cfg.net, cfg.inputs, 6};
    const sampler::Correlators exact = sampler::exact_correlators(ec);
    std::ostringstream os;
    os << cfg.networks << " networks; ";
    for (const std::string table : {"g2_connected", "g4_connected", "g6_connected"}) {
        const detail::Pulls p = detail::pulls(sampled.at(table), exact.at(table));
        r.passed = r.passed && p.count > 0 && p.max_abs < 5.0 && p.mean_sq < 8.0;
        os << table << ": max|pull| " << p.max_abs << ", mean pull^2 " << p.mean_sq << ", signal up to "
           << p.max_significance << " sigma; ";
    }
    if (without_kappa4) {
        ec.net.output_weights = numeric::ParameterLaw::normal(0.0, cfg.net.output_weights.sd());
        const detail::Pulls wrong = detail::pulls(sampled.at("g4_connected"), sampler::exact_correlators(ec).at("g4_connected"));
        r.passed = r.passed && wrong.max_abs > 10.0;
        os << "without the output kappa4 term G4_con is off by up to " << wrong.max_abs << " sigma (want > 10)";
    }
    r.detail = os.str();
    return r;
}

}  // namespace

std::vector<Check> law_checks(const EnsembleCheckSettings& settings) {
    using numeric::ActivationKind;
    const LawCase phase{"Erf N=3, biases uniform(-pi,pi)",
                        law_network(ActivationKind::erf, 3, nullptr, "uniform(-pi,pi)", nullptr, nullptr), "-1;0.3;1.2",
                        2'000'000};
    const LawCase two_point{"Tanh N=2, output weights rademacher(1)",
                            law_network(ActivationKind::tanh, 2, nullptr, nullptr, "rademacher(1)", nullptr), "-1.5;0.2;1",
                            2'000'000};
    const LawCase heavy{"ReLU N=3, output weights student_t(20,1.2), output bias uniform(-1,1), weights uniform(-2,2)",
                        law_network(ActivationKind::relu, 3, "uniform(-2,2)", nullptr, "student_t(20,1.2)", "uniform(-1,1)"),
                        "-1;0.5;1.5", 2'000'000};
    const LawCase cos_net{"cos-net (arXiv:2112.04527) N=4, biases uniform(-pi,pi)",
                          law_network(symbolic::resolve_activation("cos"), 4, nullptr, "uniform(-pi,pi)", nullptr, nullptr),
                          "-0.8;0.1;0.9", 2'000'000};
    const LawCase gelu{"GELU N=3, output weights rademacher(1)",
                       law_network(symbolic::resolve_activation("gelu"), 3, nullptr, nullptr, "rademacher(1)", nullptr),
                       "-1.2;0.3;1", 2'000'000};
    return {
        {"laws.cos_net", [settings, cos_net] { return sampled_vs_exact_law(cos_net, false, settings); }},
        {"laws.gelu_rademacher_output", [settings, gelu] { return sampled_vs_exact_law(gelu, true, settings); }},
        {"laws.uniform_phase", [settings, phase] { return sampled_vs_exact_law(phase, false, settings); }},
        {"laws.rademacher_output", [settings, two_point] { return sampled_vs_exact_law(two_point, true, settings); }},
        {"laws.student_t_output", [settings, heavy] { return sampled_vs_exact_law(heavy, false, settings); }},
    };
}

namespace {
const bool kRegistered = register_check_group({35, "laws", [](const EnsembleCheckSettings& s) { return law_checks(s); }});
}  // namespace

}  // namespace nnft::checks
