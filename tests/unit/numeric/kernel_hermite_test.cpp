// The kernel of activations without a closed form (numeric/kernel_hermite.cpp): an activation program equal
// to erf or relu reproduces the closed-form kernels (docs/physics-setup.md §2) at depth 1 and through the deep
// recursion, batched and one pair at a time; the error estimate is small and recorded.
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <cmath>
#include <memory>
#include <vector>

#include "numeric/activation_program.hpp"
#include "numeric/kernels.hpp"
#include "tests/support/random_points.hpp"

using namespace nnft::numeric;

namespace {

// "erf(x)" and "x*step(x)" as programs: the same functions as the built-in erf and relu.
Activation erf_program() {
    auto p = std::make_shared<ActivationProgram>();
    p->emit(ActivationOp::erf, p->emit(ActivationOp::x));
    return Activation::expression("erf(x)", p);
}
Activation relu_program() {
    auto p = std::make_shared<ActivationProgram>();
    const auto x = p->emit(ActivationOp::x);
    p->emit(ActivationOp::mul, x, p->emit(ActivationOp::step, x));
    return Activation::expression("x*step(x)", p);
}

}  // namespace

TEST_CASE("quadrature kernels reproduce the closed forms, deep recursion included", "[numeric][kernels][hermite]") {
    struct Case {
        Activation program;
        ActivationKind closed;
        double sigma_b;
    };
    for (const Case& c : {Case{erf_program(), ActivationKind::erf, 0.8}, Case{relu_program(), ActivationKind::relu, 0.0},
                          Case{relu_program(), ActivationKind::relu, 0.5}})
        for (int d : {1, 2})
            for (int depth : {1, 3}) {
                const KernelSpec exact{c.closed, d, 1.3, c.sigma_b, depth, true};
                KernelSpec numeric = exact;
                numeric.activation = c.program;
                const Kernel ke(exact), kn(numeric);
                CHECK(ke.closed_form());
                CHECK_FALSE(kn.closed_form());
                const auto xs = random_points(d, 4, 11u, 1.0), ys = random_points(d, 40, 12u, 3.0);
                const Eigen::MatrixXd a = ke.matrix(xs, ys), b = kn.matrix(xs, ys);
                const Eigen::MatrixXd dx = ke.matrix(xs, xs), dy = ke.matrix(ys, ys);
                for (Eigen::Index i = 0; i < a.rows(); ++i)
                    for (Eigen::Index j = 0; j < a.cols(); ++j) {
                        const double scale = c.sigma_b * c.sigma_b + std::sqrt(dx(i, i) * dy(j, j));
                        INFO(c.program.name() << " d = " << d << " depth " << depth << ": " << b(i, j) << " vs " << a(i, j));
                        CHECK(std::abs(a(i, j) - b(i, j)) <= 1e-11 * scale);
                    }
                const double one = kn(xs.point(1), ys.point(7));
                CHECK(one == Approx(b(1, 7)).epsilon(1e-15));
                CHECK(kn.max_relative_error() > 0.0);
                CHECK(kn.max_relative_error() <= 1e-10);
            }
}
