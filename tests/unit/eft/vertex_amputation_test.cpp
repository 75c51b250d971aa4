// Amputation of a connected 4-point function on a quadrature grid (eft/vertex_amputation): the symmetric
// leg-by-leg contraction against a naive dense loop, the discrete δ-vertex −24λ δ_abcd / w_a³ of local data
// (derived in eft/vertex_amputation.hpp), recovery of λ from synthetic local data with and without
// regularisation, the bilocal λNL operator flagged as non-local, and bad input.
#include "eft/vertex_amputation.hpp"

#include "common/error.hpp"
#include "numeric/gauss_legendre.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace nnft::eft;

namespace {

struct Grid {
    std::vector<double> x, w;
    Eigen::MatrixXd k;
};

// Gauss–Legendre on [−1, 1] with the Laplace kernel e^{−|x−y|}: a positive-definite kernel whose
// eigenvalues decay only like 1/k², so small grids are well conditioned.
Grid laplace_grid(int n) {
    const auto r = nnft::numeric::gauss_legendre_rule(n);
    Grid g{r.nodes, r.weights, Eigen::MatrixXd(n, n)};
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) g.k(a, b) = std::exp(-std::abs(g.x[static_cast<std::size_t>(a)] - g.x[static_cast<std::size_t>(b)]));
    return g;
}

SymmetricTensor4 scaled(const SymmetricTensor4& t, double f) {
    SymmetricTensor4 out = t;
    for (double& v : out.values()) v *= f;
    return out;
}

}  // namespace

TEST_CASE("symmetric 4-tensor storage: one slot per multiset, n^4/24 values", "[eft][action]") {
    SymmetricTensor4 t(7);
    CHECK(t.size() == 210);  // C(7+3, 4)
    t.at(3, 1, 6, 1) = 2.5;
    CHECK(t.at(1, 1, 3, 6) == 2.5);
    CHECK(t.at(6, 3, 1, 1) == 2.5);
    CHECK(t.index(0, 0, 0, 0) == 0);
    CHECK_THROWS_AS(t.at(0, 0, 0, 7), nnft::Error);
    CHECK_THROWS_AS(SymmetricTensor4(0), nnft::Error);
}

TEST_CASE("leg-by-leg amputation from symmetric storage equals a naive dense contraction", "[eft][action]") {
    const int n = 6, r = 4;
    const Grid g = laplace_grid(n);
    const KernelSpectrum sp = kernel_spectrum(g.k, g.w);
    std::mt19937_64 rng(20261129);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    SymmetricTensor4 t(n);
    for (double& v : t.values()) v = u(rng);
    const std::vector<double> fast = amputated_vertex(sp, t, r);
    Eigen::MatrixXd b(n, r);
    for (int a = 0; a < n; ++a)
        for (int al = 0; al < r; ++al) b(a, al) = sp.sqrt_weights(a) * sp.vectors(a, al) / sp.eigenvalues(al);
    double worst = 0.0, scale = 0.0;
    for (int al = 0; al < r; ++al)
        for (int be = 0; be < r; ++be)
            for (int ga = 0; ga < r; ++ga)
                for (int de = 0; de < r; ++de) {
                    double s = 0.0;
                    for (int a = 0; a < n; ++a)
                        for (int bb = 0; bb < n; ++bb)
                            for (int c = 0; c < n; ++c)
                                for (int d = 0; d < n; ++d) s += t.at(a, bb, c, d) * b(a, al) * b(bb, be) * b(c, ga) * b(d, de);
                    worst = std::max(worst, std::abs(s - fast[static_cast<std::size_t>(((al * r + be) * r + ga) * r + de)]));
                    scale = std::max(scale, std::abs(s));
                }
    INFO("max |naive - symmetric| = " << worst << ", scale " << scale);
    CHECK(worst <= 1e-12 * scale);
}

