/// Ctrl-C and Python progress callbacks for long library calls (see interrupt.hpp).
#include "python/src/interrupt.hpp"

namespace nnft::python {

namespace py = pybind11;

Interruptible::Interruptible(py::object progress) : progress_(std::move(progress)), last_(Clock::now()) {}

bool Interruptible::poll(std::uint64_t done, std::uint64_t total, const std::string& what) {
    const bool new_phase = what != phase_, finished = total > 0 && done >= total;
    const auto now = Clock::now();
    if (!new_phase && !finished && now - last_ < std::chrono::milliseconds(50)) return stopped();
    phase_ = what;
    last_ = now;
    call([&] {
        if (!progress_.is_none()) progress_(done, total, what);
    });
    return stopped();
}

ProgressFn Interruptible::observer() {
    return [this](std::uint64_t done, std::uint64_t total, const std::string& what) { report(done, total, what); };
}

void Interruptible::rethrow() {
    if (pending_) {
        auto e = std::move(pending_);
        throw py::error_already_set(std::move(*e));
    }
}

}  // namespace nnft::python
