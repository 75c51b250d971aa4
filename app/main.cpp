/// nnft: the command-line front end. Registers the subcommands and maps errors to exit codes.
#include "app/command.hpp"
#include "app/option_checks.hpp"
#include "app/progress.hpp"
#include "app/suggest.hpp"
#include "common/error.hpp"

#include <iostream>

int main(int argc, char** argv) {
    using namespace nnft::app;
    CLI::App app{"nnft: Feynman diagrams, integrals and sampled ensembles for neural-network field theory"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "nnft 0.1.0");
    setup_check(app);
    setup_diagrams(app);
    setup_correlator(app);
    setup_integrate(app);
    setup_fit(app);
    setup_beta(app);
    setup_rg(app);
    setup_sample(app);
    setup_exact(app);
    setup_expand(app);
    setup_compare(app);
    setup_merge(app);
    setup_table(app);
    setup_action(app);
    setup_symmetry(app);
    setup_reproduce(app);
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
