#pragma once
/// \file The coupling table of 2008.08601 (models M0–M3 for Gauss-, ReLU- and Erf-net at the paper's
/// settings), regenerated from exact and from sampled data and set side by side with the values the
/// seed talk published, with an explanation of every difference computed from the numbers.
#include "common/progress.hpp"
#include "eft/coupling_fit.hpp"
#include "report/report.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace nnft::study {

/// One row of the seed talk's table ("Verification of EFT Predictions", seed-talk.txt).
struct SeedRow {
    std::string net;                ///< gauss, relu or erf
    std::string model;              ///< M0 … M3
    std::array<double, 3> couplings;  ///< (λ0, λ2, λNL) as printed (the seed code's sign: −1 × ours)
    double test_mape = 0.0;         ///< test MAPE (%) as printed
    double test_mse = 0.0;          ///< test MSE as printed
    std::array<double, 3> coupling_rounding{};  ///< half a unit in the last printed digit of each coupling
    double test_mse_rounding = 0.0;             ///< half a unit in the last printed digit of the MSE
};

/// The seed's published table, as printed (its couplings carry the opposite sign of nnft's convention).
const std::vector<SeedRow>& seed_table();

/// What to regenerate.
struct PaperTableSettings {
    std::vector<std::string> nets = {"gauss", "relu", "erf"};  ///< rows, in the seed's order
    bool sampled = true;                 ///< also fit sampled data (else exact data only)
    std::uint64_t networks = 1'000'000;  ///< sampled networks per input set, over all replicas (the seed: 10⁶)
    unsigned replicas = 8;               ///< independent ensembles (their scatter gives the coupling errors)
    bool conditioned = true;             ///< our estimator integrates the Gaussian output layer analytically
    unsigned threads = 1;                ///< sampling threads
    std::uint64_t seed = 200808601;      ///< generator seed
    ProgressFn progress{};                ///< told each sampled replica done ("sampled replicas", nets × replicas)
};

/// A model fitted on R independent sampled replicas: mean couplings, error of the mean, and the
/// scatter of a single fit on the seed's ensemble size (10⁶ networks), scaled from the replica scatter.
struct SampledModelFit {
    std::array<double, 3> mean{};          ///< mean (λ0, λ2, λNL) over replicas (0 where not fitted)
    std::array<double, 3> error{};         ///< standard error of the mean
    std::array<double, 3> scatter_1e6{};   ///< standard deviation of one fit on 10⁶ networks
    eft::FitMetrics test;                       ///< test metrics of the fit of the pooled data (all replicas)
    double test_mse_scatter_1e6 = 0.0;     ///< standard deviation of the test MSE of one 10⁶-network fit
    std::string problem;                   ///< non-empty when the model could not be fitted
};

/// One regenerated row next to the seed's.
struct PaperTableRow {
    std::string net;                 ///< gauss, relu or erf
    std::string model;               ///< M0 … M3
    eft::ModelFit exact;                  ///< fit of exact finite-width G4_con (no noise)
    SampledModelFit sampled;         ///< fit of sampled G4_con (cumulant; conditioned estimator by default)
    SampledModelFit sampled_seed_style;  ///< fit of sampled ΔG4 = G4 − Σ K K (the seed's estimator)
    SeedRow seed;                    ///< the seed's row converted to nnft's sign convention
    eft::FitMetrics seed_on_exact;        ///< the seed's couplings scored on the exact test data
    std::string explanation;         ///< why the seed's numbers differ from the exact ones
};

/// The regenerated table.
struct PaperTable {
    PaperTableSettings settings;     ///< what was run
    std::vector<PaperTableRow> rows; ///< nets × models
    double seconds = 0.0;            ///< wall time
};

/// The seed's estimator on sampled data: ΔG4 = G4 − Σ_3 K K with the closed-form kernel K (bias included),
/// instead of the cumulant G4_con; errors are those of the raw G4.
eft::G4Data g4_minus_gp(const sampler::Correlators& c, const sampler::NetworkSpec& net, const sampler::InputSet& inputs);

/// Regenerate the table (exact data always; sampled data when settings.sampled). Throws nnft::Error on
/// bad settings (unknown net, fewer networks per replica than one block per jackknife group, …).
PaperTable paper_table(const PaperTableSettings& settings);

/// The table as Markdown: couplings and test metrics (exact, sampled, seed) and the explanations.
std::string paper_table_markdown(const PaperTable& table);

/// The table as JSON.
nlohmann::json paper_table_json(const PaperTable& table);

/// Add the table to a report: a section "The paper's coupling table" (the Markdown of
/// paper_table_markdown) and its JSON under data()["paper_table"].
void add_paper_table_section(report::Report& report, const PaperTable& table);

}  // namespace nnft::study
