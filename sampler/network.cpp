#include "sampler/network.hpp"

#include "common/error.hpp"
#include "numeric/rng.hpp"
#include "sampler/detail/box_muller.hpp"
#include "sampler/detail/vector_math.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace nnft::sampler {

namespace {
std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\n");
    if (b == std::string::npos)
        return "";
    return s.substr(b, s.find_last_not_of(" \t\n") - b + 1);
}

double parse_number(const std::string& text) {
    const std::string t = trim(text);
    std::size_t used = 0;
    double v = 0.0;
    try {
        v = std::stod(t, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != t.size())
        throw Error("input coordinate '" + t + "' is not a number: write points as \"x1;x2;…\" with comma-separated coordinates");
    if (!std::isfinite(v))
        throw Error("input coordinate '" + t + "' is not finite: every input must be a finite number");
    return v;
}


// Activations run over whole SIMD batches of this many values (the 8-wide float erf): layers are padded.
constexpr std::size_t kActivationBatch = 8;

// Zero the padding of a layer (beyond the `used` values) and apply σ to the whole of it.
// σ on the first `used` entries of `layer`, padded with zeros to whole activation batches (kActivationBatch).
void activate_padded(const numeric::Activation& a, std::vector<double>& layer, std::size_t used) {
    const std::size_t padded = std::min(layer.size(), (used + kActivationBatch - 1) / kActivationBatch * kActivationBatch);
    std::fill(layer.begin() + static_cast<std::ptrdiff_t>(used), layer.begin() + static_cast<std::ptrdiff_t>(padded), 0.0);
    detail::activate(a, layer.data(), padded);
}

// The smallest width of the hidden layers after the first (the gram draws' N).
std::size_t min_deep_width(const NetworkSpec& spec) {
    std::size_t n = numeric::hidden_width(spec, spec.depth);
    for (std::size_t l = 2; l <= spec.depth; ++l) n = std::min(n, numeric::hidden_width(spec, l));
    return n;
}
}  // namespace

numeric::PointSet to_point_set(const InputSet& inputs) {
    const std::size_t m = inputs.count();
    std::vector<double> coords(inputs.x.size());
    for (std::size_t j = 0; j < m; ++j)
        for (std::size_t k = 0; k < inputs.d_in; ++k) coords[k * m + j] = inputs.x[j * inputs.d_in + k];
    return numeric::PointSet::from_coordinate_major(static_cast<int>(inputs.d_in), std::move(coords));
}

InputSet parse_inputs(const std::string& text, std::size_t d_in) {
    if (d_in == 0)
        throw Error("input dimension 0: use --din 1 or more");
    const std::string t = trim(text);
    InputSet in;
    in.d_in = d_in;
    std::stringstream points(t);
    std::string point;
    while (std::getline(points, point, ';')) {
        if (trim(point).empty())
            continue;
        std::stringstream coords(point);
        std::string c;
        std::size_t n = 0;
        while (std::getline(coords, c, ',')) {
            in.x.push_back(parse_number(c));
            ++n;
        }
        if (n != d_in)
            throw Error("input point '" + trim(point) + "' has " + std::to_string(n) + " coordinates but --din is " +
                        std::to_string(d_in) + ": separate points by ';' and coordinates by ','");
    }
    if (in.x.empty())
        throw Error("no input points: pass --inputs \"x1;x2;…\" or --inputs paper:erf");
    return in;
}

void check_hidden_law_tails(const NetworkSpec& s, int max_n) {
    for (const auto* law : {&s.weights, &s.biases}) {
        if (law->kind() != numeric::LawKind::student_t || !(law->sd() > 0.0)) continue;
        const double p = numeric::growth_power(s.activation), nu = law->degrees_of_freedom();
        if (nu > p * max_n) continue;
        std::ostringstream os;
        os << "the hidden-layer law " << law->text() << " has finite moments only below order " << nu << ", but ";
        if (std::isinf(p))
            os << s.activation.name() << " grows exponentially, so E[sigma(z)^n] diverges for every n: use a normal, "
               << "uniform or Rademacher law";
        else
            os << s.activation.name() << " grows like |z|^" << p << ", so E[sigma(z)^n] up to n = " << max_n
               << " needs order " << p * max_n << " and the correlators diverge: use nu > " << p * max_n
               << ", a smaller --max-n or a bounded activation";
        throw Error(os.str());
    }
}

