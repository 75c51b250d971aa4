#pragma once
/// \file GiNaC building blocks of correlator expressions: propagators, vertex integrals, symbols.
#include <ginac/ginac.h>

#include <string>

namespace nnft::symbolic {

/// Propagator K(a, b) between two points (the NNGP kernel, K_EFT inside vertex integrals).
DECLARE_FUNCTION_2P(K)
/// L(y) = K(y, y), the propagator from a point to itself (a self-loop).
DECLARE_FUNCTION_1P(L)
/// |y|, the norm of an internal point; position weights are powers of it (|y|^2 = y² for d_in = 1).
DECLARE_FUNCTION_1P(radius)
/// ∫ Π_{v ∈ vars} d^{d_in}v · body: the integral over the internal points of one connected component.
DECLARE_FUNCTION_2P(vertex_integral)

/// The unique symbol of external point i (1-based): x_i.
const GiNaC::symbol& external_point(int i);
/// The unique symbol of an internal point named y, z, w or y_k.
const GiNaC::symbol& internal_point(const std::string& name);
/// Name of the j-th (0-based) of m internal points of a component: y, z, w for m <= 3, else y_{j+1}.
std::string internal_point_name(int j, int m);
/// The unique symbol of a coupling.
const GiNaC::symbol& coupling_symbol(const std::string& name);
/// Index text of a point symbol for subscripts: "3" for x_3, "y", "y_{2}".
std::string point_index_latex(const GiNaC::ex& point);
/// LaTeX of a product with its factors in canonical_text's order (K_{1y} K_{2y} … L_{y} |y|^{2}).
std::string sorted_product_latex(const GiNaC::ex& e);
/// LaTeX of the measure of a vertex integral over `vars`: "\int \mathrm{d}^{d_{\text{in}}}y\, \mathrm{d}^{d_{\text{in}}}z\,".
std::string vertex_measure_latex(const GiNaC::ex& vars);
/// True if the symbol is an external point; then sets `index` to its 1-based label.
bool is_external_point(const GiNaC::ex& point, int& index);

}  // namespace nnft::symbolic
