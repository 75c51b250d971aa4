#include "sampler/exact.hpp"

#include "common/error.hpp"
#include "sampler/cumulants.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/detail/exact_deep_relu.hpp"
#include "sampler/detail/moments.hpp"

#include <algorithm>
#include <sstream>
#include <array>
#include <cmath>

namespace nnft::sampler {

namespace {
std::vector<std::vector<int>> pairings(int n) {
    std::vector<std::vector<int>> out;
    for (const auto& p : set_partitions(n)) {
        if (p.blocks * 2 != n)
            continue;
        std::vector<int> size(static_cast<std::size_t>(p.blocks), 0);
        for (auto b : p.block)
            ++size[b];
        if (std::all_of(size.begin(), size.end(), [](int k) { return k == 2; })) {
            std::vector<int> order;  // positions grouped by pair
            for (int b = 0; b < p.blocks; ++b)
                for (int e = 0; e < n; ++e)
                    if (p.block[static_cast<std::size_t>(e)] == b)
                        order.push_back(e);
            out.push_back(order);
        }
    }
    return out;
}

// The exact tables up to c.max_n must fit: about 1.4 kB per tuple slot in all (moments on two rules, cumulants,
// raw and connected tables, the document; measured: 311 MB for the 230,229 slots of 20 inputs at max_n 6, 4.8 CPU-s).
// Throws nnft::Error naming the fix.
void check_exact_size(const ExactConfig& c) {
    if (c.max_n != 2 && c.max_n != 4 && c.max_n != 6)
        throw Error("--max-n " + std::to_string(c.max_n) + ": use 2, 4 or 6");
    if (!(c.max_memory_gb > 0.0)) throw Error("--max-memory-gb must be a positive number");
    constexpr double kBytesPerSlot = 1400.0;
    const double points_count = static_cast<double>(c.inputs.count() * c.net.d_out);
    double slots = 0.0;
    for (int n = 1; n <= c.max_n; ++n)
        slots += TupleTable::count_tuples(points_count, n);
    const double gb = slots * kBytesPerSlot / 1073741824.0;
    if (gb > c.max_memory_gb) {
        std::ostringstream os;
        os << "the exact tables up to n = " << c.max_n << " over " << c.inputs.count() * c.net.d_out << " output points have "
           << slots << " entries, about " << gb << " GB and " << slots * 2e-5 << " CPU-s (limit " << c.max_memory_gb
           << " GB): use fewer inputs or a smaller --max-n, or raise --max-memory-gb";
        throw SizeLimitError(os.str(), slots);
    }
}

// Rules the moments were evaluated on: fine and coarse, or the shifted grids.
std::size_t rule_count(const NeuronMoments& nm) { return nm.shifted.empty() ? 2 : nm.shifted.size(); }

// One neuron's moment E[Π_k φ(z_{inputs_of[pos[k]]})], k < len, on rule r (fixed grids: 0 fine, 1 coarse).
double neuron_moment(const NeuronMoments& nm, const std::array<std::uint16_t, 6>& inputs_of, const int* pos, int len,
                     std::size_t r) {
    std::array<std::uint16_t, 6> sub{};
    for (int k = 0; k < len; ++k)
        sub[static_cast<std::size_t>(k)] = inputs_of[static_cast<std::size_t>(pos[k])];
    std::sort(sub.begin(), sub.begin() + len);
    const std::size_t s = nm.table.slot(sub.data(), len);
    if (!nm.shifted.empty()) return nm.shifted[r][s];
    return r == 0 ? nm.value[s] : nm.coarse[s];
}

// The output layer's cumulants: weights w (W = w/√N, zero mean, symmetric) and bias b.
struct OutputCumulants {
    double k2w, k4w, k6w, k2b, k4b, k6b, mean_b;
    explicit OutputCumulants(const NetworkSpec& s)
        : k2w(s.output_weights.cumulant(2)), k4w(s.output_weights.cumulant(4)), k6w(s.output_weights.cumulant(6)),
          k2b(s.output_bias.cumulant(2)), k4b(s.output_bias.cumulant(4)), k6b(s.output_bias.cumulant(6)),
          mean_b(s.output_bias.mean()) {}
};

bool same_output(const std::array<std::uint16_t, 6>& out, const int* pos, int len) {
    for (int k = 1; k < len; ++k)
        if (out[static_cast<std::size_t>(pos[k])] != out[static_cast<std::size_t>(pos[0])]) return false;
    return true;
}

// κ₂(w)²/N Σ_3 (E[φφφφ] − E[φφ]E[φφ]) or κ₂(w)³/N² Σ_15 κ₃(φφ, φφ, φφ), over the pairings of equal outputs:
// the Gaussian part of the output layer (sampler/exact_derivation.md).
template <class Moment>
double pairing_part(const std::vector<std::vector<int>>& pair_list, int n, const std::array<std::uint16_t, 6>& out,
                    const Moment& moment) {
    double v = 0.0;
    for (const auto& p : pair_list) {
        bool diag = true;
        for (int q = 0; q < n; q += 2) diag = diag && same_output(out, p.data() + q, 2);
        if (!diag) continue;
        const int* a = p.data();
        if (n == 4) {
            v += moment(a, 4) - moment(a, 2) * moment(a + 2, 2);
        } else {
            const int ab_cd[4] = {a[0], a[1], a[2], a[3]}, ab_ef[4] = {a[0], a[1], a[4], a[5]},
                      cd_ef[4] = {a[2], a[3], a[4], a[5]};
            const double e_ab = moment(a, 2), e_cd = moment(a + 2, 2), e_ef = moment(a + 4, 2);
            v += moment(a, 6) - moment(ab_cd, 4) * e_ef - moment(ab_ef, 4) * e_cd - moment(cd_ef, 4) * e_ab +
                 2.0 * e_ab * e_cd * e_ef;
        }
    }
    return v;
}

// Σ over the 15 ways to split six positions into a pair (equal outputs) and a quadruple (all equal outputs)
// of Cov(φφ, φφφφ): the κ₂κ₄ part of G6_con.
template <class Moment>
double split_part(const std::array<std::uint16_t, 6>& out, const Moment& moment) {
    double v = 0.0;
    const int all[6] = {0, 1, 2, 3, 4, 5};
    for (int i = 0; i < 6; ++i)
        for (int j = i + 1; j < 6; ++j) {
            int pair[2] = {i, j}, quad[4], q = 0;
            for (int k = 0; k < 6; ++k)
                if (k != i && k != j) quad[q++] = k;
            if (same_output(out, pair, 2) && same_output(out, quad, 4))
                v += moment(all, 6) - moment(pair, 2) * moment(quad, 4);
        }
    return v;
}

// The connected n-point function of the outputs at one tuple (inputs `in`, output indices `out`) on rule r.
// With the single-neuron moments E and the output cumulants κ (weights w, bias b), from
// log E[e^{J·f}] = K_b + N log E[exp(Σ_k K_w(J_k·φ/√N))] (sampler/exact_derivation.md):
// n = 1: E[b]; n = 2: δ (κ₂(b) + κ₂(w) E[φφ]); n = 4: the pairing part × κ₂(w)²/N, plus, for four equal
// outputs, κ₄(w)/N E[φφφφ] + κ₄(b); n = 6: the pairing part × κ₂(w)³/N², the split part × κ₂(w)κ₄(w)/N²,
// plus, for six equal outputs, κ₆(w)/N² E[φ⁶] + κ₆(b).
double output_cumulant(const ExactConfig& c, const OutputCumulants& k, const NeuronMoments& nm,
                       const std::vector<std::vector<int>>& pair_list, int n, const std::array<std::uint16_t, 6>& in,
                       const std::array<std::uint16_t, 6>& out, std::size_t r) {
    const double n_width = static_cast<double>(c.net.width);
    auto moment = [&](const int* pos, int len) { return neuron_moment(nm, in, pos, len, r); };
    const int all[6] = {0, 1, 2, 3, 4, 5};
    const bool equal = same_output(out, all, n);
    if (n == 1)
        return k.mean_b;
    if (n == 2)
        return equal ? k.k2b + k.k2w * moment(all, 2) : 0.0;
    if (n == 4) {
        double v = pairing_part(pair_list, 4, out, moment) * (k.k2w * k.k2w / n_width);
        if (equal && (k.k4w != 0.0 || k.k4b != 0.0)) v += k.k4w * moment(all, 4) / n_width + k.k4b;
        return v;
    }
    if (n != 6)
        return 0.0;
    double v = pairing_part(pair_list, 6, out, moment) * (k.k2w * k.k2w * k.k2w / (n_width * n_width));
    if (k.k4w != 0.0) v += k.k2w * k.k4w * split_part(out, moment) / (n_width * n_width);
    if (equal && (k.k6w != 0.0 || k.k6b != 0.0)) v += k.k6w * moment(all, 6) / (n_width * n_width) + k.k6b;
    return v;
}

// The output cumulants that the tables up to max_n need must exist; throws nnft::Error naming the fix.
void check_output_law(const ExactConfig& c) {
    for (const auto* law : {&c.net.output_weights, &c.net.output_bias})
        for (int n = 4; n <= c.max_n; n += 2)
            if (!std::isfinite(law->cumulant(n)))
                throw Error("the output law " + law->text() + " has no finite cumulant of order " + std::to_string(n) +
                            " (needed for G" + std::to_string(n) + "): use a law with finite moments (student_t needs nu > " +
                            std::to_string(n) + ") or a smaller --max-n");
}

// The connected functions of every output tuple up to c.max_n: [slot * rule_count(nm) + r].
std::vector<double> output_cumulants(const ExactConfig& c, const NeuronMoments& nm, const TupleTable& points) {
    const std::size_t dout = c.net.d_out, rules = rule_count(nm);
    const OutputCumulants law(c.net);
    std::vector<double> kappa(points.size() * rules, 0.0);
    for (int n = 1; n <= c.max_n; ++n) {
        const auto pair_list = n % 2 == 0 && n >= 4 ? pairings(n) : std::vector<std::vector<int>>{};
        for (std::size_t i = 0; i < points.count(n); ++i) {
            const std::size_t slot = points.offset(n) + i;
            const auto t = points.tuple(slot);
            std::array<std::uint16_t, 6> in{}, out{};
            for (int k = 0; k < n; ++k) {
                in[static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(t[static_cast<std::size_t>(k)] / dout);
                out[static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(t[static_cast<std::size_t>(k)] % dout);
            }
            for (std::size_t r = 0; r < rules; ++r)
                kappa[slot * rules + r] = output_cumulant(c, law, nm, pair_list, n, in, out, r);
        }
        report_progress(c.progress, static_cast<std::uint64_t>(n), static_cast<std::uint64_t>(c.max_n), "output cumulant orders");
    }
    return kappa;
}

}  // namespace

Correlators exact_correlators(const ExactConfig& c) {
    check_exact_size(c);
    if (c.net.depth > 1) {
        validate(c.net, c.inputs);
        return detail::exact_deep_relu(c.net, c.inputs, c.max_n);
    }
    check_output_law(c);
    const NeuronMoments nm = neuron_moments(c.net, c.inputs, c.max_n, c.method, c.progress);
    const TupleTable points(c.inputs.count() * c.net.d_out, c.max_n);
    const std::vector<double> kappa = output_cumulants(c, nm, points);
    if (!nm.shifted.empty()) return correlators_from_shifted_rules(points, kappa, nm.shifted.size(), c.max_n);
    return correlators_from_two_rules(points, kappa, c.max_n);
}

nlohmann::json exact_config_to_json(const ExactConfig& c) {
    nlohmann::json j = network_to_json(c.net, c.inputs);
    j["method"] = "exact";
    j["max_n"] = c.max_n;
    return j;
}

nlohmann::json exact_document(const ExactConfig& config, const Correlators& correlators) {
    return {{"config", exact_config_to_json(config)}, {"networks", 0}, {"correlators", correlators_to_json(correlators)}};
}

}  // namespace nnft::sampler
