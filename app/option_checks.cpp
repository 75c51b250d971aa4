#include "app/option_checks.hpp"

#include "common/limits.hpp"
#include "study/network_request.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <sstream>
#include <string>

namespace nnft::app {

namespace {

/// The number in `text` when all of it is one (strtod syntax, surrounding blanks allowed); false otherwise.
bool read_number(const std::string& text, double& value) {
    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    value = std::strtod(begin, &end);
    if (end == begin) return false;
    while (*end == ' ' || *end == '\t') ++end;
    return *end == '\0';
}

/// A validator from a rule on the number: the rule returns "" when the value is fine, else what is expected.
CLI::Validator number_rule(const std::function<std::string(double)>& rule) {
    return CLI::Validator(
        [rule](std::string& text) -> std::string {
            double v = 0.0;
            if (!read_number(text, v)) return "expected a number, got '" + text + "'";
            const std::string expected = rule(v);
            return expected.empty() ? std::string() : "expected " + expected + ", got " + text;
        },
        "");
}

CLI::Validator no_nan() {
    return number_rule([](double v) { return std::isnan(v) ? "a number" : ""; });
}

CLI::Validator finite() {
    return number_rule([](double v) { return std::isfinite(v) ? "" : "a finite number"; });
}

CLI::Validator positive_finite() {
    return number_rule([](double v) { return std::isfinite(v) && v > 0.0 ? "" : "a positive finite number"; });
}

CLI::Validator open_unit_interval() {
    return number_rule([](double v) { return v > 0.0 && v < 1.0 ? "" : "a number between 0 and 1 (exclusive)"; });
}

CLI::Validator checkpoint_interval() {
    return number_rule([](double v) {
        const std::string problem = checkpoint_interval_problem(v);
        return problem.empty() ? problem : problem.substr(std::string("expected ").size());
    });
}

/// Integers: a whole number (no fraction, not nan) whose magnitude fits the option's type; negative values are
/// refused for unsigned options, since the conversion would wrap them to 2^64 - k.
CLI::Validator whole_number(bool is_unsigned) {
    return CLI::Validator(
        [is_unsigned](std::string& text) -> std::string {
            const auto first = text.find_first_not_of(" \t");
            if (is_unsigned && first != std::string::npos && text[first] == '-')
                return "a negative number is not allowed here (got " + text + ")";
            double v = 0.0;
            if (!read_number(text, v)) return "";  // not a number: CLI11's own conversion reports it
            if (std::isnan(v) || v != std::floor(v)) return "expected a whole number, got " + text;
            if (std::fabs(v) >= 9.2e18) return "expected a whole number below 9.2e18, got " + text;
            return "";
        },
        "");
}

CLI::Validator non_negative() {
    return number_rule([](double v) { return v >= 0.0 ? "" : "a non-negative number"; });
}

CLI::Validator non_empty() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            return text.find_first_not_of(" \t") == std::string::npos ? "expected a value, got an empty text" : "";
        },
        "");
}

CLI::Validator depth_limit() {
    return number_rule([](double v) {
        return v <= study::kMaxKernelDepth ? "" : "at most " + std::to_string(study::kMaxKernelDepth) + " hidden layers";
    });
}

CLI::Validator thread_count() {
    return number_rule([](double v) {
        const std::string problem = threads_problem(v);
        return problem.empty() ? problem : problem.substr(std::string("expected ").size());
    });
}

/// Checks added by option name to every subcommand that has the option.
const std::map<std::string, std::function<CLI::Validator()>>& named_checks() {
    static const std::map<std::string, std::function<CLI::Validator()>> checks = {
        {"--sigma-w", finite},           {"--sigma-b", finite},
        {"--mu-w", finite},              {"--mu-b", finite},
        {"--threshold", open_unit_interval},
        {"--max-memory-gb", positive_finite},
        {"--max-core-hours", positive_finite},
        {"--checkpoint-every", checkpoint_interval},
        {"--min-cutoff", positive_finite},
        {"--threads", thread_count},     {"--depth", depth_limit},
        {"--max-order", non_negative},   {"--max-classes", non_negative},
        {"--order", non_empty},          {"--models", non_empty},
    };
    return checks;
}

}  // namespace

void apply_option_checks(CLI::App& app) {
    for (CLI::App* sub : app.get_subcommands({}))
        for (CLI::Option* opt : sub->get_options()) {
            const std::string type = opt->get_type_name();
            if (type.rfind("UINT", 0) == 0) opt->check(whole_number(true));
            else if (type.rfind("INT", 0) == 0) opt->check(whole_number(false));
            else if (type.rfind("FLOAT", 0) == 0) opt->check(no_nan());
            const auto it = named_checks().find("--" + opt->get_single_name());
            if (it != named_checks().end()) opt->check(it->second());
        }
}

}  // namespace nnft::app
