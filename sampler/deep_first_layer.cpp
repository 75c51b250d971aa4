// The start of the deep 1/N recursion under non-Gaussian first-layer laws (docs/methods/deep-expansion.md §8). The
// first layer's fan-in is d_in, not a width, so a non-Gaussian weight or bias law changes its units at O(1): the
// expectations E[σσ] and E[σσσσ] that feed the second layer are taken under the law itself (the single-neuron
// quadrature of `nnft exact`), not under N(0, K^(1)). The units stay independent and the second layer's weights
// are summed over N_1 units, so the second layer is Gaussian given the first and the recursion goes on unchanged.
#include "sampler/deep_expansion.hpp"
#include "sampler/detail/deep_expansion.hpp"
#include "sampler/exact.hpp"

namespace nnft::sampler::detail {

namespace {

// The moments of one rule from the neuron-moment table (`value`: the finer rule's or the coarser rule's slots).
UnitMoments from_table(const TupleTable& table, const std::vector<double>& value, std::size_t m, bool need_four_point) {
    UnitMoments u;
    u.pair.resize(m * (m + 1) / 2);
    for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = a; b < m; ++b) {
            const std::uint16_t t[2] = {static_cast<std::uint16_t>(a), static_cast<std::uint16_t>(b)};
            u.pair[input_pair_index(a, b, m)] = value[table.slot(t, 2)];
        }
    if (!need_four_point) return u;
    for (std::size_t s = table.offset(4); s < table.offset(5); ++s) {
        const auto t = table.tuple(s);
        u.quadruple.emplace(quadruple_key({t[0], t[1], t[2], t[3]}), value[s]);
    }
    return u;
}

}  // namespace

bool non_gaussian_first_layer(const NetworkSpec& net) {
    return !net.weights.is_gaussian() || !net.biases.is_gaussian();
}

std::array<UnitMoments, 2> first_layer_moments(const NetworkSpec& net, const InputSet& inputs, bool need_four_point) {
    NetworkSpec one = net;  // the first layer alone: nnft exact's single-neuron moments
    one.depth = 1;
    one.widths.clear();
    const NeuronMoments nm = neuron_moments(one, inputs, need_four_point ? 4 : 2, MomentMethod::Trapezoid);
    const std::size_t m = inputs.count();
    return {from_table(nm.table, nm.value, m, need_four_point), from_table(nm.table, nm.coarse, m, need_four_point)};
}

}  // namespace nnft::sampler::detail
