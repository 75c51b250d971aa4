// Symmetry via duality (eft/symmetry.hpp): the rotation and deviation code on tensors whose transforms are
// known in closed form, the statistics on synthetic Gaussian data (false-alarm rate and detection), the
// invariance tests on fixed-seed ensembles, the detection of the breaking, and bad input.
#include "common/error.hpp"
#include "eft/symmetry.hpp"
#include "numeric/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>

using namespace nnft;
using namespace nnft::eft;

namespace {

/// (A B) for d × d row-major matrices.
Matrix product(const Matrix& a, const Matrix& b) {
    Matrix c{a.dim, std::vector<double>(a.dim * a.dim, 0.0)};
    for (std::size_t i = 0; i < a.dim; ++i)
        for (std::size_t j = 0; j < a.dim; ++j)
            for (std::size_t k = 0; k < a.dim; ++k) c.a[i * a.dim + j] += a(i, k) * b(k, j);
    return c;
}

Matrix transpose(const Matrix& a) {
    Matrix t = a;
    for (std::size_t i = 0; i < a.dim; ++i)
        for (std::size_t j = 0; j < a.dim; ++j) t.a[i * a.dim + j] = a(j, i);
    return t;
}

/// Gaussian moments E[Π y_p] over the tuples of length n (n = 2 or 4) for y with covariance
/// Cov(y_{(m,k)}, y_{(m',l)}) = S_kl · K(m, m') (Isserlis: the sum over the 3 pairings for n = 4).
std::vector<double> gaussian_table(const sampler::TupleTable& table, int n, std::size_t d_out, const Matrix& s,
                                   const std::vector<double>& k, std::size_t inputs) {
    auto cov = [&](std::uint16_t p, std::uint16_t q) {
        return s(p % d_out, q % d_out) * k[(p / d_out) * inputs + q / d_out];
    };
    std::vector<double> out;
    for (std::size_t slot = table.offset(n); slot < table.offset(n + 1); ++slot) {
        const auto t = table.tuple(slot);
        out.push_back(n == 2 ? cov(t[0], t[1])
                             : cov(t[0], t[1]) * cov(t[2], t[3]) + cov(t[0], t[2]) * cov(t[1], t[3]) +
                                   cov(t[0], t[3]) * cov(t[1], t[2]));
    }
    return out;
}

}  // namespace

TEST_CASE("Haar rotations are proper rotations, reproducible, and the stabiliser fixes its axis", "[eft][symmetry]") {
    for (std::size_t d : {2u, 3u, 5u}) {
        const Matrix r = haar_rotation(d, 7, 1);
        REQUIRE_NOTHROW(require_rotation(r, d, "R"));
        CHECK(haar_rotation(d, 7, 1).a == r.a);
        CHECK(haar_rotation(d, 7, 2).a != r.a);
    }
    const Matrix s = stabiliser_rotation(5, 2, 3, 4);
    REQUIRE_NOTHROW(require_rotation(s, 5, "S"));
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(s(2, i) == (i == 2 ? 1.0 : 0.0));
        CHECK(s(i, 2) == (i == 2 ? 1.0 : 0.0));
    }
    // Haar check: E[R_00²] = 1/d (each column is uniform on the sphere); 2000 draws, σ ≈ 0.004 for d = 5.
    double sum = 0;
    for (std::uint64_t i = 0; i < 2000; ++i) sum += std::pow(haar_rotation(5, 11, i)(0, 0), 2);
    CHECK(std::abs(sum / 2000 - 0.2) < 5 * std::sqrt(2.0 * 4 / (25.0 * 7) / 2000));  // Var(u²) = 2(d−1)/(d²(d+2))
}

