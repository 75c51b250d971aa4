#include "diagrams/diagram.hpp"

#include <numeric>
#include <set>
#include <tuple>

namespace nnft::diagrams {

bool Edge::operator<(const Edge& o) const {
    return std::tie(a, b, multiplicity) < std::tie(o.a, o.b, o.multiplicity);
}

int Diagram::vertex_count() const { return std::accumulate(vertex_counts.begin(), vertex_counts.end(), 0); }

int Diagram::line_count() const {
    int n = 0;
    for (const auto& e : edges) n += e.multiplicity;
    return n;
}

int Diagram::loop_count() const {
    // Cycle rank of the graph of internal points, internal lines and bonds, where a bilocal vertex is
    // one vertex: L = I − V + C over internal lines I, vertices V and connected components C.
    const int n = static_cast<int>(points.size());
    std::vector<int> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    int internal_lines = 0;
    for (const auto& e : edges) {
        if (points[(e.a)].external() || points[(e.b)].external()) continue;
        internal_lines += e.multiplicity;
        parent[find(e.a)] = find(e.b);
    }
    for (int p = n_external; p < n; ++p)
        for (int q = p + 1; q < n; ++q)
            if (points[(p)].vertex == points[(q)].vertex)
                parent[find(p)] = find(q);
    std::set<int> roots;
    for (int p = n_external; p < n; ++p) roots.insert(find(p));
    return internal_lines - vertex_count() + static_cast<int>(roots.size());
}

}  // namespace nnft::diagrams
