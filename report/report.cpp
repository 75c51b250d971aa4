#include "report/report.hpp"

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

/// A string for a gnuplot double-quoted literal: quotes and backslashes replaced, no newlines.
std::string gp_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += (c == '"' ? '\'' : c == '\\' ? '/' : (c == '\n' || c == '\r') ? ' ' : c);
    return out + "\"";
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

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
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
    section(section_title).plots.push_back(plot.name);
    plots_.push_back(std::move(plot));
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
            const auto it = status_.find(name);
            if (it != status_.end() && it->second.rendered && !it->second.images.empty()) {
                md << "![" << md_cell(plot->title) << "](" << it->second.images.front() << ")\n\n";
                md << "_" << md_cell(plot->title) << "_: images";
                for (const auto& img : it->second.images) md << " `" << img << "`";
                md << "; data `plots/" << name << ".dat`, script `plots/" << name << ".gp`\n\n";
            } else {
                md << "_Plot \"" << md_cell(plot->title) << "\"_: data `plots/" << name << ".dat`, gnuplot script `plots/" << name
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
        nlohmann::json jp{{"name", p.name}, {"title", p.title}, {"xlabel", p.xlabel}, {"ylabel", p.ylabel},
                          {"logx", p.logx}, {"logy", p.logy}, {"data", "plots/" + p.name + ".dat"},
                          {"script", "plots/" + p.name + ".gp"}, {"series", nlohmann::json::array()}};
        for (const auto& s : p.series) {
            nlohmann::json js{{"title", s.title}, {"style", style_name(s.style)}, {"x", s.x}, {"y", s.y}};
            if (!s.dy.empty()) js["dy"] = s.dy;
            jp["series"].push_back(js);
        }
        const auto it = status_.find(p.name);
        jp["rendered"] = it != status_.end() && it->second.rendered;
        jp["images"] = it != status_.end() ? it->second.images : std::vector<std::string>{};
        jp["note"] = it != status_.end() ? it->second.note : std::string("no renderer was run");
        j["plots"].push_back(jp);
    }
    j["data"] = data_;
    return j;
}

std::string plot_data(const Plot& plot) {
    std::ostringstream os;
    os << "# nnft plot data: " << plot.title << "\n";
    for (std::size_t i = 0; i < plot.series.size(); ++i) {
        const Series& s = plot.series[i];
        if (i) os << "\n\n";
        os << "# index " << i << ": " << s.title << (s.style == Style::errorbars ? " (x y dy)" : " (x y)") << "\n";
        std::size_t kept = 0;
        for (std::size_t k = 0; k < s.x.size(); ++k) {
            const double x = s.x[k], y = s.y[k];
            if (!std::isfinite(x) || !std::isfinite(y) || (plot.logx && x <= 0) || (plot.logy && y <= 0)) continue;
            if (s.style == Style::errorbars && !std::isfinite(s.dy[k])) continue;
            os << num(x) << " " << num(y);
            if (s.style == Style::errorbars) os << " " << num(s.dy[k]);
            os << "\n";
            ++kept;
        }
        // gnuplot refuses an empty block; a single NaN row keeps the index numbering and draws nothing.
        if (kept == 0) os << "NaN NaN" << (s.style == Style::errorbars ? " NaN" : "") << "\n";
    }
    return os.str();
}

std::string plot_script(const Plot& plot) {
    std::ostringstream gp;
    gp << "# nnft plot: " << plot.title << "\n"
       << "# Standalone: run `gnuplot " << plot.name << ".gp` in this folder to write " << plot.name << ".png and "
       << plot.name << ".svg\n"
       << "# (pass -e \"outbase='stem'\" to choose another output name).\n"
       << "if (!exists(\"outbase\")) outbase = " << gp_quote(plot.name) << "\n"
       << "datafile = " << gp_quote(plot.name + ".dat") << "\n"
       << "set title " << gp_quote(plot.title) << " noenhanced\n"
       << "set xlabel " << gp_quote(plot.xlabel) << " noenhanced\n"
       << "set ylabel " << gp_quote(plot.ylabel) << " noenhanced\n"
       << (plot.logx ? "set logscale x\nset format x \"10^{%T}\"\n" : "")
       << (plot.logy ? "set logscale y\nset format y \"10^{%T}\"\n" : "")
       << "set grid\nset key outside right top noenhanced\nset bars small\n"
       << "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
       << "  set terminal pngcairo size 1000,600 enhanced font \"sans,10\"\n"
       << "} else {\n"
       << "  set terminal png size 1000,600 enhanced\n"
       << "}\n"
       << "set output outbase.\".png\"\n"
       << "plot \\\n";
    for (std::size_t i = 0; i < plot.series.size(); ++i) {
        const Series& s = plot.series[i];
        gp << "  datafile index " << i;
        if (s.style == Style::errorbars) gp << " using 1:2:3 with yerrorbars pt 7 ps 0.8";
        else if (s.style == Style::line) gp << " using 1:2 with lines lw 2";
        else gp << " using 1:2 with points pt 7 ps 0.8";
        gp << " title " << gp_quote(s.title) << (i + 1 < plot.series.size() ? ", \\\n" : "\n");
    }
    gp << "set terminal svg size 1000,600 enhanced font \"sans,10\"\n"
       << "set output outbase.\".svg\"\n"
       << "replot\n"
       << "set output\n";
    return gp.str();
}

std::vector<ReportFile> plot_files(const Report& report) {
    std::vector<ReportFile> files;
    for (const auto& p : report.plots()) {
        files.push_back({"plots/" + p.name + ".dat", plot_data(p)});
        files.push_back({"plots/" + p.name + ".gp", plot_script(p)});
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
