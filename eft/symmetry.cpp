#include "eft/symmetry.hpp"

#include "common/error.hpp"
#include "numeric/rng.hpp"
#include "numeric/stats.hpp"
#include "sampler/correlators.hpp"
#include "sampler/cumulants.hpp"

#include <Eigen/Dense>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>

namespace nnft::eft {

namespace {

/// Stream tag of the rotation draws (separate from the networks' streams).
constexpr std::uint32_t kRotationTag = 0x5359u;  // "SY"

/// Largest significance reported (p-values below ~1e-300 are not resolved in double precision).
constexpr double kMaxSignificance = 38.0;

int order_of(const std::string& name) {
    if (name.size() >= 2 && name[0] == 'g' && name[1] >= '1' && name[1] <= '6') return name[1] - '0';
    throw Error("unknown correlator table '" + name + "': use g2, g4, g6 or their _connected forms");
}

const std::vector<double>& table_of(const ReplicaTables& t, const std::string& name) {
    const auto it = t.tables.find(name);
    if (it == t.tables.end())
        throw Error("the ensemble has no table '" + name + "': sample with a larger max_n");
    return it->second;
}

}  // namespace

Matrix haar_rotation(std::size_t d, std::uint64_t seed, std::uint64_t index) {
    if (d < 2) throw Error("a rotation needs dimension d >= 2 (SO(1) is trivial); got d = " + std::to_string(d));
    numeric::NormalStream normals(seed, index, kRotationTag);
    Eigen::MatrixXd g(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
    for (Eigen::Index i = 0; i < g.rows(); ++i)
        for (Eigen::Index j = 0; j < g.cols(); ++j) g(i, j) = normals.next();
    // Haar measure on O(d): Q of G = QR with R's diagonal made positive (Mezzadri, Notices AMS 54 (2007)).
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
    Eigen::MatrixXd q = qr.householderQ();
    const Eigen::MatrixXd r = qr.matrixQR().triangularView<Eigen::Upper>();
    for (Eigen::Index j = 0; j < q.cols(); ++j)
        if (r(j, j) < 0) q.col(j) *= -1.0;
    // Multiplying the det −1 coset by a fixed reflection maps Haar(O(d)) onto Haar(SO(d)).
    if (q.determinant() < 0) q.col(0) *= -1.0;
    Matrix m{d, std::vector<double>(d * d)};
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j) m.a[i * d + j] = q(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    return m;
}

Matrix stabiliser_rotation(std::size_t d, std::size_t fixed, std::uint64_t seed, std::uint64_t index) {
    if (d < 3) throw Error("the stabiliser of a vector in SO(d) is SO(d-1), trivial for d < 3; got d = " + std::to_string(d));
    if (fixed >= d) throw Error("the fixed axis " + std::to_string(fixed) + " is not below d = " + std::to_string(d));
    const Matrix sub = haar_rotation(d - 1, seed, index);
    Matrix m{d, std::vector<double>(d * d, 0.0)};
    m.a[fixed * d + fixed] = 1.0;
    auto other = [fixed](std::size_t i) { return i < fixed ? i : i + 1; };
    for (std::size_t i = 0; i + 1 < d; ++i)
        for (std::size_t j = 0; j + 1 < d; ++j) m.a[other(i) * d + other(j)] = sub(i, j);
    return m;
}

void require_rotation(const Matrix& r, std::size_t d, const std::string& what) {
    if (r.dim != d || r.a.size() != d * d)
        throw Error(what + " must be a " + std::to_string(d) + "x" + std::to_string(d) + " matrix; got dimension " +
                    std::to_string(r.dim));
    Eigen::MatrixXd m(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j) m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = r(i, j);
    const double off = (m.transpose() * m - Eigen::MatrixXd::Identity(m.rows(), m.cols())).cwiseAbs().maxCoeff();
    if (!(off <= 1e-10)) throw Error(what + " is not orthogonal (|R^T R - 1| = " + std::to_string(off) + "): give a rotation");
    if (!(std::abs(m.determinant() - 1.0) <= 1e-10))
        throw Error(what + " has determinant " + std::to_string(m.determinant()) + ", not +1: give a proper rotation");
}

ReplicaTables replica_tables(const sampler::EnsembleConfig& c, const sampler::EnsembleState& s,
                             const std::vector<double>& output_mean) {
    const std::size_t dout = c.net.d_out, points = c.inputs.count() * dout;
    if (!output_mean.empty() && output_mean.size() != dout)
        throw Error("the output mean has " + std::to_string(output_mean.size()) + " entries; give one per output (" +
                    std::to_string(dout) + ")");
    ReplicaTables t;
    t.table = sampler::TupleTable(points, c.max_n);
    t.d_out = dout;
    const sampler::MomentReplicas m = sampler::moment_replicas(c, s);
    t.replicas = m.replicas;
    // Raw moments of f + μ = (f − shift) + (shift + μ): the run's own un-shifting with a larger shift.
    std::vector<double> shift = s.shift;
    if (!output_mean.empty())
        for (std::size_t p = 0; p < points; ++p) shift[p] += output_mean[p % dout];
    for (int n = 2; n <= c.max_n; n += 2) {
        std::vector<double> raw(t.table.count(n) * t.replicas), con(t.table.count(n) * t.replicas);
        sampler::unshift_moments(t.table, m.value, t.replicas, shift, n, raw);
        sampler::cumulants_from_moments(t.table, m.value, t.replicas, n, con);
        t.tables["g" + std::to_string(n)] = std::move(raw);
        t.tables["g" + std::to_string(n) + "_connected"] = std::move(con);
    }
    return t;
}

sampler::EnsembleState run_checked_ensemble(const sampler::EnsembleConfig& config, unsigned threads,
                                            const ProgressFn& progress, const std::string& what) {
    sampler::validate(config);
    const double points = static_cast<double>(config.inputs.count() * config.net.d_out);
    double slots = 0;
    for (int n = 1; n <= config.max_n; ++n) slots += sampler::TupleTable::count_tuples(points, n);
    if (slots > 5e6)
        throw SizeLimitError("the moments of order <= " + std::to_string(config.max_n) + " over " +
                                 std::to_string(static_cast<long long>(points)) + " output points have " +
                                 std::to_string(static_cast<long long>(slots)) +
                                 " components (limit 5e6): use fewer inputs, outputs or a lower order",
                             slots);
    const double work = static_cast<double>(config.networks) *
                        (slots + static_cast<double>(config.net.width * (config.net.d_in + config.net.d_out + 1)) *
                                     static_cast<double>(config.inputs.count()));
    if (work > 2e12)
        throw SizeLimitError("about " + std::to_string(work) +
                                 " operations (hours on a few cores): use fewer networks or a smaller width",
                             work);
    sampler::EnsembleState state = sampler::initial_state(config);
    sampler::RunOptions ro;
    ro.threads = std::max(1u, threads);
    if (progress)
        ro.progress = [&progress, &what](std::uint64_t done, std::uint64_t total) { progress(done, total, what); };
    sampler::run_ensemble(config, state, ro);
    return state;
}

ReplicaTables sample_replica_tables(const sampler::EnsembleConfig& config, unsigned threads,
                                    const std::vector<double>& output_mean, const ProgressFn& progress,
                                    const std::string& what) {
    return replica_tables(config, run_checked_ensemble(config, threads, progress, what), output_mean);
}

std::vector<double> rotate_outputs(const sampler::TupleTable& table, int n, std::size_t d_out, const Matrix& r,
                                   const std::vector<double>& values, std::size_t replicas) {
    if (d_out < 2) throw Error("an SO(d_out) rotation needs d_out >= 2 outputs; got d_out = " + std::to_string(d_out));
    require_rotation(r, d_out, "the output rotation");
    if (table.points() % d_out != 0) throw Error("the tuple table's points are not a multiple of d_out");
    if (values.size() != table.count(n) * replicas) throw Error("the correlator table does not match its tuple table");
    const std::size_t inputs = table.points() / d_out;
    std::size_t block = 1;
    for (int i = 0; i < n; ++i) block *= d_out;
    const std::size_t first = table.offset(n);
    std::vector<double> out(values.size(), 0.0);
    std::vector<double> a(block * replicas), b(block * replicas);
    std::vector<std::uint16_t> p(static_cast<std::size_t>(n)), k(static_cast<std::size_t>(n));
    const sampler::TupleTable input_tuples(inputs, n);
    // One dense block A[k1..kn] per non-decreasing input tuple (m1..mn); rotate it one mode at a time.
    for (std::size_t s = input_tuples.offset(n); s < input_tuples.offset(n + 1); ++s) {
        const std::vector<std::uint16_t> m = input_tuples.tuple(s);
        // Index multi-index → flat: k1 is the most significant digit.
        for (std::size_t flat = 0; flat < block; ++flat) {
            std::size_t rest = flat;
            for (int i = n - 1; i >= 0; --i) {
                k[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(rest % d_out);
                rest /= d_out;
            }
            for (int i = 0; i < n; ++i)
                p[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(m[static_cast<std::size_t>(i)] * d_out + k[static_cast<std::size_t>(i)]);
            std::vector<std::uint16_t> sorted = p;
            std::sort(sorted.begin(), sorted.end());
            const std::size_t slot = table.slot(sorted.data(), n) - first;
            std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(slot * replicas), replicas, a.begin() + static_cast<std::ptrdiff_t>(flat * replicas));
        }
        std::size_t stride = block / d_out;  // stride of mode 0 (in multi-indices)
        for (int mode = 0; mode < n; ++mode, stride /= d_out) {
            std::fill(b.begin(), b.end(), 0.0);
            for (std::size_t flat = 0; flat < block; ++flat) {
                const std::size_t kk = (flat / stride) % d_out, base = flat - kk * stride;
                double* dst = b.data() + flat * replicas;
                for (std::size_t l = 0; l < d_out; ++l) {
                    const double w = r(kk, l);
                    const double* src = a.data() + (base + l * stride) * replicas;
                    for (std::size_t q = 0; q < replicas; ++q) dst[q] += w * src[q];
                }
            }
            std::swap(a, b);
        }
        // Each non-decreasing output tuple is the block entry whose k's do not decrease within equal m's.
        for (std::size_t flat = 0; flat < block; ++flat) {
            std::size_t rest = flat;
            for (int i = n - 1; i >= 0; --i) {
                k[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(rest % d_out);
                rest /= d_out;
            }
            bool canonical = true;
            for (int i = 1; i < n && canonical; ++i)
                canonical = m[static_cast<std::size_t>(i)] != m[static_cast<std::size_t>(i - 1)] ||
                            k[static_cast<std::size_t>(i)] >= k[static_cast<std::size_t>(i - 1)];
            if (!canonical) continue;
            for (int i = 0; i < n; ++i)
                p[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(m[static_cast<std::size_t>(i)] * d_out + k[static_cast<std::size_t>(i)]);
            const std::size_t slot = table.slot(p.data(), n) - first;
            std::copy_n(a.begin() + static_cast<std::ptrdiff_t>(flat * replicas), replicas, out.begin() + static_cast<std::ptrdiff_t>(slot * replicas));
        }
    }
    return out;
}

DeviationTable output_rotation_deviation(const ReplicaTables& t, const std::string& name, const Matrix& r) {
    const int n = order_of(name);
    const std::vector<double>& v = table_of(t, name);
    DeviationTable d;
    d.name = name;
    d.replicas = t.replicas;
    d.d = rotate_outputs(t.table, n, t.d_out, r, v, t.replicas);
    const std::size_t count = t.table.count(n);
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t q = 0; q < t.replicas; ++q) d.d[i * t.replicas + q] -= v[i * t.replicas + q];
        d.indices.push_back(t.table.numeric_tuple(t.table.offset(n) + i));
        d.reference.push_back(v[i * t.replicas]);
    }
    return d;
}

DeviationTable paired_input_deviation(const ReplicaTables& t, const std::string& name, std::size_t half) {
    const int n = order_of(name);
    const std::vector<double>& v = table_of(t, name);
    if (half == 0 || 2 * half != t.table.points())
        throw Error("paired inputs need the original points followed by as many transformed ones; got " +
                    std::to_string(t.table.points()) + " points, half " + std::to_string(half));
    DeviationTable d;
    d.name = name;
    d.replicas = t.replicas;
    const std::size_t first = t.table.offset(n);
    for (std::size_t i = 0; i < t.table.count(n); ++i) {
        std::vector<std::uint16_t> tup = t.table.tuple(first + i);
        if (tup.back() >= half) continue;  // tuples are non-decreasing: all points among the originals
        std::vector<std::uint16_t> moved = tup;
        for (auto& p : moved) p = static_cast<std::uint16_t>(p + half);
        const std::size_t j = t.table.slot(moved.data(), n) - first;
        for (std::size_t q = 0; q < t.replicas; ++q) d.d.push_back(v[j * t.replicas + q] - v[i * t.replicas + q]);
        d.reference.push_back(v[i * t.replicas]);
        d.indices.emplace_back(tup.begin(), tup.end());
    }
    return d;
}

DeviationStats deviation_stats(const DeviationTable& d, bool expect_zero, double alpha) {
    if (!(alpha > 0 && alpha < 0.5)) throw Error("the test size alpha must lie in (0, 0.5)");
    const std::size_t reps = d.replicas;
    if (reps < 9)
        throw Error("a deviation test needs at least 8 jackknife groups with networks; sample at least " +
                    std::to_string(8 * sampler::kBlockSize) + " networks");
    const std::size_t groups = reps - 1, comps = d.reference.size();
    DeviationStats st;
    st.name = d.name;
    st.expect_zero = expect_zero;
    // Normalised jackknife deviations A[i][g]: the estimated correlation matrix of the pulls is A Aᵀ.
    std::vector<double> a;
    double ss_d = 0, ss_t = 0, ss_e = 0, chi2 = 0;
    const double jk = std::sqrt(static_cast<double>(groups - 1) / static_cast<double>(groups));
    for (std::size_t i = 0; i < comps; ++i) {
        const double* row = d.d.data() + i * reps;
        const double err = numeric::jackknife_error(std::span<const double>(row + 1, groups));
        ss_t += d.reference[i] * d.reference[i];
        ss_d += row[0] * row[0];
        ss_e += err * err;
        if (!(err > 0)) continue;  // a component that no replica moves carries no statistical information
        double mean = 0;
        for (std::size_t g = 1; g <= groups; ++g) mean += row[g];
        mean /= static_cast<double>(groups);
        for (std::size_t g = 1; g <= groups; ++g) a.push_back(jk * (row[g] - mean) / err);
        const double z = row[0] / err;
        chi2 += z * z;
        if (std::abs(z) > st.max_pull) {
            st.max_pull = std::abs(z);
            st.max_pull_at = d.indices[i];
        }
        ++st.components;
    }
    if (st.components == 0) throw Error("table " + d.name + " has no component with a non-zero error: sample more networks");
    const double k = static_cast<double>(st.components);
    // tr(C²) = ‖AᵀA‖²_F (G × G); Satterthwaite: Σ z² ≈ (tr C² / tr C) χ²_ν with ν = (tr C)² / tr C².
    Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> am(
        a.data(), static_cast<Eigen::Index>(st.components), static_cast<Eigen::Index>(groups));
    const Eigen::MatrixXd gram = am.transpose() * am;
    const double tr_c2 = gram.squaredNorm();
    st.effective_dof = k * k / tr_c2;
    st.chi2_per_dof = chi2 / k;
    st.p_value = boost::math::gamma_q(st.effective_dof / 2.0, st.chi2_per_dof * st.effective_dof / 2.0);
    st.significance = st.p_value >= 0.5 ? 0.0
                      : st.p_value > 0 ? std::min(kMaxSignificance, std::sqrt(2.0) * boost::math::erfc_inv(2.0 * st.p_value))
                                       : kMaxSignificance;
    // Jackknife pulls follow Student's t with G − 1 degrees of freedom; Bonferroni over the components.
    const boost::math::students_t t(static_cast<double>(groups - 1));
    st.max_pull_threshold = boost::math::quantile(boost::math::complement(t, alpha / (2.0 * k)));
    st.relative_size = ss_t > 0 ? std::sqrt(ss_d / ss_t) : 0.0;
    st.relative_error = ss_t > 0 ? std::sqrt(ss_e / ss_t) : 0.0;
    st.consistent_with_zero = st.p_value >= alpha && st.max_pull <= st.max_pull_threshold;
    return st;
}

bool SymmetryTest::passed() const {
    bool ok = !sampled.empty() || !exact.empty();
    for (const auto& s : sampled) ok = ok && s.as_expected();
    for (const auto& e : exact) ok = ok && e.passed;
    return ok;
}

}  // namespace nnft::eft
