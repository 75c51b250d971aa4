#include "app/checkpoint.hpp"

#include "app/command.hpp"
#include "sampler/checkpoint.hpp"

namespace nnft::app {

sampler::EnsembleState load_checkpoint(const std::string& path, const sampler::EnsembleConfig& config, const std::string& shown) {
    return sampler::state_from_checkpoint(read_text_file(path, "checkpoint"), config, shown);
}

void save_checkpoint(const std::string& path, const sampler::EnsembleConfig& config, const sampler::EnsembleState& state) {
    write_output(path, sampler::checkpoint_document(config, state).dump() + "\n");
}

}  // namespace nnft::app
