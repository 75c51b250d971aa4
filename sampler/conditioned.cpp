#include "sampler/detail/conditioned.hpp"

#include <array>

namespace nnft::sampler {

GaussianMoments::GaussianMoments(const TupleTable& table) : slots_(table.size()) {
    const std::size_t p = table.points();
    first_.resize(slots_);
    rest_.resize(slots_);
    begin_.assign(slots_ + 1, 0);
    auto slot_without = [&](const std::vector<std::uint16_t>& t, std::size_t a, std::size_t b) -> std::int64_t {
        std::array<std::uint16_t, 6> sub{};
        int len = 0;
        for (std::size_t i = 0; i < t.size(); ++i)
            if (i != a && i != b)
                sub[static_cast<std::size_t>(len++)] = t[i];
        return len == 0 ? -1 : static_cast<std::int64_t>(table.slot(sub.data(), len));
    };
    for (std::size_t s = 0; s < slots_; ++s) {
        const auto t = table.tuple(s);
        first_[s] = t[0];
        rest_[s] = slot_without(t, 0, 0);
        begin_[s] = terms_.size();
        for (std::size_t k = 1; k < t.size(); ++k)
            terms_.push_back({static_cast<std::uint32_t>(t[0] * p + t[k]), slot_without(t, 0, k)});
    }
    begin_[slots_] = terms_.size();
}

void GaussianMoments::compute(const double* mean, const double* cov, double* out) const {
    // Slots are ordered by length, so every sub-tuple is computed before it is used.
    for (std::size_t s = 0; s < slots_; ++s) {
        double v = mean[first_[s]] * (rest_[s] < 0 ? 1.0 : out[rest_[s]]);
        for (std::size_t k = begin_[s]; k < begin_[s + 1]; ++k)
            v += cov[terms_[k].cov] * (terms_[k].sub < 0 ? 1.0 : out[terms_[k].sub]);
        out[s] = v;
    }
}

}  // namespace nnft::sampler
