// Time to error (issue 15, item 3): for a paper net (erf, relu, gauss: its default laws, d_in = 1, the inputs
// paper:NET, moments to n = 6) at a width, one thread, the plain or the conditioned estimator: G4_con and G6_con
// with their jackknife standard errors at the fixed tuples (0,1,2,3) and (0,1,2,3,4,5) (all inputs distinct), and
// the median over every tuple of the table of error / |value|. bench/estimators.sh turns them into the figure of
// merit 1 / (relative error² × CPU seconds). One run sized to about `seconds` of CPU (after
// calibration runs that are not counted), CPU time of the run only (setup included, start-up not).
// Usage: bench_estimators --point NET WIDTH ESTIMATOR [seconds] [seed]
//        prints "ESTIMATOR NET WIDTH networks cpu_s value_g4 error_g4 value_g6 error_g6 median_relerr_g4
//        median_relerr_g6" (bench/estimators.sh interleaves it with bench/sampler_torch.py --error).
#include "bench/cpu_time.hpp"
#include "numeric/network.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"
#include "study/presets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace nnft::sampler;
using nnft::bench::cpu_seconds;

namespace {

EnsembleConfig paper_net(const std::string& net, std::size_t width, bool conditioned, std::uint64_t seed) {
    EnsembleConfig c;
    nnft::numeric::ActivationKind kind = nnft::numeric::ActivationKind::erf;
    if (net == "relu")
        kind = nnft::numeric::ActivationKind::relu;
    else if (net == "gauss")
        kind = nnft::numeric::ActivationKind::gauss;
    else if (net != "erf")
        throw std::runtime_error("bench_estimators: NET is erf, relu or gauss, not '" + net + "'");
    c.net = nnft::numeric::default_network(kind);
    c.net.width = width;
    c.inputs = nnft::study::paper_inputs(net, 1);
    c.max_n = 6;
    c.seed = seed;
    c.conditioned = conditioned;
    return c;
}

// CPU seconds of one run of `networks` networks, and its correlators.
double run(EnsembleConfig& c, std::uint64_t networks, Correlators& out) {
    c.networks = networks;
    const double c0 = cpu_seconds();
    EnsembleState s = initial_state(c);
    run_ensemble(c, s, RunOptions{});
    const double dt = cpu_seconds() - c0;
    out = correlators_from_state(c, s);
    return dt;
}

// The entry at the tuple 0, 1, …, n − 1 (value, error), and the median over the table of error / |value|.
struct Figures {
    double value = NAN, error = NAN, median = NAN;
};
Figures figures(const Correlators& r, const char* name, int n) {
    Figures f;
    std::vector<double> all;
    for (const CorrelatorEntry& e : r.at(name)) {
        all.push_back(e.error / std::abs(e.value));
        bool distinct = static_cast<int>(e.indices.size()) == n;
        for (int i = 0; distinct && i < n; ++i)
            distinct = e.indices[static_cast<std::size_t>(i)] == i;
        if (distinct) {
            f.value = e.value;
            f.error = e.error;
        }
    }
    std::nth_element(all.begin(), all.begin() + static_cast<long>(all.size() / 2), all.end());
    f.median = all[all.size() / 2];
    return f;
}

int point(const std::string& net, std::size_t width, const std::string& estimator, double seconds, std::uint64_t seed) {
    EnsembleConfig c = paper_net(net, width, estimator == "conditioned", seed);
    Correlators r;
    std::uint64_t networks = 4096;
    double dt = run(c, networks, r);
    for (; dt < seconds / 4; dt = run(c, networks, r))  // calibration runs, not counted
        networks *= 4;
    networks = static_cast<std::uint64_t>(static_cast<double>(networks) * seconds / dt);
    dt = run(c, networks, r);
    const Figures g4 = figures(r, "g4_connected", 4), g6 = figures(r, "g6_connected", 6);
    std::printf("%s %s %zu %llu %.4g %.6e %.4e %.6e %.4e %.4e %.4e\n", estimator.c_str(), net.c_str(), width,
                static_cast<unsigned long long>(networks), dt, g4.value, g4.error, g6.value, g6.error, g4.median,
                g6.median);
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 5 || std::strcmp(argv[1], "--point") != 0) {
        std::fprintf(stderr, "usage: bench_estimators --point erf|relu|gauss WIDTH plain|conditioned [seconds] [seed]\n");
        return 2;
    }
    const std::string estimator = argv[4];
    if (estimator != "plain" && estimator != "conditioned") {
        std::fprintf(stderr, "bench_estimators: ESTIMATOR is plain or conditioned, not '%s'\n", argv[4]);
        return 2;
    }
    try {
        return point(argv[2], static_cast<std::size_t>(std::atol(argv[3])), estimator, argc > 5 ? std::atof(argv[5]) : 1.0,
                     argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 1);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_estimators: %s\n", e.what());
        return 2;
    }
}