void validate(const NetworkSpec& s, const InputSet& inputs) {
    if (s.width == 0)
        throw Error("width 0: a network needs at least one hidden neuron (--width 1 or more)");
    if (s.depth == 0)
        throw Error("depth 0: a network needs at least one hidden layer (--depth 1 or more)");
    if (!s.widths.empty()) {
        if (s.widths.size() != s.depth)
            throw Error("--widths lists " + std::to_string(s.widths.size()) + " widths but the network has " +
                        std::to_string(s.depth) + " hidden layers: give one width per hidden layer (or drop --depth)");
        for (std::size_t w : s.widths)
            if (w == 0) throw Error("a hidden width in --widths is 0: every hidden layer needs at least one neuron");
        if (s.width != s.widths.back())
            throw Error("width " + std::to_string(s.width) + " differs from the last of --widths (" +
                        std::to_string(s.widths.back()) + "): the width of a network with --widths is its last hidden layer's");
    }
    if (s.depth > 1 && !s.activation.allows_depth())
        throw Error("Gauss-net is defined for one hidden layer only (its normaliser depends on the input): use --depth 1");
    if (s.d_in == 0 || s.d_out == 0)
        throw Error("input and output dimensions must be at least 1 (--din, --dout)");
    if (s.activation.kind() == numeric::ActivationKind::gauss && !(s.weights.is_gaussian() && s.biases.is_gaussian()))
        throw Error("Gauss-net's normaliser is defined for Gaussian first-layer weights and biases: use normal laws "
                    "for --weights and --biases");
    if (inputs.d_in != s.d_in)
        throw Error("the inputs have dimension " + std::to_string(inputs.d_in) + " but --din is " + std::to_string(s.d_in));
    if (inputs.count() == 0)
        throw Error("no input points: pass --inputs");
    for (double v : inputs.x)
        if (!std::isfinite(v))
            throw Error("an input coordinate is not finite: every input must be a finite number");
    if (inputs.count() * s.d_out > 4096)
        throw Error("too many output points (" + std::to_string(inputs.count() * s.d_out) +
                    " = inputs × d_out): use at most 4096");
}

std::vector<double> gauss_log_normalisers(const NetworkSpec& spec, const InputSet& inputs) {
    // Gauss-net: σ(z) = exp(z) / sqrt(E[exp(2z)]) with z ~ N(m, v), m = μ_b + μ_W Σ_i x_i,
    // v = σ_b² + σ_W² |x|²/d_in, so the normaliser is exp(m + v) (docs/physics-setup.md §1 for μ = 0).
    std::vector<double> norm(inputs.count());
    for (std::size_t m = 0; m < norm.size(); ++m) {
        double sum = 0.0, sq = 0.0;
        for (std::size_t i = 0; i < spec.d_in; ++i) {
            sum += inputs.x[m * spec.d_in + i];
            sq += inputs.x[m * spec.d_in + i] * inputs.x[m * spec.d_in + i];
        }
        const double sw = spec.weights.sd(), sb = spec.biases.sd();
        norm[m] = spec.biases.mean() + spec.weights.mean() * sum + sb * sb + sw * sw * sq / static_cast<double>(spec.d_in);
    }
    return norm;
}

DeepSampling parse_deep_sampling(const std::string& text) {
    if (text == "auto") return DeepSampling::automatic;
    if (text == "matrix") return DeepSampling::matrix;
    if (text == "gram") return DeepSampling::gram;
    throw Error("unknown deep sampling '" + text + "': use auto, matrix or gram");
}

