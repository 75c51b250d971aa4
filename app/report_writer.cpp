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

std::string first_line(const std::string& s) {
    const std::string line = s.substr(0, s.find('\n'));
    return line.size() > 200 ? line.substr(0, 200) + "…" : line;
}

}  // namespace

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
    std::string missing;  // set once gnuplot is known not to start: the other plots are not tried
    for (const auto& p : rep.plots()) {
        report::PlotStatus st;
        if (gnuplot == "none") {
            st.note = "rendering disabled (--gnuplot none)";
        } else if (!missing.empty()) {
            st.note = missing;
        } else {
            const std::string stem = "." + p.name + ".tmp." + std::to_string(::getpid());
            const RunOutcome run = run_gnuplot(gnuplot, plots, stem, p.name + ".gp");
            const fs::path png = plots / (stem + ".png"), svg = plots / (stem + ".svg");
            if (!run.started) {
                missing = "gnuplot '" + gnuplot + "' could not be run (not installed? on Debian: apt-get install gnuplot-nox)";
                st.note = missing;
            } else if (run.status != 0 || !fs::exists(png) || !fs::exists(svg)) {
                st.note = "gnuplot failed (exit " + std::to_string(run.status) + "): " + first_line(run.output);
            } else {
                fs::rename(png, plots / (p.name + ".png"), ec);
                if (!ec) fs::rename(svg, plots / (p.name + ".svg"), ec);
                if (ec) {
                    st.note = "could not move the images into place: " + ec.message();
                } else {
                    st.rendered = true;
                    st.images = {"plots/" + p.name + ".png", "plots/" + p.name + ".svg"};
                    ++summary.rendered;
                }
            }
            fs::remove(png, ec);
            fs::remove(svg, ec);
        }
        rep.set_plot_status(p.name, st);
    }
    if (summary.rendered < summary.plots) {
        summary.renderer = gnuplot == "none"    ? "rendering disabled (--gnuplot none); data files and gnuplot scripts are in plots/"
                           : !missing.empty()   ? missing + "; data files and gnuplot scripts are in plots/"
                                                : std::to_string(summary.plots - summary.rendered) + " of " +
                                                      std::to_string(summary.plots) + " plots failed to render (see each plot's note)";
        rep.set_renderer_note(summary.renderer);
    }
    for (const auto& f : report::document_files(rep)) write_output((root / f.path).string(), f.content);
    return summary;
}

}  // namespace nnft::app
