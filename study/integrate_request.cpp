#include "study/integrate_request.hpp"
#include "eft/json_cutoff.hpp"

#include "common/error.hpp"
#include "numeric/tuples.hpp"
#include "numeric/vertex_integral.hpp"
#include "study/presets.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace nnft::study {

namespace {

nlohmann::json value_json(const symbolic::LoweredValue& v) {
    nlohmann::json j{{"value", v.value}, {"error", v.error}, {"status", numeric::to_string(v.status)}};
    if (!v.reason.empty()) j["reason"] = v.reason;
    return j;
}

// The document's header: theory, points, kernel, cutoff, rules, grid, evaluations.
nlohmann::json document_header(const IntegrateRequest& r, const symbolic::LoweringOptions& lo, const IntegrateResult& res) {
    nlohmann::json doc;
    doc["theory"] = res.correlator.theory.str();
    doc["points"] = res.correlator.points;
    doc["kernel"] = {{"net", lo.kernel.activation.name()}, {"d_in", r.kernel.d_in}, {"sigma_w", lo.kernel.sigma_w},
                     {"sigma_b", lo.kernel.sigma_b}, {"vertex_kernel", r.keep_bias ? "K" : "K_EFT"}};
    if (!numeric::has_closed_form(lo.kernel)) {  // the quadrature kernel and its error
        doc["kernel"]["method"] = lo.kernel.first_layer ? "parameter_quadrature" : "hermite_quadrature";
        doc["kernel"]["relative_error"] = res.values.kernel_relative_error;
    }
    if (const auto s = lo.kernel.activation.kink_slopes(); s && lo.kernel.activation.kind() != numeric::ActivationKind::relu) {
        doc["kernel"]["form"] = "piecewise_linear";  // σ = q u + (p − q) relu(u): the arc-cosine closed form
        doc["kernel"]["slopes"] = {s->positive, s->negative};
    }
    if (r.kernel.depth > 1) doc["kernel"]["depth"] = r.kernel.depth;
    if (lo.kernel.phase_amplitude) {  // uniform-phase sin/cos: K = σ_b² + a exp(−σ_W²|x−y|²/(2 d_in))
        doc["kernel"]["form"] = "uniform_phase";
        doc["kernel"]["amplitude"] = *lo.kernel.phase_amplitude;
    }
    if (lo.kernel.first_layer)  // general first-layer laws: K over them (numeric/law_kernel.hpp)
        doc["kernel"]["first_layer_laws"] = {{"weights", lo.kernel.first_layer->weights.text()},
                                             {"biases", lo.kernel.first_layer->biases.text()}};
    if (lo.kernel.output) {  // output laws other than the hidden layers': K = C_b + C_W E[σσ]
        doc["kernel"]["output_weight_variance"] = lo.kernel.output->weights;
        doc["kernel"]["output_bias_variance"] = lo.kernel.output->bias;
    }
    doc["cutoff"] = eft::cutoff_json(lo.cutoff);
    doc["rules"] = {numeric::to_string(lo.integrator.method), numeric::to_string(lo.check_method)};
    doc["grid"] = symbolic::uses_lattice_grids(lo) ? "qmc" : "tensor";
    doc["evaluations"] = res.values.evaluations;
    return doc;
}

// One tuple's JSON entry (terms and values by coupling), appending its text line to `text`.
nlohmann::json tuple_json(const symbolic::Correlator& c, const symbolic::LoweredTuple& t, std::ostringstream& text) {
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
    return tj;
}

}  // namespace

double parse_cutoff(const std::string& text, const std::string& option) {
    if (text == "inf" || text == "infinity") return numeric::kInfiniteCutoff;
    double v = -1.0;
    try {
        std::size_t used = 0;
        v = std::stod(text, &used);
        if (used != text.size()) v = -1.0;
    } catch (const std::exception&) {
    }
    if (std::isfinite(v) && v > kMaxFiniteCutoff) {
        std::ostringstream os;
        os << option << " " << text << " is above the largest finite cutoff " << kMaxFiniteCutoff
           << ": give 'inf' for the whole line";
        throw Error(os.str());
    }
    if (std::isfinite(v) && v > 0) return v;
    throw Error(option + " must be a positive number or 'inf', not '" + text + "'");
}

