#include "checks/detail/pulls.hpp"
#include "checks/registry.hpp"
#include "study/presets.hpp"
#include "numeric/kernel_spec.hpp"
#include "eft/width_scaling.hpp"
#include "numeric/kernels.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/exact.hpp"

#include <cmath>
#include <sstream>

namespace nnft::checks {

namespace {

using detail::Pulls;
using detail::pulls;

/// Smallest ensemble for which the jackknife has two blocks of networks in every group.
constexpr std::uint64_t kMinNetworks = 2 * sampler::kGroups * sampler::kBlockSize;

sampler::NetworkSpec spec_for(const std::string& net, std::size_t width) {
    sampler::NetworkSpec s = numeric::default_network(sampler::parse_activation(net));
    s.width = width;
    return s;
}

/// Sampled connected G4 (and G6) against the exact finite-width values: max |pull| < 5, mean pull² < 8.
CheckResult sampled_vs_exact(const std::string& net, std::size_t width, std::uint64_t networks, int max_n,
                             bool conditioned, const EnsembleCheckSettings& st) {
    CheckResult r{std::string(conditioned ? "conditioned-estimator" : "plain-estimator") +
                      " sampled vs exact connected correlators, " + net + " N=" + std::to_string(width),
                  true, "", 0};
    sampler::ExactConfig ec;
    ec.net = spec_for(net, width);
    ec.inputs = study::input_set("paper:" + net, 1);
    ec.max_n = max_n;
    const sampler::Correlators exact = sampler::exact_correlators(ec);
    sampler::EnsembleConfig cfg;
    cfg.net = ec.net;
    cfg.inputs = ec.inputs;
    cfg.max_n = max_n;
    cfg.seed = st.seed;
    // At least two blocks per jackknife group: with fewer, the jackknife error bars are not trustworthy.
    cfg.networks = std::max<std::uint64_t>(kMinNetworks, static_cast<std::uint64_t>(static_cast<double>(networks) * st.networks_scale));
    cfg.conditioned = conditioned;
    const sampler::Correlators sampled = sampler::sample_correlators(cfg, st.threads);
    std::ostringstream os;
    os << cfg.networks << " networks; ";
    for (const std::string table : {"g2_connected", "g4_connected", "g6_connected"}) {
        if ((table == "g6_connected" && max_n < 6)) continue;
        const Pulls p = pulls(sampled.at(table), exact.at(table));
        const bool ok = p.count > 0 && p.max_abs < 5.0 && p.mean_sq < 8.0;
        r.passed = r.passed && ok;
        os << table << ": max|pull| " << p.max_abs << ", mean pull^2 " << p.mean_sq << ", signal up to "
           << p.max_significance << " sigma; ";
    }
    r.detail = os.str();
    return r;
}

/// Exact G4_con ∝ 1/N and G6_con ∝ 1/N²: least-squares slope of log|G| vs log N over the paper's widths.
CheckResult exact_width_scaling() {
    CheckResult r{"exact width scaling: G4_con ~ N^-1, G6_con ~ N^-2 (Erf, paper widths)", true, "", 0};
    const std::vector<std::size_t> widths = {2, 3, 4, 5, 10, 20, 50, 100, 500, 1000};
    std::ostringstream os;
    for (const auto& [table, want] : {std::pair<std::string, double>{"g4_connected", -1.0}, {"g6_connected", -2.0}}) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (std::size_t n : widths) {
            sampler::ExactConfig ec;
            ec.net = spec_for("erf", n);
            ec.inputs = study::input_set("paper:erf", 1);
            ec.max_n = 6;
            const double g = std::abs(sampler::exact_correlators(ec).at(table).front().value);
            const double x = std::log(static_cast<double>(n)), y = std::log(g);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        const double m = static_cast<double>(widths.size());
        const double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        r.passed = r.passed && std::abs(slope - want) < 1e-9;
        os << table << " slope " << slope << " (want " << want << "); ";
    }
    r.detail = os.str();
    return r;
}

/// Sampled G2 against the closed-form NNGP kernel K(x, x') (G2 = K exactly at any width).
CheckResult sampled_g2_vs_kernel(const EnsembleCheckSettings& st) {
    CheckResult r{"sampled G2 vs closed-form kernel (ReLU N=20)", true, "", 0};
    sampler::EnsembleConfig cfg;
    cfg.net = spec_for("relu", 20);
    cfg.inputs = study::input_set("paper:relu", 1);
    cfg.max_n = 2;
    cfg.seed = st.seed + 1;
    cfg.networks = static_cast<std::uint64_t>(2e5 * st.networks_scale);
    const auto sampled = sampler::sample_correlators(cfg, st.threads);
    const numeric::Kernel k(numeric::gp_kernel_spec(cfg.net));
    std::vector<double> v, e;
    for (const auto& entry : sampled.at("g2_connected")) {
        const double xa = cfg.inputs.x[entry.indices[0]], xb = cfg.inputs.x[entry.indices[1]];
        v.push_back(k(std::vector<double>{xa}, std::vector<double>{xb}));
        e.push_back(0.0);
    }
    const Pulls p = pulls(sampled.at("g2_connected"), v, e);
    r.passed = p.count > 0 && p.max_abs < 5.0 && p.mean_sq < 8.0;
    std::ostringstream os;
    os << cfg.networks << " networks, " << p.count << " entries: max|pull| " << p.max_abs << ", mean pull^2 " << p.mean_sq;
    r.detail = os.str();
    return r;
}

}  // namespace

std::vector<Check> ensemble_checks(const EnsembleCheckSettings& settings) {
    return {
        // Plain Monte Carlo over whole networks: paper widths, inputs paper:<net> (docs/physics-setup.md §4.1–§4.2).
        {"ensemble.erf5", [settings] { return sampled_vs_exact("erf", 5, 20'000'000, 6, false, settings); }},
        {"ensemble.relu20", [settings] { return sampled_vs_exact("relu", 20, 5'000'000, 6, false, settings); }},
        {"ensemble.gauss1000", [settings] { return sampled_vs_exact("gauss", 1000, 200'000, 4, false, settings); }},
        // The conditioned estimator (output layer integrated analytically) resolves G4_con and G6_con far
        // better per network, so the same comparison has real power against a wrong exact formula.
        {"ensemble.erf5_conditioned", [settings] { return sampled_vs_exact("erf", 5, 2'000'000, 6, true, settings); }},
        {"ensemble.relu20_conditioned", [settings] { return sampled_vs_exact("relu", 20, 1'000'000, 6, true, settings); }},
        // The Gauss-net's conditioned estimator integrates the first-layer biases too (only the weights are
        // sampled): its lognormal tails are gone, and the six-point functions are resolved as well.
        {"ensemble.gauss1000_conditioned", [settings] { return sampled_vs_exact("gauss", 1000, 10'000, 6, true, settings); }},
        {"ensemble.g2_kernel", [settings] { return sampled_g2_vs_kernel(settings); }},
        {"ensemble.width_scaling", exact_width_scaling},
        {"ensemble.width_scaling_sampled", [settings] { return sampled_width_scaling_check(settings); }},
    };
}

namespace {
const bool kRegistered = register_check_group({30, "ensemble", [](const EnsembleCheckSettings& s) { return ensemble_checks(s); }});
}  // namespace

}  // namespace nnft::checks
