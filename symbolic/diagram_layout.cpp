#include "symbolic/diagram_layout.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace nnft::symbolic {

namespace {

constexpr double kPi = 3.14159265358979323846;

Vec2 operator+(Vec2 a, Vec2 b) { return {a.x + b.x, a.y + b.y}; }
Vec2 operator-(Vec2 a, Vec2 b) { return {a.x - b.x, a.y - b.y}; }
Vec2 operator*(double s, Vec2 a) { return {s * a.x, s * a.y}; }
double norm(Vec2 a) { return std::hypot(a.x, a.y); }
Vec2 polar(double r, double angle) { return {r * std::cos(angle), r * std::sin(angle)}; }

/// The two points of each non-local vertex (slot 0 first), as (a, b) with a < b.
std::vector<std::pair<int, int>> bonds(const diagrams::Diagram& d) {
    std::map<int, std::pair<int, int>> by_vertex;
    for (int p = d.n_external; p < static_cast<int>(d.points.size()); ++p) {
        const auto& pt = d.points[p];
        auto& e = by_vertex.try_emplace(pt.vertex, -1, -1).first->second;
        (pt.slot == 0 ? e.first : e.second) = p;
    }
    std::vector<std::pair<int, int>> out;
    for (const auto& [v, e] : by_vertex)
        if (e.second >= 0) out.emplace_back(std::min(e.first, e.second), std::max(e.first, e.second));
    return out;
}

/// Start positions: externals on their circle, each internal point (in breadth-first order from the externals)
/// near the centroid of its placed neighbours, pulled inwards and shifted by a golden-angle offset.
std::vector<Vec2> start_positions(const diagrams::Diagram& d, const std::vector<std::pair<int, int>>& springs,
                                  double radius) {
    const int np = static_cast<int>(d.points.size()), n = d.n_external;
    std::vector<Vec2> p(np);
    std::vector<bool> placed(np, false);
    for (int k = 0; k < n; ++k) {
        p[k] = polar(radius, kPi / 2 + kPi / n + 2 * kPi * k / n);
        placed[k] = true;
    }
    for (int round = 0, left = np - n; left > 0 && round <= np; ++round) {
        std::vector<bool> now = placed;
        for (int i = n; i < np; ++i) {
            if (placed[i]) continue;
            Vec2 sum{};
            int count = 0;
            for (const auto& [a, b] : springs)
                if ((a == i && placed[b]) || (b == i && placed[a])) {
                    sum = sum + p[a == i ? b : a];
                    ++count;
                }
            if (count == 0 && round < np) continue;
            const Vec2 centre = count ? (0.7 / count) * sum : Vec2{};
            p[i] = centre + polar(0.3, 2.39996 * i);
            now[i] = true;
            --left;
        }
        placed = now;
    }
    return p;
}

/// Push of a point away from a line segment a–b it is closer to than 0.6 (so that no vertex sits on a line that
/// does not end there); on the segment itself, sideways by the parity of `i` (deterministic).
Vec2 line_push(Vec2 q, Vec2 a, Vec2 b, int i) {
    const Vec2 ab = b - a;
    const double len2 = ab.x * ab.x + ab.y * ab.y;
    if (len2 < 1e-12) return {};
    const double t = std::clamp(((q.x - a.x) * ab.x + (q.y - a.y) * ab.y) / len2, 0.0, 1.0);
    Vec2 away = q - (a + t * ab);
    double dist = norm(away);
    if (dist >= 0.6) return {};
    if (dist < 1e-6) {
        away = (i % 2 ? 1.0 : -1.0) * Vec2{-ab.y, ab.x};
        dist = norm(away);
    }
    return ((0.6 - dist) / dist) * away;
}

/// Where the points go: the diagram's points, and for every self-loop the point it hangs from and the place of
/// its apex (a helper node of the spring model, so that loops take free room and push other points away).
struct Placement {
    std::vector<Vec2> points;                    ///< the diagram's points
    std::vector<std::pair<int, Vec2>> loops;     ///< per self-loop line: its point and apex
};

/// A spring of the layout model between nodes a and b.
struct Spring {
    int a, b;
    double rest;
};

/// One step of the spring model: forces on the movable nodes (index >= n), each move bounded by `cap`.
void relax(std::vector<Vec2>& p, int n, const std::vector<Spring>& springs, double cap) {
    const int nodes = static_cast<int>(p.size());
    std::vector<Vec2> force(nodes);
    for (const auto& s : springs) {
        const Vec2 delta = p[s.b] - p[s.a];
        const double len = std::max(norm(delta), 1e-6);
        const Vec2 f = ((len - s.rest) / len) * delta;
        force[s.a] = force[s.a] + f;
        force[s.b] = force[s.b] - f;
    }
    for (int i = n; i < nodes; ++i) {
        for (int j = 0; j < nodes; ++j) {
            if (j == i) continue;
            Vec2 delta = p[i] - p[j];
            double len = norm(delta);
            if (len < 1e-6) delta = polar(1e-3, i - j), len = 1e-3;
            force[i] = force[i] + (0.12 / (len * len * len)) * delta;
        }
        for (const auto& s : springs)
            if (s.a != i && s.b != i) force[i] = force[i] + 4.0 * line_push(p[i], p[s.a], p[s.b], i);
    }
    for (int i = n; i < nodes; ++i) {
        const double len = norm(force[i]);
        p[i] = p[i] + (std::min(0.5 * len, cap) / std::max(len, 1e-12)) * force[i];
    }
}

/// Spring model with the external points fixed: springs of rest length 0.9 along lines and bonds (0.55 from a
/// point to the apex of each of its self-loops), inverse-square repulsion between all nodes, a push away from lines
/// that do not end at a node, a step bound that cools linearly. Fixed iteration count: deterministic.
Placement place_points(const diagrams::Diagram& d) {
    const int np = static_cast<int>(d.points.size()), n = d.n_external;
    std::vector<std::pair<int, int>> pairs = bonds(d);
    for (const auto& e : d.edges)
        if (e.a != e.b) pairs.emplace_back(e.a, e.b);
    const double radius = 1.05 + 0.3 * std::sqrt(static_cast<double>(np - n));
    std::vector<Vec2> p = start_positions(d, pairs, radius);
    std::vector<Spring> springs;
    for (const auto& [a, b] : pairs) springs.push_back({a, b, 0.9});
    std::vector<int> loop_point;
    for (const auto& e : d.edges)
        for (int k = 0; e.a == e.b && k < e.multiplicity; ++k) {
            springs.push_back({e.a, static_cast<int>(p.size()), 0.55});
            loop_point.push_back(e.a);
            p.push_back(p[e.a] + polar(0.5, -kPi / 2 + 2.39996 * static_cast<double>(loop_point.size())));
        }
    const int iterations = 400;
    for (int it = 0; it < iterations; ++it) relax(p, n, springs, 0.2 * (1.0 - static_cast<double>(it) / iterations) + 0.002);
    Placement out;
    out.points.assign(p.begin(), p.begin() + np);
    for (std::size_t k = 0; k < loop_point.size(); ++k) out.loops.emplace_back(loop_point[k], p[np + k]);
    return out;
}

/// The lines between two distinct points: `count` curves bent symmetrically about the chord; the bond (if any)
/// takes the least bent one.
void route_pair(int a, int b, int multiplicity, bool bond, const std::vector<Vec2>& p, std::vector<LayoutLine>& out) {
    const int count = multiplicity + (bond ? 1 : 0);
    const Vec2 chord = p[b] - p[a];
    const double len = std::max(norm(chord), 1e-6);
    const Vec2 normal{-chord.y / len, chord.x / len};
    const double spacing = std::min(0.3, 0.9 * len / count);
    const int bond_index = (count - 1) / 2;
    for (int k = 0; k < count; ++k) {
        const double apex = (k - (count - 1) / 2.0) * spacing;
        const Vec2 q = 0.5 * (p[a] + p[b]) + (2 * apex) * normal;  // control point of the quadratic curve
        LayoutLine line;
        line.a = a;
        line.b = b;
        line.bond = bond && k == bond_index;
        line.from = p[a];
        line.to = p[b];
        line.c1 = p[a] + (2.0 / 3.0) * (q - p[a]);
        line.c2 = p[b] + (2.0 / 3.0) * (q - p[b]);
        out.push_back(line);
    }
}

Vec2 bezier(const LayoutLine& l, double t) {
    const double u = 1 - t;
    return (u * u * u) * l.from + (3 * u * u * t) * l.c1 + (3 * u * t * t) * l.c2 + (t * t * t) * l.to;
}

/// Directions (radians) taken at point `i`, at which nothing more should be drawn: where its own lines leave it
/// (and the middle of its loops), and towards the parts of other lines that pass within 0.9 of it.
std::vector<double> occupied_angles(int i, Vec2 p, const std::vector<LayoutLine>& lines) {
    std::vector<double> out;
    for (const auto& l : lines) {
        if (l.a == i) out.push_back(std::atan2(l.c1.y - l.from.y, l.c1.x - l.from.x));
        if (l.b == i) out.push_back(std::atan2(l.c2.y - l.to.y, l.c2.x - l.to.x));
        if (l.a == i && l.b == i) out.push_back(std::atan2(bezier(l, 0.5).y - p.y, bezier(l, 0.5).x - p.x));
        if (l.a == i || l.b == i) continue;
        for (int k = 0; k <= 16; ++k) {
            const Vec2 q = bezier(l, k / 16.0) - p;
            if (norm(q) < 0.9) out.push_back(std::atan2(q.y, q.x));
        }
    }
    return out;
}

/// The widest free angular interval between `angles`: its start and width (the whole circle, starting
/// downwards, when there are none).
std::pair<double, double> widest_gap(std::vector<double> angles) {
    if (angles.empty()) return {-kPi / 2, 2 * kPi};
    std::sort(angles.begin(), angles.end());
    double start = angles.back(), width = angles.front() + 2 * kPi - angles.back();
    for (std::size_t k = 1; k < angles.size(); ++k)
        if (angles[k] - angles[k - 1] > width + 1e-9) {
            start = angles[k - 1];
            width = angles[k] - angles[k - 1];
        }
    return {start, width};
}

/// The self-loops at each point, spread over the widest free angle there (see occupied_angles); each a teardrop
/// as wide as its share of that angle allows.
void route_loops(const Placement& placed, std::vector<LayoutLine>& lines) {
    std::map<int, int> loops;  // point -> number of self-loops
    for (const auto& l : placed.loops) ++loops[l.first];
    for (const auto& [i, m] : loops) {
        const Vec2 p = placed.points[i];
        const auto [start, width] = widest_gap(occupied_angles(i, p, lines));
        const double half = std::min(0.6, 0.42 * width / (m + 1));
        const double reach = 0.75 + 0.35 * (0.6 - half);
        for (int k = 0; k < m; ++k) {
            const double phi = start + width * (k + 1) / (m + 1);
            LayoutLine line;
            line.a = line.b = i;
            line.from = line.to = p;
            line.c1 = p + polar(reach, phi - half);
            line.c2 = p + polar(reach, phi + half);
            lines.push_back(line);
        }
    }
}

/// Estimated width of a label in picture units (font size 0.22).
double label_width(double characters) { return 0.13 * characters; }

/// Characters a vertex label takes: its coupling (a Greek name is one letter, a subscript counts 0.7) and weight.
double vertex_label_characters(const diagrams::InteractionTerm& term) {
    const std::string& name = term.coupling;
    const std::size_t us = name.find('_');
    const std::string base = name.substr(0, us);
    static const char* greek[] = {"alpha", "beta",  "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                                  "iota",  "kappa", "lambda", "mu",  "nu", "xi", "pi", "rho", "sigma",
                                  "tau",   "upsilon", "phi",  "chi", "psi", "omega"};
    double chars = static_cast<double>(base.size());
    for (const char* g : greek)
        if (base == g) chars = 1;
    if (us != std::string::npos) chars += 0.7 * static_cast<double>(name.size() - us - 1);
    return chars + (term.weight_power ? 2.5 : 0);
}

void grow(DiagramLayout& out, Vec2 v, double rx, double ry) {
    out.low = {std::min(out.low.x, v.x - rx), std::min(out.low.y, v.y - ry)};
    out.high = {std::max(out.high.x, v.x + rx), std::max(out.high.y, v.y + ry)};
}

/// A rectangle (lower left, upper right).
struct Box {
    Vec2 low, high;
    bool contains(Vec2 v, double margin) const {
        return v.x > low.x - margin && v.x < high.x + margin && v.y > low.y - margin && v.y < high.y + margin;
    }
    bool overlaps(const Box& o) const {
        return low.x < o.high.x && o.low.x < high.x && low.y < o.high.y && o.low.y < high.y;
    }
};

/// Where a label's text goes (as the printers anchor it): beside `at` for a sideways direction, above or below it
/// otherwise; one line of font size 0.22.
Box label_box(const LayoutLabel& l, double width) {
    const double cx = l.direction.x > 0.3 ? l.at.x + width / 2 : l.direction.x < -0.3 ? l.at.x - width / 2 : l.at.x;
    const double cy = std::abs(l.direction.x) > 0.3 ? l.at.y : l.direction.y > 0 ? l.at.y + 0.1 : l.at.y - 0.1;
    return {{cx - width / 2, cy - 0.12}, {cx + width / 2, cy + 0.12}};
}

/// The label of vertex point `i`: of 24 directions the one whose text box meets the fewest lines, points and
/// labels already placed, and then stays farthest (in angle) from the lines at the point.
LayoutLabel vertex_label(int i, double width, const DiagramLayout& out, const std::vector<Box>& taken) {
    const Vec2 p = out.points[i];
    const std::vector<double> occupied = occupied_angles(i, p, out.lines);
    LayoutLabel best;
    double best_score = -1e300;
    for (int k = 0; k < 24; ++k) {
        const double angle = -kPi / 2 + 2 * kPi * k / 24;
        const LayoutLabel l{i, p + polar(0.17, angle), polar(1.0, angle)};
        const Box box = label_box(l, width);
        double clearance = 1.2;
        for (double a : occupied) clearance = std::min(clearance, std::abs(std::remainder(a - angle, 2 * kPi)));
        double score = clearance;
        for (const auto& line : out.lines)
            for (int t = 0; t <= 32; ++t) score -= box.contains(bezier(line, t / 32.0), 0.02) ? 3 : 0;
        for (std::size_t j = 0; j < out.points.size(); ++j)
            if (static_cast<int>(j) != i && box.contains(out.points[j], 0.08)) score -= 5;
        for (const auto& b : taken) score -= b.overlaps(box) ? 5 : 0;
        if (score > best_score + 1e-9) best_score = score, best = l;
    }
    return best;
}

/// Labels: x_k radially outside each external point; each vertex's coupling beside its first point, where it meets
/// the least (vertex_label).
void place_labels(const diagrams::Diagram& d, const diagrams::Theory& theory, DiagramLayout& out) {
    std::vector<Box> taken;
    for (int k = 0; k < d.n_external; ++k) {
        const Vec2 dir = (1.0 / std::max(norm(out.points[k]), 1e-9)) * out.points[k];
        out.external_labels.push_back({k, out.points[k] + 0.16 * dir, dir});
        const int label = k < static_cast<int>(d.external_labels.size()) ? d.external_labels[k] + 1 : k + 1;
        const double width = label_width(1 + (label >= 10 ? 2 : 1) * 0.7);
        taken.push_back(label_box(out.external_labels.back(), width));
    }
    std::map<int, int> first_point;
    for (int i = d.n_external; i < static_cast<int>(d.points.size()); ++i) first_point.try_emplace(d.points[i].vertex, i);
    for (const auto& [vertex, i] : first_point) {
        const double width = label_width(vertex_label_characters(theory.terms.at(d.points[i].term)));
        out.vertex_labels.push_back(vertex_label(i, width, out, taken));
        taken.push_back(label_box(out.vertex_labels.back(), width));
    }
    for (const auto& b : taken) grow(out, 0.5 * (b.low + b.high), (b.high.x - b.low.x) / 2, (b.high.y - b.low.y) / 2);
}

}  // namespace

DiagramLayout layout_diagram(const diagrams::Diagram& d, const diagrams::Theory& theory) {
    if (d.n_external < 1 || d.points.size() < static_cast<std::size_t>(d.n_external))
        throw InternalError("layout_diagram: a diagram without external points");
    DiagramLayout out;
    const Placement placed = place_points(d);
    out.points = placed.points;
    std::map<std::pair<int, int>, std::pair<int, bool>> pairs;  // (a, b) -> (propagators, bond)
    for (const auto& e : d.edges)
        if (e.a != e.b) pairs[{e.a, e.b}].first += e.multiplicity;
    for (const auto& b : bonds(d)) pairs[b].second = true;
    for (const auto& [ab, lines] : pairs) route_pair(ab.first, ab.second, lines.first, lines.second, out.points, out.lines);
    route_loops(placed, out.lines);
    out.low = out.high = out.points.front();
    for (const auto& v : out.points) grow(out, v, 0.08, 0.08);
    for (const auto& l : out.lines)
        for (int k = 0; k <= 16; ++k) grow(out, bezier(l, k / 16.0), 0.02, 0.02);
    place_labels(d, theory, out);
    return out;
}

}  // namespace nnft::symbolic
