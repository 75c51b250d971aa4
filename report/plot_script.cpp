// The files of one plot: its data file and a standalone gnuplot script that draws it in each format.
#include "report/detail/plot_layout.hpp"
#include "report/report.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace nnft::report {

namespace {

/// A number for the script or data file, exactly (17 significant digits).
std::string num(double v) { return format_number(v, 17); }

/// A gnuplot double-quoted string literal (backslashes and quotes escaped, newlines as \n).
std::string gp_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') out += "\\n";
        else if (c != '\r') out += c;
    }
    return out + "\"";
}

/// A gnuplot single-quoted string literal (no escapes but '' for a quote; newlines become spaces).
std::string gp_single(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : (c == '\n' || c == '\r') ? std::string(" ") : std::string(1, c);
    return out + "'";
}

/// One label variable: `name = <LaTeX>` for the tex terminals, `name = <enhanced text>` for the others.
struct Label {
    std::string name, markup;
};

std::vector<Label> labels(const Plot& p) {
    std::vector<Label> out = {{"t_title", p.title}, {"t_x", p.xlabel}, {"t_y", p.ylabel}};
    if (p.pulls) out.push_back({"t_pull", p.pulls->label});
    for (std::size_t i = 0; i < p.series.size(); ++i) out.push_back({"t_s" + std::to_string(i), p.series[i].title});
    return out;
}

/// Tick-label formats of a log axis: powers of ten, or the explicit ticks' values.
std::pair<std::string, std::string> log_format(const detail::Axis& a) {
    if (a.ticks.empty()) return {"10^{%T}", "$10^{%T}$"};
    bool plain = true;
    for (double t : a.ticks) plain = plain && t >= 1e-3 && t < 1e6;
    return plain ? std::pair<std::string, std::string>{"%g", "$%g$"} : std::pair<std::string, std::string>{"%.1t·10^{%T}", "$%.1t\\cdot10^{%T}$"};
}

/// The label block: LaTeX strings for tex/epslatex, enhanced text for the others.
void write_labels(std::ostringstream& gp, const Plot& p, const detail::Layout& L) {
    const auto fx = log_format(L.x), fy = log_format(L.y);
    // gnuplot sizes the legend by the characters of its longest entry; a LaTeX entry has many more characters
    // than it shows ("$\\lambda$" is one letter), so the LaTeX legend is narrowed by the difference.
    std::size_t shown = 0, source = 0;
    for (const Series& s : p.series) {
        shown = std::max(shown, plain_length(s.title));
        source = std::max(source, latex_text(s.title).size());
    }
    for (bool latex : {true, false}) {
        gp << (latex ? "  if (latex) {\n" : "  } else {\n");
        for (const Label& l : labels(p))
            gp << "    " << l.name << " = " << (latex ? gp_single(latex_text(l.markup)) : gp_string(enhanced_text(l.markup))) << "\n";
        gp << "    f_logx = " << (latex ? gp_single(fx.second) : gp_string(fx.first)) << "\n"
           << "    f_logy = " << (latex ? gp_single(fy.second) : gp_string(fy.first)) << "\n"
           << "    key_w = " << (latex ? 1 - static_cast<long>(source - std::min(source, shown)) : 1) << "\n";
    }
    gp << "  }\n";
}

