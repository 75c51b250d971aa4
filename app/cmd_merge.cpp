/// `nnft merge`: combine the parts of a sharded `nnft sample` run into the result of one run.
#include "app/command.hpp"
#include "app/progress.hpp"
#include "common/error.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"


namespace nnft::app {

namespace {
struct MergeOptions {
    std::vector<std::string> parts;
    std::string out = "-";
    bool no_jackknife = false;
};

/// `read(...)` with its nnft::Error prefixed by the part's name.
template <typename Read>
auto in_part(const std::string& path, Read read) {
    try {
        return read();
    } catch (const Error& e) {
        throw Error("part '" + path + "': " + e.what());
    }
}

void run_merge(const MergeOptions& opt) {
    std::vector<sampler::EnsembleState> states;
    sampler::EnsembleConfig whole;
    nlohmann::json whole_json;
    std::vector<bool> seen;
    Progress progress("nnft merge");
    for (const auto& path : opt.parts) {
        const nlohmann::json j = sampler::parse_shard_document(read_text_file(path, "part"), path);
        const sampler::EnsembleConfig c = in_part(path, [&] { return sampler::config_from_json(j["config"]); });
        nlohmann::json base = j["config"];
        base.erase("shard");
        if (states.empty()) {
            whole = c;
            whole_json = base;
            seen.assign(c.shard_count, false);
        } else if (base != whole_json || c.shard_count != whole.shard_count) {
            throw Error("part '" + path + "' comes from a different run (its configuration differs): merge parts of one run");
        }
        if (seen[c.shard_index])
            throw Error("shard " + std::to_string(c.shard_index) + " is given twice ('" + path + "'): pass each part once");
        seen[c.shard_index] = true;
        states.push_back(in_part(path, [&] { return sampler::state_from_json(j["state"], c); }));
        progress.update(states.size(), opt.parts.size(), "parts read");
    }
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (!seen[i])
            throw Error("shard " + std::to_string(i) + "/" + std::to_string(seen.size()) + " is missing: pass all parts");
    whole.shard_index = 0;
    whole.shard_count = 1;
    const sampler::EnsembleState merged = sampler::merge_states(whole, std::move(states));
    const nlohmann::json out = sampler::sample_document(whole, merged, !opt.no_jackknife);
    progress.finish();
    write_output(opt.out, out.dump(1) + "\n");
}
}  // namespace

void setup_merge(CLI::App& app) {
    auto opt = std::make_shared<MergeOptions>();
    auto* sub = app.add_subcommand("merge", "Combine the parts of a sharded nnft sample run");
    sub->add_option("parts", opt->parts, "Part files written by nnft sample --shard i/n --out FILE")->required();
    sub->add_option("--out", opt->out, "Output JSON file ('-' for stdout)")->capture_default_str();
    add_always_json_flag(sub);
    sub->add_flag("--no-jackknife", opt->no_jackknife, "Leave the delete-one-group jackknife estimates out of the output (most of its size; nnft fit then falls back to independent-tuple errors and says so)");
    sub->callback([opt] {
        check_output_path(opt->out);
        run_merge(*opt);
    });
}

}  // namespace nnft::app
