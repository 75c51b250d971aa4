#include "app/suggest.hpp"

#include <algorithm>
#include <vector>

namespace nnft::app {

namespace {

// Levenshtein distance (insertions, deletions, substitutions).
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// The words a misspelt token may have meant: subcommand names, or the long options of the command in use.
std::vector<std::string> candidates(const CLI::App& app, bool option) {
    std::vector<std::string> out;
    const auto used = app.get_subcommands();
    if (!option) {
        for (const CLI::App* sub : app.get_subcommands({})) out.push_back(sub->get_name());
        return out;
    }
    const CLI::App* scope = used.empty() ? &app : used.front();
    for (const CLI::Option* opt : scope->get_options())
        for (const auto& name : opt->get_lnames()) out.push_back("--" + name);
    return out;
}

}  // namespace

std::string suggestion(const CLI::App& app, const std::string& token) {
    const bool option = token.rfind("--", 0) == 0;
    if (!option && token.rfind('-', 0) == 0) return {};
    if (!option && !app.get_subcommands().empty()) return {};  // a bare word after the subcommand is a value
    const std::string word = token.substr(0, token.find('='));
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& name : candidates(app, option)) {
        const std::size_t d = edit_distance(word, name);
        if (d < best_distance) {
            best_distance = d;
            best = name;
        }
    }
    return best;
}

}  // namespace nnft::app
