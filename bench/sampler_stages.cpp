// Where the sampler's time goes, per network, one thread: the Philox bits of its draws, the whole batched
// forward pass (draws + Box–Muller + layers + activation), the activation alone, the moment kernel alone
// (all 923 tuples to n = 6 over 6 inputs, on fixed data) and the full pipeline (run_ensemble), for the
// Erf-net of bench_sampler at widths 5, 20, 100, 1000. Also the core's double-precision FMA peak, and from
// it a floor for any moment kernel: one multiply-add per tuple and network (923) at that peak.
// The floor line adds the stages no implementation can skip at the cost measured here (Philox bits,
// activation) to the moment floor: a throughput no pipeline with these draws and float64 moments beats
// on this core unless the stages overlap on separate execution units.
// Times are thread CPU time (fair on a shared machine). Usage: bench_sampler_stages [seconds] [widths…]
#include "numeric/rng.hpp"
#include "study/presets.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/detail/moments.hpp"
#include "sampler/network.hpp"
#include "sampler/detail/network_batch.hpp"
#include "sampler/tuples.hpp"
#include "sampler/detail/vector_math.hpp"

#include <immintrin.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <vector>

using namespace nnft::sampler;

namespace {
constexpr std::size_t kInputs = 6;
constexpr std::size_t kLanes = NetworkBatchEvaluator::kBatch;

double thread_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// CPU seconds per call of `work`, doubling the repetitions until a run lasts `seconds`.
double seconds_per_call(const std::function<void()>& work, double seconds) {
    for (std::uint64_t reps = 1;; reps *= 2) {
        const double t0 = thread_seconds();
        for (std::uint64_t r = 0; r < reps; ++r)
            work();
        const double dt = thread_seconds() - t0;
        if (dt > seconds)
            return dt / static_cast<double>(reps);
    }
}


constexpr int kChains = 12;
constexpr std::uint64_t kSteps = 1u << 16;

// Twelve independent chains of four-double FMAs, kSteps each (x86-64 with FMA only).
__attribute__((target("avx2,fma"))) double fma_chains() {
    __m256d acc[kChains];
    for (int c = 0; c < kChains; ++c)
        acc[c] = _mm256_set1_pd(1e-3 * c);
    const __m256d a = _mm256_set1_pd(0.999999), b = _mm256_set1_pd(1e-9);
    for (std::uint64_t s = 0; s < kSteps; ++s)
        for (int c = 0; c < kChains; ++c)
            acc[c] = _mm256_fmadd_pd(acc[c], a, b);
    __m256d t = acc[0];
    for (int c = 1; c < kChains; ++c)
        t = _mm256_add_pd(t, acc[c]);
    return _mm256_cvtsd_f64(t);
}

// Multiply-adds per second of one core (0 when the CPU has no FMA).
double fma_peak(double seconds) {
    if (!__builtin_cpu_supports("fma"))
        return 0.0;
    volatile double sink = 0.0;
    const double per_call = seconds_per_call([&] { sink = sink + fma_chains(); }, seconds);
    return 4.0 * kChains * static_cast<double>(kSteps) / per_call;
}

struct Stages {
    double philox = 0, forward = 0, activation = 0, moments = 0, full = 0;  // seconds per network
};

Stages measure(std::size_t width, double seconds) {
    Stages s;
    const EnsembleConfig c = nnft::study::paper_erf_ensemble(width, 1, 1);
    const std::size_t draws = width * c.net.d_in + width + c.net.d_out * width + c.net.d_out;
    const std::size_t pairs = (draws + 1) / 2;
    std::vector<double> u1(pairs * kLanes), u2(pairs * kLanes);
    std::uint64_t first = 0;
    s.philox = seconds_per_call(
                   [&] {
                       nnft::numeric::philox_uniform_pairs_streams(1, first, 0, 0, pairs, u1.data(), u2.data());
                       first += kLanes;
                   },
                   seconds) /
               kLanes;
    if (NetworkBatchEvaluator::available(c.net)) {
        NetworkBatchEvaluator e(c.net, c.inputs);
        std::vector<double> out(kInputs * kLanes);
        first = 0;
        s.forward = seconds_per_call(
                        [&] {
                            e.evaluate(1, first, out.data(), kLanes);
                            first += kLanes;
                        },
                        seconds) /
                    kLanes;
    }
    std::vector<double> z(width * kInputs * kLanes);
    for (std::size_t i = 0; i < z.size(); ++i)
        z[i] = -2.0 + 4.0 * static_cast<double>(i) / static_cast<double>(z.size());
    s.activation = seconds_per_call([&] { detail::activate(nnft::numeric::ActivationKind::erf, z.data(), z.size()); }, seconds) / kLanes;

    const TupleTable table(kInputs, 6);
    MomentKernel kernel(table);
    std::vector<double> values(kInputs * MomentKernel::kChunk), weights(MomentKernel::kChunk, 1.0), sums(table.size());
    nnft::numeric::NormalStream g(7, 0);
    g.fill(values);
    s.moments = seconds_per_call(
                    [&] {
                        kernel.add_chunk(values.data(), weights.data());
                        kernel.flush(sums);
                    },
                    seconds) /
                MomentKernel::kChunk;

    for (std::uint64_t n = 4096;; n *= 2) {
        const EnsembleConfig full = nnft::study::paper_erf_ensemble(width, n, 1);
        EnsembleState state = initial_state(full);
        RunOptions o;
        o.threads = 1;
        const double t0 = thread_seconds();
        run_ensemble(full, state, o);
        const double dt = thread_seconds() - t0;
        if (dt > seconds) {
            s.full = dt / static_cast<double>(n);
            break;
        }
    }
    return s;
}
}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    std::vector<std::size_t> widths;
    for (int i = 2; i < argc; ++i)
        widths.push_back(static_cast<std::size_t>(std::atol(argv[i])));
    if (widths.empty())
        widths = {5, 20, 100, 1000};
    const std::size_t tuples = TupleTable(kInputs, 6).size();
    const double peak = fma_peak(seconds);
    std::printf("nnft sampler stages: Erf-net, 6 inputs, moments to n = 6 (%zu tuples), 1 thread, ns per network\n",
                tuples);
    std::printf("double FMA peak of this core: %.3e multiply-adds/s -> moment floor %.1f ns per network\n", peak,
                1e9 * static_cast<double>(tuples) / peak);
    std::printf("%6s %8s %9s %10s %9s %9s %9s | %10s %11s %11s\n", "width", "philox", "forward", "activation",
                "moments", "sum", "full", "full rate", "floor", "floor rate");
    for (std::size_t w : widths) {
        const Stages s = measure(w, seconds);
        const double sum = s.forward + s.moments;
        const double floor = s.philox + s.activation + static_cast<double>(tuples) / peak;
        const double evals = static_cast<double>(w * kInputs);
        std::printf("%6zu %8.1f %9.1f %10.1f %9.1f %9.1f %9.1f | %10.3e %11.1f %11.3e\n", w, 1e9 * s.philox,
                    1e9 * s.forward, 1e9 * s.activation, 1e9 * s.moments, 1e9 * sum, 1e9 * s.full, evals / s.full,
                    1e9 * floor, evals / floor);
    }
    std::printf("forward = Philox + Box-Muller + layers + activation (the batched evaluator); sum = forward + moments;\n"
                "floor = philox + activation + moment floor; rates in neuron evaluations per CPU second\n");
    return 0;
}
