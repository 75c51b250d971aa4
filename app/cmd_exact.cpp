/// `nnft exact`: exact finite-width correlators of single-layer networks by deterministic quadrature.
#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/sampler_options.hpp"
#include "sampler/correlators.hpp"
#include "sampler/exact.hpp"

namespace nnft::app {

namespace {
struct ExactOptions {
    NetworkOptions network;
    std::string out = "-";
    std::string quadrature = "auto";
    double max_memory_gb = 4.0;
};

void run_exact(const ExactOptions& opt) {
    sampler::ExactConfig c;
    c.net = network_spec(opt.network);
    c.inputs = input_set(opt.network);
    c.max_n = opt.network.max_n;
    c.method = opt.quadrature == "trapezoid"       ? sampler::MomentMethod::Trapezoid
               : opt.quadrature == "gauss-hermite" ? sampler::MomentMethod::GaussHermite
                                                   : sampler::MomentMethod::Automatic;
    c.max_memory_gb = opt.max_memory_gb;
    Progress progress("nnft exact");
    c.progress = progress.callback();
    const sampler::Correlators corr = sampler::exact_correlators(c);
    progress.finish();
    const nlohmann::json out = sampler::exact_document(c, corr);
    write_output(opt.out, out.dump(1) + "\n");
}
}  // namespace

void setup_exact(CLI::App& app) {
    auto opt = std::make_shared<ExactOptions>();
    auto* sub = app.add_subcommand("exact", "Exact finite-width correlators of one-hidden-layer networks (zero-mean output layer, any parameter law)");
    add_network_options(sub, opt->network);
    sub->add_option("--out", opt->out, "Output JSON file ('-' for stdout)")->capture_default_str();
    add_always_json_flag(sub);
    sub->add_option("--quadrature", opt->quadrature, "Moment evaluation: auto (closed forms and kink-aware rules where they exist; shifted grids for other kinks, quasi-Monte Carlo above 4 dimensions), trapezoid or gauss-hermite")
        ->check(CLI::IsMember({"auto", "trapezoid", "gauss-hermite"}))
        ->capture_default_str();
    sub->add_option("--max-memory-gb", opt->max_memory_gb, "Refuse requests whose tables are estimated above this")
        ->capture_default_str();
    sub->callback([opt] {
        check_output_path(opt->out);
        run_exact(*opt);
    });
}

}  // namespace nnft::app
