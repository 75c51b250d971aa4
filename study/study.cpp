#include "study/study.hpp"
#include "eft/json_cutoff.hpp"
#include "study/presets.hpp"

#include "common/error.hpp"
#include "eft/fit_json.hpp"
#include "study/plots.hpp"
#include "sampler/correlators.hpp"
#include "sampler/tuples.hpp"
#include "symbolic/beta.hpp"
#include "symbolic/functions.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace nnft::study {

namespace {

const std::vector<std::string> kStudyNets = {"erf", "relu", "gauss"};

// Cost model of one network, measured on the development machine (AVX2; user CPU time of `nnft sample
// --max-n 6 --threads 1` over the 6 paper inputs, 32768 Erf networks at widths 2, 100, 1000, 2026-11-29):
// seconds per hidden neuron and input, and per moment slot, for the plain and the conditioned estimator (the latter
// as it was then: the per-network recursion).
constexpr double kPlainNeuronInput = 4.0e-9, kPlainSlot = 6.5e-10;
constexpr double kConditionedNeuronInput = 5.5e-9, kConditionedSlot = 5.0e-9;

sampler::EnsembleConfig unit_config(const std::string& net, std::size_t width, const sampler::InputSet& inputs,
                                    const StudySettings& st, int role_code) {
    sampler::EnsembleConfig c;
    c.net = numeric::default_network(sampler::parse_activation(net));
    c.net.width = width;
    c.inputs = inputs;
    c.max_n = 6;
    c.networks = st.networks;
    c.conditioned = st.conditioned;
    const auto idx = static_cast<std::uint64_t>(std::find(kStudyNets.begin(), kStudyNets.end(), net) - kStudyNets.begin());
    c.seed = st.seed + idx * 10'000'000ULL + static_cast<std::uint64_t>(role_code) * 1'000'000ULL + width;
    return c;
}

const StudyUnit& find_unit(const std::vector<StudyUnit>& units, const std::vector<sampler::EnsembleState>& states,
                           const std::string& id, const sampler::EnsembleState*& state) {
    for (std::size_t i = 0; i < units.size(); ++i)
        if (units[i].id == id) {
            state = &states[i];
            return units[i];
        }
    throw InternalError("study: no unit '" + id + "'");
}

std::string cutoff_text(double c) { return std::isinf(c) ? "inf" : report::format_number(c, 6); }

std::string couplings_text(const eft::ModelFit& f) {
    if (!f.problem.empty()) return "not fitted: " + f.problem;
    if (f.operators.empty()) return "(none: GP)";
    std::string s;
    for (std::size_t j = 0; j < f.operators.size(); ++j)
        s += (j ? ", " : "") + f.operators[j] + " = " +
             report::format_value_error(f.fit.coefficients(static_cast<Eigen::Index>(j)), f.fit.standard_errors(static_cast<Eigen::Index>(j)));
    return s;
}

void run_section(report::Report& rep, const StudyResult& r) {
    report::Section& s = rep.section("Run and cost");
    const StudyCost& c = r.cost;
    std::ostringstream os;
    os << "Networks per ensemble: " << r.settings.networks << "; estimator: " << (r.settings.conditioned ? "conditioned" : "plain")
       << "; seed " << r.settings.seed << "; " << r.units.size() << " ensembles (units), " << c.networks_total << " networks in all.\n\n"
       << "Estimated before the run: " << report::format_number(r.estimate.neuron_evaluations, 3) << " neuron evaluations, "
       << report::format_number(r.estimate.moment_updates, 3) << " moment updates, about "
       << report::format_number(r.estimate.core_seconds, 3) << " core-seconds.\n\n"
       << "Cost of this invocation: wall " << report::format_number(c.wall_seconds, 4) << " s, sampling "
       << report::format_number(c.sampling_seconds, 4) << " s on " << c.threads << " threads, " << c.networks_sampled
       << " networks sampled ("
       << (c.sampling_seconds > 0 ? report::format_number(static_cast<double>(c.networks_sampled) / c.sampling_seconds, 4) : std::string("-"))
       << " networks/s); " << c.units_reused << " units reused from an earlier run (--resume).\n";
    s.text = os.str();
    report::Table t;
    t.columns = {"unit", "role", "width", "inputs", "networks", "seed"};
    for (const auto& u : r.units)
        t.rows.push_back({u.id, u.role, std::to_string(u.config.net.width), std::to_string(u.config.inputs.count()),
                          std::to_string(u.config.networks), std::to_string(u.config.seed)});
    s.tables.push_back(t);
}

void scaling_section(report::Report& rep, const StudyResult& r) {
    const std::string title = "Width scaling: G4_con ~ N^-1, G6_con ~ N^-2";
    report::Section& s = rep.section(title);
    s.text =
        "A(N) is the projection of the connected table onto the exact table's shape at the smallest width (linear in "
        "the data, hence unbiased; jackknife errors over the 32 groups of networks). Exponents are fitted in linear space "
        "(chi^2 of a N^b with profile-likelihood errors), so insignificant or negative amplitudes at large N do not bias "
        "them. For a single hidden layer, N G4_con and N^2 G6_con are exactly width-independent "
        "(sampler/exact_derivation.md): the exact slopes are -1 and -2 with no 1/N^2 corrections. Verdict: |pull| <= 3 "
        "and slope error <= 0.25.\n\n"
        "Gauss-net caveat: its single-neuron moments of order n are dominated by rare biases b ~ n sigma_b "
        "(E[e^{n b}] = e^{n^2 sigma_b^2 / 2}), so the sampled G6_con (and, less so, G4_con) is heavy-tailed: with 10^5-10^6 "
        "networks the sample mean typically falls below the exact value and the jackknife error underestimates the spread. "
        "A Gauss FAIL here is that estimator limit (compare the per-width pulls), not a failure of the 1/N law, which the "
        "exact amplitudes show.\n";
    report::Table t;
    t.columns = {"net", "G4 slope sampled", "G4 exact", "G6 slope sampled", "G6 exact", "verdict"};
    for (const auto& n : r.nets) {
        std::string detail;
        const bool ok = width_scaling_agrees(n.scaling, detail);
        t.rows.push_back({n.net, report::format_value_error(n.scaling.g4.exponent, n.scaling.g4.exponent_error),
                          report::format_number(n.scaling.g4_exact_slope, 6),
                          report::format_value_error(n.scaling.g6.exponent, n.scaling.g6.exponent_error),
                          report::format_number(n.scaling.g6_exact_slope, 6), ok ? "PASS" : "FAIL"});
    }
    s.tables.push_back(t);
    for (const auto& n : r.nets) {
        s.tables.push_back(width_scaling_table(n.scaling));
        rep.add_plot(title, width_scaling_plot(n.scaling, "g4", "width_g4_" + n.net));
        rep.add_plot(title, width_scaling_plot(n.scaling, "g6", "width_g6_" + n.net));
    }
}

void fits_section(report::Report& rep, const StudyResult& r) {
    const std::string title = "Coupling fits M0-M3 (exact and sampled data)";
    report::Section& s = rep.section(title);
    s.text =
        "Paper settings (docs/physics-setup.md §4.3): train inputs (sqrt2/2) S, test inputs S, all ordered tuples; couplings in the "
        "talk's convention (dS = +lambda int f^4). Exact data: ordinary least squares; sampled data: weights 1/error^2.\n";
    report::Table t;
    t.columns = {"net", "N", "cutoff", "model", "data", "couplings", "train MAPE %", "test MAPE %"};
    for (const auto& n : r.nets) {
        for (const auto* fits : {&n.fits_exact, &n.fits_sampled})
            for (const auto& f : *fits)
                t.rows.push_back({n.net, std::to_string(n.fit.net.width), cutoff_text(n.fit.cutoff), f.name,
                                  fits == &n.fits_exact ? "exact" : "sampled", couplings_text(f),
                                  f.problem.empty() ? report::format_number(f.train.mape, 3) : "-",
                                  f.problem.empty() ? report::format_number(f.test.mape, 3) : "-"});
        for (const auto* fits : {&n.fits_exact, &n.fits_sampled}) {
            const std::string kind = fits == &n.fits_exact ? "exact" : "sampled";
            report::Plot p = fit_residual_plot(*fits, "fit_residuals_" + n.net + "_" + kind,
                                               n.net + ", N = " + std::to_string(n.fit.net.width) + ": relative residuals per test tuple (" + kind + " data)");
            if (!p.series.empty()) rep.add_plot(title, std::move(p));
        }
    }
    s.tables.insert(s.tables.begin(), t);
}

void running_section(report::Report& rep, const StudyResult& r) {
    if (r.running.empty()) return;
    const std::string title = "Running coupling (ReLU N=20) vs the symbolic beta function";
    report::Section& s = rep.section(title);
    s.text = "lambda(Lambda) fitted (M1) to exact G4_con at each of the paper's cutoffs; slope of log|lambda| vs log Lambda over "
             "Lambda >= 100 against beta/lambda = -(d_in + 4) (talk; symbolic/beta).\n";
    report::Table t;
    t.columns = {"d_in", "slope", "beta/lambda", "pull", "cutoffs in slope"};
    for (const auto& sw : r.running) {
        t.rows.push_back({std::to_string(sw.d_in), report::format_value_error(sw.running.slope, sw.running.slope_error),
                          report::format_number(sw.predicted, 6),
                          sw.running.slope_error > 0 ? report::format_number((sw.running.slope - sw.predicted) / sw.running.slope_error, 3) : "-",
                          std::to_string(sw.running.slope_points)});
        rep.add_plot(title, running_plot(sw.running, sw.predicted, "running_relu_d" + std::to_string(sw.d_in),
                                         "ReLU, N = 20, d_{in} = " + std::to_string(sw.d_in)));
    }
    s.tables.push_back(t);
}

nlohmann::json amplitude_json(const eft::Amplitude& a) { return {{"value", a.value}, {"error", a.error}}; }

nlohmann::json power_law_json(const numeric::PowerLawFit& f) {
    return {{"slope", f.exponent}, {"error", f.exponent_error}, {"amplitude", f.amplitude}, {"chi2", f.chi2}, {"dof", f.dof}};
}

}  // namespace

