#pragma once
/// \file Internal: a cheap syntax pass over an activation expression before GiNaC parses it (GiNaC's parser
/// reports no position): the grammar of expressions in x with + − * / ^, parentheses, numbers, the constant
/// pi and calls of the supported functions. Throws nnft::Error naming the 1-based position of the fault.
#include <span>
#include <string_view>

namespace nnft::symbolic::detail {

/// The functions an activation may call, each with its number of arguments.
struct ActivationFunction {
    std::string_view name;  ///< as written
    int arity;              ///< number of arguments
};

/// The functions accepted in activation expressions.
std::span<const ActivationFunction> activation_functions();

/// Check `text` against the grammar; throws nnft::Error ("activation 'x*(1+' does not parse at position 5:
/// …", or "… uses the symbol 'y' at position 3 …") at the first fault.
void check_activation_syntax(std::string_view text);

}  // namespace nnft::symbolic::detail
