/// `nnft integrate`: numeric values of a correlator's terms for a network kernel at given inputs.
#include "app/command.hpp"
#include "study/presets.hpp"
#include "app/correlator_options.hpp"
#include "app/sampler_options.hpp"
#include "common/error.hpp"
#include "numeric/tuples.hpp"
#include "numeric/vertex_integral.hpp"
#include "sampler/network.hpp"
#include "symbolic/lower.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <sstream>

namespace nnft::app {

namespace {

struct IntegrateOptions {
    CorrelatorCliOptions correlator;
    std::string net = "erf";
    std::string activation;  // --activation (overrides --net)
    int d_in = 1;
    int depth = 1;
    double sigma_w = 1.0;
    double sigma_b = std::nan("");  // default depends on the net
    bool keep_bias = false;
    std::string cutoff = "inf";
    std::string inputs;
    std::string tuples = "sorted";
    std::string method = "gauss_legendre";
    std::string check_method = "adaptive";
    double rel_tol = 1e-10;
    double max_evaluations = 1e8;
    std::string grid = "auto";
    double qmc_rel_tol = 1e-3;
    bool json = false;
};

double parse_cutoff(const std::string& text) {
    if (text == "inf" || text == "infinity") return numeric::kInfiniteCutoff;
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v) && v > 0) return v;
    } catch (const std::exception&) {
    }
    throw Error("--cutoff must be a positive number or 'inf', not '" + text + "'");
}

std::vector<numeric::Tuple> parse_tuples(const std::string& text, int inputs, int points) {
    if (text == "sorted") return numeric::sorted_tuples(inputs, points);
    if (text == "all") {
        if (std::pow(inputs, points) > 1e7)
            throw Error("--tuples all would give " + std::to_string(std::pow(inputs, points)) + " tuples; use sorted or a list");
        return numeric::all_tuples(inputs, points);
    }
    std::vector<numeric::Tuple> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ';')) {
        numeric::Tuple t;
        std::stringstream is(item);
        std::string idx;
        while (std::getline(is, idx, ',')) {
            try {
                std::size_t used = 0;
                const int v = std::stoi(idx, &used);
                if (used != idx.size()) throw std::invalid_argument(idx);
                t.push_back(v);
            } catch (const std::exception&) {
                throw Error("cannot read tuple '" + item + "': write comma-separated input indices, e.g. '0,1,2,3;0,0,1,1'");
            }
        }
        if (static_cast<int>(t.size()) != points)
            throw Error("tuple '" + item + "' has " + std::to_string(t.size()) + " indices; the correlator has " +
                        std::to_string(points) + " points");
        for (int v : t)
            if (v < 0 || v >= inputs)
                throw Error("tuple index " + std::to_string(v) + " is outside 0.." + std::to_string(inputs - 1));
        out.push_back(t);
    }
    if (out.empty()) throw Error("--tuples is empty: use sorted, all or a list like '0,1,2,3'");
    return out;
}

nlohmann::json value_json(const symbolic::LoweredValue& v) {
    nlohmann::json j{{"value", v.value}, {"error", v.error}, {"status", numeric::to_string(v.status)}};
    if (!v.reason.empty()) j["reason"] = v.reason;
    return j;
}

// After the document is written: exit code 4 when a term could not be computed (diverged, not converged),
// so that scripts notice a missing number.
void exit_if_incomplete(const symbolic::LoweredCorrelator& lc) {
    for (const auto& t : lc.tuples)
        for (const auto& v : t.terms)
            if (v.status != numeric::Status::ok) {
                std::cerr << "nnft integrate: a term has status '" << numeric::to_string(v.status)
                          << "' (see its \"reason\"): exit code " << kExitIncomplete << "\n";
                throw CommandExit{kExitIncomplete};
            }
}

