/// `nnft symmetry`: symmetry via duality (2106.00694) — SO(d_out) and SO(d_in) invariance, the breaking of
/// SO(d_out) by an output mean, and the broken translation invariance of the finite-N Gauss-net, each as
/// deviations against jackknife error bars from one ensemble; exit 1 when a prediction fails.
#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/sampler_options.hpp"
#include "common/error.hpp"
#include "eft/symmetry.hpp"
#include "study/network_request.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <utility>
#include <sstream>
#include <thread>

namespace nnft::app {

namespace {

struct SymmetryOptions {
    eft::SymmetrySettings settings;
    double networks = 65536;
    std::string activation;  // --activation (overrides --net)
    std::string only = "all";
    bool json = false;
    std::string out = "-";
    std::string weights_law, biases_law, out_weights_law, out_bias_law;  // --weights, --biases, --out-*
};

// The law options given (empty: the activation's normal laws).
void set_laws(SymmetryOptions& opt) {
    auto parse = [](const std::string& text, const char* flag) {
        return text.empty() ? std::nullopt : std::optional<numeric::ParameterLaw>(study::law_option(text, flag));
    };
    opt.settings.weights = parse(opt.weights_law, "--weights");
    opt.settings.biases = parse(opt.biases_law, "--biases");
    opt.settings.output_weights = parse(opt.out_weights_law, "--out-weights");
    opt.settings.output_bias = parse(opt.out_bias_law, "--out-bias");
}

// {"weights": …, …} of the laws given, for the document.
nlohmann::json laws_json(const eft::SymmetrySettings& s) {
    nlohmann::json j = nlohmann::json::object();
    const std::pair<const char*, const std::optional<numeric::ParameterLaw>*> laws[] = {
        {"weights", &s.weights}, {"biases", &s.biases}, {"output_weights", &s.output_weights}, {"output_bias", &s.output_bias}};
    for (const auto& [name, law] : laws)
        if (*law) j[name] = (*law)->text();
    return j;
}

void run_symmetry(SymmetryOptions opt) {
    eft::SymmetrySettings& s = opt.settings;
    if (!(opt.networks >= 1 && opt.networks <= 1e12)) throw Error("--networks must lie in [1, 1e12]");
    s.networks = static_cast<std::uint64_t>(opt.networks);
    if (s.threads == 0) s.threads = std::max(1u, std::thread::hardware_concurrency());
    if (opt.only != "all" && opt.only != "output" && opt.only != "input" && opt.only != "translation")
        throw Error("--tests must be all, output, input or translation; got '" + opt.only + "'");
    eft::check_symmetry_laws(s, opt.only);
    Progress progress("nnft symmetry");
    s.progress = progress.callback();
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<eft::SymmetryTest> tests;
    auto add = [&tests](std::vector<eft::SymmetryTest> more) {
        for (auto& t : more) tests.push_back(std::move(t));
    };
    if (opt.only == "all" || opt.only == "output") add(eft::output_symmetry_tests(s));
    if (opt.only == "all" || opt.only == "input") add(eft::input_symmetry_tests(s));
    if (opt.only == "all" || opt.only == "translation") add(eft::translation_tests(s));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.finish();
    bool all = true;
    for (const auto& t : tests) all = all && t.passed();
    std::ostringstream doc;
    if (opt.json) {
        nlohmann::json j{{"net", s.net}, {"width", s.width}, {"translation_width", s.translation_width}, {"networks", s.networks}, {"seed", s.seed},
                         {"alpha", s.alpha}, {"output_mean", s.output_mean}, {"passed", all}, {"seconds", seconds}};
        if (const nlohmann::json laws = laws_json(s); !laws.empty()) j["laws"] = laws;
        j["tests"] = nlohmann::json::array();
        for (const auto& t : tests) j["tests"].push_back(eft::to_json(t));
        doc << j.dump(2) << "\n";
    } else {
        doc << "# symmetry via duality: " << s.net << "-net N=" << s.width << ", seed " << s.seed << ", alpha " << s.alpha
            << " per table and criterion";
        if (const nlohmann::json laws = laws_json(s); !laws.empty()) doc << ", laws " << laws.dump();
        doc << "\n";
        for (const auto& t : tests) doc << eft::summary(t);
        doc << (all ? "ALL " + std::to_string(tests.size()) + " SYMMETRY TESTS AS PREDICTED" : "SOME SYMMETRY TESTS FAILED")
            << " in " << seconds << " s\n";
    }
    write_output(opt.out, doc.str());
    if (!all) throw CommandExit{kExitCheckFailed};
}

}  // namespace

void setup_symmetry(CLI::App& app) {
    auto opt = std::make_shared<SymmetryOptions>();
    auto* sub = app.add_subcommand("symmetry", "Symmetry via duality: SO(d_out), SO(d_in), breaking by an output mean, translation");
    const NetworkChoice network = add_network_choice(sub, opt->settings.net, opt->activation,
                                                     "Activation of the SO(d_out) and SO(d_in) tests (erf, relu, gauss, tanh)");
    sub->add_option("--width", opt->settings.width, "Hidden width N")->capture_default_str();
    sub->add_option("--translation-width", opt->settings.translation_width, "Hidden width of the Gauss-net translation test")->capture_default_str();
    sub->add_option("--networks", opt->networks, "Networks per ensemble (SO(d_in) ensembles: half)")->capture_default_str();
    sub->add_option("--seed", opt->settings.seed, "Seed of the ensembles and rotations")->capture_default_str();
    sub->add_option("--threads", opt->settings.threads, "Sampling threads (default: all cores)");
    sub->add_option("--rotations", opt->settings.rotations, "Haar rotations per invariance test")->capture_default_str();
    sub->add_option("--mean", opt->settings.output_mean, "Mean of b1 in output row 0 for the breaking test")->capture_default_str();
    sub->add_option("--alpha", opt->settings.alpha, "Test size per table and criterion")->capture_default_str();
    sub->add_option("--tests", opt->only, "all, output, input or translation")->capture_default_str();
    add_law_options(sub, {&opt->weights_law, &opt->biases_law, &opt->out_weights_law, &opt->out_bias_law}, {}, {});
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the report to this file (atomically)");
    sub->callback([opt, network] {
        network.require();
        check_output_path(opt->out);
        if (!opt->activation.empty()) opt->settings.net = opt->activation;
        (void)net_or_activation(opt->settings.net, opt->activation);  // refuse a bad name before sampling
        set_laws(*opt);
        run_symmetry(*opt);
    });
}

}  // namespace nnft::app
