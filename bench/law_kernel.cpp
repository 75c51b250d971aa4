// The GP kernel over general first-layer laws (numeric::LawKernel, docs/methods/kernels.md#first-layer-laws): a
// 4 × 1000 kernel matrix (the rows of a vertex integral: x ∈ {0.2, 0.6, 1, 1.2}, nodes y ∈ [−L, L]) in CPU seconds
// and its error, against the alternative in the library: `nnft exact`'s G2 on the same 1004 inputs (its quadrature
// over the same laws, rules fitted to the inputs; one neuron moment per pair of inputs). Cases: tanh with uniform(−2, 2)
// weights and a uniform(−π, π) phase (no closed form; exact G2 is the reference), and erf with normal(0, 1) laws forced
// through the law path (reference: the closed form, whose own time is printed too).
// Usage: bench_law_kernel [L]   (default L = 3)
#include "bench/cpu_time.hpp"
#include "numeric/kernels.hpp"
#include "sampler/exact.hpp"
#include "symbolic/activation_expression.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace nnft;
using nnft::bench::cpu_seconds;

namespace {

struct Points {
    std::vector<std::vector<double>> rows, cols;
};

Points points(double half_width) {
    Points p;
    p.rows = {{0.2}, {0.6}, {1.0}, {1.2}};
    for (int j = 0; j < 1000; ++j) p.cols.push_back({-half_width + 2.0 * half_width * (j + 0.5) / 1000});
    return p;
}

// G2(x_i, y_j) of nnft exact on the rows followed by the columns (max_n = 2), as a 4 × 1000 matrix.
Eigen::MatrixXd exact_g2(const sampler::NetworkSpec& net, const Points& p, double& seconds) {
    sampler::InputSet in;
    in.d_in = 1;
    for (const auto* set : {&p.rows, &p.cols})
        for (const auto& x : *set) in.x.push_back(x[0]);
    const double t0 = cpu_seconds();
    const sampler::Correlators c = sampler::exact_correlators({net, in, 2});
    seconds = cpu_seconds() - t0;
    Eigen::MatrixXd g(4, 1000);
    for (const auto& e : c.at("g2")) {
        const auto a = static_cast<Eigen::Index>(e.indices[0]), b = static_cast<Eigen::Index>(e.indices[1]);
        if (a < 4 && b >= 4) g(a, b - 4) = e.value;
    }
    return g;
}

void run(const char* name, sampler::NetworkSpec net, const Points& p, bool forced) {
    numeric::KernelSpec spec = numeric::gp_kernel_spec(net);
    if (forced) {  // the normal laws through the law path (zero-mean normal weights: the layer over the bias law,
                   // numeric/bias_mixture.hpp); the reference is the closed form
        spec.output = numeric::OutputVariances{numeric::output_weight_variance(spec), numeric::output_bias_variance(spec)};
        spec.first_layer = numeric::FirstLayerLaws{net.weights, net.biases};
    }
    const auto xs = numeric::PointSet::from_rows(p.rows), ys = numeric::PointSet::from_rows(p.cols);
    double t0 = cpu_seconds();
    const numeric::Kernel k(spec);
    const Eigen::MatrixXd got = k.matrix(xs, ys);
    const double t_law = cpu_seconds() - t0;
    double t_exact = 0.0;
    const Eigen::MatrixXd g2 = exact_g2(net, p, t_exact);
    std::printf("%-28s law kernel %7.3f s (error estimate %.1e); nnft exact G2 %7.3f s (ratio %.0f); max |law - exact| %.1e\n",
                name, t_law, k.max_relative_error(), t_exact, t_exact / t_law, (got - g2).cwiseAbs().maxCoeff());
    if (forced) {
        t0 = cpu_seconds();
        const Eigen::MatrixXd closed = numeric::Kernel(numeric::gp_kernel_spec(net)).matrix(xs, ys);
        std::printf("%-28s closed form %.5f s; max |law - closed| %.1e, max |exact - closed| %.1e\n", "", cpu_seconds() - t0,
                    (got - closed).cwiseAbs().maxCoeff(), (g2 - closed).cwiseAbs().maxCoeff());
    }
}

}  // namespace

int main(int argc, char** argv) {
    const double half_width = argc > 1 ? std::atof(argv[1]) : 3.0;
    const Points p = points(half_width);
    std::printf("4 x 1000 kernel matrix, nodes in [-%g, %g], one thread\n", half_width, half_width);
    sampler::NetworkSpec tanh_net = numeric::default_network(numeric::ActivationKind::tanh);
    tanh_net.width = 3;
    tanh_net.weights = numeric::parse_law("uniform(-2,2)");
    tanh_net.biases = numeric::parse_law("uniform(-pi,pi)");
    run("tanh, uniform w, uniform b", tanh_net, p, false);
    sampler::NetworkSpec erf_net = numeric::default_network(numeric::ActivationKind::erf);
    erf_net.width = 3;
    run("erf, normal laws (forced)", erf_net, p, true);
    return 0;
}
