#pragma once
// Test helper: n points in d dimensions with independent N(0, scale²) coordinates from a fixed seed.
#include <random>
#include <vector>

#include "numeric/points.hpp"

inline nnft::numeric::PointSet random_points(int d, std::size_t n, unsigned seed, double scale) {
    std::mt19937_64 gen(seed);
    std::normal_distribution<double> g(0.0, scale);
    std::vector<std::vector<double>> rows(n, std::vector<double>(static_cast<std::size_t>(d)));
    for (auto& r : rows)
        for (auto& v : r) v = g(gen);
    return nnft::numeric::PointSet::from_rows(rows);
}
