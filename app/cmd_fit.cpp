/// `nnft fit`: linear least-squares fits of EFT couplings to connected 4-point data (exact or sampled).
#include "app/command.hpp"
#include "app/sampler_options.hpp"
#include "study/presets.hpp"
#include "common/error.hpp"
#include "eft/fit_json.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <thread>
#include <limits>
#include <sstream>

namespace nnft::app {

namespace {

struct FitOptions {
    std::string net = "relu";
    std::string activation;  // --activation (overrides --net)
    std::size_t width = 0;
    std::size_t depth = 1;
    std::string cutoff;
    std::string models = "M0,M1,M2,M3";
    std::string data = "exact";
    std::string test_data;
    std::string train_inputs, test_inputs;
    std::string weights = "none";
    bool six_point = false;
    std::string ratio_cutoffs;
    bool json = false;
    std::string out = "-";
};

sampler::Correlators read_correlators(const std::string& path, const eft::FitSettings& st, const sampler::InputSet& inputs) {
    const std::string what = "data file '" + path + "'";
    const nlohmann::json j = sampler::parse_correlator_document(read_text_file(path, "data file"), what);
    const auto& cfg = j["config"];
    const auto want = sampler::network_to_json(st.net, inputs);
    for (const char* key : {"net", "width", "inputs"})
        if (cfg.contains(key) && want.contains(key) && cfg[key] != want[key])
            throw Error(what + " was made for " + key + " = " + cfg[key].dump() + " but the fit uses " + want[key].dump() +
                        ": the configurations do not match");
    return sampler::read_correlator_document(j, what);
}

double parse_cutoff(const std::string& text, const std::string& option) {
    if (text == "inf") return std::numeric_limits<double>::infinity();
    double v = -1;
    try {
        v = std::stod(text);
    } catch (const std::exception&) {
    }
    if (!(v > 0) || !std::isfinite(v)) throw Error(option + " must be a positive number or 'inf', not '" + text + "'");
    return v;
}

void run_fit(const FitOptions& opt) {
    const numeric::Activation activation = net_or_activation(opt.net, opt.activation);
    eft::FitSettings st = study::fit_settings(activation);
    if (opt.width) st.net.width = opt.width;
    st.net.depth = opt.depth;
    if (!opt.cutoff.empty()) st.cutoff = parse_cutoff(opt.cutoff, "--cutoff");
    if (!opt.train_inputs.empty()) st.train = study::input_set(opt.train_inputs, 1);
    if (!opt.test_inputs.empty()) st.test = study::input_set(opt.test_inputs, 1);
    st.models.clear();
    std::stringstream ss(opt.models);
    for (std::string m; std::getline(ss, m, ',');) st.models.push_back(m);
    if (opt.weights != "none" && opt.weights != "errors") throw Error("--weights must be none or errors");
    st.weighted = opt.weights == "errors";
    std::vector<double> cutoffs = {st.cutoff};
    if (!opt.ratio_cutoffs.empty()) {
        if (!opt.six_point) throw Error("--ratio-cutoffs needs --six-point");
        cutoffs.clear();
        std::stringstream cs(opt.ratio_cutoffs);
        for (std::string c; std::getline(cs, c, ',');) cutoffs.push_back(parse_cutoff(c, "--ratio-cutoffs"));
    }
    eft::G4Data train, test;
    eft::G6Data train6, test6;
    if (opt.data == "exact") {
        train = eft::exact_g4(st.net, st.train);
        test = eft::exact_g4(st.net, st.test);
        if (opt.six_point) {
            train6 = eft::exact_g6(st.net, st.train);
            test6 = eft::exact_g6(st.net, st.test);
        }
    } else if (opt.data == "expand") {
        if (opt.six_point) throw Error("--data expand gives G4_con only (G6_con is O(1/N^2)): drop --six-point");
        const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
        train = eft::expansion_g4(st.net, st.train, threads);
        test = eft::expansion_g4(st.net, st.test, threads);
    } else {
        if (opt.test_data.empty()) throw Error("--data FILE needs --test-data FILE for the test inputs too");
        const sampler::Correlators ctrain = read_correlators(opt.data, st, st.train);
        const sampler::Correlators ctest = read_correlators(opt.test_data, st, st.test);
        train = eft::g4_from_correlators(ctrain);
        test = eft::g4_from_correlators(ctest);
        if (opt.six_point) {
            train6 = eft::g6_from_correlators(ctrain);
            test6 = eft::g6_from_correlators(ctest);
        }
    }
    eft::FitReport report;
    report.net = activation.name();
    report.width = st.net.width;
    report.cutoff = st.cutoff;
    report.data = opt.data;
    report.models = eft::fit_couplings(st, train, test);
    report.error_caveat = opt.data != "exact" && opt.data != "expand" && train.connected.jackknife_groups() == 0;
    if (opt.six_point) report.six_point = eft::six_point_report(st, cutoffs, train, train6, test6);
    write_output(opt.out, opt.json ? eft::fit_document(report).dump(2) + "\n" : eft::fit_text(report));
}

}  // namespace

void setup_fit(CLI::App& app) {
    auto opt = std::make_shared<FitOptions>();
    auto* sub = app.add_subcommand("fit", "Fit EFT couplings (lambda0, lambda2, lambda_nl) to connected 4-point data");
    auto* net = sub->add_option("--net", opt->net, "erf, relu or gauss (defaults: the paper's width, cutoff and inputs), or tanh")
                    ->capture_default_str();
    add_activation_option(sub, opt->activation, net);
    sub->add_option("--width", opt->width, "Network width N (default: Erf 5, ReLU 20, Gauss 1000, others 20)");
    sub->add_option("--cutoff", opt->cutoff, "Lambda of the vertex integrals or inf (default: Erf 100, ReLU 100, Gauss inf, others 100)");
    sub->add_option("--models", opt->models, "Comma-separated models among M0 {}, M1 {l0}, M2 {l0,l2}, M3 {l0,l2,lNL}")->capture_default_str();
    sub->add_option("--depth", opt->depth, "Hidden layers L: the deep kernel K^(L) on the vertex lines (deep exact data: relu without biases)")
        ->capture_default_str();
    sub->add_option("--data", opt->data, "exact (nnft exact computed in process), expand (the 1/N expansion of nnft expand, in process) "
                                         "or a JSON file from nnft sample/exact/expand on the train inputs")->capture_default_str();
    sub->add_option("--test-data", opt->test_data, "With --data FILE: the file for the test inputs");
    sub->add_option("--train-inputs", opt->train_inputs, "Train inputs 'x1;x2;...' (default (sqrt2/2) x test inputs)");
    sub->add_option("--test-inputs", opt->test_inputs, "Test inputs (default the paper's S)");
    sub->add_option("--weights", opt->weights, "none (ordinary least squares, the paper's criterion) or errors (1/error^2)")->capture_default_str();
    sub->add_flag("--six-point", opt->six_point,
                  "Also fit kappa f^6 to connected G6 (lambda0^2 tree exchange with lambda0 from M1) and predict G6 (needs 6-point data)");
    sub->add_option("--ratio-cutoffs", opt->ratio_cutoffs, "With --six-point: cutoffs 'L1,L2,...' (or inf) for the G6 prediction ratios (default: --cutoff)");
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt] {
        check_output_path(opt->out);
        run_fit(*opt);
    });
}

}  // namespace nnft::app
