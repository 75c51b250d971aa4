// Sampler throughput in neuron evaluations per second (networks × width × inputs), including the
// accumulation of all moments to n = 6 over 6 inputs, at widths 5, 20, 1000; and the "machine limit":
// the same networks' Gaussian draws and activations alone (no moments).
// Usage: bench_sampler [threads] [seconds-per-point]
#include "sampler/ensemble.hpp"
#include "sampler/network.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace nnft::sampler;
using Clock = std::chrono::steady_clock;

namespace {
EnsembleConfig config(std::size_t width, std::uint64_t networks) {
    EnsembleConfig c;
    c.net = default_spec(Activation::Erf);
    c.net.width = width;
    c.inputs = parse_inputs("paper:erf", 1);
    c.max_n = 6;
    c.seed = 1;
    c.networks = networks;
    return c;
}

double full_rate(std::size_t width, unsigned threads, double seconds) {
    std::uint64_t n = 4096;
    for (;;) {
        const EnsembleConfig c = config(width, n);
        EnsembleState s = initial_state(c);
        RunOptions o;
        o.threads = threads;
        const auto t0 = Clock::now();
        run_ensemble(c, s, o);
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        if (dt > seconds)
            return static_cast<double>(n) * static_cast<double>(width) * 6.0 / dt;
        n *= 2;
    }
}

double limit_rate(std::size_t width, unsigned threads, double seconds) {
    const EnsembleConfig c = config(width, 1);
    std::uint64_t n = 4096;
    for (;;) {
        const auto t0 = Clock::now();
        std::vector<std::jthread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                NetworkEvaluator e(c.net, c.inputs);
                std::vector<double> out(6);
                for (std::uint64_t g = t; g < n; g += threads)
                    e.evaluate(1, g, out.data(), 1);
            });
        pool.clear();
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        if (dt > seconds)
            return static_cast<double>(n) * static_cast<double>(width) * 6.0 / dt;
        n *= 2;
    }
}
}  // namespace

int main(int argc, char** argv) {
    const unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : std::thread::hardware_concurrency();
    const double seconds = argc > 2 ? std::atof(argv[2]) : 1.0;
    std::printf("nnft sampler benchmark: Erf-net, 6 inputs, moments to n = 6 (923 tuples), %u thread(s)\n", threads);
    std::printf("%8s %22s %22s %10s\n", "width", "full [neuron-evals/s]", "limit [neuron-evals/s]", "full/limit");
    for (std::size_t w : {5, 20, 100, 1000}) {
        const double f = full_rate(w, threads, seconds), l = limit_rate(w, threads, seconds);
        std::printf("%8zu %22.3e %22.3e %10.2f\n", w, f, l, f / l);
    }
    std::printf("PyTorch reference (issue 4, 1 thread, 2-core dev machine): ~3e7 at width 5, ~1.5e8 at width 100;\n"
                "run bench/sampler_torch.py on this machine for the ratio.\n");
    return 0;
}
