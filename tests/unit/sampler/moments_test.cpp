#include <catch2/catch.hpp>

#include "numeric/rng.hpp"
#include "sampler/detail/moments.hpp"

#include <vector>

using namespace nnft::sampler;

namespace {
// The kernel's contract, written out directly: lane l sums w_b · y_{i1}(b) · … · y_{in}(b) (multiplied left to
// right) over the samples b ≡ l (mod 8) in order, chunk after chunk; flush adds the lanes in order.
std::vector<double> reference_sums(const TupleTable& table, const std::vector<std::vector<double>>& chunks_values,
                                   const std::vector<std::vector<double>>& chunks_weights) {
    constexpr std::size_t chunk = MomentKernel::kChunk, lanes = MomentKernel::kLanes;
    std::vector<double> sums(table.size(), 0.0);
    for (std::size_t s = 0; s < table.size(); ++s) {
        const auto t = table.tuple(s);
        double acc[lanes] = {};
        for (std::size_t c = 0; c < chunks_values.size(); ++c)
            for (std::size_t b = 0; b < chunk; ++b) {
                double prod = chunks_weights[c][b];
                for (auto i : t)
                    prod *= chunks_values[c][i * chunk + b];
                acc[b % lanes] += prod;
            }
        double total = 0.0;
        for (double a : acc)
            total += a;
        sums[s] = total;
    }
    return sums;
}

// Random chunks for `points` points: values N(0,1), weights 1 + 0.25·N(0,1); the last chunk is a partial
// one, padded from sample `pad` on as the sampler pads (zero weights and values).
struct Chunks {
    std::vector<std::vector<double>> values, weights;
};
Chunks random_chunks(std::size_t points, std::uint64_t stream, std::size_t count, std::size_t pad) {
    constexpr std::size_t chunk = MomentKernel::kChunk;
    nnft::numeric::NormalStream g(5, stream);
    Chunks c{std::vector<std::vector<double>>(count, std::vector<double>(points * chunk)),
             std::vector<std::vector<double>>(count, std::vector<double>(chunk))};
    for (std::size_t k = 0; k < count; ++k) {
        const bool last = k + 1 == count;
        for (std::size_t p = 0; p < points; ++p)
            for (std::size_t b = 0; b < chunk; ++b)
                c.values[k][p * chunk + b] = last && b >= pad ? 0.0 : g.next();
        for (std::size_t b = 0; b < chunk; ++b)
            c.weights[k][b] = last && b >= pad ? 0.0 : 1.0 + 0.25 * g.next();
    }
    return c;
}

// The kernel's sums over the chunks (one flush at the end).
std::vector<double> kernel_sums(MomentKernel& kernel, const TupleTable& table, const Chunks& c) {
    std::vector<double> sums(table.size(), 0.0);
    for (std::size_t k = 0; k < c.values.size(); ++k)
        kernel.add_chunk(c.values[k].data(), c.weights[k].data());
    kernel.flush(sums);
    return sums;
}

// Number of slots where a and b differ in any bit (as doubles: no NaNs arise here).
std::size_t count_differing(const std::vector<double>& a, const std::vector<double>& b) {
    std::size_t differ = 0;
    for (std::size_t s = 0; s < a.size(); ++s)
        differ += a[s] != b[s];
    return differ;
}
}  // namespace

TEST_CASE("the fused moment walk gives the bits of the plain lane-by-lane sums", "[sampler][moments]") {
    // Point counts below, at and above the fused run length (6), every max_n, partial chunks (zero weights).
    const std::pair<std::size_t, int> shapes[] = {{6, 6}, {3, 6}, {9, 6}, {14, 4}, {6, 2}, {5, 1}, {2, 3}, {13, 5}};
    for (const auto& [points, max_n] : shapes)
        for (const auto fusion : {MomentKernel::Fusion::Auto, MomentKernel::Fusion::OneLevel}) {
            CAPTURE(points, max_n, fusion == MomentKernel::Fusion::Auto);
            const TupleTable table(points, max_n);
            const Chunks c = random_chunks(points, points * 10 + static_cast<std::size_t>(max_n), 3, 37);
            MomentKernel kernel(table, fusion);
            CHECK(count_differing(kernel_sums(kernel, table, c), reference_sums(table, c.values, c.weights)) == 0);
            // Flushing clears the lanes: a second flush adds nothing.
            std::vector<double> again(table.size(), 0.0);
            kernel.flush(again);
            for (double v : again)
                CHECK(v == 0.0);
        }
}

TEST_CASE("two-level fused ops give the bits of the plain sums for 1 to 10 points", "[sampler][moments]") {
    // Every point count up to 10 covers two-level runs of every width the register budget allows (M = 6:
    // a parent ending at 0 is split into runs of 4 and 2 children; M = 8: runs of 2), and parents with
    // M − a > kMaxRange = 8 that stay one-level (M = 9, 10). Several flushes: the lanes restart cleanly.
    const bool avx512 = __builtin_cpu_supports("avx512f");
    if (!avx512)
        WARN("no AVX-512 on this CPU: the kernel runs one-level ops only, two-level ops are not exercised");
    for (std::size_t points = 1; points <= 10; ++points)
        for (int max_n = 1; max_n <= 6; ++max_n) {
            CAPTURE(points, max_n);
            const TupleTable table(points, max_n);
            MomentKernel kernel(table);
            CHECK(kernel.two_level() == (avx512 && max_n >= 3));
            CHECK_FALSE(MomentKernel(table, MomentKernel::Fusion::OneLevel).two_level());
            for (std::size_t round = 0; round < 2; ++round) {
                const Chunks c = random_chunks(points, 1000 + points * 10 + static_cast<std::size_t>(max_n) + 500 * round,
                                               2, round == 0 ? 200 : 8);
                CHECK(count_differing(kernel_sums(kernel, table, c), reference_sums(table, c.values, c.weights)) == 0);
            }
        }
}
