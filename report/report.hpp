#pragma once
/// \file A report document: Markdown sections with tables, a free-form JSON payload and plot
/// specifications, rendered into the text of the files of a report folder (report.md, report.json,
/// plots/<name>.dat, plots/<name>.gp). The library never writes files or runs programs: the caller
/// (app/) writes the texts atomically and runs gnuplot on the scripts, then records the outcome with
/// set_plot_status / set_renderer_note before rendering report.md and report.json.
#include "report/plot_text.hpp"

#include <cstddef>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace nnft::report {

/// How a series is drawn.
enum class Style {
    points,     ///< markers
    errorbars,  ///< markers with ±dy error bars
    line,       ///< a line through the points (fits, predictions)
};

/// One data series of a plot.
struct Series {
    std::string title;              ///< legend entry (markup, report/plot_text.hpp)
    Style style = Style::points;    ///< how it is drawn
    std::vector<double> x, y, dy;   ///< coordinates; dy only (and required) for Style::errorbars
};

/// A pull panel under a plot: for each point of the `measured` series, (measured − reference)/σ with σ the
/// two series' errors in quadrature; the reference value is the reference's point at the same x or, between
/// two of its points, interpolated on the plot's axes (points outside the reference's x range are left out).
struct PullPanel {
    std::size_t measured = 0;    ///< index of a Style::errorbars series (e.g. sampled)
    std::size_t reference = 1;   ///< index of the series it is compared with (e.g. exact)
    std::string label = "pull";  ///< y label of the panel (markup)
};

/// A two-dimensional plot, drawn by gnuplot from plots/<name>.dat with plots/<name>.gp. Text is markup
/// (report/plot_text.hpp: "G_4^{c}", "|λ(Λ)|"); the axis ranges are fitted to the data, the legend goes
/// into the emptiest corner of the plot area.
struct Plot {
    std::string name;                 ///< file stem: letters, digits, '_' and '-' only, unique in a report
    std::string title;                ///< plot title (markup)
    std::string xlabel, ylabel;       ///< axis labels (markup)
    bool logx = false, logy = false;  ///< logarithmic axes (non-positive values are left out of the data file)
    std::vector<Series> series;       ///< what is drawn
    std::optional<PullPanel> pulls{}; ///< a pull panel under the plot (where sampled and exact points meet)
    std::vector<double> hlines{};     ///< dashed horizontal reference lines (e.g. 1 for a ratio, ±2 for pulls)
};

/// An output format of the rendered plots.
enum class PlotFormat {
    png,       ///< <name>.png (pngcairo, 1200×840)
    svg,       ///< <name>.svg
    pdf,       ///< <name>.pdf (pdfcairo, 5 in × 3.5 in)
    tex,       ///< <name>-tex.tex + <name>-tex.pdf (cairolatex: text typeset by LaTeX, for pdflatex)
    epslatex,  ///< <name>-eps.tex + <name>-eps.eps (epslatex, for latex + dvips)
};

/// Parse a comma-separated list of formats ("png,svg,pdf,tex,epslatex"); throws nnft::Error naming the
/// formats for an unknown or repeated name or an empty list.
std::vector<PlotFormat> parse_plot_formats(const std::string& list);

/// The name of a format as parse_plot_formats reads it.
std::string plot_format_name(PlotFormat format);

/// The files one format writes for a plot with output stem `stem` (relative to the plots folder).
std::vector<std::string> plot_format_files(PlotFormat format, const std::string& stem);

/// A table: column headers and rows of preformatted cells.
struct Table {
    std::vector<std::string> columns;            ///< headers
    std::vector<std::vector<std::string>> rows;  ///< cells, one vector per row (same length as columns)
};

/// A section of the report: a heading, Markdown text, tables and the names of its plots.
struct Section {
    std::string title;                ///< heading
    std::string text;                 ///< Markdown paragraphs
    std::vector<Table> tables;        ///< tables, after the text
    std::vector<std::string> plots;   ///< names of plots shown in this section, after the tables
};

