#include <catch2/catch.hpp>

#include "numeric/rng.hpp"
#include "sampler/detail/box_muller.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

using nnft::sampler::detail::box_muller;
using nnft::sampler::detail::box_muller_lanes;
using nnft::sampler::detail::kBoxMullerMaxUlp;

namespace {
// π to long-double precision (64-bit significand on x86-64).
constexpr long double kPiL = 3.141592653589793238462643383279502884L;

// r cos 2πu2 and r sin 2πu2 in long double with the standard library's logl, sinl and cosl, at the uniforms as
// the kernel takes them (rounded to float, u1 clamped to ≥ 2^−64). The angle is reduced exactly before sinl/cosl
// (2πu2 itself, rounded, would lose all relative accuracy next to the zeros at u2 = ½ and 1):
// 2πu2 = (π/2)·n + π·t with n = round(4u2), t = 2u2 − n/2 (exact in long double).
void reference(double u1_in, double u2_in, long double& c, long double& s) {
    const double u1 = std::max(static_cast<double>(static_cast<float>(u1_in)), 0x1.0p-64);
    const double u2 = static_cast<float>(u2_in);
    const long double r = std::sqrt(-2.0L * std::log(static_cast<long double>(u1)));
    const long double x = 2.0L * u2, n = std::nearbyint(2.0L * x), t = x - n / 2.0L;
    const long double ct = std::cos(kPiL * t), st = std::sin(kPiL * t);
    const int q = static_cast<int>(n) % 4;
    c = r * (q == 0 ? ct : q == 1 ? -st : q == 2 ? -ct : st);
    s = r * (q == 0 ? st : q == 1 ? ct : q == 2 ? -st : -ct);
}

// |got − exact| in units in the last place of the exact value as a float.
double ulp_error(double got, long double exact) {
    if (exact == 0.0L)
        return got == 0.0 ? 0.0 : 1e300;
    const long double ulp = std::ldexp(1.0L, std::ilogb(static_cast<float>(exact)) - 23);
    return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / ulp);
}

// Philox's uniforms (bits + ½)·2^−53 next to a point p: the 40 on either side of it.
void around(double p, std::vector<double>& out) {
    const double base = std::floor(p * 0x1.0p53);
    for (double k = -40; k < 40; ++k)
        if (base + k >= 0 && base + k < 0x1.0p53)
            out.push_back((base + k + 0.5) * 0x1.0p-53);
}
}  // namespace

TEST_CASE("Box–Muller is within its stated ulp bound of long-double references", "[sampler][box_muller]") {
    // 10^6 pairs as the sampler draws them, plus every pairing of uniforms next to the hard points: u1 next to
    // 2^−54 (largest |ln|), 1 (ln → 0), the reduction boundaries √½·2^−k and powers of 2; u2 next to the
    // quarter turns 0, ¼, ½, ¾, 1 and the eighth turns where the reduction switches quadrant.
    const std::size_t random_pairs = 1000000;
    std::vector<double> u1(random_pairs), u2(random_pairs);
    nnft::numeric::philox_uniform_pairs(20261129, 3, 0, 0, random_pairs, u1.data(), u2.data());
    std::vector<double> hard1, hard2;
    for (double p : {0.0, 1.0, 0.5, 0.25, 1e-3, 1e-9})
        around(p, hard1);
    for (int k = 0; k < 60; k += 7)
        around(std::ldexp(std::sqrt(0.5), -k), hard1);
    // 1 (uniform_open01 rounds (2^53 − ½)·2^−53 up to 1), 0 and subnormals (clamped to 2^−64).
    for (double p : {1.0, 0.0, 0x1.0p-1074, 1e-310, 0x1.0p-1022, 0x1.0p-64, 0x1.0p-54})
        hard1.push_back(p);
    for (int k = 0; k <= 8; ++k)
        around(k / 8.0, hard2);
    hard2.push_back(1.0);
    for (double a : hard1)
        for (double b : hard2) {
            u1.push_back(a);
            u2.push_back(b);
        }
    for (std::size_t i = 0; i < hard1.size() + hard2.size(); ++i) {  // each hard value with random partners
        const double a = i < hard1.size() ? hard1[i] : u1[i], b = i < hard1.size() ? u2[i] : hard2[i - hard1.size()];
        u1.push_back(a);
        u2.push_back(b);
    }
    std::vector<double> out(2 * u1.size());
    box_muller(u1.data(), u2.data(), out.data(), u1.size());
    double worst = 0.0, worst_u1 = 0.0, worst_u2 = 0.0;
    for (std::size_t k = 0; k < u1.size(); ++k) {
        long double c = 0.0L, s = 0.0L;
        reference(u1[k], u2[k], c, s);
        const double e = std::max(ulp_error(out[2 * k], c), ulp_error(out[2 * k + 1], s));
        if (e > worst) {
            worst = e;
            worst_u1 = u1[k];
            worst_u2 = u2[k];
        }
    }
    CAPTURE(u1.size(), worst_u1, worst_u2);
    INFO("largest error " << worst << " ulp");
    CHECK(worst <= kBoxMullerMaxUlp);
    CHECK(worst > 0.5);  // not trivially exact: the bound is measured, not vacuous
    // Floats widened: every normal is a float.
    std::size_t wide = 0;
    for (double z : out)
        wide += static_cast<double>(static_cast<float>(z)) != z;
    CHECK(wide == 0);
}

