#pragma once
/// \file Test helper: hand-built activation programs of kinked σ (test_sampler links no parser).
#include "numeric/activation_program.hpp"
#include "numeric/network.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nnft::test {

/// Hand-built programs (test_sampler has no parser): leaky_relu:a = ((1+a)x + (1−a)|x|)/2, x·step(x), step(x)·tanh(x),
/// (x·step(x))², and with kinks away from 0 max(0, x − 1) = ((x − 1) + |x − 1|)/2 and hardtanh
/// min(1, max(−1, x)) = (|x + 1| − |x − 1|)/2. `slopes` marks the σ piecewise linear (what the parser's kink_slopes_of
/// proves); without it the same σ takes the generic (quadrature) path. Each carries its kink points as the parser's
/// kink_points_of locates them.
inline nnft::numeric::Activation program(const char* text, std::optional<nnft::numeric::KinkSlopes> slopes = std::nullopt) {
    using Op = nnft::numeric::ActivationOp;
    auto p = std::make_shared<nnft::numeric::ActivationProgram>();
    const std::uint32_t x = p->emit(Op::x);
    const std::string t = text;
    if (t == "leaky_relu:0.1") {
        const std::uint32_t a = p->emit(Op::mul, p->constant(0.55), x);
        p->emit(Op::add, a, p->emit(Op::mul, p->constant(0.45), p->emit(Op::abs, x)));
    } else if (t == "x*step(x)" || t == "(x*step(x))^2") {
        const std::uint32_t r = p->emit(Op::mul, x, p->emit(Op::step, x));
        if (t != "x*step(x)") p->powi(r, 2);
    } else if (t == "max(0,x-1)") {
        const std::uint32_t shifted = p->emit(Op::add, x, p->constant(-1.0));
        p->emit(Op::mul, p->constant(0.5), p->emit(Op::add, shifted, p->emit(Op::abs, shifted)));
        return nnft::numeric::Activation::expression(text, p, std::nullopt, std::vector<double>{1.0});
    } else if (t == "hardtanh") {
        const std::uint32_t up = p->emit(Op::abs, p->emit(Op::add, x, p->constant(1.0)));
        const std::uint32_t down = p->emit(Op::abs, p->emit(Op::add, x, p->constant(-1.0)));
        p->emit(Op::mul, p->constant(0.5), p->emit(Op::add, up, p->emit(Op::mul, p->constant(-1.0), down)));
        return nnft::numeric::Activation::expression(text, p, std::nullopt, std::vector<double>{-1.0, 1.0});
    } else {
        p->emit(Op::mul, p->emit(Op::step, x), p->emit(Op::tanh, x));  // step(x)*tanh(x)
    }
    return nnft::numeric::Activation::expression(text, p, slopes, std::vector<double>{0.0});
}

}  // namespace nnft::test
