#pragma once
/// \file Writing a report folder (report.md, report.json, plots/*.dat, *.gp, and *.png, *.svg when
/// gnuplot runs): every file written atomically; a missing or failing gnuplot is recorded in the report
/// and everything else is still written.
#include "report/report.hpp"

#include <string>

namespace nnft::app {

/// What write_report_dir did.
struct ReportWriteSummary {
    int plots = 0;          ///< plots in the report
    int rendered = 0;       ///< plots rendered to PNG and SVG
    std::string renderer;   ///< the note recorded in the report ("" when every plot rendered)
};

/// Is `path` meant as a report folder: it ends with '/' or names an existing directory.
bool is_report_dir(const std::string& path);

/// Write `report` into folder `dir` (created if needed). `gnuplot` is the program to run ("gnuplot":
/// looked up in PATH; "none": do not render). Plot statuses and the renderer note are set on `report`.
ReportWriteSummary write_report_dir(report::Report& report, const std::string& dir, const std::string& gnuplot);

}  // namespace nnft::app
