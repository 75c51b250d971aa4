#include "diagrams/canonical.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include <nauty.h>

namespace nnft::diagrams {

ColoredMultigraph::ColoredMultigraph(int points)
    : n(points), color(static_cast<std::size_t>(points), 0),
      lines(static_cast<std::size_t>(points) * static_cast<std::size_t>(points), 0),
      bond(static_cast<std::size_t>(points), -1) {}

CanonicalForm Canonicalizer::canonicalize(const ColoredMultigraph& g) {
    const int n = g.n;
    CanonicalForm out;
    if (n == 0) {
        out.automorphisms = 1;
        return out;
    }
    // Bit layers: multiplicity bits, plus one layer for bonds when there are any.
    int max_mult = 0;
    bool any_bond = false;
    for (int a = 0; a < n; ++a) {
        if (g.bond[static_cast<std::size_t>(a)] >= 0) any_bond = true;
        for (int b = a + 1; b < n; ++b) max_mult = std::max<int>(max_mult, g.at(a, b));
    }
    const int mult_bits = std::max(1, static_cast<int>(std::bit_width(static_cast<unsigned>(max_mult))));
    const int layers = mult_bits + (any_bond ? 1 : 0);
    const int nv = n * layers;
    const int m = SETWORDSNEEDED(nv);
    nauty_check(WORDSIZE, m, nv, NAUTYVERSIONID);

    graph_.assign(static_cast<std::size_t>(m) * static_cast<std::size_t>(nv), 0);
    canon_.assign(graph_.size(), 0);
    lab_.assign(static_cast<std::size_t>(nv), 0);
    ptn_.assign(static_cast<std::size_t>(nv), 0);
    orbits_.assign(static_cast<std::size_t>(nv), 0);
    graph* gp = reinterpret_cast<graph*>(graph_.data());
    auto add_edge = [&](int u, int v) { ADDONEEDGE(gp, u, v, m); };

    for (int l = 0; l + 1 < layers; ++l)
        for (int p = 0; p < n; ++p) add_edge(l * n + p, (l + 1) * n + p);
    for (int a = 0; a < n; ++a) {
        for (int b = a + 1; b < n; ++b) {
            unsigned value = g.at(a, b);
            if (any_bond && g.bond[static_cast<std::size_t>(a)] == b) value |= 1u << mult_bits;
            for (int l = 0; l < layers; ++l)
                if (value & (1u << l)) add_edge(l * n + a, l * n + b);
        }
    }

    // Ordered partition: within each layer, points sorted by (colour, self-loops); one cell per value.
    std::vector<int> by_cell(static_cast<std::size_t>(n));
    std::iota(by_cell.begin(), by_cell.end(), 0);
    auto cell_key = [&](int p) { return std::make_pair(g.color[static_cast<std::size_t>(p)], static_cast<int>(g.at(p, p))); };
    std::stable_sort(by_cell.begin(), by_cell.end(), [&](int a, int b) { return cell_key(a) < cell_key(b); });
    for (int l = 0; l < layers; ++l) {
        for (int i = 0; i < n; ++i) {
            const std::size_t idx = static_cast<std::size_t>(l * n + i);
            lab_[idx] = l * n + by_cell[static_cast<std::size_t>(i)];
            const bool cell_ends = i + 1 == n || cell_key(by_cell[static_cast<std::size_t>(i)]) != cell_key(by_cell[static_cast<std::size_t>(i + 1)]);
            ptn_[idx] = cell_ends ? 0 : 1;
        }
    }

    DEFAULTOPTIONS_GRAPH(options);
    options.getcanon = TRUE;
    options.defaultptn = FALSE;
    options.digraph = FALSE;
    statsblk stats;
    densenauty(gp, lab_.data(), ptn_.data(), orbits_.data(), &options, &stats, m, nv,
               reinterpret_cast<graph*>(canon_.data()));
    if (stats.errstatus != 0) throw InternalError("nauty reported error status " + std::to_string(stats.errstatus));

    out.order.assign(lab_.begin(), lab_.begin() + n);
    for (int p : out.order) NNFT_ASSERT(p >= 0 && p < n);
    if (stats.grpsize2 != 0)
        throw Error("a diagram's automorphism group exceeds 1e10 elements; such requests are out of range");
    out.automorphisms = Count(static_cast<long long>(std::llround(stats.grpsize1)));

    // Key: (colour, loops) per canonical position, then upper-triangle multiplicities with bond flags.
    std::string& key = out.key;
    key.reserve(static_cast<std::size_t>(3 * n + n * (n - 1) / 2));
    std::vector<int> position(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) position[static_cast<std::size_t>(out.order[static_cast<std::size_t>(i)])] = i;
    for (int i = 0; i < n; ++i) {
        const int p = out.order[static_cast<std::size_t>(i)];
        const int c = g.color[static_cast<std::size_t>(p)];
        key.push_back(static_cast<char>(c & 0xff));
        key.push_back(static_cast<char>((c >> 8) & 0xff));
        key.push_back(static_cast<char>(g.at(p, p)));
    }
    for (int i = 0; i < n; ++i) {
        const int p = out.order[static_cast<std::size_t>(i)];
        for (int j = i + 1; j < n; ++j) {
            const int q = out.order[static_cast<std::size_t>(j)];
            unsigned v = g.at(p, q);
            if (g.bond[static_cast<std::size_t>(p)] == q) v |= 0x80u;
            key.push_back(static_cast<char>(v));
        }
    }
    return out;
}

}  // namespace nnft::diagrams
