/// SVG pictures of diagram classes, written directly (no Graphviz or TeX needed).
#include "symbolic/detail/picture_markup.hpp"
#include "symbolic/diagram_layout.hpp"
#include "symbolic/diagram_picture.hpp"

#include <algorithm>
#include <sstream>

namespace nnft::symbolic {

namespace {

using detail::coordinate;
using detail::kSvgMarkup;
using detail::xml_escape;

constexpr double kScale = 60;      // pixels per picture unit
constexpr double kMargin = 12;     // pixels around a picture
constexpr double kLineHeight = 18; // caption lines

/// One class drawn with its top-left corner at (0, 0).
struct SvgPicture {
    std::string body;
    double width = 0, height = 0;
};

/// Maps picture units to pixels inside one picture (y downwards).
struct Frame {
    double ox, oy;
    Vec2 low, high;
    double px(double v) const { return ox + (v - low.x) * kScale; }
    double py(double v) const { return oy + (high.y - v) * kScale; }
    std::string x(double v) const { return coordinate(px(v)); }
    std::string y(double v) const { return coordinate(py(v)); }
    std::string at(Vec2 v) const { return x(v.x) + "," + y(v.y); }
};

/// A text element anchored as LayoutLabel describes: beside the point on the side of `direction`.
void label(std::ostringstream& os, const Frame& f, const LayoutLabel& l, const std::string& markup, int size) {
    const char* anchor = l.direction.x > 0.3 ? "start" : l.direction.x < -0.3 ? "end" : "middle";
    const char* dy = std::abs(l.direction.x) > 0.3 ? "0.35em" : l.direction.y > 0 ? "0em" : "0.75em";
    os << "<text x=\"" << f.x(l.at.x) << "\" y=\"" << f.y(l.at.y) << "\" dy=\"" << dy << "\" text-anchor=\"" << anchor
       << "\" font-size=\"" << size << "\" font-style=\"italic\">" << markup << "</text>\n";
}

void draw_lines(std::ostringstream& os, const Frame& f, const DiagramLayout& lay) {
    for (const auto& l : lay.lines) {
        os << "<path d=\"M" << f.at(l.from) << " C" << f.at(l.c1) << " " << f.at(l.c2) << " " << f.at(l.to) << "\"";
        os << (l.bond ? " class=\"bond\" stroke-dasharray=\"5 4\" stroke=\"#555\"" : " class=\"line\" stroke=\"black\"");
        os << " fill=\"none\" stroke-width=\"1.6\"/>\n";
    }
}

void draw_points(std::ostringstream& os, const Frame& f, const CorrelatorTerm& t, const diagrams::Theory& theory,
                 const DiagramLayout& lay) {
    const auto& d = t.diagram;
    for (std::size_t i = 0; i < lay.points.size(); ++i) {
        const Vec2 p = lay.points[i];
        if (d.points[i].external()) {
            os << "<circle class=\"external\" cx=\"" << f.x(p.x) << "\" cy=\"" << f.y(p.y)
               << "\" r=\"3.5\" fill=\"white\" stroke=\"black\" stroke-width=\"1.4\"/>\n";
        } else if (theory.terms.at(d.points[i].term).weight_power) {
            os << "<rect class=\"vertex\" x=\"" << coordinate(f.px(p.x) - 5) << "\" y=\"" << coordinate(f.py(p.y) - 5) << "\" width=\"10\" height=\"10\" fill=\"black\"/>\n";
        } else {
            os << "<circle class=\"vertex\" cx=\"" << f.x(p.x) << "\" cy=\"" << f.y(p.y) << "\" r=\"5\" fill=\"black\"/>\n";
        }
    }
    for (const auto& l : lay.external_labels) {
        const int k = l.point < static_cast<int>(d.external_labels.size()) ? d.external_labels[l.point] + 1 : l.point + 1;
        label(os, f, l, "x" + std::string(kSvgMarkup.sub_open) + std::to_string(k) + kSvgMarkup.sub_close, 15);
    }
    for (const auto& l : lay.vertex_labels)
        label(os, f, l, detail::vertex_label_markup(theory.terms.at(d.points[l.point].term), kSvgMarkup), 13);
}

/// Rough width in pixels of a caption line (markup tags not counted).
double text_width(const std::string& markup, double size) {
    double chars = 0;
    bool tag = false;
    for (unsigned char c : markup) {
        if (c == '<') tag = true;
        if (!tag && (c & 0xC0) != 0x80) chars += 1;
        if (c == '>') tag = false;
    }
    return 0.58 * size * chars;
}

SvgPicture svg_picture(const CorrelatorTerm& t, const diagrams::Theory& theory, const std::string& title) {
    const DiagramLayout lay = layout_diagram(t.diagram, theory);
    std::vector<std::string> caption;
    if (!title.empty()) caption.push_back(xml_escape(title));
    caption.push_back(detail::contribution_markup(t, kSvgMarkup));
    caption.push_back(xml_escape(detail::counts_text(t)));
    double caption_width = 0;
    for (const auto& c : caption) caption_width = std::max(caption_width, text_width(c, 14));
    const double drawing = (lay.high.x - lay.low.x) * kScale;
    SvgPicture out;
    out.width = std::max(drawing, caption_width) + 2 * kMargin;
    const Frame f{(out.width - drawing) / 2, kMargin, lay.low, lay.high};
    std::ostringstream os;
    draw_lines(os, f, lay);
    draw_points(os, f, t, theory, lay);
    double y = kMargin + (lay.high.y - lay.low.y) * kScale + 8;
    for (std::size_t k = 0; k < caption.size(); ++k) {
        y += kLineHeight;
        os << "<text class=\"caption\" x=\"" << coordinate(out.width / 2) << "\" y=\"" << coordinate(y)
           << "\" text-anchor=\"middle\" font-size=\"14\"" << (k + 2 == caption.size() ? " font-style=\"italic\"" : "")
           << ">" << caption[k] << "</text>\n";
    }
    out.height = y + kMargin;
    out.body = os.str();
    return out;
}

std::string svg_open(double width, double height) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
           coordinate(width) + "\" height=\"" + coordinate(height) + "\" viewBox=\"0 0 " + coordinate(width) + " " +
           coordinate(height) + "\" font-family=\"DejaVu Serif, serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
}

}  // namespace

