#pragma once
/// \file Streaming Monte Carlo over an ensemble of random networks: mergeable moment accumulators,
/// deterministic for any thread count, batch size, checkpoint/resume or sharding.
///
/// Work is cut into fixed blocks of kBlockSize networks (network g uses stream g of the seed). Each
/// block's moment sums are added, in block order, to the compensated (double-double) sums of group
/// (block mod kGroups); the groups give delete-one-group jackknife errors. The outputs are centred by a
/// fixed shift (the mean output of the first kPilot networks; the exact mean μ_b where the conditioned estimator
/// sums covariance monomials), which leaves cumulants of order ≥ 2
/// unchanged and keeps the raw sums of the same size as the fluctuations, so that connected parts are
/// not small differences of large numbers.
#include "numeric/stats.hpp"
#include "sampler/network.hpp"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

namespace nnft::sampler {

/// Networks per block (the unit of work and of determinism).
inline constexpr std::uint64_t kBlockSize = 256;
/// Most networks in one run (10^18: block and shard arithmetic stays far from 2^64; documents are held to it too).
inline constexpr std::uint64_t kMaxNetworks = 1000000000000000000ULL;
/// Jackknife groups.
inline constexpr std::size_t kGroups = 32;
/// Networks used to fix the centring shift.
inline constexpr std::uint64_t kPilot = 256;

/// What to sample.
struct EnsembleConfig {
    NetworkSpec net;                ///< architecture and parameter law
    InputSet inputs;                ///< the M input points
    int max_n = 6;                  ///< largest correlator order (2, 4 or 6)
    std::uint64_t seed = 1;         ///< generator seed
    std::uint64_t networks = 0;     ///< networks in the whole run (all shards)
    std::uint32_t shard_index = 0;  ///< this part (0-based)
    std::uint32_t shard_count = 1;  ///< number of parts
    bool conditioned = false;       ///< integrate the Gaussian output layer analytically (conditioned.hpp)
    DeepSampling deep = DeepSampling::automatic;  ///< how hidden layers after the first are drawn (network.hpp)
};


/// The estimators of `nnft sample --estimator` (docs/methods/sampling.md#estimators).
enum class Estimator {
    automatic,   ///< auto: conditioned where it applies and is cheap (auto_conditioned), else plain
    plain,       ///< sample every layer
    conditioned  ///< integrate the Gaussian output layer analytically
};
/// Parse "auto", "plain" or "conditioned"; throws nnft::Error naming the choices.
Estimator parse_estimator(const std::string& text);
/// What `auto` picks for `config` (whose `conditioned` is ignored): the conditioned estimator when the output
/// layer is Gaussian (it applies) and its conditional mean is constant (output μ_W = 0) with no more covariance
/// monomials than the per-network recursion has terms — then it costs about what the plain estimator costs per
/// network and has a smaller variance for every correlator (Rao–Blackwell) — else the plain one.
bool auto_conditioned(const EnsembleConfig& config);
/// config.conditioned for `estimator` (automatic: auto_conditioned).
void set_estimator(EnsembleConfig& config, Estimator estimator);

/// Check a configuration (network, inputs, max_n ∈ {2,4,6}, networks ≥ 1, shard index < count).
void validate(const EnsembleConfig& config);

/// Bytes needed to sample `config` on `threads` threads (accumulators, jackknife tables, scratch).
double estimate_memory_bytes(const EnsembleConfig& config, unsigned threads);

/// Throw nnft::SizeLimitError (naming --max-memory-gb and the fixes) when sampling `config` on `threads` threads
/// needs more than `max_memory_gb` GB.
void check_memory(const EnsembleConfig& config, unsigned threads, double max_memory_gb);

/// The accumulated state of a run (or a part of one); mergeable and serialisable.
struct EnsembleState {
    std::uint64_t first_block = 0;  ///< first block of this part
    std::uint64_t end_block = 0;    ///< one past the last block of this part
    std::uint64_t next_block = 0;   ///< next block to process (== end_block when done)
    std::vector<double> shift;      ///< centring shift per output point
    std::vector<std::uint64_t> group_networks;       ///< networks per jackknife group
    std::vector<numeric::CompensatedSum> sums;       ///< [group * slots + slot]
    /// Networks accumulated so far.
    std::uint64_t networks() const;
    /// Whether every block of the part has been processed.
    bool done() const { return next_block == end_block; }
};

/// A fresh state for `config` (the shift: μ_b for the conditioned estimator by monomials, else the mean of the
/// first kPilot networks of the whole run).
EnsembleState initial_state(const EnsembleConfig& config);

/// Hooks and knobs of a run.
struct RunOptions {
    unsigned threads = 1;              ///< worker threads
    std::size_t blocks_per_round = 0;  ///< blocks between merges (0: 8 per thread); never changes results
    double checkpoint_interval_s = 0;  ///< call `checkpoint` at least this often (0: never)
    std::function<void(const EnsembleState&)> checkpoint;        ///< called with a consistent state
    std::function<void(std::uint64_t, std::uint64_t)> progress;  ///< (networks done, networks total)
    std::uint64_t stop_after_blocks = 0;  ///< stop early after this many blocks (0: run to the end; tests)
    /// Asked after every round (after `progress` and `checkpoint`): true stops the run there, leaving a consistent
    /// state that a later run_ensemble continues (front ends use it for Ctrl-C).
    std::function<bool()> stop;
};

/// Process the remaining blocks of `state`, calling the hooks between rounds.
void run_ensemble(const EnsembleConfig& config, EnsembleState& state, const RunOptions& options);

/// Combine finished parts (shards 0..n−1 of one run, in any order) into the state of one run.
EnsembleState merge_states(const EnsembleConfig& whole, std::vector<EnsembleState> parts);

/// The network and inputs as JSON fields (net, width, din, dout, σ/μ, inputs), shared by sample and exact.
nlohmann::json network_to_json(const NetworkSpec& net, const InputSet& inputs);

/// {"weights", "biases", "output_weights", "output_bias"}: the four parameter laws' texts (the "laws" object of the
/// documents of networks whose laws are not the paper's).
nlohmann::json laws_to_json(const NetworkSpec& net);
/// The configuration as JSON (the "config" object of the output); shard fields only when sharded.
nlohmann::json config_to_json(const EnsembleConfig& config);
/// Parse a configuration written by config_to_json; throws nnft::Error if malformed.
EnsembleConfig config_from_json(const nlohmann::json& j);
/// The format tag of state_to_json: bumped whenever the networks' random stream changes (2: nnft's own
/// Box–Muller replaced SLEEF's, changing the normals' last bits), so that old states are refused.
inline constexpr const char* kStateFormat = "nnft-sampler-state-3";
/// Throws nnft::Error unless `format` is `current` (a "<family>-<version>" tag); `what` names the file in the
/// message: an earlier version of the family comes from an older nnft (another random stream), a later one
/// from a newer nnft, anything else is unknown.
void check_format(const std::string& what, const std::string& format, const std::string& current);
/// The state as JSON (exact round trip of every double), tagged kStateFormat.
nlohmann::json state_to_json(const EnsembleState& state);
/// Parse and check a state for `config`; throws nnft::Error naming what is corrupt or mismatched.
EnsembleState state_from_json(const nlohmann::json& j, const EnsembleConfig& config);

}  // namespace nnft::sampler
