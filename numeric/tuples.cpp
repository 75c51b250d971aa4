#include "numeric/tuples.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "common/error.hpp"

namespace nnft::numeric {

namespace {

void enumerate(int inputs, int legs, bool sorted, Tuple& cur, std::vector<Tuple>& out) {
    if (static_cast<int>(cur.size()) == legs) {
        out.push_back(cur);
        return;
    }
    const int start = sorted && !cur.empty() ? cur.back() : 0;
    for (int i = start; i < inputs; ++i) {
        cur.push_back(i);
        enumerate(inputs, legs, sorted, cur, out);
        cur.pop_back();
    }
}

std::vector<Tuple> make(int inputs, int legs, bool sorted) {
    if (inputs < 1 || legs < 1) throw Error("tuples need at least one input and one leg");
    std::vector<Tuple> out;
    Tuple cur;
    enumerate(inputs, legs, sorted, cur, out);
    return out;
}

}  // namespace

std::vector<Tuple> all_tuples(int inputs, int legs) { return make(inputs, legs, false); }

std::vector<Tuple> sorted_tuples(int inputs, int legs) { return make(inputs, legs, true); }

void validate_tuples(const std::vector<Tuple>& tuples, int inputs) {
    if (tuples.empty()) throw Error("no index tuples given: give at least one tuple, e.g. {0, 1, 2, 3}");
    const std::size_t legs = tuples.front().size();
    if (legs == 0) throw Error("index tuple 0 is empty: give one input index per leg");
    for (std::size_t i = 0; i < tuples.size(); ++i) {
        if (tuples[i].size() != legs)
            throw Error("index tuple " + std::to_string(i) + " has " + std::to_string(tuples[i].size()) +
                        " legs but tuple 0 has " + std::to_string(legs) + ": give every tuple the same length");
        for (int a : tuples[i])
            if (a < 0 || a >= inputs)
                throw Error("index tuple " + std::to_string(i) + " refers to input " + std::to_string(a) + " but there are " +
                            std::to_string(inputs) + " inputs: use indices 0.." + std::to_string(inputs - 1));
    }
}

TupleIndex canonical_tuples(const std::vector<Tuple>& tuples, int inputs) {
    validate_tuples(tuples, inputs);
    const std::size_t n = tuples.size(), legs = tuples.front().size();
    TupleIndex idx;
    idx.unique.legs = legs;
    // Fast path: every tuple sorted and the list strictly increasing, so all multisets are distinct.
    bool canonical = true;
    for (std::size_t i = 0; i < n && canonical; ++i) {
        canonical = std::is_sorted(tuples[i].begin(), tuples[i].end()) && (i == 0 || tuples[i - 1] < tuples[i]);
    }
    if (canonical) {
        idx.unique.indices.reserve(n * legs);
        for (const auto& t : tuples) idx.unique.indices.insert(idx.unique.indices.end(), t.begin(), t.end());
        idx.component_of.resize(n);
        for (std::size_t i = 0; i < n; ++i) idx.component_of[i] = i;
        idx.identity = true;
        return idx;
    }
    // General path: sort each tuple, then look its multiset up in an open-addressing table (power-of-two size,
    // load ≤ 1/2) of unique ids; a hit compares the stored multiset element by element.
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    std::vector<std::int64_t> table(cap, -1);
    std::vector<int> s(legs);
    idx.component_of.resize(n);
    idx.identity = true;
    for (std::size_t i = 0; i < n; ++i) {
        std::copy(tuples[i].begin(), tuples[i].end(), s.begin());
        std::sort(s.begin(), s.end());
        std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the sorted indices
        for (int a : s) h = (h ^ static_cast<std::uint64_t>(a)) * 1099511628211ull;
        std::size_t slot = static_cast<std::size_t>(h) & (cap - 1);
        for (;; slot = (slot + 1) & (cap - 1)) {
            if (table[slot] < 0) {
                table[slot] = static_cast<std::int64_t>(idx.unique.size());
                idx.unique.indices.insert(idx.unique.indices.end(), s.begin(), s.end());
                break;
            }
            if (std::equal(s.begin(), s.end(), idx.unique[static_cast<std::size_t>(table[slot])])) break;
        }
        idx.component_of[i] = static_cast<std::size_t>(table[slot]);
        idx.identity = idx.identity && idx.component_of[i] == i;
    }
    return idx;
}

}  // namespace nnft::numeric
