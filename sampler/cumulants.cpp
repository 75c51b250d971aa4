#include "sampler/cumulants.hpp"

#include "common/error.hpp"

#include <array>
#include <cmath>
#include <vector>

namespace nnft::sampler {

namespace {
enum class Sum { moment, cumulant, magnitude };

// Σ_π coeff(|π|) Π_B value(t_B) for every tuple of length n (coefficient 1 for moments; magnitude: |coeff| and
// |value|).
void partition_sum(const TupleTable& table, std::span<const double> values, std::size_t replicas, int n,
                   std::span<double> out, Sum sum) {
    NNFT_ASSERT(n >= 1 && n <= table.max_n());
    NNFT_ASSERT(values.size() == table.size() * replicas);
    NNFT_ASSERT(out.size() == table.count(n) * replicas);
    const auto& parts = set_partitions(n);
    static constexpr std::array<double, 7> kCoeff = {0.0, 1.0, -1.0, 2.0, -6.0, 24.0, -120.0};
    std::vector<std::size_t> block_slots;
    std::vector<double> prod(replicas);
    for (std::size_t i = 0; i < table.count(n); ++i) {
        const std::size_t s = table.offset(n) + i;
        const auto t = table.tuple(s);
        double* o = out.data() + i * replicas;
        for (std::size_t r = 0; r < replicas; ++r)
            o[r] = 0.0;
        for (const auto& p : parts) {
            block_slots.clear();
            for (int b = 0; b < p.blocks; ++b) {
                std::array<std::uint16_t, 6> sub{};
                int len = 0;
                for (int e = 0; e < n; ++e)
                    if (p.block[static_cast<std::size_t>(e)] == b)
                        sub[static_cast<std::size_t>(len++)] = t[static_cast<std::size_t>(e)];
                block_slots.push_back(table.slot(sub.data(), len));
            }
            const double c = sum == Sum::moment ? 1.0 : kCoeff[static_cast<std::size_t>(p.blocks)];
            for (std::size_t r = 0; r < replicas; ++r)
                prod[r] = sum == Sum::magnitude ? std::abs(c) : c;
            for (std::size_t bs : block_slots)
                for (std::size_t r = 0; r < replicas; ++r)
                    prod[r] *= sum == Sum::magnitude ? std::abs(values[bs * replicas + r]) : values[bs * replicas + r];
            for (std::size_t r = 0; r < replicas; ++r)
                o[r] += prod[r];
        }
    }
}
}  // namespace

void cumulants_from_moments(const TupleTable& table, std::span<const double> moments, std::size_t replicas, int n,
                            std::span<double> out) {
    partition_sum(table, moments, replicas, n, out, Sum::cumulant);
}

void cumulant_term_magnitudes(const TupleTable& table, std::span<const double> moments, std::size_t replicas, int n,
                              std::span<double> out) {
    partition_sum(table, moments, replicas, n, out, Sum::magnitude);
}

void moments_from_cumulants(const TupleTable& table, std::span<const double> cumulants, std::size_t replicas, int n,
                            std::span<double> out) {
    partition_sum(table, cumulants, replicas, n, out, Sum::moment);
}

void unshift_moments(const TupleTable& table, std::span<const double> moments, std::size_t replicas,
                     std::span<const double> shift, int n, std::span<double> out) {
    NNFT_ASSERT(shift.size() == table.points());
    NNFT_ASSERT(out.size() == table.count(n) * replicas);
    std::vector<double> acc(replicas);
    for (std::size_t i = 0; i < table.count(n); ++i) {
        const auto t = table.tuple(table.offset(n) + i);
        double* o = out.data() + i * replicas;
        for (std::size_t r = 0; r < replicas; ++r)
            o[r] = 0.0;
        for (unsigned mask = 0; mask < (1u << n); ++mask) {
            std::array<std::uint16_t, 6> sub{};
            int len = 0;
            double coeff = 1.0;
            for (int e = 0; e < n; ++e) {
                if (mask & (1u << e))
                    sub[static_cast<std::size_t>(len++)] = t[static_cast<std::size_t>(e)];
                else
                    coeff *= shift[t[static_cast<std::size_t>(e)]];
            }
            if (len == 0) {
                for (std::size_t r = 0; r < replicas; ++r)
                    o[r] += coeff;
                continue;
            }
            const std::size_t s = table.slot(sub.data(), len);
            for (std::size_t r = 0; r < replicas; ++r)
                o[r] += coeff * moments[s * replicas + r];
        }
    }
}

}  // namespace nnft::sampler
