#pragma once
/// \file Worker threads that live for a whole ensemble run and execute it round by round, in two phases: every
/// thread that arrives in time computes (blocks taken from a shared counter), then — unless a compute call failed —
/// the merge slices are taken from a second counter. No barrier waits for a thread that has not arrived: the
/// caller (thread 0) opens a phase, works it itself, closes it once its own work runs out and waits only for the
/// threads that joined before the close, each of which holds at most one item. A thread the OS runs late (another
/// process on the core) finds the phase closed and goes back to sleep, so a second thread never costs the round a
/// scheduling delay. Starting threads once instead of once per round is what lets small networks (a block of 256
/// width-5 networks takes ~20 µs) scale over cores.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace nnft::sampler {

/// Rounds of compute(t), then merge(k) for k = 0 … threads − 1: compute(0) on the calling thread, compute(t), t ≥ 1, on
/// thread t of threads − 1 threads started once, when that thread arrives before the caller runs out of work (it
/// may not run at all in a round); merge(k) once per k, on any of the threads.
class RoundPool {
public:
    /// `threads` ≥ 1 (one runs nothing in the background). compute(t) takes its work from a shared counter and
    /// returns when none is left; it returns false (or throws) to cancel the round's merge phase. merge(k) merges
    /// slice k of the round's result (never per-thread state: any thread may run it); it runs only when every
    /// compute call of the round returned true.
    RoundPool(unsigned threads, std::function<bool(unsigned)> compute, std::function<void(unsigned)> merge);
    /// Stops and joins the threads (call only between rounds: from the thread that calls run_round).
    ~RoundPool();
    RoundPool(const RoundPool&) = delete;
    RoundPool& operator=(const RoundPool&) = delete;
    /// Run one round (thread 0's share on the caller) and wait for it. Returns whether the merge phase ran; rethrows
    /// the exception of the lowest-numbered thread whose compute threw, else of the lowest merge slice that threw
    /// (a compute exception skips the round's merge phase).
    bool run_round();

private:
    void loop(unsigned t);
    void publish(std::uint64_t phase);     // open phase `phase` (kCompute, kMerge or kStop) and wake the threads
    void work(std::uint64_t phase, unsigned t);  // thread t's part of an open phase
    void close_and_drain();                // close the open phase, wait for the threads inside it

    std::function<bool(unsigned)> compute_;
    std::function<void(unsigned)> merge_;
    unsigned threads_count_;
    std::vector<std::exception_ptr> errors_;        // compute errors, by thread
    std::vector<std::exception_ptr> merge_errors_;  // merge errors, by slice
    std::vector<char> ok_;
    std::atomic<std::uint64_t> gate_{0};       // serial << 32 | phase << 29 | closed << 28 | threads inside
    std::atomic<std::uint32_t> bell_{0};       // bumped with every publish (the threads sleep on it)
    std::atomic<std::uint32_t> drained_{0};    // bumped by the last thread out of a closed phase (the caller sleeps on it)
    std::atomic<unsigned> next_slice_{0};      // the merge slices' counter
    std::uint64_t serial_ = 0;
    std::vector<std::jthread> threads_;
};

}  // namespace nnft::sampler

namespace nnft::sampler {

/// Independent items spread over a RoundPool: run(count, item) calls item(i) once for every i < count, the items
/// taken from a shared counter by whichever threads arrive (a late thread costs nothing), and waits for them. Each
/// item computes alone, so the results are the same bits on any number of threads; the exception of the
/// lowest-numbered item that threw is rethrown (the same one on any number of threads).
class ItemPool {
public:
    /// `threads` ≥ 1 threads (threads − 1 started once, here).
    explicit ItemPool(unsigned threads);
    /// Run item(0) … item(count − 1) and wait for them.
    void run(std::size_t count, const std::function<void(std::size_t)>& item);

private:
    bool compute();

    std::size_t count_ = 0;
    const std::function<void(std::size_t)>* item_ = nullptr;
    std::atomic<std::size_t> next_{0};
    std::vector<std::exception_ptr> errors_;  // by item
    RoundPool pool_;                          // last: its threads start once the rest exists
};

}  // namespace nnft::sampler
