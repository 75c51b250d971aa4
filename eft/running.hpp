#pragma once
/// \file Running of the quartic coupling with the cutoff: λ(Λ) fitted (model M1) to exact G4_con at each
/// cutoff, and the slope of log|λ| against log Λ compared with the β-function (2008.08601 §4).
#include "common/progress.hpp"
#include "numeric/linear_fit.hpp"
#include "sampler/network.hpp"

#include <vector>

namespace nnft::eft {

/// λ at one cutoff.
struct CouplingAtCutoff {
    double cutoff = 0.0;  ///< Λ
    double value = 0.0;   ///< λ(Λ)
    double error = 0.0;   ///< its standard error (fit scatter)
};

/// The running coupling and its log-log slope.
struct Running {
    std::vector<CouplingAtCutoff> points;  ///< λ(Λ) for every cutoff
    double slope = 0.0;                    ///< d log|λ| / d log Λ over cutoffs ≥ min_cutoff
    double slope_error = 0.0;              ///< its standard error
    int slope_points = 0;                  ///< cutoffs used in the slope fit
};


/// d_in = 3: four points with coordinates 0.5 and 1 (docs/physics-setup.md §4.2). Throws nnft::Error otherwise.
sampler::InputSet relu_running_inputs(int d_in);

/// λ(Λ) from exact G4_con of `net` on `inputs` (M1 fit over all ordered tuples) for each cutoff, and the
/// slope of log|λ| vs log Λ over the cutoffs ≥ min_cutoff; each cutoff done goes to `progress` ("cutoffs").
Running run_quartic_coupling(const sampler::NetworkSpec& net, const sampler::InputSet& inputs,
                             const std::vector<double>& cutoffs, double min_cutoff,
                             const ProgressFn& progress = {});

}  // namespace nnft::eft
