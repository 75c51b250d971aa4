#include "report/report.hpp"
#include "report/detail/plot_layout.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace nnft::report {

namespace {

bool valid_name(const std::string& name) {
    if (name.empty() || name.size() > 100) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

/// A Markdown table cell: pipes escaped, newlines removed.
std::string md_cell(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

const char* style_name(Style s) {
    return s == Style::points ? "points" : s == Style::errorbars ? "errorbars" : "line";
}

}  // namespace

Report::Report(std::string title) : title_(std::move(title)) {}

Section& Report::section(const std::string& title) {
    for (auto& s : sections_)
        if (s.title == title) return s;
    sections_.push_back(Section{title, "", {}, {}});
    return sections_.back();
}

void Report::add_plot(const std::string& section_title, Plot plot) {
    if (!valid_name(plot.name))
        throw Error("plot name '" + plot.name + "' is not a file stem: use letters, digits, '_' and '-' only");
    for (const auto& p : plots_)
        if (p.name == plot.name) throw Error("plot name '" + plot.name + "' is used twice in one report: give each plot its own name");
    if (plot.series.empty()) throw Error("plot '" + plot.name + "' has no series: add data before adding the plot");
    for (const auto& s : plot.series) {
        if (s.x.size() != s.y.size())
            throw Error("plot '" + plot.name + "', series '" + s.title + "': x and y have different lengths");
        if (s.style == Style::errorbars && s.dy.size() != s.y.size())
            throw Error("plot '" + plot.name + "', series '" + s.title + "': error bars need one dy per point");
        if (s.style != Style::errorbars && !s.dy.empty())
            throw Error("plot '" + plot.name + "', series '" + s.title + "': dy given but the style is not errorbars");
    }
    if (plot.pulls) {
        const PullPanel& pp = *plot.pulls;
        if (pp.measured >= plot.series.size() || pp.reference >= plot.series.size() || pp.measured == pp.reference)
            throw Error("plot '" + plot.name + "': the pull panel needs two different series of the plot (measured, reference)");
        if (plot.series[pp.measured].style != Style::errorbars)
            throw Error("plot '" + plot.name + "': the pull panel's measured series '" + plot.series[pp.measured].title +
                        "' has no error bars: pulls need Style::errorbars");
    }
    section(section_title).plots.push_back(plot.name);
    plots_.push_back(std::move(plot));
}

void Report::set_plot_formats(std::vector<PlotFormat> formats) {
    if (formats.empty()) throw Error("no plot format given: use a comma-separated list of png, svg, pdf, tex, epslatex");
    formats_ = std::move(formats);
}

void Report::set_plot_status(const std::string& name, PlotStatus status) {
    for (const auto& p : plots_)
        if (p.name == name) {
            status_[name] = std::move(status);
            return;
        }
    throw Error("no plot named '" + name + "' in the report");
}

std::string Report::markdown() const {
    std::ostringstream md;
    md << "# " << title_ << "\n\n";
    if (!summary_.empty()) md << "**" << summary_ << "**\n\n";
    if (!renderer_note_.empty()) md << "_Plots: " << renderer_note_ << "_\n\n";
    for (const auto& s : sections_) {
        md << "## " << s.title << "\n\n";
        if (!s.text.empty()) md << s.text << (s.text.back() == '\n' ? "" : "\n") << "\n";
        for (const auto& t : s.tables) {
            md << "|";
            for (const auto& c : t.columns) md << " " << md_cell(c) << " |";
            md << "\n|";
            for (std::size_t i = 0; i < t.columns.size(); ++i) md << "---|";
            md << "\n";
            for (const auto& row : t.rows) {
                md << "|";
                for (const auto& c : row) md << " " << md_cell(c) << " |";
                md << "\n";
            }
            md << "\n";
        }
        for (const auto& name : s.plots) {
            const Plot* plot = nullptr;
            for (const auto& p : plots_)
                if (p.name == name) plot = &p;
            const std::string title = md_cell(plain_text(plot->title));
            const auto it = status_.find(name);
            if (it != status_.end() && it->second.rendered && !it->second.images.empty()) {
                // Show the first PNG or SVG (a browser shows neither PDF nor LaTeX inline); list every file.
                for (const auto& img : it->second.images) {
                    const std::string ext = img.substr(img.find_last_of('.') + 1);
                    if (ext != "png" && ext != "svg") continue;
                    md << "![" << title << "](" << img << ")\n\n";
                    break;
                }
                md << "_" << title << "_: images";
                for (const auto& img : it->second.images) md << " `" << img << "`";
                md << "; data `plots/" << name << ".dat`, script `plots/" << name << ".gp`\n\n";
            } else {
                md << "_Plot \"" << title << "\"_: data `plots/" << name << ".dat`, gnuplot script `plots/" << name
                   << ".gp` (not rendered: " << (it != status_.end() ? it->second.note : std::string("no renderer was run"))
                   << "; run `gnuplot " << name << ".gp` in `plots/`)\n\n";
            }
        }
    }
    return md.str();
}

nlohmann::json Report::json() const {
    nlohmann::json j;
    j["title"] = title_;
    j["summary"] = summary_;
    j["renderer"] = renderer_note_;
    j["sections"] = nlohmann::json::array();
    for (const auto& s : sections_) {
        nlohmann::json js{{"title", s.title}, {"text", s.text}, {"plots", s.plots}, {"tables", nlohmann::json::array()}};
        for (const auto& t : s.tables) js["tables"].push_back({{"columns", t.columns}, {"rows", t.rows}});
        j["sections"].push_back(js);
    }
    j["plots"] = nlohmann::json::array();
    for (const auto& p : plots_) {
        nlohmann::json jp{{"name", p.name}, {"title", plain_text(p.title)}, {"xlabel", plain_text(p.xlabel)}, {"ylabel", plain_text(p.ylabel)},
                          {"logx", p.logx}, {"logy", p.logy}, {"data", "plots/" + p.name + ".dat"},
                          {"script", "plots/" + p.name + ".gp"}, {"series", nlohmann::json::array()}};
        for (const auto& s : p.series) {
            nlohmann::json js{{"title", plain_text(s.title)}, {"style", style_name(s.style)}, {"x", s.x}, {"y", s.y}};
            if (!s.dy.empty()) js["dy"] = s.dy;
            jp["series"].push_back(js);
        }
        if (p.pulls) {
            nlohmann::json points = nlohmann::json::array();
            for (const auto& [x, pull] : detail::pull_points(p)) points.push_back({x, pull});
            jp["pulls"] = {{"measured", p.pulls->measured}, {"reference", p.pulls->reference}, {"points", points}};
        }
        if (!p.hlines.empty()) jp["hlines"] = p.hlines;
        const auto it = status_.find(p.name);
        jp["rendered"] = it != status_.end() && it->second.rendered;
        jp["images"] = it != status_.end() ? it->second.images : std::vector<std::string>{};
        jp["note"] = it != status_.end() ? it->second.note : std::string("no renderer was run");
        j["plots"].push_back(jp);
    }
    j["plot_formats"] = nlohmann::json::array();
    for (PlotFormat f : formats_) j["plot_formats"].push_back(plot_format_name(f));
    j["data"] = data_;
    return j;
}

std::vector<ReportFile> plot_files(const Report& report) {
    std::vector<ReportFile> files;
    for (const auto& p : report.plots()) {
        files.push_back({"plots/" + p.name + ".dat", plot_data(p)});
        files.push_back({"plots/" + p.name + ".gp", plot_script(p, report.plot_formats())});
    }
    return files;
}

std::vector<ReportFile> document_files(const Report& report) {
    return {{"report.md", report.markdown()}, {"report.json", report.json().dump(2) + "\n"}};
}

std::string format_number(double value, int digits) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    return buf;
}

std::string format_value_error(double value, double error) {
    if (!std::isfinite(error) || error <= 0) return format_number(value, 6) + (std::isfinite(error) ? "" : " ± inf");
    if (!std::isfinite(value)) return format_number(value) + " ± " + format_number(error, 2);
    // Two significant digits of the error; the value to the same decimal place.
    const int err_exp = static_cast<int>(std::floor(std::log10(error)));
    const int decimals = std::max(0, 1 - err_exp);
    char buf[96];
    if (decimals <= 12 && std::abs(value) < 1e9)
        std::snprintf(buf, sizeof buf, "%.*f ± %.*f", decimals, value, decimals, error);
    else
    {
        const int val_exp = value != 0 ? static_cast<int>(std::floor(std::log10(std::abs(value)))) : err_exp;
        std::snprintf(buf, sizeof buf, "%.*e ± %.1e", std::clamp(val_exp - err_exp + 1, 1, 16), value, error);
    }
    return buf;
}

}  // namespace nnft::report
