#pragma once
/// \file Streaming statistics: compensated (double-double) sums and jackknife errors.
#include <cstddef>
#include <span>
#include <vector>

namespace nnft::numeric {

/// A running sum kept as an unevaluated pair hi + lo (Knuth's TwoSum), so that adding millions of
/// terms, or merging partial sums in any grouping, loses nothing beyond ~1e-32 relative.
struct CompensatedSum {
    double hi = 0.0;  ///< leading part
    double lo = 0.0;  ///< rounding error carried along

    /// Add one term.
    void add(double x) {
        const double s = hi + x;
        const double bp = s - hi;
        const double err = (hi - (s - bp)) + (x - bp);
        hi = s;
        lo += err;
    }
    /// Merge another compensated sum into this one.
    void merge(const CompensatedSum& other) {
        add(other.hi);
        add(other.lo);
    }
    /// The sum rounded to double.
    double value() const { return hi + lo; }
};

/// Delete-one-group jackknife: `leave_one_out[g]` is the estimate without group g; returns the standard error sqrt((G-1)/G Σ (θ_g − θ̄)²), 0 when G < 2.
double jackknife_error(std::span<const double> leave_one_out);

/// Mean and standard error of the mean of independent batch means (batch-means method).
struct MeanError {
    double mean = 0.0;   ///< average of the batch means
    double error = 0.0;  ///< standard error of that average
};

/// Batch-means estimate from equally weighted batch means; error is 0 with fewer than 2 batches.
MeanError batch_means(std::span<const double> batch_means);

}  // namespace nnft::numeric