std::string to_string(DeepSampling mode) {
    switch (mode) {
    case DeepSampling::matrix: return "matrix";
    case DeepSampling::gram: return "gram";
    default: return "auto";
    }
}

bool gram_sampling_allowed(const NetworkSpec& spec) {
    return spec.depth > 1 && spec.weights.kind() == numeric::LawKind::normal && spec.biases.kind() == numeric::LawKind::normal;
}

DeepSampling resolve_deep_sampling(DeepSampling mode, const NetworkSpec& spec, std::size_t inputs) {
    if (mode == DeepSampling::gram && spec.depth > 1 && !gram_sampling_allowed(spec))
        throw Error("--deep-sampler gram draws each layer's pre-activations as Gaussians, exact only for normal hidden "
                    "weights and biases (here " + spec.weights.text() + ", " + spec.biases.text() + "): use matrix or auto");
    if (spec.depth == 1) return DeepSampling::matrix;
    if (mode == DeepSampling::automatic)
        return gram_sampling_allowed(spec) && min_deep_width(spec) > 4 * inputs ? DeepSampling::gram : DeepSampling::matrix;
    return mode;
}

void standardise_draws(const NetworkSpec& spec, double* normals, std::size_t lanes, std::size_t gram_inputs) {
    // Called once per network (or batch): no allocation, and no pass at all for the paper's normal laws.
    auto map = [&](const numeric::ParameterLaw& law, std::size_t start, std::size_t count) {
        if (law.kind() != numeric::LawKind::normal)
            for (std::size_t d = start * lanes; d < (start + count) * lanes; ++d) normals[d] = law.standardised(normals[d]);
    };
    // The draw order of NetworkEvaluator: W0, b0, (W_l, b_l) per deeper layer, W_out, b_out.
    const std::size_t n1 = numeric::hidden_width(spec, 1);
    std::size_t start = 0;
    map(spec.weights, start, n1 * spec.d_in);
    start += n1 * spec.d_in;
    map(spec.biases, start, n1);
    start += n1;
    for (std::size_t l = 2; l <= spec.depth; ++l) {
        const std::size_t n = numeric::hidden_width(spec, l), fan_in = numeric::hidden_width(spec, l - 1);
        if (gram_inputs > 0) {  // gram layers: standard normal M-vectors (normal hidden laws only)
            start += n * gram_inputs;
            continue;
        }
        map(spec.weights, start, n * fan_in);
        map(spec.biases, start + n * fan_in, n);
        start += n * fan_in + n;
    }
    const std::size_t n = numeric::hidden_width(spec, spec.depth);
    map(spec.output_weights, start, spec.d_out * n);
    map(spec.output_bias, start + spec.d_out * n, spec.d_out);
}

NetworkEvaluator::NetworkEvaluator(const NetworkSpec& spec, const InputSet& inputs, DeepSampling deep)
    : spec_(spec), inputs_(inputs.count()), x_(inputs.x) {
    validate(spec, inputs);
    gram_ = resolve_deep_sampling(deep, spec_, inputs_) == DeepSampling::gram;
    deep_draws_ = 0;
    for (std::size_t l = 2; l <= spec_.depth; ++l) deep_draws_ += layer_draws(l);
    gauss_norm_ = gauss_log_normalisers(spec_, inputs);
    // Whole SIMD batches of Philox blocks and Box–Muller pairs (8): the extra draws are never used.
    const std::size_t pairs = ((draws_per_network() + 1) / 2 + 7) / 8 * 8;
    u1_.resize(pairs);
    u2_.resize(pairs);
    normals_.resize(2 * pairs);
    // Layers padded to whole activation batches (kActivationBatch).
    const std::size_t widest = numeric::max_hidden_width(spec_) * inputs_;
    const std::size_t padded = (widest + kActivationBatch - 1) / kActivationBatch * kActivationBatch;
    hidden_.resize(padded);
    next_.resize(spec_.depth > 1 ? padded : 0);
    out_.resize(inputs_ * spec_.d_out);
    xt_.resize(x_.size());
    for (std::size_t m = 0; m < inputs_; ++m)
        for (std::size_t i = 0; i < spec_.d_in; ++i)
            xt_[i * inputs_ + m] = x_[m * spec_.d_in + i];
}

