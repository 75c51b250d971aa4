#pragma once
/// \file The progress display of every long-running command, on stderr (stdout carries the result): on a terminal
/// one line redrawn in place (`\r`, at most 10 times a second) with done/total, rate and ETA; otherwise a plain
/// line every NNFT_PROGRESS_INTERVAL seconds (default 10, so jobs shorter than that print none); nothing at all
/// under `--quiet`. The library reports through nnft::ProgressFn (common/progress.hpp) and never prints.
#include "common/progress.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace nnft::app {

/// Register `--quiet` on every subcommand of `app` (call after the subcommands are set up).
void add_quiet_flags(CLI::App& app);

/// True when the command line has `--quiet`.
bool quiet();

/// An informational line on stderr (a status, not an error), unless `--quiet`; `line` ends without a newline.
void inform(const std::string& line);

/// Seconds between plain progress lines: NNFT_PROGRESS_INTERVAL when set to a number >= 0 (0: every report,
/// which the CLI tests use), else 10.
double progress_interval();

/// One command's progress display (see the file comment). Thread-safe; the phase is the report's `what`.
class Progress {
public:
    /// `command` starts each line, e.g. "nnft integrate".
    explicit Progress(std::string command);
    /// Clears a line drawn on the terminal.
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    /// A report: `done` of `total` (0: unknown) units of the phase `what`.
    void update(std::uint64_t done, std::uint64_t total, const std::string& what);
    /// The observer to hand to a library call (it refers to this object); empty under --quiet.
    ProgressFn callback();
    /// The next phase's rate counts from `done` (a resumed run: the work done before it is not this run's rate).
    void resume_from(std::uint64_t done);
    /// An informational line (unless --quiet), written so that it does not mix with a line drawn on the terminal.
    void note(const std::string& line);
    /// The end of a successful run: clears the terminal line, or, where plain lines were written, writes the total
    /// time.
    void finish();

private:
    using Clock = std::chrono::steady_clock;
    void draw(std::uint64_t done, std::uint64_t total, Clock::time_point now);
    void clear_line();

    std::string command_;
    bool tty_;
    double interval_;
    std::mutex mutex_;
    Clock::time_point start_, phase_start_, last_, last_report_;  // last_: last line drawn
    std::string phase_;
    std::uint64_t baseline_ = 0, next_baseline_ = 0;
    bool drawn_ = false;         // a terminal line is showing
    bool wrote_plain_ = false;   // a plain line was written
    bool started_phase_ = false;
};

}  // namespace nnft::app
