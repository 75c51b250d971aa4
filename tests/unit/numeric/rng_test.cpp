#include <catch2/catch.hpp>

#include "numeric/rng.hpp"

#include <cmath>
#include <vector>

using nnft::numeric::NormalStream;
using nnft::numeric::philox4x32_10;

TEST_CASE("Philox4x32-10 reproduces the Random123 known-answer vectors", "[numeric][rng]") {
    CHECK(philox4x32_10({0u, 0u, 0u, 0u}, {0u, 0u}) ==
          nnft::numeric::PhiloxBlock{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
    CHECK(philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}) ==
          nnft::numeric::PhiloxBlock{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
    CHECK(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}) ==
          nnft::numeric::PhiloxBlock{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("normal streams are reproducible, independent of how they are read, and standard normal",
          "[numeric][rng]") {
    NormalStream a(42, 7), b(42, 7), c(42, 8);
    std::vector<double> fa(1001), fb(1001);
    a.fill(fa);
    for (auto& v : fb)
        v = b.next();
    CHECK(fa == fb);
    CHECK(c.next() != fa[0]);
    // Mixed reads: next() then fill() continue the same sequence.
    NormalStream d(42, 7);
    std::vector<double> tail(1000);
    const double first = d.next();
    d.fill(tail);
    CHECK(first == fa[0]);
    CHECK(tail[999] == fa[1000]);
    // Moments of 2e5 draws: mean 0, variance 1, fourth moment 3 (5σ criteria).
    NormalStream e(1, 0);
    const int n = 200000;
    double m1 = 0, m2 = 0, m4 = 0;
    for (int i = 0; i < n; ++i) {
        const double x = e.next();
        m1 += x;
        m2 += x * x;
        m4 += x * x * x * x;
    }
    m1 /= n;
    m2 /= n;
    m4 /= n;
    CHECK(std::abs(m1) < 5.0 / std::sqrt(n));
    CHECK(std::abs(m2 - 1.0) < 5.0 * std::sqrt(2.0 / n));
    CHECK(std::abs(m4 - 3.0) < 5.0 * std::sqrt(96.0 / n));
}

TEST_CASE("uniform pairs in bulk are the uniforms behind the normal stream", "[numeric][rng]") {
    std::vector<double> u1(5), u2(5);
    nnft::numeric::philox_uniform_pairs(42, 7, 0, 0, 5, u1.data(), u2.data());
    NormalStream s(42, 7);
    for (std::size_t k = 0; k < 5; ++k) {
        const double r = std::sqrt(-2.0 * std::log(u1[k])), a = 2.0 * 3.141592653589793 * u2[k];
        CHECK(s.next() == Approx(r * std::cos(a)).epsilon(1e-15));
        CHECK(s.next() == Approx(r * std::sin(a)).epsilon(1e-15));
        CHECK(u1[k] > 0.0);
        CHECK(u1[k] < 1.0);
    }
}

TEST_CASE("bulk uniform pairs are Philox blocks of the stream counter", "[numeric][rng]") {
    std::vector<double> u1(3), u2(3);
    const std::uint64_t seed = 0x0123456789abcdefull, stream = 0xfedcba9876543210ull;
    nnft::numeric::philox_uniform_pairs(seed, stream, 5, 100, 3, u1.data(), u2.data());
    for (std::uint32_t k = 0; k < 3; ++k) {
        const auto r = philox4x32_10({100 + k, 0x76543210u, 0xfedcba98u, 5u}, {0x89abcdefu, 0x01234567u});
        CHECK(u1[k] == nnft::numeric::uniform_open01(r[0], r[1]));
        CHECK(u2[k] == nnft::numeric::uniform_open01(r[2], r[3]));
    }
}

TEST_CASE("bulk uniform pairs: the 8-wide SIMD path gives the same bits, also across a counter wrap",
          "[numeric][rng]") {
    const std::uint64_t seed = 0xfedcba9876543210ull, stream = 0x0123456789abcdefull;
    for (std::uint32_t first : {0u, 0xfffffff3u}) {
        for (std::size_t count : {37u, 45u}) {  // pairs of groups of 8, a single group, a scalar tail
            std::vector<double> u1(count), u2(count);
            nnft::numeric::philox_uniform_pairs(seed, stream, 3, first, count, u1.data(), u2.data());
            bool same = true;
            for (std::uint32_t k = 0; k < count; ++k) {
                const auto r = philox4x32_10({first + k, 0x89abcdefu, 0x01234567u, 3u}, {0x76543210u, 0xfedcba98u});
                same = same && u1[k] == nnft::numeric::uniform_open01(r[0], r[1]) &&
                       u2[k] == nnft::numeric::uniform_open01(r[2], r[3]);
            }
            CHECK(same);
        }
    }
}

TEST_CASE("streams side by side: the same bits as each stream's uniform pairs, also across a 32-bit stream carry",
          "[numeric][rng]") {
    using nnft::numeric::kStreamLanes;
    // Streams 2^32 − 3 … 2^32 + 4 carry into the high counter word inside one call; 7 blocks exercise
    // the two-group and the one-group paths; a non-zero tag and first block.
    for (std::uint64_t first_stream : {std::uint64_t{0}, std::uint64_t{12345}, (std::uint64_t{1} << 32) - 3}) {
        const std::size_t count = 7;
        std::vector<double> u1(count * kStreamLanes), u2(count * kStreamLanes), a(count), b(count);
        nnft::numeric::philox_uniform_pairs_streams(77, first_stream, 3, 40, count, u1.data(), u2.data());
        for (std::size_t l = 0; l < kStreamLanes; ++l) {
            nnft::numeric::philox_uniform_pairs(77, first_stream + l, 3, 40, count, a.data(), b.data());
            for (std::size_t k = 0; k < count; ++k) {
                CHECK(u1[k * kStreamLanes + l] == a[k]);
                CHECK(u2[k * kStreamLanes + l] == b[k]);
            }
        }
    }
}

TEST_CASE("uniform_open01: never 0, exactly 1 only for all-ones bits, 53-bit steps", "[numeric][rng]") {
    using nnft::numeric::uniform_open01;
    CHECK(uniform_open01(0u, 0u) == 0x1.0p-54);              // (0 + ½)·2^−53
    CHECK(uniform_open01(0u, 0x7FFu) == 0x1.0p-54);          // the low 11 bits are dropped
    CHECK(uniform_open01(0u, 0x800u) == 1.5 * 0x1.0p-53);    // next 53-bit step
    CHECK(uniform_open01(0xFFFFFFFFu, 0xFFFFFFFFu) == 1.0);  // 2^53 − ½ rounds to 2^53 (ties to even)
    CHECK(uniform_open01(0xFFFFFFFFu, 0xFFFFF7FFu) < 1.0);   // one step below: 2^53 − 1.5 → 2^53 − 2
}
