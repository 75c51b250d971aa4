/// nnft.check: the cross-checks of `nnft check` (checks::run_checks) and its JSON document, the GIL released
/// while they run; Ctrl-C and the progress callback between checks.
#include "checks/check_report.hpp"
#include "common/limits.hpp"
#include "checks/registry.hpp"
#include "python/src/bindings.hpp"
#include "python/src/interrupt.hpp"

#include <thread>

namespace nnft::python {

namespace {

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
    check_threads(threads, "threads");
    st.threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    Interruptible link;
    auto after_each = [&](const checks::Check& c, const checks::CheckResult& r) {
        link.call([&] {
            if (!progress.is_none()) progress(c.name, r.passed, r.seconds);
        });
        if (link.stopped()) throw Interruptible::Stop{};
    };
    std::string text;
    link.run([&] {
        const std::lock_guard lock(ginac_mutex());
        const checks::CheckRun run = checks::run_checks(st, only, after_each);
        text = checks::check_json(run.checks, run.results).dump(2) + "\n";
    });
    return py::str(text);
}

}  // namespace

void register_checks(py::module_& m) {
    m.def("check", &check, "The JSON document of `nnft check --json` (see nnft.check).");
}

}  // namespace nnft::python
