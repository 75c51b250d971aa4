// Diagram pictures (issue 14 item 3): every printer draws exactly the class's points and lines (counted against the
// diagram, not hard-coded), labels x1..xn and every vertex, captions the coefficient; the layout is deterministic,
// keeps points apart and off lines that do not end at them.
#include "symbolic/correlator_selection.hpp"
#include "symbolic/diagram_layout.hpp"
#include "symbolic/diagram_picture.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace nnft;
using namespace nnft::symbolic;

namespace {

/// The correlator of a selection as `nnft diagrams` makes it (symbolic::make_request).
Correlator build(const std::string& theory, int n, const std::string& order, bool connected) {
    CorrelatorSelection s;
    s.theory = theory;
    s.points = n;
    s.order = order;
    s.connected = connected;
    return build_correlator(make_request(s));
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t k = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++k;
    return k;
}

int propagators(const diagrams::Diagram& d) {
    int k = 0;
    for (const auto& e : d.edges) k += e.multiplicity;
    return k;
}

/// Points of non-local vertices in slot 1: one bond each.
int bond_count(const diagrams::Diagram& d) {
    int k = 0;
    for (const auto& p : d.points) k += !p.external() && p.slot == 1;
    return k;
}

/// The requests of the issue: connected λ G4, full G4 at λ (tadpoles), λ² G4 (multi-edges), κ f^6, non-local,
/// position-weighted.
const char* const kCases[][4] = {{"lambda*f^4", "4", "lambda=1", "1"},  {"lambda*f^4", "4", "lambda=1", "0"},
                                 {"lambda*f^4", "4", "lambda=2", "1"},  {"kappa*f^6", "2", "kappa=2", "1"},
                                 {"lambda_nl*f(x)^2*f(y)^2", "4", "lambda_nl=1", "0"},
                                 {"lambda2*x^2*f^4", "2", "lambda2=2", "1"}};

double distance_to_segment(Vec2 q, Vec2 a, Vec2 b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double t = std::clamp(((q.x - a.x) * dx + (q.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
    return std::hypot(q.x - a.x - t * dx, q.y - a.y - t * dy);
}

}  // namespace

TEST_CASE("SVG, TikZ and Graphviz pictures draw every point and line of the class", "[pictures]") {
    for (const auto& c : kCases) {
        const Correlator corr = build(c[0], std::stoi(c[1]), c[2], c[3][0] == '1');
        REQUIRE(!corr.terms.empty());
        for (const auto& t : corr.terms) {
            INFO(c[0] << " " << c[2] << ": " << diagram_caption_text(t));
            const auto& d = t.diagram;
            const int internal = d.internal_point_count(), lines = propagators(d), bonds = bond_count(d);
            const std::string svg = diagram_svg(t, corr.theory, "#1");
            CHECK(count(svg, "class=\"line\"") == static_cast<std::size_t>(lines));
            CHECK(count(svg, "class=\"bond\"") == static_cast<std::size_t>(bonds));
            CHECK(count(svg, "class=\"vertex\"") == static_cast<std::size_t>(internal));
            CHECK(count(svg, "class=\"external\"") == static_cast<std::size_t>(d.n_external));
            for (int k = 1; k <= d.n_external; ++k)
                CHECK(count(svg, ">x<tspan baseline-shift=\"sub\" font-size=\"70%\">" + std::to_string(k) + "<") == 1);
            CHECK(count(svg, "multiplicity " + d.multiplicity.str() + ", S = " + d.symmetry_factor.str()) == 1);
            const std::string dot = diagram_dot(t, corr.theory, "g", "#1");
            CHECK(count(dot, " -- ") == static_cast<std::size_t>(lines + bonds));
            CHECK(count(dot, "[style=dashed") == static_cast<std::size_t>(bonds));
            CHECK(count(dot, "style=filled") == static_cast<std::size_t>(internal));
            CHECK(count(dot, "xlabel=<<I>x</I><SUB>") == static_cast<std::size_t>(d.n_external));
            const std::string tikz = diagram_tikz(t, corr.theory, "#1");
            CHECK(count(tikz, "\\draw") == static_cast<std::size_t>(lines + bonds));
            CHECK(count(tikz, "\\draw[dashed") == static_cast<std::size_t>(bonds));
            CHECK(count(tikz, "{$x_{") == static_cast<std::size_t>(d.n_external));
            CHECK(count(tikz, "\\filldraw[fill=white]") == static_cast<std::size_t>(d.n_external));
        }
    }
}

TEST_CASE("Captions carry the exact coefficient and couplings", "[pictures]") {
    const Correlator cross = build("lambda*f^4", 4, "lambda=1", true);
    REQUIRE(cross.terms.size() == 1);
    CHECK(diagram_caption_text(cross.terms[0]) == "−24 λ; multiplicity 24, S = 1");
    CHECK(diagram_tikz(cross.terms[0], cross.theory).find("$-24\\,\\lambda$") != std::string::npos);
    const Correlator nl = build("lambda_nl*f(x)^2*f(y)^2", 4, "lambda_nl=1", true);
    for (const auto& t : nl.terms) {
        CHECK(diagram_svg(t, nl.theory).find("λ<tspan baseline-shift=\"sub\" font-size=\"70%\">nl</tspan>") != std::string::npos);
        CHECK(diagram_tikz(t, nl.theory).find("\\lambda_{\\mathrm{nl}}") != std::string::npos);
    }
    const Correlator weighted = build("lambda2*x^2*f^4", 2, "lambda2=1", true);
    REQUIRE(!weighted.terms.empty());
    CHECK(diagram_svg(weighted.terms[0], weighted.theory).find("<rect class=\"vertex\"") != std::string::npos);
}

TEST_CASE("The layout is deterministic and keeps points apart and off foreign lines", "[pictures]") {
    for (const auto& c : kCases) {
        const Correlator corr = build(c[0], std::stoi(c[1]), c[2], c[3][0] == '1');
        for (const auto& t : corr.terms) {
            INFO(c[0] << " " << c[2] << ": " << diagram_caption_text(t));
            const DiagramLayout a = layout_diagram(t.diagram, corr.theory);
            const DiagramLayout b = layout_diagram(t.diagram, corr.theory);
            REQUIRE(a.points.size() == t.diagram.points.size());
            CHECK(a.vertex_labels.size() == static_cast<std::size_t>(t.diagram.vertex_count()));
            CHECK(a.external_labels.size() == static_cast<std::size_t>(t.diagram.n_external));
            for (std::size_t i = 0; i < a.points.size(); ++i) {
                CHECK(a.points[i].x == b.points[i].x);
                CHECK(a.points[i].y == b.points[i].y);
                CHECK(std::isfinite(a.points[i].x));
                CHECK(a.points[i].x >= a.low.x);
                CHECK(a.points[i].y <= a.high.y);
                for (std::size_t j = 0; j < i; ++j)
                    CHECK(std::hypot(a.points[i].x - a.points[j].x, a.points[i].y - a.points[j].y) > 0.3);
            }
            // No internal point on a straight line (a single propagator) that does not end at it.
            for (const auto& l : a.lines) {
                if (l.a == l.b) continue;
                for (int i = t.diagram.n_external; i < static_cast<int>(a.points.size()); ++i)
                    if (i != l.a && i != l.b) CHECK(distance_to_segment(a.points[i], l.from, l.to) > 0.15);
            }
        }
    }
}

TEST_CASE("Documents and gallery pages list every class", "[pictures]") {
    const Correlator corr = build("lambda*f^4", 4, "lambda=2", true);
    const std::size_t n = corr.terms.size();
    REQUIRE(n > 1);
    CHECK(count(diagrams_picture_document(corr.terms, corr.theory, 4, PictureFormat::svg), "<g class=\"diagram\"") == n);
    CHECK(count(diagrams_picture_document(corr.terms, corr.theory, 4, PictureFormat::tikz), "\\begin{tikzpicture}") == n);
    CHECK(count(diagrams_picture_document(corr.terms, corr.theory, 4, PictureFormat::dot), "graph class_") == n);
    CHECK(count(gallery_index_html(corr.terms, corr.theory, 4, PictureFormat::svg), "<img src=\"class-") == n);
    CHECK(count(gallery_index_markdown(corr.terms, corr.theory, 4, PictureFormat::svg), "](class-") == n);
    CHECK(gallery_file_name(0, n, PictureFormat::svg) == "class-001.svg");
    CHECK(gallery_file_name(41, 1200, PictureFormat::tikz) == "class-0042.tex");
    PictureFormat f{};
    CHECK(parse_picture_format("dot", f));
    CHECK(f == PictureFormat::dot);
    CHECK(!parse_picture_format("png", f));
}
