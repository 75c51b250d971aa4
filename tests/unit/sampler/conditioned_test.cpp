#include <catch2/catch.hpp>

#include "sampler/detail/conditioned.hpp"
#include "sampler/detail/network_batch.hpp"
#include "sampler/correlators.hpp"
#include "sampler/cumulants.hpp"
#include "sampler/ensemble.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

using namespace nnft::sampler;

TEST_CASE("Gaussian moments by Isserlis' recursion equal the partition sums", "[sampler][conditioned]") {
    const TupleTable t(3, 6);
    const double mean[3] = {0.3, -0.2, 0.5};
    const double cov[9] = {1.0, 0.4, 0.1, 0.4, 2.0, -0.3, 0.1, -0.3, 0.7};
    std::vector<double> kappa(t.size(), 0.0);
    for (std::size_t s = 0; s < t.size(); ++s) {
        const auto tup = t.tuple(s);
        if (tup.size() == 1)
            kappa[s] = mean[tup[0]];
        if (tup.size() == 2)
            kappa[s] = cov[tup[0] * 3 + tup[1]];
    }
    std::vector<double> fast(t.size());
    GaussianMoments(t).compute(mean, cov, fast.data());
    for (int n = 1; n <= 6; ++n) {
        std::vector<double> slow(t.count(n));
        moments_from_cumulants(t, kappa, 1, n, slow);
        for (std::size_t i = 0; i < slow.size(); ++i)
            CHECK(fast[t.offset(n) + i] == Approx(slow[i]).epsilon(1e-13));
    }
}

namespace {
// A net's default laws at `width` on d_in = 1 inputs `inputs`.
EnsembleConfig default_ensemble(nnft::numeric::ActivationKind kind, std::size_t width, const char* inputs) {
    EnsembleConfig c;
    c.net = nnft::numeric::default_network(kind);
    c.net.width = width;
    c.inputs = parse_inputs(inputs, 1);
    return c;
}
}  // namespace

TEST_CASE("conditioned vs plain estimator: error² × CPU time", "[sampler][conditioned]") {
    EnsembleConfig c = default_ensemble(nnft::numeric::ActivationKind::erf, 5, "0.002;0.004;0.006;0.008;0.01;0.012");
    c.seed = 8;
    c.networks = 100000;
    double cost[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
        c.conditioned = k == 1;
        EnsembleState s = initial_state(c);
        RunOptions o;
        const auto t0 = std::chrono::steady_clock::now();
        run_ensemble(c, s, o);
        const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const Correlators r = correlators_from_state(c, s);
        const double e4 = r.at("g4_connected")[0].error, e6 = r.at("g6_connected")[0].error;
        cost[k] = e4 * e4 * dt;
        WARN((k ? "conditioned" : "plain") << ": " << dt << " s, G4_con[0000] error " << e4 << ", G6_con error " << e6
                                           << ", error² × s " << e4 * e4 * dt);
    }
    CHECK(cost[1] < cost[0] / 10.0);
}

