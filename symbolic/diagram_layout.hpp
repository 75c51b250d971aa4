#pragma once
/// \file Plane coordinates of a diagram class for its pictures: external points on a circle, internal points by a
/// deterministic spring layout, parallel lines as symmetric curves, self-loops in the widest free angle.
#include "diagrams/diagram.hpp"
#include "diagrams/theory.hpp"

#include <vector>

namespace nnft::symbolic {

/// A point of the plane (picture units: a propagator is about one unit long; y points up).
struct Vec2 {
    double x = 0;  ///< abscissa
    double y = 0;  ///< ordinate
};

/// One drawn line: a cubic Bézier curve from point `a` to point `b` (a == b for a self-loop).
struct LayoutLine {
    int a = 0;            ///< first point index (Diagram::points)
    int b = 0;            ///< second point index
    bool bond = false;    ///< the dashed bond of a non-local vertex f(x)^a f(y)^b (not a propagator)
    Vec2 from, c1, c2, to;///< the curve's end and control points
};

/// A text label anchored at a point of the plane, written towards `direction` (a unit vector) from it.
struct LayoutLabel {
    int point = -1;       ///< the point it names (for a non-local vertex: its first point)
    Vec2 at;              ///< anchor
    Vec2 direction;       ///< the side it is written on (text starts at `at` when direction.x > 0, ends there when < 0)
};

/// The picture of one diagram class in plane coordinates.
struct DiagramLayout {
    std::vector<Vec2> points;            ///< position of every point of the diagram (externals first)
    std::vector<LayoutLine> lines;       ///< one per propagator line (multiplicity expanded) and per non-local bond
    std::vector<LayoutLabel> external_labels;  ///< x1..xn beside the external points
    std::vector<LayoutLabel> vertex_labels;    ///< one per interaction vertex: its coupling, in a free direction
    Vec2 low, high;                      ///< bounding box of points, curves and labels (labels estimated)
};

/// The layout of `d`: external point k at angle 90° + 180°/n + 360°·k/n on a circle (x1 upper left, going
/// anticlockwise), internal points placed by a spring model with those fixed (deterministic: the same numbers in
/// every run), m parallel lines between two points as m curves bent symmetrically, self-loops as teardrops in the
/// widest free angle at their point, labels in the widest remaining free angle.
DiagramLayout layout_diagram(const diagrams::Diagram& d, const diagrams::Theory& theory);

}  // namespace nnft::symbolic