std::string diagram_svg(const CorrelatorTerm& t, const diagrams::Theory& theory, const std::string& title) {
    const SvgPicture p = svg_picture(t, theory, title);
    return svg_open(p.width, p.height) + "<g class=\"diagram\">\n" + p.body + "</g>\n</svg>\n";
}

/// The sheet: a title line, then the pictures in rows of up to four, each in a cell of the largest picture's size.
std::string detail::diagrams_svg_sheet(const std::vector<CorrelatorTerm>& terms, const diagrams::Theory& theory, int points) {
    std::vector<SvgPicture> pictures;
    double cell_w = 0, cell_h = 0;
    for (std::size_t k = 0; k < terms.size(); ++k) {
        pictures.push_back(svg_picture(terms[k], theory, "#" + std::to_string(k + 1)));
        cell_w = std::max(cell_w, pictures.back().width);
        cell_h = std::max(cell_h, pictures.back().height);
    }
    const std::string title = xml_escape(detail::list_title(terms.size(), points, theory));
    const std::size_t columns = std::clamp<std::size_t>(terms.size(), 1, 4);
    const std::size_t rows = (terms.size() + columns - 1) / columns;
    const double width = std::max(columns * cell_w, text_width(title, 16) + 2 * kMargin);
    cell_w = width / columns;  // a title wider than the pictures: spread them under it
    std::ostringstream os;
    os << svg_open(width, 36 + rows * cell_h);
    os << "<text class=\"title\" x=\"" << kMargin << "\" y=\"24\" font-size=\"16\">" << title << "</text>\n";
    for (std::size_t k = 0; k < pictures.size(); ++k) {
        const double x = (k % columns) * cell_w + (cell_w - pictures[k].width) / 2;
        const double y = 36 + (k / columns) * cell_h;
        os << "<g class=\"diagram\" transform=\"translate(" << coordinate(x) << "," << coordinate(y) << ")\">\n"
           << pictures[k].body << "</g>\n";
    }
    os << "</svg>\n";
    return os.str();
}

}  // namespace nnft::symbolic
