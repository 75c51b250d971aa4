/// The `_nnft` extension module: registers each area's functions (the documented API is nnft/__init__.py).
#include "python/src/bindings.hpp"

#ifndef NNFT_VERSION
#define NNFT_VERSION "unknown"
#endif

PYBIND11_MODULE(_nnft, m) {
    m.doc() = "nnft's compiled core; use the nnft package (import nnft), which documents every function.";
    m.attr("__version__") = NNFT_VERSION;
    nnft::python::register_errors(m);
    nnft::python::register_kernel(m);
    nnft::python::register_ensemble(m);
    nnft::python::register_integrate(m);
    nnft::python::register_diagrams(m);
    nnft::python::register_eft(m);
    nnft::python::register_checks(m);
}
