/// nnft.diagrams and nnft.correlator: symbolic::build_correlator and the library's printers (text, LaTeX, C++,
/// JSON), so that every output is the CLI's.
#include "python/src/bindings.hpp"
#include "symbolic/print.hpp"

namespace nnft::python {

void read_selection(Options& o, symbolic::CorrelatorSelection& s) {
    o.read("theory", s.theory);
    o.read("points", s.points);
    o.read("order", s.order);
    o.read("max_order", s.max_order);
    o.read("connected", s.connected);
    o.read("one_pi", s.one_pi);
    o.read("no_self_energy", s.no_self_energy);
    o.read("max_classes", s.max_classes);
}

namespace {

// build_correlator(**selection): the correlator of the selection (GIL released while the classes are generated).
symbolic::Correlator build(const py::kwargs& kwargs) {
    Options o("correlator", kwargs);
    symbolic::CorrelatorSelection s;
    read_selection(o, s);
    o.finish();
    py::gil_scoped_release release;
    const std::lock_guard lock(ginac_mutex());
    return symbolic::build_correlator(symbolic::make_request(s));
}

}  // namespace

void register_diagrams(py::module_& m) {
    py::class_<symbolic::Correlator>(m, "Correlator", "A correlator built by the library (see nnft.correlator).")
        .def_readonly("points", &symbolic::Correlator::points, "Number of external points.")
        .def("__len__", [](const symbolic::Correlator& c) { return c.terms.size(); }, "Number of terms.")
        .def("theory", [](const symbolic::Correlator& c) { return c.theory.str(); }, "The theory's text.")
        .def("text", &symbolic::correlator_text, "One line per term (`nnft correlator`).")
        .def("latex",
             [](const symbolic::Correlator& c, bool group, double width, int terms_per_line, bool standalone) {
                 return symbolic::correlator_latex(c, {group, width, terms_per_line, standalone});
             },
             py::arg("group") = false, py::arg("width") = symbolic::LatexOptions{}.width_pt,
             py::arg("terms_per_line") = 0, py::arg("standalone") = false,
             "LaTeX (`nnft correlator --format latex [--group] [--latex-width W] [--terms-per-line N] [--standalone]`).")
        .def("cpp", [](const symbolic::Correlator& c, const std::string& ns) { return symbolic::correlator_cpp(c, ns); },
             py::arg("namespace") = "nnft_generated", "A C++ header (`nnft correlator --format cpp`).")
        .def("json", &symbolic::correlator_json, "The JSON document of `nnft correlator --json`.")
        .def("diagrams_json", &symbolic::diagrams_json, "The JSON document of `nnft diagrams --json`.")
        .def("diagrams_text", &symbolic::diagrams_text, "The text of `nnft diagrams`.");
    m.def("build_correlator", &build, "The correlator of a selection (see nnft.correlator).");
}

}  // namespace nnft::python