// The lowering options of the command line, validated (throws nnft::Error naming the option).
symbolic::LoweringOptions lowering_options(const IntegrateOptions& opt) {
    symbolic::LoweringOptions lo;
    lo.kernel.activation = net_or_activation(opt.net, opt.activation);
    lo.kernel.d_in = opt.d_in;
    lo.kernel.depth = opt.depth;
    lo.kernel.sigma_w = opt.sigma_w;
    lo.kernel.sigma_b = std::isnan(opt.sigma_b) ? numeric::default_network(lo.kernel.activation).biases.sd() : opt.sigma_b;
    numeric::validate(lo.kernel);
    lo.keep_bias = opt.keep_bias;
    lo.cutoff = parse_cutoff(opt.cutoff);
    lo.integrator.method = numeric::parse_method(opt.method);
    lo.check_method = numeric::parse_method(opt.check_method);
    if (lo.check_method == lo.integrator.method) throw Error("--check-method must differ from --method");
    if (!(opt.rel_tol > 0 && opt.rel_tol < 1)) throw Error("--rel-tol must lie in (0, 1)");
    lo.integrator.rel_tol = opt.rel_tol;
    if (!(opt.max_evaluations >= 1e3 && opt.max_evaluations <= 1e12))
        throw Error("--max-evaluations must lie between 1e3 and 1e12");
    lo.integrator.max_evaluations = static_cast<long long>(opt.max_evaluations);
    lo.grid = symbolic::parse_grid_choice(opt.grid);
    if (!(opt.qmc_rel_tol > 0 && opt.qmc_rel_tol < 1)) throw Error("--qmc-rel-tol must lie in (0, 1)");
    lo.qmc_rel_tol = opt.qmc_rel_tol;
    return lo;
}

void run_integrate(const IntegrateOptions& opt) {
    const symbolic::LoweringOptions lo = lowering_options(opt);
    if (opt.inputs.empty()) throw Error("--inputs is required, e.g. --inputs '0.2;0.4;0.6' or --inputs paper:relu");
    const sampler::InputSet in = study::input_set(opt.inputs, static_cast<std::size_t>(opt.d_in));
    const numeric::PointSet points = sampler::to_point_set(in);
    const symbolic::Correlator c = symbolic::build_correlator(make_request(opt.correlator));
    const auto tuples = parse_tuples(opt.tuples, static_cast<int>(points.size()), c.points);
    const symbolic::LoweredCorrelator lc = symbolic::evaluate_correlator(c, points, tuples, lo);

    nlohmann::json doc;
    doc["theory"] = c.theory.str();
    doc["points"] = c.points;
    const std::string net = lo.kernel.activation.name();
    doc["kernel"] = {{"net", net}, {"d_in", opt.d_in}, {"sigma_w", lo.kernel.sigma_w}, {"sigma_b", lo.kernel.sigma_b},
                     {"vertex_kernel", opt.keep_bias ? "K" : "K_EFT"}};
    if (!numeric::has_closed_form(lo.kernel)) {  // the quadrature kernel and its error
        doc["kernel"]["method"] = "hermite_quadrature";
        doc["kernel"]["relative_error"] = lc.kernel_relative_error;
    }
    if (opt.depth > 1) doc["kernel"]["depth"] = opt.depth;
    doc["cutoff"] = std::isinf(lo.cutoff) ? nlohmann::json("inf") : nlohmann::json(lo.cutoff);
    doc["rules"] = {numeric::to_string(lo.integrator.method), numeric::to_string(lo.check_method)};
    doc["grid"] = symbolic::uses_lattice_grids(lo) ? "qmc" : "tensor";
    doc["evaluations"] = lc.evaluations;
    nlohmann::json list = nlohmann::json::array();
    std::ostringstream text;
    text.precision(12);
    text << "# " << c.terms.size() << " terms of G" << c.points << " for dS = " << c.theory.str() << ", " << net
         << (opt.depth > 1 ? " depth-" + std::to_string(opt.depth) : std::string()) << " kernel, cutoff " << opt.cutoff << "; values exclude the couplings\n";
    for (const auto& t : lc.tuples) {
        nlohmann::json tj;
        tj["indices"] = t.indices;
        nlohmann::json terms = nlohmann::json::array();
        for (std::size_t k = 0; k < c.terms.size(); ++k) {
            std::ostringstream coef;
            coef << c.terms[k].coefficient;
            nlohmann::json term = value_json(t.terms[k]);
            term["coefficient"] = coef.str();
            term["couplings"] = c.terms[k].couplings;
            terms.push_back(term);
        }
        tj["terms"] = terms;
        nlohmann::json by = nlohmann::json::array();
        text << "tuple";
        for (int i : t.indices) text << " " << i;
        text << ":";
        for (const auto& [couplings, v] : symbolic::values_by_coupling(c, t)) {
            nlohmann::json b = value_json(v);
            b["couplings"] = couplings;
            by.push_back(b);
            std::ostringstream mono;
            for (const auto& [g, p] : couplings) mono << g << (p > 1 ? "^" + std::to_string(p) : "") << " ";
            text << "  [" << (couplings.empty() ? std::string("1 ") : mono.str()) << "] " << v.value << " +- " << v.error
                 << (v.status == numeric::Status::ok ? "" : " (" + numeric::to_string(v.status) + ": " + v.reason + ")");
        }
        text << "\n";
        tj["by_coupling"] = by;
        list.push_back(tj);
    }
    doc["tuples"] = list;
    write_output(opt.correlator.out, opt.json ? doc.dump(2) + "\n" : text.str());
    exit_if_incomplete(lc);
}

}  // namespace

