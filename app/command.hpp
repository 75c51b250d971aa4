#pragma once
/// \file Conventions shared by the nnft subcommands (one subcommand per file).
#include <CLI/CLI.hpp>

#include <fstream>
#include <memory>
#include <ostream>
#include <string>

namespace nnft::app {

/// Exit codes of the nnft binary.
enum ExitCode : int {
    kExitOk = 0,           ///< success
    kExitCheckFailed = 1,  ///< a cross-check ran and failed
    kExitBadInput = 2,     ///< bad command line, theory text, inputs or files
    kExitInternal = 3,     ///< a bug in nnft (an internal invariant failed)
    kExitIncomplete = 4,   ///< the result was written, but a requested number could not be computed (integrate)
};

/// Thrown by a subcommand to end the program with a given exit code after it printed its result.
struct CommandExit {
    int code;  ///< the process exit code
};

/// Write `text` to `path` atomically (temporary file in the same folder, then rename); "-" is stdout.
void write_output(const std::string& path, const std::string& text);

/// An output written piece by piece to `path` ("-" or "" = stdout) and replaced atomically: the pieces go to a
/// temporary file in the same folder, which commit() renames onto `path`; without commit() (an exception) the
/// temporary file is removed and an existing `path` is left untouched.
/// A symlink is written through (its target is replaced, the link stays) and an existing file keeps its permission bits.
class AtomicOutput {
public:
    /// Opens the temporary file (or stdout); throws nnft::Error when it cannot be created.
    explicit AtomicOutput(const std::string& path);
    /// Removes the temporary file unless committed.
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;
    /// The stream to write to.
    std::ostream& stream();
    /// Flushes, checks for write errors and moves the file into place; throws nnft::Error naming the problem.
    void commit();
    /// A scratch file for data to be copied into the output later (a spool), opened for reading and writing and
    /// already unlinked: in the output's folder, or the temporary folder for stdout.
    std::unique_ptr<std::fstream> scratch() const;

private:
    std::string path_, tmp_;
    std::unique_ptr<std::ofstream> file_;
    bool committed_ = false;
};

/// Register --json on a command that always writes one JSON document (sample, exact, merge), so that every
/// command accepts it.
void add_always_json_flag(CLI::App* sub);

/// Refuse an output path (the option `option`, --out by default) whose folder is missing or not writable, or that
/// names a folder, before any work is done ("-" and "" are stdout); throws nnft::Error naming the fix.
void check_output_path(const std::string& path, const char* option = "--out");

/// Create a report folder (`--out DIR/`) and check that files can be written in it, before any work is done.
void check_report_dir(const std::string& dir);

/// The whole content of a file; throws nnft::Error naming `what` and the path when it cannot be read.
std::string read_text_file(const std::string& path, const char* what);

}  // namespace nnft::app

/// Registration functions: each adds one subcommand to the application.
namespace nnft::app {
/// `nnft check`: the main end-to-end job on embedded defaults.
void setup_check(CLI::App& app);
/// `nnft diagrams`: diagram classes of an n-point function.
void setup_diagrams(CLI::App& app);
/// `nnft correlator`: exact correlator formula.
void setup_correlator(CLI::App& app);
/// `nnft integrate`: numeric values of a correlator for a network kernel.
void setup_integrate(CLI::App& app);
/// `nnft fit`: fits of EFT couplings to connected 4-point data.
void setup_fit(CLI::App& app);
/// `nnft beta`: symbolic beta function of a local coupling.
void setup_beta(CLI::App& app);
/// `nnft rg`: running quartic coupling and its slope.
void setup_rg(CLI::App& app);
/// `nnft sample`: Monte Carlo correlators of random-network ensembles.
void setup_sample(CLI::App& app);
/// `nnft exact`: exact finite-width correlators of single-layer networks.
void setup_exact(CLI::App& app);
/// `nnft expand`: the 1/N expansion of a deep network's correlators.
void setup_expand(CLI::App& app);
/// `nnft compare`: pulls between two correlator documents.
void setup_compare(CLI::App& app);
/// `nnft merge`: combine shards of a sampling run.
void setup_merge(CLI::App& app);
/// `nnft table`: the paper's coupling table regenerated, next to the seed's values.
void setup_table(CLI::App& app);
/// `nnft action`: quartic coupling of the action from connected correlators vs the fitted λ0.
void setup_action(CLI::App& app);
/// `nnft symmetry`: symmetry-via-duality tests with error bars.
void setup_symmetry(CLI::App& app);
/// `nnft reproduce`: the full-size study of 2008.08601 into a report folder.
void setup_reproduce(CLI::App& app);
}  // namespace nnft::app
