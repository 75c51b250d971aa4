#include "numeric/closed_forms.hpp"

#include "common/error.hpp"

#include <cmath>

namespace nnft::numeric {

double gauss_vertex_closed_form(const std::vector<std::vector<double>>& legs, double sigma_w) {
    if (legs.empty()) throw Error("the Gauss vertex closed form needs at least one leg");
    const std::size_t d = legs[0].size();
    const double n = static_cast<double>(legs.size());
    double sum_sq = 0;
    std::vector<double> sum(d, 0.0);
    for (const auto& p : legs) {
        if (p.size() != d) throw Error("all legs of the Gauss vertex closed form need the same dimension");
        for (std::size_t k = 0; k < d; ++k) {
            sum_sq += p[k] * p[k];
            sum[k] += p[k];
        }
    }
    double sum2 = 0;
    for (double s : sum) sum2 += s * s;
    const double a = sigma_w * sigma_w / (2.0 * static_cast<double>(d));
    return std::pow(sigma_w * sigma_w, n) * std::pow(M_PI / (n * a), 0.5 * static_cast<double>(d)) *
           std::exp(-a * (sum_sq - sum2 / n));
}

}  // namespace nnft::numeric
