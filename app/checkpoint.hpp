#pragma once
/// \file Checkpoint files of sampling runs (the document: sampler/checkpoint.hpp), read and written here for
/// `nnft sample --checkpoint` and the per-unit checkpoints of `nnft reproduce`.
#include "sampler/ensemble.hpp"

#include <string>

namespace nnft::app {

/// Load the state saved in checkpoint `path` for `config`; throws nnft::Error when the file is corrupt, was
/// written by an older nnft (another random stream) or belongs to a different run (naming the differing
/// config fields). `shown` is the path in messages.
sampler::EnsembleState load_checkpoint(const std::string& path, const sampler::EnsembleConfig& config, const std::string& shown);

/// Write the checkpoint of `state` to `path` atomically.
void save_checkpoint(const std::string& path, const sampler::EnsembleConfig& config, const sampler::EnsembleState& state);

}  // namespace nnft::app
