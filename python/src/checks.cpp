/// nnft.check: the cross-checks of `nnft check` (checks::run_checks) and its JSON document, the GIL released
/// while they run; Ctrl-C and the progress callback between checks.
#include "checks/check_report.hpp"
#include "checks/registry.hpp"
#include "python/src/bindings.hpp"

#include <memory>
#include <thread>

namespace nnft::python {

namespace {

// Thrown from the after-each hook to leave checks::run_checks when Python has an exception to raise.
struct Interrupted {};

py::str check(const py::kwargs& kwargs) {
    Options o("check", kwargs);
    checks::EnsembleCheckSettings st;
    std::string only;
    unsigned threads = 0;
    o.read("only", only);
    o.read("threads", threads);
    o.read("scale", st.networks_scale);
    const py::object progress = o.take("progress");
    o.finish();
    st.threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    std::unique_ptr<py::error_already_set> pending;
    auto after_each = [&](const checks::Check& c, const checks::CheckResult& r) {
        py::gil_scoped_acquire gil;
        try {
            if (!progress.is_none()) progress(c.name, r.passed, r.seconds);
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        } catch (py::error_already_set& e) {
            pending = std::make_unique<py::error_already_set>(std::move(e));
            throw Interrupted{};
        }
    };
    std::string text;
    try {
        py::gil_scoped_release release;
        const std::lock_guard lock(ginac_mutex());
        const checks::CheckRun run = checks::run_checks(st, only, after_each);
        text = checks::check_json(run.checks, run.results).dump(2) + "\n";
    } catch (const Interrupted&) {
        throw py::error_already_set(std::move(*pending));
    }
    return py::str(text);
}

}  // namespace

void register_checks(py::module_& m) {
    m.def("check", &check, "The JSON document of `nnft check --json` (see nnft.check).");
}

}  // namespace nnft::python
