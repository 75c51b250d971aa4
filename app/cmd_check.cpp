/// `nnft check`: the end-to-end cross-checks of checks/ (its registry) on embedded defaults, one PASS/FAIL line each, as a
/// Markdown (default) or JSON report; the exit code is 1 when any check fails. `--out DIR/` (or an
/// existing folder) writes a report folder with plots instead of a single file.
#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/report_writer.hpp"
#include "common/error.hpp"
#include "checks/check_report.hpp"
#include "checks/registry.hpp"
#include "study/paper_table.hpp"

#include <nlohmann/json.hpp>

#include <sstream>
#include <thread>

namespace nnft::app {

namespace {

struct CheckOptions {
    bool json = false;
    std::string out = "-";
    unsigned threads = 0;
    double scale = 1.0;
    std::string only;
    PlotOptions plot;
};

void run_check_command(const CheckOptions& opt) {
    checks::EnsembleCheckSettings st;
    st.threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    st.networks_scale = opt.scale;
    // Progress on stderr (a PASS/FAIL line per check, and the progress display); the report goes to --out or stdout.
    Progress progress("nnft check");
    const auto pass_line = [&progress](const checks::Check& c, const checks::CheckResult& r) {
        std::ostringstream line;
        line << (r.passed ? "PASS " : "FAIL ") << c.name << " (" << static_cast<int>(r.seconds * 10) / 10.0 << " s)";
        progress.note(line.str());
    };
    const checks::CheckRun run = checks::run_checks(st, opt.only, pass_line, progress.callback());
    progress.finish();
    const std::vector<checks::Check>& selected = run.checks;
    const std::vector<checks::CheckResult>& results = run.results;
    const bool all = run.passed;
    std::ostringstream doc;
    if (opt.json)
        doc << checks::check_json(selected, results).dump(2) << "\n";
    else
        doc << "# nnft check\n\n" << checks::check_markdown(results);
    if (is_report_dir(opt.out)) {
        report::Report rep = checks::check_report(selected, results);
        // The paper's coupling table from exact data (0.3 s; `nnft table` adds the sampled fits).
        study::PaperTableSettings table;
        table.sampled = false;
        study::add_paper_table_section(rep, study::paper_table(table));
        const ReportWriteSummary w = write_report_dir(rep, opt.out, opt.plot);
        inform("nnft check: report written to " + opt.out + " (report.md, report.json, " + std::to_string(w.plots) +
               " plots, " + std::to_string(w.rendered) + " rendered" + (w.renderer.empty() ? "" : "; " + w.renderer) + ")");
        write_output("-", doc.str());
    } else {
        write_output(opt.out, doc.str());
    }
    if (!all) throw CommandExit{kExitCheckFailed};
}

}  // namespace

void setup_check(CLI::App& app) {
    auto opt = std::make_shared<CheckOptions>();
    auto* sub = app.add_subcommand("check", "Run the end-to-end cross-checks on embedded defaults");
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out,
                    "Write the report to this file (atomically), or, for a path ending in '/' or an existing folder, a "
                    "report folder: report.md, report.json, plots/ (the summary then also goes to stdout)");
    add_plot_options(*sub, opt->plot);
    sub->add_option("--threads", opt->threads, "Sampling threads (default: all cores)");
    sub->add_option("--scale", opt->scale, "Multiply the ensemble sizes (1 = about a minute on 2 cores)")->capture_default_str();
    sub->add_option("--only", opt->only, "Run only checks whose id starts with this, e.g. diagrams. or ensemble.erf5");
    sub->callback([opt] {
        if (is_report_dir(opt->out)) check_report_dir(opt->out);
        else check_output_path(opt->out);
        run_check_command(*opt);
    });
}

}  // namespace nnft::app
