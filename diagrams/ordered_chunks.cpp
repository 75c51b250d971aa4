#include "diagrams/detail/ordered_chunks.hpp"

#include "diagrams/detail/canonical.hpp"

#include <thread>

namespace nnft::diagrams::detail {

OrderedChunks::OrderedChunks(long long count, long long window)
    : results_(static_cast<std::size_t>(count)), count_(count), window_(window) {}

long long OrderedChunks::take() {
    const long long i = next_.fetch_add(1);
    if (i >= count_) return -1;
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || i < consumed_ + window_; });
    return stopped_ ? -1 : i;
}

void OrderedChunks::deliver(long long i, RecordBuffer&& records) {
    auto chunk = std::make_unique<RecordBuffer>(std::move(records));
    {
        std::lock_guard<std::mutex> lock(mutex_);
        results_[static_cast<std::size_t>(i)] = std::move(chunk);
    }
    changed_.notify_all();
}

RecordBuffer OrderedChunks::spare() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spares_.empty()) return {};
    RecordBuffer b = std::move(spares_.back());
    spares_.pop_back();
    return b;
}

void OrderedChunks::stop(std::exception_ptr error) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopped_ = true;
        if (error && !error_) error_ = error;
    }
    changed_.notify_all();
}

void OrderedChunks::consume(const std::function<void(long long, const RecordBuffer&)>& f) {
    for (long long i = 0; i < count_; ++i) {
        std::unique_ptr<RecordBuffer> chunk;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] { return error_ || results_[static_cast<std::size_t>(i)]; });
            if (error_) std::rethrow_exception(error_);
            chunk = std::move(results_[static_cast<std::size_t>(i)]);
        }
        f(i, *chunk);
        chunk->clear();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            consumed_ = i + 1;
            spares_.push_back(std::move(*chunk));
        }
        changed_.notify_all();
    }
}

void OrderedChunks::run(int threads, const std::function<void()>& worker,
                        const std::function<void(long long, const RecordBuffer&)>& f) {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([this, &worker] {
            try {
                worker();
            } catch (...) {
                stop(std::current_exception());
            }
            release_canonical_workspace();  // nauty's thread-local workspace dies with the thread otherwise
        });
    std::exception_ptr error;
    try {
        consume(f);
    } catch (...) {
        error = std::current_exception();
    }
    stop();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace nnft::diagrams::detail
