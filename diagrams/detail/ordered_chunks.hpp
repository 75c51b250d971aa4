#pragma once
/// \file Parallel search in chunks with results merged in chunk order, so the output does not depend on the
/// number of threads or their timing (parallel diagram generation, issue 15).
#include "diagrams/detail/diagram_record.hpp"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace nnft::diagrams::detail {

/// Hands chunks 0..count-1 of a search to threads and their results, in chunk order, to one consumer.
/// A searching thread walks the same search tree as every other, searches the chunk that take() gave it when it
/// reaches its root, calls deliver(i, records) and takes the next (chunks go out in increasing order, each to one
/// thread; no lock per chunk root passed). The calling thread of run() searches too and is the consumer: in take()
/// it first merges the chunks that are ready, so no third thread competes for two cores. take() holds a chunk back
/// while it is more than `window` chunks ahead of the consumer, which bounds the memory held; the consumed buffers
/// go back to the searchers (spare()), so records are written into reused memory.
class OrderedChunks {
public:
    /// The consumer of the records: f(chunk, records), called in chunk order on the thread that called run().
    using Consumer = std::function<void(long long, const RecordBuffer&)>;

    /// `count` chunks, at most `window` of them delivered but not yet consumed.
    OrderedChunks(long long count, long long window);
    /// The next chunk for the calling thread to search, or -1 when none is left or the run was stopped. On the
    /// consumer's thread it first consumes what is ready, and consumes (instead of waiting) while the window is full.
    long long take();
    /// The records of chunk i (every class the chunk met, in search order).
    void deliver(long long i, RecordBuffer&& records);
    /// An empty buffer for the next chunk's records, with the capacity of a consumed one when there is one.
    RecordBuffer spare();
    /// Stops the run: take() returns -1 from now on; `error` (if any) is rethrown to the consumer.
    void stop(std::exception_ptr error = nullptr);
    /// Runs `search` on `threads` threads, the calling thread one of them, and consumes every chunk with `f` on the
    /// calling thread; an exception in either stops the others and is rethrown after every thread has ended.
    void run(int threads, const std::function<void()>& search, const Consumer& f);

private:
    /// Consumes the next chunk in order; when it is not delivered yet, waits for it if `wait`, else returns false.
    /// Returns false when every chunk has been consumed. Rethrows a searcher's error.
    bool consume_next(bool wait);
    bool stopped();

    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::unique_ptr<RecordBuffer>> results_;
    std::vector<RecordBuffer> spares_;
    long long count_, window_, consumed_ = 0;  // consumed_: written by the consumer only, under the mutex
    std::atomic<long long> next_{0};
    bool stopped_ = false;
    std::exception_ptr error_;
    const Consumer* consumer_ = nullptr;
    std::thread::id consumer_thread_;
};

}  // namespace nnft::diagrams::detail
