#include "numeric/vertex_integrand.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/error.hpp"

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

VertexIntegrand::VertexIntegrand(const Kernel& kernel, PointSet inputs, std::vector<Tuple> tuples, VertexWeight weight)
    : kernel_(kernel), inputs_(std::move(inputs)), tuples_(std::move(tuples)), weight_(std::move(weight)) {
    validate_points(inputs_, kernel_.spec().d_in, "vertex inputs");
    validate_tuples(tuples_, static_cast<int>(inputs_.size()));
    order_.resize(tuples_.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return tuples_[a] < tuples_[b]; });
}

void VertexIntegrand::evaluate(const PointBlock& nodes, double* out) const {
    const std::size_t n = nodes.count, legs = tuples_.front().size();
    std::vector<double> rows(inputs_.size() * n);
    kernel_.rows(inputs_, nodes, rows.data());
    std::vector<double> w;
    if (weight_) {
        w.resize(n);
        weight_(nodes, w.data());
    }
    // partial[l] = w Π_{i ≤ l} K(x_{t_i}, ·) for the current tuple's prefix of length l + 1.
    std::vector<double> partial(legs * n);
    const Tuple* prev = nullptr;
    for (std::size_t c : order_) {
        const Tuple& t = tuples_[c];
        std::size_t p = 0;
        if (prev != nullptr)
            while (p + 1 < legs && (*prev)[p] == t[p]) ++p;
        for (std::size_t l = (prev == nullptr ? 0 : p); l < legs; ++l) {
            const double* k = rows.data() + static_cast<std::size_t>(t[l]) * n;
            double* dst = l + 1 == legs ? out + c * n : partial.data() + l * n;
            if (l == 0) {
                if (weight_)
                    for (std::size_t j = 0; j < n; ++j) dst[j] = w[j] * k[j];
                else
                    std::copy(k, k + n, dst);
            } else {
                const double* src = partial.data() + (l - 1) * n;
                for (std::size_t j = 0; j < n; ++j) dst[j] = src[j] * k[j];
            }
        }
        prev = &t;
    }
}

}  // namespace nnft::numeric
