/// Keyword arguments, arrays in, and the mapping of library exceptions to Python exceptions.
#include "common/error.hpp"
#include "python/src/bindings.hpp"
#include "study/presets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace nnft::python {

std::mutex& ginac_mutex() {
    static std::mutex m;
    return m;
}

py::object Options::take(const char* name) {
    read_.emplace_back(name);
    return kwargs_.contains(name) ? py::reinterpret_borrow<py::object>(kwargs_[name]) : py::none();
}

void Options::finish() const {
    std::string unknown, valid;
    for (const auto& item : kwargs_) {
        const std::string k = py::str(item.first);
        if (std::find(read_.begin(), read_.end(), k) == read_.end()) unknown += (unknown.empty() ? "'" : ", '") + k + "'";
    }
    if (unknown.empty()) return;
    for (const auto& k : read_) valid += (valid.empty() ? "" : ", ") + k;
    throw py::type_error(prefix() + "unknown keyword argument " + unknown + "; the valid ones are: " + valid);
}

namespace {

// The dtype kinds accepted as real numbers: float, signed and unsigned integers.
bool real_kind(char kind) { return kind == 'f' || kind == 'i' || kind == 'u'; }

}  // namespace

DoubleArray points_array(const py::handle& obj, const std::string& name, long d_in) {
    const std::string shape = d_in > 0 ? "(M, " + std::to_string(d_in) + ")" : "(M, d_in)";
    py::array a = py::module_::import("numpy").attr("asarray")(obj);
    if (!real_kind(a.dtype().kind()))
        throw py::value_error(name + ": expected a real array of shape " + shape + ", got dtype " +
                              std::string(py::str(a.dtype())));
    if (a.ndim() == 1 && (d_in <= 1)) a = a.attr("reshape")(-1, 1);
    if (a.ndim() != 2 || a.shape(0) == 0 || (d_in > 0 && a.shape(1) != d_in))
        throw py::value_error(name + ": expected an array of shape " + shape + " with M >= 1, got shape " +
                              std::string(py::str(a.attr("shape"))));
    auto out = DoubleArray::ensure(a);
    if (!out) throw py::value_error(name + ": cannot be read as float64");
    const double* p = out.data();
    for (py::ssize_t i = 0; i < out.size(); ++i)
        if (!std::isfinite(p[i]))
            throw py::value_error(name + ": non-finite value " + std::to_string(p[i]) + " at row " +
                                  std::to_string(i / out.shape(1)) + ", column " + std::to_string(i % out.shape(1)));
    return out;
}

sampler::InputSet input_set(const py::handle& obj, const std::string& name, std::size_t d_in) {
    if (py::isinstance<py::str>(obj)) return study::input_set(obj.cast<std::string>(), d_in);
    const auto a = points_array(obj, name, static_cast<long>(d_in));
    sampler::InputSet in;
    in.d_in = d_in;
    in.x.assign(a.data(), a.data() + a.size());
    return in;
}

void register_errors(py::module_& m) {
    static py::exception<Error> error(m, "Error", PyExc_ValueError);
    static py::exception<SizeLimitError> size_error(m, "SizeLimitError", error.ptr());
    error.attr("__doc__") = "Bad input or an impossible request (a ValueError); the message names the problem and the fix.";
    size_error.attr("__doc__") = "A request larger than a configured limit (an nnft.Error); the message names the limit.";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const SizeLimitError& e) {
            size_error(e.what());
        } catch (const Error& e) {
            error(e.what());
        } catch (const InternalError& e) {
            PyErr_SetString(PyExc_RuntimeError, (std::string("nnft internal error (please report): ") + e.what()).c_str());
        }
    });
}

}  // namespace nnft::python
