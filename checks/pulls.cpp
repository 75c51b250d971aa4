#include "checks/detail/pulls.hpp"

#include <algorithm>
#include <cmath>

namespace nnft::checks::detail {

Pulls pulls(const std::vector<sampler::CorrelatorEntry>& sampled, const std::vector<double>& ref_value,
            const std::vector<double>& ref_error) {
    Pulls p;
    for (std::size_t i = 0; i < sampled.size(); ++i) {
        const double sigma = std::hypot(sampled[i].error, ref_error[i]);
        if (!(sigma > 0)) continue;
        const double z = (sampled[i].value - ref_value[i]) / sigma;
        p.max_abs = std::max(p.max_abs, std::abs(z));
        p.mean_sq += z * z;
        p.max_significance = std::max(p.max_significance, std::abs(ref_value[i]) / sampled[i].error);
        ++p.count;
    }
    if (p.count) p.mean_sq /= static_cast<double>(p.count);
    return p;
}

Pulls pulls(const std::vector<sampler::CorrelatorEntry>& sampled, const std::vector<sampler::CorrelatorEntry>& exact) {
    std::vector<double> v, e;
    for (const auto& x : exact) {
        v.push_back(x.value);
        e.push_back(x.error);
    }
    return pulls(sampled, v, e);
}

}  // namespace nnft::checks::detail
