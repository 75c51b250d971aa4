#include "diagrams/theory.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>

namespace nnft::diagrams {

Rational Rational::make(const Count& num, const Count& den) {
    NNFT_ASSERT(den != 0);
    const Count sign = den < 0 ? -1 : 1;
    const Count g = boost::multiprecision::gcd(boost::multiprecision::abs(num), boost::multiprecision::abs(den));
    return g > 1 ? Rational{sign * num / g, sign * den / g} : Rational{sign * num, sign * den};
}

std::string Rational::str() const { return den == 1 ? num.str() : num.str() + "/" + den.str(); }

int InteractionTerm::legs() const { return std::accumulate(point_degrees.begin(), point_degrees.end(), 0); }

Count InteractionTerm::internal_symmetry() const {
    Count r = 1;
    for (int d : point_degrees) r *= factorial(d);
    if (bilocal() && point_degrees[0] == point_degrees[1]) r *= 2;
    return r;
}

std::string InteractionTerm::str() const {
    std::ostringstream os;
    if (prefactor.num == -1 && prefactor.den == 1)
        os << "-";
    else if (!(prefactor.num == 1 && prefactor.den == 1))
        os << prefactor.str() << "*";
    os << coupling;
    if (weight_power != 0) os << "*x^" << weight_power;
    if (bilocal())
        os << "*f(x)^" << point_degrees[0] << "*f(y)^" << point_degrees[1];
    else
        os << "*f^" << point_degrees[0];
    return os.str();
}

std::vector<std::string> Theory::couplings() const {
    std::vector<std::string> names;
    for (const auto& t : terms)
        if (std::find(names.begin(), names.end(), t.coupling) == names.end()) names.push_back(t.coupling);
    return names;
}

std::string Theory::str() const {
    std::string s;
    for (const auto& t : terms) {
        std::string ts = t.str();
        if (!s.empty()) s += (ts[0] == '-') ? " - " + ts.substr(1) : " + " + ts;
        else s = ts;
    }
    return s;
}

namespace {

constexpr int kMaxDegree = 32;           // more legs per vertex than any useful expansion
constexpr std::size_t kMaxDigits = 100;  // digits of one number in the theory text
constexpr int kMaxFactorial = 100;       // largest n in n!
constexpr unsigned kMaxPrefactorBits = 1024;  // bound on |numerator| and denominator of a term's prefactor

/// Index of the highest set bit of |v|, or 0 for v == 0.
unsigned msb_or_zero(const Count& v) { return v == 0 ? 0u : boost::multiprecision::msb(boost::multiprecision::abs(v)); }

/// Recursive-descent reader of the theory grammar, with positions for error messages.
class TheoryParser {
public:
    explicit TheoryParser(const std::string& text) : text_(text) {}

    Theory parse() {
        Theory theory;
        require_ascii();
        skip_space();
        if (at_end())
            fail("the theory is empty: write e.g. 'lambda*f^4 + kappa*f^6'");
        int sign = 1;
        if (peek() == '+' || peek() == '-') {
            sign = peek() == '-' ? -1 : 1;
            ++pos_;
        }
        for (;;) {
            add_term(theory, parse_term(sign));
            skip_space();
            if (at_end()) break;
            const char c = peek();
            if (c != '+' && c != '-')
                fail(std::string("expected '+', '-' or '*' but found '") + c + "'");
            sign = c == '-' ? -1 : 1;
            ++pos_;
        }
        theory.terms.erase(std::remove_if(theory.terms.begin(), theory.terms.end(),
                                          [](const InteractionTerm& t) { return t.prefactor.num == 0; }),
                           theory.terms.end());
        if (theory.terms.empty()) fail("all terms cancel: the theory has no interaction left");
        return theory;
    }

private:
    [[noreturn]] void fail(const std::string& what) const { fail_at(pos_, what); }

