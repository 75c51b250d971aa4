#include "sampler/ensemble.hpp"

#include "common/error.hpp"
#include "sampler/conditioned.hpp"
#include "sampler/moments.hpp"
#include "sampler/network_batch.hpp"
#include "sampler/round_pool.hpp"
#include "sampler/tuples.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>

namespace nnft::sampler {

namespace {
std::uint64_t total_blocks(const EnsembleConfig& c) { return (c.networks + kBlockSize - 1) / kBlockSize; }

std::uint64_t block_networks(const EnsembleConfig& c, std::uint64_t block) {
    const std::uint64_t begin = block * kBlockSize;
    return std::min(kBlockSize, c.networks - begin);
}

std::size_t output_points(const EnsembleConfig& c) { return c.inputs.count() * c.net.d_out; }

// Per-thread scratch: evaluators, kernel and one block of outputs.
struct Worker {
    Worker(const EnsembleConfig& c, const TupleTable& table)
        : eval(c.net, c.inputs),
          batch(NetworkBatchEvaluator::available(c.net) && !c.conditioned
                    ? std::make_unique<NetworkBatchEvaluator>(c.net, c.inputs)
                    : nullptr),
          kernel(table), gaussian(table), values(output_points(c) * MomentKernel::kChunk),
          weights(MomentKernel::kChunk), mean(output_points(c)), cov(output_points(c) * output_points(c)),
          moments(table.size()) {}
    NetworkEvaluator eval;
    std::unique_ptr<NetworkBatchEvaluator> batch;  // eight networks at a time, where the CPU allows
    MomentKernel kernel;
    GaussianMoments gaussian;
    std::vector<double> values;
    std::vector<double> weights;
    std::vector<double> mean, cov, moments;  // conditioned estimator
};

// Conditioned estimator: add E[Π (f − shift) | hidden layer] of every network of the block, in order.
void process_block_conditioned(const EnsembleConfig& c, const std::vector<double>& shift, std::uint64_t block,
                               Worker& w, std::span<double> sums) {
    std::fill(sums.begin(), sums.end(), 0.0);
    const std::size_t m_count = c.inputs.count(), dout = c.net.d_out, points = shift.size(), n = c.net.width;
    const double scale = c.net.sigma_w * c.net.sigma_w / static_cast<double>(n);
    const double var_b = c.net.sigma_b * c.net.sigma_b;
    const std::uint64_t count = block_networks(c, block), first = block * kBlockSize;
    std::vector<double> gram(m_count * m_count), sum_phi(m_count);
    for (std::uint64_t i = 0; i < count; ++i) {
        const double* phi = w.eval.last_hidden(c.seed, first + i);
        std::fill(gram.begin(), gram.end(), 0.0);
        std::fill(sum_phi.begin(), sum_phi.end(), 0.0);
        for (std::size_t j = 0; j < n; ++j) {
            const double* pj = phi + j * m_count;
            for (std::size_t a = 0; a < m_count; ++a) {
                sum_phi[a] += pj[a];
                for (std::size_t b = a; b < m_count; ++b)
                    gram[a * m_count + b] += pj[a] * pj[b];
            }
        }
        for (std::size_t p = 0; p < points; ++p)
            w.mean[p] = c.net.mu_b + c.net.mu_w * sum_phi[p / dout] - shift[p];
        for (std::size_t p = 0; p < points; ++p)
            for (std::size_t q = 0; q < points; ++q) {
                const std::size_t a = std::min(p, q) / dout, b = std::max(p, q) / dout;
                w.cov[p * points + q] = p % dout == q % dout ? var_b + scale * gram[a * m_count + b] : 0.0;
            }
        w.gaussian.compute(w.mean.data(), w.cov.data(), w.moments.data());
        for (std::size_t s = 0; s < sums.size(); ++s)
            sums[s] += w.moments[s];
    }
}

// Moment sums of one block (shifted outputs), in `sums` (size = slots, zeroed here).
void process_block(const EnsembleConfig& c, const std::vector<double>& shift, std::uint64_t block, Worker& w,
                   std::span<double> sums) {
    std::fill(sums.begin(), sums.end(), 0.0);
    const std::size_t points = shift.size();
    const std::uint64_t count = block_networks(c, block);
    const std::uint64_t first = block * kBlockSize;
    constexpr std::size_t chunk = MomentKernel::kChunk;
    constexpr std::size_t lanes = NetworkBatchEvaluator::kBatch;
    static_assert(chunk % lanes == 0, "whole batches per chunk");
    for (std::uint64_t start = 0; start < count; start += chunk) {
        for (std::size_t b = 0; b < chunk;) {
            if (w.batch && start + b + lanes <= count) {  // eight networks at once, the same bits
                w.batch->evaluate(c.seed, first + start + b, w.values.data() + b, chunk);
                for (std::size_t p = 0; p < points; ++p)
                    for (std::size_t l = 0; l < lanes; ++l)
                        w.values[p * chunk + b + l] -= shift[p];
                for (std::size_t l = 0; l < lanes; ++l)
                    w.weights[b + l] = 1.0;
                b += lanes;
                continue;
            }
            if (start + b < count) {
                w.eval.evaluate(c.seed, first + start + b, w.values.data() + b, chunk);
                for (std::size_t p = 0; p < points; ++p)
                    w.values[p * chunk + b] -= shift[p];
                w.weights[b] = 1.0;
            } else {
                for (std::size_t p = 0; p < points; ++p)
                    w.values[p * chunk + b] = 0.0;
                w.weights[b] = 0.0;
            }
            ++b;
        }
        w.kernel.add_chunk(w.values.data(), w.weights.data());
    }
    w.kernel.flush(sums);
}
}  // namespace

void validate(const EnsembleConfig& c) {
    validate(c.net, c.inputs);
    if (c.max_n != 2 && c.max_n != 4 && c.max_n != 6)
        throw Error("--max-n " + std::to_string(c.max_n) + ": use 2, 4 or 6");
    if (c.networks == 0)
        throw Error("--networks 0: sample at least one network");
    if (c.shard_count == 0 || c.shard_index >= c.shard_count)
        throw Error("--shard " + std::to_string(c.shard_index) + "/" + std::to_string(c.shard_count) +
                    ": write --shard i/n with 0 ≤ i < n");
    if (c.shard_count > total_blocks(c))
        throw Error("--shard: " + std::to_string(c.shard_count) + " parts but only " + std::to_string(total_blocks(c)) +
                    " blocks of " + std::to_string(kBlockSize) + " networks: use fewer parts or more networks");
}

double estimate_memory_bytes(const EnsembleConfig& c, unsigned threads) {
    double slots = 0.0;
    for (int n = 1; n <= c.max_n; ++n)
        slots += TupleTable::count_tuples(static_cast<double>(output_points(c)), n);
    const double per_slot = 8.0 * (2.0 * kGroups                                   // group sums
                                   + (kGroups + 1) * 2.0                           // jackknife tables
                                   + threads * (MomentKernel::kLanes + 1.0 + 8.0)  // lanes, block sums, round
                                   + 1.0) + 12.0 * threads;                        // walk
    return slots * per_slot;
}

std::uint64_t EnsembleState::networks() const {
    std::uint64_t n = 0;
    for (auto g : group_networks)
        n += g;
    return n;
}

EnsembleConfig paper_erf_ensemble(std::size_t width, std::uint64_t networks, std::uint64_t seed) {
    EnsembleConfig c;
    c.net = default_spec(Activation::Erf);
    c.net.width = width;
    c.inputs = parse_inputs("paper:erf", 1);
    c.max_n = 6;
    c.seed = seed;
    c.networks = networks;
    return c;
}

EnsembleState initial_state(const EnsembleConfig& c) {
    validate(c);
    EnsembleState s;
    const std::uint64_t blocks = total_blocks(c);
    s.first_block = blocks * c.shard_index / c.shard_count;
    s.end_block = blocks * (c.shard_index + 1) / c.shard_count;
    s.next_block = s.first_block;
    const std::size_t points = output_points(c);
    NetworkEvaluator eval(c.net, c.inputs);
    std::vector<numeric::CompensatedSum> mean(points);
    std::vector<double> y(points);
    const std::uint64_t pilot = std::min(kPilot, c.networks);
    for (std::uint64_t g = 0; g < pilot; ++g) {
        eval.evaluate(c.seed, g, y.data(), 1);
        for (std::size_t p = 0; p < points; ++p)
            mean[p].add(y[p]);
    }
    s.shift.resize(points);
    for (std::size_t p = 0; p < points; ++p)
        s.shift[p] = mean[p].value() / static_cast<double>(pilot);
    const TupleTable table(points, c.max_n);
    s.group_networks.assign(kGroups, 0);
    s.sums.assign(kGroups * table.size(), {});
    return s;
}

void run_ensemble(const EnsembleConfig& c, EnsembleState& state, const RunOptions& opt) {
    validate(c);
    const TupleTable table(output_points(c), c.max_n);
    NNFT_ASSERT(state.sums.size() == kGroups * table.size());
    const unsigned threads = std::max(1u, opt.threads);
    const std::size_t per_round = opt.blocks_per_round ? opt.blocks_per_round : 8 * static_cast<std::size_t>(threads);
    const std::size_t slots = table.size();
    std::vector<Worker> workers;
    workers.reserve(threads);
    for (unsigned t = 0; t < threads; ++t)
        workers.emplace_back(c, table);
    std::vector<double> round_sums(per_round * slots);
    const std::uint64_t part_networks = [&] {
        std::uint64_t n = 0;
        for (std::uint64_t b = state.first_block; b < state.end_block; ++b)
            n += block_networks(c, b);
        return n;
    }();
    // One round: every thread computes blocks base … base + count − 1 (taken from a shared counter) into
    // round_sums and notes any non-finite block; then, unless one was found, thread t adds its share of the
    // slots of every block, in block order, into the group sums — the same additions in the same order as
    // a serial merge, so the result never depends on threads or round size.
    struct Plan {
        std::uint64_t base = 0, count = 0;
    } plan;
    constexpr std::uint64_t kNoBlock = ~std::uint64_t{0};
    std::atomic<std::uint64_t> next{0};
    std::vector<std::uint64_t> first_bad(threads, kNoBlock);
    const auto compute = [&](unsigned t) {
        first_bad[t] = kNoBlock;
        for (std::uint64_t i = next++; i < plan.count; i = next++) {
            const std::span<double> sums(round_sums.data() + i * slots, slots);
            (c.conditioned ? process_block_conditioned : process_block)(c, state.shift, plan.base + i, workers[t], sums);
            if (!std::all_of(sums.begin(), sums.end(), [](double v) { return std::isfinite(v); }))
                first_bad[t] = std::min(first_bad[t], plan.base + i);
        }
        return first_bad[t] == kNoBlock;
    };
    const auto merge = [&](unsigned t) {
        const std::size_t begin = slots * t / threads, end = slots * (t + 1) / threads;
        for (std::uint64_t i = 0; i < plan.count; ++i) {
            const double* src = round_sums.data() + i * slots;
            numeric::CompensatedSum* dst = state.sums.data() + ((plan.base + i) % kGroups) * slots;
            for (std::size_t s = begin; s < end; ++s)
                dst[s].add(src[s]);
        }
    };
    RoundPool pool(threads, compute, merge);
    using Clock = std::chrono::steady_clock;
    auto last_checkpoint = Clock::now();
    std::uint64_t processed = 0;
    while (!state.done()) {
        std::uint64_t round = std::min<std::uint64_t>(per_round, state.end_block - state.next_block);
        if (opt.stop_after_blocks)
            round = std::min(round, opt.stop_after_blocks - processed);
        if (round == 0)
            break;
        plan.base = state.next_block;
        plan.count = round;
        next = 0;
        pool.run_round();
        // The lowest non-finite block of the round (the merge was skipped): the same message for any threads.
        const std::uint64_t bad = *std::min_element(first_bad.begin(), first_bad.end());
        if (bad != kNoBlock)
            throw Error("network outputs overflow (non-finite moments in block " + std::to_string(bad) +
                        "): use smaller inputs or variances, or a lower --max-n");
        for (std::uint64_t i = 0; i < round; ++i) {
            const std::uint64_t block = plan.base + i;
            state.group_networks[static_cast<std::size_t>(block % kGroups)] += block_networks(c, block);
        }
        state.next_block += round;
        processed += round;
        if (opt.progress)
            opt.progress(state.networks(), part_networks);
        if (opt.checkpoint && opt.checkpoint_interval_s > 0 &&
            std::chrono::duration<double>(Clock::now() - last_checkpoint).count() >= opt.checkpoint_interval_s) {
            opt.checkpoint(state);
            last_checkpoint = Clock::now();
        }
        if (opt.stop_after_blocks && processed >= opt.stop_after_blocks)
            break;
    }
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
    return {{"net", activation_name(net.activation)},
            {"width", net.width},
            {"depth", net.depth},
            {"din", net.d_in},
            {"dout", net.d_out},
            {"sigma_w", net.sigma_w},
            {"sigma_b", net.sigma_b},
            {"mu_w", net.mu_w},
            {"mu_b", net.mu_b},
            {"inputs", points},
            {"index_order", "index p = input * dout + output"}};
}

nlohmann::json config_to_json(const EnsembleConfig& c) {
    nlohmann::json j = network_to_json(c.net, c.inputs);
    j["method"] = "sample";
    j["estimator"] = c.conditioned ? "conditioned" : "plain";
    j["max_n"] = c.max_n;
    j["seed"] = c.seed;
    j["networks"] = c.networks;
    if (c.shard_count > 1)
        j["shard"] = {c.shard_index, c.shard_count};
    return j;
}

EnsembleConfig config_from_json(const nlohmann::json& j) {
    try {
        EnsembleConfig c;
        c.net.activation = parse_activation(j.at("net").get<std::string>());
        c.net.width = j.at("width").get<std::size_t>();
        c.net.depth = j.at("depth").get<std::size_t>();
        c.net.d_in = j.at("din").get<std::size_t>();
        c.net.d_out = j.at("dout").get<std::size_t>();
        c.net.sigma_w = j.at("sigma_w").get<double>();
        c.net.sigma_b = j.at("sigma_b").get<double>();
        c.net.mu_w = j.at("mu_w").get<double>();
        c.net.mu_b = j.at("mu_b").get<double>();
        c.inputs.d_in = c.net.d_in;
        for (const auto& p : j.at("inputs"))
            for (const auto& v : p)
                c.inputs.x.push_back(v.get<double>());
        c.max_n = j.at("max_n").get<int>();
        c.seed = j.at("seed").get<std::uint64_t>();
        c.networks = j.at("networks").get<std::uint64_t>();
        c.conditioned = j.at("estimator").get<std::string>() == "conditioned";
        if (j.contains("shard")) {
            c.shard_index = j.at("shard").at(0).get<std::uint32_t>();
            c.shard_count = j.at("shard").at(1).get<std::uint32_t>();
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
        s.first_block = j.at("first_block").get<std::uint64_t>();
        s.end_block = j.at("end_block").get<std::uint64_t>();
        s.next_block = j.at("next_block").get<std::uint64_t>();
        s.shift = j.at("shift").get<std::vector<double>>();
        s.group_networks = j.at("group_networks").get<std::vector<std::uint64_t>>();
        hi = j.at("sums_hi").get<std::vector<double>>();
        lo = j.at("sums_lo").get<std::vector<double>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("sampler state is corrupt (") + e.what() + "): delete it and start again");
    }
    const TupleTable table(output_points(c), c.max_n);
    const std::uint64_t blocks = total_blocks(c);
    const bool ok = s.first_block == blocks * c.shard_index / c.shard_count &&
                    s.end_block == blocks * (c.shard_index + 1) / c.shard_count && s.next_block >= s.first_block &&
                    s.next_block <= s.end_block && s.shift.size() == output_points(c) &&
                    s.group_networks.size() == kGroups && hi.size() == kGroups * table.size() && lo.size() == hi.size();
    if (!ok)
        throw Error("sampler state does not match the configuration (block range or table sizes differ): "
                    "delete it and start again");
    std::uint64_t counted = 0;
    for (auto g : s.group_networks)
        counted += g;
    std::uint64_t expect = 0;
    for (std::uint64_t b = s.first_block; b < s.next_block; ++b)
        expect += block_networks(c, b);
    if (counted != expect)
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
