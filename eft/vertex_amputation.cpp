#include "eft/vertex_amputation.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace nnft::eft {

namespace {

void check_points(std::size_t n) {
    if (n < 1 || n > 200) throw Error("a symmetric 4-tensor needs 1 to 200 points (got " + std::to_string(n) + ")");
}

std::size_t sorted_slot(const sampler::TupleTable& table, std::array<int, 4> t, int len) {
    std::sort(t.begin(), t.begin() + len);
    std::array<std::uint16_t, 4> u{};
    for (int k = 0; k < len; ++k) u[static_cast<std::size_t>(k)] = static_cast<std::uint16_t>(t[static_cast<std::size_t>(k)]);
    return table.slot(u.data(), len) - table.offset(len);
}

// Γ̂ = G ×_1 B ×_2 B ×_3 B ×_4 B (B: n × r) from symmetric storage, one leg at a time: the partial results
// stay symmetric in the not-yet-contracted indices, so they are stored over sorted triples, then pairs.
std::vector<double> project(const SymmetricTensor4& g, const Eigen::MatrixXd& b) {
    const auto n = static_cast<int>(g.points());
    const auto r = static_cast<int>(b.cols());
    const sampler::TupleTable table(g.points(), 4);
    const std::size_t triples = table.count(3), pairs = table.count(2);
    const auto ur = static_cast<std::size_t>(r), un = static_cast<std::size_t>(n);
    // T1[t][α] = Σ_a B_aα G(a, t), t = (b ≤ c ≤ d)
    std::vector<double> t1(triples * ur, 0.0);
    for (std::size_t t = 0; t < triples; ++t) {
        const auto tp = table.tuple(table.offset(3) + t);
        for (int a = 0; a < n; ++a) {
            const double v = g.at(a, tp[0], tp[1], tp[2]);
            if (v == 0.0) continue;
            for (int al = 0; al < r; ++al) t1[t * ur + static_cast<std::size_t>(al)] += b(a, al) * v;
        }
    }
    // T2[p][α][β] = Σ_b B_bβ T1[(b, p)][α], p = (c ≤ d)
    std::vector<double> t2(pairs * ur * ur, 0.0);
    for (std::size_t p = 0; p < pairs; ++p) {
        const auto pp = table.tuple(table.offset(2) + p);
        for (int bi = 0; bi < n; ++bi) {
            const double* src = &t1[sorted_slot(table, {bi, pp[0], pp[1], 0}, 3) * ur];
            for (int al = 0; al < r; ++al)
                for (int be = 0; be < r; ++be)
                    t2[(p * ur + static_cast<std::size_t>(al)) * ur + static_cast<std::size_t>(be)] += b(bi, be) * src[al];
        }
    }
    // T3[d][αβγ] = Σ_c B_cγ T2[(c, d)][αβ]
    std::vector<double> t3(un * ur * ur * ur, 0.0);
    for (int d = 0; d < n; ++d)
        for (int c = 0; c < n; ++c) {
            const double* src = &t2[sorted_slot(table, {c, d, 0, 0}, 2) * ur * ur];
            double* dst = &t3[static_cast<std::size_t>(d) * ur * ur * ur];
            for (std::size_t ab = 0; ab < ur * ur; ++ab)
                for (int ga = 0; ga < r; ++ga) dst[ab * ur + static_cast<std::size_t>(ga)] += b(c, ga) * src[ab];
        }
    // Γ̂[αβγδ] = Σ_d B_dδ T3[d][αβγ]
    std::vector<double> out(ur * ur * ur * ur, 0.0);
    for (int d = 0; d < n; ++d) {
        const double* src = &t3[static_cast<std::size_t>(d) * ur * ur * ur];
        for (std::size_t abc = 0; abc < ur * ur * ur; ++abc)
            for (int de = 0; de < r; ++de) out[abc * ur + static_cast<std::size_t>(de)] += b(d, de) * src[abc];
    }
    return out;
}

double dot(const std::vector<double>& x, const std::vector<double>& y) {
    double s = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
    return s;
}

// Σ_a Γ̃_aaaa² / ‖Γ̂‖² with Γ̃_aaaa = Σ Γ̂_{αβγδ} U_aα U_aβ U_aγ U_aδ.
double diagonal_fraction(const std::vector<double>& gamma, const Eigen::MatrixXd& u) {
    const auto r = static_cast<std::size_t>(u.cols());
    const double norm2 = dot(gamma, gamma);
    if (norm2 == 0.0) return 0.0;
    double diag2 = 0.0;
    std::vector<double> s3(r * r * r), s2(r * r), s1(r);
    for (Eigen::Index a = 0; a < u.rows(); ++a) {
        std::fill(s3.begin(), s3.end(), 0.0);
        for (std::size_t abc = 0; abc < r * r * r; ++abc)
            for (std::size_t d = 0; d < r; ++d) s3[abc] += gamma[abc * r + d] * u(a, static_cast<Eigen::Index>(d));
        std::fill(s2.begin(), s2.end(), 0.0);
        for (std::size_t ab = 0; ab < r * r; ++ab)
            for (std::size_t c = 0; c < r; ++c) s2[ab] += s3[ab * r + c] * u(a, static_cast<Eigen::Index>(c));
        std::fill(s1.begin(), s1.end(), 0.0);
        for (std::size_t al = 0; al < r; ++al)
            for (std::size_t be = 0; be < r; ++be) s1[al] += s2[al * r + be] * u(a, static_cast<Eigen::Index>(be));
        double v = 0.0;
        for (std::size_t al = 0; al < r; ++al) v += s1[al] * u(a, static_cast<Eigen::Index>(al));
        diag2 += v * v;
    }
    return diag2 / norm2;
}

void check_kernel(const Eigen::MatrixXd& kernel, const std::vector<double>& weights) {
    const auto n = static_cast<Eigen::Index>(weights.size());
    if (kernel.rows() != n || kernel.cols() != n)
        throw Error("the kernel matrix is " + std::to_string(kernel.rows()) + "x" + std::to_string(kernel.cols()) + " but there are " +
                    std::to_string(n) + " grid weights: evaluate K on the grid's nodes");
    for (double w : weights)
        if (!(w > 0.0) || !std::isfinite(w)) throw Error("grid weights must be positive and finite (got " + std::to_string(w) + ")");
    if (!kernel.allFinite()) throw Error("the kernel matrix has non-finite entries");
    if ((kernel - kernel.transpose()).cwiseAbs().maxCoeff() > 1e-12 * std::max(1.0, kernel.cwiseAbs().maxCoeff()))
        throw Error("the kernel matrix is not symmetric: a covariance K(x, y) = K(y, x) is required");
}

}  // namespace

