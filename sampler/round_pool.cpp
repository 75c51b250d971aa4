#include "sampler/detail/round_pool.hpp"

namespace nnft::sampler {

void RoundPool::PhaseEnd::operator()() noexcept {
    bool failed = false;
    for (std::size_t t = 0; t < pool->ok_.size(); ++t)
        failed = failed || !pool->ok_[t] || pool->errors_[t];
    pool->failed_ = failed;
}

RoundPool::RoundPool(unsigned threads, std::function<bool(unsigned)> compute, std::function<void(unsigned)> merge)
    : compute_(std::move(compute)), merge_(std::move(merge)), errors_(threads), ok_(threads, 1),
      sync_(static_cast<std::ptrdiff_t>(threads), PhaseEnd{this}) {
    threads_.reserve(threads - 1);
    try {
        for (unsigned t = 1; t < threads; ++t)
            threads_.emplace_back([this, t] { loop(t); });
    } catch (...) {  // a thread could not start: release the ones that did, then report
        stop_ = true;
        for (std::size_t missing = threads_.size() + 1; missing < threads; ++missing)
            sync_.arrive_and_drop();
        sync_.arrive_and_wait();
        threads_.clear();
        throw;
    }
}

RoundPool::~RoundPool() {
    stop_ = true;               // read by the threads after the barrier below (which orders the write)
    sync_.arrive_and_wait();    // releases them from their wait for the next round
    threads_.clear();           // joins
}

void RoundPool::loop(unsigned t) {
    for (;;) {
        sync_.arrive_and_wait();  // a round (or the stop) was published
        if (stop_)
            return;
        phases(t);
    }
}

void RoundPool::phases(unsigned t) {
    try {
        ok_[t] = compute_(t);
    } catch (...) {
        errors_[t] = std::current_exception();
    }
    sync_.arrive_and_wait();  // every compute call done; PhaseEnd set failed_
    if (!failed_) {
        try {
            merge_(t);
        } catch (...) {
            errors_[t] = std::current_exception();
        }
    }
    sync_.arrive_and_wait();  // every merge done
}

bool RoundPool::run_round() {
    for (std::size_t t = 0; t < ok_.size(); ++t) {
        ok_[t] = 1;
        errors_[t] = nullptr;
    }
    sync_.arrive_and_wait();  // start
    phases(0);                // the caller is thread 0
    const bool merged = !failed_;
    for (const std::exception_ptr& e : errors_)
        if (e)
            std::rethrow_exception(e);
    return merged;
}

}  // namespace nnft::sampler