/// Select the terminal and output file of one format (sizes from detail::Canvas).
void write_terminals(std::ostringstream& gp, bool tall) {
    const double h_in = tall ? detail::Canvas::pull_height_in : detail::Canvas::height_in;
    const int png_w = 1200, png_h = static_cast<int>(std::lround(png_w * h_in / detail::Canvas::width_in));
    const int svg_w = 720, svg_h = static_cast<int>(std::lround(svg_w * h_in / detail::Canvas::width_in));
    const std::string inches = num(detail::Canvas::width_in) + "in," + num(h_in) + "in";
    // One `if` per format (gnuplot 5.4 has no `else if`); `known` catches a misspelt format.
    gp << "  known = 0\n  psz = 0.5\n"
       << "  if (fmt eq \"png\") {\n"
       << "    if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
       << "      set terminal pngcairo size " << png_w << "," << png_h << " enhanced font \"DejaVu Sans,10\" fontscale 1.7 linewidth 1.7\n"
       << "    } else {\n"
       << "      set terminal png size " << png_w << "," << png_h << " enhanced\n"
       << "    }\n"
       << "    set output outbase.\".png\"\n    known = 1\n    psz = 1.7\n  }\n"
       << "  if (fmt eq \"svg\") {\n"
       << "    set terminal svg size " << svg_w << "," << svg_h << " enhanced font \"DejaVu Sans,10\" fontscale 1.2 linewidth 1.2\n"
       << "    set output outbase.\".svg\"\n    known = 1\n    psz = 1.1\n  }\n"
       << "  if (fmt eq \"pdf\") {\n"
       << "    set terminal pdfcairo size " << inches << " enhanced font \"DejaVu Sans,10\" linewidth 1\n"
       << "    set output outbase.\".pdf\"\n    known = 1\n  }\n"
       << "  if (fmt eq \"tex\") {\n"
       << "    set terminal cairolatex pdf size " << inches << " color\n"
       << "    set output outbase.\"-tex.tex\"\n    known = 1\n  }\n"
       << "  if (fmt eq \"epslatex\") {\n"
       << "    set terminal epslatex size " << inches << " color\n"
       << "    set output outbase.\"-eps.tex\"\n    known = 1\n    psz = 1.2\n  }\n"
       << "  if (!known) {\n"
       << "    print \"nnft: unknown plot format '\".fmt.\"' (use png, svg, pdf, tex or epslatex)\"\n"
       << "    continue\n"
       << "  }\n";
}

/// Range, log scale and ticks of one axis of the main panel.
void write_axis(std::ostringstream& gp, const char* axis, const detail::Axis& a) {
    gp << "  set " << axis << "range [" << num(a.lo) << ":" << num(a.hi) << "]\n";
    if (a.log) gp << "  set logscale " << axis << " 10\n  set format " << axis << " f_log" << axis << "\n";
    if (!a.ticks.empty()) {
        gp << "  set " << axis << "tics (";
        for (std::size_t i = 0; i < a.ticks.size(); ++i) gp << (i ? ", " : "") << num(a.ticks[i]);
        gp << ")\n";
    }
    gp << "  set m" << axis << "tics" << (a.log ? " 10" : "") << "\n";
}

/// The plot command of the main panel: one clause per series, lines first so that markers stay visible on
/// top of them (`psz`, the marker size, is set per terminal).
void write_series(std::ostringstream& gp, const Plot& p) {
    std::vector<std::size_t> order;
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < p.series.size(); ++i)
            if ((p.series[i].style == Style::line) == (pass == 0)) order.push_back(i);
    gp << "  plot \\\n";
    for (std::size_t n = 0; n < order.size(); ++n) {
        const std::size_t i = order[n];
        const Series& s = p.series[i];
        const std::string size = s.x.size() > 200 ? " ps 0.4*psz" : " ps psz";  // dense series: small markers
        gp << "    datafile index " << i;
        if (s.style == Style::errorbars) gp << " using 1:2:3 with yerrorbars lt " << i + 1 << size;
        else if (s.style == Style::line) gp << " using 1:2 with lines lt " << i + 1 << " lw 2";
        else gp << " using 1:2 with points lt " << i + 1 << size;
        gp << (s.title.empty() ? std::string(" notitle") : " title t_s" + std::to_string(i)) << (n + 1 < order.size() ? ", \\\n" : "\n");
    }
}

