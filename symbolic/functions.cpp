#include "symbolic/functions.hpp"

#include "common/error.hpp"
#include "symbolic/print.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <vector>
#include <memory>
#include <mutex>

namespace nnft::symbolic {

std::string sorted_product_latex(const GiNaC::ex& e) {
    // The factors in canonical_text's order (couplings, propagators and weights by text, vertex integrals).
    std::string out;
    for (const auto& f : ordered_factors(e)) {
        std::ostringstream os;
        os << GiNaC::latex << f;
        out += (out.empty() ? "" : " ") + os.str();
    }
    return out;
}

std::string vertex_measure_latex(const GiNaC::ex& vars) {
    std::string out = "\\int";
    for (std::size_t i = 0; i < vars.nops(); ++i)
        out += " \\mathrm{d}^{d_{\\text{in}}}" + point_index_latex(vars.op(i)) + "\\,";
    return out;
}

namespace {

struct SymbolTable {
    std::mutex mutex;
    std::map<std::string, std::unique_ptr<GiNaC::symbol>> symbols;
    std::map<std::string, std::string> latex_index;
    std::map<std::string, int> external_label;

    const GiNaC::symbol& get(const std::string& key, const std::string& name, const std::string& tex) {
        std::lock_guard<std::mutex> lock(mutex);
        auto it = symbols.find(key);
        if (it == symbols.end())
            it = symbols.emplace(key, std::make_unique<GiNaC::symbol>(name, tex)).first;
        return *it->second;
    }
};

SymbolTable& table() {
    static SymbolTable t;
    return t;
}

void K_print_latex(const GiNaC::ex& a, const GiNaC::ex& b, const GiNaC::print_context& c) {
    c.s << "K_{" << point_index_latex(a) << point_index_latex(b) << "}";
}

void L_print_latex(const GiNaC::ex& a, const GiNaC::print_context& c) { c.s << "L_{" << point_index_latex(a) << "}"; }

void radius_print_latex(const GiNaC::ex& a, const GiNaC::print_context& c) {
    c.s << "|";
    a.print(c);
    c.s << "|";
}

void vertex_integral_print_latex(const GiNaC::ex& body, const GiNaC::ex& vars, const GiNaC::print_context& c) {
    c.s << vertex_measure_latex(vars) << " " << sorted_product_latex(body);
}

void vertex_integral_print_dflt(const GiNaC::ex& body, const GiNaC::ex& vars, const GiNaC::print_context& c) {
    c.s << "Int(";
    body.print(c);
    c.s << ", ";
    vars.print(c);
    c.s << ")";
}

}  // namespace

REGISTER_FUNCTION(K, print_func<GiNaC::print_latex>(K_print_latex))
REGISTER_FUNCTION(L, print_func<GiNaC::print_latex>(L_print_latex))
REGISTER_FUNCTION(radius, print_func<GiNaC::print_latex>(radius_print_latex))
REGISTER_FUNCTION(vertex_integral, print_func<GiNaC::print_latex>(vertex_integral_print_latex)
                                       .print_func<GiNaC::print_dflt>(vertex_integral_print_dflt))

const GiNaC::symbol& external_point(int i) {
    if (i < 1) throw InternalError("external point labels start at 1");
    const std::string name = "x" + std::to_string(i);
    auto& t = table();
    const GiNaC::symbol& s = t.get("p:" + name, name, "x_{" + std::to_string(i) + "}");
    std::lock_guard<std::mutex> lock(t.mutex);
    t.latex_index[name] = std::to_string(i);
    t.external_label[name] = i;
    return s;
}

std::string internal_point_name(int j, int m) {
    static const char* small[] = {"y", "z", "w"};
    return m <= 3 ? std::string(small[j]) : "y" + std::to_string(j + 1);
}

const GiNaC::symbol& internal_point(const std::string& name) {
    const std::string tex = name.size() > 1 ? name.substr(0, 1) + "_{" + name.substr(1) + "}" : name;
    auto& t = table();
    const GiNaC::symbol& s = t.get("p:" + name, name, tex);
    std::lock_guard<std::mutex> lock(t.mutex);
    t.latex_index[name] = tex;
    return s;
}

const GiNaC::symbol& coupling_symbol(const std::string& name) {
    // TeX: Greek names become commands, an underscore or digit suffix a subscript.
    static const char* greek[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
                                  "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon",
                                  "phi", "chi", "psi", "omega"};
    std::string base = name, sub;
    if (const auto us = name.find('_'); us != std::string::npos) {
        base = name.substr(0, us);
        sub = name.substr(us + 1);
    } else {
        std::size_t k = name.size();
        while (k > 0 && std::isdigit(static_cast<unsigned char>(name[k - 1]))) --k;
        if (k > 0 && k < name.size()) {
            base = name.substr(0, k);
            sub = name.substr(k);
        }
    }
    std::string tex = base.size() > 1 ? "\\mathrm{" + base + "}" : base;
    for (const char* g : greek)
        if (base == g) tex = std::string("\\") + g;
    // A word as subscript is a label, set upright (lambda_nl -> \lambda_{\mathrm{nl}}); digits and a single
    // letter stay as they are (lambda0 -> \lambda_{0}, g_a -> g_{a}).
    const auto letters =
        std::count_if(sub.begin(), sub.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)) != 0; });
    if (!sub.empty()) tex += "_{" + (letters > 1 ? "\\mathrm{" + sub + "}" : sub) + "}";
    return table().get("g:" + name, name, tex);
}

std::string point_index_latex(const GiNaC::ex& point) {
    if (!GiNaC::is_a<GiNaC::symbol>(point)) throw InternalError("propagator argument is not a point symbol");
    auto& t = table();
    std::lock_guard<std::mutex> lock(t.mutex);
    const auto it = t.latex_index.find(GiNaC::ex_to<GiNaC::symbol>(point).get_name());
    return it == t.latex_index.end() ? GiNaC::ex_to<GiNaC::symbol>(point).get_name() : it->second;
}

bool is_external_point(const GiNaC::ex& point, int& index) {
    if (!GiNaC::is_a<GiNaC::symbol>(point)) return false;
    auto& t = table();
    std::lock_guard<std::mutex> lock(t.mutex);
    const auto it = t.external_label.find(GiNaC::ex_to<GiNaC::symbol>(point).get_name());
    if (it == t.external_label.end()) return false;
    index = it->second;
    return true;
}

}  // namespace nnft::symbolic
