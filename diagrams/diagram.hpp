#pragma once
/// \file A Feynman diagram class: points, propagators, multiplicity and symmetry factor.
#include "diagrams/count.hpp"
#include "diagrams/theory.hpp"

#include <vector>

namespace nnft::diagrams {

/// One point of a diagram: an external point, or one point of an interaction vertex.
struct Point {
    int term = -1;    ///< index into Theory::terms; -1 for an external point
    int vertex = -1;  ///< interaction-vertex instance (two points of a bilocal share it); -1 if external
    int slot = 0;     ///< 0 for local vertices and f(x) of a bilocal; 1 for its f(y) point
    int degree = 1;   ///< number of legs at this point

    /// True for external points.
    bool external() const { return term < 0; }
};

/// A propagator line K(a, b) with its multiplicity; a <= b, a == b is a self-loop (K(y,y) = L(y)).
struct Edge {
    int a = 0;             ///< first point index
    int b = 0;             ///< second point index (>= a)
    int multiplicity = 1;  ///< number of parallel lines

    /// Lexicographic order on (a, b, multiplicity).
    bool operator<(const Edge& o) const;
    /// Field-wise equality.
    bool operator==(const Edge& o) const { return a == o.a && b == o.b && multiplicity == o.multiplicity; }
};

/// A diagram class: Wick contractions identified up to relabelling interaction vertices of the same
/// term. Points 0..n_external-1 are the external points; internal points follow in canonical order.
struct Diagram {
    int n_external = 0;              ///< number of external points
    std::vector<int> external_labels;///< label (0-based) of each external point in the full correlator
    std::vector<Point> points;       ///< all points, externals first
    std::vector<Edge> edges;         ///< propagators, sorted
    VertexCounts vertex_counts;      ///< vertices per theory term
    Count symmetry_factor = 1;       ///< order of the automorphism group on half-edges (S)
    Count multiplicity = 1;          ///< number of Wick contractions in the class (labelled vertices)
    bool connected = false;          ///< one connected component (bonds of bilocal vertices connect)
    bool one_pi = false;             ///< amputated one-particle irreducible
    bool self_energy_free = false;   ///< no 2-point subdiagram inserted on any line

    /// Number of interaction vertices.
    int vertex_count() const;
    /// Number of internal points (bilocal vertices have two).
    int internal_point_count() const { return static_cast<int>(points.size()) - n_external; }
    /// Number of propagator lines counted with multiplicity.
    int line_count() const;
    /// Loop number L = I − V_points + (#components) − (#bonds) with external lines excluded from I and V.
    int loop_count() const;
};

}  // namespace nnft::diagrams
