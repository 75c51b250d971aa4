#include "sampler/detail/round_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <numeric>
#include <stdexcept>
#include <vector>

using nnft::sampler::RoundPool;

namespace {
// A round: items 0 … count − 1 taken from a shared counter (item i gives i² + round), then each thread adds
// its share of the items into `total` slots (one slot per item modulo 7).
struct Job {
    unsigned threads;
    std::uint64_t count = 1000, round = 0;
    std::atomic<std::uint64_t> next{0};
    std::vector<double> items = std::vector<double>(1000);
    std::vector<double> total = std::vector<double>(7, 0.0);
    std::vector<int> computed_by;
    int fail_item = -1;     // compute returns false when it meets this item
    int throw_item = -1;    // compute throws at this item
    bool merge_throws = false;

    explicit Job(unsigned t) : threads(t), computed_by(t, 0) {}
    bool compute(unsigned t) {
        bool ok = true;
        for (std::uint64_t i = next++; i < count; i = next++) {
            if (static_cast<int>(i) == throw_item)
                throw std::runtime_error("item " + std::to_string(i));
            items[i] = static_cast<double>(i * i + round);
            ok = ok && static_cast<int>(i) != fail_item;
            ++computed_by[t];
        }
        return ok;
    }
    void merge(unsigned t) {
        if (merge_throws && t == threads - 1)
            throw std::logic_error("merge");
        for (std::size_t s = 7 * t / threads; s < 7 * (t + 1) / threads; ++s)
            for (std::uint64_t i = s; i < count; i += 7)
                total[s] += items[i];
    }
};
}  // namespace

TEST_CASE("round pool: every item computed once, merges cover every slot, for any thread count", "[sampler][pool]") {
    std::vector<double> serial;
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        Job job(threads);
        RoundPool pool(threads, [&](unsigned t) { return job.compute(t); }, [&](unsigned t) { job.merge(t); });
        for (std::uint64_t r = 0; r < 5; ++r) {
            job.round = r;
            job.next = 0;
            CHECK(pool.run_round());
        }
        CHECK(std::accumulate(job.computed_by.begin(), job.computed_by.end(), 0) == 5000);
        if (serial.empty())
            serial = job.total;
        CHECK(job.total == serial);  // the same additions in the same order per slot
    }
}

TEST_CASE("round pool: a failed or throwing round skips its merge and the pool stays usable", "[sampler][pool]") {
    for (unsigned threads : {1u, 4u}) {
        Job job(threads);
        RoundPool pool(threads, [&](unsigned t) { return job.compute(t); }, [&](unsigned t) { job.merge(t); });
        job.fail_item = 500;
        CHECK_FALSE(pool.run_round());
        CHECK(job.total == std::vector<double>(7, 0.0));

        job.fail_item = -1;
        job.throw_item = 10;
        job.next = 0;
        CHECK_THROWS_WITH(pool.run_round(), "item 10");
        CHECK(job.total == std::vector<double>(7, 0.0));

        job.throw_item = -1;
        job.merge_throws = true;
        job.next = 0;
        CHECK_THROWS_AS(pool.run_round(), std::logic_error);

        job.merge_throws = false;
        job.next = 0;
        job.total.assign(7, 0.0);
        CHECK(pool.run_round());
        CHECK(job.total[0] > 0.0);
    }  // the destructor stops and joins the threads (a hang here fails the test by timeout)
}
