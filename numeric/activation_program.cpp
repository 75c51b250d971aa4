#include "numeric/activation_program.hpp"

#include "common/error.hpp"
#include "numeric/kernel_transfer.hpp"  // avx2_available()
#include "numeric/lane_math.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

namespace nnft::numeric {

namespace {
constexpr std::size_t kB = ActivationProgram::kBlock;
std::atomic<bool> g_portable{false};

bool use_avx2() {
    static const bool avx2 = detail::avx2_available();
    return avx2 && !g_portable.load(std::memory_order_relaxed);
}

template <class F>
__attribute__((always_inline)) inline void each(double* out, std::size_t n, F f) {
    for (std::size_t i = 0; i < n; ++i)
        out[i] = f(i);
}

// out[i] = a[i]^k (n ≤ kBlock; out may equal a) by repeated squaring, the bits of k outermost so that every
// inner loop is one vectorised multiply (a per-element loop over the bits stayed scalar: half of a silu
// sample's time); k < 0 gives 1 / a^|k|. The same multiplications in the same order for every element.
__attribute__((always_inline)) inline void powi_block(const double* a, double* out, std::size_t n, int k) {
    double base[kB];
    std::copy(a, a + n, base);
    std::fill(out, out + n, 1.0);
    for (unsigned e = static_cast<unsigned>(k < 0 ? -k : k); e != 0; e >>= 1) {
        if (e & 1u)
            each(out, n, [&](std::size_t i) { return out[i] * base[i]; });
        if (e > 1u)
            each(base, n, [&](std::size_t i) { return base[i] * base[i]; });
    }
    if (k < 0)
        each(out, n, [&](std::size_t i) { return 1.0 / out[i]; });
}

// Heaviside with step(0) = 1/2; NaN stays NaN.
double step_of(double a) { return a > 0.0 ? 1.0 : (a < 0.0 ? 0.0 : (a == 0.0 ? 0.5 : a)); }


// The transcendental ops without a lane implementation, with libm, one value at a time.
void transcendental_portable(ActivationOp op, const double* a, const double* b, double* out, std::size_t n) {
    switch (op) {
    case ActivationOp::sin: each(out, n, [&](std::size_t i) { return std::sin(a[i]); }); break;
    case ActivationOp::cos: each(out, n, [&](std::size_t i) { return std::cos(a[i]); }); break;
    case ActivationOp::erf: each(out, n, [&](std::size_t i) { return std::erf(a[i]); }); break;
    case ActivationOp::pow: each(out, n, [&](std::size_t i) { return std::pow(a[i], b[i]); }); break;
    default: break;
    }
}

// The replacement of op in `replace`, if any.
ActivationProgram::BatchKernel replacement(ActivationOp op, const ActivationProgram::Kernels& replace) {
    switch (op) {
    case ActivationOp::erf: return replace.erf;
    case ActivationOp::exp: return replace.exp;
    case ActivationOp::log: return replace.log;
    case ActivationOp::tanh: return replace.tanh;
    case ActivationOp::sigmoid: return replace.sigmoid;
    case ActivationOp::softplus: return replace.softplus;
    case ActivationOp::tanh_softplus: return replace.tanh_softplus;
    default: return nullptr;
    }
}

// One instruction over one block of n values (n a multiple of kPad); reg[r] is register r. Cloned for AVX-512,
// AVX2 and the baseline (GCC; clang builds, the fuzzers', have the baseline alone): the element-wise loops are
// single IEEE operations (the file is built with -ffp-contract=off), so every clone gives the same bits, and
// the wide ones run silu's divide 4× faster than SSE2.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void run(const ActivationInstruction& in, double* const* reg, double* out, std::size_t n, bool avx2,
         const ActivationProgram::Kernels& replace) {
    const double* a = reg[in.a];
    const double* b = reg[in.b];
    if (const ActivationProgram::BatchKernel k = replacement(in.op, replace)) {
        if (out != a)
            std::copy(a, a + n, out);
        k(out, n);
        return;
    }
    switch (in.op) {
    case ActivationOp::constant: std::fill(out, out + n, in.value); break;
    case ActivationOp::x: break;  // register 0 holds the argument
    case ActivationOp::add: each(out, n, [&](std::size_t i) { return a[i] + b[i]; }); break;
    case ActivationOp::sub: each(out, n, [&](std::size_t i) { return a[i] - b[i]; }); break;
    case ActivationOp::mul: each(out, n, [&](std::size_t i) { return a[i] * b[i]; }); break;
    case ActivationOp::div: each(out, n, [&](std::size_t i) { return a[i] / b[i]; }); break;
    case ActivationOp::neg: each(out, n, [&](std::size_t i) { return -a[i]; }); break;
    case ActivationOp::abs: each(out, n, [&](std::size_t i) { return std::fabs(a[i]); }); break;
    case ActivationOp::sqrt: each(out, n, [&](std::size_t i) { return std::sqrt(a[i]); }); break;
    case ActivationOp::step: each(out, n, [&](std::size_t i) { return step_of(a[i]); }); break;
    case ActivationOp::powi: powi_block(a, out, n, in.power); break;
    case ActivationOp::exp: lane_function(LaneFunction::exp, a, out, n); break;
    case ActivationOp::log: lane_function(LaneFunction::log, a, out, n); break;
    case ActivationOp::tanh: lane_function(LaneFunction::tanh, a, out, n); break;
    case ActivationOp::sigmoid: lane_function(LaneFunction::sigmoid, a, out, n); break;
    case ActivationOp::softplus: lane_function(LaneFunction::softplus, a, out, n); break;
    case ActivationOp::tanh_softplus: lane_function(LaneFunction::tanh_softplus, a, out, n); break;
    default:
        if (avx2)
            detail::activation_op_avx2(in.op, a, b, out, n);
        else
            transcendental_portable(in.op, a, b, out, n);
    }
}
}  // namespace

