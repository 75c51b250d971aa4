#pragma once
/// \file Array math for the network evaluator: activations (Box–Muller is in sampler/box_muller.hpp).
#include "sampler/network.hpp"

#include <cstddef>

namespace nnft::sampler::detail {

/// Largest |erf_f32(z) − erf(z)| over all doubles z (checked by tests/unit/sampler/network_test.cpp).
inline constexpr double kErfF32MaxError = 5e-7;

/// Coefficients of P (x¹³ … x¹ terms) and Q (x⁸ … x⁰ terms) in erf_f32, highest degree first.
inline constexpr float kErfP[7] = {-2.72614225801306e-10f, 2.77068142495902e-08f, -2.10102402082508e-06f,
                                   -5.69250639462346e-05f, -7.34990630326855e-04f, -2.95459980854025e-03f,
                                   -1.60960333262415e-02f};
/// See kErfP.
inline constexpr float kErfQ[5] = {-1.45660718464996e-05f, -2.13374055278905e-04f, -1.68282697438203e-03f,
                                   -7.37332916720468e-03f, -1.42647390514189e-02f};

/// In place: z[i] → erf(z[i]) in float32 arithmetic: z rounded to float, clamped to [−4, 4], and the
/// odd rational minimax approximation x·P(x²)/Q(x²) of Eigen/XLA's float erf, clamped to [−1, 1];
/// absolute error ≤ kErfF32MaxError. Only IEEE float multiplies, fused multiply-adds (correctly rounded:
/// the FMA instruction or std::fmaf) and a divide in a fixed order (16-wide on AVX-512, 8-wide on AVX2,
/// scalar otherwise), so the result is the same on every x86-64 machine. NaN stays NaN.
void erf_f32(double* z, std::size_t n);

/// erf_f32 eight at a time with AVX2 for n rounded down to a multiple of 8; returns how many it did.
/// Call only when numeric::detail::avx2_available().
std::size_t erf_f32_avx2(double* z, std::size_t n);

/// erf_f32 sixteen at a time with AVX-512 for n rounded down to a multiple of 16; returns how many it did.
/// Call only when numeric::detail::avx512_available().
std::size_t erf_f32_avx512(double* z, std::size_t n);

/// In place: z[i] → σ(z[i]) for erf (erf_f32), tanh (numeric::lane_tanh_f32), relu, exp (Gauss-net, normaliser
/// already subtracted; numeric::lane_exp_f32), or an expression's program (its erf as erf_f32, exp, log, tanh,
/// sigmoid, softplus and tanh∘softplus as numeric::lane_*_f32, the rest in double precision). The transcendental
/// functions round to float32 (relative error ≤ 4 float ulp at the float-rounded argument); the same bits on every
/// instruction set, thread count and batch split.
void activate(const numeric::Activation& a, double* z, std::size_t n);

}  // namespace nnft::sampler::detail
