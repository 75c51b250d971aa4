/// `nnft fit`: linear least-squares fits of EFT couplings to connected 4-point data (exact or sampled).
#include "app/command.hpp"
#include "common/error.hpp"
#include "eft/coupling_fit.hpp"
#include "sampler/ensemble.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace nnft::app {

namespace {

struct FitOptions {
    std::string net = "relu";
    std::size_t width = 0;
    std::string cutoff;
    std::string models = "M0,M1,M2,M3";
    std::string data = "exact";
    std::string test_data;
    std::string train_inputs, test_inputs;
    std::string weights = "none";
    bool json = false;
    std::string out = "-";
};

sampler::Correlators read_correlators(const std::string& path, const eft::FitSettings& st, const sampler::InputSet& inputs) {
    std::ifstream in(path);
    if (!in) throw Error("cannot read data file '" + path + "': check the path");
    nlohmann::json j;
    try {
        in >> j;
    } catch (const std::exception& e) {
        throw Error("data file '" + path + "' is not valid JSON (" + e.what() + "): give the output of nnft sample or nnft exact");
    }
    if (!j.contains("config") || !j.contains("correlators"))
        throw Error("data file '" + path + "' lacks config/correlators: give the output of nnft sample or nnft exact");
    const auto& cfg = j["config"];
    const auto want = sampler::network_to_json(st.net, inputs);
    for (const char* key : {"net", "width", "inputs"})
        if (cfg.contains(key) && want.contains(key) && cfg[key] != want[key])
            throw Error("data file '" + path + "' was made for " + key + " = " + cfg[key].dump() + " but the fit uses " +
                        want[key].dump() + ": the configurations do not match");
    sampler::Correlators c;
    for (const auto& [name, list] : j["correlators"].items()) {
        std::vector<sampler::CorrelatorEntry> entries;
        for (const auto& e : list) {
            sampler::CorrelatorEntry ce;
            for (int i : e.at("indices")) ce.indices.push_back(static_cast<std::uint16_t>(i));
            ce.value = e.at("value");
            ce.error = e.at("error");
            entries.push_back(ce);
        }
        c.tables.emplace_back(name, entries);
    }
    return c;
}

void run_fit(const FitOptions& opt) {
    eft::FitSettings st = eft::paper_fit_settings(opt.net);
    if (opt.width) st.net.width = opt.width;
    if (!opt.cutoff.empty()) {
        if (opt.cutoff == "inf") st.cutoff = std::numeric_limits<double>::infinity();
        else {
            try {
                st.cutoff = std::stod(opt.cutoff);
            } catch (const std::exception&) {
                st.cutoff = -1;
            }
            if (!(st.cutoff > 0) || !std::isfinite(st.cutoff)) throw Error("--cutoff must be a positive number or 'inf'");
        }
    }
    if (!opt.train_inputs.empty()) st.train = sampler::parse_inputs(opt.train_inputs, 1);
    if (!opt.test_inputs.empty()) st.test = sampler::parse_inputs(opt.test_inputs, 1);
    st.models.clear();
    std::stringstream ss(opt.models);
    for (std::string m; std::getline(ss, m, ',');) st.models.push_back(m);
    if (opt.weights != "none" && opt.weights != "errors") throw Error("--weights must be none or errors");
    st.weighted = opt.weights == "errors";
    eft::G4Data train, test;
    if (opt.data == "exact") {
        train = eft::exact_g4(st.net, st.train);
        test = eft::exact_g4(st.net, st.test);
    } else {
        if (opt.test_data.empty()) throw Error("--data FILE needs --test-data FILE for the test inputs too");
        train = eft::g4_from_correlators(read_correlators(opt.data, st, st.train));
        test = eft::g4_from_correlators(read_correlators(opt.test_data, st, st.test));
    }
    const auto fits = eft::fit_couplings(st, train, test);
    nlohmann::json doc;
    doc["net"] = opt.net;
    doc["width"] = st.net.width;
    doc["cutoff"] = std::isinf(st.cutoff) ? nlohmann::json("inf") : nlohmann::json(st.cutoff);
    doc["data"] = opt.data;
    doc["convention"] = "dS = +lambda0 int f^4 + lambda2 int x^2 f^4 + lambda_nl int int f(x)^2 f(y)^2; dG4 = -24 lambda0 int prod K_EFT + ...";
    std::ostringstream text;
    text.precision(6);
    text << "# coupling fits, " << opt.net << " N=" << st.net.width << ", cutoff " << (std::isinf(st.cutoff) ? std::string("inf") : std::to_string(st.cutoff))
         << ", data " << opt.data << " (all ordered tuples; metrics on the connected 4-point function)\n";
    for (const auto& f : fits) {
        doc["models"].push_back(eft::model_fit_to_json(f));
        text << f.name << ":";
        if (!f.problem.empty()) {
            text << " not fitted: " << f.problem << "\n";
            continue;
        }
        for (std::size_t j = 0; j < f.operators.size(); ++j) {
            text << " " << f.operators[j] << " = " << f.fit.coefficients(static_cast<Eigen::Index>(j)) << " +- "
                 << f.fit.standard_errors(static_cast<Eigen::Index>(j));
        }
        text << "\n   train MAPE " << f.train.mape << "%  max APE " << f.train.max_ape << "%  MSE " << f.train.mse
             << "\n   test  MAPE " << f.test.mape << "%  max APE " << f.test.max_ape << "%  MSE " << f.test.mse << "\n";
    }
    write_output(opt.out, opt.json ? doc.dump(2) + "\n" : text.str());
}

}  // namespace

void setup_fit(CLI::App& app) {
    auto opt = std::make_shared<FitOptions>();
    auto* sub = app.add_subcommand("fit", "Fit EFT couplings (lambda0, lambda2, lambda_nl) to connected 4-point data");
    sub->add_option("--net", opt->net, "erf, relu or gauss (defaults: the paper's width, cutoff and inputs)")->capture_default_str();
    sub->add_option("--width", opt->width, "Network width N (default: Erf 5, ReLU 20, Gauss 1000)");
    sub->add_option("--cutoff", opt->cutoff, "Lambda of the vertex integrals or inf (default: Erf 100, ReLU 100, Gauss inf)");
    sub->add_option("--models", opt->models, "Comma-separated models among M0 {}, M1 {l0}, M2 {l0,l2}, M3 {l0,l2,lNL}")->capture_default_str();
    sub->add_option("--data", opt->data, "exact (nnft exact computed in process) or a JSON file from nnft sample/exact on the train inputs")->capture_default_str();
    sub->add_option("--test-data", opt->test_data, "With --data FILE: the file for the test inputs");
    sub->add_option("--train-inputs", opt->train_inputs, "Train inputs 'x1;x2;...' (default (sqrt2/2) x test inputs)");
    sub->add_option("--test-inputs", opt->test_inputs, "Test inputs (default the paper's S)");
    sub->add_option("--weights", opt->weights, "none (ordinary least squares, the paper's criterion) or errors (1/error^2)")->capture_default_str();
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt] { run_fit(*opt); });
}

}  // namespace nnft::app
