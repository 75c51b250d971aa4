/// `nnft diagrams` and `nnft correlator`: diagram classes and exact correlator formulas.
#include "app/command.hpp"
#include "app/correlator_options.hpp"
#include "app/diagram_pictures.hpp"
#include "app/progress.hpp"
#include "app/report_writer.hpp"
#include "common/error.hpp"
#include "symbolic/diagram_list.hpp"
#include "symbolic/print.hpp"

#include <algorithm>
#include <thread>
#include <unistd.h>

namespace nnft::app {

namespace {

/// The correlator's formula in the chosen format (`nnft correlator`; `nnft diagrams` in latex and cpp).
std::string render(const CorrelatorCliOptions& opt, const ProgressFn& progress) {
    symbolic::CorrelatorRequest request = make_request(opt);
    request.progress = progress;
    const symbolic::Correlator c = symbolic::build_correlator(request);
    const std::string fmt = output_format(opt);
    if (fmt == "json") return symbolic::correlator_json(c);
    if (fmt == "latex") return symbolic::correlator_latex(c, latex_options(opt));
    if (fmt == "cpp") return symbolic::correlator_cpp(c, opt.cpp_namespace);
    return symbolic::correlator_text(c);
}

/// `nnft diagrams` options: the correlator's, and --count.
struct DiagramsOptions {
    CorrelatorCliOptions correlator;  ///< selection and output options
    bool count = false;               ///< print only the class counts
    unsigned threads = 0;             ///< generation threads (0: all cores; two cost 1.0-1.07x the CPU of one)
    std::size_t max_pictures = kDefaultMaxPictures;  ///< svg, tikz, dot: the most classes drawn
    ProgressFn progress;              ///< told the classes generated so far
};

/// The request of `nnft diagrams`, generated on the chosen number of threads.
symbolic::CorrelatorRequest diagrams_request(const DiagramsOptions& o) {
    symbolic::CorrelatorRequest request = symbolic::make_request(o.correlator.selection);
    request.threads = static_cast<int>(o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency()));
    request.progress = o.progress;
    return request;
}

/// The streamed formats' classes written as they are generated (issue 15): nothing but the canonical keys
/// of the search and one output buffer is held, whatever the number of classes.
void stream_diagrams(const DiagramsOptions& o, symbolic::DiagramFormat format) {
    const CorrelatorCliOptions& opt = o.correlator;
    const symbolic::CorrelatorRequest request = diagrams_request(o);
    AtomicOutput out(opt.out);
    const auto spool = format == symbolic::DiagramFormat::text ? out.scratch() : nullptr;
    symbolic::DiagramListWriter writer(out.stream(), format, request.theory, request.points, spool.get());
    symbolic::for_each_term(request, [&writer](symbolic::CorrelatorTerm&& t) { writer.add(t); }, false);
    writer.finish();
    out.commit();
}

void run_diagrams(DiagramsOptions o) {
    const CorrelatorCliOptions& opt = o.correlator;
    const std::string fmt = output_format(opt);
    symbolic::DiagramFormat format{};
    const bool streamed = symbolic::parse_diagram_format(fmt, format);
    Progress progress("nnft diagrams");
    // Classes streamed to a terminal show themselves; a progress line there would be torn by them.
    const bool to_terminal = streamed && !o.count && (opt.out.empty() || opt.out == "-") && ::isatty(1) != 0;
    o.progress = to_terminal ? ProgressFn{} : progress.callback();
    symbolic::PictureFormat picture{};
    const bool pictures = symbolic::parse_picture_format(fmt, picture);
    if (!streamed && !pictures && fmt != "latex" && fmt != "cpp")
        throw Error("unknown --format '" + fmt + "': use text, json, json-compact, jsonl, latex, cpp, svg, tikz or dot");
    check_latex_only_options(opt);
    if (o.count) {
        if (fmt != "text" && fmt != "json")
            throw Error("--count prints text or --json, not --format " + fmt + ": drop --format or use json");
        const symbolic::CorrelatorRequest request = diagrams_request(o);
        const symbolic::DiagramCounts counts = symbolic::count_diagrams(request);
        progress.finish();
        write_output(opt.out, fmt == "json" ? symbolic::diagram_counts_json(counts, request.theory, request.points)
                                            : symbolic::diagram_counts_text(counts, request.theory, request.points));
    } else if (pictures) {
        write_diagram_pictures(diagrams_request(o), picture, opt.out, o.max_pictures, progress);
    } else if (streamed) {
        stream_diagrams(o, format);
    } else {
        const std::string text = render(opt, o.progress);
        progress.finish();
        write_output(opt.out, text);
    }
    progress.finish();
}

}  // namespace

void setup_diagrams(CLI::App& app) {
    auto opt = std::make_shared<DiagramsOptions>();
    auto* sub = app.add_subcommand("diagrams", "List the diagram classes of an n-point function with exact "
                                               "multiplicities and symmetry factors");
    add_correlator_options(sub, opt->correlator);
    sub->get_option("--format")->description("Output format: text, json, json-compact, jsonl (streamed, class by "
                                             "class), latex or cpp (the correlator's formula), svg, tikz or dot "
                                             "(pictures; --out DIR/ writes a gallery)");
    sub->add_option("--threads", opt->threads, "Generation threads (default 0: all cores); never changes the output");
    sub->add_flag("--count", opt->count, "Print only the number of classes per coupling monomial and in total");
    sub->add_option("--max-pictures", opt->max_pictures, "svg, tikz, dot: refuse requests with more classes than this")
        ->capture_default_str();
    sub->callback([opt] {
        symbolic::PictureFormat picture{};
        const bool gallery = symbolic::parse_picture_format(output_format(opt->correlator), picture) &&
                             is_report_dir(opt->correlator.out);
        if (gallery) check_report_dir(opt->correlator.out);
        else check_output_path(opt->correlator.out);
        run_diagrams(*opt);
    });
}

void setup_correlator(CLI::App& app) {
    auto opt = std::make_shared<CorrelatorCliOptions>();
    auto* sub = app.add_subcommand("correlator", "Exact formula of an n-point function (text, LaTeX, C++ or JSON)");
    add_correlator_options(sub, *opt);
    sub->callback([opt] {
        check_output_path(opt->out);
        Progress progress("nnft correlator");
        const std::string text = render(*opt, progress.callback());
        progress.finish();
        write_output(opt->out, text);
    });
}

}  // namespace nnft::app