/// The pull panel: bands at ±1σ and ±2σ, a zero line, one stem and marker per point.
void write_pull_panel(std::ostringstream& gp, const Plot& p, const detail::Layout& L) {
    const std::size_t block = p.series.size();
    const std::size_t lt = p.pulls->measured + 1;
    gp << "  # Pull panel: index " << block << " of the data file\n"
       << "  unset title\n  unset key\n  unset arrow\n  unset grid\n  unset label 1\n"
       << "  set xlabel t_x\n  set label 1 t_pull at screen 0.03, graph 0.5 center rotate by 90\n";
    if (L.x.log) gp << "  set format x f_logx\n";
    else gp << "  set format x \"% h\"\n";
    gp << "  unset logscale y\n  set format y \"% h\"\n"
       << "  set yrange [" << num(-L.pull_range) << ":" << num(L.pull_range) << "]\n"
       << "  set ytics " << num(L.pull_step) << "\n  set mytics 1\n"
       << "  set tmargin at screen " << num(detail::Canvas::split) << "\n"
       << "  set bmargin at screen " << num(detail::Canvas::bottom) << "\n"
       << "  set object 1 rectangle from graph 0, first -2 to graph 1, first 2 fillcolor rgb \"#eeeeee\" fillstyle solid noborder behind\n"
       << "  set object 2 rectangle from graph 0, first -1 to graph 1, first 1 fillcolor rgb \"#d9d9d9\" fillstyle solid noborder behind\n"
       << "  set arrow from graph 0, first 0 to graph 1, first 0 nohead lc rgb \"#333333\" lw 1\n"
       << "  plot datafile index " << block << " using 1:2 with impulses lt " << lt << " lw 2 notitle, \\\n"
       << "       datafile index " << block << " using 1:2 with points lt " << lt << " ps psz notitle\n"
       << "  unset object 1\n  unset object 2\n";
}

/// The drawing commands inside the per-format loop (after the terminal is chosen).
void write_body(std::ostringstream& gp, const Plot& p, const detail::Layout& L) {
    gp << "  if (!latex) { set minussign }\n"
       << "  set grid back lc rgb \"#e3e3e3\" lw 1 dt 1\n"
       << "  set key " << L.key << " inside opaque samplen 2.5 spacing 1.1 width key_w\n"
       << "  set bars small\n"
       << "  set title t_title\n  set xlabel t_x\n  set ylabel t_y\n";
    write_axis(gp, "x", L.x);
    write_axis(gp, "y", L.y);
    for (double h : p.hlines)
        gp << "  set arrow from graph 0, first " << num(h) << " to graph 1, first " << num(h)
           << " nohead back dt 2 lc rgb \"#666666\" lw 1\n";
    if (p.pulls) {
        gp << "  set multiplot\n  set lmargin 11\n  set rmargin 3\n"
           << "  set tmargin at screen " << num(detail::Canvas::top) << "\n"
           << "  set bmargin at screen " << num(detail::Canvas::split) << "\n"
           << "  set format x \"\"\n  unset xlabel\n"
           << "  # y labels at one screen x in both panels (gnuplot would place each beside its own tick labels)\n"
           << "  unset ylabel\n  set label 1 t_y at screen 0.03, graph 0.5 center rotate by 90\n";
    }
    write_series(gp, p);
    if (p.pulls) {
        write_pull_panel(gp, p, L);
        gp << "  unset multiplot\n";
    }
}

}  // namespace

