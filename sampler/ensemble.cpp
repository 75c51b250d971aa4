#include "sampler/ensemble.hpp"

#include "common/error.hpp"
#include "sampler/detail/scale_integrated.hpp"
#include "sampler/detail/conditioned.hpp"
#include "sampler/detail/ensemble_blocks.hpp"
#include "sampler/detail/moments.hpp"
#include "sampler/tuples.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace nnft::sampler {

using detail::output_points;
using detail::total_blocks;

Estimator parse_estimator(const std::string& text) {
    if (text == "auto")
        return Estimator::automatic;
    if (text == "plain")
        return Estimator::plain;
    if (text == "conditioned")
        return Estimator::conditioned;
    throw Error("estimator '" + text + "': use auto, plain or conditioned");
}

bool auto_conditioned(const EnsembleConfig& c) {
    return c.net.output_weights.is_gaussian() && c.net.output_bias.is_gaussian() && conditioned_by_monomials(c);
}

void set_estimator(EnsembleConfig& c, Estimator e) {
    c.conditioned = e == Estimator::conditioned || (e == Estimator::automatic && auto_conditioned(c));
}

void validate(const EnsembleConfig& c) {
    validate(c.net, c.inputs);
    if (c.max_n != 2 && c.max_n != 4 && c.max_n != 6)
        throw Error("--max-n " + std::to_string(c.max_n) + ": use 2, 4 or 6");
    check_hidden_law_tails(c.net, c.max_n);
    if (c.networks == 0)
        throw Error("--networks 0: sample at least one network");
    if (c.networks > kMaxNetworks)
        throw Error("--networks " + std::to_string(c.networks) + ": at most 1e18 networks in one run");
    if (c.conditioned && !(c.net.output_weights.is_gaussian() && c.net.output_bias.is_gaussian()))
        throw Error("the conditioned estimator integrates a Gaussian output layer, but the output law is " +
                    c.net.output_weights.text() + " / " + c.net.output_bias.text() + ": use --estimator plain");
    (void)resolve_deep_sampling(c.deep, c.net, c.inputs.count());  // gram for non-normal hidden laws: refused here
    if (c.shard_count == 0 || c.shard_index >= c.shard_count)
        throw Error("--shard " + std::to_string(c.shard_index) + "/" + std::to_string(c.shard_count) +
                    ": write --shard i/n with 0 ≤ i < n");
    if (c.shard_count > total_blocks(c))
        throw Error("--shard: " + std::to_string(c.shard_count) + " parts but only " + std::to_string(total_blocks(c)) +
                    " blocks of " + std::to_string(kBlockSize) + " networks: use fewer parts or more networks");
}

namespace {

// The network evaluator of one thread: the normal draws of a batch of 8 networks (uniforms, normals) and their
// hidden activations at every input (deep layers: a width x width matrix or a Gram draw per layer).
double evaluator_bytes(const EnsembleConfig& c) {
    const double n = static_cast<double>(c.net.width), m = static_cast<double>(c.inputs.count());
    const double deep = c.net.depth > 1 ? std::min(n * n + n, n * m) : 0.0;
    const double draws = n * static_cast<double>(c.net.d_in) + n + static_cast<double>(c.net.d_out) * (n + 1.0) + deep;
    return 8.0 * 8.0 * (4.0 * draws + 2.0 * n * m);
}

// The monomial path of the conditioned estimator per thread: the monomials' kernel lanes and sums, the covariance
// entries of a block, and the Isserlis terms (at most the telephone number T(n) per tuple of length n).
double conditioned_bytes(const EnsembleConfig& c) {
    if (!c.conditioned || !conditioned_by_monomials(c))
        return 0.0;
    const double m = static_cast<double>(c.inputs.count()), entries = m * (m + 1.0) / 2.0;
    const double points = static_cast<double>(output_points(c));
    constexpr double telephone[7] = {1, 1, 2, 4, 10, 26, 76};
    double monomials = 0.0, terms = 0.0;
    for (int d = 1; d <= std::max(1, c.max_n / 2); ++d)
        monomials += TupleTable::count_tuples(entries, d);
    for (int n = 1; n <= c.max_n; ++n)
        terms += telephone[n] * TupleTable::count_tuples(points, n);
    if (integrated_scale(c) != NeuronScale::none)  // no moment kernel: scale_integrated_bytes counts the scales' sums
        return 8.0 * monomials + 16.0 * terms;
    return 8.0 * monomials * (MomentKernel::kLanes + 2.0) + 8.0 * entries * (MomentKernel::kChunk + 8.0) + 16.0 * terms;
}

// The centring shift: the exact mean μ_b where the conditioned estimator sums covariance monomials (its
// conditional mean is that constant, so odd conditional moments vanish and only full pairings remain in its
// Wick sums), else the mean output of the first kPilot networks of the whole run.
std::vector<double> centring_shift(const EnsembleConfig& c, std::size_t points) {
    if (c.conditioned && conditioned_by_monomials(c))
        return std::vector<double>(points, c.net.output_bias.mean());
    NetworkEvaluator eval(c.net, c.inputs, c.deep);
    std::vector<numeric::CompensatedSum> mean(points);
    std::vector<double> y(points), shift(points);
    const std::uint64_t pilot = std::min(kPilot, c.networks);
    for (std::uint64_t g = 0; g < pilot; ++g) {
        eval.evaluate(c.seed, g, y.data(), 1);
        for (std::size_t p = 0; p < points; ++p)
            mean[p].add(y[p]);
    }
    for (std::size_t p = 0; p < points; ++p)
        shift[p] = mean[p].value() / static_cast<double>(pilot);
    return shift;
}

}  // namespace

