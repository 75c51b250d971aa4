#include "numeric/rng.hpp"

#include "numeric/kernel_transfer.hpp"  // avx2_available()
#include "numeric/detail/rng_avx2.hpp"

#include <cmath>
#include <numbers>

namespace nnft::numeric {

namespace {
constexpr std::uint32_t kM0 = 0xD2511F53u;
constexpr std::uint32_t kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u;
constexpr std::uint32_t kW1 = 0xBB67AE85u;

inline PhiloxBlock philox_round(const PhiloxBlock& c, const PhiloxKey& k) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(kM1) * c[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    return {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
}
}  // namespace

PhiloxBlock philox4x32_10(PhiloxBlock counter, PhiloxKey key) {
    counter = philox_round(counter, key);
    for (int r = 1; r < 10; ++r) {
        key[0] += kW0;
        key[1] += kW1;
        counter = philox_round(counter, key);
    }
    return counter;
}

double uniform_open01(std::uint32_t hi, std::uint32_t lo) {
    const std::uint64_t bits = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11;  // 53 bits
    return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
}

void philox_uniform_pairs(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag, std::uint32_t first,
                          std::size_t count, double* u1, double* u2) {
    const PhiloxKey key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
    std::size_t k = 0;
    static const bool avx2 = detail::avx2_available();
    if (avx2)
        k = detail::philox_uniform_pairs_avx2(seed, stream, tag, first, count, u1, u2);  // same bits, 8 at a time
    for (; k < count; ++k) {
        const PhiloxBlock r = philox4x32_10(
            {first + static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32), tag},
            key);
        u1[k] = uniform_open01(r[0], r[1]);
        u2[k] = uniform_open01(r[2], r[3]);
    }
}

void philox_uniform_pairs_streams(std::uint64_t seed, std::uint64_t first_stream, std::uint32_t tag, std::uint32_t first,
                                  std::size_t count, double* u1, double* u2) {
    static const bool avx2 = detail::avx2_available(), avx512 = detail::avx512_available();
    if (avx2) {
        std::size_t k = 0;
        if (avx512)
            k = detail::philox_uniform_pairs_streams_avx512(seed, first_stream, tag, first, count, u1, u2);
        if (k < count)
            detail::philox_uniform_pairs_streams_avx2(seed, first_stream, tag, first + static_cast<std::uint32_t>(k),
                                                      count - k, u1 + kStreamLanes * k, u2 + kStreamLanes * k);
        return;
    }
    double a = 0.0, b = 0.0;
    for (std::size_t l = 0; l < kStreamLanes; ++l)
        for (std::size_t k = 0; k < count; ++k) {
            philox_uniform_pairs(seed, first_stream + l, tag, first + static_cast<std::uint32_t>(k), 1, &a, &b);
            u1[k * kStreamLanes + l] = a;
            u2[k * kStreamLanes + l] = b;
        }
}

NormalStream::NormalStream(std::uint64_t seed, std::uint64_t stream, std::uint32_t tag)
    : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
      counter_{0u, static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32), tag} {}

void NormalStream::refill() {
    double u1 = 0.0, u2 = 0.0;
    philox_uniform_pairs((static_cast<std::uint64_t>(key_[1]) << 32) | key_[0],
                         (static_cast<std::uint64_t>(counter_[2]) << 32) | counter_[1], counter_[3], counter_[0], 1, &u1, &u2);
    ++counter_[0];
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    buffer_[0] = radius * std::cos(angle);
    buffer_[1] = radius * std::sin(angle);
    available_ = 2;
}

double NormalStream::next() {
    if (available_ == 0)
        refill();
    return buffer_[2 - available_--];
}

void NormalStream::fill(std::span<double> out) {
    std::size_t i = 0;
    while (i < out.size() && available_ > 0)
        out[i++] = buffer_[2 - available_--];
    for (; i + 1 < out.size(); i += 2) {
        refill();
        out[i] = buffer_[0];
        out[i + 1] = buffer_[1];
        available_ = 0;
    }
    if (i < out.size())
        out[i] = next();
}

}  // namespace nnft::numeric
