#include <catch2/catch.hpp>

#include "sampler/detail/conditioned.hpp"
#include "sampler/correlators.hpp"
#include "sampler/cumulants.hpp"
#include "sampler/ensemble.hpp"

#include <chrono>
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

TEST_CASE("conditioned vs plain estimator: error² × CPU time", "[sampler][conditioned]") {
    EnsembleConfig c;
    c.net = nnft::numeric::default_network(nnft::numeric::ActivationKind::erf);
    c.net.width = 5;
    c.inputs = parse_inputs("0.002;0.004;0.006;0.008;0.01;0.012", 1);
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
