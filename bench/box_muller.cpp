// Benchmark: Box–Muller per pair (CPU time of the process, one thread): nnft's lane-major and interleaved
// kernels (sampler/box_muller.hpp, the widest width this CPU has) and, for scale, the scalar libm formula.
// Usage: bench_box_muller [repeats] (default 40000 passes over 512 Philox pairs)
#include "bench/cpu_time.hpp"
#include "numeric/rng.hpp"
#include "sampler/detail/box_muller.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <numbers>
#include <vector>

using nnft::bench::cpu_seconds;

namespace {
void libm_box_muller(const double* u1, const double* u2, double* out, std::size_t pairs) {
    for (std::size_t k = 0; k < pairs; ++k) {
        const double r = std::sqrt(-2.0 * std::log(u1[k])), a = 2.0 * std::numbers::pi * u2[k];
        out[2 * k] = r * std::cos(a);
        out[2 * k + 1] = r * std::sin(a);
    }
}
}  // namespace

int main(int argc, char** argv) {
    const long repeats = argc > 1 ? std::atol(argv[1]) : 40000;
    const std::size_t pairs = 512;
    std::vector<double> u1(pairs), u2(pairs), out(2 * pairs);
    nnft::numeric::philox_uniform_pairs(1, 2, 0, 0, pairs, u1.data(), u2.data());
    struct Case {
        const char* name;
        void (*run)(const double*, const double*, double*, std::size_t);
        std::size_t count;  // what the kernel's last argument counts
    };
    const Case cases[] = {{"nnft box_muller_lanes", nnft::sampler::detail::box_muller_lanes, pairs / 8},
                          {"nnft box_muller (interleaved)", nnft::sampler::detail::box_muller, pairs},
                          {"libm scalar", libm_box_muller, pairs}};
    std::printf("Box-Muller, ns per pair (CPU time), %zu pairs x %ld passes\n", pairs, repeats);
    for (int round = 0; round < 2; ++round)
        for (const auto& c : cases) {
            const double t0 = cpu_seconds();
            for (long r = 0; r < repeats; ++r) {
                c.run(u1.data(), u2.data(), out.data(), c.count);
                asm volatile("" : : "r"(out.data()) : "memory");
            }
            const double ns = (cpu_seconds() - t0) / static_cast<double>(repeats * static_cast<long>(pairs)) * 1e9;
            std::printf("%-32s %6.2f\n", c.name, ns);
        }
    return 0;
}
