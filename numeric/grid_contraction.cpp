#include "numeric/grid_contraction.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "common/error.hpp"
#include "numeric/gauss_legendre.hpp"
#include "numeric/detail/integration_common.hpp"
#include "numeric/detail/lattice_qmc.hpp"
#include "numeric/detail/vector_ops.hpp"
#include "numeric/vertex_integrand.hpp"

namespace nnft::numeric {

QuadratureGrid tensor_grid(const Domain& domain, int order, int panels) {
    if (panels < 1) throw Error("tensor grid needs panels >= 1");
    std::vector<double> coords, weights;
    std::vector<std::vector<double>> per_axis;
    const auto d = static_cast<std::size_t>(domain.dim());
    for_each_tensor_block(domain, order, panels, 4096, [&](const PointBlock& nodes, const double* w) {
        per_axis.resize(d);
        for (std::size_t k = 0; k < d; ++k)
            per_axis[k].insert(per_axis[k].end(), nodes.coords + k * nodes.count, nodes.coords + (k + 1) * nodes.count);
        weights.insert(weights.end(), w, w + nodes.count);
    });
    for (const auto& axis : per_axis) coords.insert(coords.end(), axis.begin(), axis.end());
    QuadratureGrid g{PointSet::from_coordinate_major(domain.dim(), std::move(coords)),
                     Eigen::Map<Eigen::VectorXd>(weights.data(), static_cast<Eigen::Index>(weights.size()))};
    return g;
}

long long tensor_grid_size(const Domain& domain, int order, int panels) {
    long long n = 1;
    for (int k = 0; k < domain.dim(); ++k)
        n *= static_cast<long long>(domain.segments(k).size() - 1) * panels * order;
    return n;
}

QuadratureGrid lattice_grid(const Domain& domain, std::uint64_t n_points, std::uint64_t seed) {
    const auto d = static_cast<std::size_t>(domain.dim());
    const std::uint64_t n = previous_prime(std::max<std::uint64_t>(2, n_points));
    std::vector<double> gamma(d);
    for (std::size_t j = 0; j < d; ++j) gamma[j] = 1.0 / static_cast<double>((j + 1) * (j + 1));
    const auto z = cbc_generating_vector(n, domain.dim(), gamma);
    std::mt19937_64 gen(seed);
    std::uniform_real_distribution<double> unif(0.0, 1.0);
    std::vector<double> shift(d);
    for (auto& v : shift) v = unif(gen);
    return lattice_grid(domain, n, z, shift);
}

QuadratureGrid lattice_grid(const Domain& domain, std::uint64_t n, std::span<const std::uint64_t> z,
                            std::span<const double> shift) {
    const auto d = static_cast<std::size_t>(domain.dim());
    if (z.size() < d || shift.size() < d) throw Error("lattice_grid: the generating vector and the shift need d_in entries");
    const auto count = static_cast<std::size_t>(n);
    std::vector<double> t(d * count), y(d * count);
    Eigen::VectorXd w = Eigen::VectorXd::Constant(static_cast<Eigen::Index>(count), integration_box_volume(domain) / static_cast<double>(n));
    lattice_nodes(domain, n, z, shift, 0, count, t.data());
    domain.map(t.data(), count, y.data(), w.data());
    return QuadratureGrid{PointSet::from_coordinate_major(domain.dim(), std::move(y)), std::move(w)};
}

Eigen::MatrixXd hadamard_power(const Eigen::MatrixXd& m, int p) {
    if (p < 0) throw Error("Hadamard power must be >= 0");
    Eigen::MatrixXd out = Eigen::MatrixXd::Ones(m.rows(), m.cols());
    for (int i = 0; i < p; ++i) out.array() *= m.array();
    return out;
}

double weighted_contraction(const Eigen::VectorXd& a, const QuadratureGrid& gy, const Eigen::MatrixXd& m,
                            const QuadratureGrid& gz, const Eigen::VectorXd& b) {
    if (a.size() != gy.weights.size() || b.size() != gz.weights.size() || m.rows() != a.size() || m.cols() != b.size())
        throw Error("weighted_contraction: sizes do not match (a: grid y, b: grid z, M: y × z)");
    const Eigen::VectorXd wa = a.cwiseProduct(gy.weights), wb = b.cwiseProduct(gz.weights);
    return wa.dot(m * wb);
}

Eigen::MatrixXd weighted_contraction(const Eigen::MatrixXd& a, const QuadratureGrid& gy, const Eigen::MatrixXd& m,
                                     const QuadratureGrid& gz, const Eigen::MatrixXd& b) {
    if (a.cols() != gy.weights.size() || b.cols() != gz.weights.size() || m.rows() != a.cols() || m.cols() != b.cols())
        throw Error("weighted_contraction: sizes do not match (rows of A on grid y, rows of B on grid z, M: y × z)");
    const Eigen::MatrixXd wa = a * gy.weights.asDiagonal();
    const Eigen::MatrixXd wb = b * gz.weights.asDiagonal();
    return wa * (m * wb.transpose());
}

Eigen::MatrixXd leg_products(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                             const QuadratureGrid& grid, const VertexWeight& weight) {
    VertexIntegrand f(kernel, inputs, tuples, weight);
    const auto n = grid.nodes.size();
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> out(static_cast<Eigen::Index>(tuples.size()),
                                                                               static_cast<Eigen::Index>(n));
    if (n > 0) f.evaluate(grid.nodes.view(), out.data());
    return out;
}

void detail::check_two_vertex_domain(const Kernel& kernel, const Domain& domain) {
    if (domain.dim() != kernel.spec().d_in)
        throw Error("two-vertex domain has dimension " + std::to_string(domain.dim()) + " but the kernel has d_in = " +
                    std::to_string(kernel.spec().d_in));
}

bool detail::two_vertex_diverges(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                 const std::vector<Tuple>& right, const Domain& domain, const VertexWeight& left_weight,
                                 const VertexWeight& right_weight) {
    if (!domain.infinite()) return false;
    // Over R^d each vertex's own legs must decay (K(y, z)^p is bounded for these kernels).
    bool bad = false;
    for (const auto& [tuples, weight] : {std::pair{&left, &left_weight}, std::pair{&right, &right_weight}}) {
        const auto flags = non_decaying_components(VertexIntegrand(kernel, inputs, *tuples, *weight), domain);
        for (bool f : flags) bad = bad || f;
    }
    return bad;
}

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Points [first, first + count) of `set` as a set of their own.
PointSet slice(const PointSet& set, std::size_t first, std::size_t count) {
    const auto d = static_cast<std::size_t>(set.dim());
    std::vector<double> coords(d * count);
    for (std::size_t k = 0; k < d; ++k)
        for (std::size_t j = 0; j < count; ++j) coords[k * count + j] = set.at(first + j, static_cast<int>(k));
    return PointSet::from_coordinate_major(set.dim(), std::move(coords));
}

/// Leg products of `tuples` on `grid` times the grid weights: row s is a_s(node) w(node).
RowMatrix weighted_legs(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& tuples,
                        const QuadratureGrid& grid, const VertexWeight& weight) {
    RowMatrix out = leg_products(kernel, inputs, tuples, grid, weight);
    for (Eigen::Index s = 0; s < out.rows(); ++s) out.row(s) = out.row(s).cwiseProduct(grid.weights.transpose());
    return out;
}

/// Row blocks of the kernel matrix: ~20 MB at the largest grids the evaluation budget allows.
constexpr std::size_t kRowBlock = 256;

}  // namespace