/// What became of one plot when it was rendered.
struct PlotStatus {
    bool rendered = false;            ///< the images exist
    std::vector<std::string> images;  ///< relative paths of the images (plots/<name>.png, .svg, …; PNG first)
    std::string note;                 ///< why not rendered (empty when rendered)
};

/// One file of a report folder: path relative to the folder and its content.
struct ReportFile {
    std::string path;     ///< e.g. "plots/g4_vs_n.dat"
    std::string content;  ///< the text
};

/// A report under construction: sections, plots and JSON data, rendered to Markdown and JSON.
class Report {
public:
    /// An empty report with a top-level title.
    explicit Report(std::string title);
    /// The section with this title, appended if it does not exist yet (references stay valid).
    Section& section(const std::string& title);
    /// Add a plot to a section (created if needed); throws nnft::Error for a bad or duplicate name, a
    /// series with mismatched lengths, missing error bars, or no series.
    void add_plot(const std::string& section_title, Plot plot);
    /// A one-line summary printed under the title (e.g. "ALL 21 CHECKS PASSED").
    void set_summary(std::string summary) { summary_ = std::move(summary); }
    /// Free-form JSON written under "data" in report.json.
    nlohmann::json& data() { return data_; }
    /// The JSON data (read-only).
    const nlohmann::json& data() const { return data_; }
    /// Record how a plot was rendered; throws nnft::Error for an unknown plot name.
    void set_plot_status(const std::string& name, PlotStatus status);
    /// A note about plot rendering as a whole (e.g. "gnuplot not found: …").
    void set_renderer_note(std::string note) { renderer_note_ = std::move(note); }
    /// The formats the plot scripts write by default (PNG and SVG unless set); throws nnft::Error when empty.
    void set_plot_formats(std::vector<PlotFormat> formats);
    /// The formats the plot scripts write by default.
    const std::vector<PlotFormat>& plot_formats() const { return formats_; }
    /// The sections in order.
    const std::deque<Section>& sections() const { return sections_; }
    /// The plots in the order they were added.
    const std::vector<Plot>& plots() const { return plots_; }
    /// report.md.
    std::string markdown() const;
    /// report.json: {"title", "summary", "sections", "plots", "renderer", "data"}.
    nlohmann::json json() const;

private:
    std::string title_, summary_, renderer_note_;
    std::deque<Section> sections_;
    std::vector<Plot> plots_;
    std::map<std::string, PlotStatus> status_;
    nlohmann::json data_ = nlohmann::json::object();
    std::vector<PlotFormat> formats_{PlotFormat::png, PlotFormat::svg};
};

/// The data file of a plot: one block per series ("x y [dy]" rows), blocks separated by two blank
/// lines (gnuplot's `index`); non-finite values, and non-positive ones on a log axis, are left out. With
/// a pull panel, one more block after the series: "x pull".
std::string plot_data(const Plot& plot);

/// A standalone gnuplot script for a plot: run `gnuplot <name>.gp` in the plots folder to write the
/// `formats` (PNG: pngcairo, or png when cairo is missing); `-e "formats='pdf tex'"` chooses others,
/// `-e "outbase='x'"` the output file stem. Labels are enhanced text, or LaTeX for tex and epslatex.
std::string plot_script(const Plot& plot, const std::vector<PlotFormat>& formats = {PlotFormat::png, PlotFormat::svg});

/// plots/<name>.dat and plots/<name>.gp for every plot (scripts writing the report's plot formats).
std::vector<ReportFile> plot_files(const Report& report);

/// report.md and report.json (render after the plot statuses are set).
std::vector<ReportFile> document_files(const Report& report);

/// Format a value with its error, e.g. "-0.9987 ± 0.0123" (significant digits from the error).
std::string format_value_error(double value, double error);

/// Format a number with `digits` significant digits.
std::string format_number(double value, int digits = 4);

}  // namespace nnft::report
