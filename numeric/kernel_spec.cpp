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

namespace {

// |E[exp(2ib)]| for the bias law: the phase-dependent half of cos(u + b) cos(v + b) averages to this times a
// bounded factor. Uniform(lo, hi): |sin(hi − lo)|/(hi − lo), zero for a length kπ; Rademacher(s): |cos 2s|;
// 1 (never treated as vanishing) for the other laws.
double phase_characteristic(const ParameterLaw& b) {
    if (b.kind() == LawKind::uniform) {
        const double length = b.sd() * std::sqrt(12.0);
        return std::abs(std::sin(length)) / length;
    }
    if (b.kind() == LawKind::rademacher) return std::abs(std::cos(2.0 * b.sd()));
    return 1.0;
}

bool is_sin_or_cos(const Activation& a) {
    if (a.kind() != ActivationKind::expression) return false;
    const std::string n = a.name();
    return n == "cos" || n == "sin" || n == "cos(x)" || n == "sin(x)";
}

}  // namespace

std::optional<KernelSpec> uniform_phase_kernel(const Network& net) {
    // 1e-12: uniform(−π, π) in doubles leaves |sin(2π)|/(2π) ≈ 4e-17; a near miss would bias K by this much.
    constexpr double kVanishing = 1e-12;
    if (!is_sin_or_cos(net.activation) || net.depth != 1 || !net.weights.is_gaussian() || net.weights.mean() != 0.0 ||
        phase_characteristic(net.biases) > kVanishing || net.output_weights.mean() != 0.0 ||
        net.output_bias.mean() != 0.0)
        return std::nullopt;
    KernelSpec k;
    k.activation = net.activation;
    k.d_in = static_cast<int>(net.d_in);
    k.sigma_w = net.weights.sd();
    k.sigma_b = net.output_bias.sd();
    k.phase_amplitude = 0.5 * net.output_weights.cumulant(2);
    return k;
}

bool is_gaussian_form(const KernelSpec& spec) {
    if (spec.first_layer) return false;
    return spec.phase_amplitude.has_value() || spec.activation.kind() == ActivationKind::gauss;
}

double gaussian_amplitude(const KernelSpec& spec) {
    return spec.phase_amplitude ? *spec.phase_amplitude : output_weight_variance(spec);
}

double output_weight_variance(const KernelSpec& spec) {
    return spec.output ? spec.output->weights : spec.sigma_w * spec.sigma_w;
}

double output_bias_variance(const KernelSpec& spec) {
    return spec.output ? spec.output->bias : spec.sigma_b * spec.sigma_b;
}

namespace {

// Whether the layers after the first have a limit N → ∞ (one-layer nets: trivially): zero-mean weights, so that the
// sum over N units is normal whatever their law (a mean μ would add N μ E[σ], which grows with N). Any bias law is then
// a unit's own draw added to that normal sum (numeric/bias_mixture.hpp).
bool deep_limit_exists(const KernelSpec& k) {
    return k.depth == 1 || !k.first_layer || k.first_layer->weights.mean() == 0.0;
}

// The kernel over general first-layer laws (numeric/law_kernel.hpp): one hidden layer, not the Gauss-net.
KernelSpec first_layer_law_kernel(const Network& net) {
    const std::string laws = "weights " + net.weights.text() + ", biases " + net.biases.text();
    if (net.activation.kind() == ActivationKind::gauss)
        throw Error("the Gauss-net's kernel assumes zero-mean normal first-layer laws (not " + laws + "; its "
                    "normaliser is the normal law's): use nnft sample or nnft exact for other laws");
    KernelSpec k;
    k.activation = net.activation;
    k.d_in = static_cast<int>(net.d_in);
    k.sigma_w = net.weights.sd();
    k.sigma_b = net.biases.sd();
    k.depth = static_cast<int>(net.depth);
    k.output = OutputVariances{net.output_weights.cumulant(2), net.output_bias.cumulant(2)};
    k.first_layer = FirstLayerLaws{net.weights, net.biases};
    if (!deep_limit_exists(k))
        throw Error("deep networks have a GP kernel only for zero-mean weights (not " + laws + "): a layer after the "
                    "first sums N weighted units, and a weight mean mu adds N*mu*E[sigma], which grows without bound as "
                    "N -> infinity; use a zero-mean --weights law, --depth 1, or nnft sample at finite width");
    return k;
}

}  // namespace

