#pragma once
/// \file The 1/N expansion of a deep network's correlators (docs/methods/deep-expansion.md): the layer
/// recursions for the kernel K^(ℓ), its O(1/N) correction K1^(ℓ) and the four-point vertex V^(ℓ)
/// (Yaida, arXiv:1910.00019; Roberts, Yaida, Hanin, arXiv:2106.10165, ch. 4), for hidden widths N_ℓ, zero-mean
/// parameter laws (non-Gaussian first-layer laws exactly, non-Gaussian hidden weights through their fourth
/// cumulant, normal biases beyond the first layer) and any activation. The output's G2 = K + K1/N + O(1/N²) and
/// G4_con = (1/N) Σ_3 V + O(1/N²); odd correlators vanish.
#include "common/progress.hpp"
#include "sampler/correlators.hpp"
#include "sampler/network.hpp"

#include <Eigen/Dense>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

namespace nnft::sampler {

/// What `nnft expand` computes.
struct DeepExpansionConfig {
    NetworkSpec net;            ///< depth L ≥ 1, zero-mean laws with finite κ₄ (hidden biases normal when L > 1)
    InputSet inputs;            ///< the M input points
    int max_n = 4;              ///< 2 or 4
    bool kink_at_zero = false;  ///< σ is not smooth at 0 (relu, step or abs expressions): rules split there
    unsigned threads = 1;       ///< threads for the pair derivatives and four-point expectations (the result does not depend on it)
    /// Include the same-unit fourth cumulant of non-Gaussian hidden weights (their O(1/N) term in K1). Off only to
    /// measure that term (an ablation: tests show sampled networks resolve it); the output layer's is always in.
    bool hidden_weight_cumulants = true;
    ProgressFn progress{};       ///< told each layer done ("layers", fine rule then coarse: 2 × depth); empty: silent
};

/// The coefficients of one layer ℓ on the M inputs.
struct DeepLayer {
    Eigen::MatrixXd kernel;    ///< K^(ℓ), M × M
    Eigen::MatrixXd kernel_1;  ///< K1^(ℓ): the metric is K + K1/N + O(1/N²)
    Eigen::MatrixXd vertex;    ///< V^(ℓ) over input pairs (input_pair_index), P × P with P = M(M+1)/2
    /// Output layer with non-Gaussian output weights: the same-unit fourth cumulant κ₄(w_out)·E[σ_aσ_bσ_cσ_d] (per
    /// 1/N, over the last hidden layer) for each sorted input quadruple; empty for normal output weights.
    std::map<std::array<std::size_t, 4>, double> unit_cumulant;
};

/// The recursion's result: layers ℓ = 1 … L+1 (the output last) on the finer rule, and on the coarser rule
/// (their difference is the error estimate of every coefficient).
struct DeepExpansion {
    std::vector<DeepLayer> fine;    ///< the finer rule
    std::vector<DeepLayer> coarse;  ///< the coarser rule
    bool homogeneous_reduction = false;  ///< computed on one direction and scaled (σ homogeneous, σ_b = 0, collinear inputs)
};

/// The index of the unordered input pair {a, b} (a, b < m) in DeepLayer::vertex.
std::size_t input_pair_index(std::size_t a, std::size_t b, std::size_t m);

/// Throw nnft::Error (naming the problem and the fix) unless the expansion is defined and its size is
/// reasonable: depth ≥ 1, not Gauss-net, zero-mean laws with finite κ₄ (normal hidden biases when L > 1), max_n 2 or 4, distinct non-collinear inputs
/// where σ needs them, and a vertex that fits in memory.
void validate(const DeepExpansionConfig& config);

/// Run the recursions (validates first).
DeepExpansion deep_expansion(const DeepExpansionConfig& config);

/// The correlator tables of the output (g2, g2_connected, g4, g4_connected up to max_n; error = |fine − coarse|).
Correlators deep_correlators(const DeepExpansionConfig& config, const DeepExpansion& expansion);

/// The document of `nnft expand`: {"config" (with "method": "1/N expansion", "order": "1/N"), "networks": 0,
/// "correlators", "coefficients"} — the same shape as `nnft exact`, read back by read_correlator_document.
nlohmann::json deep_document(const DeepExpansionConfig& config, const DeepExpansion& expansion,
                             const Correlators& correlators);

}  // namespace nnft::sampler
