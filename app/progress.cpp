#include "app/progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace nnft::app {

namespace {

bool g_quiet = false;

// A terminal line is redrawn at most this often (10 times a second).
constexpr double kRedrawSeconds = 0.1;
// On a terminal, nothing is drawn for jobs shorter than this (no flicker from fast commands).
constexpr double kTerminalDelaySeconds = 1.0;

std::string duration_text(double s) {
    char buf[48];
    if (s < 10) std::snprintf(buf, sizeof buf, "%.1f s", s);
    else if (s < 60) std::snprintf(buf, sizeof buf, "%.0f s", s);
    else if (s < 3600) std::snprintf(buf, sizeof buf, "%d min %02d s", static_cast<int>(s / 60), static_cast<int>(s) % 60);
    else std::snprintf(buf, sizeof buf, "%d h %02d min", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60);
    return buf;
}

// The terminal's width in columns (80 when it cannot be read).
std::size_t terminal_columns() {
    winsize w{};
    if (::ioctl(2, TIOCGWINSZ, &w) == 0 && w.ws_col > 10) return w.ws_col;
    return 80;
}

}  // namespace

void add_quiet_flags(CLI::App& app) {
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        sub->add_flag("--quiet", g_quiet, "No progress or status lines on stderr (errors still go there)");
}

bool quiet() { return g_quiet; }

void inform(const std::string& line) {
    if (!g_quiet) std::cerr << line << "\n" << std::flush;
}

double progress_interval() {
    if (const char* v = std::getenv("NNFT_PROGRESS_INTERVAL")) {
        char* end = nullptr;
        const double s = std::strtod(v, &end);
        if (end != v && *end == '\0' && s >= 0 && std::isfinite(s)) return s;
    }
    return 10.0;
}

Progress::Progress(std::string command)
    : command_(std::move(command)), tty_(::isatty(2) != 0), interval_(progress_interval()), start_(Clock::now()),
      phase_start_(start_), last_(start_), last_report_(start_) {}

Progress::~Progress() {
    const std::lock_guard<std::mutex> lock(mutex_);
    clear_line();
}

ProgressFn Progress::callback() {
    if (g_quiet) return {};
    return [this](std::uint64_t done, std::uint64_t total, const std::string& what) { update(done, total, what); };
}

void Progress::resume_from(std::uint64_t done) {
    const std::lock_guard<std::mutex> lock(mutex_);
    next_baseline_ = done;
}

void Progress::update(std::uint64_t done, std::uint64_t total, const std::string& what) {
    if (g_quiet) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto now = Clock::now();
    if (!started_phase_ || what != phase_) {
        // A new phase: its rate counts from the end of the previous one.
        phase_ = what;
        phase_start_ = started_phase_ ? last_report_ : start_;
        baseline_ = next_baseline_;
        next_baseline_ = 0;
        started_phase_ = true;
    }
    last_report_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (tty_) {
        if (elapsed < std::min(kTerminalDelaySeconds, interval_) || (drawn_ && since < kRedrawSeconds)) return;
    } else if (since < interval_) {
        return;
    }
    draw(done, total, now);
    last_ = now;
}

void Progress::draw(std::uint64_t done, std::uint64_t total, Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double in_phase = std::chrono::duration<double>(now - phase_start_).count();
    const double rate = in_phase > 0 && done > baseline_ ? static_cast<double>(done - baseline_) / in_phase : 0.0;
    std::ostringstream os;
    os << command_ << ": " << phase_ << " " << done;
    if (total > 0) {
        char pct[32];
        std::snprintf(pct, sizeof pct, " (%.1f%%)", 100.0 * static_cast<double>(done) / static_cast<double>(total));
        os << "/" << total << pct;
    }
    os << " after " << duration_text(elapsed);
    if (rate > 0) {
        char r[32];
        std::snprintf(r, sizeof r, ", %.3g/s", rate);
        os << r;
        if (total > done) os << ", ETA " << duration_text(static_cast<double>(total - done) / rate);
    }
    std::string line = os.str();
    if (tty_) {
        const std::size_t columns = terminal_columns();
        if (line.size() >= columns) line.resize(columns - 1);
        std::cerr << "\r" << line << "\033[K" << std::flush;
        drawn_ = true;
    } else {
        std::cerr << line << "\n" << std::flush;
        wrote_plain_ = true;
    }
}

void Progress::clear_line() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
}

void Progress::note(const std::string& line) {
    if (g_quiet) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    clear_line();
    std::cerr << line << "\n" << std::flush;
}

void Progress::finish() {
    if (g_quiet) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    clear_line();
    if (wrote_plain_) {
        std::cerr << command_ << ": done after "
                  << duration_text(std::chrono::duration<double>(Clock::now() - start_).count()) << "\n" << std::flush;
        wrote_plain_ = false;
    }
}

}  // namespace nnft::app