TEST_CASE("rotating a Gaussian tensor with covariance S ⊗ K gives the tensor of R S Rᵀ ⊗ K", "[eft][symmetry]") {
    // Provenance: Isserlis' theorem; the rotated vector R y has covariance (R S Rᵀ) ⊗ K.
    const std::size_t d = 3, m = 2;
    const sampler::TupleTable table(m * d, 4);
    const std::vector<double> k = {1.0, 0.4, 0.4, 0.7};
    const Matrix r = haar_rotation(d, 5, 9);
    for (const bool isotropic : {true, false}) {
        Matrix s{d, {1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0}};
        if (!isotropic) s = Matrix{d, {1.0, 0.3, 0.0, 0.3, 2.0, -0.2, 0.0, -0.2, 3.0}};
        const Matrix rsr = product(product(r, s), transpose(r));
        for (int n : {2, 4}) {
            const std::vector<double> t = gaussian_table(table, n, d, s, k, m);
            const std::vector<double> want = gaussian_table(table, n, d, rsr, k, m);
            // Two replicas (the same table twice) exercise the replica layout.
            std::vector<double> two;
            for (double v : t) two.insert(two.end(), {v, 2 * v});
            const std::vector<double> got = rotate_outputs(table, n, d, r, two, 2);
            double max_err = 0, max_dev = 0;
            for (std::size_t i = 0; i < t.size(); ++i) {
                max_err = std::max({max_err, std::abs(got[2 * i] - want[i]), std::abs(got[2 * i + 1] - 2 * want[i])});
                max_dev = std::max(max_dev, std::abs(got[2 * i] - t[i]));
            }
            INFO("n = " << n << ", isotropic " << isotropic);
            CHECK(max_err < 1e-13);
            if (isotropic) CHECK(max_dev < 1e-13);   // δ_kl ⊗ K is invariant
            else CHECK(max_dev > 0.1);               // diag(1, 2, 3)-like S is not
        }
    }
}

TEST_CASE("deviation statistics: calibrated false-alarm rate on correlated null data, detection of a shift", "[eft][symmetry]") {
    // Synthetic jackknife replicas: 32 group means of 200 components, each a common mode plus independent
    // noise (strongly correlated components, as in correlator tables); replica 0 is the mean of all.
    const std::size_t groups = 32, comps = 200, reps = groups + 1;
    // shift: added to every component (along the common mode) or, with `alternate`, with signs ±.
    auto make = [&](std::uint64_t seed, double shift, bool alternate = false) {
        numeric::NormalStream g(seed, 0, 1);
        std::vector<double> means(groups * comps);
        for (std::size_t b = 0; b < groups; ++b) {
            const double common = g.next();
            for (std::size_t i = 0; i < comps; ++i) means[b * comps + i] = (alternate && i % 2 ? -shift : shift) + 0.8 * common + 0.6 * g.next();
        }
        DeviationTable t;
        t.name = "synthetic";
        t.replicas = reps;
        for (std::size_t i = 0; i < comps; ++i) {
            double total = 0;
            for (std::size_t b = 0; b < groups; ++b) total += means[b * comps + i];
            t.d.push_back(total / groups);
            for (std::size_t b = 0; b < groups; ++b) t.d.push_back((total - means[b * comps + i]) / (groups - 1));
            t.reference.push_back(10.0);
            t.indices.push_back({static_cast<std::uint16_t>(i)});
        }
        return t;
    };
    int alarms = 0;
    double mean_chi2 = 0;
    const int trials = 300;
    for (int s = 0; s < trials; ++s) {
        const DeviationStats st = deviation_stats(make(1000 + static_cast<std::uint64_t>(s), 0.0), true, 0.01);
        alarms += st.consistent_with_zero ? 0 : 1;
        mean_chi2 += st.chi2_per_dof / trials;
        CHECK(st.effective_dof < 5);  // one dominant common mode: ν ≈ 1/0.64² ≈ 2.4
    }
    // Each of the two criteria has size 0.01: at most 2% expected; 3σ binomial slack over 300 trials.
    CHECK(alarms <= 0.02 * trials + 3 * std::sqrt(0.02 * trials));
    CHECK(mean_chi2 == Approx(1.0).margin(0.15));  // E[t²_31] = 31/29 ≈ 1.07 with jackknife σ
    // Shifts of ±0.5 (alternating): the group-mean σ is 1/√32 ≈ 0.18, so ≈ 2.8σ in every component,
    // orthogonal to the common mode: the test must report it.
    const DeviationStats hit = deviation_stats(make(99, 0.5, true), true, 0.01);
    CHECK_FALSE(hit.consistent_with_zero);
    CHECK_FALSE(hit.as_expected());
    // A common shift of 3 is ≈ 17σ in every component (along the common mode, whose own spread is 0.14).
    CHECK(deviation_stats(make(99, 3.0), false, 0.01).as_expected());
}

