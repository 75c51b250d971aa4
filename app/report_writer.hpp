#pragma once
/// \file Writing a report folder (report.md, report.json, plots/*.dat, *.gp, and the images in the report's
/// plot formats when gnuplot runs): every file written atomically; a missing or failing gnuplot is recorded
/// in the report and everything else is still written.
#include "report/report.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace nnft::app {

/// How the plots of a report folder are rendered (--gnuplot, --plot-format).
struct PlotOptions {
    std::string gnuplot = "gnuplot";  ///< gnuplot program ("none": data and scripts only)
    std::string formats = "png,svg";  ///< comma-separated plot formats (report::parse_plot_formats)
};

/// Register --gnuplot and --plot-format on a subcommand; a bad format list is refused while parsing (exit 2).
void add_plot_options(CLI::App& sub, PlotOptions& opt);

/// What write_report_dir did.
struct ReportWriteSummary {
    int plots = 0;          ///< plots in the report
    int rendered = 0;       ///< plots rendered in every requested format
    std::string renderer;   ///< the note recorded in the report ("" when every plot rendered)
};

/// Is `path` meant as a report folder: it ends with '/' or names an existing directory.
bool is_report_dir(const std::string& path);

/// Write `report` into folder `dir` (created if needed). `gnuplot` is the program to run ("gnuplot":
/// looked up in PATH; "none": do not render) to write each plot in `report.plot_formats()`. Plot statuses
/// and the renderer note are set on `report`.
ReportWriteSummary write_report_dir(report::Report& report, const std::string& dir, const std::string& gnuplot);

/// write_report_dir with the report's plot formats taken from `plot` (throws nnft::Error for a bad list).
ReportWriteSummary write_report_dir(report::Report& report, const std::string& dir, const PlotOptions& plot);

}  // namespace nnft::app
