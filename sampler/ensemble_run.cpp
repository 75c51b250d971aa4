#include "sampler/ensemble.hpp"

#include "common/error.hpp"
#include "sampler/detail/conditioned.hpp"
#include "sampler/detail/ensemble_blocks.hpp"
#include "sampler/detail/moments.hpp"
#include "sampler/detail/network_batch.hpp"
#include "sampler/detail/round_pool.hpp"
#include "sampler/tuples.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>

namespace nnft::sampler {

namespace {

using detail::block_networks;
using detail::output_points;

// Per-thread scratch: evaluators, kernel and one block of outputs (plain), or the conditioned estimator's.
struct Worker {
    Worker(const EnsembleConfig& c, const TupleTable& table, const std::vector<double>& shift)
        : eval(c.net, c.inputs, c.deep),
          batch(NetworkBatchEvaluator::available(c.net) && !c.conditioned
                    ? std::make_unique<NetworkBatchEvaluator>(c.net, c.inputs)
                    : nullptr),
          kernel(table), values(c.conditioned ? 0 : output_points(c) * MomentKernel::kChunk),
          weights(MomentKernel::kChunk),
          conditioned(c.conditioned ? std::make_unique<ConditionedBlocks>(c, table, shift) : nullptr) {}
    NetworkEvaluator eval;
    std::unique_ptr<NetworkBatchEvaluator> batch;  // eight networks at a time, where the CPU allows
    MomentKernel kernel;
    std::vector<double> values;
    std::vector<double> weights;
    std::unique_ptr<ConditionedBlocks> conditioned;  // the conditioned estimator (conditioned.hpp)
};

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

// Per-thread workers of a run.
std::vector<Worker> make_workers(const EnsembleConfig& c, const TupleTable& table, const std::vector<double>& shift,
                                 unsigned threads) {
    std::vector<Worker> workers;
    workers.reserve(threads);
    for (unsigned t = 0; t < threads; ++t)
        workers.emplace_back(c, table, shift);
    return workers;
}

// The rounds of a run. One round: every thread computes blocks base … base + count − 1 (taken from a shared
// counter) into round_sums and notes any non-finite block; then, unless one was found, thread t adds its share
// of the slots of every block, in block order, into the group sums — the same additions in the same order as
// a serial merge, so the result never depends on threads or round size.
class BlockRounds {
public:
    BlockRounds(const EnsembleConfig& c, EnsembleState& state, const TupleTable& table, unsigned threads,
                std::size_t per_round)
        : c_(c), state_(state), threads_(threads), slots_(table.size()), workers_(make_workers(c, table, state.shift, threads)),
          round_sums_(per_round * slots_), first_bad_(threads, kNoBlock),
          pool_(threads, [this](unsigned t) { return compute(t); }, [this](unsigned t) { merge(t); }) {}

    // Blocks base … base + count − 1 into the group sums; throws nnft::Error naming the round's lowest
    // non-finite block (its merge was skipped), the same message for any threads.
    void run(std::uint64_t base, std::uint64_t count) {
        base_ = base;
        count_ = count;
        next_ = 0;
        pool_.run_round();
        const std::uint64_t bad = *std::min_element(first_bad_.begin(), first_bad_.end());
        if (bad != kNoBlock)
            throw Error("network outputs overflow (non-finite moments in block " + std::to_string(bad) +
                        "): use smaller inputs or variances, or a lower --max-n");
    }

private:
    static constexpr std::uint64_t kNoBlock = ~std::uint64_t{0};

    bool compute(unsigned t) {
        first_bad_[t] = kNoBlock;
        for (std::uint64_t i = next_++; i < count_; i = next_++) {
            const std::span<double> sums(round_sums_.data() + i * slots_, slots_);
            if (workers_[t].conditioned)
                workers_[t].conditioned->process(base_ + i, sums);
            else
                process_block(c_, state_.shift, base_ + i, workers_[t], sums);
            if (!std::all_of(sums.begin(), sums.end(), [](double v) { return std::isfinite(v); }))
                first_bad_[t] = std::min(first_bad_[t], base_ + i);
        }
        return first_bad_[t] == kNoBlock;
    }

    void merge(unsigned t) {
        const std::size_t begin = slots_ * t / threads_, end = slots_ * (t + 1) / threads_;
        for (std::uint64_t i = 0; i < count_; ++i) {
            const double* src = round_sums_.data() + i * slots_;
            numeric::CompensatedSum* dst = state_.sums.data() + ((base_ + i) % kGroups) * slots_;
            for (std::size_t s = begin; s < end; ++s)
                dst[s].add(src[s]);
        }
    }

    const EnsembleConfig& c_;
    EnsembleState& state_;
    const unsigned threads_;
    const std::size_t slots_;
    std::vector<Worker> workers_;
    std::vector<double> round_sums_;
    std::uint64_t base_ = 0, count_ = 0;
    std::atomic<std::uint64_t> next_{0};
    std::vector<std::uint64_t> first_bad_;
    RoundPool pool_;  // last: its threads start once the rest exists
};

}  // namespace

void run_ensemble(const EnsembleConfig& c, EnsembleState& state, const RunOptions& opt) {
    validate(c);
    const TupleTable table(output_points(c), c.max_n);
    NNFT_ASSERT(state.sums.size() == kGroups * table.size());
    const unsigned threads = std::max(1u, opt.threads);
    const std::size_t per_round = opt.blocks_per_round ? opt.blocks_per_round : 8 * static_cast<std::size_t>(threads);
    BlockRounds rounds(c, state, table, threads, per_round);
    const std::uint64_t part_networks = detail::range_networks(c, state.first_block, state.end_block);
    using Clock = std::chrono::steady_clock;
    auto last_checkpoint = Clock::now();
    std::uint64_t processed = 0;
    while (!state.done()) {
        std::uint64_t round = std::min<std::uint64_t>(per_round, state.end_block - state.next_block);
        if (opt.stop_after_blocks)
            round = std::min(round, opt.stop_after_blocks - processed);
        if (round == 0)
            break;
        rounds.run(state.next_block, round);
        for (std::uint64_t i = 0; i < round; ++i) {
            const std::uint64_t block = state.next_block + i;
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
        if (opt.stop && opt.stop())
            break;
    }
}

}  // namespace nnft::sampler