namespace {
// A small ensemble: d_out = 2 (pairs across outputs vanish), a non-zero output bias mean (the monomial path
// centres by it; the recursion path by the pilot mean, leaving unpaired terms), 3 inputs, 600 networks (two full
// blocks and a partial one; batches of eight and a scalar tail).
EnsembleConfig small_conditioned(double mu_w_out) {
    EnsembleConfig c = default_ensemble(nnft::numeric::ActivationKind::erf, 7, "-0.7;0.2;1.3");
    c.net.d_out = 2;
    c.net.output_bias = nnft::numeric::ParameterLaw::normal(0.3, 0.8);
    c.net.output_weights = nnft::numeric::ParameterLaw::normal(mu_w_out, 1.1);
    c.seed = 17;
    c.networks = 600;
    c.conditioned = true;
    return c;
}

// Σ over every network of E[Π (f − shift) | hidden layer] by the per-network recursion (the former estimator).
std::vector<double> per_network_sums(const EnsembleConfig& c, const std::vector<double>& shift, const TupleTable& t) {
    const std::size_t m = c.inputs.count(), dout = c.net.d_out, p = m * dout, n = c.net.width;
    const double sw = c.net.output_weights.sd(), sb = c.net.output_bias.sd();
    NetworkEvaluator eval(c.net, c.inputs);
    const GaussianMoments gaussian(t);
    std::vector<double> mean(p), cov(p * p), moments(t.size()), total(t.size(), 0.0);
    for (std::uint64_t g = 0; g < c.networks; ++g) {
        const double* phi = eval.last_hidden(c.seed, g);
        for (std::size_t i = 0; i < p; ++i) {
            double sum = 0.0;
            for (std::size_t j = 0; j < n; ++j)
                sum += phi[j * m + i / dout];
            mean[i] = c.net.output_bias.mean() + c.net.output_weights.mean() * sum - shift[i];
            for (std::size_t k = 0; k < p; ++k) {
                double gram = 0.0;
                for (std::size_t j = 0; j < n; ++j)
                    gram += phi[j * m + i / dout] * phi[j * m + k / dout];
                cov[i * p + k] = i % dout == k % dout ? sb * sb + sw * sw / static_cast<double>(n) * gram : 0.0;
            }
        }
        gaussian.compute(mean.data(), cov.data(), moments.data());
        for (std::size_t s = 0; s < t.size(); ++s)
            total[s] += moments[s];
    }
    return total;
}
}  // namespace

TEST_CASE("conditioned block sums by covariance monomials equal the per-network Isserlis sums",
          "[sampler][conditioned]") {
    for (const double mu_w : {0.0, 0.4}) {  // monomials (constant mean); the per-network recursion (μ_W ≠ 0)
        const EnsembleConfig c = small_conditioned(mu_w);
        CHECK(conditioned_by_monomials(c) == (mu_w == 0.0));
        EnsembleState s = initial_state(c);
        run_ensemble(c, s, RunOptions{});
        const TupleTable t(c.inputs.count() * c.net.d_out, c.max_n);
        const std::vector<double> slow = per_network_sums(c, s.shift, t);
        double scale = 0.0;
        for (double v : slow)
            scale = std::max(scale, std::abs(v));
        for (std::size_t slot = 0; slot < t.size(); ++slot) {
            double fast = 0.0;
            for (std::size_t g = 0; g < kGroups; ++g)
                fast += s.sums[g * t.size() + slot].value();
            INFO("μ_W " << mu_w << " slot " << slot << ": " << fast << " vs " << slow[slot]);
            CHECK(std::abs(fast - slow[slot]) <= 1e-12 * scale);
        }
    }
}

TEST_CASE("covariance monomials: entries, table and term count", "[sampler][conditioned]") {
    const TupleTable t(3, 6);
    const CovarianceMonomials w(t, 3, 1, {0.0, 0.0, 0.0});
    CHECK(w.monomials().points() == 6);  // C00 C01 C02 C11 C12 C22
    CHECK(w.monomials().max_n() == 3);
    CHECK(w.entry(0, 2) == 2);
    CHECK(w.entry(2, 1) == 4);
    CHECK(w.entry(2, 2) == 5);
    // Zero mean: only full pairings, merged per monomial; (0,0,0,0) is 3·C00² — one term.
    std::vector<double> sums(w.monomials().size(), 0.0), out(t.size());
    const std::uint16_t c00[2] = {0, 0};
    sums[w.monomials().slot(c00, 2)] = 2.0;
    w.combine(sums.data(), 1.0, out);
    const std::uint16_t t0000[4] = {0, 0, 0, 0}, t0001[4] = {0, 0, 0, 1};
    CHECK(out[t.slot(t0000, 4)] == 6.0);
    CHECK(out[t.slot(t0001, 4)] == 0.0);
}

