#include "numeric/tuples.hpp"

#include <algorithm>
#include <map>
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
    TupleIndex idx;
    std::map<Tuple, std::size_t> seen;
    for (std::size_t i = 0; i < tuples.size(); ++i) {
        Tuple s = tuples[i];
        std::sort(s.begin(), s.end());
        auto [it, inserted] = seen.emplace(s, idx.unique.size());
        if (inserted) idx.unique.push_back(s);
        idx.component_of.push_back(it->second);
    }
    return idx;
}

}  // namespace nnft::numeric
