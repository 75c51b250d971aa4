#pragma once
/// \file A user-defined activation σ(x) as a small bytecode (no GiNaC): straight-line code over registers,
/// evaluated in place over batches of values, op by op over blocks so that every loop is vectorised: exp, log,
/// tanh and the fused sigmoid, softplus and tanh∘softplus in eight double lanes (numeric/lane_math.hpp, the same bits on every instruction set), sin, cos,
/// erf and pow with SLEEF's 4-wide double functions on AVX2 machines and libm otherwise (these four differ
/// between the two in the last bit now and then). symbolic/activation_expression.hpp
/// compiles GiNaC expressions into it; numeric::Activation holds one for the expression kind.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace nnft::numeric {

/// One operation of an ActivationProgram. Unary ops read register a; binary ops read a and b.
enum class ActivationOp : std::uint8_t {
    constant,  ///< the instruction's value
    x,         ///< the argument
    add,       ///< a + b
    sub,       ///< a − b
    mul,       ///< a · b
    div,       ///< a / b
    neg,       ///< −a
    powi,      ///< a^k for the instruction's integer k (repeated squaring; k < 0 gives 1 / a^|k|)
    pow,       ///< a^b (real power; NaN for a < 0 and non-integer b)
    exp,       ///< exp(a)
    log,       ///< log(a)
    sqrt,      ///< √a
    sin,       ///< sin(a)
    cos,       ///< cos(a)
    tanh,      ///< tanh(a)
    erf,       ///< erf(a)
    abs,       ///< |a|
    step,      ///< Heaviside step: 1 for a > 0, 0 for a < 0, 1/2 at a = 0 (GiNaC's step), NaN stays NaN
    sigmoid,        ///< 1 / (1 + exp(−a)), one lane pass (LaneFunction::sigmoid)
    softplus,       ///< log(1 + exp(a)) without overflow, one lane pass (LaneFunction::softplus)
    tanh_softplus,  ///< tanh(log(1 + exp(a))) (mish's factor), one lane pass (LaneFunction::tanh_softplus)
};

/// One instruction; its result is the register with the instruction's index.
struct ActivationInstruction {
    ActivationOp op = ActivationOp::x;  ///< what it computes
    std::uint32_t a = 0;                ///< first operand register
    std::uint32_t b = 0;                ///< second operand register
    int power = 0;                      ///< the exponent of powi
    double value = 0.0;                 ///< the value of constant
};

/// Straight-line code computing σ(x); the last instruction's register is σ. A value type: copies are cheap
/// enough and share nothing mutable.
class ActivationProgram {
public:
    /// Values per block of the op-by-op evaluation (each op runs over one block before the next op).
    static constexpr std::size_t kBlock = 128;
    /// The last partial block is padded to a multiple of this many values (the SIMD width).
    static constexpr std::size_t kPad = 8;

    /// Append `op` on registers a, b (a and b must be earlier registers); returns its register.
    std::uint32_t emit(ActivationOp op, std::uint32_t a = 0, std::uint32_t b = 0);
    /// Append a constant; returns its register.
    std::uint32_t constant(double value);
    /// Append a^k for integer k; returns its register.
    std::uint32_t powi(std::uint32_t a, int k);
    /// The instructions, in order.
    std::span<const ActivationInstruction> code() const noexcept { return code_; }

    /// An in-place batch function z[i] → f(z[i]), i < n.
    using BatchKernel = void (*)(double* z, std::size_t n);

    /// Replacements for elementary functions (null: the double-precision default). The sampler passes its
    /// float32 ones, so an expression's erf, exp, log and tanh cost and round as the built-in nets' do.
    struct Kernels {
        BatchKernel erf = nullptr;   ///< replaces erf
        BatchKernel exp = nullptr;   ///< replaces exp
        BatchKernel log = nullptr;   ///< replaces log
        BatchKernel tanh = nullptr;  ///< replaces tanh
        BatchKernel sigmoid = nullptr;        ///< replaces sigmoid
        BatchKernel softplus = nullptr;       ///< replaces softplus
        BatchKernel tanh_softplus = nullptr;  ///< replaces tanh_softplus
    };

    /// In place: z[i] → σ(z[i]) for i < n, whole blocks in place (σ written over the argument), the tail
    /// copied and padded. Every value goes through the same element-wise kernels, so the bits do not
    /// depend on n, on how a batch is split or on threads.
    void evaluate(double* z, std::size_t n, const Kernels& replace) const;
    /// evaluate with the double-precision defaults.
    void evaluate(double* z, std::size_t n) const;
    /// σ(x) for one value (the same kernels as evaluate).
    double operator()(double x) const;

    /// Force the portable kernels: libm for sin, cos, erf, pow and the lane functions' portable path
    /// (numeric::force_portable_lanes; the same bits as their SIMD paths). false: SLEEF's AVX2 kernels and the
    /// widest lanes where the CPU has them, the default. For tests and measurements; a process should choose
    /// once, before sampling.
    static void force_portable(bool portable) noexcept;

private:
    std::vector<ActivationInstruction> code_;
};

namespace detail {
/// The transcendental op (sin, cos, erf, pow) over n values, n a multiple of 4, with
/// SLEEF's AVX2 functions (1-ulp): out[i] = op(a[i]) or op(a[i], b[i]). Call only when avx2_available().
void activation_op_avx2(ActivationOp op, const double* a, const double* b, double* out, std::size_t n);
}  // namespace detail

}  // namespace nnft::numeric
