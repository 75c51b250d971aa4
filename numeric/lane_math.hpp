#pragma once
/// \file exp, log, tanh and the sigmoid family (sigmoid, softplus, tanh∘softplus) of double arrays in SIMD lanes, reproducible: each function is one fixed sequence of
/// IEEE multiplies, adds, divides and exact integer bit operations (range reduction, a polynomial, a scaling by
/// 2^k; no FMA, no table, no library call), evaluated on 64-byte registers of lanes: eight doubles, or sixteen
/// floats for the float32 variants (arguments rounded to float, results widened back). The AVX-512 path (one
/// zmm register), the AVX2 path (two ymm) and the portable path (SSE2 / any CPU; also what clang builds and
/// -DNNFT_SIMD=OFF use) therefore give the same bits for every input, however an array is split, on every
/// machine. The results differ from glibc's in the last bit now and then; the largest errors, measured against
/// long double libm over dense sweeps, are the constants below (tests/unit/numeric/lane_math_test.cpp).
#include <cstddef>
#include <cstdint>

namespace nnft::numeric {

/// Largest errors in units in the last place of the exact result (normal results), rounded up from the largest
/// seen over the unit test's sweeps: double exp 0.96, log 0.79, tanh 1.84 ulp (subnormal exp results within 0.75
/// of the smallest subnormal).
inline constexpr double kLaneExpMaxUlp = 1.0;
/// See kLaneExpMaxUlp.
inline constexpr double kLaneLogMaxUlp = 1.0;
/// See kLaneExpMaxUlp.
inline constexpr double kLaneTanhMaxUlp = 2.0;
/// Largest errors of the float32 variants in float ulp of the exact value at the float-rounded argument, rounded
/// up from the largest seen: exp 0.98, log 0.82, tanh 2.25 float ulp (relative 6e-8, 5e-8, 1.4e-7).
inline constexpr double kLaneExpF32MaxUlp = 1.0;
/// See kLaneExpF32MaxUlp.
inline constexpr double kLaneLogF32MaxUlp = 1.0;
/// See kLaneExpF32MaxUlp.
inline constexpr double kLaneTanhF32MaxUlp = 2.5;
/// Largest errors of the sigmoid family (LaneFunction::sigmoid, softplus, tanh_softplus) in ulp of the exact
/// value, double and float32 alike (float ulp for the float32 variants), rounded up from the largest seen over the
/// unit test's sweeps (tests/unit/numeric/lane_math_test.cpp prints them): sigmoid 2.05, softplus 1.69,
/// tanh∘softplus 3.20 ulp; float32 2.33, 1.73, 3.42 float ulp.
inline constexpr double kLaneSigmoidMaxUlp = 2.5;
/// See kLaneSigmoidMaxUlp.
inline constexpr double kLaneSoftplusMaxUlp = 2.0;
/// See kLaneSigmoidMaxUlp.
inline constexpr double kLaneTanhSoftplusMaxUlp = 4.0;

/// The instruction sets a lane function can run with; every one gives the same bits.
enum class LaneIsa : std::uint8_t {
    portable,  ///< plain C++ on GCC vectors (SSE2 on x86-64)
    avx2,      ///< two 256-bit registers per eight lanes
    avx512,    ///< one 512-bit register per eight lanes
};

/// The arithmetic of a lane function: double (8 lanes per register) or float32 (16 lanes; the sampler's).
enum class LanePrecision : std::uint8_t {
    f64,  ///< double throughout
    f32,  ///< argument rounded to float, float arithmetic, result widened to double
};

/// The elementary functions with a lane implementation.
enum class LaneFunction : std::uint8_t {
    exp,   ///< e^x; +inf above 709.78, 0 below −745.13 (subnormal results rounded once)
    log,   ///< natural log; NaN below 0, −inf at ±0, subnormal arguments exact
    tanh,  ///< hyperbolic tangent via expm1(2|x|) / (expm1(2|x|) + 2), sign restored; ±1 beyond |x| = 20
    sigmoid,        ///< 1 / (1 + e^−x) as (x ≥ 0 ? 1 : e) / (1 + e), e = exp(−|x|): no overflow, tails accurate
    softplus,       ///< log(1 + e^x) as max(x, 0) + log1p(exp(−|x|)): no overflow, e^x's tail accurate
    tanh_softplus,  ///< tanh(log(1 + e^x)) (mish's factor) as n / (n + 2), n = e(e + 2), e = e^x; 1 from x = 20
};

/// The fastest LaneIsa this build and CPU allow (decided once per process), or portable while
/// force_portable_lanes(true) is in effect.
LaneIsa best_lane_isa() noexcept;

/// Make best_lane_isa() portable (true) or the fastest again (false): for tests and measurements that show the
/// paths agree; a process should choose before sampling.
void force_portable_lanes(bool portable) noexcept;

/// Whether `isa` can run here (portable always can).
bool lane_isa_available(LaneIsa isa) noexcept;

/// out[i] = f(a[i]) for i < n (out may equal a); NaN stays NaN. `isa` must be lane_isa_available (tests pick
/// one to show the paths agree bit for bit; callers take the default).
void lane_function(LaneFunction f, const double* a, double* out, std::size_t n, LaneIsa isa = best_lane_isa(),
                   LanePrecision precision = LanePrecision::f64);

/// In place: z[i] → exp(z[i]) in float32 lanes (the sampler's Gauss-net and expressions), i < n.
void lane_exp_f32(double* z, std::size_t n);
/// In place: z[i] → log(z[i]) in float32 lanes.
void lane_log_f32(double* z, std::size_t n);
/// In place: z[i] → tanh(z[i]) in float32 lanes.
void lane_tanh_f32(double* z, std::size_t n);
/// In place: z[i] → 1 / (1 + exp(−z[i])) in float32 lanes (LaneFunction::sigmoid).
void lane_sigmoid_f32(double* z, std::size_t n);
/// In place: z[i] → log(1 + exp(z[i])) in float32 lanes (LaneFunction::softplus).
void lane_softplus_f32(double* z, std::size_t n);
/// In place: z[i] → tanh(log(1 + exp(z[i]))) in float32 lanes (LaneFunction::tanh_softplus).
void lane_tanh_softplus_f32(double* z, std::size_t n);

}  // namespace nnft::numeric
