#include "numeric/kernel_spec.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace nnft::numeric {

std::string closed_form_kernel_names(std::string_view last) {
    return activation_names([](Activation a) { return a.has_closed_form_kernel(); }, last);
}

Activation parse_kernel_activation(std::string_view name) {
    const auto a = find_activation(name);
    if (!a || !a->has_closed_form_kernel())
        throw Error("unknown kernel name '" + std::string(name) + "': use one of " + closed_form_kernel_names(", "));
    return *a;
}

KernelSpec gp_kernel_spec(const Network& net) {
    if (!net.activation.has_kernel())
        throw Error("the activation '" + net.activation.name() + "' has no program (it was read back from a document): "
                    "give it with --activation");
    if (!has_paper_laws(net))
        throw Error("the GP kernels assume normal parameter laws shared by every layer (not weights " +
                    net.weights.text() + ", biases " + net.biases.text() + ", output weights " +
                    net.output_weights.text() + ", output bias " + net.output_bias.text() +
                    "): use nnft sample or nnft exact for other laws");
    if (net.weights.mean() != 0.0 || net.biases.mean() != 0.0)
        throw Error("the GP kernels assume zero-mean parameters: set --mu-w 0 --mu-b 0");
    KernelSpec k;
    k.activation = net.activation;
    k.d_in = static_cast<int>(net.d_in);
    k.sigma_w = net.weights.sd();
    k.sigma_b = net.biases.sd();
    k.depth = static_cast<int>(net.depth);
    return k;
}

bool has_closed_form(const KernelSpec& spec) {
    return spec.activation.has_closed_form_kernel() && (spec.depth == 1 || spec.activation.has_deep_kernel());
}

void validate(const KernelSpec& spec) {
    if (!spec.activation.has_kernel())
        throw Error("kernel spec has activation '" + spec.activation.name() +
                    "' without a program (read back from a document): give the activation again");
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
    if (spec.depth > 1 && !spec.activation.allows_depth())
        throw Error("kernel spec asks for a deep (depth " + std::to_string(spec.depth) + ") " + spec.activation.name() +
                    " kernel: Gauss-net is defined for one hidden layer; use depth = 1");
}

}  // namespace nnft::numeric
