/// libFuzzer harness of the checkpoint reader of `nnft sample --checkpoint FILE --resume` (and `nnft reproduce`,
/// the Python module): sampler::state_from_checkpoint for the run its own "config" describes (config_from_json).
#include "fuzz/harness.hpp"
#include "sampler/checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = nnft::fuzz::text_of(data, size);
    return nnft::fuzz::guarded([&] {
        const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
        if (!doc.is_object() || !doc.contains("config")) return;  // no run to check the state against
        const nnft::sampler::EnsembleConfig config = nnft::sampler::config_from_json(doc["config"]);
        (void)nnft::sampler::state_from_checkpoint(text, config, "fuzz.json");
    });
}
