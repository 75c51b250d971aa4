#pragma once
/// \file Symmetry via duality (arXiv:2106.00694, docs/physics-setup.md §6): a transformation of inputs or outputs
/// that can be absorbed into the parameters without changing their density leaves every correlator
/// invariant at any width. Each test here estimates a deviation D = (transformed T) − T from ONE ensemble
/// (so that most noise cancels), with delete-one-group jackknife errors computed on D itself, and judges
/// it by a χ² over all components (effective degrees of freedom from the jackknife correlation) and a
/// look-elsewhere-corrected maximum pull.
#include "common/progress.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/tuples.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace nnft::eft {

/// A d × d real matrix, row-major: a[i * dim + j].
struct Matrix {
    std::size_t dim = 0;    ///< d
    std::vector<double> a;  ///< entries, row-major
    /// Entry (i, j).
    double operator()(std::size_t i, std::size_t j) const { return a[i * dim + j]; }
};

/// A Haar-random rotation of SO(d) (QR of a Gaussian matrix with the sign fix, det +1), reproducible from
/// (seed, index); throws nnft::Error for d < 2.
Matrix haar_rotation(std::size_t d, std::uint64_t seed, std::uint64_t index);

/// A Haar-random rotation of the SO(d − 1) that fixes basis vector `fixed` (the stabiliser of a mean along
/// e_fixed); throws nnft::Error for d < 3 or fixed ≥ d.
Matrix stabiliser_rotation(std::size_t d, std::size_t fixed, std::uint64_t seed, std::uint64_t index);

/// Throws nnft::Error unless `r` is d × d, orthogonal and of determinant +1 (to 1e-10).
void require_rotation(const Matrix& r, std::size_t d, const std::string& what);

/// Correlator tables of one ensemble per jackknife replica: tables[name][i * replicas + r] over the tuples
/// of length n (table order), replica 0 from all networks, 1.. leave-one-group-out.
struct ReplicaTables {
    sampler::TupleTable table{1, 1};  ///< tuples over the P = M · d_out output points
    std::size_t d_out = 1;            ///< outputs per input point (point p = m · d_out + k)
    std::size_t replicas = 0;         ///< 1 + jackknife replicas
    std::map<std::string, std::vector<double>> tables;  ///< "g2", "g2_connected", "g4", … up to max_n
};

/// The replica tables of a finished run. `output_mean` (d_out values, or empty) is added to the mean of
/// the output bias b1: since b1_k ~ N(μ_k, σ_b²) is μ_k plus the sampled zero-mean bias, this is exactly
/// the ensemble with that mean (raw moments of f + μ from those of f; connected parts are unchanged).
ReplicaTables replica_tables(const sampler::EnsembleConfig& config, const sampler::EnsembleState& state,
                             const std::vector<double>& output_mean = {});

/// Run an ensemble after checking its size (moment components ≤ 5·10⁶, total work ≤ 2·10¹² operations); the
/// networks sampled so far go to `progress` as the phase `what`.
sampler::EnsembleState run_checked_ensemble(const sampler::EnsembleConfig& config, unsigned threads,
                                            const ProgressFn& progress = {}, const std::string& what = "networks");

/// Run an ensemble (checked for size first) and return its replica tables; progress as in run_checked_ensemble.
ReplicaTables sample_replica_tables(const sampler::EnsembleConfig& config, unsigned threads,
                                    const std::vector<double>& output_mean = {}, const ProgressFn& progress = {},
                                    const std::string& what = "networks");

/// (R^{⊗n} T) over the output indices of every tuple of length n, all replicas (same layout as `values`).
std::vector<double> rotate_outputs(const sampler::TupleTable& table, int n, std::size_t d_out, const Matrix& r,
                                   const std::vector<double>& values, std::size_t replicas);

/// A deviation table: D per tuple and replica, and the reference T (replica 0) for its relative size.
struct DeviationTable {
    std::string name;                                 ///< e.g. "g4_connected"
    std::vector<numeric::Tuple> indices;              ///< the tuple of each component
    std::vector<double> d;                            ///< D[i * replicas + r]
    std::vector<double> reference;                    ///< T per component (all data)
    std::size_t replicas = 0;                         ///< as in ReplicaTables
};

/// D = R^{⊗n} T − T for the table `name` (n from its name).
DeviationTable output_rotation_deviation(const ReplicaTables& t, const std::string& name, const Matrix& r);

/// D(t) = T(t + half) − T(t) over the tuples t of the first `half` output points: the correlators at the
/// transformed inputs (the second half of the input set) minus those at the originals.
DeviationTable paired_input_deviation(const ReplicaTables& t, const std::string& name, std::size_t half_points);

