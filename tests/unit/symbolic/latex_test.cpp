// The LaTeX printer: notation, labels, factor and term order (the text printer's), line breaking that keeps
// the content, the standalone document, option checks, and the width estimate against pdflatex's widths.
#include "common/error.hpp"
#include "symbolic/detail/latex_width.hpp"
#include "symbolic/print.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <limits>
#include <regex>
#include <sstream>

using namespace nnft;
using namespace nnft::symbolic;

namespace {

Correlator make(const std::string& theory, int n, const std::vector<diagrams::CouplingOrders>& orders,
                diagrams::DiagramFilter filter = {}) {
    CorrelatorRequest r;
    r.theory = diagrams::parse_theory(theory);
    r.points = n;
    r.orders = orders;
    r.filter = filter;
    return build_correlator(r);
}

diagrams::DiagramFilter connected() {
    diagrams::DiagramFilter f;
    f.connected = true;
    return f;
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
    return n;
}

/// The propagator and L factors of a text structure, "K(x1,y)" → "K1y", "L(y2)" → "Ly_{2}", in order.
std::vector<std::string> text_factors(const std::string& text) {
    const auto index = [](const std::string& p) {
        if (p[0] == 'x') return p.substr(1);
        return p.size() > 1 ? p.substr(0, 1) + "_{" + p.substr(1) + "}" : p;
    };
    std::vector<std::string> out;
    const std::regex re(R"((K)\((\w+),(\w+)\)|(L)\((\w+)\))");
    for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
        const auto& m = *it;
        out.push_back(m[1].matched ? "K" + index(m[2]) + index(m[3]) : "L" + index(m[5]));
    }
    return out;
}

/// The same factors read back from LaTeX: "K_{1y}" → "K1y", "L_{y_{2}}" → "Ly_{2}".
std::vector<std::string> latex_factors(const std::string& tex) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i + 2 < tex.size(); ++i) {
        if ((tex[i] != 'K' && tex[i] != 'L') || tex.compare(i + 1, 2, "_{") != 0) continue;
        std::size_t j = i + 3;
        for (int depth = 1; depth > 0; ++j) depth += tex[j] == '{' ? 1 : tex[j] == '}' ? -1 : 0;
        out.push_back(tex[i] + tex.substr(i + 3, j - i - 4));
    }
    return out;
}

/// The right-hand side without the layout: no aligned block, no '&', '\\', leads or whitespace.
std::string content(std::string tex) {
    for (const char* layout : {"\\begin{aligned}", "\\end{aligned}", "\\qquad {}\\times ", "\\quad {}", "&", "\\\\"})
        for (auto at = tex.find(layout); at != std::string::npos; at = tex.find(layout))
            tex.erase(at, std::string(layout).size());
    tex.erase(std::remove_if(tex.begin(), tex.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
              tex.end());
    return tex;
}

std::size_t rows(const std::string& tex) { return count(tex, "\\\\\n") + 1; }

}  // namespace

TEST_CASE("LaTeX: the paper's terms with an upright measure and no unit coefficients", "[symbolic][latex]") {
    const Correlator c = make("lambda*f^4 + kappa*f^6", 4, {{{"lambda", 1}}, {{"kappa", 1}}}, connected());
    CHECK(correlator_latex(c) == "G^{(4)}_{\\text{c}} = -24\\lambda \\int \\mathrm{d}^{d_{\\text{in}}}y\\, K_{1y} K_{2y} "
                                 "K_{3y} K_{4y} - 360\\kappa \\int \\mathrm{d}^{d_{\\text{in}}}y\\, K_{1y} K_{2y} K_{3y} "
                                 "K_{4y} L_{y}\n");
    // The Gaussian terms: no "1" in front (issue 14 saw "1K_{12}K_{34}").
    const Correlator free = make("lambda*f^4", 4, {{}});
    CHECK(correlator_latex(free) == "G^{(4)} = K_{12} K_{34} + K_{13} K_{24} + K_{14} K_{23}\n");
    const Correlator full = make("lambda*f^4", 4, {{}, {{"lambda", 1}}});
    CHECK(count(correlator_latex(full, {false, 0}), "1K") == 0);
    // Consecutive measures are separated, "in" is upright; none of the old italic d^{d_{in}} is left.
    const Correlator nl = make("lambda_nl*f(x)^2*f(y)^2", 4, {{{"lambda_nl", 1}}}, connected());
    const std::string tex = correlator_latex(nl);
    CHECK_THAT(tex, Catch::Contains("-8\\lambda_{\\mathrm{nl}} \\int \\mathrm{d}^{d_{\\text{in}}}y\\, \\mathrm{d}^{d_{\\text{in}}}z\\, K_{1y}"));
    CHECK(count(tex, "d_{in}") == 0);
    // Exact rational coefficients print as fractions.
    const Correlator half = make("lambda/2*f^4", 4, {{{"lambda", 1}}}, connected());
    CHECK_THAT(correlator_latex(half), Catch::StartsWith("G^{(4)}_{\\text{c}}\\big|_{\\mathcal{O}(\\lambda)} = -12\\lambda \\int"));
    const Correlator third = make("lambda/36*f^4", 4, {{{"lambda", 1}}}, connected());
    CHECK_THAT(correlator_latex(third), Catch::Contains("-\\frac{2}{3}\\lambda \\int"));
}

