#pragma once
/// \file Internal helpers shared by the integrators: tolerance test, compensated sums, final status checks.
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/integrand.hpp"
#include "numeric/integration_result.hpp"
#include "numeric/integrator_options.hpp"

namespace nnft::numeric::detail {

/// Neumaier-compensated running sum.
struct CompensatedSum {
    double sum = 0.0;   ///< running sum
    double comp = 0.0;  ///< compensation
    /// Add one term.
    void add(double x) {
        const double t = sum + x;
        comp += (std::abs(sum) >= std::abs(x)) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
    /// The compensated total.
    double value() const { return sum + comp; }
};

/// True when error ≤ max(abs_tol, rel_tol |value|).
inline bool within_tolerance(double value, double error, const IntegratorOptions& o) {
    return error <= std::max(o.abs_tol, o.rel_tol * std::abs(value));
}

/// Nodes per integrand call: `preferred`, lowered so that the components × nodes scratch stays within 8192
/// doubles (64 KiB; larger per-call buffers made glibc grow and trim the heap on every call, which dominated
/// small d_in = 1 integrals), but never below `minimum`.
inline std::size_t nodes_per_call(std::size_t components, std::size_t preferred, std::size_t minimum) {
    return std::max(minimum, std::min(preferred, std::size_t{8192} / std::max<std::size_t>(1, components)));
}

/// Scratch space of n doubles for one call: the calling thread's reusable buffer `cache` (a thread_local the
/// caller owns, one per call site so nested callers never share it) while n ≤ 65536, else a buffer of its own,
/// so that no thread keeps a large buffer alive. Contents are uninitialised.
class Scratch {
public:
    /// Take n doubles from `cache` (grown if needed) or, for large n, from a fresh buffer.
    Scratch(std::vector<double>& cache, std::size_t n) {
        if (n <= kMaxCached) {
            if (cache.size() < n) cache.resize(n);
            data_ = cache.data();
        } else {
            own_.resize(n);
            data_ = own_.data();
        }
    }
    /// The n doubles.
    double* data() const { return data_; }

private:
    static constexpr std::size_t kMaxCached = 65536;
    std::vector<double> own_;
    double* data_ = nullptr;
};

/// Validate options and the integrand/domain pairing; throws nnft::Error naming the fix.
void check_inputs(const BatchIntegrand& f, const Domain& domain, const IntegratorOptions& options);

/// Mark non-finite estimates not_converged (the integrators' last step).
void mark_non_finite(std::vector<IntegrationResult>& results);

/// The integrators' front door on R^d: probe every component's decay first (a few dozen nodes), report the
/// non-decaying ones `diverged` at once, and run `core` only on the components that can converge (so a
/// divergent component never drives a refinement loop to its budget). On boxes `core` runs on f directly.
std::vector<IntegrationResult> screen_divergent(
    const BatchIntegrand& f, const Domain& domain,
    const std::function<std::vector<IntegrationResult>(const BatchIntegrand&)>& core);

/// The components of f listed in `keep`, as an integrand of their own (f is evaluated, kept rows copied).
class ComponentSubset : public BatchIntegrand {
public:
    /// View f (which must outlive this) restricted to the components `keep` (indices into f's components).
    ComponentSubset(const BatchIntegrand& f, std::vector<std::size_t> keep) : f_(f), keep_(std::move(keep)) {}
    /// f's dimension.
    int dim() const override { return f_.dim(); }
    /// Number of kept components.
    std::size_t components() const override { return keep_.size(); }
    /// out[c * n + j] = f_{keep[c]}(node j).
    void evaluate(const PointBlock& nodes, double* out) const override;

private:
    const BatchIntegrand& f_;
    std::vector<std::size_t> keep_;
};

/// Per component: true when |y|^d |f(y)| does not fall off between |y| ~ 1e4 and 1e8 scales along probe rays
/// from the domain centre (so ∫_{R^d} f diverges). Components that underflow to 0 count as decaying.
std::vector<bool> non_decaying_components(const BatchIntegrand& f, const Domain& domain);

}  // namespace nnft::numeric::detail
