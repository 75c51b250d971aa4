#include "sampler/tuples.hpp"

#include "common/error.hpp"

#include <array>
#include <cmath>
#include <functional>
#include <mutex>

namespace nnft::sampler {

double TupleTable::count_tuples(double points, int n) {
    double c = 1.0;
    for (int k = 1; k <= n; ++k)
        c = c * (points + k - 1) / k;
    return std::round(c);
}

TupleTable::TupleTable(std::size_t points, int max_n) : points_(points), max_n_(max_n) {
    NNFT_ASSERT(max_n >= 1 && max_n <= 6 && points >= 1 && points < 65535);
    multi_.assign(static_cast<std::size_t>(max_n) + 1, std::vector<std::size_t>(points + 1, 0));
    for (std::size_t p = 0; p <= points; ++p)
        multi_[0][p] = 1;
    for (int len = 1; len <= max_n; ++len) {
        auto& row = multi_[static_cast<std::size_t>(len)];
        row[points] = 0;
        for (std::size_t p = points; p-- > 0;)
            row[p] = row[p + 1] + multi_[static_cast<std::size_t>(len - 1)][p];
    }
    offset_.assign(static_cast<std::size_t>(max_n) + 1, 0);
    for (int n = 1; n <= max_n; ++n)
        offset_[static_cast<std::size_t>(n)] = offset_[static_cast<std::size_t>(n - 1)] + multi_[static_cast<std::size_t>(n)][0];
}

std::size_t TupleTable::slot(const std::uint16_t* tuple, int n) const {
    std::size_t rank = 0;
    std::size_t lo = 0;
    for (int k = 0; k < n; ++k) {
        const auto rest = static_cast<std::size_t>(n - k - 1);
        for (std::size_t q = lo; q < tuple[k]; ++q)
            rank += multi_[rest][q];
        lo = tuple[k];
    }
    return offset(n) + rank;
}

numeric::Tuple TupleTable::numeric_tuple(std::size_t s) const {
    const std::vector<std::uint16_t> t = tuple(s);
    return numeric::Tuple(t.begin(), t.end());
}

int TupleTable::tuple_length(std::size_t s) const {
    int n = 1;
    while (s >= offset(n + 1))
        ++n;
    return n;
}

std::vector<std::uint16_t> TupleTable::tuple(std::size_t s) const {
    const int n = tuple_length(s);
    std::size_t rank = s - offset(n);
    std::vector<std::uint16_t> t(static_cast<std::size_t>(n));
    std::size_t lo = 0;
    for (int k = 0; k < n; ++k) {
        const auto rest = static_cast<std::size_t>(n - k - 1);
        std::size_t q = lo;
        while (rank >= multi_[rest][q]) {
            rank -= multi_[rest][q];
            ++q;
        }
        t[static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(q);
        lo = q;
    }
    return t;
}

std::vector<WalkStep> depth_first_walk(const TupleTable& table) {
    std::vector<WalkStep> walk;
    walk.reserve(table.size());
    std::array<std::uint16_t, 6> t{};
    std::function<void(int, std::size_t)> visit = [&](int depth, std::size_t from) {
        for (std::size_t p = from; p < table.points(); ++p) {
            t[static_cast<std::size_t>(depth - 1)] = static_cast<std::uint16_t>(p);
            walk.push_back({static_cast<std::uint32_t>(table.slot(t.data(), depth)), static_cast<std::uint16_t>(p),
                            static_cast<std::uint16_t>(depth)});
            if (depth < table.max_n())
                visit(depth + 1, p);
        }
    };
    visit(1, 0);
    return walk;
}

const std::vector<SetPartition>& set_partitions(int n) {
    NNFT_ASSERT(n >= 0 && n <= 6);
    static std::array<std::vector<SetPartition>, 7> cache;
    static std::once_flag once;
    std::call_once(once, [] {
        for (int m = 0; m <= 6; ++m) {
            // Restricted growth strings: block[i] ≤ 1 + max(block[0..i-1]).
            SetPartition cur;
            cur.block.assign(static_cast<std::size_t>(m), 0);
            std::function<void(int, int)> grow = [&](int i, int used) {
                if (i == m) {
                    cur.blocks = used;
                    cache[static_cast<std::size_t>(m)].push_back(cur);
                    return;
                }
                for (int b = 0; b <= used && b < 6; ++b) {
                    cur.block[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(b);
                    grow(i + 1, b == used ? used + 1 : used);
                }
            };
            grow(0, 0);
        }
    });
    return cache[static_cast<std::size_t>(n)];
}

}  // namespace nnft::sampler
