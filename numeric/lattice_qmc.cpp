#include "numeric/detail/lattice_qmc.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "common/error.hpp"
#include "numeric/detail/integration_common.hpp"

namespace nnft::numeric {

namespace {

bool is_prime(std::uint64_t n) {
    if (n < 2) return false;
    if (n % 2 == 0) return n == 2;
    for (std::uint64_t q = 3; q * q <= n; q += 2)
        if (n % q == 0) return false;
    return true;
}

// ω(x) = 2π² B₂(x), B₂(x) = x² − x + 1/6: the α = 2 Korobov kernel, tabulated at x = i/n.
std::vector<double> omega_table(std::uint64_t n) {
    std::vector<double> w(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        const double x = static_cast<double>(i) / static_cast<double>(n);
        w[i] = 2.0 * std::numbers::pi * std::numbers::pi * (x * x - x + 1.0 / 6.0);
    }
    return w;
}

}  // namespace

std::uint64_t previous_prime(std::uint64_t n) {
    if (n < 2) throw Error("previous_prime needs n >= 2");
    while (!is_prime(n)) --n;
    return n;
}

std::vector<std::uint64_t> cbc_generating_vector(std::uint64_t n, int dim, std::span<const double> gamma) {
    if (!is_prime(n)) throw Error("CBC lattice size " + std::to_string(n) + " is not prime: use previous_prime(n)");
    if (dim < 1 || gamma.size() < static_cast<std::size_t>(dim))
        throw Error("CBC construction needs dim >= 1 and one product weight per dimension");
    const auto omega = omega_table(n);
    std::vector<double> prod(n, 1.0);
    std::vector<std::uint64_t> z(static_cast<std::size_t>(dim), 1);
    // Candidate set: all of 1..(n−1)/2 (z and n − z give the same error), or a fixed random subset.
    const std::uint64_t half = std::max<std::uint64_t>(1, (n - 1) / 2);
    const std::uint64_t budget = std::uint64_t{1} << 25;
    std::vector<std::uint64_t> candidates;
    if (half * n <= budget) {
        for (std::uint64_t c = 1; c <= half; ++c) candidates.push_back(c);
    } else {
        std::mt19937_64 gen(0x5eedc0deULL ^ n);
        std::uniform_int_distribution<std::uint64_t> pick(1, half);
        const std::uint64_t m = std::max<std::uint64_t>(16, budget / n);
        for (std::uint64_t i = 0; i < m; ++i) candidates.push_back(pick(gen));
    }
    for (std::size_t j = 0; j < z.size(); ++j) {
        const double g = gamma[j];
        if (j > 0) {
            double best = HUGE_VAL;
            for (std::uint64_t c : candidates) {
                double s = 0.0;
                std::uint64_t idx = 0;
                for (std::uint64_t k = 0; k < n; ++k) {
                    s += prod[k] * omega[idx];
                    idx += c;
                    if (idx >= n) idx -= n;
                }
                if (s < best) {
                    best = s;
                    z[j] = c;
                }
            }
        }
        std::uint64_t idx = 0;
        for (std::uint64_t k = 0; k < n; ++k) {
            prod[k] *= 1.0 + g * omega[idx];
            idx += z[j];
            if (idx >= n) idx -= n;
        }
    }
    return z;
}

double lattice_worst_case_error_squared(std::uint64_t n, std::span<const std::uint64_t> z, std::span<const double> gamma) {
    const auto omega = omega_table(n);
    double s = 0.0;
    for (std::uint64_t k = 0; k < n; ++k) {
        double p = 1.0;
        for (std::size_t j = 0; j < z.size(); ++j) p *= 1.0 + gamma[j] * omega[(k * z[j]) % n];
        s += p;
    }
    return -1.0 + s / static_cast<double>(n);
}

void lattice_nodes(const Domain& domain, std::uint64_t n, std::span<const std::uint64_t> z, std::span<const double> shift,
                   std::uint64_t start, std::size_t count, double* t) {
    const auto du = static_cast<std::size_t>(domain.dim());
    for (std::size_t j = 0; j < du; ++j) {
        const auto& seg = domain.segments(static_cast<int>(j));
        const double lo = seg.front(), width = seg.back() - seg.front();
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint64_t k = start + i;
            double u = static_cast<double>((k * z[j]) % n) / static_cast<double>(n) + shift[j];
            u -= std::floor(u);
            u = 1.0 - std::abs(2.0 * u - 1.0);
            t[j * count + i] = lo + width * u;
        }
    }
}

