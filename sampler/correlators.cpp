#include "sampler/correlators.hpp"

#include "common/error.hpp"
#include "numeric/stats.hpp"
#include "sampler/cumulants.hpp"
#include "sampler/tuples.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <sstream>

namespace nnft::sampler {

namespace {
const char* const kRawNames[] = {"g2", "g4", "g6"};
const char* const kConnectedNames[] = {"g2_connected", "g4_connected", "g6_connected"};
// Relative rounding floor of an error (of the terms' magnitude): the per-network sums over neurons and the sums
// over networks each lose a few units of 2⁻⁵³ per term; 1e-13 covers 10⁵ terms of random rounding with a margin.
constexpr double kRoundingFloor = 1e-13;
}  // namespace

const std::vector<CorrelatorEntry>& Correlators::at(const std::string& name) const {
    for (const auto& [n, e] : tables)
        if (n == name)
            return e;
    throw InternalError("no correlator table '" + name + "'");
}

CorrelatorTable::CorrelatorTable(const std::vector<CorrelatorEntry>& entries) {
    for (const auto& e : entries) insert_or_assign(e);
}

void CorrelatorTable::insert_or_assign(CorrelatorEntry entry) {
    const auto [it, added] = index_.try_emplace(entry.indices, entries_.size());
    if (added)
        entries_.push_back(std::move(entry));
    else
        entries_[it->second] = std::move(entry);
}

const CorrelatorEntry* CorrelatorTable::find(const numeric::Tuple& tuple) const {
    numeric::Tuple key = tuple;
    std::sort(key.begin(), key.end());
    const auto it = index_.find(key);
    return it == index_.end() ? nullptr : &entries_[it->second];
}

CorrelatorEntry* CorrelatorTable::find(const numeric::Tuple& tuple) {
    return const_cast<CorrelatorEntry*>(std::as_const(*this).find(tuple));
}

const CorrelatorEntry& CorrelatorTable::at(const numeric::Tuple& tuple) const {
    if (const CorrelatorEntry* e = find(tuple)) return *e;
    std::string list;
    for (int k : tuple) list += (list.empty() ? "" : ",") + std::to_string(k);
    throw InternalError("no correlator entry for the tuple (" + list + ")");
}

std::size_t CorrelatorTable::jackknife_groups() const {
    for (const auto& [tuple, i] : index_)
        if (!entries_[i].jackknife.empty()) return entries_[i].jackknife.size();
    return 0;
}

CorrelatorTable Correlators::table(const std::string& name) const {
    CorrelatorTable t;
    for (const auto& [n, entries] : tables)
        if (n == name)
            for (const auto& e : entries) t.insert_or_assign(e);
    return t;
}

MomentReplicas moment_replicas(const EnsembleConfig& c, const EnsembleState& s) {
    const std::size_t slots = TupleTable(c.inputs.count() * c.net.d_out, c.max_n).size();
    // Replica 0: all data; replica 1+k: all data without the k-th non-empty group.
    std::vector<std::size_t> groups;
    for (std::size_t g = 0; g < kGroups; ++g)
        if (s.group_networks[g] > 0)
            groups.push_back(g);
    if (groups.empty())
        throw Error("no networks have been sampled yet: run more networks");
    MomentReplicas m;
    m.replicas = 1 + (groups.size() >= 2 ? groups.size() : 0);
    const std::size_t reps = m.replicas;
    std::vector<double> total(slots);
    const double n_all = static_cast<double>(s.networks());
    for (std::size_t i = 0; i < slots; ++i) {
        numeric::CompensatedSum acc;
        for (std::size_t g : groups)
            acc.merge(s.sums[g * slots + i]);
        total[i] = acc.value();
    }
    m.value.resize(slots * reps);
    for (std::size_t i = 0; i < slots; ++i) {
        m.value[i * reps] = total[i] / n_all;
        for (std::size_t k = 1; k < reps; ++k) {
            const std::size_t g = groups[k - 1];
            m.value[i * reps + k] =
                (total[i] - s.sums[g * slots + i].value()) / (n_all - static_cast<double>(s.group_networks[g]));
        }
    }
    return m;
}

Correlators correlators_from_state(const EnsembleConfig& c, const EnsembleState& s) {
    const TupleTable table(c.inputs.count() * c.net.d_out, c.max_n);
    const MomentReplicas mr = moment_replicas(c, s);
    const std::size_t reps = mr.replicas;
    const std::vector<double>& moments = mr.value;
    std::vector<double> absolute_moments(moments.size()), absolute_shift(s.shift.size());
    std::transform(moments.begin(), moments.end(), absolute_moments.begin(), [](double x) { return std::abs(x); });
    std::transform(s.shift.begin(), s.shift.end(), absolute_shift.begin(), [](double x) { return std::abs(x); });
    Correlators out;
    // The error: the jackknife's, but no less than the rounding of the sums, kRoundingFloor × the magnitude of the
    // terms that formed the value (a quantity that no network varies, e.g. the Gauss-net's G2(x, −x) with its
    // biases integrated, has a jackknife error of 0 but a rounding error of ~1e-14).
    auto emit = [&](const std::string& name, int n, const std::vector<double>& v, const std::vector<double>& magnitude) {
        std::vector<CorrelatorEntry> entries;
        entries.reserve(table.count(n));
        for (std::size_t i = 0; i < table.count(n); ++i) {
            CorrelatorEntry e;
            e.indices = table.numeric_tuple(table.offset(n) + i);
            e.value = v[i * reps];
            if (reps > 1) {
                e.jackknife.assign(v.begin() + static_cast<std::ptrdiff_t>(i * reps + 1),
                                   v.begin() + static_cast<std::ptrdiff_t>((i + 1) * reps));
                e.error = std::max(numeric::jackknife_error(e.jackknife), kRoundingFloor * magnitude[i * reps]);
            }
            entries.push_back(std::move(e));
        }
        out.tables.emplace_back(name, std::move(entries));
    };
    for (int n = 2; n <= c.max_n; n += 2) {
        std::vector<double> raw(table.count(n) * reps), con(table.count(n) * reps);
        unshift_moments(table, moments, reps, s.shift, n, raw);
        cumulants_from_moments(table, moments, reps, n, con);
        std::vector<double> raw_magnitude(raw.size()), con_magnitude(con.size());
        unshift_moments(table, absolute_moments, reps, absolute_shift, n, raw_magnitude);
        cumulant_term_magnitudes(table, absolute_moments, reps, n, con_magnitude);
        emit(kRawNames[n / 2 - 1], n, raw, raw_magnitude);
        emit(kConnectedNames[n / 2 - 1], n, con, con_magnitude);
    }
    return out;
}

nlohmann::json correlators_to_json(const Correlators& c) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [name, entries] : c.tables) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& e : entries)
            list.push_back({{"indices", e.indices}, {"value", e.value}, {"error", e.error}});
        j[name] = std::move(list);
    }
    return j;
}

