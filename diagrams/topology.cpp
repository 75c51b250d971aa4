#include "diagrams/topology.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <map>
#include <numeric>

namespace nnft::diagrams {

namespace {

using UGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                     boost::property<boost::edge_index_t, std::size_t>>;

/// Pairs of points joined by a bilocal bond.
std::vector<std::pair<int, int>> bonds_of(const Diagram& d) {
    std::vector<std::pair<int, int>> bonds;
    const int n = static_cast<int>(d.points.size());
    for (int p = d.n_external; p < n; ++p)
        for (int q = p + 1; q < n; ++q)
            if (d.points[p].vertex == d.points[q].vertex) bonds.emplace_back(p, q);
    return bonds;
}

/// Minimal union-find over point indices.
struct UnionFind {
    std::vector<int> parent;
    explicit UnionFind(int n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void unite(int a, int b) { parent[find(a)] = find(b); }
};

}  // namespace

int component_labels(const Diagram& d, std::vector<int>& labels) {
    const int n = static_cast<int>(d.points.size());
    UGraph g(n);
    for (const auto& e : d.edges)
        if (e.a != e.b) boost::add_edge(e.a, e.b, g);
    for (const auto& [p, q] : bonds_of(d)) boost::add_edge(p, q, g);
    labels.assign(n, 0);
    return n == 0 ? 0 : static_cast<int>(boost::connected_components(g, labels.data()));
}

bool has_vacuum_component(const Diagram& d) {
    std::vector<int> labels;
    const int count = component_labels(d, labels);
    std::vector<char> has_external(count, 0);
    for (int p = 0; p < d.n_external; ++p) has_external[labels[p]] = 1;
    return std::find(has_external.begin(), has_external.end(), 0) != has_external.end();
}

bool is_connected(const Diagram& d) {
    std::vector<int> labels;
    return component_labels(d, labels) <= 1;
}

bool is_one_pi(const Diagram& d) {
    const int n = static_cast<int>(d.points.size());
    if (d.internal_point_count() == 0) return false;
    // Internal graph: internal points, internal lines (with multiplicity) and bonds.
    UGraph g(n - d.n_external);
    std::vector<char> is_line;
    auto add = [&](int a, int b, bool line) {
        boost::add_edge(a - d.n_external, b - d.n_external, is_line.size(), g);
        is_line.push_back(line ? 1 : 0);
    };
    for (const auto& e : d.edges) {
        const bool a_ext = d.points[e.a].external(), b_ext = d.points[e.b].external();
        if (a_ext && b_ext) return false;  // a bare propagator between external points
        if (a_ext || b_ext || e.a == e.b) continue;
        for (int k = 0; k < e.multiplicity; ++k) add(e.a, e.b, true);
    }
    for (const auto& [p, q] : bonds_of(d)) add(p, q, false);
    std::vector<int> comp(static_cast<std::size_t>(n - d.n_external));
    if (!comp.empty() && boost::connected_components(g, comp.data()) != 1) return false;
    if (is_line.empty()) return true;
    // A line is a bridge iff its biconnected component has exactly one edge.
    std::vector<std::size_t> bicomp(is_line.size());
    auto edge_index = boost::get(boost::edge_index, g);
    const std::size_t nb = boost::biconnected_components(
        g, boost::make_iterator_property_map(bicomp.begin(), edge_index));
    std::vector<int> size(nb, 0);
    for (std::size_t e = 0; e < is_line.size(); ++e) ++size[bicomp[e]];
    for (std::size_t e = 0; e < is_line.size(); ++e)
        if (is_line[e] && size[bicomp[e]] == 1) return false;
    return true;
}

namespace {

/// Small multigraph with edge ids, for bridge searches (Tarjan's low-link on a DFS tree).
struct BridgeFinder {
    struct Arc {
        int to;
        int id;
    };
    std::vector<std::vector<Arc>> adj;
    std::vector<int> tin, low, tout, root;
    int timer = 0;

