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
#include <vector>

namespace nnft::diagrams::detail {

/// Hands chunks 0..count-1 of a search to worker threads and their results, in chunk order, to one consumer.
/// A worker walks the same search tree as every other, searches the chunk that take() gave it when it reaches its
/// root, calls deliver(i, records) and takes the next (chunks go out in increasing order, each to one worker; no
/// lock per chunk root passed). take() blocks while the chunk is more than `window` chunks ahead of the consumer,
/// which bounds the memory held; the
/// consumed buffers go back to the workers (spare()), so a worker's records are written into reused memory.
class OrderedChunks {
public:
    /// `count` chunks, at most `window` of them delivered but not yet consumed.
    OrderedChunks(long long count, long long window);
    /// The next chunk for the calling worker to search, or -1 when none is left or the run was stopped.
    long long take();
    /// The records of chunk i (every class the chunk met, in search order).
    void deliver(long long i, RecordBuffer&& records);
    /// An empty buffer for the next chunk's records, with the capacity of a consumed one when there is one.
    RecordBuffer spare();
    /// Stops the run: claim() returns false from now on; `error` (if any) is rethrown by consume().
    void stop(std::exception_ptr error = nullptr);
    /// Calls `f(chunk, records)` on every chunk in chunk order, waiting for chunks still being searched;
    /// rethrows a worker's error.
    void consume(const std::function<void(long long, const RecordBuffer&)>& f);
    /// Runs `worker` on `threads` threads and consumes with `f` on the calling thread; an exception in either
    /// stops the others and is rethrown after every thread has ended.
    void run(int threads, const std::function<void()>& worker,
             const std::function<void(long long, const RecordBuffer&)>& f);

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::unique_ptr<RecordBuffer>> results_;
    std::vector<RecordBuffer> spares_;
    long long count_, window_, consumed_ = 0;
    std::atomic<long long> next_{0};
    bool stopped_ = false;
    std::exception_ptr error_;
};

}  // namespace nnft::diagrams::detail
