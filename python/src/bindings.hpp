#pragma once
/// \file Shared pieces of the `_nnft` extension (the compiled half of the `nnft` Python module): keyword
/// arguments read by name with checked types, arrays in, exceptions out, and one registration function per area.
#include "sampler/network.hpp"
#include "symbolic/correlator_selection.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace nnft::python {

namespace py = pybind11;

/// The keyword arguments of one call, read by name. A missing or None argument leaves the target unchanged;
/// an argument of the wrong type raises ValueError naming it; `finish` refuses names that were never read.
class Options {
public:
    /// The arguments of `function` (named in messages).
    Options(std::string function, py::dict kwargs) : function_(std::move(function)), kwargs_(std::move(kwargs)) {}
    /// Read `name` into `out` when given (not None).
    template <class T>
    void read(const char* name, T& out) {
        const py::object v = take(name);
        if (!v.is_none()) out = cast<T>(v, name);
    }
    /// Read `name` into an optional when given (not None).
    template <class T>
    void read(const char* name, std::optional<T>& out) {
        const py::object v = take(name);
        if (!v.is_none()) out = cast<T>(v, name);
    }
    /// The raw argument (None when missing), marked as read.
    py::object take(const char* name);
    /// Raise ValueError naming the arguments that were passed but never read, and the valid ones.
    void finish() const;
    /// "function(): " for messages.
    std::string prefix() const { return function_ + "(): "; }

private:
    template <class T>
    T cast(const py::object& v, const char* name) const {
        try {
            return v.cast<T>();
        } catch (const py::cast_error&) {
            throw py::value_error(prefix() + "argument '" + name + "' must be " + type_text<T>() + ", not " +
                                  std::string(py::str(py::type::of(v).attr("__name__"))) + " " + std::string(py::repr(v)));
        }
    }
    template <class T>
    static const char* type_text() {
        if constexpr (std::is_same_v<T, bool>) return "a bool";
        else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) return "a non-negative int";
        else if constexpr (std::is_integral_v<T>) return "an int";
        else if constexpr (std::is_floating_point_v<T>) return "a real number";
        else return "a str";
    }

    std::string function_;
    py::dict kwargs_;
    std::vector<std::string> read_;
};

/// A C-ordered float64 array.
using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// Points as an (M, d_in) float64 array: a real array (or nested list) of two dimensions (one dimension reads as
/// M points of dimension 1); raises ValueError naming `name`, the expected shape and the problem (dtype, shape,
/// a non-finite value). `d_in` > 0 fixes the dimension.
DoubleArray points_array(const py::handle& obj, const std::string& name, long d_in = 0);

/// The input set of a call: a string ("x1;x2;…" or paper:NAME, study::input_set) or an array (points_array).
sampler::InputSet input_set(const py::handle& obj, const std::string& name, std::size_t d_in);

/// GiNaC is not thread-safe: calls that build or lower expressions (diagrams, correlator, integrate, activation
/// expressions) hold this lock, taken after the GIL is released.
std::mutex& ginac_mutex();

/// Read the correlator selection (theory, points, order, max_order, connected, one_pi, no_self_energy,
/// max_classes) of diagrams, correlator and integrate.
void read_selection(Options& o, symbolic::CorrelatorSelection& s);

/// Register nnft.Error (ValueError) and nnft.SizeLimitError, and translate nnft::Error, SizeLimitError and
/// InternalError (RuntimeError) raised by the library.
void register_errors(py::module_& m);
/// nnft.kernel: the NNGP kernel matrix.
void register_kernel(py::module_& m);
/// nnft.sample, nnft.exact: correlator documents of random-network ensembles.
void register_ensemble(py::module_& m);
/// nnft.integrate: numeric values of a correlator's terms.
void register_integrate(py::module_& m);
/// nnft.diagrams, nnft.correlator: diagram classes and exact formulas.
void register_diagrams(py::module_& m);
/// nnft.fit, nnft.beta, nnft.rg: coupling fits, β-functions and running couplings.
void register_eft(py::module_& m);
/// nnft.check: the cross-checks of `nnft check`.
void register_checks(py::module_& m);

}  // namespace nnft::python
