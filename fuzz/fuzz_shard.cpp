/// libFuzzer harness of the shard reader of `nnft merge`: a part written by `nnft sample --shard i/n --out`
/// (sampler::parse_shard_document, config_from_json, state_from_json), then merged as the only part of a run
/// of its shard count when that count is 1 (merge_states).
#include "fuzz/harness.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = nnft::fuzz::text_of(data, size);
    return nnft::fuzz::guarded([&] {
        const nlohmann::json j = nnft::sampler::parse_shard_document(text, "fuzz.json");
        nnft::sampler::EnsembleConfig config = nnft::sampler::config_from_json(j["config"]);
        nnft::sampler::EnsembleState state = nnft::sampler::state_from_json(j["state"], config);
        if (config.shard_count != 1) return;
        (void)nnft::sampler::merge_states(config, {std::move(state)});
    });
}