const std::vector<std::string>& jackknife_table_names() {
    static const std::vector<std::string> names = {"g4_connected", "g6_connected"};
    return names;
}

nlohmann::json jackknife_to_json(const Correlators& c) {
    nlohmann::json j = nlohmann::json::object();
    std::size_t groups = 0;
    for (const auto& [name, entries] : c.tables) {
        const auto& names = jackknife_table_names();
        if (std::find(names.begin(), names.end(), name) == names.end() || entries.empty() || entries[0].jackknife.empty())
            continue;
        nlohmann::json list = nlohmann::json::array();
        for (const auto& e : entries) list.push_back(e.jackknife);
        groups = entries[0].jackknife.size();
        j[name] = std::move(list);
    }
    if (groups == 0) return nullptr;
    j["groups"] = groups;
    return j;
}

void jackknife_from_json(const nlohmann::json& j, Correlators& c, const std::string& what) {
    if (j.is_null()) return;
    if (!j.is_object() || !j.contains("groups") || !j["groups"].is_number_unsigned())
        throw Error(what + ": \"jackknife\" must be an object with \"groups\": rewrite the file with nnft sample");
    const std::size_t groups = j["groups"].get<std::size_t>();
    for (auto& [name, entries] : c.tables) {
        if (!j.contains(name)) continue;
        const auto& list = j[name];
        if (!list.is_array() || list.size() != entries.size())
            throw Error(what + ": jackknife." + name + " has " + std::to_string(list.size()) + " entries but correlators." + name +
                        " has " + std::to_string(entries.size()) + ": the file is corrupt; rewrite it with nnft sample");
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (!list[i].is_array() || !std::all_of(list[i].begin(), list[i].end(), [](const auto& v) { return v.is_number(); }))
                throw Error(what + ": jackknife." + name + "[" + std::to_string(i) + "] must be an array of numbers: the "
                                   "file is corrupt; rewrite it with nnft sample");
            entries[i].jackknife = list[i].get<std::vector<double>>();
            if (entries[i].jackknife.size() != groups)
                throw Error(what + ": jackknife." + name + " entry " + std::to_string(i) + " has " +
                            std::to_string(entries[i].jackknife.size()) + " values, not groups = " + std::to_string(groups) +
                            ": the file is corrupt; rewrite it with nnft sample");
        }
    }
}