namespace {

// The tuples a --tuples text selects, counted without listing them: C(m+n−1, n) sorted, mⁿ all, or the list's.
double tuple_count(const std::string& text, int inputs, int points) {
    if (text == "all") return std::pow(inputs, points);
    if (text != "sorted") return static_cast<double>(std::count(text.begin(), text.end(), ';') + 1);
    double count = 1.0;
    for (int k = 1; k <= points; ++k) count = count * (inputs + k - 1) / k;
    return count;
}

// Every tuple × (term + coupling monomial) value is held in the document (about 1.5 kB each as measured: 600 MB for
// 40,920 tuples of 10 terms and one monomial): refused before any tuple is listed or integrated.
void check_document_size(const IntegrateRequest& r, int inputs, const symbolic::Correlator& c) {
    constexpr double kBytesPerValue = 1500.0;
    std::set<std::map<std::string, int>> monomials;
    for (const auto& t : c.terms) monomials.insert(t.couplings);
    const double tuples = tuple_count(r.tuples, inputs, c.points);
    const double bytes = tuples * static_cast<double>(c.terms.size() + monomials.size()) * kBytesPerValue;
    if (!(r.max_memory_gb > 0.0)) throw Error("--max-memory-gb must be a positive number");
    if (bytes > r.max_memory_gb * 1073741824.0) {
        std::ostringstream os;
        os << "the integrate document for " << tuples << " tuples x " << c.terms.size() << " terms needs about "
           << bytes / 1073741824.0 << " GB (limit " << r.max_memory_gb
           << " GB): select tuples with --tuples '0,1,2,3;...', use fewer inputs, or raise --max-memory-gb";
        throw SizeLimitError(os.str(), bytes);
    }
}

}  // namespace

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

symbolic::LoweringOptions lowering_options(const IntegrateRequest& r) {
    symbolic::LoweringOptions lo;
    lo.kernel = kernel_spec(r.kernel);
    lo.keep_bias = r.keep_bias;
    lo.cutoff = parse_cutoff(r.cutoff);
    lo.integrator.method = numeric::parse_method(r.method);
    lo.check_method = numeric::parse_method(r.check_method);
    if (lo.check_method == lo.integrator.method) throw Error("--check-method must differ from --method");
    if (!(r.rel_tol > 0 && r.rel_tol < 1)) throw Error("--rel-tol must lie in (0, 1)");
    lo.integrator.rel_tol = r.rel_tol;
    if (!(r.max_evaluations >= 1e3 && r.max_evaluations <= 1e12))
        throw Error("--max-evaluations must lie between 1e3 and 1e12");
    lo.integrator.max_evaluations = static_cast<long long>(r.max_evaluations);
    lo.grid = symbolic::parse_grid_choice(r.grid);
    if (!(r.qmc_rel_tol > 0 && r.qmc_rel_tol < 1)) throw Error("--qmc-rel-tol must lie in (0, 1)");
    lo.qmc_rel_tol = r.qmc_rel_tol;
    if (!(r.max_seconds > 0.0))
        throw Error("--max-seconds must be a positive number of seconds (inf: no limit)");
    lo.max_seconds = r.max_seconds;
    lo.on_estimate = r.on_estimate;
    lo.progress = r.progress;
    return lo;
}

IntegrateResult integrate(const IntegrateRequest& r) {
    const symbolic::LoweringOptions lo = lowering_options(r);
    sampler::InputSet in = r.input_points;
    if (in.x.empty()) {
        if (r.inputs.empty()) throw Error("--inputs is required, e.g. --inputs '0.2;0.4;0.6' or --inputs paper:relu");
        in = input_set(r.inputs, static_cast<std::size_t>(r.kernel.d_in));
    } else if (in.d_in != static_cast<std::size_t>(r.kernel.d_in)) {
        throw Error("the inputs have " + std::to_string(in.d_in) + " coordinates but --din is " + std::to_string(r.kernel.d_in));
    }
    const numeric::PointSet points = sampler::to_point_set(in);
    IntegrateResult res;
    symbolic::CorrelatorRequest request = symbolic::make_request(r.correlator);
    request.progress = r.progress;
    res.correlator = symbolic::build_correlator(request);
    const symbolic::Correlator& c = res.correlator;
    check_document_size(r, static_cast<int>(points.size()), c);
    const auto tuples = parse_tuples(r.tuples, static_cast<int>(points.size()), c.points);
    res.values = symbolic::evaluate_correlator(c, points, tuples, lo);
    res.document = document_header(r, lo, res);
    std::ostringstream text;
    text.precision(12);
    text << "# " << c.terms.size() << " terms of G" << c.points << " for dS = " << c.theory.str() << ", "
         << lo.kernel.activation.name() << (r.kernel.depth > 1 ? " depth-" + std::to_string(r.kernel.depth) : std::string())
         << " kernel, cutoff " << r.cutoff << "; values exclude the couplings\n";
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : res.values.tuples) {
        list.push_back(tuple_json(c, t, text));
        for (const auto& v : t.terms)
            if (v.status != numeric::Status::ok) res.complete = false;
    }
    res.document["tuples"] = list;
    res.text = text.str();
    return res;
}

}  // namespace nnft::study
