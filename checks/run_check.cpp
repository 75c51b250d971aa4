#include "checks/check.hpp"

#include <chrono>
#include <exception>

namespace nnft::checks {

CheckResult run_check(const Check& check) {
    const auto t0 = std::chrono::steady_clock::now();
    CheckResult r;
    try {
        r = check.run();
    } catch (const std::exception& e) {
        r.name = check.name;
        r.passed = false;
        r.detail = std::string("error: ") + e.what();
    }
    if (r.name.empty()) r.name = check.name;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

}  // namespace nnft::checks
