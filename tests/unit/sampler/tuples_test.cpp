#include <catch2/catch.hpp>

#include "sampler/cumulants.hpp"
#include "sampler/tuples.hpp"

#include <set>
#include <vector>

using namespace nnft::sampler;

TEST_CASE("tuple tables count, rank and unrank non-decreasing tuples", "[sampler][tuples]") {
    const TupleTable t(6, 6);
    CHECK(t.count(2) == 21);
    CHECK(t.count(4) == 126);
    CHECK(t.count(6) == 462);
    CHECK(t.size() == 6 + 21 + 56 + 126 + 252 + 462);
    for (std::size_t s = 0; s < t.size(); ++s) {
        const auto tup = t.tuple(s);
        REQUIRE(t.slot(tup.data(), static_cast<int>(tup.size())) == s);
        for (std::size_t k = 1; k < tup.size(); ++k)
            REQUIRE(tup[k - 1] <= tup[k]);
    }
    // Lexicographic within a length.
    CHECK(t.tuple(t.offset(2)) == std::vector<std::uint16_t>{0, 0});
    CHECK(t.tuple(t.offset(2) + 1) == std::vector<std::uint16_t>{0, 1});
    CHECK(t.tuple(t.offset(3) - 1) == std::vector<std::uint16_t>{5, 5});
    CHECK(t.numeric_tuple(t.offset(3) - 1) == nnft::numeric::Tuple{5, 5});  // the tuple type of the other modules
    CHECK(TupleTable::count_tuples(6, 6) == 462.0);
}

TEST_CASE("the depth-first walk visits every slot once, prefixes first", "[sampler][tuples]") {
    const TupleTable t(4, 5);
    const auto walk = depth_first_walk(t);
    REQUIRE(walk.size() == t.size());
    std::set<std::uint32_t> seen;
    for (const auto& w : walk) {
        seen.insert(w.slot);
        CHECK(t.tuple_length(w.slot) == w.depth);
        CHECK(t.tuple(w.slot).back() == w.point);
    }
    CHECK(seen.size() == t.size());
}

TEST_CASE("set partitions number Bell(n)", "[sampler][tuples]") {
    const int bell[] = {1, 1, 2, 5, 15, 52, 203};
    for (int n = 0; n <= 6; ++n)
        CHECK(set_partitions(n).size() == static_cast<std::size_t>(bell[n]));
}

TEST_CASE("moments and cumulants convert into each other (Wick for Gaussians)", "[sampler][cumulants]") {
    const TupleTable t(3, 6);
    // A Gaussian with mean and covariance: only κ1 and κ2 are non-zero.
    const double mean[3] = {0.3, -0.2, 0.5};
    const double cov[3][3] = {{1.0, 0.4, 0.1}, {0.4, 2.0, -0.3}, {0.1, -0.3, 0.7}};
    std::vector<double> kappa(t.size(), 0.0);
    for (std::size_t s = 0; s < t.size(); ++s) {
        const auto tup = t.tuple(s);
        if (tup.size() == 1)
            kappa[s] = mean[tup[0]];
        if (tup.size() == 2)
            kappa[s] = cov[tup[0]][tup[1]];
    }
    std::vector<double> moments(t.size());
    for (int n = 1; n <= 6; ++n)
        moments_from_cumulants(t, kappa, 1, n,
                               std::span<double>(moments.data() + t.offset(n), t.count(n)));
    // E[x0^4] = μ⁴ + 6μ²σ² + 3σ⁴.
    const std::uint16_t q[4] = {0, 0, 0, 0};
    CHECK(moments[t.slot(q, 4)] == Approx(0.3 * 0.3 * 0.3 * 0.3 + 6 * 0.09 + 3.0));
    // Back to cumulants: κ4 = κ6 = 0, κ2 = cov.
    for (int n = 1; n <= 6; ++n) {
        std::vector<double> back(t.count(n));
        cumulants_from_moments(t, moments, 1, n, back);
        for (std::size_t i = 0; i < back.size(); ++i)
            CHECK(back[i] == Approx(kappa[t.offset(n) + i]).margin(1e-12));
    }
    // Shifting: moments of y' = y − s, unshifted, give the moments of y again.
    const double shift[3] = {0.3, -0.2, 0.5};
    std::vector<double> kshift = kappa;
    for (int p = 0; p < 3; ++p)
        kshift[static_cast<std::size_t>(p)] = 0.0;  // centred
    std::vector<double> centred(t.size());
    for (int n = 1; n <= 6; ++n)
        moments_from_cumulants(t, kshift, 1, n, std::span<double>(centred.data() + t.offset(n), t.count(n)));
    std::vector<double> raw(t.count(6));
    unshift_moments(t, centred, 1, shift, 6, raw);
    for (std::size_t i = 0; i < raw.size(); ++i)
        CHECK(raw[i] == Approx(moments[t.offset(6) + i]).epsilon(1e-12));
}
