#include "numeric/two_vertex_check.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "numeric/integrate.hpp"

namespace nnft::numeric {

TwoVertexIntegrand::TwoVertexIntegrand(const Kernel& kernel, const PointSet& inputs, std::vector<Tuple> left,
                                       std::vector<Tuple> right, int power, VertexWeight left_weight,
                                       VertexWeight right_weight)
    : kernel_(kernel),
      left_(kernel, inputs, std::move(left), std::move(left_weight)),
      right_(kernel, inputs, std::move(right), std::move(right_weight)),
      power_(power) {
    if (power < 0) throw Error("the kernel power between the two vertices must be >= 0");
}

void TwoVertexIntegrand::evaluate(const PointBlock& nodes, double* out) const {
    const std::size_t n = nodes.count, nl = left_.components(), nr = right_.components();
    const int d = kernel_.spec().d_in;
    const auto du = static_cast<std::size_t>(d);
    const PointBlock y{d, n, nodes.coords}, z{d, n, nodes.coords + du * n};
    std::vector<double> a(nl * n), b(nr * n), link(n);
    left_.evaluate(y, a.data());
    right_.evaluate(z, b.data());
    std::vector<double> yj(du), zj(du);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t k = 0; k < du; ++k) {
            yj[k] = y.coords[k * n + j];
            zj[k] = z.coords[k * n + j];
        }
        link[j] = power_ == 0 ? 1.0 : std::pow(kernel_(yj, zj), power_);
    }
    for (std::size_t s = 0; s < nl; ++s)
        for (std::size_t t = 0; t < nr; ++t) {
            double* o = out + (s * nr + t) * n;
            const double* as = a.data() + s * n;
            const double* bt = b.data() + t * n;
            for (std::size_t j = 0; j < n; ++j) o[j] = as[j] * link[j] * bt[j];
        }
}

TwoVertexResult integrate_two_vertex_direct(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                            const std::vector<Tuple>& right, int power, const Domain& domain,
                                            const IntegratorOptions& options, const VertexWeight& left_weight,
                                            const VertexWeight& right_weight) {
    detail::check_two_vertex_domain(kernel, domain);
    const TwoVertexIntegrand f(kernel, inputs, left, right, power, left_weight, right_weight);
    const auto r = integrate(f, Domain::product(domain, domain), options);
    const auto nl = static_cast<Eigen::Index>(left.size()), nr = static_cast<Eigen::Index>(right.size());
    TwoVertexResult out;
    out.value.resize(nl, nr);
    out.error.resize(nl, nr);
    for (Eigen::Index s = 0; s < nl; ++s)
        for (Eigen::Index t = 0; t < nr; ++t) {
            const auto& c = r[static_cast<std::size_t>(s * nr + t)];
            out.value(s, t) = c.value;
            out.error(s, t) = c.error;
            out.evaluations = std::max(out.evaluations, c.evaluations);
            if (worse(out.status, c.status) != out.status) {
                out.status = c.status;
                out.reason = c.reason;
            }
        }
    return out;
}

void detail::compare_two_vertex(TwoVertexCrossCheck& out) {
    out.discrepancy = (out.first.value - out.second.value).cwiseAbs();
    out.agree.resize(out.first.value.rows(), out.first.value.cols());
    for (Eigen::Index s = 0; s < out.agree.rows(); ++s)
        for (Eigen::Index t = 0; t < out.agree.cols(); ++t) {
            // Per-entry statuses: the first rule's status is shared by its whole matrix.
            const IntegrationResult a{out.first.value(s, t), out.first.error(s, t), 0, out.first.status, {}};
            const IntegrationResult b{out.second.value(s, t), out.second.error(s, t), 0, out.second.status, {}};
            out.agree(s, t) = estimates_agree(a, b);
        }
}

TwoVertexCrossCheck cross_check_two_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                           const std::vector<Tuple>& right, int power, const Domain& domain,
                                           const IntegratorOptions& first, const IntegratorOptions& second,
                                           const VertexWeight& left_weight, const VertexWeight& right_weight) {
    TwoVertexCrossCheck out;
    out.second_method = second.method;
    out.first = integrate_two_vertex(kernel, inputs, left, right, power, domain, first, left_weight, right_weight);
    out.second = integrate_two_vertex_direct(kernel, inputs, left, right, power, domain, second, left_weight, right_weight);
    detail::compare_two_vertex(out);
    return out;
}

}  // namespace nnft::numeric
