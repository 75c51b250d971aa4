#pragma once
/// \file The full-size study of 2008.08601 behind `nnft reproduce`: sampled ensembles of Erf, ReLU and
/// Gauss nets at every paper width (10⁶ networks each by default, 6 inputs, n ≤ 6), exact correlators,
/// width-scaling slopes, the coupling fits M0–M3 from exact and sampled data, and the ReLU
/// running-coupling sweeps for d_in = 1, 2, 3; rendered as a report::Report by pluggable sections.
///
/// The library plans the units of work and analyses finished ensembles; running them (threads,
/// checkpoint files, resume) is app/'s job. To add a section (e.g. the paper's coupling table), write a
/// `void(report::Report&, const StudyResult&)` and append it to the list passed to study_report.
#include "common/progress.hpp"
#include "eft/coupling_fit.hpp"
#include "study/presets.hpp"
#include "eft/running.hpp"
#include "study/width_scaling_report.hpp"
#include "report/report.hpp"
#include "sampler/ensemble.hpp"

#include <functional>
#include <string>
#include <vector>

namespace nnft::study {

/// What to run (defaults: the paper's study).
struct StudySettings {
    std::vector<std::string> nets = {"erf", "relu", "gauss"};  ///< activations
    std::vector<std::size_t> widths = study::paper_widths();          ///< widths of the scaling study
    std::uint64_t networks = 1'000'000;                        ///< networks per ensemble
    std::uint64_t seed = 200808601;                            ///< base seed (each unit derives its own)
    bool conditioned = true;                                   ///< conditioned estimator (see sampler/conditioned.hpp)
    std::vector<int> running_d_in = {1, 2, 3};                 ///< ReLU running-coupling sweeps
};

/// One unit of work: one sampled ensemble.
struct StudyUnit {
    std::string id;                  ///< file-safe name, e.g. "erf_N5" or "relu_N20_train"
    std::string net;                 ///< activation
    std::string role;                ///< "scaling" (paper inputs), "fit_train" or "fit_test" (fit inputs)
    sampler::EnsembleConfig config;  ///< what to sample
};

/// The units of a study: per net one ensemble per width on the inputs paper:<net> (docs/physics-setup.md §4.2), plus
/// the coupling fit's train inputs (√2/2)·S at the net's fit width, and its test inputs S where they
/// are not already sampled. Seeds depend only on (net, width, role), not on which units are selected.
/// Throws nnft::Error for unknown nets, fewer than 3 widths, or repeated widths.
std::vector<StudyUnit> study_units(const StudySettings& settings);

/// Size of a study before it runs.
struct JobEstimate {
    std::uint64_t networks = 0;       ///< networks over all units
    double neuron_evaluations = 0.0;  ///< Σ networks · width · inputs
    double moment_updates = 0.0;      ///< Σ networks · moment slots (tuples up to n = 6)
    double core_seconds = 0.0;        ///< predicted CPU time (cost model measured on the development machine)
};

/// Predicted CPU seconds of sampling one ensemble (the cost model measured on the development machine; each
/// deep layer after the first costs min(width, inputs) times a first layer's neuron evaluations).
double estimate_core_seconds(const sampler::EnsembleConfig& config);

/// Throw nnft::SizeLimitError when sampling `config` is predicted to take more than `max_core_hours` core-hours
/// (the message gives the estimate and names --networks and --max-core-hours).
void check_core_hours(const sampler::EnsembleConfig& config, double max_core_hours);

/// Estimate the size of the units' sampling; throws nnft::Error (naming the limit and how to shrink the
/// job) above 10¹⁰ networks per ensemble or `max_core_hours` predicted core-hours.
JobEstimate estimate_job(const std::vector<StudyUnit>& units, double max_core_hours = 300.0);

/// What the run cost (filled in by the caller that ran the units).
struct StudyCost {
    double wall_seconds = 0.0;              ///< whole command
    double sampling_seconds = 0.0;          ///< sampling in this invocation
    std::uint64_t networks_sampled = 0;     ///< networks sampled in this invocation
    std::uint64_t networks_total = 0;       ///< networks in all units
    int units_reused = 0;                   ///< units finished by an earlier run (--resume)
    unsigned threads = 1;                   ///< worker threads
};

/// One network's results.
struct NetStudy {
    std::string net;                              ///< activation
    eft::WidthScaling scaling;                         ///< sampled and exact width scaling
    eft::FitSettings fit;                              ///< the paper's fit settings (width, cutoff, inputs)
    std::vector<eft::ModelFit> fits_exact;             ///< M0–M3 on exact data (ordinary least squares)
    std::vector<eft::ModelFit> fits_sampled;           ///< M0–M3 on sampled data (weights 1/error²)
};

/// One running-coupling sweep.
struct RunningSweep {
    int d_in = 1;              ///< input dimension
    eft::Running running;           ///< λ(Λ) and the slope
    double predicted = 0.0;    ///< symbolic β/λ
};

/// Everything a study report shows.
struct StudyResult {
    StudySettings settings;             ///< what was run
    std::vector<StudyUnit> units;       ///< the units
    JobEstimate estimate;               ///< the size estimate
    std::vector<NetStudy> nets;         ///< per network
    std::vector<RunningSweep> running;  ///< ReLU sweeps
    StudyCost cost;                     ///< what it cost
};

/// Analyse finished units (states in the order of `units`): width scaling, fits, running sweeps; each net and each
/// sweep done goes to `progress` ("analysis steps").
StudyResult analyse_study(const StudySettings& settings, const std::vector<StudyUnit>& units,
                          const std::vector<sampler::EnsembleState>& states, const ProgressFn& progress = {});

/// A report section writer.
using StudySection = std::function<void(report::Report&, const StudyResult&)>;

/// The standard sections: run and cost, width scaling, coupling fits, running couplings.
std::vector<StudySection> default_study_sections();

/// The report: title, eft::summary, then every section in order; data = study_json.
report::Report study_report(const StudyResult& result, const std::vector<StudySection>& sections);

/// The numbers of a study as JSON (slopes, fits, running sweeps; the cost under "cost").
nlohmann::json study_json(const StudyResult& result);

}  // namespace nnft::study