std::uint32_t ActivationProgram::emit(ActivationOp op, std::uint32_t a, std::uint32_t b) {
    const auto next = static_cast<std::uint32_t>(code_.size());
    NNFT_ASSERT(op == ActivationOp::x ? next == 0 : (a < next && b < next));
    code_.push_back({op, a, b, 0, 0.0});
    return next;
}

std::uint32_t ActivationProgram::constant(double value) {
    NNFT_ASSERT(!code_.empty());  // register 0 is the argument
    code_.push_back({ActivationOp::constant, 0, 0, 0, value});
    return static_cast<std::uint32_t>(code_.size() - 1);
}

std::uint32_t ActivationProgram::powi(std::uint32_t a, int k) {
    const std::uint32_t r = emit(ActivationOp::powi, a, a);
    code_.back().power = k;
    return r;
}

void ActivationProgram::evaluate(double* z, std::size_t n, const Kernels& replace) const {
    NNFT_ASSERT(!code_.empty() && code_.front().op == ActivationOp::x);
    thread_local std::vector<double> store;
    thread_local std::vector<double*> reg;
    const std::size_t count = code_.size(), last = count - 1;
    store.resize(count * kB);
    reg.resize(count);
    for (std::size_t k = 0; k < count; ++k)
        reg[k] = store.data() + k * kB;
    const bool avx2 = use_avx2();
    for (std::size_t start = 0; start < n; start += kB) {
        const std::size_t used = std::min(kB, n - start);
        const std::size_t padded = (used + kPad - 1) / kPad * kPad;
        // A whole block is read and written in place (the argument is register 0, the last op writes σ over
        // it: element-wise ops read an element before writing it); a partial one is copied and padded.
        const bool whole = used == kB;
        reg[0] = whole ? z + start : store.data();
        if (last > 0)
            reg[last] = whole ? z + start : store.data() + last * kB;
        if (!whole) {
            std::memcpy(reg[0], z + start, used * sizeof(double));
            std::fill(reg[0] + used, reg[0] + padded, 0.0);
        }
        for (std::size_t k = 1; k < count; ++k)
            run(code_[k], reg.data(), reg[k], padded, avx2, replace);
        if (!whole)
            std::memcpy(z + start, reg[last], used * sizeof(double));
    }
}

void ActivationProgram::evaluate(double* z, std::size_t n) const { evaluate(z, n, Kernels{}); }

double ActivationProgram::operator()(double x) const {
    evaluate(&x, 1);
    return x;
}

void ActivationProgram::force_portable(bool portable) noexcept {
    g_portable.store(portable, std::memory_order_relaxed);
    force_portable_lanes(portable);
}

}  // namespace nnft::numeric
