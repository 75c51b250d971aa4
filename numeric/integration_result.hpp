#pragma once
/// \file The result of one numerical integral: value, error estimate, cost and a status with its reason.
#include <string>

namespace nnft::numeric {

/// How an integration ended; integrators return it instead of throwing from their hot loops.
enum class Status {
    ok,                       ///< the requested tolerance was met
    max_evaluations_reached,  ///< the evaluation budget ran out first; value and error are the last estimates
    not_converged,            ///< the estimate is not trustworthy (non-finite values, rules disagree, ...)
    diverged                  ///< the integral does not exist (e.g. the integrand does not decay at infinity)
};

/// The name of a status ("ok", "max_evaluations_reached", "not_converged", "diverged").
std::string to_string(Status status);

/// The worse of two statuses (diverged > not_converged > max_evaluations_reached > ok).
inline Status worse(Status a, Status b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }

/// One integral's estimate. `reason` says why when status != ok.
struct IntegrationResult {
    double value = 0.0;           ///< the estimate
    double error = 0.0;           ///< the estimated absolute error
    long long evaluations = 0;    ///< integrand evaluations (nodes) spent; shared by all components of a batch
    Status status = Status::ok;   ///< how it ended
    std::string reason;           ///< a sentence when status != ok, else empty
};

}  // namespace nnft::numeric
