#include "report/plot_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

namespace nnft::report {

namespace {

enum class Shift { none, sub, sup };

/// A run of markup text at one height; `text` is UTF-8 with the escapes resolved.
struct Piece {
    Shift shift = Shift::none;
    std::string text;
};

/// Bytes of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte).
std::size_t utf8_length(unsigned char lead) {
    return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

/// The code points of a UTF-8 string, each as its own string.
std::vector<std::string> code_points(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = std::min(utf8_length(static_cast<unsigned char>(s[i])), s.size() - i);
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

bool escapable(char c) { return c == '_' || c == '^' || c == '{' || c == '}' || c == '\\'; }

/// Split markup into pieces at sub- and superscripts.
std::vector<Piece> parse(const std::string& m) {
    std::vector<Piece> out{{}};
    const auto plain = [&]() -> std::string& {
        if (out.back().shift != Shift::none) out.push_back({});
        return out.back().text;
    };
    for (std::size_t i = 0; i < m.size();) {
        const char c = m[i];
        if (c == '\\' && i + 1 < m.size() && escapable(m[i + 1])) {
            plain() += m[i + 1];
            i += 2;
        } else if ((c == '_' || c == '^') && i + 1 < m.size()) {
            Piece p{c == '_' ? Shift::sub : Shift::sup, {}};
            std::size_t j = i + 1;
            if (m[j] == '{') {
                for (++j; j < m.size() && m[j] != '}'; ++j) {
                    if (m[j] == '\\' && j + 1 < m.size() && escapable(m[j + 1])) ++j;
                    p.text += m[j];
                }
                i = std::min(j + 1, m.size());
            } else {
                const std::size_t n = std::min(utf8_length(static_cast<unsigned char>(m[j])), m.size() - j);
                p.text = m.substr(j, n);
                i = j + n;
            }
            out.push_back(std::move(p));
        } else {
            plain() += c;
            ++i;
        }
    }
    return out;
}

/// Escape gnuplot enhanced-text control characters.
std::string enhanced_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '{' || c == '}' || c == '^' || c == '_' || c == '@' || c == '&' || c == '~' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

/// LaTeX for characters that need math mode ("" when the character is not one of them).
const std::map<std::string, std::string>& latex_math() {
    static const std::map<std::string, std::string> m = {
        {"α", "\\alpha"},  {"β", "\\beta"},   {"γ", "\\gamma"}, {"δ", "\\delta"},  {"ε", "\\epsilon"}, {"ζ", "\\zeta"},
        {"η", "\\eta"},    {"θ", "\\theta"},  {"ι", "\\iota"},  {"κ", "\\kappa"},  {"λ", "\\lambda"},  {"μ", "\\mu"},
        {"ν", "\\nu"},     {"ξ", "\\xi"},     {"π", "\\pi"},    {"ρ", "\\rho"},    {"σ", "\\sigma"},   {"τ", "\\tau"},
        {"υ", "\\upsilon"}, {"φ", "\\phi"},   {"χ", "\\chi"},   {"ψ", "\\psi"},    {"ω", "\\omega"},   {"Γ", "\\Gamma"},
        {"Δ", "\\Delta"},  {"Θ", "\\Theta"},  {"Λ", "\\Lambda"}, {"Ξ", "\\Xi"},    {"Π", "\\Pi"},      {"Σ", "\\Sigma"},
        {"Υ", "\\Upsilon"}, {"Φ", "\\Phi"},   {"Ψ", "\\Psi"},   {"Ω", "\\Omega"},  {"±", "\\pm"},      {"−", "-"},
        {"×", "\\times"},  {"·", "\\cdot"},   {"≤", "\\le"},    {"≥", "\\ge"},     {"≈", "\\approx"},  {"∝", "\\propto"},
        {"∞", "\\infty"},  {"√", "\\surd"},   {"→", "\\to"},    {"∫", "\\int"},    {"∑", "\\sum"},     {"ℓ", "\\ell"},
        {"∂", "\\partial"}, {"²", "^{2}"},    {"³", "^{3}"},    {"|", "|"},        {"<", "<"},         {">", ">"},
        {"′", "'"},
    };
    return m;
}

/// LaTeX text-mode escapes of ASCII specials ("" when `c` needs none).
std::string latex_escape(char c) {
    switch (c) {
        case '#': case '$': case '%': case '&': case '_': case '{': case '}': return std::string("\\") + c;
        case '~': return "\\textasciitilde{}";
        case '^': return "\\textasciicircum{}";
        case '\\': return "\\textbackslash{}";
        default: return "";
    }
}

/// The content of a LaTeX sub/superscript: letters upright (\mathrm), Greek and symbols as macros.
std::string latex_script(const std::string& text) {
    std::string out, letters;
    const auto flush = [&] {
        if (!letters.empty()) out += "\\mathrm{" + letters + "}";
        letters.clear();
    };
    for (const std::string& cp : code_points(text)) {
        const char c = cp[0];
        if (cp.size() == 1 && std::isalpha(static_cast<unsigned char>(c))) {
            letters += c;
            continue;
        }
        flush();
        const auto it = latex_math().find(cp);
        if (it != latex_math().end()) out += it->second + (it->second[0] == '\\' ? " " : "");
        else if (cp == " ") out += "\\,";
        else if (cp.size() == 1 && !latex_escape(c).empty()) out += latex_escape(c);
        else out += cp;
    }
    flush();
    return out;
}

/// Unicode sub- or superscript of one code point ("" when there is none).
std::string unicode_script(const std::string& cp, Shift shift) {
    static const std::map<std::string, std::string> sub = {
        {"0", "₀"}, {"1", "₁"}, {"2", "₂"}, {"3", "₃"}, {"4", "₄"}, {"5", "₅"}, {"6", "₆"}, {"7", "₇"}, {"8", "₈"},
        {"9", "₉"}, {"+", "₊"}, {"-", "₋"}, {"−", "₋"}, {"=", "₌"}, {"(", "₍"}, {")", "₎"}, {"a", "ₐ"}, {"e", "ₑ"},
        {"o", "ₒ"}, {"x", "ₓ"}, {"h", "ₕ"}, {"k", "ₖ"}, {"l", "ₗ"}, {"m", "ₘ"}, {"n", "ₙ"}, {"p", "ₚ"}, {"s", "ₛ"},
        {"t", "ₜ"}, {"i", "ᵢ"}, {"j", "ⱼ"}, {"r", "ᵣ"}, {"u", "ᵤ"}, {"v", "ᵥ"}};
    static const std::map<std::string, std::string> sup = {
        {"0", "⁰"}, {"1", "¹"}, {"2", "²"}, {"3", "³"}, {"4", "⁴"}, {"5", "⁵"}, {"6", "⁶"}, {"7", "⁷"}, {"8", "⁸"},
        {"9", "⁹"}, {"+", "⁺"}, {"-", "⁻"}, {"−", "⁻"}, {"=", "⁼"}, {"(", "⁽"}, {")", "⁾"}, {"n", "ⁿ"}, {"i", "ⁱ"},
        {"a", "ᵃ"}, {"b", "ᵇ"}, {"c", "ᶜ"}, {"d", "ᵈ"}, {"e", "ᵉ"}, {"k", "ᵏ"}, {"m", "ᵐ"}, {"o", "ᵒ"}, {"p", "ᵖ"},
        {"t", "ᵗ"}, {"u", "ᵘ"}, {"x", "ˣ"}};
    const auto& m = shift == Shift::sub ? sub : sup;
    const auto it = m.find(cp);
    return it == m.end() ? std::string() : it->second;
}

/// "-" replaced by the minus sign U+2212.
std::string minus_sign(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '-' ? std::string("−") : std::string(1, c);
    return out;
}

/// The decimal exponent of `v` after rounding to `digits` significant digits (0 for v = 0).
int rounded_exponent(double v, int digits) {
    if (v == 0) return 0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", std::max(0, digits - 1), v);
    const char* e = std::strchr(buf, 'e');
    return e ? std::atoi(e + 1) : 0;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", std::max(0, decimals), v);
    std::string s = buf;
    if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // no "−0.000"
    return minus_sign(s);
}

std::string power_of_ten(int exponent) { return "10^{" + minus_sign(std::to_string(exponent)) + "}"; }

}  // namespace

std::string literal(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (escapable(c)) out += '\\';
        out += c;
    }
    return out;
}

std::string enhanced_text(const std::string& markup) {
    const std::vector<Piece> pieces = parse(markup);
    std::string out;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece& p = pieces[i];
        if (p.shift == Shift::none) {
            // A space right after a sub/superscript is lost in SVG output: make it a no-break space.
            const bool after_script = i > 0 && !p.text.empty() && p.text[0] == ' ';
            out += after_script ? "\u00A0" + enhanced_escape(p.text.substr(1)) : enhanced_escape(p.text);
            continue;
        }
        const auto box = [](const Piece& q) { return std::string(q.shift == Shift::sub ? "_{" : "^{") + enhanced_escape(q.text) + "}"; };
        // A subscript next to a superscript: stack them ('@' gives the first box no width; the wider one goes second).
        if (i + 1 < pieces.size() && pieces[i + 1].shift != Shift::none && pieces[i + 1].shift != p.shift) {
            const Piece& q = pieces[i + 1];
            const bool p_narrower = code_points(p.text).size() <= code_points(q.text).size();
            out += "@" + box(p_narrower ? p : q) + box(p_narrower ? q : p);
            ++i;
            continue;
        }
        out += box(p);
    }
    return out;
}

std::string latex_text(const std::string& markup) {
    // Tokens of text and math; adjacent math tokens share one $…$.
    std::vector<std::pair<std::string, bool>> tokens;
    const auto ends_in_command = [](const std::string& t) {
        std::size_t i = t.size();
        while (i > 0 && std::isalpha(static_cast<unsigned char>(t[i - 1]))) --i;
        return i < t.size() && i > 0 && t[i - 1] == '\\';
    };
    const auto add = [&](const std::string& s, bool math) {
        if (tokens.empty() || tokens.back().second != math) {
            tokens.push_back({s, math});
            return;
        }
        std::string& t = tokens.back().first;
        // \lambda followed by a letter needs a space between them; before '_', '(' or '\' it does not.
        if (math && ends_in_command(t) && !s.empty() && std::isalpha(static_cast<unsigned char>(s[0]))) t += ' ';
        t += s;
    };
    for (const Piece& p : parse(markup)) {
        if (p.shift != Shift::none) {
            add(std::string(p.shift == Shift::sub ? "_{" : "^{") + latex_script(p.text) + "}", true);
            continue;
        }
        for (const std::string& cp : code_points(p.text)) {
            const auto it = latex_math().find(cp);
            if (it != latex_math().end()) {
                add(it->second, true);
            } else if (cp.size() == 1 && !latex_escape(cp[0]).empty()) {
                add(latex_escape(cp[0]), false);
            } else {
                add(cp, false);
            }
        }
    }
    std::string out;
    for (const auto& [s, math] : tokens) out += math ? "$" + s + "$" : s;
    return out;
}

std::string plain_text(const std::string& markup) {
    std::string out;
    for (const Piece& p : parse(markup)) {
        if (p.shift == Shift::none) {
            out += p.text;
            continue;
        }
        const std::vector<std::string> cps = code_points(p.text);
        std::string mapped;
        bool all = !cps.empty();
        for (const std::string& cp : cps) {
            const std::string u = unicode_script(cp, p.shift);
            all = all && !u.empty();
            mapped += u;
        }
        const std::string mark = p.shift == Shift::sub ? "_" : "^";
        out += all ? mapped : cps.size() == 1 ? mark + p.text : mark + "(" + p.text + ")";
    }
    return out;
}

std::size_t plain_length(const std::string& markup) { return code_points(plain_text(markup)).size(); }

std::string format_short(double value, int digits) {
    digits = std::max(1, digits);
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "∞" : "−∞";
    if (value == std::round(value) && std::abs(value) < 1e6) return fixed(value, 0);
    const int e = rounded_exponent(value, digits);
    if (e >= -3 && e < 5) return fixed(value, digits - 1 - e);
    const std::string mantissa = fixed(value / std::pow(10.0, e), digits - 1);
    return (mantissa == "1" ? "" : mantissa == "−1" ? "−" : mantissa + "·") + power_of_ten(e);
}

std::string format_rounded(double value, double error, int digits) {
    digits = std::max(1, digits);
    if (!std::isfinite(value)) return format_short(value, digits);
    if (!(error > 0) || !std::isfinite(error)) return format_short(value, digits) + (std::isinf(error) ? " ± ∞" : "");
    char lead[16];
    std::snprintf(lead, sizeof lead, "%.0e", error);
    const int sig = lead[0] == '1' ? 2 : 1;                           // significant digits of the error
    const int e_exp = rounded_exponent(error, sig);
    const int last = e_exp - (sig - 1);                               // power of ten of the last digit shown
    const int v_exp = value != 0 ? rounded_exponent(value, digits) : e_exp;
    if (v_exp - last + 1 > digits) return format_short(value, digits) + " ± " + format_short(error, 1);
    const int top = std::max(v_exp, e_exp);
    if (top >= 5 || top < -3) {
        const double scale = std::pow(10.0, top);
        return "(" + fixed(value / scale, top - last) + " ± " + fixed(error / scale, top - last) + ")·" + power_of_ten(top);
    }
    return fixed(value, -last) + " ± " + fixed(error, -last);
}

}  // namespace nnft::report