TEST_CASE("SO(5) output invariance holds and the output mean's breaking is detected (Erf-net, fixed seed)", "[eft][symmetry]") {
    SymmetrySettings s;
    s.net = "erf";  // bounded activation: fast, well-behaved errors; the statement does not depend on σ
    s.width = 5;
    s.networks = kMinSymmetryNetworks;
    s.seed = 17;
    s.threads = 2;
    s.rotations = 1;
    const auto tests = output_symmetry_tests(s);
    REQUIRE(tests.size() == 4);
    for (const auto& t : tests) {
        INFO(summary(t));
        CHECK(t.passed());
    }
    // The breaking: raw G2 rotated away from the mean is far outside the errors.
    const auto& broken = tests[2];
    REQUIRE(broken.id == "so_dout_mean.rotation1");
    CHECK(broken.sampled[0].significance > 5);
    CHECK(broken.sampled[0].max_pull > broken.sampled[0].max_pull_threshold);
}

TEST_CASE("SO(d_in) input invariance holds and the stretch control is detected (Erf-net, fixed seed)", "[eft][symmetry]") {
    SymmetrySettings s;
    s.net = "erf";
    s.width = 5;
    s.networks = kMinSymmetryNetworks;
    s.seed = 23;
    s.threads = 2;
    for (const auto& t : input_symmetry_tests(s)) {
        INFO(summary(t));
        CHECK(t.passed());
    }
}

TEST_CASE("Gauss-net translation: exact G2 invariant, G4_con broken; sampled agrees", "[eft][symmetry]") {
    SymmetrySettings s;
    s.networks = kMinSymmetryNetworks;
    s.seed = 29;
    s.threads = 2;
    const auto tests = translation_tests(s);
    REQUIRE(tests.size() == 3);
    for (const auto& t : tests) {
        INFO(summary(t));
        CHECK(t.passed());
    }
}

TEST_CASE("symmetry code rejects bad input with clear messages", "[eft][symmetry]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(haar_rotation(1, 1, 1), Contains("d >= 2"));
    CHECK_THROWS_WITH(stabiliser_rotation(2, 0, 1, 1), Contains("SO(d-1)"));
    const Matrix reflection{2, {1.0, 0.0, 0.0, -1.0}};
    CHECK_THROWS_WITH(require_rotation(reflection, 2, "R"), Contains("determinant"));
    CHECK_THROWS_WITH(require_rotation(Matrix{2, {1.0, 1.0, 0.0, 1.0}}, 2, "R"), Contains("not orthogonal"));
    const sampler::TupleTable table(3, 2);
    CHECK_THROWS_WITH(rotate_outputs(table, 2, 1, haar_rotation(2, 1, 1), std::vector<double>(6), 1), Contains("d_out >= 2"));
    CHECK_THROWS_WITH(rotate_outputs(table, 2, 3, haar_rotation(2, 1, 1), std::vector<double>(6), 1), Contains("3x3"));
    ReplicaTables t;
    t.table = sampler::TupleTable(3, 2);
    t.replicas = 1;
    t.tables["g2"] = std::vector<double>(6);
    CHECK_THROWS_WITH(paired_input_deviation(t, "g2", 1), Contains("transformed"));
    CHECK_THROWS_WITH(paired_input_deviation(t, "g4", 1), Contains("no table"));
    DeviationTable few;
    few.replicas = 3;
    CHECK_THROWS_WITH(deviation_stats(few, true, 0.01), Contains("jackknife groups"));
    SymmetrySettings s;
    s.networks = 100;
    CHECK_THROWS_WITH(output_symmetry_tests(s), Contains("--networks must be at least"));
    s.networks = kMinSymmetryNetworks;
    s.net = "sigmoid(x)";  // not an activation: sigmoid is a preset name, not a function of the expression language
    CHECK_THROWS_AS(input_symmetry_tests(s), nnft::Error);
}
