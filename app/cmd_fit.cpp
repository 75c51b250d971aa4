/// `nnft fit`: linear least-squares fits of EFT couplings to connected 4-point data (exact or sampled).
#include "app/command.hpp"
#include "common/error.hpp"
#include "eft/coupling_fit.hpp"
#include "eft/six_point.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
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

nlohmann::json metrics_json(const eft::FitMetrics& m) { return {{"mape", m.mape}, {"max_ape", m.max_ape}, {"mse", m.mse}}; }

/// Start a model's JSON entry and text line; a model that could not be fitted is finished here (returns false).
bool begin_model(nlohmann::json& entry, std::ostringstream& text, const std::string& name, const std::string& problem, nlohmann::json& list) {
    entry["name"] = name;
    entry["couplings"] = nlohmann::json::object();
    text << name << ":";
    if (problem.empty()) return true;
    entry["problem"] = problem;
    text << " not fitted: " << problem << "\n";
    list.push_back(entry);
    return false;
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

nlohmann::json cutoff_json(double cutoff) { return std::isinf(cutoff) ? nlohmann::json("inf") : nlohmann::json(cutoff); }

nlohmann::json value_json(const eft::CouplingValue& v) { return {{"value", v.value}, {"error", v.error}}; }

nlohmann::json ratio_json(const eft::RatioSummary& r) {
    return {{"mean", r.mean}, {"spread", r.spread}, {"min", r.min}, {"max", r.max}, {"count", r.count}};
}

/// The "six_point" section: κ fits with λ0 held fixed and the 6-point predictions per cutoff.
nlohmann::json six_point_section(const eft::FitSettings& st, const std::vector<double>& cutoffs, const eft::G4Data& train4,
                                 const eft::G6Data& train6, const eft::G6Data& test6, std::ostringstream& text) {
    nlohmann::json sec;
    const eft::CouplingValue lambda0 = eft::quartic_coupling(st, train4);
    const eft::SixPointFit fit = eft::fit_six_point(st, lambda0, train6, test6);
    sec["convention"] = "dS = +lambda0 int f^4 + kappa int f^6; G6_con = -720 kappa int prod_6 K_EFT + 576 lambda0^2 sum_10 int int "
                        "(tree exchange); lambda0 from M1 on train G4_con, held fixed";
    sec["lambda0"] = value_json(lambda0);
    text << "# six-point: G6_con at O(1/N^2) = lambda0^2 tree exchange (lambda0 = " << lambda0.value << " +- " << lambda0.error
         << " from M1, held fixed) + kappa vertex; metrics on G6_con over the distinct sorted 6-tuples\n";
    for (const auto& m : fit.models) {
        nlohmann::json j = {{"tree_exchange", m.tree}};
        if (!begin_model(j, text, m.name, m.problem, sec["models"])) continue;
        for (std::size_t k = 0; k < m.operators.size(); ++k) {
            const auto i = static_cast<Eigen::Index>(k);
            const bool jackknife = m.fit.independent_errors.size() > i;
            nlohmann::json c = {{"value", m.fit.coefficients(i)}, {"error", m.fit.standard_errors(i)}};
            if (jackknife) c["error_independent"] = m.fit.independent_errors(i);
            if (m.operators[k] == "kappa") {
                c["error"] = m.kappa_error;
                c["error_fit"] = jackknife ? m.fit.independent_errors(i) : m.fit.standard_errors(i);
                c["error_lambda0"] = m.kappa_error_lambda0;
                if (jackknife) c["error_independent"] = m.kappa_error_independent;
            }
            j["error_method"] = m.fit.error_method;
            j["couplings"][m.operators[k]] = c;
            text << " " << m.operators[k] << " = " << m.fit.coefficients(i) << " +- " << c["error"].get<double>();
        }
        j["train"] = metrics_json(m.train);
        j["test"] = metrics_json(m.test);
        if (!m.operators.empty()) text << "  [errors: " << m.fit.error_method << "]";
        text << (m.tree ? " (with tree exchange)" : "") << "\n   train MAPE " << m.train.mape << "%  max APE " << m.train.max_ape
             << "%  MSE " << m.train.mse << "\n   test  MAPE " << m.test.mape << "%  max APE " << m.test.max_ape << "%  MSE "
             << m.test.mse << "\n";
        sec["models"].push_back(j);
    }
    text << "# six-point predictions on the test inputs: ratio prediction/measured over distinct tuples, mean +- spread\n";
    for (const auto& p : eft::six_point_predictions(st, cutoffs, train4, train6, test6)) {
        nlohmann::json j = {{"cutoff", cutoff_json(p.cutoff)}, {"lambda0", value_json(p.lambda0)}, {"kappa", value_json(p.kappa)}};
        const std::vector<std::pair<const char*, const eft::RatioSummary*>> rs = {
            {"full_lambda", &p.full_lambda},       {"full_all", &p.full_all},           {"nongaussian_lambda", &p.nongaussian_lambda},
            {"nongaussian_all", &p.nongaussian_all}, {"connected_tree", &p.connected_tree}, {"connected_all", &p.connected_all}};
        text << "cutoff " << (std::isinf(p.cutoff) ? std::string("inf") : std::to_string(p.cutoff)) << ": lambda0 " << p.lambda0.value
             << ", kappa " << p.kappa.value << " +- " << p.kappa.error << "\n";
        for (const auto& [name, r] : rs) {
            j["ratios"][name] = ratio_json(*r);
            text << "   " << name << " " << r->mean << " +- " << r->spread << " [" << r->min << ", " << r->max << "]\n";
        }
        sec["predictions"].push_back(j);
    }
    return sec;
}

void run_fit(const FitOptions& opt) {
    eft::FitSettings st = eft::paper_fit_settings(opt.net);
    if (opt.width) st.net.width = opt.width;
    if (!opt.cutoff.empty()) st.cutoff = parse_cutoff(opt.cutoff, "--cutoff");
    if (!opt.train_inputs.empty()) st.train = sampler::parse_inputs(opt.train_inputs, 1);
    if (!opt.test_inputs.empty()) st.test = sampler::parse_inputs(opt.test_inputs, 1);
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
    const auto fits = eft::fit_couplings(st, train, test);
    const bool sampled_without_jackknife = opt.data != "exact" && train.connected.jackknife_groups() == 0;
    const std::string caveat = "the data file carries no jackknife estimates (exact data or an nnft sample of an older version), so the "
                               "errors treat the tuples as independent; the tuples of one sampled ensemble are strongly correlated, so "
                               "for sampled data these errors are too small: rerun nnft sample to get jackknife errors";
    nlohmann::json doc;
    doc["net"] = opt.net;
    doc["width"] = st.net.width;
    doc["cutoff"] = cutoff_json(st.cutoff);
    doc["data"] = opt.data;
    doc["convention"] = "dS = +lambda0 int f^4 + lambda2 int x^2 f^4 + lambda_nl int int f(x)^2 f(y)^2; dG4 = -24 lambda0 int prod K_EFT + ...";
    if (sampled_without_jackknife) doc["error_caveat"] = caveat;
    std::ostringstream text;
    text.precision(6);
    if (sampled_without_jackknife) text << "# caveat: " << caveat << "\n";
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
            if (f.fit.independent_errors.size() > static_cast<Eigen::Index>(j))
                text << " (independent tuples: +- " << f.fit.independent_errors(static_cast<Eigen::Index>(j)) << ")";
        }
        if (!f.operators.empty()) text << "  [errors: " << f.fit.error_method << "]";
        text << "\n   train MAPE " << f.train.mape << "%  max APE " << f.train.max_ape << "%  MSE " << f.train.mse
             << "\n   test  MAPE " << f.test.mape << "%  max APE " << f.test.max_ape << "%  MSE " << f.test.mse << "\n";
    }
    if (opt.six_point) doc["six_point"] = six_point_section(st, cutoffs, train, train6, test6, text);
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
    sub->add_flag("--six-point", opt->six_point,
                  "Also fit kappa f^6 to connected G6 (lambda0^2 tree exchange with lambda0 from M1) and predict G6 (needs 6-point data)");
    sub->add_option("--ratio-cutoffs", opt->ratio_cutoffs, "With --six-point: cutoffs 'L1,L2,...' (or inf) for the G6 prediction ratios (default: --cutoff)");
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt] { run_fit(*opt); });
}

}  // namespace nnft::app
