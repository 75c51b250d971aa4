#include <catch2/catch.hpp>

#include "numeric/stats.hpp"

#include <cmath>
#include <vector>

using namespace nnft::numeric;

TEST_CASE("compensated sums keep what plain sums lose, also when merged", "[numeric][stats]") {
    CompensatedSum a, b;
    a.add(1e16);
    for (int i = 0; i < 1000; ++i)
        a.add(1.0);
    a.add(-1e16);
    CHECK(a.value() == 1000.0);
    for (int i = 0; i < 1000; ++i)
        b.add(0.1);
    CompensatedSum c;
    c.add(1e16);
    c.merge(b);
    c.add(-1e16);
    CHECK(std::abs(c.value() - 100.0) < 1e-12);
}

TEST_CASE("jackknife error of a mean equals the standard error; batch means likewise", "[numeric][stats]") {
    const std::vector<double> x = {1.0, 2.0, 4.0, 7.0, 11.0};
    double mean = 0;
    for (double v : x)
        mean += v;
    mean /= 5;
    double ss = 0;
    for (double v : x)
        ss += (v - mean) * (v - mean);
    const double se = std::sqrt(ss / 4 / 5);
    std::vector<double> loo;
    for (std::size_t i = 0; i < x.size(); ++i)
        loo.push_back((mean * 5 - x[i]) / 4);
    CHECK(jackknife_error(loo) == Approx(se).epsilon(1e-12));
    const MeanError bm = batch_means(x);
    CHECK(bm.mean == Approx(mean));
    CHECK(bm.error == Approx(se).epsilon(1e-12));
    CHECK(jackknife_error(std::vector<double>{1.0}) == 0.0);
}
