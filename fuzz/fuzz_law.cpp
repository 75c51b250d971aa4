/// libFuzzer harness of the parameter-law parser (`--weights`, `--biases`, `--out-weights`, `--out-bias`,
/// `fit --weight-law`: numeric::parse_law). An accepted law is used: its cumulants and its text. No draw: a
/// Student-t draw builds a per-ν table (~15 ms, 120 KB, kept for the process), which would measure that cache.
#include "fuzz/harness.hpp"
#include "numeric/parameter_law.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = nnft::fuzz::text_of(data, size);
    return nnft::fuzz::guarded([&] {
        const nnft::numeric::ParameterLaw law = nnft::numeric::parse_law(text);
        for (int n = 1; n <= 6; ++n) (void)law.cumulant(n);
        (void)nnft::numeric::parse_law(law.text());
    });
}