std::vector<StudyUnit> study_units(const StudySettings& st) {
    if (st.nets.empty()) throw Error("no networks selected: use --nets erf,relu,gauss (or a subset)");
    if (st.widths.size() < 3) throw Error("the width scaling needs at least 3 widths (got " + std::to_string(st.widths.size()) + ")");
    for (std::size_t i = 0; i < st.widths.size(); ++i) {
        if (st.widths[i] < 1 || st.widths[i] >= 1'000'000) throw Error("widths must lie in 1 … 999999");
        if (i && st.widths[i] <= st.widths[i - 1]) throw Error("give the widths in increasing order without repeats");
    }
    if (st.networks < 2 * sampler::kGroups * sampler::kBlockSize)
        throw Error("--networks " + std::to_string(st.networks) + " is too small for trustworthy jackknife errors: use at least " +
                    std::to_string(2 * sampler::kGroups * sampler::kBlockSize));
    std::vector<StudyUnit> units;
    for (std::size_t k = 0; k < st.nets.size(); ++k) {
        const std::string& net = st.nets[k];
        if (std::find(kStudyNets.begin(), kStudyNets.end(), net) == kStudyNets.end())
            throw Error("unknown net '" + net + "' for the study: choose from erf, relu, gauss");
        if (std::find(st.nets.begin(), st.nets.begin() + static_cast<std::ptrdiff_t>(k), net) != st.nets.begin() + static_cast<std::ptrdiff_t>(k))
            throw Error("net '" + net + "' is listed twice in --nets");
        const sampler::InputSet paper = nnft::study::input_set("paper:" + net, 1);
        for (std::size_t w : st.widths)
            units.push_back({net + "_N" + std::to_string(w), net, "scaling", unit_config(net, w, paper, st, 0)});
        const eft::FitSettings fit = study::paper_fit_settings(net);
        const std::size_t fw = fit.net.width;
        units.push_back({net + "_N" + std::to_string(fw) + "_train", net, "fit_train", unit_config(net, fw, fit.train, st, 1)});
        const bool test_sampled = fit.test.x == paper.x && std::find(st.widths.begin(), st.widths.end(), fw) != st.widths.end();
        if (!test_sampled)
            units.push_back({net + "_N" + std::to_string(fw) + "_test", net, "fit_test", unit_config(net, fw, fit.test, st, 2)});
    }
    return units;
}

