#include "study/fit_request.hpp"

#include "common/error.hpp"
#include "sampler/correlators.hpp"
#include "study/integrate_request.hpp"
#include "study/network_request.hpp"
#include "study/presets.hpp"

#include <cmath>
#include <limits>
#include <sstream>

namespace nnft::study {

namespace {

// The correlators of a data document, checked against the fit's network and inputs.
sampler::Correlators read_correlators(const FitData& data, const eft::FitSettings& st, const sampler::InputSet& inputs) {
    const std::string what = "data file '" + data.name + "'";
    sampler::Correlators correlators = sampler::read_correlator_document(data.document, what);  // checks the shape
    const auto& cfg = data.document["config"];
    const auto want = sampler::network_to_json(st.net, inputs);
    for (const char* key : {"net", "width", "inputs"}) {
        if (!cfg.contains(key))
            throw Error(what + " has no config." + key + ", so it cannot be checked against the fit: give the output "
                               "of nnft sample or nnft exact");
        if (want.contains(key) && cfg[key] != want[key])
            throw Error(what + " was made for " + key + " = " + cfg[key].dump() + " but the fit uses " + want[key].dump() +
                        ": the configurations do not match");
    }
    return correlators;
}

// The fits hold the data and one operator integral per sorted tuple of each input set (G4, and G6 with
// --six-point): about 13 kB and 0.1 CPU-ms per tuple (measured: 8,855 train tuples of 20 inputs, 115 MB, 1.0 CPU-s).
// Refused before any integral when the estimate is above --max-memory-gb.
void check_fit_size(const FitRequest& opt, const eft::FitSettings& st) {
    constexpr double kBytesPerTuple = 13000.0;
    if (!(opt.max_memory_gb > 0.0)) throw Error("--max-memory-gb must be a positive number");
    auto sorted_tuples = [](std::size_t m, int n) {
        double count = 1.0;
        for (int k = 1; k <= n; ++k) count = count * static_cast<double>(m + static_cast<std::size_t>(k) - 1) / k;
        return count;
    };
    double tuples = 0.0;
    for (const auto* set : {&st.train, &st.test}) {
        tuples += sorted_tuples(set->count(), 4);
        if (opt.six_point) tuples += sorted_tuples(set->count(), 6);
    }
    const double gb = tuples * kBytesPerTuple / 1073741824.0;
    if (gb > opt.max_memory_gb) {
        std::ostringstream os;
        os << "the fit over " << st.train.count() << " train and " << st.test.count() << " test inputs has " << tuples
           << " tuples, about " << gb << " GB and " << tuples * 1e-4 << " CPU-s (limit " << opt.max_memory_gb
           << " GB): use fewer inputs (the paper uses 6-10) or raise --max-memory-gb";
        throw SizeLimitError(os.str(), tuples);
    }
}

// The fit settings of the request: the activation's defaults, then the options given.
eft::FitSettings settings(const FitRequest& opt, const numeric::Activation& activation) {
    eft::FitSettings st = fit_settings(activation);
    if (opt.width) st.net.width = opt.width;
    st.net.depth = opt.depth;
    // Parameter laws as `nnft exact` takes them; the vertex kernel is numeric::gp_kernel_spec's (normal laws or
    // a uniform-phase sin/cos net), the exact data nnft exact's.
    apply_law_options(st.net, {opt.weights_law, opt.biases_law, opt.out_weights_law, opt.out_bias_law, "--weight-law"});
    if (!opt.cutoff.empty()) st.cutoff = parse_cutoff(opt.cutoff, "--cutoff");
    if (!opt.train_inputs.empty()) st.train = input_set(opt.train_inputs, 1);
    if (!opt.test_inputs.empty()) st.test = input_set(opt.test_inputs, 1);
    st.models.clear();
    std::stringstream ss(opt.models);
    for (std::string m; std::getline(ss, m, ',');) st.models.push_back(m);
    if (st.models.empty()) throw Error("--models is empty: give one or more of M0,M1,M2,M3");
    if (opt.weights != "none" && opt.weights != "errors") throw Error("--weights must be none or errors");
    st.weighted = opt.weights == "errors";
    st.progress = prefixed(opt.progress, "operator integrals: ");
    check_fit_size(opt, st);
    return st;
}

}  // namespace

eft::FitReport fit(const FitRequest& opt) {
    const numeric::Activation activation = net_or_activation(opt.net, opt.activation);
    const eft::FitSettings st = settings(opt, activation);
    (void)numeric::gp_kernel_spec(st.net);  // refuse a network without a GP kernel before computing its data
    std::vector<double> cutoffs = {st.cutoff};
    if (!opt.ratio_cutoffs.empty()) {
        if (!opt.six_point) throw Error("--ratio-cutoffs needs --six-point");
        cutoffs.clear();
        std::stringstream cs(opt.ratio_cutoffs);
        for (std::string c; std::getline(cs, c, ',');) cutoffs.push_back(parse_cutoff(c, "--ratio-cutoffs"));
    }
    eft::G4Data train, test;
    eft::G6Data train6, test6;
    if (opt.expansion) {
        if (opt.six_point) throw Error("--data expand gives G4_con only (G6_con is O(1/N^2)): drop --six-point");
        if (opt.train_data) throw Error("--data expand computes the data in process: give no data file");
        train = eft::expansion_g4(st.net, st.train, opt.threads, prefixed(opt.progress, "train inputs: "));
        test = eft::expansion_g4(st.net, st.test, opt.threads, prefixed(opt.progress, "test inputs: "));
    } else if (!opt.train_data) {
        train = eft::exact_g4(st.net, st.train, prefixed(opt.progress, "train inputs: "));
        test = eft::exact_g4(st.net, st.test, prefixed(opt.progress, "test inputs: "));
        if (opt.six_point) {
            train6 = eft::exact_g6(st.net, st.train);
            test6 = eft::exact_g6(st.net, st.test);
        }
    } else {
        if (!opt.test_data) throw Error("--data FILE needs --test-data FILE for the test inputs too");
        const sampler::Correlators ctrain = read_correlators(*opt.train_data, st, st.train);
        const sampler::Correlators ctest = read_correlators(*opt.test_data, st, st.test);
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
    report.data = opt.train_data ? opt.train_data->name : opt.expansion ? "expand" : "exact";
    report.models = eft::fit_couplings(st, train, test);
    report.error_caveat = opt.train_data && train.connected.jackknife_groups() == 0;
    if (opt.six_point) report.six_point = eft::six_point_report(st, cutoffs, train, train6, test6);
    return report;
}

}  // namespace nnft::study
