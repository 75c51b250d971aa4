#include "numeric/vertex_integrand.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "common/error.hpp"
#include "numeric/detail/integration_common.hpp"
#include "numeric/detail/vector_ops.hpp"

namespace nnft::numeric {

VertexWeight weight_norm_squared() {
    return [](const PointBlock& nodes, double* w) {
        std::fill(w, w + nodes.count, 0.0);
        for (int k = 0; k < nodes.dim; ++k) {
            const double* yk = nodes.coords + static_cast<std::size_t>(k) * nodes.count;
            for (std::size_t j = 0; j < nodes.count; ++j) w[j] += yk[j] * yk[j];
        }
    };
}

VertexWeight weight_kernel_diagonal_power(const Kernel& kernel, int power) {
    if (power < 0) throw Error("kernel-diagonal weight power must be >= 0");
    return [kernel, power](const PointBlock& nodes, double* w) {
        std::vector<double> y(static_cast<std::size_t>(nodes.dim));
        for (std::size_t j = 0; j < nodes.count; ++j) {
            for (int k = 0; k < nodes.dim; ++k)
                y[static_cast<std::size_t>(k)] = nodes.coords[static_cast<std::size_t>(k) * nodes.count + j];
            w[j] = std::pow(kernel(y, y), power);
        }
    };
}

namespace {

// The tuples stored flat; checks the list shape (the index range is checked by the constructor).
FlatTuples flatten(const std::vector<Tuple>& tuples) {
    validate_tuples(tuples, std::numeric_limits<int>::max());
    FlatTuples flat;
    flat.legs = tuples.front().size();
    flat.indices.reserve(tuples.size() * flat.legs);
    for (const auto& t : tuples) flat.indices.insert(flat.indices.end(), t.begin(), t.end());
    return flat;
}

// dst = p ∘ k (p == nullptr: dst = k), with the AVX2 or the portable loop (same bits).
void times(const double* p, const double* k, double* dst, std::size_t n, bool simd) {
    if (p == nullptr)
        std::copy(k, k + n, dst);
    else if (simd)
        detail::multiply_avx2(p, k, dst, n);
    else
        detail::multiply_portable(p, k, dst, n);
}

}  // namespace

VertexIntegrand::VertexIntegrand(const Kernel& kernel, PointSet inputs, const std::vector<Tuple>& tuples, VertexWeight weight)
    : VertexIntegrand(kernel, std::move(inputs), flatten(tuples), std::move(weight)) {}

VertexIntegrand::VertexIntegrand(const Kernel& kernel, PointSet inputs, FlatTuples tuples, VertexWeight weight)
    : kernel_(kernel), inputs_(std::move(inputs)), tuples_(std::move(tuples)), weight_(std::move(weight)) {
    validate_points(inputs_, kernel_.spec().d_in, "vertex inputs");
    const std::size_t n = tuples_.size(), legs = tuples_.legs;
    if (n == 0 || tuples_.indices.size() != n * legs)
        throw Error("vertex integrand needs at least one tuple of at least one leg: give e.g. {0, 1, 2, 3}");
    const int m = static_cast<int>(inputs_.size());
    for (std::size_t i = 0; i < tuples_.indices.size(); ++i)
        if (const int a = tuples_.indices[i]; a < 0 || a >= m)
            throw Error("index tuple " + std::to_string(i / legs) + " refers to input " + std::to_string(a) + " but there are " +
                        std::to_string(m) + " inputs: use indices 0.." + std::to_string(m - 1));
    auto less = [&](std::size_t a, std::size_t b) {
        return std::lexicographical_compare(tuples_[a], tuples_[a] + legs, tuples_[b], tuples_[b] + legs);
    };
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    // Lists from sorted_tuples / canonical_tuples are usually in lexicographic order already.
    bool sorted = true;
    for (std::size_t c = 1; c < n && sorted; ++c) sorted = !less(c, c - 1);
    if (!sorted) std::stable_sort(order_.begin(), order_.end(), less);
}

template <class Last>
void VertexIntegrand::traverse(const PointBlock& nodes, Last&& last) const {
    const std::size_t n = nodes.count, legs = tuples_.legs, m = inputs_.size();
    // Scratch: kernel rows (m × n), prefix products (legs × n), weights (n).
    thread_local std::vector<double> cache;
    const detail::Scratch scratch(cache, (m + legs + 1) * n);
    double* rows = scratch.data();
    double* partial = rows + m * n;
    double* w = partial + legs * n;
    kernel_.rows(inputs_, nodes, rows);
    if (weight_) weight_(nodes, w);
    // partial[l] = w Π_{i ≤ l} K(x_{t_i}, ·) for the current tuple's prefix of length l + 1 (l < legs − 1). The
    // products use AVX2 exactly when the kernel does (SimdMode::scalar keeps the whole integrand portable); both
    // loops give the same bits.
    const bool simd = kernel_.uses_simd();
    const int* prev = nullptr;
    for (std::size_t c : order_) {
        const int* t = tuples_[c];
        std::size_t p = 0;
        if (prev != nullptr)
            while (p + 1 < legs && prev[p] == t[p]) ++p;
        for (std::size_t l = (prev == nullptr ? 0 : p); l + 1 < legs; ++l) {
            const double* k = rows + static_cast<std::size_t>(t[l]) * n;
            const double* src = l == 0 ? (weight_ ? w : nullptr) : partial + (l - 1) * n;
            times(src, k, partial + l * n, n, simd);
        }
        const double* before = legs >= 2 ? partial + (legs - 2) * n : (weight_ ? w : nullptr);
        last(c, before, rows + static_cast<std::size_t>(t[legs - 1]) * n, simd);
        prev = t;
    }
}

void VertexIntegrand::evaluate(const PointBlock& nodes, double* out) const {
    const std::size_t n = nodes.count;
    traverse(nodes, [&](std::size_t c, const double* p, const double* k, bool simd) { times(p, k, out + c * n, n, simd); });
}

void VertexIntegrand::weighted_sums(const PointBlock& nodes, const double* w, std::span<const NodeRange> ranges,
                                    double* sums) const {
    const std::size_t nc = tuples_.size();
    traverse(nodes, [&](std::size_t c, const double* p, const double* k, bool simd) {
        for (std::size_t r = 0; r < ranges.size(); ++r) {
            const std::size_t b = ranges[r].begin, len = ranges[r].end - b;
            double& s = sums[r * nc + c];
            if (p == nullptr)
                s = detail::dot4(w + b, k + b, len);
            else
                s = simd ? detail::dot4_product_avx2(w + b, p + b, k + b, len) : detail::dot4_product_portable(w + b, p + b, k + b, len);
        }
    });
}

}  // namespace nnft::numeric