std::size_t NetworkEvaluator::layer_draws(std::size_t layer) const {
    const std::size_t n = numeric::hidden_width(spec_, layer);
    return gram_ ? n * inputs_ : n * numeric::hidden_width(spec_, layer - 1) + n;
}

std::size_t NetworkEvaluator::draws_per_network() const {
    const std::size_t n1 = numeric::hidden_width(spec_, 1), nl = numeric::hidden_width(spec_, spec_.depth);
    return n1 * spec_.d_in + n1 + deep_draws_ + spec_.d_out * nl + spec_.d_out;
}

const double* NetworkEvaluator::draw(std::uint64_t seed, std::uint64_t index) {
    // The Box–Muller pairs of NormalStream(seed, index), generated in bulk.
    const std::size_t pairs = u1_.size();
    numeric::philox_uniform_pairs(seed, index, 0, 0, pairs, u1_.data(), u2_.data());
    detail::box_muller(u1_.data(), u2_.data(), normals_.data(), pairs);
    standardise_draws(spec_, normals_.data(), 1, gram_ ? inputs_ : 0);
    return normals_.data();
}

const double* NetworkEvaluator::last_hidden(std::uint64_t seed, std::uint64_t index) {
    draw(seed, index);
    const std::size_t n = numeric::hidden_width(spec_, 1), din = spec_.d_in, m_count = inputs_;
    const double mu_w = spec_.weights.mean(), mu_b = spec_.biases.mean(), sigma_b = spec_.biases.sd();
    const double s0 = spec_.weights.sd() / std::sqrt(static_cast<double>(din));
    const double* w0 = normals_.data();
    const double* b0 = w0 + n * din;
    const double* deep = b0 + n;  // per deeper layer (W_l, b_l), or N_l standard normal M-vectors (gram)
    // Pre-activations of all neurons at all inputs, z[j * M + m], then one vectorised activation pass.
    for (std::size_t j = 0; j < n; ++j) {
        const double bias = mu_b + sigma_b * b0[j];
        double* zj = hidden_.data() + j * m_count;
        for (std::size_t m = 0; m < m_count; ++m)
            zj[m] = spec_.activation.kind() == numeric::ActivationKind::gauss ? bias - gauss_norm_[m] : bias;
        for (std::size_t i = 0; i < din; ++i) {
            const double w = mu_w + s0 * w0[j * din + i];
            const double* xi = xt_.data() + i * m_count;
            for (std::size_t m = 0; m < m_count; ++m)
                zj[m] += w * xi[m];
        }
    }
    activate_padded(spec_.activation, hidden_, n * m_count);
    for (std::size_t l = 2; l <= spec_.depth; ++l) {
        const std::size_t width = numeric::hidden_width(spec_, l), fan_in = numeric::hidden_width(spec_, l - 1);
        if (gram_)
            next_layer_gram(deep, width, fan_in);
        else
            next_layer_matrix(deep, width, fan_in);
        deep += layer_draws(l);
        activate_padded(spec_.activation, next_, width * m_count);
        hidden_.swap(next_);
    }
    return hidden_.data();
}

