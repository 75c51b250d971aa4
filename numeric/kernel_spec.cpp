#include "numeric/kernel_spec.hpp"

#include <cmath>

#include "common/error.hpp"

namespace nnft::numeric {

Net parse_net(std::string_view name) {
    if (name == "erf") return Net::erf;
    if (name == "relu") return Net::relu;
    if (name == "gauss") return Net::gauss;
    throw Error("unknown kernel name '" + std::string(name) + "': use one of erf, relu, gauss");
}

std::string net_name(Net net) {
    switch (net) {
        case Net::erf: return "erf";
        case Net::relu: return "relu";
        case Net::gauss: return "gauss";
    }
    return "unknown";
}

void validate(const KernelSpec& spec) {
    if (spec.net != Net::erf && spec.net != Net::relu && spec.net != Net::gauss)
        throw Error("kernel spec has an unknown net value: use Net::erf, Net::relu or Net::gauss");
    if (spec.d_in < 1)
        throw Error("kernel spec has d_in = " + std::to_string(spec.d_in) + ": the input dimension must be >= 1");
    if (!std::isfinite(spec.sigma_w) || spec.sigma_w < 0.0)
        throw Error("kernel spec has sigma_w = " + std::to_string(spec.sigma_w) +
                    ": the weight scale must be finite and >= 0");
    if (!std::isfinite(spec.sigma_b) || spec.sigma_b < 0.0)
        throw Error("kernel spec has sigma_b = " + std::to_string(spec.sigma_b) +
                    ": the bias scale must be finite and >= 0");
    if (spec.depth < 1)
        throw Error("kernel spec has depth = " + std::to_string(spec.depth) +
                    ": the number of hidden layers must be >= 1");
    if (spec.depth > 1 && spec.net == Net::gauss)
        throw Error("kernel spec asks for a deep (depth " + std::to_string(spec.depth) +
                    ") gauss kernel: the deep NNGP recursion is implemented for erf and relu only; use depth = 1");
}

}  // namespace nnft::numeric
