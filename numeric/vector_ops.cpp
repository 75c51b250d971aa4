#include "numeric/vector_ops.hpp"

#include "numeric/kernel_transfer.hpp"

namespace nnft::numeric::detail {

namespace {

bool use_avx2() {
    static const bool yes = avx2_available();
    return yes;
}

}  // namespace

void multiply_portable(const double* a, const double* b, double* out, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) out[j] = a[j] * b[j];
}

double dot4_portable(const double* a, const double* b, std::size_t n) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        s0 += a[j] * b[j];
        s1 += a[j + 1] * b[j + 1];
        s2 += a[j + 2] * b[j + 2];
        s3 += a[j + 3] * b[j + 3];
    }
    for (; j < n; ++j) s0 += a[j] * b[j];
    return (s0 + s1) + (s2 + s3);
}

double dot4_product_portable(const double* w, const double* p, const double* k, std::size_t n) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        s0 += w[j] * (p[j] * k[j]);
        s1 += w[j + 1] * (p[j + 1] * k[j + 1]);
        s2 += w[j + 2] * (p[j + 2] * k[j + 2]);
        s3 += w[j + 3] * (p[j + 3] * k[j + 3]);
    }
    for (; j < n; ++j) s0 += w[j] * (p[j] * k[j]);
    return (s0 + s1) + (s2 + s3);
}

void multiply(const double* a, const double* b, double* out, std::size_t n) {
    if (use_avx2())
        multiply_avx2(a, b, out, n);
    else
        multiply_portable(a, b, out, n);
}

double dot4(const double* a, const double* b, std::size_t n) {
    return use_avx2() ? dot4_avx2(a, b, n) : dot4_portable(a, b, n);
}

}  // namespace nnft::numeric::detail
