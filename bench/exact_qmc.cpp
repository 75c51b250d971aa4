// Why `nnft exact` uses randomised quasi-Monte Carlo above 4 dimensions (docs/methods/sampling.md#qmc): the single-neuron
// moments E[tanh(z_a) tanh(z_b) tanh(z_c) tanh(z_d)] of 6 inputs at d_in = 5 (rank 6, σ_W = σ_b = 1; every tuple up to
// n = 4, 209 moments) by 8 shifted Halton point sets (numeric/shifted_halton) against the alternative at the same
// cost, 8 batches of plain Monte Carlo (Philox normals), each with n points; error = standard error over the 8. The
// reference is the Halton rule with 16× the points. Prints, per n, CPU seconds, the mean standard error and the mean
// true error of both, and the variance ratio (how many more plain points the same error would take).
// Usage: bench_exact_qmc
#include "bench/cpu_time.hpp"
#include "numeric/rng.hpp"
#include "numeric/shifted_halton.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <vector>

using nnft::bench::cpu_seconds;

namespace {

constexpr int kInputs = 6, kDims = 6, kReplicas = 8;

// The tuples (a ≤ b ≤ …) of lengths 1 to 4 over the inputs.
std::vector<std::vector<int>> tuples() {
    std::vector<std::vector<int>> out;
    std::vector<int> t;
    auto grow = [&](auto&& self, int from) -> void {
        if (!t.empty()) out.push_back(t);
        if (t.size() == 4) return;
        for (int i = from; i < kInputs; ++i) {
            t.push_back(i);
            self(self, i);
            t.pop_back();
        }
    };
    grow(grow, 0);
    return out;
}

// The factor L (covariance = L Lᵀ) of the pre-activations z_i = w·x_i/√5 + b on the README's six inputs.
Eigen::MatrixXd factor() {
    const double x[kInputs][5] = {{0.1, 0.2, -0.3, 0.4, 0.5}, {-0.3, 0.5, 0.2, -0.1, 0.6}, {0.6, -0.2, 0.1, 0.3, -0.4},
                                  {1.0, 0.4, -0.5, 0.2, 0.1}, {-0.8, -0.6, 0.3, 0.7, -0.2}, {0.2, 1.1, -0.4, -0.3, 0.5}};
    Eigen::MatrixXd c(kInputs, kInputs);
    for (int i = 0; i < kInputs; ++i)
        for (int j = 0; j < kInputs; ++j) {
            double dot = 0.0;
            for (int k = 0; k < 5; ++k) dot += x[i][k] * x[j][k];
            c(i, j) = 1.0 + dot / 5.0;
        }
    return Eigen::LLT<Eigen::MatrixXd>(c).matrixL();
}

// Moments per replica, [replica][tuple], from `next(replica, u)` giving each point's normal variates.
template <class Next>
std::vector<std::vector<double>> moments(const Eigen::MatrixXd& l, const std::vector<std::vector<int>>& ts, long n,
                                         int replicas, Next next) {
    std::vector<std::vector<double>> m(static_cast<std::size_t>(replicas), std::vector<double>(ts.size(), 0.0));
    double u[kDims], s[kInputs];
    for (int r = 0; r < replicas; ++r)
        for (long k = 0; k < n; ++k) {
            next(r, u);
            for (int i = 0; i < kInputs; ++i) {
                double z = 0.0;
                for (int d = 0; d <= i; ++d) z += l(i, d) * u[d];
                s[i] = std::tanh(z);
            }
            for (std::size_t t = 0; t < ts.size(); ++t) {
                double p = 1.0;
                for (int i : ts[t]) p *= s[i];
                m[static_cast<std::size_t>(r)][t] += p / static_cast<double>(n);
            }
        }
    return m;
}

struct Summary {
    double standard_error = 0.0, true_error = 0.0;
};

Summary summarise(const std::vector<std::vector<double>>& m, const std::vector<double>& reference) {
    Summary s;
    const double k = static_cast<double>(m.size());
    for (std::size_t t = 0; t < reference.size(); ++t) {
        double mean = 0.0, spread = 0.0;
        for (const auto& r : m) mean += r[t] / k;
        for (const auto& r : m) spread += (r[t] - mean) * (r[t] - mean);
        s.standard_error += std::sqrt(spread / (k - 1.0) / k) / static_cast<double>(reference.size());
        s.true_error += std::abs(mean - reference[t]) / static_cast<double>(reference.size());
    }
    return s;
}

}  // namespace

int main() {
    const Eigen::MatrixXd l = factor();
    const auto ts = tuples();
    const nnft::numeric::ShiftedHaltonNormals halton(kDims, kReplicas, 0x6e6e66746861ull);
    auto run_halton = [&](long n) {
        std::vector<nnft::numeric::ShiftedHaltonNormals::Stream> streams;
        for (int r = 0; r < kReplicas; ++r) streams.emplace_back(halton, static_cast<std::size_t>(r));
        return moments(l, ts, n, kReplicas, [&](int r, double* u) { streams[static_cast<std::size_t>(r)].next(u); });
    };
    const long reference_n = 16L << 18;
    std::vector<double> reference(ts.size(), 0.0);
    for (const auto& r : run_halton(reference_n))
        for (std::size_t t = 0; t < ts.size(); ++t) reference[t] += r[t] / kReplicas;
    std::printf("%zu moments of tanh at rank 6 (d_in = 5), 8 replicas of n points, one thread\n", ts.size());
    std::printf("%8s  %24s  %24s  %s\n", "n", "shifted Halton: s / se / err", "plain MC: s / se / err", "variance ratio");
    for (long n : {1L << 12, 1L << 15, 1L << 18}) {
        double t0 = cpu_seconds();
        const Summary q = summarise(run_halton(n), reference);
        const double tq = cpu_seconds() - t0;
        std::vector<nnft::numeric::NormalStream> normals;
        for (int r = 0; r < kReplicas; ++r) normals.emplace_back(7, static_cast<std::uint64_t>(r));
        t0 = cpu_seconds();
        const Summary p = summarise(moments(l, ts, n, kReplicas, [&](int r, double* u) {
                                        for (int d = 0; d < kDims; ++d) u[d] = normals[static_cast<std::size_t>(r)].next();
                                    }),
                                    reference);
        const double tp = cpu_seconds() - t0;
        std::printf("%8ld  %6.3f / %7.1e / %7.1e  %6.3f / %7.1e / %7.1e  %8.0f\n", n, tq, q.standard_error, q.true_error, tp,
                    p.standard_error, p.true_error, (p.standard_error * p.standard_error) / (q.standard_error * q.standard_error));
    }
    return 0;
}
