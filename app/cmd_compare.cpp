/// `nnft compare A.json B.json`: pulls, χ² and the worst entries between two correlator documents.
#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/report_writer.hpp"
#include "sampler/correlators.hpp"
#include "study/compare.hpp"

#include <iostream>

namespace nnft::app {

namespace {
struct CompareOptions {
    std::string a, b;
    std::vector<std::string> tables;
    std::size_t worst = 5;
    double max_pull = 0.0;
    bool json = false;
    std::string out = "-";
    PlotOptions plot;
};

void run_compare(const CompareOptions& opt) {
    const nlohmann::json a = sampler::parse_correlator_document(read_text_file(opt.a, "document"), "document '" + opt.a + "'");
    const nlohmann::json b = sampler::parse_correlator_document(read_text_file(opt.b, "document"), "document '" + opt.b + "'");
    const study::Comparison c = study::compare_documents(a, b, opt.tables);
    if (is_report_dir(opt.out)) {
        report::Report rep = study::comparison_report(c, opt.worst, opt.a, opt.b);
        const ReportWriteSummary w = write_report_dir(rep, opt.out, opt.plot);
        inform("nnft compare: report in " + opt.out + " (" + std::to_string(w.rendered) + "/" + std::to_string(w.plots) +
               " plots rendered)");
    } else {
        write_output(opt.out, opt.json ? study::comparison_json(c, opt.worst).dump(1) + "\n" : study::comparison_text(c, opt.worst));
    }
    if (opt.max_pull > 0.0)
        for (const study::TableComparison& t : c.tables)
            if (t.max_abs_pull > opt.max_pull || t.exact_mismatches > 0) {
                std::cerr << "nnft compare: " << t.table << " has |pull| " << t.max_abs_pull << " above --max-pull "
                          << opt.max_pull << (t.exact_mismatches ? " or error-free entries that differ" : "") << "\n";
                throw CommandExit{kExitCheckFailed};
            }
}
}  // namespace

void setup_compare(CLI::App& app) {
    auto opt = std::make_shared<CompareOptions>();
    auto* sub = app.add_subcommand("compare", "Compare two correlator documents (sample, exact, expand, merge): pulls, "
                                              "chi2 and the worst entries per table");
    sub->add_option("a", opt->a, "First document (A)")->required();
    sub->add_option("b", opt->b, "Second document (B)")->required();
    sub->add_option("--tables", opt->tables, "Tables to compare, comma-separated (default: every table both have)")
        ->delimiter(',');
    sub->add_option("--worst", opt->worst, "Worst entries listed per table")->capture_default_str();
    sub->add_option("--max-pull", opt->max_pull,
                    "Exit 1 when a table has |pull| above this (or error-free entries that differ); 0: never")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out", opt->out, "Output file ('-' for stdout), or a folder (ending in '/') for a report with plots")
        ->capture_default_str();
    add_plot_options(*sub, opt->plot);
    sub->callback([opt] {
        if (is_report_dir(opt->out)) check_report_dir(opt->out);
        else check_output_path(opt->out);
        run_compare(*opt);
    });
}

}  // namespace nnft::app
