#pragma once
/// \file Worker threads that live for a whole ensemble run and execute it round by round, in two phases
/// separated by barriers: every thread computes (blocks taken from a shared counter), then — unless a
/// compute call failed — every thread merges its own share. Starting threads once instead of once per
/// round, and merging on all threads instead of one, is what lets small networks (a block of 256 width-5
/// networks takes ~20 µs) scale over cores.
#include <barrier>
#include <cstddef>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace nnft::sampler {

/// Rounds of compute(t) then merge(t), t = 0 … threads − 1: t = 0 on the calling thread, the others on
/// threads − 1 threads started once.
class RoundPool {
public:
    /// `threads` ≥ 1 (one runs nothing in the background). compute(t) returns false (or throws) to cancel
    /// the round's merge phase; merge(t) runs only when every compute call of the round returned true.
    RoundPool(unsigned threads, std::function<bool(unsigned)> compute, std::function<void(unsigned)> merge);
    /// Stops and joins the threads (call only between rounds: from the thread that calls run_round).
    ~RoundPool();
    RoundPool(const RoundPool&) = delete;
    RoundPool& operator=(const RoundPool&) = delete;
    /// Run one round (thread 0's share on the caller) and wait for it. Returns whether the merge phase ran; rethrows the
    /// exception of the lowest-numbered thread that threw (the round's merge phase is then skipped).
    bool run_round();

private:
    // Runs when every thread (and the caller) reached a barrier: records whether the round failed.
    struct PhaseEnd {
        RoundPool* pool;
        void operator()() noexcept;
    };
    void loop(unsigned t);
    void phases(unsigned t);  // compute, barrier, merge unless failed, barrier

    std::function<bool(unsigned)> compute_;
    std::function<void(unsigned)> merge_;
    std::vector<std::exception_ptr> errors_;
    std::vector<char> ok_;
    bool failed_ = false;
    bool stop_ = false;
    std::barrier<PhaseEnd> sync_;
    std::vector<std::jthread> threads_;
};

}  // namespace nnft::sampler