double estimate_memory_bytes(const EnsembleConfig& c, unsigned threads) {
    double slots = 0.0;
    for (int n = 1; n <= c.max_n; ++n)
        slots += TupleTable::count_tuples(static_cast<double>(output_points(c)), n);
    const double per_slot = 8.0 * (2.0 * kGroups                                   // group sums
                                   + (kGroups + 1) * 2.0                           // jackknife tables
                                   + threads * (MomentKernel::kLanes + 1.0 + 8.0)  // lanes, block sums, round
                                   + 1.0) + 12.0 * threads;                        // walk
    return slots * per_slot + threads * (evaluator_bytes(c) + conditioned_bytes(c) + scale_integrated_bytes(c));
}

void check_memory(const EnsembleConfig& c, unsigned threads, double max_memory_gb) {
    if (!(max_memory_gb > 0.0) || !std::isfinite(max_memory_gb))
        throw Error("the memory limit (--max-memory-gb) must be a positive finite number of GB, not " +
                    std::to_string(max_memory_gb));
    const double bytes = estimate_memory_bytes(c, threads);
    if (bytes > max_memory_gb * 1073741824.0) {
        char msg[512];
        std::snprintf(msg, sizeof msg,
                      "the correlator tables up to n = %d over %zu output points and %u network evaluators of width %zu "
                      "need about %.3g GB (limit %.3g GB): use fewer inputs, a smaller --max-n or --width, fewer "
                      "--threads, or raise --max-memory-gb",
                      c.max_n, c.inputs.count() * c.net.d_out, threads, c.net.width, bytes / 1073741824.0, max_memory_gb);
        throw SizeLimitError(msg, bytes);
    }
}

std::uint64_t EnsembleState::networks() const {
    std::uint64_t n = 0;
    for (auto g : group_networks)
        n += g;
    return n;
}


EnsembleState initial_state(const EnsembleConfig& c) {
    validate(c);
    EnsembleState s;
    s.first_block = detail::shard_first_block(c, c.shard_index);
    s.end_block = detail::shard_first_block(c, c.shard_index + 1);
    s.next_block = s.first_block;
    const std::size_t points = output_points(c);
    s.shift = centring_shift(c, points);
    const TupleTable table(points, c.max_n);
    s.group_networks.assign(kGroups, 0);
    s.sums.assign(kGroups * table.size(), {});
    return s;
}

EnsembleState merge_states(const EnsembleConfig& whole, std::vector<EnsembleState> parts) {
    if (parts.empty())
        throw Error("nothing to merge: pass the part files written with --shard i/n");
    std::sort(parts.begin(), parts.end(),
              [](const EnsembleState& a, const EnsembleState& b) { return a.first_block < b.first_block; });
    EnsembleConfig one = whole;
    one.shard_index = 0;
    one.shard_count = 1;
    validate(one);
    EnsembleState out;
    out.first_block = 0;
    out.end_block = total_blocks(one);
    out.shift = parts.front().shift;
    out.group_networks.assign(kGroups, 0);
    out.sums.assign(parts.front().sums.size(), {});
    std::uint64_t expect = 0;
    for (const auto& p : parts) {
        if (!p.done())
            throw Error("a part stopped at block " + std::to_string(p.next_block) + " of " + std::to_string(p.end_block) +
                        ": finish it with --resume before merging");
        if (p.first_block != expect)
            throw Error(p.first_block < expect ? "two parts cover the same networks: pass each shard once"
                                               : "a shard is missing (no part covers block " + std::to_string(expect) +
                                                     "): pass all n parts of --shard i/n");
        if (p.shift != out.shift || p.sums.size() != out.sums.size())
            throw Error("the parts come from different runs (centring shifts differ): merge parts of one run only");
        for (std::size_t i = 0; i < out.sums.size(); ++i)
            out.sums[i].merge(p.sums[i]);
        for (std::size_t g = 0; g < kGroups; ++g)
            out.group_networks[g] += p.group_networks[g];
        expect = p.end_block;
    }
    if (expect != out.end_block)
        throw Error("a shard is missing (no part covers block " + std::to_string(expect) + "): pass all n parts");
    out.next_block = out.end_block;
    return out;
}