    explicit BridgeFinder(int n) : adj(n), tin(n), low(n), tout(n), root(n) {}
    void add(int a, int b, int id) {
        adj[a].push_back({b, id});
        adj[b].push_back({a, id});
    }
    /// Calls found(edge id, child vertex) for every bridge of the graph without edge `skip`.
    template <class F>
    void bridges(int skip, F&& found) {
        std::fill(tin.begin(), tin.end(), -1);
        timer = 0;
        for (int r = 0; r < static_cast<int>(adj.size()); ++r)
            if (tin[r] < 0) {
                current_root_ = r;
                dfs(r, -1, skip, found);
            }
    }
    template <class F>
    void dfs(int v, int parent_edge, int skip, F& found) {
        tin[v] = low[v] = timer++;
        root[v] = current_root_;
        for (const Arc& a : adj[v]) {
            if (a.id == skip || a.id == parent_edge) continue;
            if (tin[a.to] >= 0) {
                low[v] = std::min(low[v], tin[a.to]);
            } else {
                dfs(a.to, a.id, skip, found);
                low[v] = std::min(low[v], low[a.to]);
                if (low[a.to] > tin[v]) found(a.id, a.to);
            }
        }
        tout[v] = timer - 1;
    }
    /// True when u lies in the DFS subtree of v (valid after bridges()).
    bool in_subtree(int u, int v) const { return root[u] == root[v] && tin[v] <= tin[u] && tin[u] <= tout[v]; }

private:
    int current_root_ = 0;
};

}  // namespace

bool has_self_energy_insertion(const Diagram& d) {
    // Merge all external points into vertex 0 ("the outside"). A self-energy insertion is a set S of
    // internal points, without the outside, joined to the rest by exactly two lines e1, e2: then e2 is
    // a bridge of the graph without e1, and e1 has exactly one end inside the side of e2 that lacks 0.
    const int n_int = d.internal_point_count();
    auto node = [&](int p) { return p < d.n_external ? 0 : 1 + p - d.n_external; };
    BridgeFinder g(n_int + 1);
    std::vector<std::pair<int, int>> lines;  // cuttable lines by id; bonds get ids past the lines
    for (const auto& e : d.edges) {
        if (e.a == e.b) continue;
        for (int k = 0; k < e.multiplicity; ++k) {
            lines.emplace_back(node(e.a), node(e.b));
            g.add(node(e.a), node(e.b), static_cast<int>(lines.size()) - 1);
        }
    }
    const int n_lines = static_cast<int>(lines.size());
    int bond_id = n_lines;
    for (const auto& [p, q] : bonds_of(d)) g.add(node(p), node(q), bond_id++);
    for (int e1 = 0; e1 < n_lines; ++e1) {
        if (lines[e1].first == lines[e1].second) continue;  // both ends outside: a bare propagator
        bool found_insertion = false;
        g.bridges(e1, [&](int e2, int child) {
            if (e2 >= n_lines || found_insertion) return;  // bonds are not lines
            const auto [a, b] = lines[e1];
            if (g.root[child] != g.root[0]) {
                // The component lacks the outside (e1 cut it off): both sides of e2 are candidates for S,
                // and e1 touches one of them.
                if ((g.root[a] == g.root[child]) != (g.root[b] == g.root[child])) found_insertion = true;
                return;
            }
            // S is the side of e2 that lacks the outside: the subtree of `child` or its complement.
            const bool zero_below = g.in_subtree(0, child);
            const auto in_s = [&](int v) { return g.root[v] == g.root[child] && g.in_subtree(v, child) != zero_below; };
            if (in_s(a) != in_s(b)) found_insertion = true;
        });
        if (found_insertion) return true;
    }
    return false;
}

std::vector<Diagram> split_components(const Diagram& d) {
    std::vector<int> labels;
    const int count = component_labels(d, labels);
    std::vector<Diagram> out;
    // Order components by their first external point (vacuum components, if any, last).
    std::vector<int> first_point(count, -1);
    for (int p = 0; p < static_cast<int>(d.points.size()); ++p)
        if (first_point[labels[p]] < 0) first_point[labels[p]] = p;
    std::vector<int> comp_order(count);
    std::iota(comp_order.begin(), comp_order.end(), 0);
    std::sort(comp_order.begin(), comp_order.end(), [&](int a, int b) { return first_point[a] < first_point[b]; });
    for (int c : comp_order) {
        Diagram part;
        std::vector<int> new_index(d.points.size(), -1);
        for (int p = 0; p < d.n_external; ++p)
            if (labels[p] == c) {
                new_index[p] = static_cast<int>(part.points.size());
                part.points.push_back(d.points[p]);
                part.external_labels.push_back(d.external_labels.empty() ? p : d.external_labels[p]);
            }
        part.n_external = static_cast<int>(part.points.size());
        part.vertex_counts.assign(d.vertex_counts.size(), 0);
        std::map<int, int> vertex_renumber;
        for (int p = d.n_external; p < static_cast<int>(d.points.size()); ++p)
            if (labels[p] == c) {
                new_index[p] = static_cast<int>(part.points.size());
                Point pt = d.points[p];
                auto [it, inserted] = vertex_renumber.emplace(pt.vertex, static_cast<int>(vertex_renumber.size()));
                if (inserted) ++part.vertex_counts[pt.term];
                pt.vertex = it->second;
                part.points.push_back(pt);
            }
        for (const auto& e : d.edges)
            if (labels[e.a] == c) {
                Edge ne{new_index[e.a], new_index[e.b], e.multiplicity};
                if (ne.a > ne.b) std::swap(ne.a, ne.b);
                part.edges.push_back(ne);
            }
        std::sort(part.edges.begin(), part.edges.end());
        part.connected = true;
        out.push_back(std::move(part));
    }
    return out;
}

}  // namespace nnft::diagrams
