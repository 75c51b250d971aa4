#include "symbolic/activation_expression.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>

namespace nnft::symbolic {

namespace {
using GiNaC::ex;

// Bottom-up: step(a) → 1 or 0 and |a| → ±a wherever GiNaC proves the sign of a (its info flags are conservative:
// true only when proven); other nodes are rebuilt (and re-evaluated) as they are.
struct SettleSigns : GiNaC::map_function {
    ex operator()(const ex& e) override {
        const ex m = e.map(*this);
        const bool step = GiNaC::is_the_function<GiNaC::step_SERIAL>(m), abs = GiNaC::is_the_function<GiNaC::abs_SERIAL>(m);
        if (!step && !abs) return m;
        const ex a = m.op(0);
        if (a.info(GiNaC::info_flags::positive)) return step ? ex(1) : a;
        if (a.info(GiNaC::info_flags::negative)) return step ? ex(0) : ex(-a);
        return m;
    }
};

// The slope c when σ(sign·s) = c·s exactly for the positive symbol s (σ linear through 0 on that side).
std::optional<double> side_slope(const ex& e, const GiNaC::symbol& x, int sign) {
    const GiNaC::possymbol s("s");
    SettleSigns settle;
    const ex r = settle(e.subs(x == sign * s)).expand();
    const ex c = (r.diff(s) * sign).expand();  // σ'(u) on that side, u = sign·s
    if (c.has(s) || !(r - sign * c * s).expand().is_zero()) return std::nullopt;
    const ex v = GiNaC::evalf(c);
    if (!GiNaC::is_a<GiNaC::numeric>(v) || !GiNaC::ex_to<GiNaC::numeric>(v).is_real()) return std::nullopt;
    const double d = GiNaC::ex_to<GiNaC::numeric>(v).to_double();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

// A real finite double from a GiNaC expression without symbols, or nothing.
std::optional<double> real_number(const ex& e) {
    const ex v = GiNaC::evalf(e);
    if (!GiNaC::is_a<GiNaC::numeric>(v) || !GiNaC::ex_to<GiNaC::numeric>(v).is_real()) return std::nullopt;
    const double d = GiNaC::ex_to<GiNaC::numeric>(v).to_double();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

}  // namespace

namespace {

bool is_kink_function(const ex& e) {
    return GiNaC::is_the_function<GiNaC::step_SERIAL>(e) || GiNaC::is_the_function<GiNaC::abs_SERIAL>(e);
}

// Bottom-up: step(a) → 1 or 0 and |a| → ±a by the sign of a at x = at (a piece of x where no inner argument changes
// sign); throws when an argument is 0 there or is not a real number.
struct SettleAt : GiNaC::map_function {
    const GiNaC::symbol& x;
    double at;
    SettleAt(const GiNaC::symbol& variable, double point) : x(variable), at(point) {}
    ex operator()(const ex& e) override {
        const ex m = e.map(*this);
        if (!is_kink_function(m)) return m;
        const ex a = m.op(0);
        const auto v = real_number(a.subs(x == at));
        if (!v || *v == 0.0) throw std::domain_error("sign not settled");
        const bool step = GiNaC::is_the_function<GiNaC::step_SERIAL>(m);
        return *v > 0.0 ? (step ? ex(1) : a) : (step ? ex(0) : ex(-a));
    }
};

// The zeros of `a` (an argument of step or |·|) given the sorted kinks `inner` of the step and |·| inside it: on each
// piece between them `a` has settled signs and must be a·x + b there (else nothing: not located).
std::optional<std::vector<double>> argument_zeros(const ex& a, const std::vector<double>& inner) {
    const GiNaC::symbol& x = activation_variable();
    std::vector<double> zeros;
    for (std::size_t k = 0; k <= inner.size(); ++k) {
        const double lo = k == 0 ? -HUGE_VAL : inner[k - 1], hi = k == inner.size() ? HUGE_VAL : inner[k];
        const double mid = inner.empty() ? 0.0 : (k == 0 ? hi - 1.0 : (k == inner.size() ? lo + 1.0 : 0.5 * (lo + hi)));
        SettleAt settle(x, mid);
        const ex piece = settle(a).expand();
        if (!piece.is_polynomial(x) || piece.degree(x) > 1) return std::nullopt;
        const auto slope = real_number(piece.coeff(x, 1)), offset = real_number(piece.coeff(x, 0));
        if (!slope || !offset) return std::nullopt;
        if (*slope == 0.0) continue;  // constant on this piece: no zero inside it
        const double zero = -*offset / *slope;
        if (zero >= lo && zero <= hi) zeros.push_back(zero);
    }
    return zeros;
}

}  // namespace

namespace {

constexpr std::size_t kMaxKinks = 64;  // more (nested |·| can double them per level) are not located

// The kink points of e, each node visited once: a step or |·| adds the zeros of its argument to the argument's own.
std::optional<std::vector<double>> kinks_below(const ex& e) {
    std::vector<double> points;
    for (std::size_t i = 0; i < e.nops(); ++i) {
        const auto inner = kinks_below(e.op(i));
        if (!inner) return std::nullopt;
        points.insert(points.end(), inner->begin(), inner->end());
    }
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    if (is_kink_function(e)) {
        const auto zeros = argument_zeros(e.op(0), points);
        if (!zeros) return std::nullopt;
        points.insert(points.end(), zeros->begin(), zeros->end());
        std::sort(points.begin(), points.end());
        points.erase(std::unique(points.begin(), points.end()), points.end());
    }
    if (points.size() > kMaxKinks) return std::nullopt;
    return points;
}

}  // namespace

std::optional<std::vector<double>> kink_points_of(const GiNaC::ex& e) {
    try {
        return kinks_below(e);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<numeric::KinkSlopes> kink_slopes_of(const GiNaC::ex& e) {
    const GiNaC::symbol& x = activation_variable();
    try {
        if (!e.subs(x == 0).is_zero()) return std::nullopt;  // σ(0) = 0: a zero-variance pre-activation gives 0
        const auto positive = side_slope(e, x, 1), negative = side_slope(e, x, -1);
        if (!positive || !negative || *positive == *negative) return std::nullopt;  // equal slopes: linear, no kink
        return numeric::KinkSlopes{*positive, *negative};
    } catch (const std::exception&) {  // e.g. a function GiNaC cannot differentiate: not proven, so not classified
        return std::nullopt;
    }
}

}  // namespace nnft::symbolic
