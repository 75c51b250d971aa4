// Benchmark: batched kernel rows K(x_m, y_j), 6 inputs × 65536 nodes, SIMD (xsimd AVX2 + SLEEF) vs the scalar
// libm loop, per net, d_in and depth. Prints ns per kernel value and the speed-up.
// Usage: bench_kernels
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "numeric/kernels.hpp"

using namespace nnft::numeric;

namespace {

double time_rows(const Kernel& k, const PointSet& xs, const PointSet& ys, std::vector<double>& out) {
    double best = 1e300;
    for (int rep = 0; rep < 7; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        k.rows(xs, ys.view(), out.data());
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

}  // namespace

int main() {
    std::printf("%-6s %2s %5s %12s %12s %8s %12s\n", "net", "d", "depth", "scalar ns", "simd ns", "speedup", "max rel diff");
    std::mt19937_64 gen(1);
    std::normal_distribution<double> g(0.0, 1.0);
    for (ActivationKind net : {ActivationKind::erf, ActivationKind::relu, ActivationKind::gauss}) {
        for (int d : {1, 3}) {
            for (int depth : {1, 3}) {
                if (net == ActivationKind::gauss && depth > 1) continue;
                const KernelSpec spec{net, d, 1.0, 1.0, depth, true};
                std::vector<double> xc(static_cast<std::size_t>(6 * d)), yc(static_cast<std::size_t>(65536 * d));
                for (auto& v : xc) v = g(gen);
                for (auto& v : yc) v = 2.0 * g(gen);
                const auto xs = PointSet::from_coordinate_major(d, xc), ys = PointSet::from_coordinate_major(d, yc);
                std::vector<double> a(6 * 65536), b(6 * 65536);
                const Kernel ks(spec, SimdMode::scalar), kv(spec, SimdMode::automatic);
                const double ts = time_rows(ks, xs, ys, a), tv = time_rows(kv, xs, ys, b);
                double diff = 0;
                for (std::size_t i = 0; i < a.size(); ++i) diff = std::max(diff, std::abs(a[i] - b[i]) / (std::abs(a[i]) + 1e-300));
                const double n = 6.0 * 65536.0;
                std::printf("%-6s %2d %5d %12.2f %12.2f %8.2f %12.1e%s\n", Activation(net).name().c_str(), d, depth, 1e9 * ts / n, 1e9 * tv / n, ts / tv,
                            diff, kv.uses_simd() ? "" : "  (no AVX2: scalar both)");
            }
        }
    }
    return 0;
}
