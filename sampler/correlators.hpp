#pragma once
/// \file Correlator tables (raw moments and connected parts) with errors, and their JSON form.
#include "sampler/ensemble.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace nnft::sampler {

/// One correlator component: indices (non-decreasing output points), value and error.
struct CorrelatorEntry {
    std::vector<std::uint16_t> indices;  ///< the tuple
    double value = 0.0;                  ///< estimate
    double error = 0.0;                  ///< standard error (sampled) or quadrature error (exact)
};

/// Named correlator lists in output order: g2, g2_connected, g4, g4_connected, g6, g6_connected.
struct Correlators {
    std::vector<std::pair<std::string, std::vector<CorrelatorEntry>>> tables;  ///< (name, entries)
    /// The entries of a table; throws nnft::InternalError if absent.
    const std::vector<CorrelatorEntry>& at(const std::string& name) const;
};

/// Moments of the centred outputs (y − state.shift) over every slot of the run's tuple table, per
/// jackknife replica: value[slot * replicas + r], replica 0 from all networks, replica 1+k without the
/// k-th non-empty group (only replica 0 when fewer than two groups hold networks).
struct MomentReplicas {
    std::size_t replicas = 0;   ///< 1 + number of leave-one-group-out replicas
    std::vector<double> value;  ///< [slot * replicas + r]
};

/// The jackknife moment replicas of a run (throws nnft::Error when no network was sampled).
MomentReplicas moment_replicas(const EnsembleConfig& config, const EnsembleState& state);

/// Raw and connected correlators of a finished (or partial) run, with delete-one-group jackknife
/// errors (the connected parts are recomputed on every jackknife sample).
Correlators correlators_from_state(const EnsembleConfig& config, const EnsembleState& state);

/// Run the whole ensemble of `config` in memory on `threads` threads (no checkpoints) and return its
/// correlators: the short-run path of checks, fits and tables.
Correlators sample_correlators(const EnsembleConfig& config, unsigned threads);

/// {"g2": [{"indices": […], "value": v, "error": e}, …], …}.
nlohmann::json correlators_to_json(const Correlators& c);

}  // namespace nnft::sampler
