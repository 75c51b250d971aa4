#include "sampler/checkpoint.hpp"

#include "common/error.hpp"

namespace nnft::sampler {

nlohmann::json checkpoint_document(const EnsembleConfig& config, const EnsembleState& state) {
    return {{"format", kCheckpointFormat}, {"config", config_to_json(config)}, {"state", state_to_json(state)}};
}

EnsembleState state_from_checkpoint(const std::string& text, const EnsembleConfig& config, const std::string& shown) {
    const nlohmann::json config_json = config_to_json(config);
    nlohmann::json saved;
    try {
        saved = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error("checkpoint '" + shown + "' is corrupt (" + e.what() + "): delete it and run without --resume");
    }
    if (!saved.is_object() || !saved.contains("config") || !saved.contains("state") || !saved.contains("format") ||
        !saved["format"].is_string())
        throw Error("checkpoint '" + shown +
                    "' is corrupt (no format, config or state): delete it and run without --resume");
    check_format("checkpoint '" + shown + "'", saved["format"].get<std::string>(), kCheckpointFormat);
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
    return state_from_json(saved["state"], config);
}

}  // namespace nnft::sampler
