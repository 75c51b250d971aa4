#pragma once
/// \file The independent second rule for two-vertex integrals: the 2·d_in-dimensional integrand over the
/// product domain, integrated by any of the one-vertex rules (no grid contraction), and its comparison with
/// integrate_two_vertex.
#include <Eigen/Dense>
#include <vector>

#include "numeric/domain.hpp"
#include "numeric/grid_contraction.hpp"
#include "numeric/integrand.hpp"
#include "numeric/integrator_options.hpp"
#include "numeric/kernels.hpp"
#include "numeric/tuples.hpp"
#include "numeric/vertex_integrand.hpp"

namespace nnft::numeric {

/// f_{s,t}(y, z) = w_L(y) Π_{i∈s} K(x_i, y) K(y, z)^power Π_{j∈t} K(x_j, z) w_R(z) on R^{2 d_in} (y first,
/// then z). Component s · |right| + t (row-major over left × right tuples). Leg products are computed once per
/// node block per side and shared by all components.
class TwoVertexIntegrand : public BatchIntegrand {
public:
    /// Validates inputs, tuples and power (throws nnft::Error).
    TwoVertexIntegrand(const Kernel& kernel, const PointSet& inputs, std::vector<Tuple> left, std::vector<Tuple> right,
                       int power, VertexWeight left_weight = {}, VertexWeight right_weight = {});
    /// 2 d_in.
    int dim() const override { return 2 * kernel_.spec().d_in; }
    /// |left| · |right|.
    std::size_t components() const override { return left_.components() * right_.components(); }
    /// out[(s · |right| + t) · n + j] = f_{s,t}(node j).
    void evaluate(const PointBlock& nodes, double* out) const override;

private:
    Kernel kernel_;
    VertexIntegrand left_, right_;
    int power_;
};

/// The two-vertex integrals of integrate_two_vertex, computed instead by `options.method` on the product
/// domain × domain (adaptive cubature for small d_in, lattice QMC with its shift spread for larger d_in).
/// value/error are |left| × |right|; status is the worst component's (diverged on R^d when legs do not decay).
TwoVertexResult integrate_two_vertex_direct(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                            const std::vector<Tuple>& right, int power, const Domain& domain,
                                            const IntegratorOptions& options, const VertexWeight& left_weight = {},
                                            const VertexWeight& right_weight = {});

/// Grid contraction and the direct second rule on the same two-vertex integrals, compared entry by entry.
struct TwoVertexCrossCheck {
    Method second_method = Method::adaptive;                ///< rule of `second` (on the 2·d_in-dim integrand)
    TwoVertexResult first;                                  ///< integrate_two_vertex (tensor-grid contraction)
    TwoVertexResult second;                                 ///< integrate_two_vertex_direct
    Eigen::MatrixXd discrepancy;                            ///< |first − second| per entry
    Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> agree;  ///< estimates_agree per entry (both ok, within errors)
    /// True when every entry agrees.
    bool all_agree() const { return agree.size() == 0 || agree.all(); }
};

/// integrate_two_vertex with `first` (its tolerances and budget; the method field is not used) and
/// integrate_two_vertex_direct with `second`, compared entry by entry with the CrossCheck criterion.
TwoVertexCrossCheck cross_check_two_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                           const std::vector<Tuple>& right, int power, const Domain& domain,
                                           const IntegratorOptions& first, const IntegratorOptions& second,
                                           const VertexWeight& left_weight = {}, const VertexWeight& right_weight = {});

namespace detail {
/// Fill out.discrepancy and out.agree from out.first and out.second (estimates_agree per entry).
void compare_two_vertex(TwoVertexCrossCheck& out);
}  // namespace detail

}  // namespace nnft::numeric