KernelSpec gp_kernel_spec(const Network& net) {
    if (!net.activation.has_kernel())
        throw Error("the activation '" + net.activation.name() + "' has no program (it was read back from a document): "
                    "give it with --activation");
    if (auto phase = uniform_phase_kernel(net)) return *phase;
    if (has_paper_laws(net) && (net.weights.mean() != 0.0 || net.biases.mean() != 0.0))
        throw Error("the GP kernels assume zero-mean parameters: set --mu-w 0 --mu-b 0 (they set the output layer's "
                    "mean too; a first-layer mean alone is --weights/--biases 'normal(mu,sigma)')");
    if (net.output_weights.mean() != 0.0 || net.output_bias.mean() != 0.0)
        throw Error("the GP kernels assume zero-mean output laws (not output weights " + net.output_weights.text() +
                    ", output bias " + net.output_bias.text() + "): give --out-weights/--out-bias a law of mean 0");
    const bool zero_mean_normal = net.weights.is_gaussian() && net.biases.is_gaussian() && net.weights.mean() == 0.0 &&
                                  net.biases.mean() == 0.0;
    if (!zero_mean_normal) return first_layer_law_kernel(net);
    KernelSpec k;
    k.activation = net.activation;
    k.d_in = static_cast<int>(net.d_in);
    k.sigma_w = net.weights.sd();
    k.sigma_b = net.biases.sd();
    k.depth = static_cast<int>(net.depth);
    const OutputVariances out{net.output_weights.cumulant(2), net.output_bias.cumulant(2)};
    if (out.weights != k.sigma_w * k.sigma_w || out.bias != k.sigma_b * k.sigma_b) k.output = out;
    return k;
}

bool has_closed_form(const KernelSpec& spec) {
    if (spec.first_layer) return false;
    if (spec.phase_amplitude || spec.activation.kink_slopes()) return true;
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
    if (spec.phase_amplitude && (!std::isfinite(*spec.phase_amplitude) || *spec.phase_amplitude < 0.0))
        throw Error("kernel spec has phase amplitude " + std::to_string(*spec.phase_amplitude) +
                    ": half the output-weight variance must be finite and >= 0");
    if (spec.output && !(std::isfinite(spec.output->weights) && spec.output->weights >= 0.0 &&
                         std::isfinite(spec.output->bias) && spec.output->bias >= 0.0))
        throw Error("kernel spec has output variances C_W = " + std::to_string(spec.output->weights) + ", C_b = " +
                    std::to_string(spec.output->bias) + ": both must be finite and >= 0");
    if (spec.first_layer && (!deep_limit_exists(spec) || !spec.output || !spec.activation.allows_depth()))
        throw Error("kernel spec has first-layer laws with depth " + std::to_string(spec.depth) + ", activation " +
                    spec.activation.name() + (spec.output ? "" : " and no output variances") +
                    ": the general-law kernel needs output variances, not the Gauss-net, and for depth > 1 zero-mean "
                    "weights");
    if (spec.output && spec.phase_amplitude)
        throw Error("kernel spec sets both output variances and a phase amplitude: the uniform-phase kernel carries its "
                    "output layer in phase_amplitude and sigma_b; unset output");
    if (spec.phase_amplitude && spec.depth != 1)
        throw Error("kernel spec asks for a deep (depth " + std::to_string(spec.depth) +
                    ") uniform-phase kernel: the closed form is for one hidden layer; use depth = 1");
    if (spec.depth > 1 && !spec.activation.allows_depth())
        throw Error("kernel spec asks for a deep (depth " + std::to_string(spec.depth) + ") " + spec.activation.name() +
                    " kernel: Gauss-net is defined for one hidden layer; use depth = 1");
}

}  // namespace nnft::numeric
