// Compiled with -mavx2 -mfma -ffp-contract=off when NNFT_SIMD is on (see numeric/CMakeLists.txt), entered only
// after avx2_available(); like kernel_transfer_avx2.cpp it uses no standard-library templates.
#include "numeric/detail/vector_ops.hpp"

#if defined(NNFT_HAVE_AVX2_TRANSFER)
#include <xsimd/xsimd.hpp>

namespace nnft::numeric::detail {

namespace {

using Batch = xsimd::batch<double, xsimd::avx2>;
constexpr std::size_t kWidth = Batch::size;  // 4: one lane per partial sum of dot4

}  // namespace

void multiply_avx2(const double* a, const double* b, double* out, std::size_t n) {
    const std::size_t n_vec = n - n % kWidth;
    for (std::size_t j = 0; j < n_vec; j += kWidth)
        (Batch::load_unaligned(a + j) * Batch::load_unaligned(b + j)).store_unaligned(out + j);
    for (std::size_t j = n_vec; j < n; ++j) out[j] = a[j] * b[j];
}

namespace {

// The scheme of dot4_portable on four accumulators; term(j) is the batch of terms j..j+3, scalar(j) one term.
template <class Term, class Scalar>
double interleaved_sum(std::size_t n, Term term, Scalar scalar) {
    Batch acc0(0.0), acc1(0.0), acc2(0.0), acc3(0.0);
    std::size_t j = 0;
    for (; j + 16 <= n; j += 16) {
        acc0 = acc0 + term(j);
        acc1 = acc1 + term(j + 4);
        acc2 = acc2 + term(j + 8);
        acc3 = acc3 + term(j + 12);
    }
    for (; j + 4 <= n; j += 4) acc0 = acc0 + term(j);
    alignas(32) double s[kWidth];
    acc0.store_aligned(s);
    for (; j < n; ++j) s[0] += scalar(j);
    acc0 = Batch::load_aligned(s);
    ((acc0 + acc1) + (acc2 + acc3)).store_aligned(s);
    return (s[0] + s[1]) + (s[2] + s[3]);
}

}  // namespace

double dot4_avx2(const double* a, const double* b, std::size_t n) {
    return interleaved_sum(
        n, [&](std::size_t j) { return Batch::load_unaligned(a + j) * Batch::load_unaligned(b + j); },
        [&](std::size_t j) { return a[j] * b[j]; });
}

double dot4_product_avx2(const double* w, const double* p, const double* k, std::size_t n) {
    return interleaved_sum(
        n, [&](std::size_t j) { return Batch::load_unaligned(w + j) * (Batch::load_unaligned(p + j) * Batch::load_unaligned(k + j)); },
        [&](std::size_t j) { return w[j] * (p[j] * k[j]); });
}

}  // namespace nnft::numeric::detail

#else

namespace nnft::numeric::detail {

void multiply_avx2(const double* a, const double* b, double* out, std::size_t n) { multiply_portable(a, b, out, n); }

double dot4_avx2(const double* a, const double* b, std::size_t n) { return dot4_portable(a, b, n); }

double dot4_product_avx2(const double* w, const double* p, const double* k, std::size_t n) {
    return dot4_product_portable(w, p, k, n);
}

}  // namespace nnft::numeric::detail

#endif