nlohmann::json network_to_json(const NetworkSpec& net, const InputSet& inputs) {
    nlohmann::json points = nlohmann::json::array();
    for (std::size_t m = 0; m < inputs.count(); ++m)
        points.push_back(std::vector<double>(inputs.x.begin() + static_cast<std::ptrdiff_t>(m * inputs.d_in),
                                             inputs.x.begin() + static_cast<std::ptrdiff_t>((m + 1) * inputs.d_in)));
    nlohmann::json j{{"net", net.activation.name()},
            {"width", net.width},
            {"depth", net.depth},
            {"din", net.d_in},
            {"dout", net.d_out},
            {"sigma_w", net.weights.sd()},
            {"sigma_b", net.biases.sd()},
            {"mu_w", net.weights.mean()},
            {"mu_b", net.biases.mean()},
            {"inputs", points},
            {"index_order", "index p = input * dout + output"}};
    if (!net.widths.empty()) j["widths"] = net.widths;
    if (!numeric::has_paper_laws(net)) j["laws"] = laws_to_json(net);
    return j;
}

nlohmann::json laws_to_json(const NetworkSpec& net) {
    return {{"weights", net.weights.text()},
            {"biases", net.biases.text()},
            {"output_weights", net.output_weights.text()},
            {"output_bias", net.output_bias.text()}};
}

nlohmann::json config_to_json(const EnsembleConfig& c) {
    nlohmann::json j = network_to_json(c.net, c.inputs);
    j["method"] = "sample";
    j["estimator"] = c.conditioned ? "conditioned" : "plain";
    // Deep networks: which draw made the numbers (gram and matrix give different networks per seed).
    if (c.net.depth > 1) j["deep_sampling"] = to_string(resolve_deep_sampling(c.deep, c.net, c.inputs.count()));
    j["max_n"] = c.max_n;
    j["seed"] = c.seed;
    j["networks"] = c.networks;
    if (c.shard_count > 1)
        j["shard"] = {c.shard_index, c.shard_count};
    return j;
}

