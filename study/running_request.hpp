#pragma once
/// \file `nnft beta` and `nnft rg` as library calls: the β-function of a local coupling and the running quartic
/// coupling λ(Λ), with the commands' JSON documents and texts (shared by the CLI and the Python module).
#include "common/progress.hpp"
#include "study/network_request.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nnft::study {

/// The options of `nnft beta` (and the kernel options of `nnft rg`), with their defaults.
struct BetaRequest {
    std::string net = "relu";                        ///< --net
    std::string activation;                          ///< --activation (overrides --net when non-empty)
    int d_in = 1;                                    ///< --din
    int depth = 1;                                   ///< --depth: hidden layers (the deep kernel K^(L))
    double sigma_w = 1.0;                            ///< --sigma-w
    std::optional<double> sigma_b;                   ///< --sigma-b (unset: 1, ReLU 0)
    std::string theory = "lambda*f^4 + kappa*f^6";  ///< --theory
    std::string coupling = "lambda";                 ///< --coupling
    std::string weights_law;                         ///< --weights (empty: normal(0, σ_W)); as KernelRequest
    std::string biases_law;                          ///< --biases (empty: normal(0, σ_b))
    std::string out_weights_law;                     ///< --out-weights (empty: normal(0, σ_W))
    std::string out_bias_law;                        ///< --out-bias (empty: normal(0, σ_b))
};

/// A β-function: its text, β/g, and whether the kernel's exponent was measured (no closed form).
struct BetaResult {
    std::string net;        ///< the activation's name
    std::string text;       ///< β(g), e.g. "-6*lambda"
    double exponent = 0.0;  ///< β/g
    bool measured = false;  ///< true: the kernel's large-|y| exponent was measured numerically
};

/// β of the coupling per the theory: symbolic from the closed-form kernel, or from the exponent measured with
/// the quadrature kernel for other activations; throws nnft::Error naming the bad option.
BetaResult beta_function(const BetaRequest& request);

/// The JSON document of `nnft beta --json`.
nlohmann::json beta_document(const BetaRequest& request, const BetaResult& beta);

/// The text of `nnft beta`.
std::string beta_text(const BetaRequest& request, const BetaResult& beta);

/// The options of `nnft rg`.
struct RgRequest {
    BetaRequest kernel;              ///< net, activation, din, σ (theory and coupling must be the defaults)
    std::size_t width = 20;          ///< --width
    std::string cutoffs;             ///< --cutoffs "7,10,…" (empty: the paper's sweep)
    double min_cutoff = 100.0;       ///< --min-cutoff
    std::string inputs;              ///< --inputs (empty: the paper's set for the net and d_in)
    ProgressFn progress{};            ///< told each cutoff done ("cutoffs"); empty: silent
};

/// `nnft rg`: the document (--json) and the text.
struct RgResult {
    nlohmann::json document;  ///< the --json document
    std::string text;         ///< the text output
};

/// λ(Λ) over the cutoffs, its slope and the β prediction; throws nnft::Error on bad input.
RgResult running_coupling(const RgRequest& request);

}  // namespace nnft::study
