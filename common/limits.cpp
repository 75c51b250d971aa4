#include "common/limits.hpp"

#include "common/error.hpp"

#include <cmath>
#include <sstream>
#include <thread>

namespace nnft {

unsigned max_threads() {
    const unsigned cores = std::thread::hardware_concurrency();
    return kThreadsPerCore * (cores ? cores : 8u);
}

std::string threads_problem(double threads) {
    const unsigned cap = max_threads();
    if (threads >= 0.0 && threads <= cap) return "";
    if (!(threads >= 0.0)) return "expected a thread count >= 0 (0: one per core)";
    return "expected at most " + std::to_string(cap) + " threads (" + std::to_string(kThreadsPerCore) +
           " per core; 0 or no flag: one per core)";
}

std::string checkpoint_interval_problem(double seconds) {
    if (std::isfinite(seconds) && seconds >= kMinCheckpointSeconds) return "";
    std::ostringstream os;
    os << "expected a finite number of seconds, at least " << kMinCheckpointSeconds;
    return os.str();
}

void check_threads(double threads, const std::string& option) {
    const std::string problem = threads_problem(threads);
    if (!problem.empty()) throw Error(option + ": " + problem);
}

void check_checkpoint_interval(double seconds, const std::string& option) {
    const std::string problem = checkpoint_interval_problem(seconds);
    if (!problem.empty()) throw Error(option + ": " + problem);
}

}  // namespace nnft