namespace {
// The whole number >= 0 in `v` (field `key`) as a T; nnft::Error otherwise (nlohmann's conversion of a float or a
// negative number there is undefined behaviour: found by fuzz_checkpoint).
template <class T>
T whole_number(const nlohmann::json& v, const std::string& key) {
    const bool whole = v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
    if (!whole || v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        throw Error("sampler document is corrupt (\"" + key + "\" is " + v.dump() +
                    ", not a whole number in range): regenerate the file with nnft sample");
    return static_cast<T>(v.get<std::uint64_t>());
}
}  // namespace

EnsembleConfig config_from_json(const nlohmann::json& j) {
    try {
        EnsembleConfig c;
        // A built-in by name; otherwise a user-defined activation, kept by its text (merge compares it).
        const auto net = j.at("net").get<std::string>();
        const auto builtin = numeric::find_activation(net);
        c.net.activation = builtin ? *builtin : numeric::Activation::expression(net, nullptr);
        c.net.width = whole_number<std::size_t>(j.at("width"), "width");
        c.net.depth = whole_number<std::size_t>(j.at("depth"), "depth");
        if (j.contains("widths"))
            for (const auto& w : j.at("widths")) c.net.widths.push_back(whole_number<std::size_t>(w, "widths"));
        c.net.d_in = whole_number<std::size_t>(j.at("din"), "din");
        c.net.d_out = whole_number<std::size_t>(j.at("dout"), "dout");
        numeric::set_gaussian_weights(c.net, j.at("mu_w").get<double>(), j.at("sigma_w").get<double>());
        numeric::set_gaussian_biases(c.net, j.at("mu_b").get<double>(), j.at("sigma_b").get<double>());
        if (j.contains("laws")) {
            const auto& laws = j.at("laws");
            c.net.weights = numeric::parse_law(laws.at("weights").get<std::string>());
            c.net.biases = numeric::parse_law(laws.at("biases").get<std::string>());
            c.net.output_weights = numeric::parse_law(laws.at("output_weights").get<std::string>());
            c.net.output_bias = numeric::parse_law(laws.at("output_bias").get<std::string>());
        }
        c.inputs.d_in = c.net.d_in;
        for (const auto& p : j.at("inputs"))
            for (const auto& v : p)
                c.inputs.x.push_back(v.get<double>());
        c.max_n = whole_number<int>(j.at("max_n"), "max_n");
        c.seed = whole_number<std::uint64_t>(j.at("seed"), "seed");
        c.networks = whole_number<std::uint64_t>(j.at("networks"), "networks");
        c.conditioned = j.at("estimator").get<std::string>() == "conditioned";
        // Documents from before the gram draw sampled every deep layer's weight matrix.
        c.deep = j.contains("deep_sampling") ? parse_deep_sampling(j.at("deep_sampling").get<std::string>()) : DeepSampling::matrix;
        if (j.contains("shard")) {
            c.shard_index = whole_number<std::uint32_t>(j.at("shard").at(0), "shard");
            c.shard_count = whole_number<std::uint32_t>(j.at("shard").at(1), "shard");
        }
        validate(c);
        return c;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed sampler configuration (") + e.what() + "): regenerate the file with nnft sample");
    }
}

void check_format(const std::string& what, const std::string& format, const std::string& current) {
    if (format == current)
        return;
    const std::string family = current.substr(0, current.rfind('-') + 1);
    if (format.rfind(family, 0) == 0 && format.size() > family.size() &&
        format.find_first_not_of("0123456789", family.size()) == std::string::npos) {
        const bool older = format.size() < current.size() || (format.size() == current.size() && format < current);
        if (older)
            throw Error(what + " was written by an older nnft whose random stream differs (format '" + format +
                        "', this version writes '" + current + "'): rerun or use that version");
        throw Error(what + " was written by a newer nnft (format '" + format + "', this version reads '" + current +
                    "'): use that version");
    }
    throw Error(what + " has the unknown format '" + format + "' (expected '" + current +
                "'): pass a file written by nnft sample");
}

nlohmann::json state_to_json(const EnsembleState& s) {
    std::vector<double> hi(s.sums.size()), lo(s.sums.size());
    for (std::size_t i = 0; i < s.sums.size(); ++i) {
        hi[i] = s.sums[i].hi;
        lo[i] = s.sums[i].lo;
    }
    return {{"format", kStateFormat}, {"first_block", s.first_block}, {"end_block", s.end_block},
            {"next_block", s.next_block},       {"shift", s.shift},             {"group_networks", s.group_networks},
            {"sums_hi", hi},                    {"sums_lo", lo}};
}

EnsembleState state_from_json(const nlohmann::json& j, const EnsembleConfig& c) {
    EnsembleState s;
    std::vector<double> hi, lo;
    try {
        check_format("sampler state", j.at("format").get<std::string>(), kStateFormat);
        s.first_block = whole_number<std::uint64_t>(j.at("first_block"), "first_block");
        s.end_block = whole_number<std::uint64_t>(j.at("end_block"), "end_block");
        s.next_block = whole_number<std::uint64_t>(j.at("next_block"), "next_block");
        s.shift = j.at("shift").get<std::vector<double>>();
        for (const auto& g : j.at("group_networks")) s.group_networks.push_back(whole_number<std::uint64_t>(g, "group_networks"));
        hi = j.at("sums_hi").get<std::vector<double>>();
        lo = j.at("sums_lo").get<std::vector<double>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("sampler state is corrupt (") + e.what() + "): delete it and start again");
    }
    const TupleTable table(output_points(c), c.max_n);
    const bool ok = s.first_block == detail::shard_first_block(c, c.shard_index) &&
                    s.end_block == detail::shard_first_block(c, c.shard_index + 1) && s.next_block >= s.first_block &&
                    s.next_block <= s.end_block && s.shift.size() == output_points(c) &&
                    s.group_networks.size() == kGroups && hi.size() == kGroups * table.size() && lo.size() == hi.size();
    if (!ok)
        throw Error("sampler state does not match the configuration (block range or table sizes differ): "
                    "delete it and start again");
    std::uint64_t counted = 0;
    for (auto g : s.group_networks)
        counted += g;
    if (counted != detail::range_networks(c, s.first_block, s.next_block))
        throw Error("sampler state is corrupt (network counts disagree with its progress): delete it and start again");
    s.sums.resize(hi.size());
    for (std::size_t i = 0; i < hi.size(); ++i) {
        if (!std::isfinite(hi[i]) || !std::isfinite(lo[i]))
            throw Error("sampler state is corrupt (non-finite sums): delete it and start again");
        s.sums[i] = {hi[i], lo[i]};
    }
    return s;
}

}  // namespace nnft::sampler
