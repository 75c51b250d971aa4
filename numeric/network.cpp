#include "numeric/network.hpp"

#include "common/error.hpp"
#include "numeric/activation_program.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace nnft::numeric {

namespace {
constexpr std::array<ActivationKind, 4> kBuiltins = {ActivationKind::erf, ActivationKind::relu, ActivationKind::gauss,
                                                     ActivationKind::tanh};
bool any_activation(Activation) { return true; }
}  // namespace

std::string Activation::name() const {
    switch (kind_) {
    case ActivationKind::erf: return "erf";
    case ActivationKind::relu: return "relu";
    case ActivationKind::gauss: return "gauss";
    case ActivationKind::tanh: return "tanh";
    case ActivationKind::expression: return text_;
    }
    return "?";
}

Activation Activation::expression(std::string text, std::shared_ptr<const ActivationProgram> program,
                                  std::optional<KinkSlopes> slopes, std::optional<std::vector<double>> kinks) {
    Activation a(ActivationKind::expression);
    a.text_ = std::move(text);
    a.program_ = std::move(program);
    if (a.program_) a.slopes_ = slopes;  // the closed form needs a program to be evaluable at all
    if (kinks) {
        std::sort(kinks->begin(), kinks->end());
        kinks->erase(std::unique(kinks->begin(), kinks->end()), kinks->end());
        a.kinks_ = std::make_shared<const std::vector<double>>(std::move(*kinks));
    }
    return a;
}

const std::vector<double>* Activation::kink_points() const noexcept {
    static const std::vector<double> none, at_zero{0.0};
    switch (kind_) {
    case ActivationKind::relu: return &at_zero;
    case ActivationKind::expression: return kinks_.get();
    default: return &none;
    }
}

std::optional<KinkSlopes> Activation::kink_slopes() const noexcept {
    if (kind_ == ActivationKind::relu) return KinkSlopes{1.0, 0.0};
    return slopes_;
}

void Activation::apply(double* z, std::size_t n) const {
    auto each = [&](auto f) {
        for (std::size_t i = 0; i < n; ++i)
            z[i] = f(z[i]);
    };
    switch (kind_) {
    case ActivationKind::erf: each([](double v) { return std::erf(v); }); break;
    case ActivationKind::tanh: each([](double v) { return std::tanh(v); }); break;
    case ActivationKind::relu: each([](double v) { return v > 0.0 ? v : 0.0; }); break;
    case ActivationKind::gauss: each([](double v) { return std::exp(v); }); break;
    case ActivationKind::expression:
        if (!program_)
            throw Error("activation '" + text_ + "' was read from a document and has no program: give it with --activation");
        program_->evaluate(z, n);
        break;
    }
}

bool grows_exponentially(const Activation& a) {
    double v[4] = {20.0, 40.0, -20.0, -40.0};
    a.apply(v, 4);
    const auto ratio = [](double near, double far) { return std::abs(far) / (1.0 + std::abs(near)); };
    return !(ratio(v[0], v[1]) < 1e6 && ratio(v[2], v[3]) < 1e6);
}

double growth_power(const Activation& a) {
    if (grows_exponentially(a)) return std::numeric_limits<double>::infinity();
    // log₂ of max |σ| over |z| ≤ 80 against |z| ≤ 40 (on a grid of step ½: oscillating bounded σ give 0), rounded to a
    // half-integer.
    std::array<double, 321> v{};
    for (std::size_t k = 0; k < v.size(); ++k) v[k] = 0.5 * (static_cast<double>(k) - 160.0);
    a.apply(v.data(), v.size());
    double within40 = 0.0, within80 = 0.0;
    for (std::size_t k = 0; k < v.size(); ++k) {
        within80 = std::max(within80, std::abs(v[k]));
        if (k >= 80 && k <= 240) within40 = std::max(within40, std::abs(v[k]));
    }
    if (!(within40 > 0.0) || !std::isfinite(within80)) return within40 > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
    return std::max(0.0, std::round(2.0 * std::log2(within80 / within40)) / 2.0);
}

bool Activation::has_closed_form_kernel() const noexcept {
    return kind_ == ActivationKind::erf || kind_ == ActivationKind::relu || kind_ == ActivationKind::gauss;
}

bool Activation::has_deep_kernel() const noexcept { return kind_ == ActivationKind::erf || kind_ == ActivationKind::relu; }

bool Activation::has_kernel() const noexcept {
    return has_closed_form_kernel() || kind_ == ActivationKind::tanh || program_ != nullptr;
}

std::span<const ActivationKind> builtin_activations() { return kBuiltins; }

std::optional<Activation> find_activation(std::string_view name) {
    for (ActivationKind k : kBuiltins)
        if (Activation(k).name() == name) return Activation(k);
    return std::nullopt;
}

Activation parse_activation(std::string_view name) {
    if (const auto a = find_activation(name)) return *a;
    throw Error("unknown network '" + std::string(name) + "': use --net " + activation_names(any_activation, " or "));
}

std::string activation_names(bool (*keep)(Activation), std::string_view last) {
    std::string out, pending;
    for (ActivationKind k : kBuiltins) {
        if (!keep(k)) continue;
        if (!pending.empty()) out += (out.empty() ? "" : ", ") + pending;
        pending = Activation(k).name();
    }
    if (!out.empty() && !pending.empty()) out += std::string(last);
    return out + pending;
}

std::size_t hidden_width(const Network& net, std::size_t layer) {
    return net.widths.empty() ? net.width : net.widths.at(layer - 1);
}

std::size_t max_hidden_width(const Network& net) {
    std::size_t n = net.width;
    for (std::size_t w : net.widths) n = std::max(n, w);
    return n;
}

Network default_network(Activation a) {
    Network n;
    n.activation = a;
    set_gaussian_biases(n, 0.0, a.kind() == ActivationKind::relu ? 0.0 : 1.0);
    return n;
}

void set_gaussian_weights(Network& net, double mu, double sigma) {
    net.weights = net.output_weights = ParameterLaw::normal(mu, sigma);
}

void set_gaussian_biases(Network& net, double mu, double sigma) {
    net.biases = net.output_bias = ParameterLaw::normal(mu, sigma);
}

bool has_paper_laws(const Network& net) {
    return net.weights.kind() == LawKind::normal && net.biases.kind() == LawKind::normal &&
           net.output_weights == net.weights && net.output_bias == net.biases;
}

}  // namespace nnft::numeric
