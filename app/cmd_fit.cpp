/// `nnft fit`: linear least-squares fits of EFT couplings to connected 4-point data (exact or sampled).
#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/sampler_options.hpp"
#include "common/error.hpp"
#include "sampler/correlators.hpp"
#include "study/fit_request.hpp"

#include <algorithm>
#include <thread>

namespace nnft::app {

namespace {

struct FitOptions {
    study::FitRequest request;
    std::string data = "exact";
    std::string test_data;
    bool json = false;
    std::string out = "-";
};

// A --data/--test-data file as the library takes it: its parsed text and name.
study::FitData read_data(const std::string& path) {
    return {sampler::parse_correlator_document(read_text_file(path, "data file"), "data file '" + path + "'"), path};
}

void run_fit(const FitOptions& opt) {
    study::FitRequest r = opt.request;
    r.expansion = opt.data == "expand";
    r.threads = std::max(1u, std::thread::hardware_concurrency());
    if (opt.data != "exact" && opt.data != "expand") {
        if (opt.test_data.empty()) throw Error("--data FILE needs --test-data FILE for the test inputs too");
        r.train_data = read_data(opt.data);
        r.test_data = read_data(opt.test_data);
    } else if (!opt.test_data.empty()) {
        throw Error("--test-data FILE needs --data FILE for the train inputs (with --data " + opt.data +
                    " both sets are computed)");
    }
    Progress progress("nnft fit");
    r.progress = progress.callback();
    const eft::FitReport report = study::fit(r);
    progress.finish();
    write_output(opt.out, opt.json ? eft::fit_document(report).dump(2) + "\n" : eft::fit_text(report));
}

}  // namespace

void setup_fit(CLI::App& app) {
    auto opt = std::make_shared<FitOptions>();
    auto* sub = app.add_subcommand("fit", "Fit EFT couplings (lambda0, lambda2, lambda_nl) to connected 4-point data");
    const NetworkChoice network = add_network_choice(
        sub, opt->request.net, opt->request.activation, "erf, relu or gauss (defaults: the paper's width, cutoff and inputs), or tanh");
    sub->add_option("--width", opt->request.width, "Network width N (default: Erf 5, ReLU 20, Gauss 1000, others 20)");
    sub->add_option("--cutoff", opt->request.cutoff, "Lambda of the vertex integrals or inf (default: Erf 100, ReLU 100, Gauss inf, others 100)");
    sub->add_option("--models", opt->request.models, "Comma-separated models among M0 {}, M1 {l0}, M2 {l0,l2}, M3 {l0,l2,lNL}")->capture_default_str();
    sub->add_option("--depth", opt->request.depth, "Hidden layers L: the deep kernel K^(L) on the vertex lines (deep exact data: relu without biases)")
        ->capture_default_str();
    sub->add_option("--data", opt->data, "exact (nnft exact computed in process), expand (the 1/N expansion of nnft expand, in process) "
                                         "or a JSON file from nnft sample/exact/expand on the train inputs")->capture_default_str();
    sub->add_option("--test-data", opt->test_data, "With --data FILE: the file for the test inputs");
    sub->add_option("--train-inputs", opt->request.train_inputs, "Train inputs 'x1;x2;...' (default (sqrt2/2) x test inputs)");
    sub->add_option("--test-inputs", opt->request.test_inputs, "Test inputs (default the paper's S)");
    sub->add_option("--max-memory-gb", opt->request.max_memory_gb, "Refuse input sets whose tuple tables are estimated above this")
        ->capture_default_str();
    sub->add_option("--weights", opt->request.weights, "none (ordinary least squares, the paper's criterion) or errors (1/error^2)")->capture_default_str();
    auto& r = opt->request;
    add_law_options(sub, {&r.weights_law, &r.biases_law, &r.out_weights_law, &r.out_bias_law}, {}, {}, "--weight-law");
    sub->add_flag("--six-point", opt->request.six_point,
                  "Also fit kappa f^6 to connected G6 (lambda0^2 tree exchange with lambda0 from M1) and predict G6 (needs 6-point data)");
    sub->add_option("--ratio-cutoffs", opt->request.ratio_cutoffs, "With --six-point: cutoffs 'L1,L2,...' (or inf) for the G6 prediction ratios (default: --cutoff)");
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt, network] {
        network.require();
        check_output_path(opt->out);
        run_fit(*opt);
    });
}

}  // namespace nnft::app
