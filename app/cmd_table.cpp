/// `nnft table`: the coupling table of 2008.08601 regenerated from exact and sampled data, next to the
/// seed talk's published values, with an explanation of every difference.
#include "app/command.hpp"
#include "app/progress.hpp"
#include "common/error.hpp"
#include "study/paper_table.hpp"

#include <sstream>
#include <thread>

namespace nnft::app {

namespace {

struct TableOptions {
    std::string nets = "gauss,relu,erf";
    double networks = 1e6;
    unsigned replicas = 8;
    unsigned threads = 0;
    std::uint64_t seed = 200808601;
    bool exact_only = false;
    bool plain = false;
    bool json = false;
    std::string out = "-";
};

void run_table(const TableOptions& opt) {
    study::PaperTableSettings st;
    st.nets.clear();
    std::stringstream ss(opt.nets);
    for (std::string n; std::getline(ss, n, ',');) {
        if (n != "gauss" && n != "relu" && n != "erf") throw Error("--nets takes gauss, relu and erf (comma-separated), not '" + n + "'");
        st.nets.push_back(n);
    }
    if (st.nets.empty()) throw Error("--nets is empty: give e.g. --nets gauss,relu,erf");
    if (!(opt.networks >= 1 && opt.networks <= 1e9)) throw Error("--networks must lie in [1, 1e9]");
    st.sampled = !opt.exact_only;
    st.conditioned = !opt.plain;
    st.networks = static_cast<std::uint64_t>(opt.networks);
    st.replicas = opt.replicas;
    st.threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    st.seed = opt.seed;
    Progress progress("nnft table");
    st.progress = progress.callback();
    const study::PaperTable t = study::paper_table(st);
    progress.finish();
    write_output(opt.out, opt.json ? study::paper_table_json(t).dump(2) + "\n" : study::paper_table_markdown(t));
}

}  // namespace

void setup_table(CLI::App& app) {
    auto opt = std::make_shared<TableOptions>();
    auto* sub = app.add_subcommand("table", "The paper's coupling table (M0-M3 x Gauss/ReLU/Erf) from exact and sampled data, next to the seed's values");
    sub->add_option("--nets", opt->nets, "Comma-separated nets among gauss, relu, erf")->capture_default_str();
    sub->add_option("--networks", opt->networks, "Sampled networks per input set, over all replicas (the seed used 1e6)")->capture_default_str();
    sub->add_option("--replicas", opt->replicas, "Independent sampled ensembles (their scatter gives the errors)")->capture_default_str();
    sub->add_option("--threads", opt->threads, "Sampling threads (default: all cores)");
    sub->add_option("--seed", opt->seed, "Generator seed")->capture_default_str();
    sub->add_flag("--exact-only", opt->exact_only, "Skip the sampled fits (exact data and the seed's values only)");
    sub->add_flag("--plain", opt->plain, "Our estimator on plain samples too (default: output layer integrated analytically)");
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->out, "Write the result to this file (atomically)");
    sub->callback([opt] {
        check_output_path(opt->out);
        run_table(*opt);
    });
}

}  // namespace nnft::app
