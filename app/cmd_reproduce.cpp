/// `nnft reproduce`: the full-size study of 2008.08601 (eft/study.hpp) into a report folder. Each unit of
/// work (one sampled ensemble: net × width × input set) checkpoints into DIR/units/<id>.json, so a killed
/// run continues with --resume and finished units are not redone; the sampler is deterministic, so the
/// resumed report has the same numbers as an uninterrupted run.
#include "app/checkpoint.hpp"
#include "app/command.hpp"
#include "app/progress.hpp"
#include "study/paper_table.hpp"
#include "study/six_point_report.hpp"
#include "app/report_writer.hpp"
#include "app/sampler_options.hpp"
#include "common/error.hpp"
#include "study/study.hpp"

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

namespace nnft::app {

namespace {

struct ReproduceOptions {
    std::string out;
    std::string networks = "1e6";
    unsigned threads = 0;
    bool resume = false;
    bool dry_run = false;
    bool json = false;
    bool no_predictions = false;
    std::string nets = "erf,relu,gauss";
    std::string widths;
    std::string din = "1,2,3";
    std::string estimator = "conditioned";
    std::uint64_t seed = study::StudySettings{}.seed;
    double checkpoint_every = 30.0;
    double max_memory_gb = 8.0;
    double max_core_hours = 300.0;
    PlotOptions plot;
};

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

template <typename T>
std::vector<T> split_numbers(const std::string& text, const char* option) {
    std::vector<T> out;
    for (const auto& item : split(text)) {
        std::size_t used = 0;
        long long v = -1;
        try {
            v = std::stoll(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != item.size() || v < 1)
            throw Error(std::string(option) + " '" + text + "': write positive whole numbers separated by commas, e.g. 2,5,10");
        out.push_back(static_cast<T>(v));
    }
    return out;
}

study::StudySettings settings_from(const ReproduceOptions& opt) {
    study::StudySettings st;
    st.nets = split(opt.nets);
    if (!opt.widths.empty()) st.widths = split_numbers<std::size_t>(opt.widths, "--widths");
    st.networks = parse_network_count(opt.networks);
    st.seed = opt.seed;
    st.conditioned = opt.estimator == "conditioned";
    st.running_d_in = opt.din == "none" ? std::vector<int>{} : split_numbers<int>(opt.din, "--din");
    for (int d : st.running_d_in)
        if (d > 3) throw Error("--din " + opt.din + ": the running-coupling sweeps exist for d_in = 1, 2, 3");
    return st;
}

/// Refuses units whose sampler tables would not fit in --max-memory-gb, then prints the job's size.
void check_and_announce(const ReproduceOptions& opt, const std::vector<study::StudyUnit>& units,
                        const study::JobEstimate& estimate, unsigned threads, Progress& progress) {
    for (const auto& u : units) {
        const double bytes = sampler::estimate_memory_bytes(u.config, threads);
        if (bytes > opt.max_memory_gb * 1073741824.0)
            throw Error("unit " + u.id + " needs about " + std::to_string(bytes / 1073741824.0) + " GB: use fewer --threads or raise --max-memory-gb");
    }
    std::ostringstream os;
    os << "nnft reproduce: " << units.size() << " ensembles, " << estimate.networks << " networks, "
       << report::format_number(estimate.neuron_evaluations) << " neuron evaluations, " << report::format_number(estimate.moment_updates)
       << " moment updates; estimated " << report::format_number(estimate.core_seconds) << " core-seconds (about "
       << report::format_number(estimate.core_seconds / threads) << " s on " << threads << " threads, plus the analysis)";
    progress.note(os.str());
}

/// The checkpoint folder <out>/units: refused when it holds an earlier run and --resume is not given.
std::filesystem::path prepare_unit_dir(const ReproduceOptions& opt) {
    namespace fs = std::filesystem;
    const fs::path unit_dir = fs::path(opt.out) / "units";
    std::error_code ec;
    if (!opt.resume && fs::is_directory(unit_dir, ec) && !fs::is_empty(unit_dir, ec))
        throw Error("'" + unit_dir.string() + "' holds checkpoints of an earlier run: pass --resume to continue it, or choose an empty --out folder");
    fs::create_directories(unit_dir, ec);
    if (ec) throw Error("cannot create '" + unit_dir.string() + "' (" + ec.message() + "): choose a writable --out folder");
    return unit_dir;
}

/// Samples (or resumes, or reuses) every unit with checkpoints, counting the cost.
std::vector<sampler::EnsembleState> sample_units(const ReproduceOptions& opt, const std::vector<study::StudyUnit>& units,
                                                 const std::filesystem::path& unit_dir, study::StudyCost& cost,
                                                 Progress& progress) {
    std::vector<sampler::EnsembleState> states;
    std::error_code ec;
    for (std::size_t k = 0; k < units.size(); ++k) {
        const study::StudyUnit& u = units[k];
        const std::string path = (unit_dir / (u.id + ".json")).string();
        cost.networks_total += u.config.networks;
        sampler::EnsembleState state =
            opt.resume && std::filesystem::exists(path, ec) ? load_checkpoint(path, u.config, path) : sampler::initial_state(u.config);
        if (state.done()) {
            ++cost.units_reused;
            progress.note("nnft reproduce: [" + std::to_string(k + 1) + "/" + std::to_string(units.size()) + "] " + u.id +
                          ": finished earlier, reused");
            states.push_back(std::move(state));
            continue;
        }
        const std::uint64_t before = state.networks();
        const auto s0 = std::chrono::steady_clock::now();
        sampler::RunOptions run;
        run.threads = cost.threads;
        run.checkpoint_interval_s = opt.checkpoint_every;
        run.checkpoint = [&](const sampler::EnsembleState& s) { save_checkpoint(path, u.config, s); };
        const std::string what = "networks of [" + std::to_string(k + 1) + "/" + std::to_string(units.size()) + "] " + u.id;
        progress.resume_from(before);
        if (!quiet()) run.progress = [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total, what); };
        sampler::run_ensemble(u.config, state, run);
        save_checkpoint(path, u.config, state);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
        cost.sampling_seconds += secs;
        cost.networks_sampled += state.networks() - before;
        progress.note("nnft reproduce: [" + std::to_string(k + 1) + "/" + std::to_string(units.size()) + "] " + u.id + ": " +
                      std::to_string(state.networks() - before) + " networks in " + report::format_number(secs) + " s");
        states.push_back(std::move(state));
    }
    return states;
}

/// Report sections, in order. To add one, append a void(report::Report&, const study::StudyResult&) here.
std::vector<study::StudySection> report_sections(const ReproduceOptions& opt) {
    std::vector<study::StudySection> sections = study::default_study_sections();
    sections.push_back([](report::Report& r, const study::StudyResult&) {
        // Exact data and the seed's values with their explanations; `nnft table` adds sampled replicas.
        study::PaperTableSettings table;
        table.sampled = false;
        study::add_paper_table_section(r, study::paper_table(table));
    });
    if (!opt.no_predictions)
        sections.push_back([](report::Report& r, const study::StudyResult& study) { study::add_six_point_section(r, study.settings.nets); });
    return sections;
}

void run_reproduce(const ReproduceOptions& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    const study::StudySettings settings = settings_from(opt);
    const std::vector<study::StudyUnit> units = study::study_units(settings);
    const study::JobEstimate estimate = study::estimate_job(units, opt.max_core_hours);
    const unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    Progress progress("nnft reproduce");
    check_and_announce(opt, units, estimate, threads, progress);
    if (opt.dry_run) {
        const nlohmann::json j = {{"units", units.size()}, {"networks", estimate.networks}, {"neuron_evaluations", estimate.neuron_evaluations},
                                  {"moment_updates", estimate.moment_updates}, {"core_seconds", estimate.core_seconds}, {"threads", threads}};
        write_output("-", opt.json ? j.dump(2) + "\n" : std::string());
        return;
    }
    const std::filesystem::path unit_dir = prepare_unit_dir(opt);
    study::StudyCost cost;
    cost.threads = threads;
    const std::vector<sampler::EnsembleState> states = sample_units(opt, units, unit_dir, cost, progress);
    progress.note("nnft reproduce: analysing (exact correlators, fits, running couplings)");
    study::StudyResult result = study::analyse_study(settings, units, states, progress.callback());
    result.estimate = estimate;
    cost.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    result.cost = cost;
    std::vector<study::StudySection> sections = report_sections(opt);
    for (std::size_t k = 0; k < sections.size(); ++k)  // the six-point sweep alone takes ~30 s: show the sections
        sections[k] = [inner = sections[k], k, n = sections.size(), &progress](report::Report& r, const study::StudyResult& s) {
            inner(r, s);
            progress.update(k + 1, n, "report sections");
        };
    report::Report rep = study::study_report(result, sections);
    const ReportWriteSummary w = write_report_dir(rep, opt.out, opt.plot);
    progress.finish();
    inform("nnft reproduce: report written to " + opt.out + " (report.md, report.json, " + std::to_string(w.plots) + " plots, " +
           std::to_string(w.rendered) + " rendered" + (w.renderer.empty() ? "" : "; " + w.renderer) + ")");
    write_output("-", opt.json ? rep.json().dump(2) + "\n" : rep.markdown());
}

}  // namespace

void setup_reproduce(CLI::App& app) {
    auto opt = std::make_shared<ReproduceOptions>();
    auto* sub = app.add_subcommand("reproduce", "The full-size study of arXiv:2008.08601 into a report folder (resumable)");
    sub->add_option("--out,-o", opt->out, "Report folder (report.md, report.json, plots/, units/ checkpoints)")->required();
    sub->add_option("--networks", opt->networks, "Networks per ensemble")->capture_default_str();
    sub->add_option("--threads", opt->threads, "Sampling threads (default: all cores; never changes the result)");
    sub->add_flag("--resume", opt->resume, "Continue the run whose checkpoints are in --out (finished ensembles are reused)");
    sub->add_option("--nets", opt->nets, "Networks to study, comma-separated")->capture_default_str();
    sub->add_option("--widths", opt->widths, "Widths, comma-separated and increasing (default: the paper's 2,3,4,5,10,20,50,100,500,1000)");
    sub->add_option("--din", opt->din, "ReLU running-coupling sweeps for these d_in ('none' to skip)")->capture_default_str();
    sub->add_option("--estimator", opt->estimator, "plain or conditioned (integrate the Gaussian output layer analytically)")
        ->capture_default_str()
        ->check(CLI::IsMember({"plain", "conditioned"}));
    sub->add_option("--seed", opt->seed, "Base seed")->capture_default_str();
    sub->add_option("--checkpoint-every", opt->checkpoint_every, "Seconds between checkpoints of the running ensemble")->capture_default_str();
    sub->add_option("--max-memory-gb", opt->max_memory_gb, "Refuse ensembles whose tables need more memory")->capture_default_str();
    sub->add_option("--max-core-hours", opt->max_core_hours, "Refuse studies whose estimated sampling cost is larger")->capture_default_str();
    add_plot_options(*sub, opt->plot);
    sub->add_flag("--dry-run", opt->dry_run, "Print the job-size estimate and stop");
    sub->add_flag("--no-predictions", opt->no_predictions, "Skip the 6-point prediction sweep over cutoffs (exact data, ~30 s for Erf)");
    sub->add_flag("--json", opt->json, "Print report.json on stdout instead of report.md");
    sub->callback([opt] { run_reproduce(*opt); });
}

}  // namespace nnft::app
