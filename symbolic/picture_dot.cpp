/// Graphviz source of diagram classes (undirected graphs laid out by neato).
#include "symbolic/detail/picture_markup.hpp"
#include "symbolic/diagram_layout.hpp"
#include "symbolic/diagram_picture.hpp"

#include <sstream>

namespace nnft::symbolic {

namespace {

using detail::coordinate;
using detail::kDotMarkup;

constexpr double kInches = 1.5;  // inches per picture unit in the pos attributes

std::string pos(Vec2 v, bool pinned) {
    return "pos=\"" + coordinate(kInches * v.x) + "," + coordinate(kInches * v.y) + (pinned ? "!\"" : "\"");
}

void nodes(std::ostringstream& os, const CorrelatorTerm& t, const diagrams::Theory& theory, const DiagramLayout& lay) {
    const auto& d = t.diagram;
    for (std::size_t i = 0; i < lay.points.size(); ++i) {
        os << "  p" << i << " [";
        if (d.points[i].external()) {
            const int k = i < d.external_labels.size() ? d.external_labels[i] + 1 : static_cast<int>(i) + 1;
            os << "shape=circle, width=0.08, label=\"\", xlabel=<<I>x</I><SUB>" << k << "</SUB>>, " << pos(lay.points[i], true);
        } else {
            const auto& term = theory.terms.at(d.points[i].term);
            os << (term.weight_power ? "shape=square, width=0.12" : "shape=circle, width=0.1")
               << ", style=filled, fillcolor=black, label=\"\", " << pos(lay.points[i], true);
            if (d.points[i].slot == 0) os << ", xlabel=<<I>" << detail::vertex_label_markup(term, kDotMarkup) << "</I>>";
        }
        os << "];\n";
    }
}

void edges(std::ostringstream& os, const diagrams::Diagram& d) {
    for (const auto& e : d.edges)
        for (int k = 0; k < e.multiplicity; ++k) os << "  p" << e.a << " -- p" << e.b << ";\n";
    std::vector<int> slot0(d.points.size(), -1);
    for (std::size_t i = 0; i < d.points.size(); ++i)
        if (!d.points[i].external() && d.points[i].slot == 0) slot0[d.points[i].vertex] = static_cast<int>(i);
    for (std::size_t i = 0; i < d.points.size(); ++i)
        if (!d.points[i].external() && d.points[i].slot == 1)
            os << "  p" << slot0.at(d.points[i].vertex) << " -- p" << i << " [style=dashed, color=gray40];\n";
}

}  // namespace

std::string diagram_dot(const CorrelatorTerm& t, const diagrams::Theory& theory, const std::string& name,
                        const std::string& title) {
    const DiagramLayout lay = layout_diagram(t.diagram, theory);
    std::ostringstream os;
    os << "graph " << name << " {\n  layout=neato; splines=true; fontname=\"DejaVu Serif\";\n"
       << "  labelloc=b; label=<";
    if (!title.empty()) os << detail::xml_escape(title) << "<BR/>";
    os << "<I>" << detail::contribution_markup(t, kDotMarkup) << "</I><BR/>" << detail::counts_text(t) << ">;\n"
       << "  node [fontname=\"DejaVu Serif\", fixedsize=true]; edge [penwidth=1.4];\n";
    nodes(os, t, theory, lay);
    edges(os, t.diagram);
    os << "}\n";
    return os.str();
}

}  // namespace nnft::symbolic
