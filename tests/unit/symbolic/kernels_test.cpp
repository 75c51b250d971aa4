// The GiNaC kernel expressions (symbolic/kernels) and the SIMD numeric kernels (numeric/kernels) are
// independent implementations of docs/physics-setup.md §2; they must agree to ~1e-14 on random points.
#include "numeric/kernels.hpp"
#include "symbolic/kernels.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace nnft;

TEST_CASE("symbolic and numeric GP kernels agree on random points", "[symbolic][kernels]") {
    const std::uint64_t seed = 20261128;
    INFO("seed " << seed);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> coord(-2.0, 2.0), sigma(0.3, 2.0);
    double worst = 0;
    for (const char* net : {"erf", "relu", "gauss"}) {
        for (int d = 1; d <= 3; ++d) {
            for (int trial = 0; trial < 20; ++trial) {
                numeric::KernelSpec spec;
                spec.activation = numeric::parse_kernel_activation(net);
                spec.d_in = d;
                spec.sigma_w = sigma(rng);
                spec.sigma_b = trial % 4 == 0 ? 0.0 : sigma(rng);
                spec.eft = trial % 2 == 1;
                // Every third trial an output layer of its own (C_W, C_b; numeric::KernelSpec::output).
                if (trial % 3 == 2) spec.output = numeric::OutputVariances{sigma(rng), trial % 4 == 0 ? 0.0 : sigma(rng)};
                const symbolic::SymbolicKernel sk = symbolic::symbolic_kernel(spec);
                const numeric::Kernel kn(spec);
                // Evaluate the numeric kernel on many nodes at once (the batched SIMD path) and one at a time.
                std::vector<std::vector<double>> xs(3, std::vector<double>(d)), ys(5, std::vector<double>(d));
                for (auto& p : xs)
                    for (auto& v : p) v = coord(rng);
                for (auto& p : ys)
                    for (auto& v : p) v = coord(rng);
                const Eigen::MatrixXd batched = kn.matrix(numeric::PointSet::from_rows(xs), numeric::PointSet::from_rows(ys));
                for (std::size_t i = 0; i < xs.size(); ++i)
                    for (std::size_t j = 0; j < ys.size(); ++j) {
                        const double exact = symbolic::kernel_value(sk, xs[i], ys[j]);
                        const double scale = std::max(1.0, std::abs(exact));
                        const double e1 = std::abs(batched(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) - exact) / scale;
                        const double e2 = std::abs(kn(xs[i], ys[j]) - exact) / scale;
                        worst = std::max({worst, e1, e2});
                        INFO(net << " d=" << d << " sigma_w=" << spec.sigma_w << " sigma_b=" << spec.sigma_b
                                 << " output " << (spec.output ? spec.output->weights : -1.0));
                        CHECK(e1 <= 1e-14);
                        CHECK(e2 <= 1e-14);
                    }
            }
        }
    }
    WARN("largest relative difference symbolic vs numeric kernels: " << worst);
}

TEST_CASE("symbolic and numeric uniform-phase sin/cos kernels agree", "[symbolic][kernels]") {
    // K = σ_b² + a exp(−σ_W²|x−y|²/(2 d_in)) as a GiNaC expression (symbolic_kernel of the numeric spec) and
    // through the numeric Gauss-form loop.
    numeric::KernelSpec spec;
    spec.activation = numeric::Activation::expression("cos", nullptr);
    spec.d_in = 2;
    spec.sigma_w = 1.3;
    spec.sigma_b = 0.4;
    spec.phase_amplitude = 0.75;
    const symbolic::SymbolicKernel sk = symbolic::symbolic_kernel(spec);
    const std::vector<double> x{0.3, -1.1}, y{-0.4, 0.9};
    const double r2 = 0.7 * 0.7 + 2.0 * 2.0;
    const double want = 0.16 + 0.75 * std::exp(-1.69 * r2 / 4.0);
    CHECK(symbolic::kernel_value(sk, x, y) == Approx(want).epsilon(1e-14));
    spec.eft = true;
    CHECK(symbolic::kernel_value(symbolic::symbolic_kernel(spec), x, y) == Approx(want - 0.16).epsilon(1e-14));
}
