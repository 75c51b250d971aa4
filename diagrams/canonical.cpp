#include "diagrams/detail/canonical.hpp"

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

namespace {

// Bit layers of nauty's auxiliary simple graph: the multiplicity bits, plus one layer for bonds when there are any.
struct BitLayers {
    int mult_bits = 1;
    bool any_bond = false;
    int count = 1;
};

BitLayers bit_layers(const ColoredMultigraph& g) {
    const int n = g.n;
    int max_mult = 0;
    bool any_bond = false;
    for (int a = 0; a < n; ++a) {
        if (g.bond[static_cast<std::size_t>(a)] >= 0) any_bond = true;
        for (int b = a + 1; b < n; ++b) max_mult = std::max<int>(max_mult, g.at(a, b));
    }
    const int mult_bits = std::max(1, static_cast<int>(std::bit_width(static_cast<unsigned>(max_mult))));
    return {mult_bits, any_bond, mult_bits + (any_bond ? 1 : 0)};
}

// The edges of the layered graph on n·layers vertices: each point's copies joined across consecutive layers,
// and a pair's copies in layer l when bit l of its multiplicity (or, above those, its bond flag) is set.
void add_layered_edges(const ColoredMultigraph& g, const BitLayers& layers, graph* gp, int m) {
    const int n = g.n;
    auto add_edge = [&](int u, int v) { ADDONEEDGE(gp, u, v, m); };
    for (int l = 0; l + 1 < layers.count; ++l)
        for (int p = 0; p < n; ++p) add_edge(l * n + p, (l + 1) * n + p);
    for (int a = 0; a < n; ++a) {
        for (int b = a + 1; b < n; ++b) {
            unsigned value = g.at(a, b);
            if (layers.any_bond && g.bond[static_cast<std::size_t>(a)] == b) value |= 1u << layers.mult_bits;
            for (int l = 0; l < layers.count; ++l)
                if (value & (1u << l)) add_edge(l * n + a, l * n + b);
        }
    }
}

// Ordered partition (nauty's lab and ptn): within each layer, points sorted by (colour, self-loops); one cell per value.
void colour_partition(const ColoredMultigraph& g, int layers, std::vector<int>& lab, std::vector<int>& ptn) {
    const int n = g.n;
    std::vector<int> by_cell(static_cast<std::size_t>(n));
    std::iota(by_cell.begin(), by_cell.end(), 0);
    auto cell_key = [&](int p) { return std::make_pair(g.color[static_cast<std::size_t>(p)], static_cast<int>(g.at(p, p))); };
    std::stable_sort(by_cell.begin(), by_cell.end(), [&](int a, int b) { return cell_key(a) < cell_key(b); });
    for (int l = 0; l < layers; ++l) {
        for (int i = 0; i < n; ++i) {
            const std::size_t idx = static_cast<std::size_t>(l * n + i);
            lab[idx] = l * n + by_cell[static_cast<std::size_t>(i)];
            const bool cell_ends = i + 1 == n || cell_key(by_cell[static_cast<std::size_t>(i)]) != cell_key(by_cell[static_cast<std::size_t>(i + 1)]);
            ptn[idx] = cell_ends ? 0 : 1;
        }
    }
}

// Key: (colour, loops) per canonical position, then upper-triangle multiplicities with bond flags.
std::string canonical_key(const ColoredMultigraph& g, const std::vector<int>& order) {
    const int n = g.n;
    std::string key;
    key.reserve(static_cast<std::size_t>(3 * n + n * (n - 1) / 2));
    for (int i = 0; i < n; ++i) {
        const int p = order[static_cast<std::size_t>(i)];
        const int c = g.color[static_cast<std::size_t>(p)];
        key.push_back(static_cast<char>(c & 0xff));
        key.push_back(static_cast<char>((c >> 8) & 0xff));
        key.push_back(static_cast<char>(g.at(p, p)));
    }
    for (int i = 0; i < n; ++i) {
        const int p = order[static_cast<std::size_t>(i)];
        for (int j = i + 1; j < n; ++j) {
            const int q = order[static_cast<std::size_t>(j)];
            unsigned v = g.at(p, q);
            if (g.bond[static_cast<std::size_t>(p)] == q) v |= 0x80u;
            key.push_back(static_cast<char>(v));
        }
    }
    return key;
}

}  // namespace

CanonicalForm Canonicalizer::canonicalize(const ColoredMultigraph& g) {
    const int n = g.n;
    CanonicalForm out;
    if (n == 0) {
        out.automorphisms = 1;
        return out;
    }
    const BitLayers layers = bit_layers(g);
    const int nv = n * layers.count;
    const int m = SETWORDSNEEDED(nv);
    nauty_check(WORDSIZE, m, nv, NAUTYVERSIONID);

    graph_.assign(static_cast<std::size_t>(m) * static_cast<std::size_t>(nv), 0);
    canon_.assign(graph_.size(), 0);
    lab_.assign(static_cast<std::size_t>(nv), 0);
    ptn_.assign(static_cast<std::size_t>(nv), 0);
    orbits_.assign(static_cast<std::size_t>(nv), 0);
    graph* gp = reinterpret_cast<graph*>(graph_.data());
    add_layered_edges(g, layers, gp, m);
    colour_partition(g, layers.count, lab_, ptn_);

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
    out.key = canonical_key(g, out.order);
    return out;
}

void release_canonical_workspace() {
    nauty_freedyn();
    nautil_freedyn();
    naugraph_freedyn();
}

}  // namespace nnft::diagrams
