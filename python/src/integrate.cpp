/// nnft.integrate: `nnft integrate` as a call (study::integrate), the GIL released while it runs.
#include "common/error.hpp"
#include "python/src/bindings.hpp"
#include "python/src/interrupt.hpp"
#include "study/integrate_request.hpp"

#include <sstream>

namespace nnft::python {

namespace {

// A tuples argument: "sorted", "all", "0,1,2,3;…", or a sequence of index sequences.
std::string tuples_text(const py::object& t) {
    if (py::isinstance<py::str>(t)) return t.cast<std::string>();
    std::ostringstream text;
    try {
        const char* tuple_sep = "";
        for (const py::handle tuple : t) {
            text << tuple_sep;
            tuple_sep = ";";
            const char* sep = "";
            for (const py::handle i : tuple) {
                text << sep << i.cast<long>();
                sep = ",";
            }
        }
    } catch (const py::error_already_set&) {
        throw py::value_error("integrate(): tuples must be 'sorted', 'all', text '0,1,2,3;0,0,1,1' or a list of index tuples");
    } catch (const py::cast_error&) {
        throw py::value_error("integrate(): tuples must be 'sorted', 'all', text '0,1,2,3;0,0,1,1' or a list of index tuples");
    }
    return text.str();
}

// integrate(**options): {"document": the --json text, "text": the text output, "complete": no term failed}.
py::dict integrate(const py::kwargs& kwargs) {
    Options o("integrate", kwargs);
    study::IntegrateRequest r;
    read_selection(o, r.correlator);
    o.read("net", r.kernel.net);
    o.read("activation", r.kernel.activation);
    o.read("din", r.kernel.d_in);
    o.read("depth", r.kernel.depth);
    o.read("sigma_w", r.kernel.sigma_w);
    o.read("sigma_b", r.kernel.sigma_b);
    o.read("weights", r.kernel.weights_law);
    o.read("biases", r.kernel.biases_law);
    o.read("out_weights", r.kernel.out_weights_law);
    o.read("out_bias", r.kernel.out_bias_law);
    o.read("keep_bias", r.keep_bias);
    const py::object cutoff = o.take("cutoff"), inputs = o.take("inputs"), tuples = o.take("tuples");
    if (!cutoff.is_none()) r.cutoff = py::str(cutoff);
    if (!tuples.is_none()) r.tuples = tuples_text(tuples);
    o.read("method", r.method);
    o.read("check_method", r.check_method);
    o.read("rel_tol", r.rel_tol);
    o.read("max_evaluations", r.max_evaluations);
    o.read("max_memory_gb", r.max_memory_gb);
    o.read("max_seconds", r.max_seconds);
    o.read("grid", r.grid);
    o.read("qmc_rel_tol", r.qmc_rel_tol);
    Interruptible link(o.take("progress"));
    o.finish();
    if (r.kernel.d_in < 1) throw Error("--din must be at least 1");
    if (py::isinstance<py::str>(inputs)) r.inputs = inputs.cast<std::string>();
    else if (!inputs.is_none()) r.input_points = input_set(inputs, "inputs", static_cast<std::size_t>(r.kernel.d_in));
    std::string document, text;
    bool complete = true;
    r.progress = link.observer();
    link.run([&] {
        const std::lock_guard lock(ginac_mutex());
        const study::IntegrateResult res = study::integrate(r);
        document = res.document.dump(2) + "\n";
        text = res.text;
        complete = res.complete;
    });
    py::dict out;
    out["document"] = document;
    out["text"] = text;
    out["complete"] = complete;
    return out;
}

}  // namespace

void register_integrate(py::module_& m) {
    m.def("integrate", &integrate, "The JSON document and text of `nnft integrate` (see nnft.integrate).");
}

}  // namespace nnft::python
