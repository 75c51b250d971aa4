#pragma once
/// \file Topological properties of diagrams: components, one-particle irreducibility, insertions.
#include "diagrams/diagram.hpp"

#include <vector>

namespace nnft::diagrams {

/// Connected component of each point (lines and bilocal bonds connect); returns the component count.
int component_labels(const Diagram& d, std::vector<int>& labels);

/// True when some component has no external point (a vacuum bubble).
bool has_vacuum_component(const Diagram& d);

/// True when all points form one component.
bool is_connected(const Diagram& d);

/// Amputated 1PI: every external point attaches to an interaction vertex, the internal part is
/// connected, and cutting any one internal line leaves it connected (bonds are not lines).
bool is_one_pi(const Diagram& d);

/// True when cutting two lines separates a part without external points that both cut lines touch:
/// a 2-point (self-energy) subdiagram on a line, internal or external.
bool has_self_energy_insertion(const Diagram& d);

/// The connected components of d, each as a diagram of its own (externals renumbered 0.. in order,
/// internal points in the order they have in d, external_labels carried over).
std::vector<Diagram> split_components(const Diagram& d);

}  // namespace nnft::diagrams
