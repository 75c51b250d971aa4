#include "app/report_writer.hpp"

#include "app/command.hpp"
#include "common/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace nnft::app {

namespace {

namespace fs = std::filesystem;

/// Outcome of one gnuplot run.
struct RunOutcome {
    bool started = false;  ///< the program could be executed
    int status = -1;       ///< exit status (when started)
    std::string output;    ///< its stderr/stdout (first lines)
};

/// Run `program -e "outbase='stem'" script` in `folder`, capturing its output in a log file there.
RunOutcome run_gnuplot(const std::string& program, const fs::path& folder, const std::string& stem, const std::string& script) {
    RunOutcome out;
    const fs::path log = folder / (stem + ".log");
    const std::string outbase = "outbase='" + stem + "'";
    const pid_t pid = ::fork();
    if (pid < 0) {
        out.output = std::string("fork failed: ") + std::strerror(errno);
        return out;
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls until exec.
        if (::chdir(folder.c_str()) != 0) ::_exit(126);
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::close(fd);
        }
        const char* argv[] = {program.c_str(), "-e", outbase.c_str(), script.c_str(), nullptr};
        ::execvp(program.c_str(), const_cast<char* const*>(argv));
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) break;
    std::ifstream in(log);
    std::ostringstream text;
    text << in.rdbuf();
    out.output = text.str();
    std::error_code ec;
    fs::remove(log, ec);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return out;  // exec failed: not found
    out.started = true;
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return out;
}

std::string cannot_run(const std::string& gnuplot) {
    return "gnuplot '" + gnuplot + "' could not be run (not installed? on Debian: apt-get install gnuplot-nox)";
}

std::string first_line(const std::string& s) {
    const std::string line = s.substr(0, s.find('\n'));
    return line.size() > 200 ? line.substr(0, 200) + "…" : line;
}

/// Move one rendered file from its temporary stem to its final name. A LaTeX file names its graphics file
/// by stem (\includegraphics{stem-tex}): that reference is rewritten on the way.
void move_into_place(const fs::path& folder, const std::string& from, const std::string& to, const std::string& tmp_stem,
                     const std::string& stem) {
    if (from.size() > 4 && from.compare(from.size() - 4, 4, ".tex") == 0) {
        std::string text = read_text_file((folder / from).string(), "LaTeX plot");
        for (std::size_t at = text.find(tmp_stem); at != std::string::npos; at = text.find(tmp_stem, at + stem.size()))
            text.replace(at, tmp_stem.size(), stem);
        write_output((folder / to).string(), text);
        fs::remove(folder / from);
        return;
    }
    fs::rename(folder / from, folder / to);
}

/// Render one plot in the report's formats and move its files into place.
report::PlotStatus render_plot(const std::string& gnuplot, const fs::path& plots, const std::string& name,
                               const std::vector<report::PlotFormat>& formats, bool& not_found) {
    report::PlotStatus st;
    const std::string stem = "." + name + ".tmp." + std::to_string(::getpid());
    const RunOutcome run = run_gnuplot(gnuplot, plots, stem, name + ".gp");
    std::vector<std::pair<std::string, std::string>> made;  // (temporary, final) file names
    std::string missing;
    for (report::PlotFormat f : formats) {
        const auto tmp = report::plot_format_files(f, stem), fin = report::plot_format_files(f, name);
        for (std::size_t i = 0; i < tmp.size(); ++i) {
            if (fs::exists(plots / tmp[i])) made.push_back({tmp[i], fin[i]});
            else missing += (missing.empty() ? "" : ", ") + fin[i];
        }
    }
    if (!run.started) {
        not_found = true;
        st.note = cannot_run(gnuplot);
    } else if (run.status != 0 || !missing.empty()) {
        st.note = "gnuplot failed (exit " + std::to_string(run.status) + (missing.empty() ? "" : ", not written: " + missing) +
                  ")" + (run.output.empty() ? "" : ": " + first_line(run.output));
    }
    try {
        for (const auto& [from, to] : made) {
            move_into_place(plots, from, to, stem, name);
            st.images.push_back("plots/" + to);
        }
    } catch (const std::exception& e) {
        st.note = std::string("could not move the images into place: ") + e.what();
    }
    std::error_code ec;
    for (const auto& [from, to] : made) fs::remove(plots / from, ec);
    st.rendered = st.note.empty() && !st.images.empty();
    return st;
}

}  // namespace

void add_plot_options(CLI::App& sub, PlotOptions& opt) {
    sub.add_option("--gnuplot", opt.gnuplot, "gnuplot program that renders the report folder's plots ('none': data and scripts only)")
        ->capture_default_str();
    sub.add_option("--plot-format", opt.formats,
                   "Plot formats of the report folder, comma-separated: png, svg, pdf, tex (cairolatex), epslatex")
        ->capture_default_str()
        ->check(CLI::Validator(
            [](std::string& list) {
                try {
                    report::parse_plot_formats(list);
                } catch (const Error& e) {
                    return std::string(e.what());
                }
                return std::string();
            },
            "FORMATS"));
}

ReportWriteSummary write_report_dir(report::Report& report, const std::string& dir, const PlotOptions& plot) {
    report.set_plot_formats(report::parse_plot_formats(plot.formats));
    return write_report_dir(report, dir, plot.gnuplot);
}

bool is_report_dir(const std::string& path) {
    if (path.empty() || path == "-") return false;
    if (path.back() == '/') return true;
    std::error_code ec;
    return fs::is_directory(path, ec);
}

ReportWriteSummary write_report_dir(report::Report& rep, const std::string& dir, const std::string& gnuplot) {
    const fs::path root(dir);
    const fs::path plots = root / "plots";
    std::error_code ec;
    fs::create_directories(plots, ec);
    if (ec) throw Error("cannot create the report folder '" + plots.string() + "' (" + ec.message() + "): choose a writable --out folder");
    for (const auto& f : report::plot_files(rep)) write_output((root / f.path).string(), f.content);
    ReportWriteSummary summary;
    summary.plots = static_cast<int>(rep.plots().size());
    bool not_found = false;  // set once gnuplot is known not to start: the other plots are not tried
    for (const auto& p : rep.plots()) {
        report::PlotStatus st;
        if (gnuplot == "none") st.note = "rendering disabled (--gnuplot none)";
        else if (not_found) st.note = cannot_run(gnuplot);
        else st = render_plot(gnuplot, plots, p.name, rep.plot_formats(), not_found);
        if (st.rendered) ++summary.rendered;
        rep.set_plot_status(p.name, st);
    }
    if (summary.rendered < summary.plots) {
        summary.renderer = gnuplot == "none" ? "rendering disabled (--gnuplot none); data files and gnuplot scripts are in plots/"
                           : not_found       ? cannot_run(gnuplot) + "; data files and gnuplot scripts are in plots/"
                                                : std::to_string(summary.plots - summary.rendered) + " of " +
                                                      std::to_string(summary.plots) + " plots failed to render (see each plot's note)";
        rep.set_renderer_note(summary.renderer);
    }
    for (const auto& f : report::document_files(rep)) write_output((root / f.path).string(), f.content);
    return summary;
}

}  // namespace nnft::app
