#include "symbolic/detail/lower_plan.hpp"
#include "symbolic/lower.hpp"

#include "common/error.hpp"
#include "diagrams/generate.hpp"
#include "diagrams/topology.hpp"

#include <functional>
#include <map>
#include <numeric>

namespace nnft::symbolic::detail {

namespace dg = nnft::diagrams;

std::vector<Factor> plan_term(const dg::Diagram& d, const dg::Theory& theory) {
    std::vector<Factor> factors;
    for (const auto& part : dg::split_components(d)) {
        const dg::Diagram c = dg::canonical_diagram(part, theory);
        const int n = static_cast<int>(c.points.size());
        if (c.internal_point_count() == 0) {
            for (const auto& e : c.edges) {
                Factor f;
                f.a = c.external_labels[e.a];
                f.b = c.external_labels[e.b];
                for (int k = 0; k < e.multiplicity; ++k) factors.push_back(f);
            }
            continue;
        }
        // Pieces of internal points joined by internal lines (bilocal bonds are not lines).
        std::vector<int> piece(n);
        std::iota(piece.begin(), piece.end(), 0);
        std::function<int(int)> find = [&](int x) { return piece[x] == x ? x : piece[x] = find(piece[x]); };
        std::vector<VertexFactor> vf(n);
        std::map<std::pair<int, int>, int> internal_lines;
        for (int p = c.n_external; p < n; ++p) vf[p].shape.weight = theory.terms[c.points[p].term].weight_power;
        for (const auto& e : c.edges) {
            const bool ea = e.a < c.n_external, eb = e.b < c.n_external;
            if (ea && eb) throw InternalError("external-external line inside a component with vertices");
            if (e.a == e.b) vf[e.a].shape.loops += e.multiplicity;
            else if (ea || eb) {
                const int ext = ea ? e.a : e.b, in = ea ? e.b : e.a;
                for (int k = 0; k < e.multiplicity; ++k) vf[in].legs.push_back(c.external_labels[ext]);
            } else {
                internal_lines[{e.a, e.b}] += e.multiplicity;
                piece[find(e.a)] = find(e.b);
            }
        }
        std::map<int, std::vector<int>> members;
        for (int p = c.n_external; p < n; ++p) members[find(p)].push_back(p);
        for (const auto& [root, pts] : members) {
            Factor f;
            if (pts.size() == 1) {
                f.kind = Factor::Kind::one_vertex;
                f.y = vf[pts[0]];
            } else if (pts.size() == 2) {
                f.kind = Factor::Kind::two_vertex;
                f.y = vf[pts[0]];
                f.z = vf[pts[1]];
                f.lines = internal_lines[{pts[0], pts[1]}];
            } else {
                f.kind = Factor::Kind::multi_vertex;
                for (int p : pts) f.points.push_back(vf[p]);
                for (std::size_t i = 0; i < pts.size(); ++i)
                    for (std::size_t j = i + 1; j < pts.size(); ++j) {
                        const auto it = internal_lines.find({pts[i], pts[j]});
                        const auto jt = internal_lines.find({pts[j], pts[i]});
                        const int m = (it == internal_lines.end() ? 0 : it->second) + (jt == internal_lines.end() ? 0 : jt->second);
                        if (m > 0) f.graph.push_back({static_cast<int>(i), static_cast<int>(j), m});
                    }
            }
            factors.push_back(f);
        }
    }
    return factors;
}

}  // namespace nnft::symbolic::detail

namespace nnft::symbolic {

GridChoice parse_grid_choice(const std::string& name) {
    if (name == "auto") return GridChoice::automatic;
    if (name == "tensor") return GridChoice::tensor;
    if (name == "qmc") return GridChoice::lattice;
    throw Error("unknown grid '" + name + "'; use auto, tensor or qmc");
}

bool uses_lattice_grids(const LoweringOptions& options) {
    return options.grid == GridChoice::lattice || (options.grid == GridChoice::automatic && options.kernel.d_in >= 3);
}

}  // namespace nnft::symbolic