    [[noreturn]] void fail_at(std::size_t at, const std::string& what) const {
        std::string shown = text_;  // echoed with other bytes as '?', so that the caret lines up and no raw byte is printed
        for (char& ch : shown)
            if (static_cast<unsigned char>(ch) >= 0x80 || std::iscntrl(static_cast<unsigned char>(ch))) ch = '?';
        std::ostringstream os;
        os << "cannot read the theory at position " << (at + 1) << ": " << what << "\n  " << shown << "\n  "
           << std::string(std::min(at, text_.size()), ' ') << "^";
        throw Error(os.str());
    }

    // The language is ASCII: a Greek letter or other UTF-8 byte is named, with the spelling to use instead.
    void require_ascii() const {
        for (std::size_t i = 0; i < text_.size(); ++i) {
            const auto byte = static_cast<unsigned char>(text_[i]);
            if (byte < 0x80 && (byte == '\t' || byte == '\n' || !std::iscntrl(byte))) continue;
            std::ostringstream hex;
            hex << std::hex << std::uppercase << static_cast<int>(byte);
            fail_at(i, "byte 0x" + hex.str() + (byte >= 0x80 ? " is not ASCII" : " is a control character") +
                           ": the theory language is ASCII; write couplings as names (lambda, kappa, g) and the field as f");
        }
    }

    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    void skip_space() {
        while (!at_end() && std::isspace(static_cast<unsigned char>(peek()))) ++pos_;
    }