std::string plot_data(const Plot& plot) {
    std::ostringstream os;
    os << "# nnft plot data: " << plain_text(plot.title) << "\n";
    for (std::size_t i = 0; i < plot.series.size(); ++i) {
        const Series& s = plot.series[i];
        if (i) os << "\n\n";
        os << "# index " << i << ": " << plain_text(s.title) << (s.style == Style::errorbars ? " (x y dy)" : " (x y)") << "\n";
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
    if (plot.pulls) {
        os << "\n\n# index " << plot.series.size() << ": pulls (" << plain_text(plot.series[plot.pulls->measured].title) << " − "
           << plain_text(plot.series[plot.pulls->reference].title) << ")/σ (x pull)\n";
        const auto pulls = detail::pull_points(plot);
        for (const auto& [x, pull] : pulls) os << num(x) << " " << num(pull) << "\n";
        if (pulls.empty()) os << "NaN NaN\n";
    }
    return os.str();
}

std::string plot_script(const Plot& plot, const std::vector<PlotFormat>& formats) {
    if (formats.empty()) throw Error("plot '" + plot.name + "': no output format: give at least one (png, svg, pdf, tex, epslatex)");
    const detail::Layout layout = detail::plot_layout(plot);
    std::string names;
    for (PlotFormat f : formats) names += (names.empty() ? "" : " ") + plot_format_name(f);
    std::ostringstream gp;
    gp << "# nnft plot: " << plain_text(plot.title) << "\n"
       << "# Standalone: run `gnuplot " << plot.name << ".gp` in this folder to write " << plot.name << " as " << names << ";\n"
       << "# -e \"formats='png svg pdf tex epslatex'\" chooses the formats, -e \"outbase='stem'\" the output name.\n"
       << "# tex: cairolatex, " << plot.name << "-tex.tex + " << plot.name << "-tex.pdf (\\input the .tex, pdflatex);\n"
       << "# epslatex: " << plot.name << "-eps.tex + " << plot.name << "-eps.eps (latex + dvips).\n"
       << "if (!exists(\"outbase\")) outbase = " << gp_string(plot.name) << "\n"
       << "if (!exists(\"formats\")) formats = " << gp_string(names) << "\n"
       << "datafile = " << gp_string(plot.name + ".dat") << "\n"
       << "set encoding utf8\n"
       << "# Okabe-Ito colours (colour-blind safe) and a distinct filled marker per series\n";
    const char* colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"};
    const int markers[] = {7, 5, 9, 13, 11, 15, 7, 5};
    for (int i = 0; i < 8; ++i)
        gp << "set linetype " << i + 1 << " lc rgb \"" << colours[i] << "\" lw 1.5 pt " << markers[i] << " dt 1\n";
    gp << "do for [fmt in formats] {\n"
       << "  reset\n"
       << "  latex = (fmt eq \"tex\" || fmt eq \"epslatex\")\n";
    write_labels(gp, plot, layout);
    write_terminals(gp, plot.pulls.has_value());
    write_body(gp, plot, layout);
    gp << "  set output\n"
       << "}\n";
    return gp.str();
}

std::vector<PlotFormat> parse_plot_formats(const std::string& list) {
    static const std::vector<PlotFormat> all = {PlotFormat::png, PlotFormat::svg, PlotFormat::pdf, PlotFormat::tex, PlotFormat::epslatex};
    std::vector<PlotFormat> out;
    std::stringstream ss(list);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item.empty()) continue;
        bool found = false;
        for (PlotFormat f : all)
            if (plot_format_name(f) == item) {
                for (PlotFormat g : out)
                    if (g == f) throw Error("plot format '" + item + "' is listed twice: name each format once");
                out.push_back(f);
                found = true;
            }
        if (!found) throw Error("unknown plot format '" + item + "': use a comma-separated list of png, svg, pdf, tex, epslatex");
    }
    if (out.empty()) throw Error("no plot format given: use a comma-separated list of png, svg, pdf, tex, epslatex");
    return out;
}

std::string plot_format_name(PlotFormat format) {
    switch (format) {
        case PlotFormat::png: return "png";
        case PlotFormat::svg: return "svg";
        case PlotFormat::pdf: return "pdf";
        case PlotFormat::tex: return "tex";
        case PlotFormat::epslatex: return "epslatex";
    }
    return "png";
}

std::vector<std::string> plot_format_files(PlotFormat format, const std::string& stem) {
    switch (format) {
        case PlotFormat::tex: return {stem + "-tex.tex", stem + "-tex.pdf"};
        case PlotFormat::epslatex: return {stem + "-eps.tex", stem + "-eps.eps"};
        default: return {stem + "." + plot_format_name(format)};
    }
}

}  // namespace nnft::report