Eigen::MatrixXd detail::two_vertex_on_grids(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                            const std::vector<Tuple>& right, int power, const QuadratureGrid& gy,
                                            const QuadratureGrid& gz, const VertexWeight& left_weight,
                                            const VertexWeight& right_weight, long long& evaluations,
                                            const std::function<void()>& heartbeat) {
    const std::size_t ny = gy.nodes.size(), nz = gz.nodes.size();
    evaluations += static_cast<long long>(ny * nz + std::max(ny, nz) * inputs.size());
    const RowMatrix wa = weighted_legs(kernel, inputs, left, gy, left_weight);
    const RowMatrix wb = weighted_legs(kernel, inputs, right, gz, right_weight);
    // t(r, y) = Σ_z wb(r, z) K(y, z)^power, one block of y at a time.
    RowMatrix t(wb.rows(), static_cast<Eigen::Index>(ny));
    std::vector<double> block(std::min(kRowBlock, ny) * nz);
    for (std::size_t y0 = 0; y0 < ny; y0 += kRowBlock) {
        if (y0 > 0 && heartbeat) heartbeat();
        const std::size_t rows = std::min(kRowBlock, ny - y0);
        if (nz > 0) kernel.rows(slice(gy.nodes, y0, rows), gz.nodes.view(), block.data());
        for (std::size_t i = 0; i < rows * nz; ++i) {  // K^p as repeated products from 1 (hadamard_power's roundings)
            double v = 1.0;
            for (int p = 0; p < power; ++p) v *= block[i];
            block[i] = v;
        }
        for (Eigen::Index r = 0; r < t.rows(); ++r)
            for (std::size_t y = 0; y < rows; ++y)
                t(r, static_cast<Eigen::Index>(y0 + y)) = detail::dot4(wb.row(r).data(), block.data() + y * nz, nz);
    }
    Eigen::MatrixXd out(wa.rows(), t.rows());
    for (Eigen::Index s = 0; s < wa.rows(); ++s)
        for (Eigen::Index r = 0; r < t.rows(); ++r) out(s, r) = detail::dot4(wa.row(s).data(), t.row(r).data(), ny);
    return out;
}

