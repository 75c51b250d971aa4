// Custom activations in the sampler: throughput of the expression path (numeric::ActivationProgram) against
// the built-in net for the same function (`--activation 'erf(x)'` forced through the expression path vs
// `--net erf`; 'tanh(x)' vs `--net tanh`), plus GELU and sin, at widths 5 and 100, Erf-net paper inputs
// (6 points), moments to n = 6. Full sampling (run_ensemble) and the forward pass alone, per CPU second;
// the expression kernels with SLEEF (AVX2, the default) and with libm (force_portable).
// Usage: bench_activation_expression [threads] [seconds-per-point]   (defaults: 1 thread, 1 s)
#include "bench/cpu_time.hpp"
#include "numeric/activation_program.hpp"
#include "sampler/detail/network_batch.hpp"
#include "sampler/ensemble.hpp"
#include "study/presets.hpp"
#include "symbolic/activation_expression.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

using namespace nnft;

using nnft::bench::cpu_seconds;

namespace {
// Networks per CPU second of run_ensemble (full) or of the forward pass alone (limit).
double networks_per_second(const numeric::Activation& a, std::size_t width, unsigned threads, double seconds, bool full) {
    for (std::uint64_t n = 4096;; n *= 2) {
        sampler::EnsembleConfig c = study::paper_erf_ensemble(width, n, 1);
        c.net.activation = a;
        const double t0 = cpu_seconds();
        if (full) {
            sampler::EnsembleState s = sampler::initial_state(c);
            sampler::RunOptions o;
            o.threads = threads;
            sampler::run_ensemble(c, s, o);
        } else if (sampler::NetworkBatchEvaluator::available(c.net)) {
            sampler::NetworkBatchEvaluator e(c.net, c.inputs);
            std::vector<double> out(6 * 8);
            for (std::uint64_t g = 0; g < n; g += 8)
                e.evaluate(1, g, out.data(), 8);
        } else {
            sampler::NetworkEvaluator e(c.net, c.inputs);
            std::vector<double> out(6);
            for (std::uint64_t g = 0; g < n; ++g)
                e.evaluate(1, g, out.data(), 1);
        }
        const double dt = cpu_seconds() - t0;
        if (dt > seconds)
            return static_cast<double>(n) / dt;
    }
}
}  // namespace

int main(int argc, char** argv) {
    const unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 1u;
    const double seconds = argc > 2 ? std::atof(argv[2]) : 1.0;
    const symbolic::ActivationParseOptions forced{.map_builtins = false};
    struct Row {
        const char* label;
        numeric::Activation expr, builtin;
    };
    const Row rows[] = {{"erf(x)", symbolic::resolve_activation("erf(x)", forced), numeric::ActivationKind::erf},
                        {"tanh(x)", symbolic::resolve_activation("tanh(x)", forced), numeric::ActivationKind::tanh},
                        {"gelu", symbolic::resolve_activation("gelu"), numeric::ActivationKind::erf},
                        {"sin", symbolic::resolve_activation("sin"), numeric::ActivationKind::erf}};
    std::printf("nnft activation benchmark: paper Erf-net inputs (6), moments to n = 6, %u thread(s); networks per CPU second\n",
                threads);
    std::printf("%-8s %6s %5s %12s %12s %8s %12s %8s\n", "expr", "width", "pass", "builtin", "expr SLEEF", "ratio",
                "expr libm", "ratio");
    for (std::size_t width : {std::size_t{5}, std::size_t{100}})
        for (const Row& r : rows)
            for (bool full : {true, false}) {
                const double b = networks_per_second(r.builtin, width, threads, seconds, full);
                numeric::ActivationProgram::force_portable(false);
                const double e = networks_per_second(r.expr, width, threads, seconds, full);
                numeric::ActivationProgram::force_portable(true);
                const double p = networks_per_second(r.expr, width, threads, seconds, full);
                numeric::ActivationProgram::force_portable(false);
                std::printf("%-8s %6zu %5s %12.4g %12.4g %8.2f %12.4g %8.2f\n", r.label, width, full ? "full" : "fwd", b, e,
                            e / b, p, p / b);
            }
    std::printf("(gelu and sin: ratio against the built-in erf net)\n");
    return 0;
}