TEST_CASE("Box–Muller: padded tail and lane-major layout give the same bits", "[sampler][box_muller]") {
    // 8·k + 5 pairs: the last five go through the padded path of box_muller.
    const std::size_t pairs = 8 * 37 + 5;
    std::vector<double> u1(pairs), u2(pairs);
    nnft::numeric::philox_uniform_pairs(7, 11, 0, 0, pairs, u1.data(), u2.data());
    std::vector<double> whole(2 * pairs), one(2);
    box_muller(u1.data(), u2.data(), whole.data(), pairs);
    std::size_t differ = 0;
    for (std::size_t k = 0; k < pairs; ++k) {
        box_muller(&u1[k], &u2[k], one.data(), 1);
        differ += one[0] != whole[2 * k];
        differ += one[1] != whole[2 * k + 1];
    }
    CHECK(differ == 0);
    // Lane-major: pair k·8 + l in lane l (only whole groups of eight).
    const std::size_t groups = pairs / 8;
    std::vector<double> lanes(16 * groups);
    box_muller_lanes(u1.data(), u2.data(), lanes.data(), groups);
    differ = 0;
    for (std::size_t k = 0; k < groups; ++k)
        for (std::size_t l = 0; l < 8; ++l) {
            differ += lanes[2 * k * 8 + l] != whole[2 * (k * 8 + l)];
            differ += lanes[(2 * k + 1) * 8 + l] != whole[2 * (k * 8 + l) + 1];
        }
    CHECK(differ == 0);
}

TEST_CASE("Box–Muller normals of a fixed seed are standard normal (moments and Kolmogorov–Smirnov)",
          "[sampler][box_muller]") {
    const std::size_t pairs = 1 << 19, n = 2 * pairs;
    std::vector<double> u1(pairs), u2(pairs), z(n);
    nnft::numeric::philox_uniform_pairs(12345, 0, 0, 0, pairs, u1.data(), u2.data());
    box_muller(u1.data(), u2.data(), z.data(), pairs);
    // Pulls of the sample mean, E z², E z⁴ and E[z_cos z_sin] (variances 1, 2, 96 and 1 per draw for N(0, 1)).
    double m1 = 0.0, m2 = 0.0, m4 = 0.0, cs = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        m1 += z[i];
        m2 += z[i] * z[i];
        m4 += z[i] * z[i] * z[i] * z[i];
    }
    for (std::size_t k = 0; k < pairs; ++k)
        cs += z[2 * k] * z[2 * k + 1];
    const double dn = static_cast<double>(n), dp = static_cast<double>(pairs);
    CHECK(std::fabs(m1 / dn) * std::sqrt(dn) < 4.0);
    CHECK(std::fabs(m2 / dn - 1.0) / std::sqrt(2.0 / dn) < 4.0);
    CHECK(std::fabs(m4 / dn - 3.0) / std::sqrt(96.0 / dn) < 4.0);
    CHECK(std::fabs(cs / dp) * std::sqrt(dp) < 4.0);
    // Kolmogorov–Smirnov against Φ: √n·D < 1.95 (the 0.1 % point of the Kolmogorov distribution).
    std::sort(z.begin(), z.end());
    double d = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double phi = 0.5 * std::erfc(-z[i] / std::sqrt(2.0));
        d = std::max({d, phi - static_cast<double>(i) / dn, static_cast<double>(i + 1) / dn - phi});
    }
    CHECK(std::sqrt(dn) * d < 1.95);
}
