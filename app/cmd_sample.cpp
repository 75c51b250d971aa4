/// `nnft sample`: Monte Carlo correlators of an ensemble of random networks, with checkpoints and shards.
#include "app/checkpoint.hpp"
#include "app/command.hpp"
#include "app/mpi_session.hpp"
#include "app/progress.hpp"
#include "app/sampler_options.hpp"
#include "common/error.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"
#include "study/study.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

namespace nnft::app {

namespace {
struct SampleOptions {
    NetworkOptions network;
    std::string networks = "1e6";
    std::uint64_t seed = 1;
    unsigned threads = 0;
    std::string out = "-";
    std::string checkpoint;
    double checkpoint_every = 60.0;
    bool resume = false;
    std::string shard;
    double max_memory_gb = 8.0;
    double max_core_hours = 1000.0;
    std::string estimator = "auto";
    std::string deep_sampler = "auto";
    bool no_jackknife = false;
};

void parse_shard(const std::string& text, sampler::EnsembleConfig& c) {
    if (text.empty())
        return;
    unsigned i = 0, n = 0;
    char slash = 0, extra = 0;
    std::istringstream in(text);
    if (!(in >> i >> slash >> n) || slash != '/' || (in >> extra) || n == 0 || i >= n)
        throw Error("--shard '" + text + "': write --shard i/n with 0 ≤ i < n, e.g. --shard 0/4");
    c.shard_index = i;
    c.shard_count = n;
}

void run_sample(const SampleOptions& opt) {
    sampler::EnsembleConfig c;
    c.net = network_spec(opt.network);
    c.inputs = input_set(opt.network);
    c.max_n = opt.network.max_n;
    c.seed = opt.seed;
    c.networks = parse_network_count(opt.networks);
    c.deep = sampler::parse_deep_sampling(opt.deep_sampler);
    parse_shard(opt.shard, c);
    sampler::set_estimator(c, sampler::parse_estimator(opt.estimator));  // the JSON's config.estimator: the one used
    // Under mpirun each rank samples part rank/size of the run; rank 0 merges and writes the result.
    const MpiSession mpi;
    if (mpi.size() > 1) {
        if (c.shard_count > 1)
            throw Error("--shard cannot be combined with mpirun: use one or the other");
        c.shard_index = static_cast<std::uint32_t>(mpi.rank());
        c.shard_count = static_cast<std::uint32_t>(mpi.size());
    }
    sampler::validate(c);
    const unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    sampler::check_memory(c, threads, opt.max_memory_gb);
    study::check_core_hours(c, opt.max_core_hours);
    const std::string checkpoint =
        mpi.size() > 1 && !opt.checkpoint.empty() ? opt.checkpoint + ".rank" + std::to_string(mpi.rank()) : opt.checkpoint;
    if (opt.resume && checkpoint.empty())
        throw Error("--resume needs --checkpoint FILE (the file written by the interrupted run)");
    sampler::EnsembleState state = opt.resume ? load_checkpoint(checkpoint, c, opt.checkpoint) : sampler::initial_state(c);
    auto save = [&](const sampler::EnsembleState& s) {
        if (!checkpoint.empty())
            save_checkpoint(checkpoint, c, s);
    };
    Progress progress("nnft sample");
    progress.resume_from(state.networks());
    sampler::RunOptions run;
    run.threads = threads;
    run.checkpoint_interval_s = opt.checkpoint.empty() ? 0.0 : opt.checkpoint_every;
    run.checkpoint = save;
    if (mpi.rank() == 0 && !quiet())
        run.progress = [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total, "networks"); };
    sampler::run_ensemble(c, state, run);
    progress.finish();
    save(state);
    if (mpi.size() > 1) {
        // Reduce the accumulators: rank 0 merges every rank's state into the state of one run.
        const auto texts = mpi.gather(sampler::state_to_json(state).dump());
        if (mpi.rank() != 0)
            return;
        std::vector<sampler::EnsembleState> parts;
        for (std::size_t r = 0; r < texts.size(); ++r) {
            sampler::EnsembleConfig part = c;
            part.shard_index = static_cast<std::uint32_t>(r);
            parts.push_back(sampler::state_from_json(nlohmann::json::parse(texts[r]), part));
        }
        c.shard_index = 0;
        c.shard_count = 1;
        state = sampler::merge_states(c, std::move(parts));
        inform("nnft sample: merged " + std::to_string(mpi.size()) + " MPI ranks");
    }
    write_output(opt.out, sampler::sample_output_document(c, state, !opt.no_jackknife).dump(1) + "\n");
}
}  // namespace

void setup_sample(CLI::App& app) {
    auto opt = std::make_shared<SampleOptions>();
    auto* sub = app.add_subcommand("sample", "Sample correlators of an ensemble of random networks");
    add_network_options(sub, opt->network);
    sub->add_option("--networks", opt->networks, "Number of networks (e.g. 1e6)")->capture_default_str();
    sub->add_option("--seed", opt->seed, "Random seed")->capture_default_str();
    sub->add_option("--threads", opt->threads, "Worker threads (default: all cores); never changes the result");
    sub->add_option("--out", opt->out, "Output JSON file ('-' for stdout)")->capture_default_str();
    add_always_json_flag(sub);
    sub->add_option("--checkpoint", opt->checkpoint, "Checkpoint file, rewritten atomically during the run");
    sub->add_option("--checkpoint-every", opt->checkpoint_every, "Seconds between checkpoints")->capture_default_str();
    sub->add_flag("--resume", opt->resume, "Continue the run saved in --checkpoint");
    sub->add_option("--shard", opt->shard, "Run part i of n (i/n); combine the parts with nnft merge");
    sub->add_option("--deep-sampler", opt->deep_sampler,
                    "Hidden layers after the first: auto (gram where exact, i.e. normal hidden laws, and width > 4 x inputs), gram (each unit's "
                    "pre-activations drawn as a Gaussian M-vector from the previous layer's Gram matrix, O(N M^2)) or "
                    "matrix (every weight drawn, O(N^2 M))")
        ->check(CLI::IsMember({"auto", "gram", "matrix"}))
        ->capture_default_str();
    sub->add_option("--estimator", opt->estimator,
                    "auto (conditioned where the output layer is Gaussian with mean-zero weights and the inputs few "
                    "enough, else plain), plain (sample every layer) or conditioned (integrate the Gaussian output "
                    "layer analytically); the output's config.estimator names the one used")
        ->check(CLI::IsMember({"auto", "plain", "conditioned"}))
        ->capture_default_str();
    sub->add_flag("--no-jackknife", opt->no_jackknife,
                  "Leave the delete-one-group jackknife estimates out of the output (most of its size; nnft fit then falls back to independent-tuple errors and says so)");
    sub->add_option("--max-memory-gb", opt->max_memory_gb, "Refuse runs whose tables need more memory")->capture_default_str();
    sub->add_option("--max-core-hours", opt->max_core_hours, "Refuse runs whose predicted sampling time is longer")
        ->capture_default_str();
    sub->callback([opt] {
        check_output_path(opt->out);
        check_output_path(opt->checkpoint, "--checkpoint");
        run_sample(*opt);
    });
}

}  // namespace nnft::app
