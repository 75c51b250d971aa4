#include "app/correlator_options.hpp"

#include "common/error.hpp"


namespace nnft::app {

void add_correlator_selection(CLI::App* sub, CorrelatorCliOptions& cli) {
    symbolic::CorrelatorSelection& opt = cli.selection;
    sub->add_option("--theory", opt.theory, "Interaction terms, e.g. 'lambda*f^4 + kappa*f^6', 'g*f^3', "
                                            "'lambda2*x^2*f^4', 'lambda_nl*f(x)^2*f(y)^2'")
        ->capture_default_str();
    sub->add_option("--points,-n", opt.points, "Number of external points n")->capture_default_str();
    sub->add_option("--order", opt.order, "Exact coupling monomial, e.g. 'lambda=2,kappa=1'");
    sub->add_option("--max-order", opt.max_order, "All coupling monomials of total order <= K (default 1)");
    sub->add_flag("--connected", opt.connected, "Connected diagrams only");
    sub->add_flag("--1pi", opt.one_pi, "Amputated one-particle-irreducible diagrams only");
    sub->add_flag("--no-self-energy", opt.no_self_energy,
                  "Drop diagrams with a 2-point subdiagram on a line (what the experiments compare, since G2 = K)");
    sub->add_option("--max-classes", opt.max_classes, "Refuse requests with more diagram classes than this")
        ->capture_default_str();
}

void add_correlator_options(CLI::App* sub, CorrelatorCliOptions& opt) {
    add_correlator_selection(sub, opt);
    sub->add_option("--format", opt.format, "Output format: text, latex, cpp or json")->capture_default_str();
    sub->add_flag("--json", opt.json, "Print one JSON document (same as --format json)");
    sub->add_option("--cpp-namespace", opt.cpp_namespace, "C++: namespace of the emitted header")->capture_default_str();
    sub->add_flag("--group", opt.group, "LaTeX: print terms equal up to permuting external points once, as a sum");
    sub->add_option("--latex-width", opt.latex_width, "LaTeX: break lines to about this width in points (345: a "
                                                      "10 pt article; 0: no breaking by width)")
        ->capture_default_str();
    sub->add_option("--terms-per-line", opt.terms_per_line, "LaTeX: at most this many terms per line (0: no limit)")
        ->capture_default_str();
    sub->add_flag("--standalone", opt.standalone,
                  "LaTeX: a complete document (article, amsmath) that pdflatex compiles as it is");
    sub->add_option("--out,-o", opt.out, "Write the result to this file (atomically) instead of stdout");
}

std::string output_format(const CorrelatorCliOptions& opt) { return opt.json ? "json" : opt.format; }

symbolic::LatexOptions latex_options(const CorrelatorCliOptions& opt) {
    return symbolic::LatexOptions{opt.group, opt.latex_width, opt.terms_per_line, opt.standalone};
}

void check_latex_only_options(const CorrelatorCliOptions& opt) {
    if (output_format(opt) == "latex") return symbolic::check_latex_options(latex_options(opt));
    const symbolic::LatexOptions defaults;
    const char* given = opt.standalone ? "--standalone"
                        : opt.terms_per_line != defaults.terms_per_line ? "--terms-per-line"
                        : opt.latex_width != defaults.width_pt ? "--latex-width" : nullptr;
    if (given)
        throw Error(std::string(given) + " shapes LaTeX output only: add --format latex, or drop " + given);
}

symbolic::CorrelatorRequest make_request(const CorrelatorCliOptions& opt) {
    const std::string fmt = output_format(opt);
    if (fmt != "text" && fmt != "latex" && fmt != "cpp" && fmt != "json")
        throw Error("unknown --format '" + opt.format + "': use text, latex, cpp or json");
    check_latex_only_options(opt);
    return symbolic::make_request(opt.selection);
}

}  // namespace nnft::app
