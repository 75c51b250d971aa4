#pragma once
/// \file Correlator tables (raw moments and connected parts) with errors, and their JSON form.
#include "numeric/tuples.hpp"
#include "sampler/ensemble.hpp"
#include "sampler/tuples.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace nnft::sampler {

/// One correlator component: indices (non-decreasing output points), value and error.
struct CorrelatorEntry {
    numeric::Tuple indices;            ///< the tuple (the tuple type shared by the modules)
    double value = 0.0;                ///< estimate
    double error = 0.0;                ///< standard error (sampled) or quadrature error (exact)
    std::vector<double> jackknife{};   ///< sampled: the estimate without jackknife group g, per group; exact: empty
};

/// Correlator entries with lookup by tuple. Entries are keyed by their tuple as stored (non-decreasing in
/// every nnft table); a query in any index order is sorted first. Adding an entry whose tuple is present
/// replaces that entry, so a table built from a list keeps the last entry of each tuple.
class CorrelatorTable {
public:
    /// An empty table.
    CorrelatorTable() = default;
    /// The table of `entries` (in their order).
    explicit CorrelatorTable(const std::vector<CorrelatorEntry>& entries);
    /// Add `entry`, or replace the entry with the same tuple.
    void insert_or_assign(CorrelatorEntry entry);
    /// The entry of `tuple` (any index order), or nullptr when the table has none.
    const CorrelatorEntry* find(const numeric::Tuple& tuple) const;
    /// The entry of `tuple` (any index order), or nullptr when the table has none (mutable).
    CorrelatorEntry* find(const numeric::Tuple& tuple);
    /// The entry of `tuple` (any index order); throws nnft::InternalError when the table has none.
    const CorrelatorEntry& at(const numeric::Tuple& tuple) const;
    /// The entries in the order they were added.
    const std::vector<CorrelatorEntry>& entries() const { return entries_; }
    /// Number of entries.
    std::size_t size() const { return entries_.size(); }
    /// True when the table has no entry.
    bool empty() const { return entries_.empty(); }
    /// Jackknife groups of the first entry (in tuple order) that carries estimates; 0 when none does (exact data).
    std::size_t jackknife_groups() const;

private:
    std::vector<CorrelatorEntry> entries_;
    std::map<numeric::Tuple, std::size_t> index_;  // stored tuple -> position in entries_
};

/// Named correlator lists in output order: g2, g2_connected, g4, g4_connected, g6, g6_connected.
struct Correlators {
    std::vector<std::pair<std::string, std::vector<CorrelatorEntry>>> tables;  ///< (name, entries)
    /// The entries of a table; throws nnft::InternalError if absent.
    const std::vector<CorrelatorEntry>& at(const std::string& name) const;
    /// The table `name` with lookup by tuple (empty when there is no such table).
    CorrelatorTable table(const std::string& name) const;
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

/// The tables g2, g2_connected, g4, … up to max_n from cumulants evaluated on two quadrature rules,
/// kappa[slot * 2 + r] over all slots of `points` (r = 0 the finer rule, 1 the coarser): value from the finer
/// rule, error |finer − coarser|, raw moments from the cumulants. Throws nnft::Error on a non-finite value.
Correlators correlators_from_two_rules(const TupleTable& points, std::span<const double> kappa, int max_n);

/// The same from cumulants on `shifts` randomly shifted rules, kappa[slot * shifts + r]: value the mean over the rules
/// (raw moments rebuilt on each), error its standard error (the sample standard deviation / √shifts).
Correlators correlators_from_shifted_rules(const TupleTable& points, std::span<const double> kappa, std::size_t shifts,
                                           int max_n);

/// Raw and connected correlators of a finished (or partial) run, with delete-one-group jackknife
/// errors (the connected parts are recomputed on every jackknife sample).
Correlators correlators_from_state(const EnsembleConfig& config, const EnsembleState& state);

/// Run the whole ensemble of `config` in memory on `threads` threads (no checkpoints) and return its
/// correlators: the short-run path of checks, fits and tables.
Correlators sample_correlators(const EnsembleConfig& config, unsigned threads);

/// {"g2": [{"indices": […], "value": v, "error": e}, …], …}.
nlohmann::json correlators_to_json(const Correlators& c);

/// The tables whose jackknife estimates the sample document carries (what the coupling fits refit).
const std::vector<std::string>& jackknife_table_names();

/// {"groups": G, "g4_connected": [[v_1 … v_G] per entry in table order], "g6_connected": …} for the tables of
/// jackknife_table_names() present in `c`; null when the entries carry no jackknife estimates (exact data).
nlohmann::json jackknife_to_json(const Correlators& c);

/// Attach the estimates of a "jackknife" object (jackknife_to_json) to the entries of `c`; throws nnft::Error
/// naming the table when the lists do not match the tables (`what` names the file).
void jackknife_from_json(const nlohmann::json& j, Correlators& c, const std::string& what);

/// The document of `nnft sample` / `nnft merge`: {"config", "networks", "correlators", "jackknife"} ("jackknife"
/// left out when `with_jackknife` is false: 32 values per connected 4- and 6-point entry, most of the file).
nlohmann::json sample_document(const EnsembleConfig& config, const EnsembleState& state, bool with_jackknife = true);

/// What `nnft sample --out` writes: sample_document, plus the accumulator "state" when `config` is one shard of a
/// sharded run (config.shard_count > 1), for `nnft merge`.
nlohmann::json sample_output_document(const EnsembleConfig& config, const EnsembleState& state, bool with_jackknife = true);

/// Parse the text of a part document of a sharded run (sample_output_document of a shard), not yet converted
/// (config_from_json and state_from_json do that). `path` names the file in messages. Throws nnft::Error when
/// the text is not JSON ("part 'PATH' is corrupt") or not the output of one shard (no "config", "state" or
/// "config.shard").
nlohmann::json parse_shard_document(const std::string& text, const std::string& path);

/// The correlator tables of a correlator document (sample_document, or the `nnft exact` document), with the
/// jackknife estimates when it carries them. `what` names the source in errors (e.g. "data file 'x.json'");
/// throws nnft::Error naming the table and field when the document lacks "config" or "correlators", a table or
/// entry has the wrong shape or type (indices whole numbers >= 0, value and error numbers), or its "jackknife"
/// object does not match the tables.
Correlators read_correlator_document(const nlohmann::json& doc, const std::string& what);

/// Parse the text of a correlator document, not yet converted: callers may check its "config" first, then call
/// read_correlator_document. Throws nnft::Error naming `what` (e.g. "data file 'x.json'") when the text is not
/// JSON or lacks "config" or "correlators". Like a stream read, text after the first JSON value is ignored.
nlohmann::json parse_correlator_document(const std::string& text, const std::string& what);

}  // namespace nnft::sampler
