#pragma once
/// \file Internal: elementwise products and dot products of node arrays (the batched vertex integrand's inner
/// loops), portable and AVX2 versions with bit-identical results.
#include <cstddef>

namespace nnft::numeric::detail {

/// out[j] = a[j] * b[j] for j < n (out may be a or b). Portable loop.
void multiply_portable(const double* a, const double* b, double* out, std::size_t n);

/// multiply_portable with AVX2 batches (xsimd). Call only when avx2_available() is true.
void multiply_avx2(const double* a, const double* b, double* out, std::size_t n);

/// Σ_j a[j] b[j] as four interleaved partial sums s_i = Σ_{j ≡ i mod 4} a[j] b[j] (the tail j ≥ 4⌊n/4⌋ added
/// to s_0 in order), returned as (s_0 + s_1) + (s_2 + s_3). Independent partial sums, not one serial chain:
/// short sums were latency-bound. Portable loop.
double dot4_portable(const double* a, const double* b, std::size_t n);

/// dot4_portable with one AVX2 batch of the four partial sums (no FMA contraction: the same roundings).
/// Call only when avx2_available() is true.
double dot4_avx2(const double* a, const double* b, std::size_t n);

/// dot4_portable(w, p ∘ k, n), i.e. Σ_j w[j] (p[j] k[j]) with the product rounded first, without storing p ∘ k.
double dot4_product_portable(const double* w, const double* p, const double* k, std::size_t n);

/// dot4_product_portable with AVX2 batches (same roundings). Call only when avx2_available() is true.
double dot4_product_avx2(const double* w, const double* p, const double* k, std::size_t n);

/// multiply_avx2 when the CPU has AVX2 and it was compiled in, else multiply_portable (same results).
void multiply(const double* a, const double* b, double* out, std::size_t n);

/// dot4_avx2 when the CPU has AVX2 and it was compiled in, else dot4_portable (same results).
double dot4(const double* a, const double* b, std::size_t n);

}  // namespace nnft::numeric::detail