nlohmann::json sample_document(const EnsembleConfig& config, const EnsembleState& state, bool with_jackknife) {
    const Correlators c = correlators_from_state(config, state);
    nlohmann::json out = {{"config", config_to_json(config)}, {"networks", state.networks()}, {"correlators", correlators_to_json(c)}};
    if (!with_jackknife)
        return out;
    nlohmann::json jk = jackknife_to_json(c);
    if (!jk.is_null()) out["jackknife"] = std::move(jk);
    return out;
}

nlohmann::json sample_output_document(const EnsembleConfig& config, const EnsembleState& state, bool with_jackknife) {
    nlohmann::json out = sample_document(config, state, with_jackknife);
    if (config.shard_count > 1)
        out["state"] = state_to_json(state);
    return out;
}

nlohmann::json parse_shard_document(const std::string& text, const std::string& path) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error("part '" + path + "' is corrupt (" + e.what() + "): rerun that shard");
    }
    if (!j.is_object() || !j.contains("config") || !j.contains("state") || !j["config"].contains("shard"))
        throw Error("'" + path + "' is not a shard of nnft sample (run with --shard i/n): pass the part files");
    return j;
}

namespace {
void require_correlator_document(const nlohmann::json& doc, const std::string& what) {
    if (!doc.is_object() || !doc.contains("config") || !doc.contains("correlators"))
        throw Error(what + " lacks config/correlators: give the output of nnft sample or nnft exact");
    if (!doc["config"].is_object() || !doc["correlators"].is_object())
        throw Error(what + ": \"config\" and \"correlators\" must be JSON objects: give the output of nnft sample or "
                           "nnft exact");
}

// One entry {"indices": [i, ...], "value": v, "error": e} of table `field` (e.g. "correlators.g4[3]").
CorrelatorEntry read_entry(const nlohmann::json& e, const std::string& what, const std::string& field) {
    auto refuse = [&](const std::string& expected) {
        throw Error(what + ": " + field + " must be " + expected + ": give the output of nnft sample or nnft exact");
    };
    if (!e.is_object() || !e.contains("indices") || !e["indices"].is_array())
        refuse("an object with \"indices\" (an array of input numbers), \"value\" and \"error\"");
    CorrelatorEntry ce;
    for (const auto& i : e["indices"]) {
        if (!i.is_number_integer() || i.get<std::int64_t>() < 0 || i.get<std::int64_t>() > 1000000)
            refuse("an entry whose indices are input numbers");
        ce.indices.push_back(i.get<int>());
    }
    if (!e.contains("value") || !e["value"].is_number() || !e.contains("error") || !e["error"].is_number())
        refuse("an entry with a numeric \"value\" and \"error\"");
    ce.value = e["value"].get<double>();
    ce.error = e["error"].get<double>();
    return ce;
}
}  // namespace

