// Compiled with -mavx2 -mfma -ffp-contract=off when NNFT_SIMD is on (see numeric/CMakeLists.txt), entered only
// after avx2_available(); like kernel_transfer_avx2.cpp it uses no standard-library templates.
#include "numeric/vector_ops.hpp"

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

double dot4_avx2(const double* a, const double* b, std::size_t n) {
    const std::size_t n_vec = n - n % kWidth;
    Batch acc(0.0);
    for (std::size_t j = 0; j < n_vec; j += kWidth) acc = acc + Batch::load_unaligned(a + j) * Batch::load_unaligned(b + j);
    alignas(32) double s[kWidth];
    acc.store_aligned(s);
    for (std::size_t j = n_vec; j < n; ++j) s[0] += a[j] * b[j];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

double dot4_product_avx2(const double* w, const double* p, const double* k, std::size_t n) {
    const std::size_t n_vec = n - n % kWidth;
    Batch acc(0.0);
    for (std::size_t j = 0; j < n_vec; j += kWidth)
        acc = acc + Batch::load_unaligned(w + j) * (Batch::load_unaligned(p + j) * Batch::load_unaligned(k + j));
    alignas(32) double s[kWidth];
    acc.store_aligned(s);
    for (std::size_t j = n_vec; j < n; ++j) s[0] += w[j] * (p[j] * k[j]);
    return (s[0] + s[1]) + (s[2] + s[3]);
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
