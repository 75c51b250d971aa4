#include "sampler/detail/round_pool.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace nnft::sampler {

namespace {

// The gate word: serial << 32 | phase << 29 | closed << 28 | threads inside the phase.
constexpr std::uint64_t kCountMask = (std::uint64_t{1} << 28) - 1;
constexpr std::uint64_t kClosed = std::uint64_t{1} << 28;
constexpr std::uint64_t kCompute = 1, kMerge = 2, kStop = 3;

std::uint64_t serial_of(std::uint64_t g) { return g >> 32; }
std::uint64_t phase_of(std::uint64_t g) { return (g >> 29) & 7; }

// Spin (with the CPU's pause hint) for at most ~kSpins checks until done() holds; false if it never did. A few
// microseconds: the next phase or the end of another thread's item usually comes sooner, and a futex sleep and
// wake-up costs more than that (far more when another process holds the core the sleeper would wake on).
template <class Done>
bool spin_until(Done done) {
    constexpr int kSpins = 2000;
    for (int i = 0; i < kSpins; ++i) {
        if (done())
            return true;
#if defined(__x86_64__) || defined(__i386__)
        _mm_pause();
#endif
    }
    return done();
}

}  // namespace

RoundPool::RoundPool(unsigned threads, std::function<bool(unsigned)> compute, std::function<void(unsigned)> merge)
    : compute_(std::move(compute)), merge_(std::move(merge)), threads_count_(threads), errors_(threads),
      merge_errors_(threads), ok_(threads, 1) {
    threads_.reserve(threads - 1);
    try {
        for (unsigned t = 1; t < threads; ++t)
            threads_.emplace_back([this, t] { loop(t); });
    } catch (...) {  // a thread could not start: stop the ones that did, then report
        publish(kStop);
        threads_.clear();
        throw;
    }
}

RoundPool::~RoundPool() {
    publish(kStop);
    threads_.clear();  // joins
}

void RoundPool::publish(std::uint64_t phase) {
    ++serial_;
    gate_.store(serial_ << 32 | phase << 29);
    bell_.fetch_add(1);
    bell_.notify_all();
}

void RoundPool::loop(unsigned t) {
    std::uint64_t seen = 0;  // the serial of the last phase this thread looked at
    for (;;) {
        const std::uint32_t bell = bell_.load();  // before the gate: a publish after this read ends the wait below
        std::uint64_t g = gate_.load();
        if (serial_of(g) == seen) {
            if (!spin_until([&] { return serial_of(gate_.load(std::memory_order_acquire)) != seen; }))
                bell_.wait(bell);
            continue;
        }
        seen = serial_of(g);
        const std::uint64_t phase = phase_of(g);
        if (phase == kStop)
            return;
        bool joined = false;
        while (!joined && !(g & kClosed) && serial_of(g) == seen)
            joined = gate_.compare_exchange_weak(g, g + 1);
        if (!joined)
            continue;  // late: the caller ran out of work and closed the phase
        work(phase, t);
        const std::uint64_t left = gate_.fetch_sub(1) - 1;
        if ((left & kClosed) && (left & kCountMask) == 0) {
            drained_.fetch_add(1);
            drained_.notify_one();
        }
    }
}

void RoundPool::work(std::uint64_t phase, unsigned t) {
    if (phase == kCompute) {
        try {
            ok_[t] = compute_(t);
        } catch (...) {
            errors_[t] = std::current_exception();
        }
        return;
    }
    for (unsigned k = next_slice_++; k < threads_count_; k = next_slice_++) {
        try {
            merge_(k);
        } catch (...) {
            merge_errors_[k] = std::current_exception();
        }
    }
}

void RoundPool::close_and_drain() {
    std::uint64_t g = gate_.fetch_or(kClosed) | kClosed;
    while ((g & kCountMask) != 0) {
        const std::uint32_t drained = drained_.load();  // before the count: the last thread out bumps it after
        if (spin_until([&] { return (gate_.load(std::memory_order_acquire) & kCountMask) == 0; }))
            return;
        g = gate_.load();
        if ((g & kCountMask) != 0)
            drained_.wait(drained);
        g = gate_.load();
    }
}

bool RoundPool::run_round() {
    for (unsigned t = 0; t < threads_count_; ++t) {
        ok_[t] = 1;
        errors_[t] = nullptr;
        merge_errors_[t] = nullptr;
    }
    publish(kCompute);
    work(kCompute, 0);  // the caller is thread 0; it returns when the round's work is all taken
    close_and_drain();
    bool failed = false;
    for (unsigned t = 0; t < threads_count_; ++t)
        failed = failed || !ok_[t] || errors_[t];
    if (!failed) {
        next_slice_ = 0;
        publish(kMerge);
        work(kMerge, 0);
        close_and_drain();
    }
    for (const std::exception_ptr& e : errors_)
        if (e)
            std::rethrow_exception(e);
    for (const std::exception_ptr& e : merge_errors_)
        if (e)
            std::rethrow_exception(e);
    return !failed;
}

}  // namespace nnft::sampler

namespace nnft::sampler {

ItemPool::ItemPool(unsigned threads)
    : pool_(threads, [this](unsigned) { return compute(); }, [](unsigned) {}) {}

bool ItemPool::compute() {
    for (std::size_t i = next_++; i < count_; i = next_++) {
        try {
            (*item_)(i);
        } catch (...) {
            errors_[i] = std::current_exception();
        }
    }
    return true;
}

void ItemPool::run(std::size_t count, const std::function<void(std::size_t)>& item) {
    count_ = count;
    item_ = &item;
    next_ = 0;
    errors_.assign(count, nullptr);
    pool_.run_round();
    for (const std::exception_ptr& e : errors_)
        if (e)
            std::rethrow_exception(e);
}

}  // namespace nnft::sampler
