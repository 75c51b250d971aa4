#pragma once
/// \file Internal: elementwise products and dot products of node arrays (the batched vertex integrand's inner
/// loops), portable and AVX2 versions with bit-identical results.
#include <cstddef>

namespace nnft::numeric::detail {

/// out[j] = a[j] * b[j] for j < n (out may be a or b). Portable loop.
void multiply_portable(const double* a, const double* b, double* out, std::size_t n);

/// multiply_portable with AVX2 batches (xsimd). Call only when avx2_available() is true.
void multiply_avx2(const double* a, const double* b, double* out, std::size_t n);

/// Σ_j a[j] b[j] in sixteen interleaved partial sums s_i (blocks of 16 terms: s_i += term j + i; then blocks of
/// 4 into s_0..s_3; the last n mod 4 terms into s_0 in order), combined as t_i = (s_i + s_{4+i}) + (s_{8+i} +
/// s_{12+i}), (t_0 + t_1) + (t_2 + t_3). Independent chains, not one serial sum: the short node sums were
/// latency-bound. Portable loop.
double dot4_portable(const double* a, const double* b, std::size_t n);

/// dot4_portable with four AVX2 accumulators (lane i of accumulator q is s_{4q+i}; no FMA contraction: the
/// same roundings). Call only when avx2_available() is true.
double dot4_avx2(const double* a, const double* b, std::size_t n);

/// dot4_portable(w, p ∘ k, n), i.e. Σ_j w[j] (p[j] k[j]) with the product rounded first, without storing p ∘ k.
double dot4_product_portable(const double* w, const double* p, const double* k, std::size_t n);

/// dot4_product_portable with AVX2 batches (same roundings). Call only when avx2_available() is true.
double dot4_product_avx2(const double* w, const double* p, const double* k, std::size_t n);

/// dot4_avx2 when the CPU has AVX2 and it was compiled in, else dot4_portable (same results).
double dot4(const double* a, const double* b, std::size_t n);

}  // namespace nnft::numeric::detail
