#include <algorithm>
#include <cmath>
#include <numbers>

#include "numeric/kernel_transfer.hpp"

namespace nnft::numeric::detail {

namespace {

// One hidden layer of the NNGP recursion: (Σxx, Σyy, Σxy) of the pre-activations → next layer.
// erf:  E[erf(u) erf(v)] = (2/π) asin(2Σxy / sqrt((1+2Σxx)(1+2Σyy)))     (Williams 1997; eq. 2.28)
// relu: E[relu(u) relu(v)] = sqrt(Σxx Σyy)/(2π) (sin θ + (π−θ) cos θ)   (Cho & Saul 2009; eq. 2.31)
inline void erf_layer(const TransferParams& p, double& sxx, double& syy, double& sxy) {
    const double two_over_pi = 2.0 / std::numbers::pi;
    const double nxy = p.sb2 + p.sw2 * two_over_pi * std::asin(2.0 * sxy / std::sqrt((1.0 + 2.0 * sxx) * (1.0 + 2.0 * syy)));
    const double nxx = p.sb2 + p.sw2 * two_over_pi * std::asin(2.0 * sxx / (1.0 + 2.0 * sxx));
    const double nyy = p.sb2 + p.sw2 * two_over_pi * std::asin(2.0 * syy / (1.0 + 2.0 * syy));
    sxx = nxx;
    syy = nyy;
    sxy = nxy;
}

inline void relu_layer(const TransferParams& p, double& sxx, double& syy, double& sxy) {
    const double s = std::sqrt(sxx * syy);
    double j = 0.0;
    if (s > 0.0) {
        const double c = std::clamp(sxy / s, -1.0, 1.0);
        const double theta = std::acos(c);
        j = std::sqrt(std::max(0.0, 1.0 - c * c)) + (std::numbers::pi - theta) * c;
    }
    sxy = p.sb2 + p.sw2 * (0.5 / std::numbers::pi) * s * j;
    sxx = p.sb2 + 0.5 * p.sw2 * sxx;
    syy = p.sb2 + 0.5 * p.sw2 * syy;
}

}  // namespace

void transfer_scalar(const TransferParams& p, double vx, const double* a, const double* b, double* out,
                     std::size_t n) {
    const double shift = p.eft ? p.sb2 : 0.0;
    if (p.net == Net::gauss) {
        const double g = -0.5 * p.sw2 * p.inv_d;
        for (std::size_t j = 0; j < n; ++j) out[j] = (p.sb2 - shift) + p.sw2 * std::exp(g * a[j]);
        return;
    }
    for (std::size_t j = 0; j < n; ++j) {
        double sxx = vx, syy = b[j], sxy = a[j];
        for (int l = 0; l < p.depth; ++l) {
            if (p.net == Net::erf)
                erf_layer(p, sxx, syy, sxy);
            else
                relu_layer(p, sxx, syy, sxy);
        }
        out[j] = sxy - shift;
    }
}

}  // namespace nnft::numeric::detail
