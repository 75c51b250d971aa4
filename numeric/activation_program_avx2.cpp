// Compiled with -mavx2 -mfma -ffp-contract=off when NNFT_SIMD is on (see numeric/CMakeLists.txt); entered only
// after avx2_available() checked the CPU. No standard-library templates here (see kernel_transfer_avx2.cpp).
#include "numeric/activation_program.hpp"

#if defined(NNFT_HAVE_AVX2_TRANSFER)
#include <sleef.h>

#include <immintrin.h>

namespace nnft::numeric::detail {

namespace {
template <class F>
inline void unary(const double* a, double* out, std::size_t n, F f) {
    for (std::size_t i = 0; i < n; i += 4)
        _mm256_storeu_pd(out + i, f(_mm256_loadu_pd(a + i)));
}
}  // namespace

void activation_op_avx2(ActivationOp op, const double* a, const double* b, double* out, std::size_t n) {
    switch (op) {
    case ActivationOp::sin: unary(a, out, n, [](__m256d v) { return Sleef_sind4_u10avx2(v); }); break;
    case ActivationOp::cos: unary(a, out, n, [](__m256d v) { return Sleef_cosd4_u10avx2(v); }); break;
    case ActivationOp::erf: unary(a, out, n, [](__m256d v) { return Sleef_erfd4_u10avx2(v); }); break;
    case ActivationOp::pow:
        for (std::size_t i = 0; i < n; i += 4)
            _mm256_storeu_pd(out + i, Sleef_powd4_u10avx2(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i)));
        break;
    default: break;  // exact IEEE operations and exp, log, tanh (numeric/lane_math.hpp) run elsewhere
    }
}

}  // namespace nnft::numeric::detail
#else
namespace nnft::numeric::detail {
void activation_op_avx2(ActivationOp, const double*, const double*, double*, std::size_t) {}
}  // namespace nnft::numeric::detail
#endif
