// Kernels of activations without a closed form (numeric::Kernel's Hermite/Mehler path, docs/methods/kernels.md)
// against the closed form and against the plain alternative a user would write: a tensor Gauss–Hermite rule per
// pair. A 4 × 1000 kernel matrix (d_in = 1, σ_W = σ_b = 1, nodes y ∈ [−10, 10], the rows of a vertex integral):
// CPU seconds and the largest error against the closed form (erf, as the program 'erf(x)'; leaky_relu:0.1 forced
// onto quadrature, against its arc-cosine closed form); for gelu and tanh (no closed form) the Gauss–Hermite
// columns show their distance from the quadrature kernel, whose
// own accuracy is established by tests/unit/numeric/gaussian_pair_test.cpp (tanh vs an independent trapezoid).
// Usage: bench_kernel_quadrature
#include "bench/cpu_time.hpp"
#include "numeric/gauss_hermite.hpp"
#include "numeric/kernels.hpp"
#include "symbolic/activation_expression.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace nnft;

using nnft::bench::cpu_seconds;

namespace {

// K = σ_b² + σ_W² E[σ(u)σ(v)] by an n × n tensor Gauss–Hermite rule in (z1, z2), u = s_x z1, v = s_y(ρ z1 + r z2).
double gauss_hermite_kernel(const numeric::Activation& a, const numeric::GaussHermiteRule& g, double x, double y) {
    const double vx = 1 + x * x, vy = 1 + y * y, c = 1 + x * y;
    const double sx = std::sqrt(vx), sy = std::sqrt(vy), rho = c / (sx * sy), r = std::sqrt(std::max(0.0, 1 - rho * rho));
    const std::size_t n = g.nodes.size();
    std::vector<double> fu(n), fv(n * n);
    for (std::size_t i = 0; i < n; ++i) {
        fu[i] = sx * g.nodes[i];
        for (std::size_t j = 0; j < n; ++j) fv[i * n + j] = sy * (rho * g.nodes[i] + r * g.nodes[j]);
    }
    a.apply(fu.data(), n);
    a.apply(fv.data(), n * n);
    double s = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) s += g.weights[i] * g.weights[j] * fu[i] * fv[i * n + j];
    return 1 + s;
}

void run(const char* name, const numeric::Activation& a, const numeric::Activation* closed) {
    std::vector<std::vector<double>> rows = {{0.2}, {0.6}, {1.0}, {1.2}}, cols;
    for (int j = 0; j < 1000; ++j) cols.push_back({-10.0 + 20.0 * (j + 0.5) / 1000});
    const auto xs = numeric::PointSet::from_rows(rows), ys = numeric::PointSet::from_rows(cols);
    double t0 = cpu_seconds();
    const numeric::Kernel k({a, 1, 1.0, 1.0, 1, false});
    const Eigen::MatrixXd q = k.matrix(xs, ys);
    const double t_quad = cpu_seconds() - t0;
    Eigen::MatrixXd ref = q;  // no closed form: the Gauss–Hermite rules are compared with the quadrature kernel
    double t_ref = 0;
    if (closed) {
        t0 = cpu_seconds();
        ref = numeric::Kernel({*closed, 1, 1.0, 1.0, 1, false}).matrix(xs, ys);
        t_ref = cpu_seconds() - t0;
    }
    std::printf("%-12s quadrature kernel: %8.4f s, error estimate %.1e", name, t_quad, k.max_relative_error());
    if (closed)
        std::printf(", max |error| %.1e; closed form %.5f s (ratio %.0f)", (q - ref).cwiseAbs().maxCoeff(), t_ref, t_quad / t_ref);
    std::printf("\n");
    for (int n : {32, 64, 128}) {
        const numeric::GaussHermiteRule g = numeric::gauss_hermite(n);
        t0 = cpu_seconds();
        double worst = 0;
        for (Eigen::Index i = 0; i < q.rows(); ++i)
            for (Eigen::Index j = 0; j < q.cols(); ++j)
                worst = std::max(worst, std::abs(gauss_hermite_kernel(a, g, rows[i][0], cols[j][0]) - ref(i, j)));
        std::printf("%-12s   Gauss-Hermite %3d x %-3d: %8.4f s, max |difference| %.1e\n", "", n, n, cpu_seconds() - t0, worst);
    }
}

}  // namespace

int main() {
    symbolic::ActivationParseOptions forced;
    forced.map_builtins = false;
    const numeric::Activation erf_closed = numeric::ActivationKind::erf;
    run("erf(x)", symbolic::resolve_activation("erf(x)", forced), &erf_closed);
    run("gelu", symbolic::resolve_activation("gelu"), nullptr);
    run("tanh", numeric::ActivationKind::tanh, nullptr);
    // leaky_relu's closed form (the arc-cosine one, Activation::kink_slopes) is the reference of its quadrature kernel.
    symbolic::ActivationParseOptions quadrature;
    quadrature.piecewise_linear = false;
    const numeric::Activation leaky_closed = symbolic::resolve_activation("leaky_relu:0.1");
    run("leaky_relu", symbolic::resolve_activation("leaky_relu:0.1", quadrature), &leaky_closed);
    return 0;
}