double estimate_core_seconds(const sampler::EnsembleConfig& c) {
    const double n = static_cast<double>(c.networks);
    double slots = 0.0;  // the tuple table's size: tuples of length 1..max_n
    for (int k = 1; k <= c.max_n; ++k)
        slots += sampler::TupleTable::count_tuples(static_cast<double>(c.inputs.count() * c.net.d_out), k);
    const double width = static_cast<double>(c.net.width), inputs = static_cast<double>(c.inputs.count());
    const double layers = 1.0 + static_cast<double>(c.net.depth - 1) * std::min(width, inputs);
    const double plain = n * (width * inputs * layers * kPlainNeuronInput + slots * kPlainSlot);
    if (!c.conditioned)
        return plain;
    // The conditioned estimator by covariance monomials costs 1.5–2.3× a plain network (docs/performance.md
    // #estimators, 2026-12-03); the per-network recursion (where auto would not pick it) the constants above.
    if (sampler::auto_conditioned(c))
        return 2.0 * plain;
    return n * (width * inputs * layers * kConditionedNeuronInput + slots * kConditionedSlot);
}

void check_core_hours(const sampler::EnsembleConfig& c, double max_core_hours) {
    if (!(max_core_hours > 0.0) || !std::isfinite(max_core_hours))
        throw Error("the time limit (--max-core-hours) must be a positive finite number, not " + std::to_string(max_core_hours));
    const double hours = estimate_core_seconds(c) / 3600.0;
    if (hours > max_core_hours)
        throw SizeLimitError("sampling " + report::format_number(static_cast<double>(c.networks), 3) +
                                 " networks would take about " + report::format_number(hours, 3) + " core-hours (limit " +
                                 report::format_number(max_core_hours, 6) +
                                 "): lower --networks, --width or --depth, or raise --max-core-hours",
                             hours);
}

