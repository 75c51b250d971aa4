// Width scaling from sampled ensembles: projections, jackknife errors of the projection, exponent fits.
#include "common/error.hpp"
#include "study/presets.hpp"
#include "study/width_scaling_report.hpp"
#include "sampler/exact.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft;
using namespace nnft::study;

namespace {

sampler::EnsembleConfig erf_config(std::size_t width, std::uint64_t networks, std::uint64_t seed) {
    sampler::EnsembleConfig c = study::paper_erf_ensemble(width, networks, seed);
    c.conditioned = true;
    return c;
}

sampler::EnsembleState run(const sampler::EnsembleConfig& c) {
    sampler::EnsembleState s = sampler::initial_state(c);
    sampler::RunOptions ro;
    ro.threads = 2;
    sampler::run_ensemble(c, s, ro);
    return s;
}

}  // namespace

TEST_CASE("projection of the exact table on its own unit shape is its norm, and exact amplitudes scale exactly",
          "[eft][width_scaling]") {
    // N·G4_con and N²·G6_con of a single hidden layer are width-independent (sampler/exact_derivation.md).
    std::vector<double> shape4;
    double a4_at_2 = 0;
    for (std::size_t n : {2, 20, 1000}) {
        sampler::ExactConfig ec;
        ec.net = erf_config(n, 1, 1).net;
        ec.inputs = nnft::study::input_set("paper:erf", 1);
        ec.max_n = 6;
        const auto exact = sampler::exact_correlators(ec);
        const auto& t = exact.at("g4_connected");
        if (shape4.empty()) {
            double norm = 0;
            for (const auto& e : t) norm += e.value * e.value;
            for (const auto& e : t) shape4.push_back(e.value / std::sqrt(norm));
            a4_at_2 = eft::project(t, shape4);
            CHECK(a4_at_2 == Approx(std::sqrt(norm)).epsilon(1e-14));
        }
        CHECK(eft::project(t, shape4) * static_cast<double>(n) == Approx(a4_at_2 * 2.0).epsilon(1e-10));
    }
}

TEST_CASE("jackknife error of a sampled projection matches the scatter over independent seeds", "[eft][width_scaling]") {
    // Eight independent ensembles: the spread of the projections, compared with the mean jackknife error,
    // by χ² against the common exact value (χ²_8: mean 8, P(χ² > 26.1) = 0.001).
    const sampler::EnsembleConfig base = erf_config(5, 16384, 0);
    sampler::ExactConfig ec;
    ec.net = base.net;
    ec.inputs = base.inputs;
    ec.max_n = 6;
    const auto exact = sampler::exact_correlators(ec);
    std::vector<double> shape;
    for (const auto& e : exact.at("g4_connected")) shape.push_back(e.value);
    const double truth = eft::project(exact.at("g4_connected"), shape);
    double chi2 = 0;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
        sampler::EnsembleConfig c = base;
        c.seed = 700 + seed;
        const eft::Amplitude a = eft::sampled_amplitude(c, run(c), "g4_connected", shape);
        INFO("seed " << c.seed << ": " << a.value << " +- " << a.error << " (exact " << truth << ")");
        CHECK(a.error > 0);
        chi2 += std::pow((a.value - truth) / a.error, 2);
    }
    INFO("chi2 " << chi2 << " / 8");
    CHECK(chi2 < 26.1);
    CHECK(chi2 > 0.86);  // P(χ²_8 < 0.86) = 0.001: errors not absurdly large either
}

TEST_CASE("sampled width scaling of Erf nets agrees with the exact slopes -1 and -2", "[eft][width_scaling]") {
    std::vector<sampler::EnsembleConfig> configs;
    std::vector<sampler::EnsembleState> states;
    for (std::size_t n : {2, 3, 5, 10}) {
        configs.push_back(erf_config(n, n <= 3 ? 32768 : 65536, 9100 + n));
        states.push_back(run(configs.back()));
    }
    const eft::WidthScaling ws = eft::analyse_width_scaling(configs, states);
    CHECK(std::abs(ws.g4_exact_slope + 1.0) < 1e-9);
    CHECK(std::abs(ws.g6_exact_slope + 2.0) < 1e-9);
    std::string detail;
    const bool ok = width_scaling_agrees(ws, detail);
    INFO(detail);
    CHECK(ok);
    // A wrong law is rejected: the sampled G4 exponent is far (> 5σ) from −2 and the G6 one from −1.
    CHECK(std::abs(ws.g4.exponent + 2.0) > 5 * ws.g4.exponent_error);
    CHECK(std::abs(ws.g6.exponent + 1.0) > 5 * ws.g6.exponent_error);
    const report::Plot p = width_scaling_plot(ws, "g6", "w6");
    CHECK(p.series.size() == 3);
    CHECK(p.logx);
    CHECK(width_scaling_table(ws).rows.size() == 4);

    // Mismatched ensembles are refused.
    configs[1].inputs = sampler::parse_inputs("0.1;0.2;0.3;0.4;0.5;0.6", 1);
    CHECK_THROWS_WITH(eft::analyse_width_scaling(configs, states), Catch::Contains("differ in more than the width"));
    configs.resize(2);
    states.resize(2);
    CHECK_THROWS_WITH(eft::analyse_width_scaling(configs, states), Catch::Contains("at least 3 widths"));
}
