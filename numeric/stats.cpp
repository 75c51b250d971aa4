#include "numeric/stats.hpp"

#include <cmath>

namespace nnft::numeric {

double jackknife_error(std::span<const double> leave_one_out) {
    const std::size_t g = leave_one_out.size();
    if (g < 2)
        return 0.0;
    double mean = 0.0;
    for (double v : leave_one_out)
        mean += v;
    mean /= static_cast<double>(g);
    double ss = 0.0;
    for (double v : leave_one_out)
        ss += (v - mean) * (v - mean);
    return std::sqrt(ss * static_cast<double>(g - 1) / static_cast<double>(g));
}

MeanError batch_means(std::span<const double> means) {
    MeanError r;
    const std::size_t b = means.size();
    if (b == 0)
        return r;
    for (double v : means)
        r.mean += v;
    r.mean /= static_cast<double>(b);
    if (b < 2)
        return r;
    double ss = 0.0;
    for (double v : means)
        ss += (v - r.mean) * (v - r.mean);
    r.error = std::sqrt(ss / static_cast<double>(b - 1) / static_cast<double>(b));
    return r;
}

}  // namespace nnft::numeric
