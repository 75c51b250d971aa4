// The moment kernel alone (MomentKernel::add_chunk + flush): CPU nanoseconds per sample and per
// tuple·sample, for the benchmark's shape (6 points, moments to n = 6: 923 tuples) and a few others,
// flushing after every chunk as the sampler does (one chunk per block) and, for the walk alone, after 256.
// Usage: bench_moments [seconds-per-shape] [points:max_n …] (default 6:6 4:6 8:6 6:4 12:4)
#include "bench/cpu_time.hpp"
#include "numeric/rng.hpp"
#include "sampler/detail/moments.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

using namespace nnft::sampler;

using nnft::bench::cpu_seconds;

namespace {
// CPU seconds per sample of add_chunk over one fixed chunk, with a flush every `period` chunks, repeated
// until `seconds` have passed.
double seconds_per_sample(const TupleTable& table, double seconds, int period) {
    constexpr std::size_t chunk = MomentKernel::kChunk;
    nnft::numeric::NormalStream g(11, table.points());
    std::vector<double> values(table.points() * chunk), weights(chunk, 1.0);
    for (auto& v : values)
        v = g.next();
    MomentKernel kernel(table);
    std::vector<double> sums(table.size(), 0.0);
    std::size_t chunks = 0;
    const double t0 = cpu_seconds();
    double dt = 0.0;
    while (dt < seconds) {
        for (int k = 0; k < 256; k += period) {
            for (int j = 0; j < period; ++j)
                kernel.add_chunk(values.data(), weights.data());
            kernel.flush(sums);
        }
        chunks += 256;
        dt = cpu_seconds() - t0;
    }
    return dt / static_cast<double>(chunks * chunk);
}
}  // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
    std::vector<std::pair<std::size_t, int>> shapes;
    for (int i = 2; i < argc; ++i) {
        const std::string s = argv[i];
        const auto colon = s.find(':');
        if (colon == std::string::npos) {
            std::fprintf(stderr, "bench_moments: shape '%s' is not points:max_n (e.g. 6:6)\n", argv[i]);
            return 2;
        }
        shapes.emplace_back(std::stoul(s.substr(0, colon)), std::stoi(s.substr(colon + 1)));
    }
    if (shapes.empty())
        shapes = {{6, 6}, {4, 6}, {8, 6}, {6, 4}, {12, 4}};
    std::printf("nnft moment kernel benchmark: CPU ns per sample of add_chunk + flush (every chunk / every 256)\n");
    std::printf("%7s %6s %8s %14s %14s %22s\n", "points", "max_n", "tuples", "flush/chunk", "flush/256",
                "ns/(tuple·sample) 256");
    for (const auto& [points, max_n] : shapes) {
        const TupleTable table(points, max_n);
        const double every = seconds_per_sample(table, seconds, 1), rare = seconds_per_sample(table, seconds, 256);
        std::printf("%7zu %6d %8zu %14.2f %14.2f %22.4f\n", points, max_n, table.size(), 1e9 * every, 1e9 * rare,
                    1e9 * rare / static_cast<double>(table.size()));
    }
    return 0;
}
