#include "numeric/shifted_halton.hpp"

#include "common/error.hpp"
#include "numeric/rng.hpp"

#include <array>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <limits>
#include <numbers>

namespace nnft::numeric {

namespace {

constexpr std::array<std::uint32_t, ShiftedHaltonNormals::kMaxDims> kPrimes = {
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109,
    113, 127, 131};

// The radical inverse of k in base b: its base-b digits mirrored about the radix point.
double radical_inverse(std::uint64_t k, std::uint32_t base) {
    const double inv = 1.0 / base;
    double scale = inv, value = 0.0;
    while (k > 0) {
        value += static_cast<double>(k % base) * scale;
        k /= base;
        scale *= inv;
    }
    return value;
}

}  // namespace

std::vector<double> random_shifts(std::size_t sets, std::size_t dims, std::uint64_t seed, std::uint32_t tag) {
    const PhiloxKey key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
    std::vector<double> shifts;
    for (std::size_t s = 0; s < sets; ++s)
        for (std::size_t d = 0; d < dims; ++d) {
            const PhiloxBlock b = philox4x32_10({static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(d), 0u, tag}, key);
            const double u = uniform_open01(b[0], b[1]);
            shifts.push_back(u < 1.0 ? u : 0.0);
        }
    return shifts;
}

double normal_quantile(double p) {
    if (!(p > 0.0 && p < 1.0)) throw Error("normal_quantile needs 0 < p < 1");
    return -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * p);
}

ShiftedHaltonNormals::ShiftedHaltonNormals(std::size_t dims, std::size_t shifts, std::uint64_t seed) : dims_(dims) {
    if (dims == 0 || dims > kMaxDims || shifts == 0)
        throw Error("shifted Halton points need 1 to " + std::to_string(kMaxDims) + " dimensions and at least one shift");
    shift_ = random_shifts(shifts, dims, seed, 0x48414cu);
}

void ShiftedHaltonNormals::to_normals(const double* p, double* u) const {
    // Coordinates in pairs by Box–Muller (measure-preserving from [0, 1)² onto the plane: r = √(−2 ln p), angle 2πq;
    // cheaper than two quantiles), an odd last one by Φ⁻¹. p = 0 (probability 0 under a random shift) is nudged to the
    // smallest normal double.
    auto open = [](double v) { return v > 0.0 ? v : std::numeric_limits<double>::min(); };
    std::size_t d = 0;
    for (; d + 1 < dims_; d += 2) {
        const double r = std::sqrt(-2.0 * std::log(open(p[d]))), angle = 2.0 * std::numbers::pi * p[d + 1];
        u[d] = r * std::cos(angle);
        u[d + 1] = r * std::sin(angle);
    }
    if (d < dims_) u[d] = normal_quantile(open(p[d]));
}

void ShiftedHaltonNormals::point(std::size_t shift, std::uint64_t k, double* u) const {
    std::array<double, kMaxDims> p{};
    for (std::size_t d = 0; d < dims_; ++d) {
        p[d] = radical_inverse(k + 1, kPrimes[d]) + shift_[shift * dims_ + d];
        if (p[d] >= 1.0) p[d] -= 1.0;
    }
    to_normals(p.data(), u);
}

ShiftedHaltonNormals::Stream::Stream(const ShiftedHaltonNormals& rule, std::size_t shift)
    : rule_(rule), shift_(shift), digits_(rule.dims()), value_(rule.dims(), 0.0) {}

void ShiftedHaltonNormals::Stream::next(double* u) {
    std::array<double, kMaxDims> p{};
    for (std::size_t d = 0; d < rule_.dims_; ++d) {  // index + 1 in base b: carry through the digits b − 1
        const std::uint32_t base = kPrimes[d];
        const double inv = 1.0 / base;
        std::vector<std::uint32_t>& digit = digits_[d];
        double scale = inv;
        std::size_t j = 0;
        for (; j < digit.size() && digit[j] == base - 1; ++j, scale *= inv) {
            digit[j] = 0;
            value_[d] -= (base - 1) * scale;
        }
        if (j == digit.size()) digit.push_back(0);
        ++digit[j];
        value_[d] += scale;
        p[d] = value_[d] + rule_.shift_[shift_ * rule_.dims_ + d];
        if (p[d] >= 1.0) p[d] -= 1.0;
    }
    rule_.to_normals(p.data(), u);
}

}  // namespace nnft::numeric