/// Statistics of a deviation table.
struct DeviationStats {
    std::string name;                         ///< table name
    bool expect_zero = true;                  ///< what the symmetry predicts
    std::size_t components = 0;               ///< components tested
    double chi2_per_dof = 0.0;                ///< Σ (D/σ)² / components
    double effective_dof = 0.0;               ///< ν of the χ² (Satterthwaite, from the jackknife correlations)
    double p_value = 1.0;                     ///< P(χ² ≥ observed | D = 0)
    double significance = 0.0;                ///< the p-value in Gaussian σ (capped at 38)
    double max_pull = 0.0;                    ///< max |D/σ|
    numeric::Tuple max_pull_at;               ///< its tuple
    double max_pull_threshold = 0.0;          ///< Student-t(G−1) quantile at two-sided α / components
    double relative_size = 0.0;               ///< ‖D‖ / ‖T‖
    double relative_error = 0.0;              ///< ‖σ_D‖ / ‖T‖ (the resolution)
    bool consistent_with_zero = true;         ///< p ≥ α and max pull ≤ threshold
    /// Whether the outcome matches the prediction (zero: consistent; non-zero: not consistent).
    bool as_expected() const { return expect_zero == consistent_with_zero; }
};

/// Pulls, χ² and verdict of a deviation at test size α (both tests at α, so ≤ 2α overall).
DeviationStats deviation_stats(const DeviationTable& d, bool expect_zero, double alpha);

/// A deviation computed from exact finite-width correlators (no Monte Carlo noise).
struct ExactDeviationStats {
    std::string name;             ///< table name
    bool expect_zero = true;      ///< what the symmetry predicts
    double max_abs = 0.0;         ///< max |D|
    double max_relative = 0.0;    ///< max |D| / max |T|
    double max_error = 0.0;       ///< largest quadrature error of the D components
    bool passed = false;          ///< zero: max_relative ≤ 1e-10; non-zero: max_relative ≥ 1e-3 and ≫ errors
};

/// One symmetry statement tested on one ensemble.
struct SymmetryTest {
    std::string id;                             ///< e.g. "so_dout.rotation1"
    std::string description;                    ///< what is transformed and what is predicted
    std::uint64_t networks = 0;                 ///< ensemble size (0: exact)
    std::vector<DeviationStats> sampled;        ///< sampled deviations per table
    std::vector<ExactDeviationStats> exact;     ///< exact deviations per table
    /// Every table behaves as predicted.
    bool passed() const;
};

/// Smallest ensemble of the symmetry suite: two blocks of networks in every jackknife group.
inline constexpr std::uint64_t kMinSymmetryNetworks = 2 * sampler::kGroups * sampler::kBlockSize;

/// Sizes and seeds of the symmetry suite.
struct SymmetrySettings {
    std::string net = "gauss";         ///< activation of the SO(d_out) and SO(d_in) tests: a name, preset or expression
    std::size_t width = 1000;          ///< hidden width N of the SO(d_out) and SO(d_in) tests
    std::size_t translation_width = 200;  ///< hidden width of the Gauss-net translation test
    std::uint64_t networks = 65536;    ///< networks per ensemble (the SO(d_in) ensembles: half of it)
    std::uint64_t seed = 1;            ///< ensemble and rotation seed
    unsigned threads = 1;              ///< sampling threads
    std::size_t rotations = 2;         ///< Haar rotations per invariance test
    double output_mean = 0.5;          ///< μ of b1 in output row 0 for the breaking test
    double alpha = 1e-3;               ///< test size per table and criterion
    ProgressFn progress{};              ///< told the networks sampled, one phase per ensemble; empty: silent
    /// Laws replacing the activation's normal ones in the SO(d_out) and SO(d_in) ensembles (unset: those). A test
    /// accepts only laws that carry its symmetry (the others throw nnft::Error with the reason): SO(d_out) needs iid
    /// zero-mean normal output weights and bias (an iid law invariant under rotations is normal), SO(d_in) zero-mean
    /// normal first-layer weights (any bias law); the Gauss-net translation test takes none.
    std::optional<numeric::ParameterLaw> weights, biases, output_weights, output_bias;
};

/// Throws nnft::Error when the laws of `s` do not carry the symmetry that `tests` ("all", "output", "input",
/// "translation") predict (SymmetrySettings), naming the law and the reason; call before any sampling.
void check_symmetry_laws(const SymmetrySettings& s, const std::string& tests);

/// SO(d_out), d_out = 5: Haar rotations on G2, G4 (raw and connected, the paper's 6 Gauss-net inputs)
/// and G6 (two inputs); then the same ensemble with mean μ in row 0: stabiliser rotations still pass,
/// Haar rotations must be detected in the raw tables while the connected ones stay invariant.
std::vector<SymmetryTest> output_symmetry_tests(const SymmetrySettings& s);

/// SO(d_in), d_in = 2 and 3: correlators at Q·x against x (one ensemble over both sets), and a
/// volume-preserving stretch of the inputs as a control that must be detected.
std::vector<SymmetryTest> input_symmetry_tests(const SymmetrySettings& s);

/// The finite-N Gauss-net is not translation invariant (x → x + c): G2 = K is, G4_con is not — exact
/// finite-width correlators and a sampled ensemble.
std::vector<SymmetryTest> translation_tests(const SymmetrySettings& s);

/// One line per table: pulls, χ²/dof (ν), p-value, relative size and verdict.
std::string summary(const SymmetryTest& t);

/// The test as JSON: {"id", "description", "networks", "passed", "tables": [{…statistics…}], "exact": […]}.
nlohmann::json to_json(const SymmetryTest& t);

}  // namespace nnft::eft