void NetworkEvaluator::next_layer_matrix(const double* wl, std::size_t n, std::size_t fan_in) {
    const std::size_t m_count = inputs_;
    const double mu_w = spec_.weights.mean(), mu_b = spec_.biases.mean(), sigma_b = spec_.biases.sd();
    const double s1 = spec_.weights.sd() / std::sqrt(static_cast<double>(fan_in));
    const double* bl = wl + n * fan_in;
    for (std::size_t j = 0; j < n; ++j) {
        double* zj = next_.data() + j * m_count;
        const double bias = mu_b + sigma_b * bl[j];
        for (std::size_t m = 0; m < m_count; ++m)
            zj[m] = bias;
        for (std::size_t i = 0; i < fan_in; ++i) {
            const double w = mu_w + s1 * wl[j * fan_in + i];
            const double* hi = hidden_.data() + i * m_count;
            for (std::size_t m = 0; m < m_count; ++m)
                zj[m] += w * hi[m];
        }
    }
}

void NetworkEvaluator::next_layer_gram(const double* xi, std::size_t n, std::size_t fan_in) {
    // z_j = μ + F ξ_j with F Fᵀ = C = σ_b² + σ_W² G/N_{l−1}: F = Pᵀ L √D from the pivoted LDLᵀ (semi-definite C
    // allowed; rounding-negative D clipped). Scratch lives in the evaluator: no allocation per network.
    const std::size_t m_count = inputs_;
    const auto M = static_cast<Eigen::Index>(m_count);
    gram_c_.setZero(M, M);
    gram_mean_.setZero(M);
    for (std::size_t j = 0; j < fan_in; ++j) {
        const Eigen::Map<const Eigen::VectorXd> a(hidden_.data() + j * m_count, M);
        gram_c_.selfadjointView<Eigen::Lower>().rankUpdate(a);
        gram_mean_ += a;
    }
    const double sw2 = spec_.weights.sd() * spec_.weights.sd(), sb2 = spec_.biases.sd() * spec_.biases.sd();
    gram_c_ = (sw2 / static_cast<double>(fan_in)) * gram_c_.selfadjointView<Eigen::Lower>().toDenseMatrix();
    gram_c_.array() += sb2;
    gram_mean_ = ((spec_.weights.mean() * gram_mean_).array() + spec_.biases.mean()).matrix();
    gram_ldlt_.compute(gram_c_);
    gram_f_ = gram_ldlt_.matrixL();
    gram_f_ = gram_f_ * gram_ldlt_.vectorD().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    gram_f_ = gram_ldlt_.transpositionsP().transpose() * gram_f_;
    for (std::size_t j = 0; j < n; ++j) {
        Eigen::Map<Eigen::VectorXd> z(next_.data() + j * m_count, M);
        z.noalias() = gram_mean_ + gram_f_ * Eigen::Map<const Eigen::VectorXd>(xi + j * m_count, M);
    }
}

void NetworkEvaluator::evaluate(std::uint64_t seed, std::uint64_t index, double* out, std::size_t stride) {
    last_hidden(seed, index);
    const std::size_t n1 = numeric::hidden_width(spec_, 1), n = numeric::hidden_width(spec_, spec_.depth);
    const std::size_t dout = spec_.d_out, m_count = inputs_;
    const double mu_w = spec_.output_weights.mean(), mu_b = spec_.output_bias.mean(), sigma_b = spec_.output_bias.sd();
    const double s1 = spec_.output_weights.sd() / std::sqrt(static_cast<double>(n));
    const double* w1 = normals_.data() + n1 * spec_.d_in + n1 + deep_draws_;
    const double* b1 = w1 + dout * n;
    for (std::size_t k = 0; k < dout; ++k) {
        double* o = out_.data() + k * m_count;
        for (std::size_t m = 0; m < m_count; ++m)
            o[m] = mu_b + sigma_b * b1[k];
        for (std::size_t j = 0; j < n; ++j) {
            const double w = mu_w + s1 * w1[k * n + j];
            const double* phi = hidden_.data() + j * m_count;
            for (std::size_t m = 0; m < m_count; ++m)
                o[m] += w * phi[m];
        }
    }
    for (std::size_t m = 0; m < m_count; ++m)
        for (std::size_t k = 0; k < dout; ++k)
            out[(m * dout + k) * stride] = out_[k * m_count + m];
}

}  // namespace nnft::sampler
