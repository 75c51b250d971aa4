#pragma once
/// \file Internal: pulls of sampled correlators against a reference table, the statistic of the ensemble checks.
#include "sampler/correlators.hpp"

#include <cstddef>
#include <vector>

namespace nnft::checks::detail {

/// Summary of the pulls of one table.
struct Pulls {
    double max_abs = 0;           ///< largest |pull|
    double mean_sq = 0;           ///< mean pull²
    double max_significance = 0;  ///< largest |reference| / σ_sampled: how well the sample resolves the signal
    std::size_t count = 0;        ///< entries with a non-zero combined error
};

/// Pulls (sampled − reference)/sqrt(σ_s² + σ_r²) over a table; significance = |reference|/σ_s.
Pulls pulls(const std::vector<sampler::CorrelatorEntry>& sampled, const std::vector<double>& ref_value,
            const std::vector<double>& ref_error);

/// The pulls of a sampled table against an exact one (entries in the same tuple order).
Pulls pulls(const std::vector<sampler::CorrelatorEntry>& sampled, const std::vector<sampler::CorrelatorEntry>& exact);

}  // namespace nnft::checks::detail