TEST_CASE("LaTeX labels: G full, G_c connected, Gamma 1PI, the order of one monomial, the self-energy restriction",
          "[symbolic][latex]") {
    diagrams::DiagramFilter f;
    CHECK(correlator_label_latex(make("lambda*f^4", 4, {{}, {{"lambda", 1}}}, f)) == "G^{(4)}");
    CHECK(correlator_label_latex(make("lambda*f^4", 4, {{{"lambda", 1}}}, f)) == "G^{(4)}\\big|_{\\mathcal{O}(\\lambda)}");
    f.connected = true;
    CHECK(correlator_label_latex(make("lambda*f^4", 4, {{}, {{"lambda", 1}}}, f)) == "G^{(4)}_{\\text{c}}");
    f.one_pi = true;
    const Correlator g = make("lambda*f^4", 6, {{{"lambda", 2}}}, f);
    CHECK(correlator_label_latex(g) == "\\Gamma^{(6)}\\big|_{\\mathcal{O}(\\lambda^{2})}");
    CHECK_THAT(correlator_latex(g), Catch::StartsWith("\\Gamma^{(6)}\\big|_{\\mathcal{O}(\\lambda^{2})} ="));
    f = {};
    f.no_self_energy = true;
    CHECK(correlator_label_latex(make("lambda*f^4 + kappa*f^6", 4, {{{"lambda", 1}}, {{"kappa", 1}}}, f)) ==
          "G^{(4)}\\big|_{\\text{no self-energy}}");
    CHECK(correlator_label_latex(make("lambda*f^4 + kappa*f^6", 4, {{{"lambda", 1}, {"kappa", 1}}}, f)) ==
          "G^{(4)}\\big|_{\\mathcal{O}(\\kappa \\lambda),\\ \\text{no self-energy}}");
    const Correlator none = make("lambda*f^4", 3, {{{"lambda", 1}}}, connected());
    CHECK(correlator_latex(none) == "G^{(3)}_{\\text{c}}\\big|_{\\mathcal{O}(\\lambda)} = 0\n");
}

TEST_CASE("LaTeX brackets each integral of a product, and no lone integral", "[symbolic][latex]") {
    // Full G4 at lambda^2 has disconnected products of two one-vertex integrals (two tadpole-dressed
    // propagators); the connected term at lambda is one integral alone, unbracketed.
    auto count = [](const std::string& s, const std::string& what) {
        std::size_t n = 0;
        for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
        return n;
    };
    const Correlator full = make("lambda*f^4", 4, {{{"lambda", 2}}});
    std::size_t products = 0;
    for (const auto& t : full.terms) {
        const std::string s = term_latex(t);
        if (count(s, "\\int") < 2) continue;
        ++products;
        CHECK(count(s, "\\biggl(\\int") == count(s, "\\int"));  // every integral opens a bracket
        CHECK(count(s, "\\biggr)") == count(s, "\\int"));        // and closes it
    }
    CHECK(products > 0);
    const Correlator first = make("lambda*f^4", 4, {{{"lambda", 1}}}, connected());
    REQUIRE(first.terms.size() == 1);
    CHECK(count(term_latex(first.terms[0]), "\\bigg") == 0);
}

TEST_CASE("LaTeX factors and terms in the text printer's order", "[symbolic][latex]") {
    const Correlator c = make("lambda*f^4 + lambda_nl*f(x)^2*f(y)^2", 4,
                              {{}, {{"lambda", 1}}, {{"lambda", 2}}, {{"lambda_nl", 1}}});
    REQUIRE(c.terms.size() > 40);
    const std::string one_line = content(correlator_latex(c, {false, 0}));
    std::size_t at = 0;
    for (const auto& t : c.terms) {
        const std::string tex = term_latex(t);
        INFO(canonical_text(t.structure) << "\n" << tex);
        CHECK(latex_factors(tex) == text_factors(canonical_text(t.structure)));
        CHECK(latex_factors(tex).size() >= 2);
        // Each term appears after the previous one (sign dropped: it is the operator between terms).
        const std::string body = content(tex[0] == '-' ? tex.substr(1) : tex);
        const auto found = one_line.find(body, at);
        REQUIRE(found != std::string::npos);
        at = found + body.size();
    }
}

