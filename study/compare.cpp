#include "study/compare.hpp"

#include "common/error.hpp"
#include "sampler/correlators.hpp"

#include <boost/math/distributions/chi_squared.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace nnft::study {

namespace {

constexpr double kExactTolerance = 1e-12;

// The input points and output dimension must agree: the tuples index them.
void require_same_points(const nlohmann::json& a, const nlohmann::json& b) {
    for (const char* key : {"inputs", "dout"}) {
        const nlohmann::json& ca = a.at("config");
        const nlohmann::json& cb = b.at("config");
        if (ca.value(key, nlohmann::json()) != cb.value(key, nlohmann::json()))
            throw Error(std::string("the documents differ in config.") + key + " (" + ca.value(key, nlohmann::json()).dump() +
                        " vs " + cb.value(key, nlohmann::json()).dump() +
                        "): their tuples index different points; compare documents made with the same --inputs and --dout");
    }
}

std::vector<std::string> config_differences(const nlohmann::json& a, const nlohmann::json& b) {
    std::vector<std::string> out;
    const nlohmann::json& ca = a.at("config");
    const nlohmann::json& cb = b.at("config");
    if (!ca.is_object() || !cb.is_object()) return out;
    auto text = [](const nlohmann::json& c, const std::string& k) { return c.contains(k) ? c.at(k).dump() : std::string("(absent)"); };
    std::vector<std::string> keys;
    for (const auto& [k, v] : ca.items()) keys.push_back(k);
    for (const auto& [k, v] : cb.items())
        if (!ca.contains(k)) keys.push_back(k);
    for (const std::string& k : keys)
        if (k != "inputs" && text(ca, k) != text(cb, k)) out.push_back(k + ": " + text(ca, k) + " vs " + text(cb, k));
    return out;
}

ComparedEntry compare_entry(const sampler::CorrelatorEntry& x, const sampler::CorrelatorEntry& y) {
    ComparedEntry e;
    e.indices.assign(x.indices.begin(), x.indices.end());
    e.a = x.value;
    e.a_error = x.error;
    e.b = y.value;
    e.b_error = y.error;
    const double sigma = std::hypot(x.error, y.error);
    e.exact = sigma == 0.0;
    if (!e.exact) e.pull = (x.value - y.value) / sigma;
    return e;
}

TableComparison compare_table(const std::string& name, const sampler::Correlators& a, const sampler::Correlators& b) {
    TableComparison t;
    t.table = name;
    const sampler::CorrelatorTable tb = b.table(name);
    for (const sampler::CorrelatorEntry& x : a.at(name)) {
        const sampler::CorrelatorEntry* y = tb.find(x.indices);
        if (!y) {
            ++t.only_a;
            continue;
        }
        ComparedEntry e = compare_entry(x, *y);
        if (e.exact) {
            if (std::abs(e.a - e.b) > kExactTolerance * std::max(std::abs(e.a), std::abs(e.b))) ++t.exact_mismatches;
        } else {
            t.chi2 += e.pull * e.pull;
            ++t.dof;
            t.max_abs_pull = std::max(t.max_abs_pull, std::abs(e.pull));
        }
        t.entries.push_back(std::move(e));
    }
    t.only_b = b.at(name).size() - t.entries.size();
    if (t.dof > 0)
        t.p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(static_cast<double>(t.dof)), t.chi2));
    return t;
}

bool has_table(const sampler::Correlators& c, const std::string& name) {
    return std::any_of(c.tables.begin(), c.tables.end(), [&](const auto& t) { return t.first == name; });
}

// The entries of a table by decreasing |pull| (exact mismatches first), at most `count`.
std::vector<const ComparedEntry*> worst_entries(const TableComparison& t, std::size_t count) {
    std::vector<const ComparedEntry*> order;
    for (const ComparedEntry& e : t.entries) order.push_back(&e);
    auto badness = [](const ComparedEntry* e) {
        if (!e->exact) return std::abs(e->pull);
        const double scale = std::max(std::abs(e->a), std::abs(e->b));
        return std::abs(e->a - e->b) > kExactTolerance * scale ? HUGE_VAL : 0.0;
    };
    std::stable_sort(order.begin(), order.end(), [&](auto* x, auto* y) { return badness(x) > badness(y); });
    if (order.size() > count) order.resize(count);
    return order;
}

std::string tuple_text(const std::vector<std::size_t>& t) {
    std::string s;
    for (std::size_t i = 0; i < t.size(); ++i) s += (i ? "," : "") + std::to_string(t[i]);
    return "(" + s + ")";
}

}  // namespace