TEST_CASE("local data amputate to the discrete delta vertex -24 lambda delta/w^3 and give lambda back", "[eft][action]") {
    const int n = 8;
    const double lambda = 0.37;
    const Grid g = laplace_grid(n);
    const KernelSpectrum sp = kernel_spectrum(g.k, g.w);
    INFO("condition number of W^1/2 K W^1/2: " << sp.eigenvalues(0) / sp.eigenvalues(n - 1));
    REQUIRE(sp.eigenvalues(n - 1) > 1e-4 * sp.eigenvalues(0));
    const SymmetricTensor4 local = local_vertex_g4(g.k, g.w);
    const SymmetricTensor4 data = scaled(local, lambda);
    // Unregularised: Γ̃ = Γ̂ ×_i U must be −24λ δ_abcd / w_a (L²(w) normalisation), i.e. Γ = −24λ δ / w³ after W^{-1/2} per leg.
    const std::vector<double> gh = amputated_vertex(sp, data, n);
    double worst = 0.0;
    for (int a = 0; a < n; ++a)
        for (int b = a; b < n; ++b)
            for (int c = b; c < n; ++c)
                for (int d = c; d < n; ++d) {
                    double s = 0.0;
                    for (int al = 0; al < n; ++al)
                        for (int be = 0; be < n; ++be)
                            for (int ga = 0; ga < n; ++ga)
                                for (int de = 0; de < n; ++de)
                                    s += gh[static_cast<std::size_t>(((al * n + be) * n + ga) * n + de)] * sp.vectors(a, al) * sp.vectors(b, be) *
                                         sp.vectors(c, ga) * sp.vectors(d, de);
                    const double gamma = s / (sp.sqrt_weights(a) * sp.sqrt_weights(b) * sp.sqrt_weights(c) * sp.sqrt_weights(d));
                    const double expect = (a == d) ? -24.0 * lambda / std::pow(g.w[static_cast<std::size_t>(a)], 3) : 0.0;
                    worst = std::max(worst, std::abs(gamma - expect) / (24.0 * lambda / std::pow(g.w[0], 3)));
                }
    INFO("max deviation from the delta vertex, relative: " << worst);
    CHECK(worst < 1e-10);
    SymmetricTensor4 zero(n);
    const LocalVertexFit f = fit_local_vertex(sp, data, zero, local, n);
    CHECK(std::abs(f.lambda - lambda) <= 1e-13 * lambda);
    CHECK(f.residual < 1e-11);  // round-off only (≈ cond⁴·ε at worst)
    CHECK(f.diagonal_fraction_data == Approx(1.0).epsilon(1e-12));
    CHECK(f.diagonal_fraction_local == Approx(1.0).epsilon(1e-12));
    // Regularised: the local model smeared by the same truncation still matches exactly, but is no longer diagonal.
    const LocalVertexFit fr = fit_local_vertex(sp, data, zero, local, n - 3);
    CHECK(std::abs(fr.lambda - lambda) <= 1e-13 * lambda);
    CHECK(fr.diagonal_fraction_local < 0.99);
    CHECK(fr.diagonal_fraction_data == Approx(fr.diagonal_fraction_local).epsilon(1e-10));
}

TEST_CASE("noisy local data: lambda within the propagated data-error bound at reduced rank", "[eft][action]") {
    const int n = 12;
    const double lambda = -0.0123, eps = 1e-9;
    const Grid g = laplace_grid(n);
    const KernelSpectrum sp = kernel_spectrum(g.k, g.w);
    const SymmetricTensor4 local = local_vertex_g4(g.k, g.w);
    SymmetricTensor4 data = scaled(local, lambda), err(n);
    std::mt19937_64 rng(7);  // fixed seed
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (std::size_t i = 0; i < data.size(); ++i) {
        err.values()[i] = eps * std::abs(data.values()[i]);
        data.values()[i] += err.values()[i] * u(rng);  // |noise| ≤ error: the bound must hold
    }
    for (int r : {4, 6, 8}) {
        const LocalVertexFit f = fit_local_vertex(sp, data, err, local, r);
        INFO("rank " << r << ": lambda " << f.lambda << " +- " << f.data_error);
        CHECK(std::abs(f.lambda - lambda) <= f.data_error);
        CHECK(f.data_error < 1e-3 * std::abs(lambda));
        CHECK(f.residual < 1e-3);
    }
}

TEST_CASE("the bilocal lambda_NL operator is flagged as non-local", "[eft][action]") {
    const int n = 10, r = 6;
    const Grid g = laplace_grid(n);
    const KernelSpectrum sp = kernel_spectrum(g.k, g.w);
    const SymmetricTensor4 local = local_vertex_g4(g.k, g.w), bilocal = bilocal_vertex_g4(g.k, g.w);
    SymmetricTensor4 zero(n);
    const LocalVertexFit fl = fit_local_vertex(sp, local, zero, local, r);
    const LocalVertexFit fb = fit_local_vertex(sp, bilocal, zero, local, r);
    INFO("local: residual " << fl.residual << ", diagonal " << fl.diagonal_fraction_data << "; bilocal: residual " << fb.residual
                            << ", diagonal " << fb.diagonal_fraction_data);
    CHECK(fl.residual < 1e-12);
    CHECK(fb.residual > 0.5);
    CHECK(fb.diagonal_fraction_data < 0.5 * fb.diagonal_fraction_local);
}

TEST_CASE("amputation rejects bad input", "[eft][action]") {
    const Grid g = laplace_grid(6);
    CHECK_THROWS_AS(kernel_spectrum(g.k, std::vector<double>(5, 0.1)), nnft::Error);   // size mismatch
    CHECK_THROWS_AS(kernel_spectrum(g.k, std::vector<double>(6, -0.1)), nnft::Error);  // negative weight
    Eigen::MatrixXd asym = g.k;
    asym(0, 1) += 0.1;
    CHECK_THROWS_AS(kernel_spectrum(asym, g.w), nnft::Error);
    const KernelSpectrum sp = kernel_spectrum(g.k, g.w);
    const SymmetricTensor4 t(6), wrong(5);
    CHECK_THROWS_AS(fit_local_vertex(sp, t, t, t, 0), nnft::Error);
    CHECK_THROWS_AS(fit_local_vertex(sp, t, t, t, 7), nnft::Error);
    CHECK_THROWS_AS(fit_local_vertex(sp, wrong, t, t, 2), nnft::Error);
    // A rank-1 kernel v vᵀ: eigenvalue 2 is round-off, so rank 2 is refused.
    Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(6, 0.1, 1.0);
    const KernelSpectrum sp1 = kernel_spectrum(v * v.transpose(), g.w);
    CHECK(sp1.rank_above(1e-12) == 1);
    CHECK_THROWS_WITH(fit_local_vertex(sp1, t, t, local_vertex_g4(v * v.transpose(), g.w), 2), Catch::Contains("numerical rank"));
}
