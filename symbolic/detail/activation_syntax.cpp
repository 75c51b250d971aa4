#include "symbolic/detail/activation_syntax.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace nnft::symbolic::detail {

namespace {
constexpr std::array<ActivationFunction, 15> kFunctions = {{{"exp", 1}, {"log", 1}, {"sqrt", 1}, {"sin", 1},
                                                            {"cos", 1}, {"tanh", 1}, {"erf", 1}, {"abs", 1},
                                                            {"step", 1}, {"max", 2}, {"min", 2}, {"pow", 2},
                                                            {"sinh", 1}, {"cosh", 1}, {"tan", 1}}};

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Recursive descent over: expr = term (('+'|'-') term)*; term = factor (('*'|'/') factor)*;
// factor = ('+'|'-') factor | atom ('^' factor)?; atom = number | name | name '(' expr (',' expr)* ')' | '(' expr ')'.
class Checker {
public:
    explicit Checker(std::string_view text) : s_(text) {}

    void run() {
        skip();
        if (i_ == s_.size())
            throw Error("activation is empty: give a preset (e.g. gelu) or an expression in x (e.g. 'tanh(x)')");
        (void)expr();
        if (i_ != s_.size())
            fail(s_[i_] == ')' ? "unmatched ')'" : "expected an operator (+ - * / ^) or the end");
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;
    int exponent_depth_ = 0;  // > 0 while inside an exponent

    [[noreturn]] void fail(const std::string& what) const {
        // At the end of the text, point at its last character ("x*(1+" fails at position 5, after '+').
        const std::size_t at = i_ < s_.size() ? i_ : s_.size() - 1;
        const std::string where = i_ < s_.size() ? "" : " (the text ends there)";
        throw Error("activation '" + std::string(s_) + "' does not parse at position " + std::to_string(at + 1) + where +
                    ": " + what);
    }
    void skip() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])))
            ++i_;
    }
    bool accept(char c) {
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            skip();
            return true;
        }
        return false;
    }
    // Each rule returns the height of its power tower (x: 0, x^2: 1, (x^2)^3: 2). GiNaC computes powers of numbers
    // exactly, so a third level ((9^999)^999)^999 would be a number of 10⁹ digits: refused.
    int expr() {
        int height = term();
        while (accept('+') || accept('-'))
            height = std::max(height, term());
        return height;
    }
    int term() {
        int height = factor();
        while (accept('*') || accept('/'))
            height = std::max(height, factor());
        return height;
    }
    int factor() {
        if (accept('+') || accept('-'))
            return factor();
        const int height = atom();
        const std::size_t at = i_;
        if (!accept('^')) return height;
        exponent([this] { (void)factor(); }, at);
        return raised(height, at);
    }
    // The height of a power of a base of height `base`, refused at three levels.
    int raised(int base, std::size_t at) {
        if (base >= 2) {
            i_ = at;
            fail("powers nested three deep ((a^b)^c)^d are not supported: multiply the exponents out");
        }
        return base + 1;
    }
    // An exponent (after '^' or pow's second argument): GiNaC computes powers of numbers exactly, so exponents
    // are kept to numbers within ±999 (number()) and contain no further power (9^9^9).
    template <class F>
    void exponent(F&& parse, std::size_t at) {
        if (exponent_depth_ > 0) {
            i_ = at;
            fail("a power inside an exponent (a^b^c) is not supported: write the exponent out");
        }
        ++exponent_depth_;
        parse();
        --exponent_depth_;
    }
    // Skip a run of digits; the number of them after any leading zeros.
    std::size_t significant_digits() {
        while (i_ < s_.size() && s_[i_] == '0')
            ++i_;
        const std::size_t from = i_;
        while (i_ < s_.size() && is_digit(s_[i_]))
            ++i_;
        return i_ - from;
    }
    // GiNaC reads numbers exactly, so a number's size is bounded: an exponent (after '^' or in pow) at most 999,
    // a decimal exponent at most 3 digits (1e444444444 or 27777777777^7777777 would take CLN minutes and
    // gigabytes: found by fuzz_activation).
    void number() {
        const std::size_t start = i_;
        if (significant_digits() > 3 && exponent_depth_ > 0) {
            i_ = start;
            fail("exponent too large: a power's exponent must lie within ±999");
        }
        while (i_ < s_.size() && (is_digit(s_[i_]) || s_[i_] == '.'))
            ++i_;
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-'))
                ++i_;
            if (i_ == s_.size() || !is_digit(s_[i_]))
                fail("expected the digits of an exponent");
            const std::size_t digits = i_;
            if (significant_digits() > 3) {
                i_ = digits;
                fail("exponent out of range: write numbers within 1e-999 … 1e999");
            }
        }
        skip();
    }
    int call(std::string_view name, std::size_t start);
    int atom();
};

int Checker::call(std::string_view name, std::size_t start) {
    int arity = -1;
    for (const auto& f : kFunctions)
        if (f.name == name)
            arity = f.arity;
    if (arity < 0) {
        i_ = start;
        fail("unknown function '" + std::string(name) +
             "': use exp, log, sqrt, sin, cos, tan, sinh, cosh, tanh, erf, abs, step, max, min or pow");
    }
    int height = 0;
    for (int k = 0; k < arity; ++k) {
        if (k > 0 && !accept(','))
            fail(std::string(name) + " takes " + std::to_string(arity) + " arguments: expected ','");
        if (name == "pow" && k == 1)
            exponent([this] { (void)expr(); }, i_);
        else
            height = std::max(height, expr());
    }
    if (!accept(')'))
        fail(i_ < s_.size() && s_[i_] == ',' ? std::string(name) + " takes " + std::to_string(arity) + " argument(s)"
                                             : "expected ')'");
    return name == "pow" ? raised(height, start) : height;
}

int Checker::atom() {
    if (i_ == s_.size())
        fail("expected a number, x, a function call or '('");
    const char c = s_[i_];
    if (is_digit(c) || c == '.') {
        number();
    } else if (is_name_start(c)) {
        const std::size_t start = i_;
        while (i_ < s_.size() && is_name_char(s_[i_]))
            ++i_;
        const std::string_view name = s_.substr(start, i_ - start);
        skip();
        if (accept('(')) {
            return call(name, start);
        } else if (name != "x" && name != "pi" && name != "Pi") {
            throw Error("activation '" + std::string(s_) + "' uses the symbol '" + std::string(name) + "' at position " +
                        std::to_string(start + 1) + ": an activation is a function of x only (constants: numbers and pi)");
        }
    } else if (accept('(')) {
        const int height = expr();
        if (!accept(')'))
            fail("expected ')'");
        return height;
    } else {
        fail(std::string("unexpected '") + c + "': expected a number, x, a function call or '('");
    }
    return 0;
}
}  // namespace

std::span<const ActivationFunction> activation_functions() { return kFunctions; }

void check_activation_syntax(std::string_view text) { Checker(text).run(); }

}  // namespace nnft::symbolic::detail