Comparison compare_documents(const nlohmann::json& a, const nlohmann::json& b, const std::vector<std::string>& tables) {
    const sampler::Correlators ca = sampler::read_correlator_document(a, "the first document");
    const sampler::Correlators cb = sampler::read_correlator_document(b, "the second document");
    require_same_points(a, b);
    Comparison c;
    c.config_differences = config_differences(a, b);
    for (const std::string& name : tables)
        if (!has_table(ca, name) || !has_table(cb, name))
            throw Error("table '" + name + "' is not in " + (has_table(ca, name) ? "the second" : "the first") +
                        " document: name tables both documents have (e.g. g2, g4_connected; --max-n limits them)");
    for (const auto& [name, entries] : ca.tables) {
        const bool wanted = tables.empty() || std::find(tables.begin(), tables.end(), name) != tables.end();
        if (wanted && has_table(cb, name)) c.tables.push_back(compare_table(name, ca, cb));
    }
    if (c.tables.empty()) throw Error("the documents have no correlator table in common: nothing to compare");
    return c;
}

nlohmann::json comparison_json(const Comparison& c, std::size_t worst) {
    nlohmann::json tables = nlohmann::json::array();
    for (const TableComparison& t : c.tables) {
        nlohmann::json w = nlohmann::json::array();
        for (const ComparedEntry* e : worst_entries(t, worst))
            w.push_back({{"indices", e->indices}, {"a", e->a}, {"a_error", e->a_error}, {"b", e->b}, {"b_error", e->b_error},
                         {"pull", e->exact ? nlohmann::json() : nlohmann::json(e->pull)}});
        tables.push_back({{"table", t.table}, {"compared", t.entries.size()}, {"only_a", t.only_a}, {"only_b", t.only_b},
                          {"chi2", t.chi2}, {"dof", t.dof}, {"p_value", t.p_value}, {"max_abs_pull", t.max_abs_pull},
                          {"exact_mismatches", t.exact_mismatches}, {"worst", w}});
    }
    return {{"tables", tables}, {"config_differences", c.config_differences},
            {"note", "pulls are exact per entry; chi2 and p_value treat the entries as independent (sampled entries "
                     "share networks, so they are indicative)"}};
}

std::string comparison_text(const Comparison& c, std::size_t worst) {
    std::ostringstream os;
    for (const std::string& d : c.config_differences) os << "config differs: " << d << "\n";
    for (const TableComparison& t : c.tables) {
        os << t.table << ": " << t.entries.size() << " entries compared, chi2/dof = " << report::format_number(t.chi2) << "/"
           << t.dof << " (p = " << report::format_number(t.p_value, 3) << "), max |pull| = "
           << report::format_number(t.max_abs_pull, 3);
        if (t.exact_mismatches) os << ", " << t.exact_mismatches << " error-free entries differ";
        if (t.only_a || t.only_b) os << ", " << t.only_a << " only in A, " << t.only_b << " only in B";
        os << "\n";
        for (const ComparedEntry* e : worst_entries(t, worst))
            os << "  " << tuple_text(e->indices) << "  A " << report::format_value_error(e->a, e->a_error) << "  B "
               << report::format_value_error(e->b, e->b_error) << "  pull "
               << (e->exact ? std::string("-") : report::format_number(e->pull, 3)) << "\n";
    }
    return os.str();
}

report::Report comparison_report(const Comparison& c, std::size_t worst, const std::string& a_name, const std::string& b_name) {
    report::Report rep("Comparison of " + a_name + " (A) and " + b_name + " (B)");
    report::Section& s = rep.section("Summary");
    s.text = "Pull = (A − B)/√(σ_A² + σ_B²) per entry; χ² and p treat the entries as independent (sampled entries share "
             "networks, so they are indicative). Configuration keys that differ: " +
             (c.config_differences.empty() ? std::string("none") : std::to_string(c.config_differences.size())) + ".";
    report::Table table;
    table.columns = {"table", "compared", "χ²/dof", "p", "max |pull|", "exact mismatches"};
    for (const TableComparison& t : c.tables)
        table.rows.push_back({t.table, std::to_string(t.entries.size()), report::format_number(t.chi2) + "/" + std::to_string(t.dof),
                              report::format_number(t.p_value, 3), report::format_number(t.max_abs_pull, 3),
                              std::to_string(t.exact_mismatches)});
    s.tables.push_back(table);
    for (const TableComparison& t : c.tables) {
        report::Plot p;
        p.name = "pulls_" + t.table;
        p.title = report::literal(t.table) + ": pulls (A − B)/σ";
        p.xlabel = "entry (A's order)";
        p.ylabel = "pull";
        p.hlines = {-3.0, -2.0, 2.0, 3.0};
        report::Series pulls{"", report::Style::points, {}, {}, {}};
        for (std::size_t i = 0; i < t.entries.size(); ++i) {
            if (t.entries[i].exact) continue;
            pulls.x.push_back(static_cast<double>(i));
            pulls.y.push_back(t.entries[i].pull);
        }
        if (pulls.x.empty()) continue;
        p.series = {pulls};  // dashed reference lines at ±2σ and ±3σ
        rep.add_plot("Pulls", p);
    }
    rep.data() = comparison_json(c, worst);
    return rep;
}

}  // namespace nnft::study
