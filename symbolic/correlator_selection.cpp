#include "symbolic/correlator_selection.hpp"

#include "common/error.hpp"

#include <cmath>
#include <sstream>

namespace nnft::symbolic {

namespace {
constexpr int kMaxOrder = 100;  // largest --max-order: every monomial up to it is listed before the size check
// Most coupling monomials one request may search (each is a separate search of about 1–3 ms with a few hundred
// couplings, measured: 200 couplings at --max-order 2 = 20,301 monomials in 54 s): about a minute.
constexpr double kMaxMonomials = 2e4;

// The number of coupling monomials of total order ≤ max_order in k couplings, C(max_order + k, k), refused above
// kMaxMonomials before any is listed.
void check_monomial_count(std::size_t couplings, int max_order) {
    double count = 1.0;
    for (int i = 1; i <= max_order; ++i) count = count * static_cast<double>(couplings + static_cast<std::size_t>(i)) / i;
    if (count <= kMaxMonomials) return;
    std::ostringstream os;
    os << "--max-order " << max_order << " over " << couplings << " couplings gives " << count
       << " coupling monomials, each a separate search (limit 20000, about a minute): give one monomial with --order, "
          "fewer couplings or a smaller --max-order";
    throw SizeLimitError(os.str(), count);
}
}  // namespace

CorrelatorRequest make_request(const CorrelatorSelection& s) {
    if (s.points < 0) throw Error("--points must be non-negative, not " + std::to_string(s.points));
    if (s.points > 64) throw Error("--points " + std::to_string(s.points) + " is too many: at most 64");
    if (!(s.max_classes >= 1 && s.max_classes <= 1e18))
        throw Error("--max-classes must be a number between 1 and 1e18, not " + std::to_string(s.max_classes));
    if (s.max_order < -1 || s.max_order > kMaxOrder)
        throw Error("--max-order must be between 0 and " + std::to_string(kMaxOrder) + ", not " + std::to_string(s.max_order) +
                    " (far smaller orders already exceed --max-classes)");
    if (!s.order.empty() && s.max_order >= 0) throw Error("give either --order or --max-order, not both");
    CorrelatorRequest r;
    r.theory = diagrams::parse_theory(s.theory);
    r.points = s.points;
    if (!s.order.empty()) r.orders = {diagrams::parse_orders(s.order, r.theory)};
    else {
        check_monomial_count(r.theory.couplings().size(), s.max_order >= 0 ? s.max_order : 1);
        r.orders = diagrams::orders_up_to(r.theory, s.max_order >= 0 ? s.max_order : 1);
    }
    r.filter.connected = s.connected || s.one_pi;
    r.filter.one_pi = s.one_pi;
    r.filter.no_self_energy = s.no_self_energy;
    r.max_classes = static_cast<std::size_t>(s.max_classes);
    return r;
}

}  // namespace nnft::symbolic