TEST_CASE("covariance monomials with a non-zero mean give Isserlis' moments of one Gaussian", "[sampler][conditioned]") {
    // One "network": the monomial sums are the products of its covariance entries; d_out = 2 (block-diagonal
    // covariance), a non-zero mean on every point (the unpaired terms).
    const std::size_t m = 3, dout = 2, p = m * dout;
    const TupleTable t(p, 6);
    const std::vector<double> mean = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25};
    const double c[3][3] = {{1.0, 0.4, 0.1}, {0.4, 2.0, -0.3}, {0.1, -0.3, 0.7}};
    const CovarianceMonomials w(t, m, dout, mean);
    std::vector<double> entry(m * (m + 1) / 2);
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = a; b < m; ++b)
            entry[w.entry(a, b)] = c[a][b];
    std::vector<double> sums(w.monomials().size());
    for (std::size_t s = 0; s < sums.size(); ++s) {
        sums[s] = 1.0;
        for (auto q : w.monomials().tuple(s))
            sums[s] *= entry[q];
    }
    std::vector<double> cov(p * p, 0.0), expected(t.size()), got(t.size());
    for (std::size_t i = 0; i < p; ++i)
        for (std::size_t k = 0; k < p; ++k)
            cov[i * p + k] = i % dout == k % dout ? c[i / dout][k / dout] : 0.0;
    GaussianMoments(t).compute(mean.data(), cov.data(), expected.data());
    w.combine(sums.data(), 1.0, got);
    for (std::size_t s = 0; s < t.size(); ++s)
        CHECK(got[s] == Approx(expected[s]).epsilon(1e-13).margin(1e-15));
}

TEST_CASE("the batched hidden layer has the bits of NetworkEvaluator::last_hidden", "[sampler][conditioned]") {
    for (auto kind : {nnft::numeric::ActivationKind::erf, nnft::numeric::ActivationKind::relu,
                      nnft::numeric::ActivationKind::gauss}) {
        EnsembleConfig c = small_conditioned(0.0);
        c.net.activation = kind;
        if (!NetworkBatchEvaluator::available(c.net))
            return;  // no AVX2: the conditioned estimator uses last_hidden alone
        NetworkBatchEvaluator batch(c.net, c.inputs);
        NetworkEvaluator one(c.net, c.inputs);
        std::vector<double> out(6 * NetworkBatchEvaluator::kBatch);
        batch.evaluate(c.seed, 40, out.data(), NetworkBatchEvaluator::kBatch);
        const std::size_t m = c.inputs.count(), l_count = NetworkBatchEvaluator::kBatch;
        for (std::size_t l = 0; l < l_count; ++l) {
            const double* phi = one.last_hidden(c.seed, 40 + l);
            for (std::size_t i = 0; i < c.net.width * m; ++i)
                CHECK(batch.hidden()[i * l_count + l] == phi[i]);
        }
    }
}

TEST_CASE("conditioned jackknife errors match the spread of independent seeds", "[sampler][conditioned]") {
    // 24 seeds of a ReLU N=5 ensemble: the standard deviation of G4_con[0000] and G6_con[000000] over seeds
    // against the median jackknife error of one run (each estimated to ~15 %).
    EnsembleConfig c = default_ensemble(nnft::numeric::ActivationKind::relu, 5, "0.3;1.1");
    c.networks = 20000;
    c.conditioned = true;
    for (const char* name : {"g4_connected", "g6_connected"}) {
        std::vector<double> values, errors;
        for (std::uint64_t seed = 1; seed <= 24; ++seed) {
            c.seed = 1000 + seed;
            EnsembleState s = initial_state(c);
            run_ensemble(c, s, RunOptions{});
            const auto e = correlators_from_state(c, s).at(name)[0];  // a copy: the tables are a temporary
            values.push_back(e.value);
            errors.push_back(e.error);
        }
        double mean = 0.0, var = 0.0;
        for (double v : values)
            mean += v / static_cast<double>(values.size());
        for (double v : values)
            var += (v - mean) * (v - mean) / static_cast<double>(values.size() - 1);
        std::sort(errors.begin(), errors.end());
        const double ratio = std::sqrt(var) / errors[errors.size() / 2];
        WARN(name << ": spread over seeds " << std::sqrt(var) << ", median jackknife error " << errors[errors.size() / 2]
                  << ", ratio " << ratio);
        CHECK(ratio > 0.6);
        CHECK(ratio < 1.6);
    }
}
