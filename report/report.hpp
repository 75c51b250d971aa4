#pragma once
/// \file A report document: Markdown sections with tables, a free-form JSON payload and plot
/// specifications, rendered into the text of the files of a report folder (report.md, report.json,
/// plots/<name>.dat, plots/<name>.gp). The library never writes files or runs programs: the caller
/// (app/) writes the texts atomically and runs gnuplot on the scripts, then records the outcome with
/// set_plot_status / set_renderer_note before rendering report.md and report.json.
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
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
    std::string title;              ///< legend entry
    Style style = Style::points;    ///< how it is drawn
    std::vector<double> x, y, dy;   ///< coordinates; dy only (and required) for Style::errorbars
};

/// A two-dimensional plot, drawn by gnuplot from plots/<name>.dat with plots/<name>.gp.
struct Plot {
    std::string name;                 ///< file stem: letters, digits, '_' and '-' only, unique in a report
    std::string title;                ///< plot title
    std::string xlabel, ylabel;       ///< axis labels
    bool logx = false, logy = false;  ///< logarithmic axes (non-positive values are left out of the data file)
    std::vector<Series> series;       ///< what is drawn
};

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
    std::vector<std::string> images;  ///< relative paths of the images (plots/<name>.png, .svg)
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
};

/// The data file of a plot: one block per series ("x y [dy]" rows), blocks separated by two blank
/// lines (gnuplot's `index`); non-finite values, and non-positive ones on a log axis, are left out.
std::string plot_data(const Plot& plot);

/// A standalone gnuplot script for a plot: run `gnuplot <name>.gp` in the plots folder to get
/// <name>.png (pngcairo, or png when cairo is missing) and <name>.svg; `-e "outbase='x'"` changes the
/// output file stem.
std::string plot_script(const Plot& plot);

/// plots/<name>.dat and plots/<name>.gp for every plot.
std::vector<ReportFile> plot_files(const Report& report);

/// report.md and report.json (render after the plot statuses are set).
std::vector<ReportFile> document_files(const Report& report);

/// Format a value with its error, e.g. "-0.9987 ± 0.0123" (significant digits from the error).
std::string format_value_error(double value, double error);

/// Format a number with `digits` significant digits.
std::string format_number(double value, int digits = 4);

}  // namespace nnft::report
