// DeepGaussian::product (sampler/deep_product.cpp) against closed forms: the lattice rule of smooth σ and the
// closed-form innermost level of ReLU, on covariances made of independent blocks (the expectation factorises
// into known two-point kernels), with the variables of the blocks interleaved so that the nested levels carry
// non-zero offsets.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "sampler/detail/deep_gaussian.hpp"

using nnft::numeric::ActivationKind;
using nnft::sampler::detail::coarse_deep_rule;
using nnft::sampler::detail::DeepGaussian;
using nnft::sampler::detail::fine_deep_rule;

namespace {

// E[erf(u) erf(v)] for (u, v) ~ N(0, [[a, c], [c, b]]) (the arcsine kernel).
double erf_pair(double a, double c, double b) { return 2.0 / M_PI * std::asin(2.0 * c / std::sqrt((1.0 + 2.0 * a) * (1.0 + 2.0 * b))); }

// E[relu(u) relu(v)] (the arc-cosine kernel).
double relu_pair(double a, double c, double b) {
    const double s = std::sqrt(a * b), rho = c / s, theta = std::acos(rho);
    return s / (2.0 * M_PI) * (std::sqrt(1.0 - rho * rho) + (M_PI - theta) * rho);
}

// The 4 × 4 covariance with the pairs (0, 2) and (1, 3) correlated and independent of each other.
std::array<double, 16> interleaved(double a0, double c02, double a2, double a1, double c13, double a3) {
    return {a0, 0, c02, 0, 0, a1, 0, c13, c02, 0, a2, 0, 0, c13, 0, a3};
}

}  // namespace

TEST_CASE("Four-point product of smooth σ on the lattice rule equals the factorised arcsine kernels", "[sampler][deep]") {
    const auto cov = interleaved(1.3, 0.9, 0.8, 2.1, -1.2, 1.5);
    const int powers[4] = {1, 1, 1, 1};
    const double expect = erf_pair(1.3, 0.9, 0.8) * erf_pair(2.1, -1.2, 1.5);
    for (const auto& rule : {fine_deep_rule(), coarse_deep_rule()}) {
        const DeepGaussian dg(ActivationKind::erf, false, rule);
        CHECK(dg.product(cov.data(), powers, 4) == Approx(expect).epsilon(1e-11));
    }
    // Three variables, the innermost squared: E[erf(u) erf(v)] E[erf(w)²], E[erf(w)²] = (2/π) asin(2k/(1 + 2k)).
    const double cov3[9] = {0.7, 0.5, 0.0, 0.5, 1.9, 0.0, 0.0, 0.0, 1.1};
    const int powers3[3] = {1, 1, 2};
    const DeepGaussian dg(ActivationKind::erf, false, fine_deep_rule());
    CHECK(dg.product(cov3, powers3, 3) == Approx(erf_pair(0.7, 0.5, 1.9) * erf_pair(1.1, 1.1, 1.1)).epsilon(1e-11));
}

TEST_CASE("Four-point product of ReLU with the closed-form innermost level equals the arc-cosine kernels", "[sampler][deep]") {
    const auto cov = interleaved(1.3, 0.9, 0.8, 2.1, -1.2, 1.5);
    const int powers[4] = {1, 1, 1, 1};
    const double expect = relu_pair(1.3, 0.9, 0.8) * relu_pair(2.1, -1.2, 1.5);
    // The outer levels are Gauss–Legendre pieces split at the kink: the finer rule to ~3e-11, the coarser (the
    // error estimate) to ~1e-8.
    CHECK(DeepGaussian(ActivationKind::relu, true, fine_deep_rule()).product(cov.data(), powers, 4) ==
          Approx(expect).epsilon(1e-10));
    CHECK(DeepGaussian(ActivationKind::relu, true, coarse_deep_rule()).product(cov.data(), powers, 4) ==
          Approx(expect).epsilon(1e-7));
    // Powers (1, 3): the power-1 variable is moved innermost. E[relu(√a Z)] = √a φ(0), E[relu(√b Z)³] = 2 b^{3/2} φ(0).
    const double cov2[4] = {0.6, 0.0, 0.0, 1.7};
    const int powers2[2] = {1, 3};
    const double phi0 = 1.0 / std::sqrt(2.0 * M_PI);
    const DeepGaussian dg(ActivationKind::relu, true, fine_deep_rule());
    CHECK(dg.product(cov2, powers2, 2) == Approx(std::sqrt(0.6) * phi0 * 2.0 * std::pow(1.7, 1.5) * phi0).epsilon(1e-11));
}

TEST_CASE("Product of tanh: the rules converge on a fully correlated covariance", "[sampler][deep]") {
    // No closed form: the finer rule agrees with a finer lattice still (spacing 0.2) to ~2e-12, the coarser one
    // (the error estimate) to ~2e-10.
    const double cov[16] = {1.2, 0.6, 0.3, -0.2, 0.6, 0.9, 0.4, 0.1, 0.3, 0.4, 1.4, 0.5, -0.2, 0.1, 0.5, 0.7};
    const int powers[4] = {1, 1, 1, 1};
    nnft::sampler::detail::DeepRule finest = fine_deep_rule();
    finest.quad_spacing = 0.2;
    const double reference = DeepGaussian(ActivationKind::tanh, false, finest).product(cov, powers, 4);
    const double fine = DeepGaussian(ActivationKind::tanh, false, fine_deep_rule()).product(cov, powers, 4);
    const double coarse = DeepGaussian(ActivationKind::tanh, false, coarse_deep_rule()).product(cov, powers, 4);
    CHECK(std::abs(reference) > 1e-3);
    CHECK(fine == Approx(reference).epsilon(1e-11));
    CHECK(coarse == Approx(reference).epsilon(1e-9));
    CHECK(std::abs(coarse - reference) > std::abs(fine - reference));  // the coarser rule bounds the finer's error
}
