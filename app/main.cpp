/// nnft: the command-line front end. Registers the subcommands and maps errors to exit codes.
#include "app/command.hpp"
#include "app/option_checks.hpp"
#include "app/progress.hpp"
#include "app/suggest.hpp"
#include "common/error.hpp"

#include <iostream>
#include <string_view>

namespace {

/// One subcommand and its registration function, in the order `nnft --help` lists them.
struct Command {
    const char* name;               ///< the subcommand's name
    void (*setup)(CLI::App& app);   ///< adds it with all its options
};

constexpr Command kCommands[] = {
    {"check", nnft::app::setup_check},         {"diagrams", nnft::app::setup_diagrams}, {"correlator", nnft::app::setup_correlator},
    {"integrate", nnft::app::setup_integrate}, {"fit", nnft::app::setup_fit},           {"beta", nnft::app::setup_beta},
    {"rg", nnft::app::setup_rg},               {"sample", nnft::app::setup_sample},     {"exact", nnft::app::setup_exact},
    {"expand", nnft::app::setup_expand},       {"compare", nnft::app::setup_compare},   {"merge", nnft::app::setup_merge},
    {"table", nnft::app::setup_table},         {"action", nnft::app::setup_action},     {"symmetry", nnft::app::setup_symmetry},
    {"reproduce", nnft::app::setup_reproduce},
};

/// Registers the subcommands that parsing `argv` can reach. Registering every option of every subcommand costs
/// more than the rest of a small command's start-up (docs/performance.md#start-up), so when argv[1] names a
/// subcommand only that one is added (the others cannot follow it: one subcommand per call), and a lone
/// --version needs none; anything else (help, a misspelt or missing subcommand) gets them all, so that help
/// lists them and suggestions see them.
void register_commands(CLI::App& app, int argc, char** argv) {
    if (argc == 2 && std::string_view(argv[1]) == "--version") return;
    if (argc >= 2)
        for (const Command& c : kCommands)
            if (std::string_view(argv[1]) == c.name) return c.setup(app);
    for (const Command& c : kCommands) c.setup(app);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace nnft::app;
    CLI::App app{"nnft: Feynman diagrams, integrals and sampled ensembles for neural-network field theory"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "nnft 0.1.0");
    register_commands(app, argc, argv);
    add_quiet_flags(app);
    apply_option_checks(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        const std::vector<std::string> rest = app.remaining(true);
        for (std::size_t i = 0; i < rest.size(); ++i) {
            if (rest[i].rfind('-', 0) != 0 && i > 0) continue;  // only the first bare word can be a subcommand
            if (const std::string s = suggestion(app, rest[i]); !s.empty())
                std::cerr << "did you mean '" << s << "' (for '" << rest[i] << "')?\n";
        }
        return kExitBadInput;
    } catch (const CommandExit& e) {
        return e.code;
    } catch (const nnft::Error& e) {
        std::cerr << "nnft: error: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const nnft::InternalError& e) {
        std::cerr << "nnft: internal error (please report): " << e.what() << "\n";
        return kExitInternal;
    } catch (const std::bad_alloc&) {
        std::cerr << "nnft: out of memory: reduce the size of the request\n";
        return kExitInternal;
    } catch (const std::exception& e) {
        std::cerr << "nnft: internal error (please report): " << e.what() << "\n";
        return kExitInternal;
    }
    return kExitOk;
}
