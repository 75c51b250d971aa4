/// Width estimate of the printer's LaTeX (symbolic/detail/latex_width.hpp). The glyph widths are those of
/// Computer Modern at 10 pt (cmmi10 for math italic, cmr10 for roman and digits), rounded up; the constants
/// were checked against pdflatex's \settowidth on the printer's terms (docs/commands/correlator.md).
#include "symbolic/detail/latex_width.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>

namespace nnft::symbolic::detail {

namespace {

constexpr double kThin = 1.67, kMedium = 2.22, kThick = 2.78, kScriptSpace = 0.5;

/// Math italic (or roman) width of a letter.
double letter_width(char c, bool roman) {
    static const std::map<char, double> italic = {
        {'K', 8.7}, {'L', 6.9}, {'G', 7.9}, {'y', 4.9}, {'z', 4.7}, {'w', 7.2}, {'x', 5.8}, {'d', 5.3},
        {'i', 3.5}, {'n', 6.1}, {'c', 4.4}, {'l', 3.0}, {'j', 4.2}, {'f', 4.9}, {'m', 8.8}};
    static const std::map<char, double> upright = {{'i', 2.8}, {'l', 2.8}, {'t', 3.9}, {'r', 3.95}, {'s', 4.0},
                                                   {'m', 8.4}, {'w', 7.3}, {'f', 3.1}, {'j', 3.1}};
    const auto& table = roman ? upright : italic;
    if (const auto it = table.find(c); it != table.end()) return it->second;
    if (std::isupper(static_cast<unsigned char>(c))) return roman ? 7.5 : 8.0;
    return roman ? 5.6 : 5.8;
}

/// Width of one character (not a letter) at `scale`, with the spacing TeX puts around it in text-size math.
double symbol_width(char c, double scale) {
    const bool full = scale >= 1;
    switch (c) {
        case '+': case '-': return 7.8 * scale + (full ? 2 * kMedium : 0);
        case '=': case '<': case '>': return 7.8 * scale + (full ? 2 * kThick : 0);
        case '(': case ')': return 3.9 * scale;
        case '[': case ']': case '|': case '.': return 2.8 * scale;
        case ',': return 2.8 * scale + (full ? kThin : 0);
        case '/': return 5.0 * scale;
        default: return 5.0 * scale;  // digits and anything else
    }
}

double read_item(const std::string& s, std::size_t& i, double scale, bool roman);

/// Items up to the closing brace of the current group (or the end).
double read_list(const std::string& s, std::size_t& i, double scale, bool roman) {
    double w = 0;
    while (i < s.size() && s[i] != '}') w += read_item(s, i, scale, roman);
    return w;
}

/// A macro argument: a braced group or a single item.
double read_argument(const std::string& s, std::size_t& i, double scale, bool roman) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) return 0;
    if (s[i] != '{') return read_item(s, i, scale, roman);
    ++i;
    const double w = read_list(s, i, scale, roman);
    if (i < s.size()) ++i;  // the closing brace
    return w;
}

/// A subscript or superscript (its '^' or '_' already read), and a second one of the other kind right after it:
/// the two stack, so the wider counts. Script fonts (7 pt, 5 pt) are relatively wider than 10 pt: 85 %, 75 %.
double scripts_width(const std::string& s, std::size_t& i, double scale, bool roman) {
    const double inner = scale >= 1 ? 0.85 : 0.75;
    const char kind = s[i - 1];
    double w = read_argument(s, i, inner, roman);
    if (i < s.size() && (s[i] == '^' || s[i] == '_') && s[i] != kind) {
        ++i;
        w = std::max(w, read_argument(s, i, inner, roman));
    }
    return w + kScriptSpace;
}

/// Width of a control word, its arguments read from s[i...].
double command_width(const std::string& name, const std::string& s, std::size_t& i, double scale, bool roman) {
    static const std::map<std::string, double> fixed = {
        {"lambda", 5.9}, {"kappa", 5.8}, {"alpha", 6.5}, {"beta", 5.7}, {"gamma", 5.2}, {"delta", 4.5},
        {"mu", 6.1}, {"nu", 5.2}, {"sigma", 5.8}, {"omega", 6.3}, {"phi", 6.0}, {"Gamma", 6.3}, {"Sigma", 7.3},
        {"Delta", 8.4}, {"quad", 10.0}, {"qquad", 20.0}};
    if (name == "int") return 10.0 * scale + 2 * kThin;  // display-size sign and the Op spacing around it
    if (name == "sum") {  // display style: a subscript goes below as a limit
        double limit = 0;
        if (i < s.size() && s[i] == '_') {
            ++i;
            limit = read_argument(s, i, scale >= 1 ? 0.85 : 0.75, roman);
        }
        return std::max(14.5 * scale, limit) + 2 * kThin;
    }
    if (name == "times" || name == "cdot") return 7.8 * scale + 2 * kMedium;
    if (name == "text" || name == "mathrm" || name == "mathcal") return read_argument(s, i, scale, true);
    if (name == "frac") {
        const double a = read_argument(s, i, scale, roman), b = read_argument(s, i, scale, roman);
        return std::max(a, b) + 2.4 * scale;
    }
    if (name == "bigl" || name == "bigr" || name == "big" || name == "left" || name == "right")
        return read_argument(s, i, scale, roman) * 1.6 + 0.5;
    if (name == "biggl" || name == "biggr") return read_argument(s, i, scale, roman) * 2.2 + 0.5;
    if (const auto it = fixed.find(name); it != fixed.end()) return it->second * (name[0] == 'q' ? 1 : scale);
    return 6.5 * scale;  // other Greek letters and symbols
}

double read_item(const std::string& s, std::size_t& i, double scale, bool roman) {
    const char c = s[i];
    if (c == '{') return read_argument(s, i, scale, roman);
    ++i;
    if (c == ' ') return roman ? 3.4 * scale : 0;
    if (c == '^' || c == '_') return scripts_width(s, i, scale, roman);
    if (c == '\\') {
        if (i >= s.size()) return 0;
        if (!std::isalpha(static_cast<unsigned char>(s[i]))) {
            const char n = s[i++];
            return n == ',' ? kThin : n == ';' ? kThick : n == ' ' ? 3.4 : n == '!' ? -kThin : n == '\\' ? 0 : 5.0;
        }
        std::size_t end = i;
        while (end < s.size() && std::isalpha(static_cast<unsigned char>(s[end]))) ++end;
        const std::string name = s.substr(i, end - i);
        i = end;
        return command_width(name, s, i, scale, roman);
    }
    if (std::isalpha(static_cast<unsigned char>(c))) return letter_width(c, roman) * scale;
    return symbol_width(c, scale);
}

}  // namespace

double latex_width_pt(const std::string& tex) {
    double w = 0;
    std::size_t i = 0;
    while (i < tex.size()) {
        w += read_list(tex, i, 1.0, false);
        if (i < tex.size()) ++i;  // a stray closing brace
    }
    return w;
}

}  // namespace nnft::symbolic::detail
