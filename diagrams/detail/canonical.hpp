#pragma once
/// \file Canonical labelling of coloured multigraphs with self-loops and bonds (wraps nauty).
#include "diagrams/count.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace nnft::diagrams {

/// A multigraph on points with an ordered colouring, parallel edges, self-loops and "bond" edges
/// (the link between the two points of a bilocal vertex, distinct from a propagator).
struct ColoredMultigraph {
    int n = 0;                          ///< number of points
    std::vector<int> color;             ///< colour of each point; isomorphisms preserve colours
    std::vector<std::uint8_t> lines;    ///< n*n symmetric multiplicities; the diagonal holds self-loops
    std::vector<int> bond;              ///< bonded partner of each point, or -1

    /// Empty graph on n points with all colours 0 and no bonds.
    explicit ColoredMultigraph(int points = 0);
    /// Multiplicity of lines between a and b (self-loops when a == b).
    std::uint8_t& at(int a, int b) { return lines[static_cast<std::size_t>(a) * static_cast<std::size_t>(n) + static_cast<std::size_t>(b)]; }
    /// Read-only multiplicity of lines between a and b.
    std::uint8_t at(int a, int b) const { return lines[static_cast<std::size_t>(a) * static_cast<std::size_t>(n) + static_cast<std::size_t>(b)]; }
};

/// Result of canonical labelling.
struct CanonicalForm {
    std::vector<int> order;  ///< order[i] = original point placed at canonical position i
    std::string key;         ///< byte string equal for two graphs iff they are isomorphic (colours kept)
    Count automorphisms;     ///< order of the colour-preserving point automorphism group
};

/// Canonical labelling by nauty. Self-loops are folded into the vertex colours and multiplicities and
/// bonds into bit layers of an auxiliary simple graph (nauty's guide, "edge-coloured graphs"), so the
/// multi-edge and loop pitfalls of plain simple-graph labelling do not arise.
class Canonicalizer {
public:
    /// Canonical form of g: points of equal colour may be permuted, colours keep their order.
    CanonicalForm canonicalize(const ColoredMultigraph& g);

private:
    std::vector<std::uint64_t> graph_, canon_;
    std::vector<int> lab_, ptn_, orbits_, cell_of_;
};

/// Free nauty's per-thread workspace (thread-local, kept between calls): call before a thread that labelled
/// graphs ends, or every such thread leaks it (found by LeakSanitizer: ~0.5 kB per thread and call of a pool).
void release_canonical_workspace();

}  // namespace nnft::diagrams
