#pragma once
/// \file `nnft fit` as a library call: the coupling fits (models M0–M3, the sextic coupling) on exact data or on
/// correlator documents, returning the report that eft::fit_document / eft::fit_text print (shared by the CLI
/// and the Python module; the front ends read the data files).
#include "common/progress.hpp"
#include "eft/fit_json.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace nnft::study {

/// A correlator document given as data (the parsed text of an `nnft sample`/`exact`/`merge` file).
struct FitData {
    nlohmann::json document;  ///< sampler::parse_correlator_document of the file's text
    std::string name;         ///< the file name as given (in the report and in messages)
};

/// The options of `nnft fit`, with its defaults.
struct FitRequest {
    std::string net = "relu";             ///< --net
    std::string activation;               ///< --activation (overrides --net when non-empty)
    std::size_t width = 0;                ///< --width (0: the paper's for the net)
    std::size_t depth = 1;                ///< --depth: hidden layers (the deep kernel K^(L) on the vertex lines)
    std::string cutoff;                   ///< --cutoff (empty: the paper's)
    std::string models = "M0,M1,M2,M3";   ///< --models
    bool expansion = false;               ///< --data expand: G4_con of the 1/N expansion, in process (no data files)
    unsigned threads = 1;                 ///< threads of the expansion's four-point expectations
    std::optional<FitData> train_data;    ///< --data FILE (unset: exact data, or the expansion, computed in process)
    std::optional<FitData> test_data;     ///< --test-data FILE
    std::string train_inputs;             ///< --train-inputs (empty: (√2/2) × test inputs)
    std::string test_inputs;              ///< --test-inputs (empty: the paper's S)
    std::string weights = "none";         ///< --weights: none or errors
    bool six_point = false;               ///< --six-point
    std::string ratio_cutoffs;            ///< --ratio-cutoffs
    std::string weights_law;              ///< --weight-law: hidden-weight law (empty: normal(0,1)); --weights is the fit's
    std::string biases_law;               ///< --biases: hidden-bias law (empty: the activation's default)
    std::string out_weights_law;          ///< --out-weights: output-weight law (empty: normal(0,1))
    std::string out_bias_law;             ///< --out-bias: output-bias law (empty: the activation's default)
    double max_memory_gb = 4.0;           ///< --max-memory-gb: refuse input sets whose tuple tables are estimated above
    ProgressFn progress{};                 ///< told the computed data's progress (train, then test inputs); empty: silent
};

/// Run the fits; throws nnft::Error naming the bad option or the mismatched data file.
eft::FitReport fit(const FitRequest& request);

}  // namespace nnft::study
