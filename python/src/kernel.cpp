/// nnft.kernel: the NNGP kernel matrix K(X, Y) of numeric::Kernel for every activation the library knows.
#include "numeric/kernels.hpp"
#include "python/src/bindings.hpp"
#include "study/network_request.hpp"

namespace nnft::python {

namespace {

// The points of an (M, d) C-ordered array, coordinate-major.
numeric::PointSet point_set(const DoubleArray& a) {
    const auto m = static_cast<std::size_t>(a.shape(0)), d = static_cast<std::size_t>(a.shape(1));
    std::vector<double> coords(m * d);
    for (std::size_t j = 0; j < m; ++j)
        for (std::size_t k = 0; k < d; ++k) coords[k * m + j] = a.data()[j * d + k];
    return numeric::PointSet::from_coordinate_major(static_cast<int>(d), std::move(coords));
}

// kernel(**options): the (M, M') matrix as a float64 array, plus the kernel's relative error estimate.
py::tuple kernel(const py::kwargs& kwargs) {
    Options o("kernel", kwargs);
    study::KernelRequest r;
    o.read("net", r.net);
    o.read("activation", r.activation);
    o.read("depth", r.depth);
    o.read("sigma_w", r.sigma_w);
    o.read("sigma_b", r.sigma_b);
    o.read("weights", r.weights_law);
    o.read("biases", r.biases_law);
    o.read("out_weights", r.out_weights_law);
    o.read("out_bias", r.out_bias_law);
    bool eft = false;
    o.read("eft", eft);
    const py::object x = o.take("X"), y = o.take("Y");
    o.finish();
    const auto xa = points_array(x, "X");
    r.d_in = static_cast<int>(xa.shape(1));
    const auto ya = y.is_none() ? xa : points_array(y, "Y", xa.shape(1));
    numeric::KernelSpec spec = study::kernel_spec(r);
    spec.eft = eft;
    const numeric::PointSet xs = point_set(xa), ys = point_set(ya);
    py::array_t<double> out({xa.shape(0), ya.shape(0)});
    double* dst = out.mutable_data();
    double error = 0.0;
    {
        py::gil_scoped_release release;
        const numeric::Kernel k(spec);
        numeric::validate_points(xs, spec.d_in, "X");
        numeric::validate_points(ys, spec.d_in, "Y");
        k.rows(xs, ys.view(), dst);  // straight into the array (row-major M x M')
        error = k.max_relative_error();
    }
    return py::make_tuple(out, error);
}

}  // namespace

void register_kernel(py::module_& m) {
    m.def("check_activation_choice", &study::check_activation_choice,
          "Raise nnft.Error unless exactly one of net and activation is given (the CLI's message).");
    m.def("kernel", &kernel, "K(X, Y) as an (M, M') array and the kernel's relative error estimate (see nnft.kernel).");
}

}  // namespace nnft::python
