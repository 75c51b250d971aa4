#include "app/checkpoint.hpp"

#include "app/command.hpp"
#include "common/error.hpp"


namespace nnft::app {

namespace {
// Bumped with the random stream (sampler::kStateFormat): 2 since nnft's own Box–Muller.
constexpr const char* kCheckpointFormat = "nnft-sample-checkpoint-2";
}  // namespace

sampler::EnsembleState load_checkpoint(const std::string& path, const sampler::EnsembleConfig& config, const std::string& shown) {
    const nlohmann::json config_json = sampler::config_to_json(config);
    nlohmann::json saved;
    try {
        saved = nlohmann::json::parse(read_text_file(path, "checkpoint"));
    } catch (const nlohmann::json::exception& e) {
        throw Error("checkpoint '" + shown + "' is corrupt (" + e.what() + "): delete it and run without --resume");
    }
    if (!saved.is_object() || !saved.contains("config") || !saved.contains("state") || !saved.contains("format") ||
        !saved["format"].is_string())
        throw Error("checkpoint '" + shown +
                    "' is corrupt (no format, config or state): delete it and run without --resume");
    sampler::check_format("checkpoint '" + shown + "'", saved["format"].get<std::string>(), kCheckpointFormat);
    if (saved["config"] != config_json) {
        std::string diff;
        for (auto it = config_json.begin(); it != config_json.end(); ++it)
            if (!saved["config"].contains(it.key()) || saved["config"][it.key()] != it.value())
                diff += (diff.empty() ? "" : ", ") + it.key();
        if (diff.empty())
            diff = "shard";
        throw Error("checkpoint '" + shown + "' belongs to a different run (differs in: " + diff +
                    "): use the same options as the interrupted run, or delete the checkpoint");
    }
    return sampler::state_from_json(saved["state"], config);
}

void save_checkpoint(const std::string& path, const sampler::EnsembleConfig& config, const sampler::EnsembleState& state) {
    const nlohmann::json j = {{"format", kCheckpointFormat}, {"config", sampler::config_to_json(config)}, {"state", sampler::state_to_json(state)}};
    write_output(path, j.dump() + "\n");
}

}  // namespace nnft::app
