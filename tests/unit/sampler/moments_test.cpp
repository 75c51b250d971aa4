#include <catch2/catch.hpp>

#include "numeric/rng.hpp"
#include "sampler/moments.hpp"

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
}  // namespace

TEST_CASE("the fused moment walk gives the bits of the plain lane-by-lane sums", "[sampler][moments]") {
    constexpr std::size_t chunk = MomentKernel::kChunk;
    // Point counts below, at and above the fused run length (6), every max_n, partial chunks (zero weights).
    const std::pair<std::size_t, int> shapes[] = {{6, 6}, {3, 6}, {9, 6}, {14, 4}, {6, 2}, {5, 1}, {2, 3}, {13, 5}};
    for (const auto& [points, max_n] : shapes) {
        CAPTURE(points, max_n);
        const TupleTable table(points, max_n);
        nnft::numeric::NormalStream g(5, points * 10 + static_cast<std::size_t>(max_n));
        std::vector<std::vector<double>> values(3, std::vector<double>(points * chunk));
        std::vector<std::vector<double>> weights(3, std::vector<double>(chunk));
        for (std::size_t c = 0; c < values.size(); ++c) {
            for (auto& v : values[c])
                v = g.next();
            for (std::size_t b = 0; b < chunk; ++b)
                weights[c][b] = c == 2 && b >= 37 ? 0.0 : 1.0 + 0.25 * g.next();
        }
        MomentKernel kernel(table);
        std::vector<double> sums(table.size(), 0.0);
        for (std::size_t c = 0; c < values.size(); ++c)
            kernel.add_chunk(values[c].data(), weights[c].data());
        kernel.flush(sums);
        const std::vector<double> expect = reference_sums(table, values, weights);
        std::size_t differ = 0;
        for (std::size_t s = 0; s < table.size(); ++s)
            differ += sums[s] != expect[s];
        CHECK(differ == 0);
        // Flushing clears the lanes: a second flush adds nothing.
        std::vector<double> again(table.size(), 0.0);
        kernel.flush(again);
        for (double v : again)
            CHECK(v == 0.0);
    }
}
