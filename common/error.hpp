#pragma once
/// \file Error types shared by all nnft modules.
#include <stdexcept>
#include <string>

namespace nnft {

/// Bad user input or an impossible request; the message names the problem and the fix.
class Error : public std::runtime_error {
public:
    /// Construct with a message that says what is wrong and what to change.
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// A request whose estimated size exceeds a configured limit; carries the estimate.
class SizeLimitError : public Error {
public:
    /// `estimate` is the predicted size; the message names the flag that raises the limit.
    SizeLimitError(const std::string& message, double estimate) : Error(message), estimate_(estimate) {}
    /// The estimated size of the refused job.
    double estimate() const { return estimate_; }

private:
    double estimate_;
};

/// Violated internal invariant (a bug in nnft, not a user error).
class InternalError : public std::logic_error {
public:
    /// Construct with a description of the broken invariant.
    explicit InternalError(const std::string& message) : std::logic_error(message) {}
};

}  // namespace nnft

/// Check an internal invariant; throws nnft::InternalError with file and line when it fails.
#define NNFT_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond))                                                                               \
            throw ::nnft::InternalError(std::string("internal invariant failed: ") + #cond + " at " + \
                                        __FILE__ + ":" + std::to_string(__LINE__));                \
    } while (0)
