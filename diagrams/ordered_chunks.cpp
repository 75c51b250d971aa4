#include "diagrams/detail/ordered_chunks.hpp"

#include "diagrams/detail/canonical.hpp"

#include <thread>

namespace nnft::diagrams::detail {

OrderedChunks::OrderedChunks(long long count, long long window)
    : results_(static_cast<std::size_t>(count)), count_(count), window_(window) {}

long long OrderedChunks::take() {
    const long long i = next_.fetch_add(1);
    if (i >= count_) return -1;
    if (consumer_ && std::this_thread::get_id() == consumer_thread_) {
        while (consume_next(false)) {}  // merge what is ready before searching more
        while (!stopped() && i >= consumed_ + window_) consume_next(true);
        return stopped() ? -1 : i;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || i < consumed_ + window_; });
    return stopped_ ? -1 : i;
}

bool OrderedChunks::stopped() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stopped_;
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

bool OrderedChunks::consume_next(bool wait) {
    std::unique_ptr<RecordBuffer> chunk;
    const long long i = consumed_;
    if (i >= count_) return false;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        const auto ready = [&] { return error_ || results_[static_cast<std::size_t>(i)]; };
        if (wait) changed_.wait(lock, ready);
        else if (!ready()) return false;
        if (error_) std::rethrow_exception(error_);
        chunk = std::move(results_[static_cast<std::size_t>(i)]);
    }
    (*consumer_)(i, *chunk);
    chunk->clear();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        consumed_ = i + 1;
        spares_.push_back(std::move(*chunk));
    }
    changed_.notify_all();
    return true;
}

void OrderedChunks::run(int threads, const std::function<void()>& search, const Consumer& f) {
    consumer_ = &f;
    consumer_thread_ = std::this_thread::get_id();
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back([this, &search] {
            try {
                search();
            } catch (...) {
                stop(std::current_exception());
            }
            release_canonical_workspace();  // nauty's thread-local workspace dies with the thread otherwise
        });
    std::exception_ptr error;
    try {
        search();
        while (consume_next(true)) {}
    } catch (...) {
        error = std::current_exception();
    }
    stop();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace nnft::diagrams::detail
