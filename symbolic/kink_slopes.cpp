#include "symbolic/activation_expression.hpp"

#include <cmath>
#include <exception>

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

}  // namespace

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