SymmetricTensor4::SymmetricTensor4(std::size_t points) : table_((check_points(points), points), 4) {
    values_.assign(table_.count(4), 0.0);
}

std::size_t SymmetricTensor4::index(int a, int b, int c, int d) const {
    const auto n = static_cast<int>(points());
    for (int v : {a, b, c, d})
        if (v < 0 || v >= n) throw Error("tensor index " + std::to_string(v) + " outside 0.." + std::to_string(n - 1));
    return sorted_slot(table_, {a, b, c, d}, 4);
}

SymmetricTensor4 local_vertex_g4(const Eigen::MatrixXd& kernel, const std::vector<double>& weights) {
    check_kernel(kernel, weights);
    SymmetricTensor4 g(weights.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
        const auto t = g.tuple(i);
        double s = 0.0;
        for (Eigen::Index j = 0; j < kernel.cols(); ++j)
            s += weights[static_cast<std::size_t>(j)] * kernel(t[0], j) * kernel(t[1], j) * kernel(t[2], j) * kernel(t[3], j);
        g.values()[i] = -24.0 * s;
    }
    return g;
}

SymmetricTensor4 bilocal_vertex_g4(const Eigen::MatrixXd& kernel, const std::vector<double>& weights) {
    check_kernel(kernel, weights);
    const auto n = kernel.rows();
    Eigen::VectorXd w(n);
    for (Eigen::Index j = 0; j < n; ++j) w(j) = weights[static_cast<std::size_t>(j)];
    const Eigen::MatrixXd m = kernel * w.asDiagonal() * kernel;  // M_ab = Σ_j w_j K_aj K_bj
    SymmetricTensor4 g(weights.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
        const auto t = g.tuple(i);
        g.values()[i] = -8.0 * (m(t[0], t[1]) * m(t[2], t[3]) + m(t[0], t[2]) * m(t[1], t[3]) + m(t[0], t[3]) * m(t[1], t[2]));
    }
    return g;
}

