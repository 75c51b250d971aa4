#pragma once
// Test helper: the expression activation op(x) (cos, sin, tanh …) as the parser would build it, named `name`.
#include <memory>

#include "numeric/activation_program.hpp"
#include "numeric/network.hpp"

inline nnft::numeric::Activation unary_activation(const char* name, nnft::numeric::ActivationOp op) {
    auto p = std::make_shared<nnft::numeric::ActivationProgram>();
    p->emit(op, p->emit(nnft::numeric::ActivationOp::x));
    return nnft::numeric::Activation::expression(name, p);
}