Correlators read_correlator_document(const nlohmann::json& doc, const std::string& what) {
    require_correlator_document(doc, what);
    Correlators c;
    for (const auto& [name, list] : doc["correlators"].items()) {
        if (!list.is_array()) throw Error(what + ": correlators." + name + " must be an array of entries");
        std::vector<CorrelatorEntry> entries;
        for (std::size_t k = 0; k < list.size(); ++k)
            entries.push_back(read_entry(list[k], what, "correlators." + name + "[" + std::to_string(k) + "]"));
        c.tables.emplace_back(name, entries);
    }
    if (doc.contains("jackknife")) jackknife_from_json(doc["jackknife"], c, what);
    return c;
}

nlohmann::json parse_correlator_document(const std::string& text, const std::string& what) {
    std::istringstream in(text);
    nlohmann::json j;
    try {
        in >> j;  // a stream read (as of the file before): what follows the first value is not looked at
    } catch (const std::exception& e) {
        throw Error(what + " is not valid JSON (" + e.what() + "): give the output of nnft sample or nnft exact");
    }
    require_correlator_document(j, what);
    return j;
}

Correlators sample_correlators(const EnsembleConfig& config, unsigned threads) {
    EnsembleState state = initial_state(config);
    RunOptions options;
    options.threads = threads;
    run_ensemble(config, state, options);
    return correlators_from_state(config, state);
}

namespace {

// Every value and replica finite, else nnft::Error naming the fix (never a null in the document).
void require_finite(const std::vector<double>& values) {
    for (double v : values)
        if (!std::isfinite(v))
            throw Error("the correlators overflow double precision (a non-finite value): use smaller inputs, "
                        "parameter scales or laws, or a lower --max-n");
}

}  // namespace

namespace {

// The tables from cumulants on `rules` replicas; `entry` turns one slot's replicas into (value, error).
template <class Entry>
Correlators correlators_from_rules(const TupleTable& points, std::span<const double> kappa, std::size_t rules, int max_n,
                                   const Entry& entry) {
    const char* const raw_names[] = {"g2", "g4", "g6"};
    const char* const connected_names[] = {"g2_connected", "g4_connected", "g6_connected"};
    require_finite(std::vector<double>(kappa.begin(), kappa.end()));
    Correlators result;
    auto emit = [&](const std::string& name, int n, const double* v) {
        std::vector<CorrelatorEntry> entries;
        for (std::size_t i = 0; i < points.count(n); ++i) {
            const auto [value, error] = entry(v + i * rules);
            entries.push_back({points.numeric_tuple(points.offset(n) + i), value, error});
        }
        result.tables.emplace_back(name, std::move(entries));
    };
    for (int n = 2; n <= max_n; n += 2) {
        std::vector<double> raw(points.count(n) * rules);
        moments_from_cumulants(points, kappa, rules, n, raw);
        require_finite(raw);
        emit(raw_names[n / 2 - 1], n, raw.data());
        emit(connected_names[n / 2 - 1], n, kappa.data() + points.offset(n) * rules);
    }
    return result;
}

}  // namespace

Correlators correlators_from_two_rules(const TupleTable& points, std::span<const double> kappa, int max_n) {
    return correlators_from_rules(points, kappa, 2, max_n,
                                  [](const double* r) { return std::pair{r[0], std::abs(r[0] - r[1])}; });
}

Correlators correlators_from_shifted_rules(const TupleTable& points, std::span<const double> kappa, std::size_t shifts,
                                           int max_n) {
    if (shifts < 2) throw Error("correlators_from_shifted_rules needs at least two shifted rules");
    const double k = static_cast<double>(shifts);
    return correlators_from_rules(points, kappa, shifts, max_n, [&](const double* r) {
        double mean = 0.0, spread = 0.0;
        for (std::size_t i = 0; i < shifts; ++i) mean += r[i] / k;
        for (std::size_t i = 0; i < shifts; ++i) spread += (r[i] - mean) * (r[i] - mean);
        return std::pair{mean, std::sqrt(spread / (k - 1.0) / k)};
    });
}

}  // namespace nnft::sampler
