// CPU ns per value of numeric/lane_math.hpp's exp, log, tanh, sigmoid, softplus and tanh∘softplus on each
// instruction set, against glibc's scalar functions (formulas for the last three) and the sampler's float32 erf, over an array of 6000 values (a width-1000 network's hidden layer at
// 6 inputs), arguments spread over [−4, 4] (log: (0, 8]).
// Usage: bench_lane_math [seconds-per-row]   (default 0.5)
#include "bench/cpu_time.hpp"
#include "numeric/lane_math.hpp"
#include "sampler/detail/vector_math.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace nnft;
using nnft::bench::cpu_seconds;

namespace {
constexpr std::size_t kValues = 6000;

std::vector<double> arguments(bool positive) {
    std::vector<double> v(kValues);
    for (std::size_t i = 0; i < kValues; ++i) {
        const double u = std::fmod(0.6180339887498949 * static_cast<double>(i), 1.0);
        v[i] = positive ? 8.0 * u + 1e-3 : 8.0 * u - 4.0;
    }
    return v;
}

// CPU ns per value of f over the array, repeated for `seconds`.
template <class F>
double ns_per_value(double seconds, F f) {
    const std::vector<double> x = arguments(false);
    std::vector<double> y(kValues);
    long reps = 0;
    const double t0 = cpu_seconds();
    double t = t0;
    while (t - t0 < seconds) {
        for (int k = 0; k < 100; ++k, ++reps)
            f(x.data(), y.data());
        t = cpu_seconds();
    }
    return 1e9 * (t - t0) / (static_cast<double>(reps) * kValues);
}
}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    std::printf("CPU ns per value, %zu values per call\n%-10s %10s %10s %10s %10s\n", kValues, "f", "glibc", "portable",
                "avx2", "avx512");
    using numeric::LaneFunction;
    const LaneFunction fs[] = {LaneFunction::exp,     LaneFunction::log,      LaneFunction::tanh,
                               LaneFunction::sigmoid, LaneFunction::softplus, LaneFunction::tanh_softplus};
    const char* names[] = {"exp", "log", "tanh", "sigm", "splus", "tsplus"};
    // glibc's formulas for the sigmoid family (softplus overflow-free, as the preset).
    double (*libm[])(double) = {std::exp, std::log, std::tanh, [](double x) { return 1 / (1 + std::exp(-x)); },
                                [](double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); },
                                [](double x) { return std::tanh(std::log1p(std::exp(x))); }};
    for (numeric::LanePrecision p : {numeric::LanePrecision::f64, numeric::LanePrecision::f32})
        for (int i = 0; i < 6; ++i) {
            const bool f32 = p == numeric::LanePrecision::f32;
            std::printf("%-6s%-4s %10.3f", names[i], f32 ? " f32" : "", ns_per_value(seconds, [&](const double* x, double* y) {
                            for (std::size_t j = 0; j < kValues; ++j)
                                y[j] = libm[i](i == 1 ? std::fabs(x[j]) : x[j]);
                        }));
            for (numeric::LaneIsa isa : {numeric::LaneIsa::portable, numeric::LaneIsa::avx2, numeric::LaneIsa::avx512}) {
                if (!numeric::lane_isa_available(isa)) {
                    std::printf(" %10s", "-");
                    continue;
                }
                std::printf(" %10.3f", ns_per_value(seconds, [&](const double* x, double* y) {
                                numeric::lane_function(fs[i], x, y, kValues, isa, p);
                            }));
            }
            std::printf("\n");
        }
    std::printf("%-10s %10s %10.3f  (the sampler's float32 erf, best ISA)\n", "erf32", "",
                ns_per_value(seconds, [](const double* x, double* y) {
                    for (std::size_t j = 0; j < kValues; ++j)
                        y[j] = x[j];
                    sampler::detail::erf_f32(y, kValues);
                }));
    return 0;
}
