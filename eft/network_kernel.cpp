#include "eft/network_kernel.hpp"

#include "common/error.hpp"

namespace nnft::eft {

numeric::KernelSpec gp_kernel_spec(const sampler::NetworkSpec& net) {
    numeric::KernelSpec k;
    switch (net.activation) {
        case sampler::Activation::Erf: k.net = numeric::Net::erf; break;
        case sampler::Activation::Relu: k.net = numeric::Net::relu; break;
        case sampler::Activation::Gauss: k.net = numeric::Net::gauss; break;
        default: throw Error("this needs a GP kernel in closed form: use erf, relu or gauss (not tanh)");
    }
    if (net.mu_w != 0.0 || net.mu_b != 0.0)
        throw Error("the closed-form GP kernels assume zero-mean parameters: set --mu-w 0 --mu-b 0");
    k.d_in = static_cast<int>(net.d_in);
    k.sigma_w = net.sigma_w;
    k.sigma_b = net.sigma_b;
    k.depth = static_cast<int>(net.depth);
    return k;
}

}  // namespace nnft::eft
