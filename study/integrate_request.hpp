#pragma once
/// \file `nnft integrate` as a library call: the numeric value ± error of every term of a correlator for a
/// network kernel at given inputs, and the command's JSON document and text (shared by the CLI and the
/// Python module).
#include "common/progress.hpp"
#include "sampler/network.hpp"
#include "study/network_request.hpp"
#include "symbolic/correlator_selection.hpp"
#include "symbolic/lower.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace nnft::study {

/// The options of `nnft integrate`, with its defaults.
struct IntegrateRequest {
    symbolic::CorrelatorSelection correlator;  ///< which correlator (theory, points, orders, filters)
    KernelRequest kernel;                      ///< the network kernel
    bool keep_bias = false;                    ///< vertex lines use K instead of K_EFT = K − σ_b²
    std::string cutoff = "inf";                ///< box half-width Λ, or "inf"
    std::string inputs;                        ///< input points text ("x1;x2;…" or paper:NAME)
    sampler::InputSet input_points;            ///< the input points themselves (used instead of `inputs` when non-empty)
    std::string tuples = "sorted";             ///< sorted, all, or a list "0,1,2,3;0,0,1,1"
    std::string method = "gauss_legendre";     ///< first rule
    std::string check_method = "adaptive";     ///< second, independent rule
    double rel_tol = 1e-10;                    ///< relative tolerance
    double max_evaluations = 1e8;              ///< integrand-evaluation budget per integral batch
    double max_memory_gb = 4.0;                ///< refuse documents (tuples × terms) estimated above this
    double max_seconds = 3600.0;               ///< refuse jobs whose certain work is predicted above this (one core)
    std::string grid = "auto";                 ///< internal-point grids: auto, tensor or qmc
    double qmc_rel_tol = 1e-3;                 ///< relative tolerance of the QMC lattice ladders
    ProgressFn progress{};                      ///< told the diagram classes built, then the integral batches done
    std::function<void(double, double)> on_estimate{};  ///< told the predicted seconds (certain, at most) before the integrals
};

/// The lowering options of a request, validated (throws nnft::Error naming the option).
symbolic::LoweringOptions lowering_options(const IntegrateRequest& request);

/// Largest finite cutoff any command accepts (beyond it the box rules lose all resolution: give 'inf').
inline constexpr double kMaxFiniteCutoff = 1e12;

/// A cutoff value of `option`: a positive number up to kMaxFiniteCutoff or "inf"; throws nnft::Error naming the
/// option otherwise.
double parse_cutoff(const std::string& text, const std::string& option = "--cutoff");

/// A --tuples value over `inputs` points for a `points`-point function: "sorted", "all" or a list
/// "0,1,2,3;0,0,1,1"; throws nnft::Error naming the bad tuple.
std::vector<numeric::Tuple> parse_tuples(const std::string& text, int inputs, int points);

/// What `nnft integrate` computes and prints.
struct IntegrateResult {
    symbolic::Correlator correlator;    ///< the correlator's terms
    symbolic::LoweredCorrelator values; ///< per tuple, each term's value ± error
    nlohmann::json document;            ///< the --json document
    std::string text;                   ///< the text output
    bool complete = true;               ///< false when a term is diverged or not converged (exit code 4)
};

/// Build the correlator, evaluate it and write the document; throws nnft::Error on bad input.
IntegrateResult integrate(const IntegrateRequest& request);

}  // namespace nnft::study
