/// libFuzzer harness of the activation parser (`--activation`: a preset, `leaky_relu:a` or an expression in x,
/// symbolic::resolve_activation). An accepted activation is evaluated at a few points.
#include "fuzz/harness.hpp"
#include "symbolic/activation_expression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = nnft::fuzz::text_of(data, size);
    return nnft::fuzz::guarded([&] {
        const nnft::numeric::Activation a = nnft::symbolic::resolve_activation(text);
        double z[] = {-3.0, -0.5, 0.0, 0.25, 2.0, 40.0};
        a.apply(z, sizeof z / sizeof z[0]);
        (void)nnft::symbolic::has_kink(a);
    });
}