int KernelSpectrum::rank_above(double threshold) const {
    if (eigenvalues.size() == 0 || !(eigenvalues(0) > 0.0)) return 0;
    int r = 0;
    while (r < eigenvalues.size() && eigenvalues(r) > threshold * eigenvalues(0)) ++r;
    return r;
}

KernelSpectrum kernel_spectrum(const Eigen::MatrixXd& kernel, const std::vector<double>& weights) {
    check_kernel(kernel, weights);
    const auto n = kernel.rows();
    KernelSpectrum s;
    s.sqrt_weights.resize(n);
    for (Eigen::Index j = 0; j < n; ++j) s.sqrt_weights(j) = std::sqrt(weights[static_cast<std::size_t>(j)]);
    const Eigen::MatrixXd a = s.sqrt_weights.asDiagonal() * (0.5 * (kernel + kernel.transpose())) * s.sqrt_weights.asDiagonal();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(a);
    s.eigenvalues = eig.eigenvalues().reverse();
    s.vectors = eig.eigenvectors().rowwise().reverse();
    return s;
}

namespace {

Eigen::MatrixXd leg_matrix(const KernelSpectrum& sp, const SymmetricTensor4& g4, int rank) {
    const auto n = sp.eigenvalues.size();
    if (static_cast<Eigen::Index>(g4.points()) != n)
        throw Error("the 4-point tensor has " + std::to_string(g4.points()) + " points but the kernel grid " + std::to_string(n));
    if (rank < 1 || rank > n) throw Error("--rank " + std::to_string(rank) + " is outside 1.." + std::to_string(n) + " (the grid size)");
    if (!(sp.eigenvalues(rank - 1) > kRoundoffEigenvalue * sp.eigenvalues(0)))
        throw Error("eigenvalue " + std::to_string(rank) + " of the weighted kernel is " + std::to_string(sp.eigenvalues(rank - 1) / sp.eigenvalues(0)) +
                    " of the largest, at round-off: lower --rank to at most the kernel's numerical rank " + std::to_string(sp.rank_above(kRoundoffEigenvalue)));
    return sp.sqrt_weights.asDiagonal() * sp.vectors.leftCols(rank) * sp.eigenvalues.head(rank).cwiseInverse().asDiagonal();
}

}  // namespace

std::vector<double> amputated_vertex(const KernelSpectrum& sp, const SymmetricTensor4& g4, int rank) {
    return project(g4, leg_matrix(sp, g4, rank));
}

LocalVertexFit fit_local_vertex(const KernelSpectrum& sp, const SymmetricTensor4& g4, const SymmetricTensor4& g4_error,
                                const SymmetricTensor4& local, int rank) {
    const Eigen::MatrixXd b = leg_matrix(sp, g4, rank);
    leg_matrix(sp, g4_error, rank);
    leg_matrix(sp, local, rank);
    const Eigen::MatrixXd u = sp.vectors.leftCols(rank);
    const std::vector<double> gd = project(g4, b), gl = project(local, b);
    SymmetricTensor4 err_abs = g4_error;
    for (double& v : err_abs.values()) v = std::abs(v);
    std::vector<double> ge = project(err_abs, b.cwiseAbs());
    LocalVertexFit f;
    f.rank = rank;
    const double ll = dot(gl, gl);
    if (!(ll > 0.0)) throw Error("the local model vanishes after amputation at rank " + std::to_string(rank) + ": raise --rank");
    f.lambda = dot(gd, gl) / ll;
    double bound = 0.0;
    for (std::size_t i = 0; i < gl.size(); ++i) bound += ge[i] * std::abs(gl[i]);
    f.data_error = bound / ll;
    double res = 0.0;
    for (std::size_t i = 0; i < gd.size(); ++i) res += (gd[i] - f.lambda * gl[i]) * (gd[i] - f.lambda * gl[i]);
    const double dd = dot(gd, gd);
    f.residual = dd > 0.0 ? std::sqrt(res / dd) : 0.0;
    f.diagonal_fraction_data = diagonal_fraction(gd, u);
    f.diagonal_fraction_local = diagonal_fraction(gl, u);
    return f;
}

}  // namespace nnft::eft
