#include "symbolic/print.hpp"

#include "common/error.hpp"
#include "symbolic/functions.hpp"

#include <cctype>
#include <set>
#include <sstream>

namespace nnft::symbolic {

namespace {

/// C++ name of a point symbol: x[i] pointers for externals, the symbol name for internal points.
std::string point_cpp(const GiNaC::ex& p) {
    int label = 0;
    if (is_external_point(p, label)) return "x" + std::to_string(label);
    return GiNaC::ex_to<GiNaC::symbol>(p).get_name();
}

/// C++ expression of a product of K, L and radius factors; `kernel` names the callable used for K and L:
/// "K_EFT" on the lines of a vertex integral, "K" for the free propagators outside (docs/physics-setup.md §2).
std::string body_cpp(const GiNaC::ex& e, const std::string& kernel) {
    if (GiNaC::is_a<GiNaC::mul>(e)) {
        std::string s;
        for (std::size_t i = 0; i < e.nops(); ++i) s += (i ? " * " : "") + body_cpp(e.op(i), kernel);
        return s;
    }
    if (GiNaC::is_a<GiNaC::power>(e)) {
        const GiNaC::ex expo = e.op(1);
        if (!expo.info(GiNaC::info_flags::posint)) throw InternalError("non-integer power in a diagram structure");
        const int k = GiNaC::ex_to<GiNaC::numeric>(expo).to_int();
        const std::string base = body_cpp(e.op(0), kernel);
        std::string s = base;
        for (int i = 1; i < k; ++i) s += " * " + base;
        return s;
    }
    if (is_ex_the_function(e, K)) return kernel + "(" + point_cpp(e.op(0)) + ", " + point_cpp(e.op(1)) + ")";
    if (is_ex_the_function(e, L)) return kernel + "(" + point_cpp(e.op(0)) + ", " + point_cpp(e.op(0)) + ")";
    if (is_ex_the_function(e, radius)) return "radius_(" + point_cpp(e.op(0)) + ", rule.dim)";
    if (e == 1) return "1.0";
    std::ostringstream os;
    os << e;
    throw InternalError("unexpected factor in a diagram structure: " + os.str());
}

/// Statements that add this term's structure value to `out`.
std::string structure_cpp(const GiNaC::ex& structure, const std::string& indent) {
    std::vector<GiNaC::ex> factors;
    if (GiNaC::is_a<GiNaC::mul>(structure))
        for (std::size_t i = 0; i < structure.nops(); ++i) factors.push_back(structure.op(i));
    else
        factors.push_back(structure);
    std::ostringstream os;
    os << indent << "double value = 1.0;\n";
    int block = 0;
    for (const auto& f0 : factors) {
        GiNaC::ex f = f0;
        int power = 1;
        if (GiNaC::is_a<GiNaC::power>(f) && is_ex_the_function(f.op(0), vertex_integral)) {
            power = GiNaC::ex_to<GiNaC::numeric>(f.op(1)).to_int();
            f = f.op(0);
        }
        if (!is_ex_the_function(f, vertex_integral)) {
            os << indent << "value *= " << body_cpp(f, "K") << ";\n";
            continue;
        }
        const GiNaC::ex body = f.op(0), vars = f.op(1);
        const std::string acc = "integral" + std::to_string(block++);
        os << indent << "{\n" << indent << "  double " << acc << " = 0.0;\n";
        std::string in = indent + "  ";
        std::string weight;
        for (std::size_t v = 0; v < vars.nops(); ++v) {
            const std::string name = point_cpp(vars.op(v));
            os << in << "for (std::size_t i_" << name << " = 0; i_" << name << " < rule.size(); ++i_" << name << ") {\n";
            in += "  ";
            os << in << "const double* " << name << " = rule.node(i_" << name << ");\n";
            weight += (weight.empty() ? "" : " * ") + std::string("rule.weights[i_") + name + "]";
        }
        os << in << acc << " += " << weight << " * " << body_cpp(body, "K_EFT") << ";\n";
        for (std::size_t v = 0; v < vars.nops(); ++v) {
            in = in.substr(2);
            os << in << "}\n";
        }
        os << indent << "  value *= " << acc;
        for (int i = 1; i < power; ++i) os << " * " << acc;
        os << ";\n" << indent << "}\n";
    }
    return os.str();
}

std::string double_literal(const GiNaC::ex& rational) {
    const GiNaC::numeric q = GiNaC::ex_to<GiNaC::numeric>(rational);
    std::ostringstream os;
    os << "(" << q.numer() << ".0 / " << q.denom() << ".0)";
    return os.str();
}

}  // namespace

bool is_cpp_namespace(const std::string& name) {
    if (name.empty()) return false;
    std::size_t start = 0;
    while (true) {
        const auto end = name.find("::", start);
        const std::string part = name.substr(start, end - start);
        if (part.empty() || std::isdigit(static_cast<unsigned char>(part[0]))) return false;
        for (char ch : part)
            if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') return false;
        if (end == std::string::npos) return true;
        start = end + 2;
    }
}

std::string correlator_cpp(const Correlator& c, const std::string& ns) {
    if (!is_cpp_namespace(ns))
        throw Error("C++ namespace '" + ns + "' is not a namespace name: use letters, digits and '_', parts joined by '::'");
    std::ostringstream os;
    const auto couplings = c.theory.couplings();
    os << "// Generated by nnft: the " << c.points << "-point function of dS = " << c.theory.str() << "\n"
       << "// (" << c.terms.size() << " terms; couplings without 1/k!, vertex factor -c*g*k!).\n"
       << "#pragma once\n#include <cmath>\n#include <cstddef>\n#include <vector>\n\n"
       << "namespace " << ns << " {\n\n"
       << "/// Number of external points.\ninline constexpr int kPoints = " << c.points << ";\n"
       << "/// Number of terms returned by correlator_terms.\ninline constexpr int kTerms = " << c.terms.size() << ";\n\n"
       << "/// Values of the couplings.\nstruct Couplings {\n";
    for (const auto& g : couplings) os << "    double " << g << " = 0.0;\n";
    os << "};\n\n"
       << "/// A quadrature rule over R^dim (or a box): nodes (size x dim, row-major) and weights.\n"
       << "struct Rule {\n    std::size_t dim = 1;\n    std::vector<double> nodes;\n    std::vector<double> weights;\n"
       << "    std::size_t size() const { return weights.size(); }\n"
       << "    const double* node(std::size_t i) const { return nodes.data() + i * dim; }\n};\n\n"
       << "/// Euclidean norm |y| of a point.\ninline double radius_(const double* y, std::size_t dim) {\n"
       << "    double s = 0.0;\n    for (std::size_t k = 0; k < dim; ++k) s += y[k] * y[k];\n    return std::sqrt(s);\n}\n\n"
       << "/// Each term's value (coefficient included, couplings excluded); x holds the kPoints external\n"
       << "/// points (kPoints x dim, row-major). K and K_EFT are callables double(const double*, const double*):\n"
       << "/// K, the full NNGP kernel, for the free propagators between external points; K_EFT = K - sigma_b^2\n"
       << "/// on every line of a vertex integral (as nnft integrate; pass K twice for its --keep-bias).\n"
       << "/// `rule` integrates over each internal point (R^dim or the cutoff box).\n"
       << "template <class Kernel, class KernelEft>\n"
       << "std::vector<double> correlator_terms(const Kernel& K, const KernelEft& K_EFT, const Rule& rule, const double* x) {\n"
       << "    (void)K;\n    (void)K_EFT;\n    (void)rule;\n    (void)x;\n";
    for (int i = 1; i <= c.points; ++i)
        os << "    const double* x" << i << " = x + " << (i - 1) << " * rule.dim;\n    (void)x" << i << ";\n";
    os << "    std::vector<double> terms(kTerms, 0.0);\n";
    for (std::size_t k = 0; k < c.terms.size(); ++k) {
        const auto& t = c.terms[k];
        std::ostringstream text;
        text << t.coefficient * coupling_monomial(t.couplings) * t.structure;
        os << "    {  // " << text.str() << "\n" << structure_cpp(t.structure, "        ")
           << "        terms[" << k << "] = " << double_literal(t.coefficient) << " * value;\n    }\n";
    }
    os << "    return terms;\n}\n\n"
       << "/// The correlator: the sum of the terms times their coupling monomials.\n"
       << "template <class Kernel, class KernelEft>\n"
       << "double correlator(const Kernel& K, const KernelEft& K_EFT, const Rule& rule, const double* x, const Couplings& g) {\n"
       << "    (void)g;\n    const std::vector<double> t = correlator_terms(K, K_EFT, rule, x);\n    double sum = 0.0;\n";
    for (std::size_t k = 0; k < c.terms.size(); ++k) {
        os << "    sum += t[" << k << "]";
        for (const auto& [name, p] : c.terms[k].couplings)
            for (int i = 0; i < p; ++i) os << " * g." << name;
        os << ";\n";
    }
    os << "    return sum;\n}\n\n}  // namespace " << ns << "\n";
    return os.str();
}

}  // namespace nnft::symbolic
