/// libFuzzer harness of the input-set parser (`--inputs`: "0.1;-0.2", "0.5,1;1,0.5", "paper:relu"), as the CLI
/// reads it (study::input_set). The first byte picks d_in = 1, 2 or 3; the rest is the text.
#include "fuzz/harness.hpp"
#include "study/presets.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t d_in = 1 + data[0] % 3;
    const std::string text = nnft::fuzz::text_of(data + 1, size - 1);
    return nnft::fuzz::guarded([&] {
        const nnft::sampler::InputSet in = nnft::study::input_set(text, d_in);
        if (in.d_in != d_in || in.x.size() % d_in != 0 || in.count() == 0) std::abort();
    });
}
