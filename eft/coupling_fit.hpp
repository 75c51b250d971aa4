#pragma once
/// \file Fits of EFT couplings to connected 4-point data (2008.08601 §4): ΔG4 = G4_con is linear in the
/// couplings of the operators λ0 ∫f⁴, λ2 ∫x²f⁴, λNL ∫∫f(x)²f(y)², so the fit is linear least squares.
#include "common/progress.hpp"
#include "numeric/linear_fit.hpp"
#include "sampler/correlators.hpp"
#include "sampler/network.hpp"
#include "symbolic/lower.hpp"

#include <map>
#include <string>
#include <vector>

namespace nnft::eft {

/// Accuracy of a model's predictions P against data A over all ordered tuples.
struct FitMetrics {
    double mape = 0.0;     ///< mean 100 |A − P| / |A| (%)
    double max_ape = 0.0;  ///< max 100 |A − P| / |A| (%)
    double mse = 0.0;      ///< mean (A − P)²
};

/// One fitted model.
struct ModelFit {
    std::string name;                    ///< M0 … M3
    std::vector<std::string> operators;  ///< coupling names fitted
    numeric::LinearFit fit;                       ///< coefficients in the talk's convention (ΔS = +λ∫f⁴)
    FitMetrics train, test;              ///< metrics on the train and test input sets
    std::string problem;                 ///< non-empty when the model could not be fitted (e.g. degenerate operators)
    std::vector<double> test_values{};       ///< test data G4_con over all ordered tuples (for residual plots)
    std::vector<double> test_predictions{};  ///< the model's predictions there
};

/// What to fit (the paper's settings: study::paper_fit_settings).
struct FitSettings {
    sampler::NetworkSpec net;                   ///< network (activation, width, σ's)
    double cutoff = 100.0;                      ///< Λ of the vertex integrals (∞ allowed)
    sampler::InputSet train, test;              ///< input sets (d_in = 1)
    std::vector<std::string> models = {"M0", "M1", "M2", "M3"};  ///< which models
    bool weighted = false;                      ///< weights 1/error² (sampled data) instead of OLS
    ProgressFn progress{};                      ///< told the operator integrals' batches (and inside them); empty: silent
};

/// Connected 4-point data on one input set: value, error and (sampled data) jackknife estimates per tuple.
struct G4Data {
    sampler::CorrelatorTable connected;  ///< G4_con per non-decreasing tuple (jackknife estimates empty for exact data)
};

/// The operators of the 4-point fits, in the column order of FitDesign: lambda0, lambda2, lambda_nl.
const std::vector<std::string>& fit_operators();


/// Lowering options of the operator integrals: the net's closed-form kernel (erf, relu, gauss), the fit's
/// cutoff, d_in of `inputs` (which must match the net's). Throws nnft::Error for other activations.
symbolic::LoweringOptions lowering_options(const FitSettings& settings, const sampler::InputSet& inputs);

/// MAPE, max APE and MSE of predictions against data (the paper's metrics).
FitMetrics fit_metrics(const Eigen::VectorXd& actual, const Eigen::VectorXd& predicted);

/// Values and errors of `table` at `tuples` (any order of indices); throws nnft::Error naming the missing
/// tuple (`what`, e.g. "G4_con") when data and inputs do not match.
void lookup_tuples(const sampler::CorrelatorTable& table, const std::vector<numeric::Tuple>& tuples, const std::string& what,
                   Eigen::VectorXd& value, Eigen::VectorXd& error);

/// The jackknife estimates of `table` at `tuples` (any index order) as a matrix rows = tuples × G; an empty
/// matrix when no entry carries estimates (exact data). Throws nnft::Error naming `what` when a tuple is missing
/// or the group counts differ.
Eigen::MatrixXd lookup_jackknife(const sampler::CorrelatorTable& table, const std::vector<numeric::Tuple>& tuples, const std::string& what);

/// Exact finite-width correlator tables up to max_n points (sampler::exact_correlators; its progress to `progress`).
sampler::Correlators exact_tables(const sampler::NetworkSpec& net, const sampler::InputSet& inputs, int max_n,
                                  const ProgressFn& progress = {});

/// Exact finite-width G4_con on an input set (sampler::exact_correlators; its progress to `progress`).
G4Data exact_g4(const sampler::NetworkSpec& net, const sampler::InputSet& inputs, const ProgressFn& progress = {});

/// G4_con of a deep network from the 1/N expansion (sampler/deep_expansion.hpp) on `inputs`, for the fits across
/// depth; the error is the expansion's quadrature error (the neglected O(1/N²) is not in it).
G4Data expansion_g4(const sampler::NetworkSpec& net, const sampler::InputSet& inputs, unsigned threads,
                    const ProgressFn& progress = {});

/// G4_con from the correlator tables of `nnft sample` / `nnft exact` output.
G4Data g4_from_correlators(const sampler::Correlators& c);

/// The operator columns (−24∫ΠK, −24∫y²ΠK, −8Σ∫∫, for λ0, λ2, λNL) on all ordered 4-tuples of the
/// train and test inputs: the design matrices of the fit, lowered once and reusable for any data.
struct FitDesign {
    Eigen::MatrixXd train;  ///< rows: numeric::all_tuples of the train inputs; columns λ0, λ2, λNL
    Eigen::MatrixXd test;   ///< the same for the test inputs
};

/// Lower the operator integrals of `settings` (kernel, cutoff) on its train and test inputs.
FitDesign fit_design(const FitSettings& settings);

/// Fit every requested model on the train data and score it on train and test data (all ordered tuples).
/// When the train data carry jackknife estimates (sampled data), each model is refitted on every jackknife
/// replica with the same weights and its errors are the jackknife ones (numeric::apply_jackknife): the tuples of one
/// ensemble are correlated, so the independent-points errors understate the uncertainty. Models: M0 = {} (prediction 0 = the GP), M1 = {λ0}, M2 = {λ0, λ2}, M3 = {λ0, λ2, λNL}. A model whose
/// operators are degenerate on the data is reported with `problem` set; the other models are still fitted.
std::vector<ModelFit> fit_couplings(const FitSettings& settings, const G4Data& train, const G4Data& test);

/// fit_couplings with the operator integrals already lowered (fit_design), e.g. for many data sets.
std::vector<ModelFit> fit_couplings(const FitSettings& settings, const FitDesign& design, const G4Data& train,
                                    const G4Data& test);

/// Metrics of fixed couplings (name → value in the talk's convention; names lambda0, lambda2, lambda_nl)
/// on `data` at `inputs`, whose operator columns are `columns` (a FitDesign member).
FitMetrics score_couplings(const Eigen::MatrixXd& columns, const sampler::InputSet& inputs, const G4Data& data,
                           const std::map<std::string, double>& couplings);

}  // namespace nnft::eft
