/// libFuzzer harness of the correlator-document reader: the `nnft sample`/`nnft exact`/`nnft merge` output as
/// `nnft fit --data` and the Python module's nnft.load read it (sampler::parse_correlator_document, then
/// read_correlator_document, as study::fit does).
#include "fuzz/harness.hpp"
#include "sampler/correlators.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = nnft::fuzz::text_of(data, size);
    return nnft::fuzz::guarded([&] {
        const nlohmann::json doc = nnft::sampler::parse_correlator_document(text, "data file 'fuzz.json'");
        (void)nnft::sampler::read_correlator_document(doc, "data file 'fuzz.json'");
    });
}