TEST_CASE("LaTeX line breaking keeps the content and honours width and terms per line", "[symbolic][latex]") {
    const Correlator c = make("lambda*f^4 + kappa*f^6", 4, {{}, {{"lambda", 1}}, {{"kappa", 1}}, {{"lambda", 2}}});
    const std::string one_line = correlator_latex(c, {false, 0});
    CHECK(rows(one_line) == 1);
    CHECK(count(one_line, "aligned") == 0);
    std::size_t previous = std::numeric_limits<std::size_t>::max();
    for (double width : {150.0, 200.0, 246.0, 345.0, 470.0, 700.0}) {
        const std::string tex = correlator_latex(c, {false, width});
        CHECK(content(tex) == content(one_line));
        CHECK_THAT(tex, Catch::StartsWith("\\begin{aligned}\nG^{(4)} &= "));
        CHECK(rows(tex) <= previous);  // a wider line never needs more rows
        previous = rows(tex);
    }
    CHECK(rows(correlator_latex(c, {false, 150})) > rows(correlator_latex(c, {false, 700})));
    // One term per line: one row per term; three per line: ceil(n / 3) rows (these terms fit any line).
    CHECK(rows(correlator_latex(c, {false, 0, 1})) == c.terms.size());
    const Correlator l1 = make("lambda*f^4", 4, {{{"lambda", 1}}});
    CHECK(rows(correlator_latex(l1, {false, 0, 3})) == (l1.terms.size() + 2) / 3);
    // A grouped sum that spans lines keeps its brackets balanced (\bigl[ … \bigr] may break, \left[ may not).
    const std::string grouped = correlator_latex(make("lambda*f^4", 6, {{{"lambda", 1}}}), {true, 200, 0});
    CHECK(count(grouped, "\\bigl[") == count(grouped, "\\bigr]"));
    CHECK(count(grouped, "\\left") == 0);
    CHECK(rows(grouped) > 1);
}

TEST_CASE("LaTeX --standalone is a complete document with the packages it uses", "[symbolic][latex]") {
    const Correlator c = make("lambda*f^4", 4, {{}, {{"lambda", 1}}});
    LatexOptions o;
    o.standalone = true;
    const std::string doc = correlator_latex(c, o);
    CHECK_THAT(doc, Catch::Contains("\\documentclass{article}\n\\usepackage{amsmath}\n\\allowdisplaybreaks\n"
                                    "\\begin{document}\n\\begin{align*}\nG^{(4)} &= K_{12} K_{34}"));
    CHECK_THAT(doc, Catch::EndsWith("\\end{align*}\n\\end{document}\n"));
    CHECK(count(doc, "geometry") == 0);
    // The rows of align* are those of the fragment's aligned block.
    const auto begin = doc.find("\\begin{align*}\n") + 14, end = doc.find("\\end{align*}");
    CHECK(content(doc.substr(begin, end - begin)) == content(correlator_latex(c)));
    o.width_pt = 470;
    CHECK_THAT(correlator_latex(c, o), Catch::Contains("\\usepackage[textwidth=470pt]{geometry}\n"));
}

TEST_CASE("LaTeX options out of range are refused with the option named", "[symbolic][latex]") {
    const Correlator c = make("lambda*f^4", 4, {{{"lambda", 1}}});
    CHECK_THROWS_WITH(correlator_latex(c, {false, 50}), Catch::Contains("--latex-width") && Catch::Contains("50 pt"));
    CHECK_THROWS_AS(correlator_latex(c, {false, -1}), Error);
    CHECK_THROWS_AS(correlator_latex(c, {false, 1e6}), Error);
    CHECK_THROWS_WITH(correlator_latex(c, {false, 345, -2}), Catch::Contains("--terms-per-line"));
    CHECK_NOTHROW(correlator_latex(c, {false, 100}));
}

TEST_CASE("LaTeX width estimate against pdflatex's widths", "[symbolic][latex]") {
    // Widths measured with \settowidth{\w}{$\displaystyle …$} by pdflatex (TeX Live 2022, Debian 12), in pt.
    const std::vector<std::pair<std::string, double>> measured = {
        {"K_{1y}", 17.286},
        {"\\int K", 20.875},
        {"K_{12} K_{34}", 33.931},
        {"\\Gamma^{(4)}", 16.986},
        {"\\frac{3}{2} \\lambda K_{12}", 30.199},
        {"-12 \\lambda K_{12} \\int \\mathrm{d}^{d_{\\text{in}}}y\\, K_{3y} K_{4y} L_{y}", 123.505},
        {"288 \\lambda^{2} \\int \\mathrm{d}^{d_{\\text{in}}}y\\, \\mathrm{d}^{d_{\\text{in}}}z\\, K_{1y} K_{2z} K_{3y} "
         "K_{4y} K_{yz} L_{z}", 183.068},
        {"-90 \\kappa K_{34} K_{56} \\int \\mathrm{d}^{d_{\\text{in}}}y\\, K_{1y} K_{2y} L_{y}^{2}", 140.398},
        {"-\\sum_{\\text{6 perms}} \\bigl[12 \\lambda K_{12} \\int \\mathrm{d}^{d_{\\text{in}}}y\\, K_{3y} K_{4y} "
         "L_{y}\\bigr]", 161.235}};
    for (const auto& [tex, width] : measured) {
        INFO(tex);
        const double estimate = detail::latex_width_pt(tex);
        CHECK(estimate >= 0.99 * width);  // rarely narrower, so lines filled to the width rarely overflow
        CHECK(estimate <= 1.10 * width);  // and not much wider, so lines are not left half empty
    }
}
