#pragma once
/// \file Checkpoints of sampling runs ({"format": "nnft-sample-checkpoint-3", "config", "state"}): the document
/// and its reading, shared by the front ends (`nnft sample --checkpoint`, `nnft reproduce`, the Python module),
/// which read and write the files. The format is bumped whenever the random stream changes; a checkpoint of an
/// older stream is refused.
#include "sampler/ensemble.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace nnft::sampler {

/// The format tag of checkpoints (bumped with the random stream, kStateFormat: 2 since nnft's own Box–Muller).
inline constexpr const char* kCheckpointFormat = "nnft-sample-checkpoint-3";

/// The checkpoint document of a run's state.
nlohmann::json checkpoint_document(const EnsembleConfig& config, const EnsembleState& state);

/// The state saved in the text of a checkpoint, for `config`; throws nnft::Error when the text is corrupt, was
/// written by an older nnft (another random stream) or belongs to a different run (naming the differing config
/// fields). `shown` names the file in messages.
EnsembleState state_from_checkpoint(const std::string& text, const EnsembleConfig& config, const std::string& shown);

}  // namespace nnft::sampler
