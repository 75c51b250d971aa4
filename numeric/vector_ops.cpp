#include "numeric/detail/vector_ops.hpp"

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

namespace {

// The partial-sum scheme of dot4_portable for the terms term(j) = a[j] b[j] or w[j] (p[j] k[j]).
template <class Term>
double interleaved_sum(std::size_t n, Term term) {
    double s[16] = {};
    std::size_t j = 0;
    for (; j + 16 <= n; j += 16)
        for (std::size_t i = 0; i < 16; ++i) s[i] += term(j + i);
    for (; j + 4 <= n; j += 4)
        for (std::size_t i = 0; i < 4; ++i) s[i] += term(j + i);
    for (; j < n; ++j) s[0] += term(j);
    double t[4];
    for (std::size_t i = 0; i < 4; ++i) t[i] = (s[i] + s[4 + i]) + (s[8 + i] + s[12 + i]);
    return (t[0] + t[1]) + (t[2] + t[3]);
}

}  // namespace

double dot4_portable(const double* a, const double* b, std::size_t n) {
    return interleaved_sum(n, [&](std::size_t j) { return a[j] * b[j]; });
}

double dot4_product_portable(const double* w, const double* p, const double* k, std::size_t n) {
    return interleaved_sum(n, [&](std::size_t j) { return w[j] * (p[j] * k[j]); });
}

double dot4(const double* a, const double* b, std::size_t n) {
    return use_avx2() ? dot4_avx2(a, b, n) : dot4_portable(a, b, n);
}

}  // namespace nnft::numeric::detail