TwoVertexResult detail::diverged_two_vertex(Eigen::Index rows, Eigen::Index cols) {
    TwoVertexResult res;
    res.value = Eigen::MatrixXd::Constant(rows, cols, std::nan(""));
    res.error = Eigen::MatrixXd::Constant(rows, cols, HUGE_VAL);
    res.status = Status::diverged;
    res.reason = "the two-vertex integral over R^d diverges: a vertex's legs do not decay as |y| -> infinity; "
                 "use a finite cutoff";
    return res;
}

TwoVertexResult integrate_two_vertex(const Kernel& kernel, const PointSet& inputs, const std::vector<Tuple>& left,
                                     const std::vector<Tuple>& right, int power, const Domain& domain,
                                     const IntegratorOptions& options, const VertexWeight& left_weight,
                                     const VertexWeight& right_weight) {
    detail::check_two_vertex_domain(kernel, domain);
    if (power < 0) throw Error("the kernel power between the two vertices must be >= 0");
    TwoVertexResult res;
    if (detail::two_vertex_diverges(kernel, inputs, left, right, domain, left_weight, right_weight))
        return detail::diverged_two_vertex(static_cast<Eigen::Index>(left.size()), static_cast<Eigen::Index>(right.size()));
    auto level = [&](int panels) {
        beat(options);
        const auto g = tensor_grid(domain, options.gl_order, panels);
        return detail::two_vertex_on_grids(kernel, inputs, left, right, power, g, g, left_weight, right_weight,
                                           res.evaluations, options.heartbeat);
    };
    int panels = 1;
    Eigen::MatrixXd prev = level(panels);
    res.value = prev;
    res.error = Eigen::MatrixXd::Constant(prev.rows(), prev.cols(), HUGE_VAL);
    for (;;) {
        const int next = panels + std::max(1, panels / 2);
        const long long n = tensor_grid_size(domain, options.gl_order, next);
        if (res.evaluations + n * n > options.max_evaluations) break;
        panels = next;
        const Eigen::MatrixXd cur = level(panels);
        res.error = (cur - prev).cwiseAbs();
        res.value = cur;
        prev = cur;
        bool all = true;
        for (Eigen::Index i = 0; i < cur.rows() && all; ++i)
            for (Eigen::Index j = 0; j < cur.cols() && all; ++j)
                all = detail::within_tolerance(cur(i, j), res.error(i, j), options);
        if (all) return res;
    }
    res.status = Status::max_evaluations_reached;
    res.reason = "tolerance not met: the next grid level would exceed max_evaluations (grid size squared); raise it";
    return res;
}

}  // namespace nnft::numeric