    // A run of decimal digits as an exact integer (at most kMaxDigits of them).
    Count read_int(const char* what) {
        skip_space();
        const std::size_t start = pos_;
        while (!at_end() && std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        if (pos_ == start) fail(std::string("expected ") + what);
        if (pos_ - start > kMaxDigits)
            fail_at(start, "number too long: at most " + std::to_string(kMaxDigits) + " digits");
        // Leading zeros dropped: Boost's string constructor reads "010" as octal 8 and throws on "092".
        std::size_t first = start;
        while (first + 1 < pos_ && text_[first] == '0') ++first;
        return Count(text_.substr(first, pos_ - first));
    }

    std::string read_ident() {
        const std::size_t start = pos_;
        while (!at_end() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_')) ++pos_;
        return text_.substr(start, pos_ - start);
    }

    int read_exponent() {
        skip_space();
        if (peek() != '^') return 1;
        ++pos_;
        const std::size_t at = pos_;
        const Count e = read_int("an integer exponent after '^'");
        if (e < 1 || e > kMaxDegree) fail_at(at, "exponent must be between 1 and " + std::to_string(kMaxDegree));
        return static_cast<int>(e);
    }

    // The factors of one term read so far.
    struct TermParts {
        Count num = 1, den = 1;  // rational prefactor, exact
        std::string coupling;
        std::size_t coupling_pos = 0;
        int deg_x = 0, deg_y = 0, weight = 0;  // powers of f(x), f(y) and x
    };

    InteractionTerm parse_term(int sign) {
        skip_space();
        const std::size_t term_start = pos_;
        TermParts parts;
        parts.num = sign;
        bool divide = false;
        for (bool first = true;; first = false) {
            skip_space();
            if (!first) {
                if (peek() == '*') divide = false;
                else if (peek() == '/') divide = true;
                else break;
                ++pos_;
                skip_space();
            }
            const std::size_t at = pos_;
            if (std::isdigit(static_cast<unsigned char>(peek()))) {
                read_number_factor(parts, divide, at);
                continue;
            }
            if (divide) fail_at(at, "only numbers may follow '/', e.g. 'lambda/24*f^4'");
            read_symbol_factor(parts, at);
        }
        return finish_term(parts, term_start);
    }

    // A number (or n!) multiplying or, after '/', dividing the prefactor.
    void read_number_factor(TermParts& parts, bool divide, std::size_t at) {
        Count v = read_int("a number");
        skip_space();
        if (peek() == '!') {
            ++pos_;
            if (v > kMaxFactorial) fail_at(at, "factorial argument too large (at most " + std::to_string(kMaxFactorial) + ")");
            v = factorial(static_cast<int>(v));
        }
        if (divide) {
            if (v == 0) fail_at(at, "division by zero");
            parts.den *= v;
        } else {
            parts.num *= v;
        }
        if (msb_or_zero(parts.num) >= kMaxPrefactorBits || msb_or_zero(parts.den) >= kMaxPrefactorBits)
            fail_at(at, "prefactor too large: numerator and denominator must stay below 2^" +
                            std::to_string(kMaxPrefactorBits));
    }

    // A field f, f(x) or f(y) with its exponent, a position weight x^k, or the term's one coupling.
    void read_symbol_factor(TermParts& parts, std::size_t at) {
        if (!(std::isalpha(static_cast<unsigned char>(peek())) || peek() == '_'))
            fail(at_end() ? "the term ends early: expected a coupling, 'f' or 'x'"
                          : std::string("unexpected '") + peek() + "'");
        const std::string id = read_ident();
        skip_space();
        if (id == "f") {
            const bool at_y = read_field_argument();
            (at_y ? parts.deg_y : parts.deg_x) += read_exponent();
        } else if (id == "x") {
            const int e = read_exponent();
            parts.weight += e;
        } else if (id == "y") {
            fail_at(at, "a position weight is written with x (e.g. 'x^2'); y is only the second point of f(y)");
        } else {
            if (!parts.coupling.empty())
                fail_at(at, "a term has exactly one coupling, but '" + id + "' follows '" + parts.coupling +
                                "': write products of couplings as a new coupling name");
            parts.coupling = id;
            parts.coupling_pos = at;
            if (peek() == '^')
                fail("'" + id + "^…' reads as a coupling with an exponent, which is not allowed: the field is written f "
                     "(e.g. 'lambda*f^4'), and a product of couplings is a new coupling name");
        }
    }

    // The optional argument of f: "(x)" or "(y)"; true for f(y).
    bool read_field_argument() {
        if (peek() != '(') return false;
        ++pos_;
        skip_space();
        const std::size_t arg_at = pos_;
        const std::string arg = read_ident();
        if (arg != "x" && arg != "y") fail_at(arg_at, "the field's argument must be x or y: f(x) or f(y)");
        const bool at_y = arg == "y";
        skip_space();
        if (peek() != ')') fail("expected ')' after f(" + arg);
        ++pos_;
        return at_y;
    }

    // The term from its parts, once they form a valid term (a coupling, a field, a bilocal term with both points).
    InteractionTerm finish_term(const TermParts& parts, std::size_t term_start) const {
        if (parts.coupling.empty())
            fail_at(term_start, "this term has no coupling: write e.g. 'lambda*f^4'");
        if (parts.deg_x + parts.deg_y == 0)
            fail_at(parts.coupling_pos, "term '" + parts.coupling + "' has no field: a constant does not change correlators; write e.g. '" + parts.coupling + "*f^4'");
        if (parts.deg_x > kMaxDegree || parts.deg_y > kMaxDegree || parts.weight > kMaxDegree)
            fail_at(term_start, "the total power of f(x), f(y) or x in one term must be at most " +
                                    std::to_string(kMaxDegree));
        if (parts.deg_y > 0 && parts.deg_x == 0)
            fail_at(term_start, "a bilocal term needs both f(x) and f(y), e.g. 'lambda_nl*f(x)^2*f(y)^2'");
        if (parts.deg_y > 0 && parts.weight != 0)
            fail_at(term_start, "position weights on bilocal terms are not supported");
        InteractionTerm t;
        t.coupling = parts.coupling;
        t.prefactor = Rational::make(parts.num, parts.den);
        t.point_degrees = parts.deg_y > 0 ? std::vector<int>{parts.deg_x, parts.deg_y} : std::vector<int>{parts.deg_x};
        if (t.bilocal() && parts.deg_x < parts.deg_y) std::swap(t.point_degrees[0], t.point_degrees[1]);
        t.weight_power = parts.weight;
        return t;
    }

    static void add_term(Theory& theory, const InteractionTerm& t) {
        for (auto& u : theory.terms) {
            if (u.coupling == t.coupling && u.point_degrees == t.point_degrees && u.weight_power == t.weight_power) {
                // c1/d1 + c2/d2, reduced.
                u.prefactor = Rational::make(u.prefactor.num * t.prefactor.den + t.prefactor.num * u.prefactor.den,
                                             u.prefactor.den * t.prefactor.den);
                return;
            }
        }
        theory.terms.push_back(t);
    }

    const std::string& text_;
    std::size_t pos_ = 0;
};

}  // namespace

Theory parse_theory(const std::string& text) { return TheoryParser(text).parse(); }

CouplingOrders parse_orders(const std::string& text, const Theory& theory) {
    CouplingOrders orders;
    const auto names = theory.couplings();
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(',', pos);
        if (end == std::string::npos) end = text.size();
        std::string item = text.substr(pos, end - pos);
        item.erase(std::remove_if(item.begin(), item.end(), [](unsigned char c) { return std::isspace(c); }),
                   item.end());
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
            throw Error("cannot read the order '" + item + "': write coupling=power, e.g. 'lambda=2,kappa=1'");
        const std::string name = item.substr(0, eq);
        const std::string value = item.substr(eq + 1);
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            std::string known;
            for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
            throw Error("unknown coupling '" + name + "' in the order: the theory's couplings are " + known);
        }
        if (value.find_first_not_of("0123456789") != std::string::npos || value.size() > 3)
            throw Error("the order of '" + name + "' must be a non-negative integer (at most 999), not '" + value + "'");
        if (orders.count(name)) throw Error("coupling '" + name + "' appears twice in the order: give it once");
        orders[name] = std::stoi(value);
        pos = end + 1;
    }
    for (auto it = orders.begin(); it != orders.end();) it = it->second == 0 ? orders.erase(it) : std::next(it);
    return orders;
}

std::vector<CouplingOrders> orders_up_to(const Theory& theory, int max_order) {
    if (max_order < 0) throw Error("--max-order must be non-negative, not " + std::to_string(max_order));
    const auto names = theory.couplings();
    std::vector<CouplingOrders> out;
    for (int total = 0; total <= max_order; ++total) {
        // All compositions of `total` into names.size() non-negative parts, lexicographically descending.
        std::vector<int> parts(names.size(), 0);
        auto rec = [&](auto&& self, std::size_t i, int left) -> void {
            if (i + 1 == names.size()) {
                parts[i] = left;
                CouplingOrders o;
                for (std::size_t j = 0; j < names.size(); ++j)
                    if (parts[j] > 0) o[names[j]] = parts[j];
                out.push_back(o);
                return;
            }
            for (int v = left; v >= 0; --v) {
                parts[i] = v;
                self(self, i + 1, left - v);
            }
        };
        if (!names.empty()) rec(rec, 0, total);
    }
    return out;
}

std::vector<VertexCounts> vertex_counts_for(const Theory& theory, const CouplingOrders& orders) {
    for (const auto& [name, power] : orders) {
        const auto names = theory.couplings();
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw Error("unknown coupling '" + name + "' in the order");
        if (power < 0) throw Error("the order of '" + name + "' is negative");
    }
    std::vector<VertexCounts> out;
    VertexCounts counts(theory.terms.size(), 0);
    // Distribute each coupling's power over the terms that carry it.
    std::map<std::string, int> left;
    for (const auto& t : theory.terms) left[t.coupling] = orders.count(t.coupling) ? orders.at(t.coupling) : 0;
    auto rec = [&](auto&& self, std::size_t t) -> void {
        if (t == theory.terms.size()) {
            for (const auto& [name, l] : left)
                if (l != 0) return;
            out.push_back(counts);
            return;
        }
        const std::string& g = theory.terms[t].coupling;
        bool last_of_coupling = true;
        for (std::size_t u = t + 1; u < theory.terms.size(); ++u)
            if (theory.terms[u].coupling == g) last_of_coupling = false;
        const int avail = left[g];
        for (int v = last_of_coupling ? avail : 0; v <= avail; ++v) {
            counts[t] = v;
            left[g] -= v;
            self(self, t + 1);
            left[g] += v;
        }
        counts[t] = 0;
    };
    rec(rec, 0);
    return out;
}

}  // namespace nnft::diagrams
