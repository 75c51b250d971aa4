#pragma once
/// \file Ctrl-C and Python progress callbacks for long library calls that run with the GIL released: the
/// library reports progress (nnft::ProgressFn) from the calling thread between units of work; at most every
/// 50 ms the GIL is taken there, the Python callback called and pending signals checked. A Python exception
/// (KeyboardInterrupt from Ctrl-C, or one raised by the callback) is kept, the library call left by throwing
/// through it, and the exception re-raised once the GIL is back.
#include "common/progress.hpp"

#include <pybind11/pybind11.h>

#include <chrono>
#include <memory>

namespace nnft::python {

/// One long call's link to Python: the throttled observer, the kept exception, and the run with the GIL released.
class Interruptible {
public:
    /// `progress`: None, or a callable taking (done, total, what) — total 0 when unknown, what the phase.
    explicit Interruptible(pybind11::object progress = pybind11::none());
    /// The observer to set on the library request (it throws to leave the call once Python has an exception).
    ProgressFn observer();
    /// Take the GIL, call `f` there and check for signals (Ctrl-C); a Python exception from either is kept (the
    /// first one) and reported by `stopped`.
    template <class F>
    void call(F&& f) {
        pybind11::gil_scoped_acquire gil;
        try {
            f();
            if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
        } catch (pybind11::error_already_set& e) {
            if (!pending_) pending_ = std::make_unique<pybind11::error_already_set>(std::move(e));
        }
    }
    /// When at least 50 ms have passed since the last poll that went through (or at a new phase or the last
    /// unit), call the Python callback with (done, total, what) and check for signals; returns `stopped()`.
    bool poll(std::uint64_t done, std::uint64_t total, const std::string& what);
    /// `poll`, throwing Stop to leave the library call once a Python exception is kept.
    void report(std::uint64_t done, std::uint64_t total, const std::string& what) {
        if (poll(done, total, what)) throw Stop{};
    }
    /// Whether a Python exception is kept (the run must stop).
    bool stopped() const { return pending_ != nullptr; }
    /// Re-raise the kept exception (call with the GIL held); nothing when none is kept.
    void rethrow();
    /// Run `f` with the GIL released; when it stops through the observer, re-raise the kept Python exception.
    template <class F>
    void run(F&& f) {
        try {
            pybind11::gil_scoped_release release;
            f();
        } catch (const Stop&) {
        }
        rethrow();
    }
    /// Thrown by `report` to leave the library call (not a std::exception, so library handlers do not wrap it).
    struct Stop {};

private:
    using Clock = std::chrono::steady_clock;
    pybind11::object progress_;
    Clock::time_point last_;
    std::string phase_;
    std::unique_ptr<pybind11::error_already_set> pending_;
};

}  // namespace nnft::python