JobEstimate estimate_job(const std::vector<StudyUnit>& units, double max_core_hours) {
    JobEstimate e;
    for (const auto& u : units) {
        const auto& c = u.config;
        if (c.networks > 10'000'000'000ULL)
            throw Error("unit " + u.id + " asks for " + std::to_string(c.networks) + " networks (limit 1e10): lower --networks");
        const double n = static_cast<double>(c.networks);
        const double slots = static_cast<double>(sampler::TupleTable(c.inputs.count() * c.net.d_out, c.max_n).size());
        e.networks += c.networks;
        e.neuron_evaluations += n * static_cast<double>(c.net.width * c.inputs.count());
        e.moment_updates += n * slots;
        e.core_seconds += estimate_core_seconds(c);
    }
    if (e.core_seconds > max_core_hours * 3600.0)
        throw Error("the study would take about " + report::format_number(e.core_seconds / 3600.0, 3) + " core-hours (limit " +
                    report::format_number(max_core_hours, 6) + "): lower --networks, select fewer --nets/--widths, or raise --max-core-hours");
    return e;
}

StudyResult analyse_study(const StudySettings& settings, const std::vector<StudyUnit>& units,
                          const std::vector<sampler::EnsembleState>& states, const ProgressFn& progress) {
    if (units.size() != states.size()) throw InternalError("study: units and states differ in number");
    const std::uint64_t steps = settings.nets.size() + settings.running_d_in.size();
    StudyResult r;
    r.settings = settings;
    r.units = units;
    for (const auto& net : settings.nets) {
        NetStudy ns;
        ns.net = net;
        std::vector<sampler::EnsembleConfig> configs;
        std::vector<sampler::EnsembleState> scaling_states;
        for (std::size_t i = 0; i < units.size(); ++i)
            if (units[i].net == net && units[i].role == "scaling") {
                configs.push_back(units[i].config);
                scaling_states.push_back(states[i]);
            }
        ns.scaling = eft::analyse_width_scaling(configs, scaling_states);
        ns.fit = study::paper_fit_settings(net);
        ns.fits_exact = eft::fit_couplings(ns.fit, eft::exact_g4(ns.fit.net, ns.fit.train), eft::exact_g4(ns.fit.net, ns.fit.test));
        const std::string fw = std::to_string(ns.fit.net.width);
        const sampler::EnsembleState* train_state = nullptr;
        const sampler::EnsembleState* test_state = nullptr;
        const StudyUnit& train = find_unit(units, states, net + "_N" + fw + "_train", train_state);
        bool separate_test = false;
        for (const auto& u : units) separate_test = separate_test || u.id == net + "_N" + fw + "_test";
        const StudyUnit& test = find_unit(units, states, net + "_N" + fw + (separate_test ? "_test" : ""), test_state);
        eft::FitSettings weighted = ns.fit;
        weighted.weighted = true;
        ns.fits_sampled = eft::fit_couplings(weighted, eft::g4_from_correlators(sampler::correlators_from_state(train.config, *train_state)),
                                        eft::g4_from_correlators(sampler::correlators_from_state(test.config, *test_state)));
        r.nets.push_back(std::move(ns));
        report_progress(progress, r.nets.size(), steps, "analysis steps");
    }
    for (int d : settings.running_d_in) {
        RunningSweep sw;
        sw.d_in = d;
        sampler::NetworkSpec net = numeric::default_network(numeric::ActivationKind::relu);
        net.width = 20;
        net.d_in = static_cast<std::size_t>(d);
        sw.running = eft::run_quartic_coupling(net, study::relu_running_inputs(d), study::paper_cutoffs(), 100);
        symbolic::beta_function(symbolic::SymbolicKernel{numeric::ActivationKind::relu, d, 1, 0, true}, 4, symbolic::coupling_symbol("lambda"), sw.predicted);
        r.running.push_back(std::move(sw));
        report_progress(progress, r.nets.size() + r.running.size(), steps, "analysis steps");
    }
    return r;
}

std::vector<StudySection> default_study_sections() { return {run_section, scaling_section, fits_section, running_section}; }

report::Report study_report(const StudyResult& result, const std::vector<StudySection>& sections) {
    report::Report rep("nnft reproduce: the study of arXiv:2008.08601");
    bool all = true;
    for (const auto& n : result.nets) {
        std::string detail;
        all = width_scaling_agrees(n.scaling, detail) && all;
    }
    for (const auto& sw : result.running) all = all && std::abs(sw.running.slope - sw.predicted) <= std::max(3 * sw.running.slope_error, 1e-9);
    rep.set_summary(std::string(all ? "width-scaling slopes and running-coupling slopes agree with the predictions"
                                    : "SOME slopes disagree with the predictions (see the tables)"));
    for (const auto& s : sections) s(rep, result);
    rep.data() = study_json(result);
    return rep;
}

nlohmann::json study_json(const StudyResult& r) {
    nlohmann::json j;
    j["settings"] = {{"nets", r.settings.nets}, {"widths", r.settings.widths}, {"networks", r.settings.networks},
                     {"seed", r.settings.seed}, {"estimator", r.settings.conditioned ? "conditioned" : "plain"},
                     {"running_d_in", r.settings.running_d_in}};
    j["units"] = nlohmann::json::array();
    for (const auto& u : r.units)
        j["units"].push_back({{"id", u.id}, {"role", u.role}, {"config", sampler::config_to_json(u.config)}});
    j["estimate"] = {{"networks", r.estimate.networks}, {"neuron_evaluations", r.estimate.neuron_evaluations},
                     {"moment_updates", r.estimate.moment_updates}, {"core_seconds", r.estimate.core_seconds}};
    j["nets"] = nlohmann::json::array();
    for (const auto& n : r.nets) {
        nlohmann::json jn;
        jn["net"] = n.net;
        nlohmann::json pts = nlohmann::json::array();
        for (const auto& p : n.scaling.points)
            pts.push_back({{"width", p.width}, {"networks", p.networks}, {"g4", amplitude_json(p.g4)}, {"g6", amplitude_json(p.g6)},
                           {"g4_exact", p.g4_exact}, {"g6_exact", p.g6_exact}});
        std::string detail;
        const bool ok = width_scaling_agrees(n.scaling, detail);
        jn["width_scaling"] = {{"points", pts}, {"g4", power_law_json(n.scaling.g4)}, {"g6", power_law_json(n.scaling.g6)},
                               {"g4_exact_slope", n.scaling.g4_exact_slope}, {"g6_exact_slope", n.scaling.g6_exact_slope},
                               {"g4_chi2_vs_exact", n.scaling.g4_chi2_exact}, {"g6_chi2_vs_exact", n.scaling.g6_chi2_exact},
                               {"passed", ok}, {"detail", detail}};
        jn["fit"] = {{"width", n.fit.net.width}, {"cutoff", eft::cutoff_json(n.fit.cutoff)},
                     {"exact", nlohmann::json::array()}, {"sampled", nlohmann::json::array()}};
        for (const auto& f : n.fits_exact) jn["fit"]["exact"].push_back(eft::model_fit_to_json(f));
        for (const auto& f : n.fits_sampled) jn["fit"]["sampled"].push_back(eft::model_fit_to_json(f));
        j["nets"].push_back(jn);
    }
    j["running"] = nlohmann::json::array();
    for (const auto& sw : r.running) {
        nlohmann::json pts = nlohmann::json::array();
        for (const auto& c : sw.running.points) pts.push_back({{"cutoff", c.cutoff}, {"lambda", c.value}, {"error", c.error}});
        j["running"].push_back({{"d_in", sw.d_in}, {"slope", sw.running.slope}, {"slope_error", sw.running.slope_error},
                                {"predicted", sw.predicted}, {"points", pts}});
    }
    j["cost"] = {{"wall_seconds", r.cost.wall_seconds}, {"sampling_seconds", r.cost.sampling_seconds},
                 {"networks_sampled", r.cost.networks_sampled}, {"networks_total", r.cost.networks_total},
                 {"networks_per_second", r.cost.sampling_seconds > 0 ? static_cast<double>(r.cost.networks_sampled) / r.cost.sampling_seconds : 0.0},
                 {"units_reused", r.cost.units_reused}, {"threads", r.cost.threads}};
    return j;
}

}  // namespace nnft::study
