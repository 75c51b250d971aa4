// Validation and job-size estimate of the deep 1/N expansion, and the homogeneous reduction: for σ with
// σ(c t) = c σ(t) (c > 0), no hidden biases and inputs on one ray from the origin, every layer is the one
// direction's scaled by |x|, so the recursion runs on one input (where the pair derivatives are not defined).
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "sampler/deep_expansion.hpp"
#include "sampler/detail/deep_expansion.hpp"
#include "sampler/tuples.hpp"

namespace nnft::sampler {

namespace {

constexpr double kMaxVertexBytes = 2.0 * 1024 * 1024 * 1024;  // the four-point vertex, all copies held
constexpr double kMaxNodeEvaluations = 2e10;                   // about ten minutes on one core

// The output layer and the hidden weights may be non-Gaussian: zero mean (a mean of a weight summed over a width
// grows like √N) and a finite fourth cumulant (it enters G4_con and K1 at O(1/N)).
void require_centred_with_cumulant(const numeric::ParameterLaw& law, const char* option) {
    if (law.mean() != 0.0)
        throw Error(std::string("the 1/N expansion needs zero-mean laws for ") + option + " (" + law.text() +
                    "): use a zero-mean law (`nnft sample` handles every law)");
    if (!std::isfinite(law.cumulant(4)))
        throw Error(std::string(option) + " is " + law.text() + ", whose fourth cumulant does not exist: the O(1/N) "
                    "terms are infinite; use student_t with nu > 4 or another law");
}

// Hidden biases are not summed over a width: a non-Gaussian bias law makes every unit of layers 2 … L non-Gaussian
// at O(1), where the recursion's Gaussian expectations do not apply. With one hidden layer it is the first layer's
// law, which the expansion takes exactly.
void require_expandable_biases(const numeric::ParameterLaw& law, std::size_t depth) {
    if (law.mean() != 0.0)
        throw Error("the 1/N expansion needs zero-mean hidden biases; --biases is " + law.text() +
                    ": use a zero-mean law (`nnft sample` handles every law)");
    if (!law.is_gaussian() && depth > 1)
        throw Error("--biases " + law.text() + " at depth " + std::to_string(depth) + ": a non-Gaussian hidden bias makes "
                    "every unit of layers 2 … L non-Gaussian at O(1) (a bias is not summed over a width), outside the "
                    "1/N expansion; use normal(0,s) biases, depth 1, or `nnft sample`");
}

// Quadrature nodes of the four-point expectations for one layer (fine and coarse rules), an upper estimate.
double node_evaluations(const DeepExpansionConfig& c) {
    const double m = static_cast<double>(c.inputs.count());
    const double per_dim = c.kink_at_zero ? 60.0 : 18.0;
    double total = 0.0;
    // Sorted quadruples with d distinct indices: C(m, d) × compositions of 4 into d parts.
    const double compositions[5] = {0, 1, 3, 3, 1};
    double choose = 1.0;
    for (int d = 1; d <= 4; ++d) {
        choose = choose * (m - d + 1) / d;
        total += choose * compositions[d] * std::pow(per_dim, d);
    }
    return 1.5 * total * static_cast<double>(c.net.depth + 1);
}

}  // namespace

void validate(const DeepExpansionConfig& c) {
    validate(c.net, c.inputs);
    if (c.net.activation.kind() == numeric::ActivationKind::gauss)
        throw Error("Gauss-net has no deep recursion (its normaliser depends on the input): choose another activation");
    if (!c.net.activation.has_kernel())
        throw Error("activation " + c.net.activation.name() + " cannot be evaluated (it was read from a document without its "
                    "expression): pass --activation");
    require_centred_with_cumulant(c.net.weights, "--weights");
    require_expandable_biases(c.net.biases, c.net.depth);
    require_centred_with_cumulant(c.net.output_weights, "--out-weights");
    require_centred_with_cumulant(c.net.output_bias, "--out-bias");
    if (c.max_n != 2 && c.max_n != 4)
        throw Error("--max-n " + std::to_string(c.max_n) + ": the 1/N expansion gives G2 and G4_con (G6_con starts at "
                    "O(1/N²), not implemented): use --max-n 2 or 4");
    const double m = static_cast<double>(c.inputs.count()), pairs = m * (m + 1) / 2;
    const double bytes = 4.0 * pairs * pairs * sizeof(double);
    if (bytes > kMaxVertexBytes)
        throw Error("the four-point vertex over " + std::to_string(c.inputs.count()) + " inputs has " +
                    std::to_string(static_cast<long long>(pairs * pairs)) + " entries (" + std::to_string(bytes / 1e9) +
                    " GB for the recursion): use at most 90 inputs");
    const double nodes = node_evaluations(c);
    if (nodes > kMaxNodeEvaluations)
        throw Error("the four-point expectations of " + std::to_string(c.inputs.count()) + " inputs at depth " +
                    std::to_string(c.net.depth) + " need about " + std::to_string(nodes / 1e9) +
                    "e9 activation evaluations (hours): use fewer inputs or a smaller depth");
}

namespace detail {

bool positively_homogeneous(const numeric::Activation& a) {
    std::vector<double> t, scaled;
    for (double x = -5.0; x <= 5.0; x += 0.37) t.push_back(x);
    std::vector<double> base = t;
    a.apply(base.data(), base.size());
    for (double c : {0.37, 2.9}) {
        scaled = t;
        for (double& x : scaled) x *= c;
        a.apply(scaled.data(), scaled.size());
        for (std::size_t i = 0; i < t.size(); ++i)
            if (std::abs(scaled[i] - c * base[i]) > 1e-13 * (1.0 + std::abs(c * base[i]))) return false;
    }
    return true;
}

std::vector<double> ray_scales(const InputSet& in) {
    const std::size_t m = in.count(), d = in.d_in;
    double norm0 = 0.0;
    for (std::size_t i = 0; i < d; ++i) norm0 += in.x[i] * in.x[i];
    norm0 = std::sqrt(norm0);
    if (norm0 == 0.0) return {};
    std::vector<double> scale(m);
    for (std::size_t a = 0; a < m; ++a) {
        double dot = 0.0, na = 0.0;
        for (std::size_t i = 0; i < d; ++i) {
            dot += in.x[a * d + i] * in.x[i];
            na += in.x[a * d + i] * in.x[a * d + i];
        }
        na = std::sqrt(na);
        if (na == 0.0 || dot <= 0.0 || std::abs(dot - na * norm0) > 1e-14 * na * norm0) return {};
        scale[a] = na;
    }
    return scale;
}

}  // namespace detail

}  // namespace nnft::sampler
