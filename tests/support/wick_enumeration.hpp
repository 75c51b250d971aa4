#pragma once
/// \file Brute-force Wick enumeration shared by tests and benchmarks: every perfect matching of the
/// half-edges of n external points (one leg each) and local vertices, as a symmetric multiplicity matrix.
#include <functional>
#include <numeric>
#include <vector>

namespace nnft::testing {

/// Calls visit(matrix) for every vacuum-free perfect matching of the half-edges. Points: n externals,
/// then one point per vertex with legs[v] legs; matrix is np*np with self-loops on the diagonal.
/// Returns the number of matchings visited (all of them, vacuum ones included).
inline long long for_each_wick_contraction(int n, const std::vector<int>& legs,
                                           const std::function<void(const std::vector<int>&)>& visit) {
    std::vector<int> owner;
    for (int p = 0; p < n; ++p) owner.push_back(p);
    for (std::size_t v = 0; v < legs.size(); ++v)
        for (int k = 0; k < legs[v]; ++k) owner.push_back(n + static_cast<int>(v));
    const int h = static_cast<int>(owner.size());
    const int np = n + static_cast<int>(legs.size());
    std::vector<int> mate(h, -1);
    long long visited = 0;
    std::function<void()> rec = [&]() {
        int i = 0;
        while (i < h && mate[i] >= 0) ++i;
        if (i == h) {
            ++visited;
            std::vector<int> a(static_cast<std::size_t>(np * np), 0);
            std::vector<int> parent(np);
            std::iota(parent.begin(), parent.end(), 0);
            std::function<int(int)> find = [&](int x) { return parent[x] == x ? x : parent[x] = find(parent[x]); };
            for (int u = 0; u < h; ++u)
                if (u < mate[u]) {
                    const int p = owner[u], q = owner[mate[u]];
                    a[p * np + q] += 1;
                    if (p != q) a[q * np + p] += 1;
                    parent[find(p)] = find(q);
                }
            std::vector<char> ext(np, 0);
            for (int p = 0; p < n; ++p) ext[find(p)] = 1;
            for (int p = 0; p < np; ++p)
                if (!ext[find(p)]) return;
            visit(a);
            return;
        }
        for (int j = i + 1; j < h; ++j)
            if (mate[j] < 0) {
                mate[i] = j;
                mate[j] = i;
                rec();
                mate[i] = mate[j] = -1;
            }
    };
    if (h % 2 == 0) rec();
    return visited;
}

}  // namespace nnft::testing
