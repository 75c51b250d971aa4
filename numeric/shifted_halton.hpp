#pragma once
/// \file Randomly shifted Halton points mapped to standard normal variates: a randomised quasi-Monte Carlo rule for
/// E[g(U)], U ~ N(0, I_d), in dimensions where tensor rules are too large. Each shift is a Cranley–Patterson rotation
/// (the point set moved by a uniform vector mod 1), so the mean over a shift is an unbiased estimate and the spread over
/// independent shifts gives an honest standard error.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nnft::numeric {

/// Points k = 0, 1, … of `shifts` independently shifted copies of the d-dimensional Halton sequence (prime bases 2, 3, 5,
/// …, starting at index 1), mapped to normal variates pairwise by Box–Muller (an odd last coordinate by Φ⁻¹). The shifts
/// are fixed Philox draws of `seed`.
class ShiftedHaltonNormals {
public:
    /// Most dimensions supported (Halton's quality falls with the prime base; beyond this it is not worth using).
    static constexpr std::size_t kMaxDims = 32;
    /// `dims` ≤ kMaxDims coordinates, `shifts` ≥ 1 independent shifts; throws nnft::Error otherwise.
    ShiftedHaltonNormals(std::size_t dims, std::size_t shifts, std::uint64_t seed);
    /// Coordinates of point k of shift `shift` as standard normal variates, written to u[0 … dims − 1].
    void point(std::size_t shift, std::uint64_t k, double* u) const;
    /// Number of coordinates.
    std::size_t dims() const noexcept { return dims_; }

    /// The points 0, 1, 2, … of one shift in order, each radical inverse updated digit by digit (amortised O(1) per
    /// coordinate instead of point()'s O(log k) divisions; the same points up to rounding).
    class Stream {
    public:
        /// The points of shift `shift` of `rule`, which must outlive the stream.
        Stream(const ShiftedHaltonNormals& rule, std::size_t shift);
        /// The next point as standard normal variates, written to u[0 … dims − 1].
        void next(double* u);

    private:
        const ShiftedHaltonNormals& rule_;
        std::size_t shift_;
        std::vector<std::vector<std::uint32_t>> digits_;  // per dimension, least significant first
        std::vector<double> value_;                       // per dimension: the radical inverse of the current index
    };

private:
    // Map uniform coordinates p[0 … dims − 1] (shifted, in [0, 1)) to normal variates.
    void to_normals(const double* p, double* u) const;

    std::size_t dims_;
    std::vector<double> shift_;  // [shift * dims + d]
};

/// Independent uniform shifts in [0, 1) for Cranley–Patterson rotations: shift [s * dims + d] from Philox counter
/// (s, d, 0, tag) under key (seed_lo, seed_hi) (a draw of exactly 1 becomes 0), so that any rule shifted by them is
/// reproducible.
std::vector<double> random_shifts(std::size_t sets, std::size_t dims, std::uint64_t seed, std::uint32_t tag);

/// The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Boost.Math's erfc_inv: full double precision).
double normal_quantile(double p);

}  // namespace nnft::numeric
