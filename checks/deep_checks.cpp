// nnft check, group "deep": deep networks at finite width (docs/methods/deep-expansion.md). Sampled deep ReLU
// against its exact correlators at every depth; the 1/N expansion against sampled networks, its remainder
// shrinking like 1/N² (relu) and G2's 1/N correction resolved (erf); the flow of the fitted λ0 through the layers.
#include "checks/detail/pulls.hpp"
#include "checks/registry.hpp"
#include "common/error.hpp"
#include "eft/coupling_fit.hpp"
#include "numeric/power_law.hpp"
#include "report/report.hpp"
#include "sampler/deep_expansion.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/exact.hpp"
#include "study/presets.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace nnft::checks {

namespace {

using numeric::ActivationKind;

sampler::NetworkSpec deep_net(ActivationKind a, std::size_t depth, std::size_t width, double sigma_b) {
    sampler::NetworkSpec s = numeric::default_network(a);
    s.depth = depth;
    s.width = width;
    numeric::set_gaussian_biases(s, 0.0, sigma_b);
    return s;
}

sampler::Correlators sample(const sampler::NetworkSpec& net, const char* inputs, int max_n, double networks,
                            std::uint64_t seed, const EnsembleCheckSettings& st) {
    sampler::EnsembleConfig c;
    c.net = net;
    c.inputs = sampler::parse_inputs(inputs, 1);
    c.max_n = max_n;
    c.seed = seed;
    c.deep = sampler::DeepSampling::automatic;
    c.networks = std::max<std::uint64_t>(2 * sampler::kGroups * sampler::kBlockSize,
                                         static_cast<std::uint64_t>(networks * st.networks_scale));
    return sampler::sample_correlators(c, st.threads);
}

sampler::Correlators expand(const sampler::NetworkSpec& net, const char* inputs, unsigned threads) {
    sampler::DeepExpansionConfig c{net, sampler::parse_inputs(inputs, 1), 4, net.activation.kind() == ActivationKind::relu, threads};
    return sampler::deep_correlators(c, sampler::deep_expansion(c));
}

// The plot of G4_con/(3 G2²) at one input against depth: exact, the 1/N expansion, sampled.
report::Plot depth_plot(std::size_t width, const std::vector<double>& depth, const std::vector<double>& exact,
                        const std::vector<double>& expanded, const std::vector<double>& sampled, const std::vector<double>& error) {
    report::Plot p;
    p.name = "deep_relu_g4_vs_depth";
    p.title = "Deep ReLU, N = " + std::to_string(width) + ", x = 0.7: G_4^{c}/(3 G_2^2) vs depth";
    p.xlabel = "depth L";
    p.ylabel = "G_4^{c} / (3 G_2^2)";
    p.series = {{"exact", report::Style::line, depth, exact, {}},
                {"1/N expansion (5L/N)", report::Style::line, depth, expanded, {}},
                {"sampled", report::Style::errorbars, depth, sampled, error}};
    p.pulls = report::PullPanel{2, 0, "pull"};
    return p;
}

// Deep ReLU without biases, N = 10, depths 1–5: sampled G2, G4_con (and G6_con up to depth 3, where its jackknife
// error is still trustworthy: the output's law is a product of χ² factors, heavy-tailed at L/N ~ 1) against the
// exact closed form.
CheckResult deep_relu_exact(const EnsembleCheckSettings& st) {
    CheckResult r{"deep ReLU without biases: sampled = exact at depths 1-5 (N = 10), and the 1/N expansion at small L/N", true, "", 0};
    constexpr std::size_t kWidth = 10;
    const char* inputs = "0.7;1.3";
    std::vector<double> depth, exact_ratio, expanded_ratio, sampled_ratio, sampled_error;
    std::ostringstream os;
    os << "max|pull| per depth and table: ";
    double worst = 0.0, mean_sq = 0.0;
    std::size_t tables = 0;
    for (std::size_t l = 1; l <= 5; ++l) {
        const sampler::NetworkSpec net = deep_net(ActivationKind::relu, l, kWidth, 0.0);
        const sampler::Correlators s = sample(net, inputs, 6, 1'000'000, st.seed + 300 + l, st);
        const sampler::Correlators x = sampler::exact_correlators({net, sampler::parse_inputs(inputs, 1), 6});
        for (const char* t : {"g2_connected", "g4_connected", "g6_connected"}) {
            if (l > 3 && std::string(t) == "g6_connected") continue;
            const detail::Pulls p = detail::pulls(s.at(t), x.at(t));
            os << (tables == 0 ? "" : ", ") << "L" << l << " " << t << " " << p.max_abs;
            worst = std::max(worst, p.max_abs);
            mean_sq += p.mean_sq;
            ++tables;
        }
        const double g2 = x.table("g2_connected").at({0, 0}).value;
        const auto g4 = s.table("g4_connected").at({0, 0, 0, 0});
        depth.push_back(static_cast<double>(l));
        exact_ratio.push_back(x.table("g4_connected").at({0, 0, 0, 0}).value / (3 * g2 * g2));
        expanded_ratio.push_back(expand(net, inputs, st.threads).table("g4_connected").at({0, 0, 0, 0}).value / (3 * g2 * g2));
        sampled_ratio.push_back(g4.value / (3 * g2 * g2));
        sampled_error.push_back(g4.error / (3 * g2 * g2));
    }
    mean_sq /= static_cast<double>(tables);
    r.passed = worst < 5.0 && mean_sq < 8.0 && std::abs(expanded_ratio[0] - exact_ratio[0]) < 1e-12;
    os << "; max|pull| " << worst << ", mean pull^2 " << mean_sq << "; G4_con/(3G2^2) at L = 1 … 5: exact "
       << exact_ratio.front() << " … " << exact_ratio.back() << " ((1+5/N)^L − 1), expansion " << expanded_ratio.front()
       << " … " << expanded_ratio.back() << " (5L/N)";
    r.detail = os.str();
    r.plots.push_back(depth_plot(kWidth, depth, exact_ratio, expanded_ratio, sampled_ratio, sampled_error));
    return r;
}

// ReLU σ_b = 0.5, depth 3: |sampled − expansion| of G4_con at widths 6 … 48 falls like N^-2 (fitted exponent).
CheckResult expansion_remainder(const EnsembleCheckSettings& st) {
    CheckResult r{"1/N expansion of deep ReLU (depth 3, sigma_b 0.5): the remainder of G4_con falls like N^-2", true, "", 0};
    const char* inputs = "0.5;-1.0";
    std::vector<double> width, remainder, error, sampled, predicted;
    for (std::size_t n : {6, 12, 24, 48}) {
        const sampler::NetworkSpec net = deep_net(ActivationKind::relu, 3, n, 0.5);
        const auto s = sample(net, inputs, 4, 2'000'000, st.seed + 400 + n, st).table("g4_connected").at({1, 1, 1, 1});
        const auto e = expand(net, inputs, st.threads).table("g4_connected").at({1, 1, 1, 1});
        width.push_back(static_cast<double>(n));
        remainder.push_back(s.value - e.value);
        error.push_back(std::hypot(s.error, e.error));
        sampled.push_back(s.value);
        predicted.push_back(e.value);
    }
    const numeric::PowerLawFit fit = numeric::fit_power_law(width, remainder, error, -5.0, 1.0);
    r.passed = fit.exponent > -2.6 && fit.exponent < -1.4 && std::isfinite(fit.exponent_error);
    std::ostringstream os;
    os << "remainder sampled − expansion of G4_con(x2,x2,x2,x2) at N = 6, 12, 24, 48: ";
    for (std::size_t i = 0; i < width.size(); ++i) os << report::format_value_error(remainder[i], error[i]) << (i + 1 < width.size() ? ", " : "");
    os << "; fitted exponent " << report::format_value_error(fit.exponent, fit.exponent_error) << " (want -2 within 0.6)";
    r.detail = os.str();
    report::Plot p;
    p.name = "deep_relu_remainder";
    p.title = "Deep ReLU (L = 3): G_4^{c} sampled vs 1/N expansion; remainder ∝ N^{" +
              report::format_rounded(fit.exponent, fit.exponent_error, 3) + "}";
    p.xlabel = "width N";
    p.ylabel = "G_4^{c}(x_2, x_2, x_2, x_2)";
    p.logx = p.logy = true;
    p.series = {{"sampled", report::Style::errorbars, width, sampled, error},
                {"1/N expansion", report::Style::line, width, predicted, {}},
                {"sampled − expansion", report::Style::errorbars, width, remainder, error}};
    p.pulls = report::PullPanel{0, 1, "pull"};
    report::Series line{"fit a·N^{b} to the remainder", report::Style::line, {}, {}, {}};
    for (double n = width.front(); n <= width.back() * 1.001; n *= std::pow(2.0, 0.25)) {
        line.x.push_back(n);
        line.y.push_back(fit.amplitude * std::pow(n, fit.exponent));
    }
    p.series.push_back(line);
    r.plots.push_back(p);
    return r;
}

// Erf without biases, depth 3, N = 10: G2 agrees with K + K1/N and refutes the infinite-width K alone.
CheckResult g2_correction(const EnsembleCheckSettings& st) {
    CheckResult r{"1/N expansion of deep Erf (depth 3, N = 10): G2's 1/N correction is resolved and matches", true, "", 0};
    const char* inputs = "0.5;1.0;-1.5";
    const sampler::NetworkSpec net = deep_net(ActivationKind::erf, 3, 10, 0.0);
    const sampler::Correlators s = sample(net, inputs, 4, 2'000'000, st.seed + 500, st);
    sampler::DeepExpansionConfig c{net, sampler::parse_inputs(inputs, 1), 4, false, st.threads};
    const sampler::DeepExpansion e = sampler::deep_expansion(c);
    const sampler::Correlators predicted = sampler::deep_correlators(c, e);
    const detail::Pulls with = detail::pulls(s.at("g2"), predicted.at("g2"));
    const auto diag = s.table("g2").at({0, 0});
    const double leading_pull = (diag.value - e.fine.back().kernel(0, 0)) / diag.error;
    r.passed = with.max_abs < 4.0 && std::abs(leading_pull) > 6.0;
    std::ostringstream os;
    os << "G2 vs K + K1/N: max|pull| " << with.max_abs << " (want < 4); G2(x1,x1) vs the infinite-width K alone: pull "
       << leading_pull << " (want |pull| > 6)";
    r.detail = os.str();
    return r;
}

// M1's λ0 fitted to G4_con of deep ReLU on the paper's ReLU fit sets (exact data, or the expansion's).
double lambda0(std::size_t depth, std::size_t width, bool expansion, unsigned threads) {
    eft::FitSettings st = study::fit_settings(numeric::ActivationKind::relu);
    st.net.depth = depth;
    st.net.width = width;
    st.models = {"M1"};
    const auto data = [&](const sampler::InputSet& in) {
        return expansion ? eft::expansion_g4(st.net, in, threads) : eft::exact_g4(st.net, in);
    };
    const eft::ModelFit m1 = eft::fit_couplings(st, data(st.train), data(st.test)).at(0);
    if (!m1.problem.empty()) throw Error("the M1 fit failed: " + m1.problem);
    return m1.fit.coefficients(0);
}

// The flow of λ0 through the layers: N·λ0 of the expansion equals the N → ∞ limit of N·λ0 from exact data.
CheckResult lambda_flow(const EnsembleCheckSettings& st) {
    CheckResult r{"lambda0 across depth (deep ReLU, M1 on the paper's fit sets): the 1/N expansion's N lambda0 is the "
                  "large-N limit of the exact one", true, "", 0};
    std::vector<double> depth, exact20, exact100, expanded;
    std::ostringstream os;
    double worst = 0.0;
    for (std::size_t l = 1; l <= 5; ++l) {
        const double e = 20.0 * lambda0(l, 20, true, st.threads);  // N λ0 is N-independent for the expansion
        const double limit = 2.0 * 2e4 * lambda0(l, 20000, false, st.threads) - 1e4 * lambda0(l, 10000, false, st.threads);
        worst = std::max(worst, std::abs(e - limit) / std::abs(limit));
        depth.push_back(static_cast<double>(l));
        expanded.push_back(-e);
        exact20.push_back(-20.0 * lambda0(l, 20, false, st.threads));
        exact100.push_back(-100.0 * lambda0(l, 100, false, st.threads));
        os << "L" << l << ": N lambda0 expansion " << e << ", exact N=20 " << -exact20.back() << "; ";
    }
    r.passed = worst < 1e-6;
    os << "largest relative gap to the Richardson limit of exact data at N = 1e4, 2e4: " << worst << " (want < 1e-6)";
    r.detail = os.str();
    report::Plot p;
    p.name = "deep_relu_lambda_vs_depth";
    p.title = "Deep ReLU: −N λ_0 (M1, cutoff 100) vs depth";
    p.xlabel = "depth L";
    p.ylabel = "−N λ_0";
    p.logy = true;
    p.series = {{"exact, N = 20", report::Style::points, depth, exact20, {}},
                {"exact, N = 100", report::Style::points, depth, exact100, {}},
                {"1/N expansion", report::Style::line, depth, expanded, {}}};
    r.plots.push_back(p);
    return r;
}

}  // namespace

std::vector<Check> deep_checks(const EnsembleCheckSettings& settings) {
    return {
        {"deep.relu_exact", [settings] { return deep_relu_exact(settings); }},
        {"deep.expansion_remainder", [settings] { return expansion_remainder(settings); }},
        {"deep.g2_correction", [settings] { return g2_correction(settings); }},
        {"deep.lambda_flow", [settings] { return lambda_flow(settings); }},
    };
}

namespace {
const bool kRegistered = register_check_group({38, "deep", [](const EnsembleCheckSettings& s) { return deep_checks(s); }});
}  // namespace

}  // namespace nnft::checks