void setup_integrate(CLI::App& app) {
    auto opt = std::make_shared<IntegrateOptions>();
    auto* sub = app.add_subcommand("integrate", "Numeric values of a correlator's terms for a network kernel");
    add_correlator_selection(sub, opt->correlator);
    auto* net = sub->add_option("--net", opt->net, "Kernel: erf, relu, gauss (closed forms) or tanh")->capture_default_str();
    add_activation_option(sub, opt->activation, net);
    sub->add_option("--din", opt->d_in, "Input dimension d_in")->capture_default_str();
    sub->add_option("--depth", opt->depth, "Hidden layers L of the NNGP kernel (not gauss)")
        ->capture_default_str();
    sub->add_option("--sigma-w", opt->sigma_w, "Weight scale sigma_W")->capture_default_str();
    sub->add_option("--sigma-b", opt->sigma_b, "Bias scale sigma_b (default 1, ReLU 0)");
    sub->add_flag("--keep-bias", opt->keep_bias, "Vertex lines use K instead of K_EFT = K - sigma_b^2");
    sub->add_option("--cutoff", opt->cutoff, "Box half-width Lambda, or inf for R^d_in")->capture_default_str();
    sub->add_option("--inputs", opt->inputs, "Input points 'x1;x2;...' (each a comma-separated d_in-vector) or paper:erf|relu|gauss");
    sub->add_option("--tuples", opt->tuples, "sorted (non-decreasing), all, or a list '0,1,2,3;0,0,1,1'")->capture_default_str();
    sub->add_option("--method", opt->method, "First rule: gauss_legendre, adaptive or lattice_qmc")->capture_default_str();
    sub->add_option("--check-method", opt->check_method, "Second, independent rule")->capture_default_str();
    sub->add_option("--rel-tol", opt->rel_tol, "Relative tolerance")->capture_default_str();
    sub->add_option("--max-evaluations", opt->max_evaluations, "Integrand-evaluation budget per integral batch")->capture_default_str();
    sub->add_option("--grid", opt->grid,
                    "Internal-point grids of two-/multi-vertex pieces: auto (tensor for d_in <= 2, qmc above), tensor or qmc "
                    "(shifted rank-1 lattices, error = standard error over shifts, confirmed by a second lattice family)")
        ->capture_default_str();
    sub->add_option("--qmc-rel-tol", opt->qmc_rel_tol, "Relative tolerance of the QMC lattice ladders (at least --rel-tol)")
        ->capture_default_str();
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->correlator.out, "Write the result to this file (atomically)");
    sub->callback([opt] {
        check_output_path(opt->correlator.out);
        run_integrate(*opt);
    });
}

}  // namespace nnft::app