double integration_box_volume(const Domain& domain) {
    double vol = 1.0;
    for (int k = 0; k < domain.dim(); ++k) vol *= domain.segments(k).back() - domain.segments(k).front();
    return vol;
}

namespace {

std::vector<IntegrationResult> lattice_qmc_core(const BatchIntegrand& f, const Domain& domain,
                                                const IntegratorOptions& options) {
    const int d = domain.dim();
    const auto du = static_cast<std::size_t>(d);
    const std::size_t nc = f.components(), block = detail::nodes_per_call(nc, 512, 64);
    std::vector<double> gamma(du);
    for (std::size_t j = 0; j < du; ++j) gamma[j] = 1.0 / static_cast<double>((j + 1) * (j + 1));
    const double vol = integration_box_volume(domain);
    std::mt19937_64 gen(options.seed);
    std::uniform_real_distribution<double> unif(0.0, 1.0);
    const auto q = static_cast<std::size_t>(options.qmc_shifts);
    std::vector<IntegrationResult> res(nc);
    long long spent = 0;
    std::uint64_t n = previous_prime(std::max<std::uint64_t>(2, options.qmc_min_points));
    std::vector<double> t(du * block), y(du * block), jac(block), vals(nc * block);
    bool have_estimate = false;
    for (;;) {
        beat(options);
        if (spent + static_cast<long long>(n * q) > options.max_evaluations) break;
        const auto z = cbc_generating_vector(n, d, gamma);
        std::vector<std::vector<double>> per_shift(nc, std::vector<double>(q, 0.0));
        for (std::size_t s = 0; s < q; ++s) {
            if (s > 0) beat(options);
            std::vector<double> shift(du);
            for (auto& v : shift) v = unif(gen);
            std::vector<detail::CompensatedSum> acc(nc);
            for (std::uint64_t start = 0; start < n; start += block) {
                const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(block, n - start));
                lattice_nodes(domain, n, z, shift, start, m, t.data());
                std::fill(jac.begin(), jac.begin() + static_cast<std::ptrdiff_t>(m), 1.0);
                domain.map(t.data(), m, y.data(), jac.data());
                f.evaluate(PointBlock{d, m, y.data()}, vals.data());
                for (std::size_t c = 0; c < nc; ++c) {
                    double sum = 0.0;
                    for (std::size_t i = 0; i < m; ++i)
                        if (jac[i] != 0.0) sum += vals[c * m + i] * jac[i];
                    acc[c].add(sum);
                }
            }
            for (std::size_t c = 0; c < nc; ++c) per_shift[c][s] = vol * acc[c].value() / static_cast<double>(n);
        }
        spent += static_cast<long long>(n * q);
        bool all = true;
        for (std::size_t c = 0; c < nc; ++c) {
            double mean = 0.0;
            for (double v : per_shift[c]) mean += v;
            mean /= static_cast<double>(q);
            double var = 0.0;
            for (double v : per_shift[c]) var += (v - mean) * (v - mean);
            var /= static_cast<double>(q - 1);
            res[c].value = mean;
            res[c].error = std::sqrt(var / static_cast<double>(q));
            all = all && detail::within_tolerance(res[c].value, res[c].error, options);
        }
        have_estimate = true;
        if (all) break;
        n = previous_prime(2 * n);
    }
    for (auto& r : res) {
        r.evaluations = spent;
        if (!have_estimate) {
            r.value = std::nan("");
            r.error = HUGE_VAL;
            r.status = Status::max_evaluations_reached;
            r.reason = "max_evaluations is smaller than qmc_min_points * qmc_shifts; raise it";
        } else if (!detail::within_tolerance(r.value, r.error, options)) {
            r.status = Status::max_evaluations_reached;
            r.reason = "tolerance not met within max_evaluations; raise it (lattice QMC converges like ~1/n)";
        }
    }
    if (have_estimate) detail::mark_non_finite(res);
    return res;
}

}  // namespace

std::vector<IntegrationResult> integrate_lattice_qmc(const BatchIntegrand& f, const Domain& domain,
                                                     const IntegratorOptions& options) {
    detail::check_inputs(f, domain, options);
    return detail::screen_divergent(f, domain, [&](const BatchIntegrand& g) { return lattice_qmc_core(g, domain, options); });
}

}  // namespace nnft::numeric
