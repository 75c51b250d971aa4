#include "study/presets.hpp"

#include "common/error.hpp"

#include <cmath>
#include <limits>

namespace nnft::study {

namespace {

sampler::InputSet scaled(const std::vector<double>& values, double factor) {
    sampler::InputSet s;
    s.d_in = 1;
    for (double v : values) s.x.push_back(v * factor);
    return s;
}

}  // namespace

sampler::InputSet paper_inputs(const std::string& which, std::size_t d_in) {
    sampler::InputSet in;
    in.d_in = d_in;
    if (d_in == 1) {
        // i / 500 and i / 5: the doubles nearest the paper's decimals, as when the points are typed ("0.6",
        // not 0.2 · 3 = 0.6000000000000001), so files sampled here match the fits' own input sets. paper:erf and
        // paper:relu are the λ-fit test sets; the public free-theory script uses {±0.2, ±0.6, ±1} instead
        // (docs/physics-setup.md §4.2).
        if (which == "erf")
            for (int i = 1; i <= 6; ++i) in.x.push_back(i / 500.0);
        else if (which == "relu")
            for (int i = 1; i <= 6; ++i) in.x.push_back(i / 5.0);
        else if (which == "gauss")
            in.x = {-0.01, -0.006, -0.002, 0.002, 0.006, 0.01};
        else
            throw Error("unknown input set 'paper:" + which + "': use paper:erf, paper:relu or paper:gauss");
        return in;
    }
    if (d_in == 2) {
        std::vector<double> v;
        if (which == "erf") v = {-1.0, 1.0};
        else if (which == "relu") v = {0.5, 1.0};
        else if (which == "gauss") v = {-0.01, 0.01};
        else throw Error("unknown input set 'paper:" + which + "': use paper:erf, paper:relu or paper:gauss");
        for (double a : v)
            for (double b : v) {
                in.x.push_back(a);
                in.x.push_back(b);
            }
        return in;
    }
    throw Error("built-in input set 'paper:" + which + "' exists for --din 1 and 2 only: give the points explicitly");
}

sampler::InputSet input_set(const std::string& text, std::size_t d_in) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (d_in > 0 && first != std::string::npos && text.compare(first, 6, "paper:") == 0) {
        const std::size_t last = text.find_last_not_of(" \t\r\n");
        return paper_inputs(text.substr(first + 6, last - first - 5), d_in);
    }
    return sampler::parse_inputs(text, d_in);
}

std::vector<std::size_t> paper_widths() { return {2, 3, 4, 5, 10, 20, 50, 100, 500, 1000}; }

std::vector<double> paper_cutoffs() {
    return {7, 10, 15, 20, 30, 40, 50, 70, 100, 200, 500, 1e3, 2e3, 5e3, 7e3, 1e4, 2e4, 4e4, 6e4, 8e4, 1e5};
}

sampler::InputSet relu_running_inputs(int d_in) {
    if (d_in < 1 || d_in > 3) throw Error("the running-coupling inputs exist for d_in = 1, 2, 3 (got " + std::to_string(d_in) + ")");
    const char* inputs = d_in == 1 ? "0.2;0.6;1.0;1.2" : (d_in == 2 ? "0.5,0.5;0.5,1;1,0.5;1,1" : "0.5,0.5,1;1,0.5,0.5;0.5,1,0.5;1,1,1");
    return sampler::parse_inputs(inputs, static_cast<std::size_t>(d_in));
}

eft::FitSettings paper_fit_settings(const std::string& net) {
    eft::FitSettings s;
    s.net = numeric::default_network(sampler::parse_activation(net));
    const std::vector<double> base = {0.2, 0.4, 0.6, 0.8, 1.0, 1.2};
    double factor = 0.01;
    if (net == "erf") {
        s.net.width = 5;
        s.cutoff = 100.0;
    } else if (net == "relu") {
        s.net.width = 20;
        s.cutoff = 100.0;
        factor = 1.0;
    } else if (net == "gauss") {
        s.net.width = 1000;
        s.cutoff = std::numeric_limits<double>::infinity();
    } else {
        throw Error("the paper's fit settings exist for erf, relu and gauss, not '" + net + "'");
    }
    s.test = scaled(base, factor);
    s.train = scaled(base, factor * std::sqrt(2.0) / 2.0);
    return s;
}

eft::FitSettings fit_settings(const numeric::Activation& activation) {
    if (activation.has_closed_form_kernel()) return paper_fit_settings(activation.name());
    eft::FitSettings s = paper_fit_settings("relu");
    s.net = numeric::default_network(activation);
    s.net.width = 20;
    return s;
}

eft::ActionSettings paper_action_settings(const std::string& net) {
    return action_settings(sampler::parse_activation(net));
}

eft::ActionSettings action_settings(const numeric::Activation& activation) {
    const eft::FitSettings f = fit_settings(activation);
    eft::ActionSettings s;
    s.net = f.net;
    s.cutoff = f.cutoff;
    s.fit_train = f.train;
    s.fit_test = f.test;
    return s;
}

sampler::EnsembleConfig paper_erf_ensemble(std::size_t width, std::uint64_t networks, std::uint64_t seed) {
    sampler::EnsembleConfig c;
    c.net = numeric::default_network(numeric::ActivationKind::erf);
    c.net.width = width;
    c.inputs = paper_inputs("erf", 1);
    c.max_n = 6;
    c.seed = seed;
    c.networks = networks;
    return c;
}

}  // namespace nnft::study
