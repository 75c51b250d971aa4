/// `nnft expand`: the 1/N expansion of a deep network's correlators (G2 and G4_con to O(1/N)).
#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/sampler_options.hpp"
#include "sampler/deep_expansion.hpp"
#include "symbolic/activation_expression.hpp"

#include <algorithm>
#include <thread>

namespace nnft::app {

namespace {
struct ExpandOptions {
    NetworkOptions network;
    std::string out = "-";
    unsigned threads = 0;
};

void run_expand(const ExpandOptions& opt) {
    sampler::DeepExpansionConfig c;
    c.net = network_spec(opt.network);
    c.inputs = input_set(opt.network);
    c.max_n = opt.network.max_n;
    c.kink_at_zero = symbolic::has_kink(c.net.activation);
    c.threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    Progress progress("nnft expand");
    c.progress = progress.callback();
    const sampler::DeepExpansion e = sampler::deep_expansion(c);
    const sampler::Correlators corr = sampler::deep_correlators(c, e);
    progress.finish();
    write_output(opt.out, sampler::deep_document(c, e, corr).dump(1) + "\n");
}
}  // namespace

void setup_expand(CLI::App& app) {
    auto opt = std::make_shared<ExpandOptions>();
    opt->network.max_n = 4;
    auto* sub = app.add_subcommand("expand", "The 1/N expansion of a deep network's G2 and G4_con (any depth and activation, "
                                             "zero-mean laws with a fourth cumulant), errors from two quadrature rules");
    add_network_options(sub, opt->network);
    sub->add_option("--out", opt->out, "Output JSON file ('-' for stdout)")->capture_default_str();
    sub->add_option("--threads", opt->threads, "Worker threads (default: all cores); never changes the result");
    add_always_json_flag(sub);
    sub->callback([opt] {
        check_output_path(opt->out);
        run_expand(*opt);
    });
}

}  // namespace nnft::app
