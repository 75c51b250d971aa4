#include "sampler/detail/round_pool.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <stdexcept>
#include <vector>

using nnft::sampler::ItemPool;
using nnft::sampler::RoundPool;

namespace {
// A round: items 0 … count − 1 taken from a shared counter (item i gives i² + round), then merge slice t adds
// its share of the items into `total` slots (one slot per item modulo 7), on whichever thread takes it.
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

TEST_CASE("round pool: many short rounds on more threads than cores, late threads skipped, the same sums", "[sampler][pool]") {
    // 8 threads on a small machine: most arrive after the caller has taken a round's 40 items, so the rounds run
    // on whichever threads are there; every item is still computed once and every slot merged in item order.
    std::vector<double> serial;
    for (unsigned threads : {1u, 2u, 8u}) {
        Job job(threads);
        job.count = 40;
        RoundPool pool(threads, [&](unsigned t) { return job.compute(t); }, [&](unsigned t) { job.merge(t); });
        for (std::uint64_t r = 0; r < 2000; ++r) {
            job.round = r;
            job.next = 0;
            REQUIRE(pool.run_round());
        }
        CHECK(std::accumulate(job.computed_by.begin(), job.computed_by.end(), 0) == 2000 * 40);
        if (serial.empty())
            serial = job.total;
        CHECK(job.total == serial);
    }
}

TEST_CASE("item pool: every item once, the lowest item's exception, reusable", "[sampler][pool]") {
    for (unsigned threads : {1u, 3u}) {
        ItemPool pool(threads);
        std::vector<std::atomic<int>> seen(500);
        pool.run(seen.size(), [&](std::size_t i) { ++seen[i]; });
        CHECK(std::all_of(seen.begin(), seen.end(), [](const std::atomic<int>& v) { return v == 1; }));
        auto throwing = [](std::size_t i) {
            if (i % 100 == 37)
                throw std::runtime_error("item " + std::to_string(i));
        };
        CHECK_THROWS_WITH(pool.run(500, throwing), "item 37");
        std::vector<double> squares(100);
        pool.run(squares.size(), [&](std::size_t i) { squares[i] = static_cast<double>(i * i); });
        CHECK(squares[99] == 9801.0);
        pool.run(0, throwing);  // nothing to do
    }
}
