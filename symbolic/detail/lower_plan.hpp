#pragma once
/// \file The first step of lowering (internal to symbolic/lower.cpp): a term's diagram as a product of
/// factors — propagators between external points, one-vertex integrals, two-vertex and multi-vertex pieces.
#include "diagrams/diagram.hpp"
#include "diagrams/theory.hpp"

#include <array>
#include <tuple>
#include <vector>

namespace nnft::symbolic::detail {

/// Node factor of one internal point: L(y)^loops · |y|^weight (y^weight for d_in = 1).
struct VertexShape {
    int loops = 0;   ///< self-loops: powers of L(y) = K(y, y)
    int weight = 0;  ///< position weight |y|^weight
    /// Ordered by (loops, weight), the batching key.
    bool operator<(const VertexShape& o) const { return std::tie(loops, weight) < std::tie(o.loops, o.weight); }
};

/// One internal point with its legs to external points (labels, with repetition).
struct VertexFactor {
    VertexShape shape;      ///< node factor
    std::vector<int> legs;  ///< external labels of its legs
};

/// A factor of a term: a propagator between external points, one vertex, two vertices joined by lines, or
/// three or more internal points joined by lines (multi_vertex: `points` and `graph`).
struct Factor {
    /// Which kind of factor.
    enum class Kind { propagator, one_vertex, two_vertex, multi_vertex } kind = Kind::propagator;
    int a = 0, b = 0;        ///< propagator: external labels
    VertexFactor y, z;       ///< one_vertex uses y; two_vertex uses y and z
    int lines = 0;           ///< two_vertex: number of K(y, z) lines
    std::vector<VertexFactor> points;       ///< multi_vertex: the internal points
    std::vector<std::array<int, 3>> graph;  ///< multi_vertex: lines {a, b, multiplicity} between points (a < b)
};

/// Factors of one term's diagram, from its connected components and their internal-line pieces.
std::vector<Factor> plan_term(const diagrams::Diagram& d, const diagrams::Theory& theory);

}  // namespace nnft::symbolic::detail
