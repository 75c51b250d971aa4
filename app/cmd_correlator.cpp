/// `nnft diagrams` and `nnft correlator`: diagram classes and exact correlator formulas.
#include "app/command.hpp"
#include "app/correlator_options.hpp"
#include "symbolic/print.hpp"

namespace nnft::app {

namespace {

std::string render(const CorrelatorCliOptions& opt, bool diagram_list) {
    const symbolic::Correlator c = symbolic::build_correlator(make_request(opt));
    const std::string fmt = output_format(opt);
    if (fmt == "json") return diagram_list ? symbolic::diagrams_json(c) : symbolic::correlator_json(c);
    if (fmt == "latex") return symbolic::correlator_latex(c, symbolic::LatexOptions{opt.group});
    if (fmt == "cpp") return symbolic::correlator_cpp(c, opt.cpp_namespace);
    return diagram_list ? symbolic::diagrams_text(c) : symbolic::correlator_text(c);
}

}  // namespace

void setup_diagrams(CLI::App& app) {
    auto opt = std::make_shared<CorrelatorCliOptions>();
    auto* sub = app.add_subcommand("diagrams", "List the diagram classes of an n-point function with exact "
                                               "multiplicities and symmetry factors");
    add_correlator_options(sub, *opt);
    sub->callback([opt] {
        check_output_path(opt->out);
        write_output(opt->out, render(*opt, true));
    });
}

void setup_correlator(CLI::App& app) {
    auto opt = std::make_shared<CorrelatorCliOptions>();
    auto* sub = app.add_subcommand("correlator", "Exact formula of an n-point function (text, LaTeX, C++ or JSON)");
    add_correlator_options(sub, *opt);
    sub->callback([opt] {
        check_output_path(opt->out);
        write_output(opt->out, render(*opt, false));
    });
}

}  // namespace nnft::app
