// Sampler throughput in neuron evaluations per second (networks × width × inputs), including the
// accumulation of all moments to n = 6 over 6 inputs, at widths 5, 20, 100, 1000; and the "machine limit":
// the same networks' Gaussian draws, activations and output layer alone (no moments), with the evaluator
// the sampler uses (eight networks at a time where the CPU has AVX2).
// Rates are per wall-clock second and per CPU second of the process (the latter is the fair figure on a
// shared machine: with 1 thread it ignores time the process spent waiting for a core).
// Usage: bench_sampler [threads] [seconds-per-point] [widths…] (default widths 5 20 100 1000)
//        bench_sampler --point NET WIDTH [seconds]   one thread, any activation (erf, relu, gauss, tanh, a preset
//        such as gelu, or an expression in x; the Erf-net's weights, biases and inputs otherwise): prints
//        "nnft NET WIDTH <networks per CPU second> <networks per wall second>" (bench/sampler_nets.sh runs it
//        interleaved with bench/sampler_torch.py --point).
#include "bench/cpu_time.hpp"
#include "sampler/ensemble.hpp"
#include "study/presets.hpp"
#include "sampler/network.hpp"
#include "sampler/detail/network_batch.hpp"
#include "symbolic/activation_expression.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>
#include <vector>

using namespace nnft::sampler;
using Clock = std::chrono::steady_clock;

using nnft::bench::cpu_seconds;

namespace {
// Neuron evaluations per wall second and per CPU second.
struct Rate {
    double wall = 0.0, cpu = 0.0;
};

Rate rate(std::uint64_t networks, std::size_t width, double wall, double cpu) {
    const double evals = static_cast<double>(networks) * static_cast<double>(width) * 6.0;
    return {evals / wall, evals / cpu};
}


Rate full_rate(std::size_t width, unsigned threads, double seconds,
               const nnft::numeric::Activation& activation = nnft::numeric::ActivationKind::erf) {
    std::uint64_t n = 4096;
    for (;;) {
        EnsembleConfig c = nnft::study::paper_erf_ensemble(width, n, 1);
        c.net.activation = activation;
        EnsembleState s = initial_state(c);
        RunOptions o;
        o.threads = threads;
        const double c0 = cpu_seconds();
        const auto t0 = Clock::now();
        run_ensemble(c, s, o);
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        if (dt > seconds)
            return rate(n, width, dt, cpu_seconds() - c0);
        n *= 2;
    }
}

Rate limit_rate(std::size_t width, unsigned threads, double seconds) {
    const EnsembleConfig c = nnft::study::paper_erf_ensemble(width, 1, 1);
    std::uint64_t n = 4096;
    for (;;) {
        const double c0 = cpu_seconds();
        const auto t0 = Clock::now();
        std::vector<std::jthread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                // The evaluator the sampler uses: eight networks at a time where the CPU allows.
                if (NetworkBatchEvaluator::available(c.net)) {
                    NetworkBatchEvaluator e(c.net, c.inputs);
                    constexpr std::uint64_t lanes = NetworkBatchEvaluator::kBatch;
                    std::vector<double> out(6 * lanes);
                    for (std::uint64_t g = t * lanes; g < n; g += threads * lanes)
                        e.evaluate(1, g, out.data(), lanes);
                    return;
                }
                NetworkEvaluator e(c.net, c.inputs);
                std::vector<double> out(6);
                for (std::uint64_t g = t; g < n; g += threads)
                    e.evaluate(1, g, out.data(), 1);
            });
        pool.clear();
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        if (dt > seconds)
            return rate(n, width, dt, cpu_seconds() - c0);
        n *= 2;
    }
}

// One (activation, width) point on one thread: networks per CPU and per wall second of run_ensemble.
int point(const char* net, const char* width_text, double seconds) {
    const std::size_t width = static_cast<std::size_t>(std::atol(width_text));
    const Rate r = full_rate(width, 1, seconds, nnft::symbolic::resolve_activation(net));
    const double per_network = static_cast<double>(width) * 6.0;
    std::printf("nnft %s %zu %.6e %.6e\n", net, width, r.cpu / per_network, r.wall / per_network);
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc >= 4 && std::strcmp(argv[1], "--point") == 0)
        return point(argv[2], argv[3], argc > 4 ? std::atof(argv[4]) : 1.0);
    const unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : std::thread::hardware_concurrency();
    const double seconds = argc > 2 ? std::atof(argv[2]) : 1.0;
    std::printf("nnft sampler benchmark: Erf-net, 6 inputs, moments to n = 6 (923 tuples), %u thread(s)\n", threads);
    std::printf("neuron evaluations per wall second / per CPU second\n");
    std::printf("%8s %12s %12s %12s %12s %14s\n", "width", "full wall", "full cpu", "limit wall", "limit cpu",
                "full/limit cpu");
    std::vector<std::size_t> widths;
    for (int i = 3; i < argc; ++i)
        widths.push_back(static_cast<std::size_t>(std::atol(argv[i])));
    if (widths.empty())
        widths = {5, 20, 100, 1000};
    for (std::size_t w : widths) {
        const Rate f = full_rate(w, threads, seconds), l = limit_rate(w, threads, seconds);
        std::printf("%8zu %12.3e %12.3e %12.3e %12.3e %14.2f\n", w, f.wall, f.cpu, l.wall, l.cpu, f.cpu / l.cpu);
    }
    std::printf("PyTorch reference: /usr/bin/python3 bench/sampler_torch.py %u (same ensemble, same units)\n", threads);
    return 0;
}
