#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "numeric/activation_program.hpp"
#include "numeric/stats.hpp"
#include "sampler/correlators.hpp"
#include "sampler/ensemble.hpp"

#include <cmath>
#include <memory>
#include <numbers>

using namespace nnft::sampler;

namespace {
EnsembleConfig small_config() {
    EnsembleConfig c;
    c.net = nnft::numeric::default_network(nnft::numeric::ActivationKind::erf);
    c.net.width = 3;
    c.net.d_out = 2;
    c.inputs = parse_inputs("0.2;-0.7;1.1", 1);
    c.max_n = 6;
    c.seed = 2024;
    c.networks = 20000 + 77;  // a partial last block
    return c;
}

bool same_sums(const EnsembleState& a, const EnsembleState& b) {
    if (a.sums.size() != b.sums.size() || a.group_networks != b.group_networks || a.shift != b.shift)
        return false;
    for (std::size_t i = 0; i < a.sums.size(); ++i)
        if (a.sums[i].hi != b.sums[i].hi || a.sums[i].lo != b.sums[i].lo)
            return false;
    return true;
}

EnsembleState run(const EnsembleConfig& c, unsigned threads, std::size_t per_round) {
    EnsembleState s = initial_state(c);
    RunOptions o;
    o.threads = threads;
    o.blocks_per_round = per_round;
    run_ensemble(c, s, o);
    return s;
}
}  // namespace

TEST_CASE("results are bit-identical for any thread count and batch size", "[sampler][ensemble]") {
    const EnsembleConfig c = small_config();
    const EnsembleState ref = run(c, 1, 1);
    CHECK(ref.networks() == c.networks);
    CHECK(same_sums(ref, run(c, 2, 0)));
    CHECK(same_sums(ref, run(c, 3, 5)));
    CHECK(same_sums(ref, run(c, 4, 64)));
}

TEST_CASE("every activation: bit-identical for any thread count and with the portable lane functions",
          "[sampler][ensemble]") {
    // mish = x tanh(log(1 + e^x)): an expression whose exp, log and tanh all run in lanes.
    auto mish = std::make_shared<nnft::numeric::ActivationProgram>();
    const auto x = mish->emit(nnft::numeric::ActivationOp::x);
    const auto e = mish->emit(nnft::numeric::ActivationOp::exp, x);
    const auto sp = mish->emit(nnft::numeric::ActivationOp::log,
                               mish->emit(nnft::numeric::ActivationOp::add, mish->constant(1.0), e));
    mish->emit(nnft::numeric::ActivationOp::mul, x, mish->emit(nnft::numeric::ActivationOp::tanh, sp));
    // The fused lane ops: x·sigmoid(x) + softplus(x) − tanh(softplus(x)).
    auto fused = std::make_shared<nnft::numeric::ActivationProgram>();
    using Op = nnft::numeric::ActivationOp;
    const auto y = fused->emit(Op::x);
    const auto silu = fused->emit(Op::mul, y, fused->emit(Op::sigmoid, y));
    fused->emit(Op::sub, fused->emit(Op::add, silu, fused->emit(Op::softplus, y)), fused->emit(Op::tanh_softplus, y));
    using nnft::numeric::Activation;
    using nnft::numeric::ActivationKind;
    for (const Activation& a : {Activation(ActivationKind::erf), Activation(ActivationKind::relu),
                                Activation(ActivationKind::gauss), Activation(ActivationKind::tanh),
                                Activation::expression("x*tanh(log(1+exp(x)))", mish),
                                Activation::expression("x/(1+exp(-x))+log(1+exp(x))-tanh(log(1+exp(x)))", fused)}) {
        INFO(a.name());
        EnsembleConfig c = small_config();
        c.net.activation = a;
        c.networks = 4000 + 13;
        const EnsembleState ref = run(c, 1, 1);
        CHECK(same_sums(ref, run(c, 2, 0)));
        CHECK(same_sums(ref, run(c, 3, 5)));
        nnft::numeric::ActivationProgram::force_portable(true);  // the lane functions' portable path
        const EnsembleState portable = run(c, 2, 3);
        nnft::numeric::ActivationProgram::force_portable(false);
        CHECK(same_sums(ref, portable));
    }
}

TEST_CASE("stopping, saving and resuming reproduces an uninterrupted run", "[sampler][ensemble]") {
    const EnsembleConfig c = small_config();
    const EnsembleState ref = run(c, 2, 0);
    EnsembleState s = initial_state(c);
    RunOptions o;
    o.threads = 2;
    o.stop_after_blocks = 13;
    run_ensemble(c, s, o);
    CHECK(!s.done());
    // Through JSON text, as a checkpoint file would.
    const auto text = state_to_json(s).dump();
    EnsembleState resumed = state_from_json(nlohmann::json::parse(text), c);
    o.stop_after_blocks = 0;
    run_ensemble(c, resumed, o);
    CHECK(same_sums(ref, resumed));
}

TEST_CASE("a stop hook ends the run between rounds, and the run continues to the same result", "[sampler][ensemble]") {
    const EnsembleConfig c = small_config();
    const EnsembleState ref = run(c, 2, 0);
    EnsembleState s = initial_state(c);
    RunOptions o;
    o.threads = 2;
    o.blocks_per_round = 3;
    int asked = 0;
    o.stop = [&asked] { return ++asked == 2; };  // Ctrl-C noticed after the second round
    run_ensemble(c, s, o);
    CHECK(asked == 2);
    CHECK(s.next_block == s.first_block + 6);
    o.stop = nullptr;
    run_ensemble(c, s, o);
    CHECK(same_sums(ref, s));
}

TEST_CASE("shards merge into the result of one run", "[sampler][ensemble]") {
    const EnsembleConfig c = small_config();
    const EnsembleState ref = run(c, 2, 0);
    std::vector<EnsembleState> parts;
    for (std::uint32_t i : {2u, 0u, 1u}) {
        EnsembleConfig p = c;
        p.shard_index = i;
        p.shard_count = 3;
        parts.push_back(run(p, 1, 0));
    }
    const EnsembleState merged = merge_states(c, parts);
    CHECK(merged.networks() == ref.networks());
    const Correlators a = correlators_from_state(c, ref), b = correlators_from_state(c, merged);
    for (const char* name : {"g2", "g4_connected", "g6_connected", "g6"})
        for (std::size_t i = 0; i < a.at(name).size(); ++i) {
            CHECK(a.at(name)[i].value == b.at(name)[i].value);
            CHECK(a.at(name)[i].error == b.at(name)[i].error);
        }
    parts.pop_back();
    CHECK_THROWS_AS(merge_states(c, parts), nnft::Error);
}

TEST_CASE("shard block ranges hold for 10^18 networks in billions of parts", "[sampler][ensemble]") {
    // 10^18 networks = 3 906 250 000 000 000 blocks of 256. The part boundaries ⌊blocks · i / n⌋ by hand: for
    // n = 4·10^9, i = n − 1: blocks − blocks / n = 3 906 250 000 000 000 − 976 562.5 → 3 906 249 999 023 437
    // (blocks · i itself is 1.6·10^25 and wrapped at 2^64 before).
    EnsembleConfig c = small_config();
    c.networks = kMaxNetworks;
    c.shard_count = 4000000000u;
    c.shard_index = c.shard_count - 1;
    c.max_n = 2;
    const EnsembleState last = initial_state(c);
    CHECK(last.first_block == 3906249999023437ULL);
    CHECK(last.end_block == 3906250000000000ULL);
    c.shard_index = 1;
    CHECK(initial_state(c).first_block == 976562ULL);  // ⌊3 906 250 000 000 000 / 4·10^9⌋
    // A run (or a shard document) claiming more than 10^18 networks is refused by name, not wrapped.
    c.networks = ~0ULL;
    CHECK_THROWS_WITH(validate(c), Catch::Contains("at most 1e18 networks"));
}

TEST_CASE("corrupt or mismatched states are refused", "[sampler][ensemble]") {
    const EnsembleConfig c = small_config();
    EnsembleState s = initial_state(c);
    auto j = state_to_json(s);
    EnsembleConfig other = c;
    other.max_n = 4;
    CHECK_THROWS_AS(state_from_json(j, other), nnft::Error);
    j["group_networks"][0] = 5;
    CHECK_THROWS_AS(state_from_json(j, c), nnft::Error);
    CHECK_THROWS_AS(state_from_json(nlohmann::json::object(), c), nnft::Error);
    // A float or negative count is refused, not converted (undefined behaviour before: fuzz_checkpoint).
    auto fractional = state_to_json(s);
    fractional["group_networks"][1] = -1.05;
    CHECK_THROWS_WITH(state_from_json(fractional, c), Catch::Contains("\"group_networks\" is -1.05"));
    fractional = state_to_json(s);
    fractional["next_block"] = 2.5;
    CHECK_THROWS_WITH(state_from_json(fractional, c), Catch::Contains("\"next_block\" is 2.5"));
    auto config = config_to_json(c);
    config["max_n"] = 1e300;
    CHECK_THROWS_WITH(config_from_json(config), Catch::Contains("\"max_n\" is 1e+300"));
    // A state of the old random stream (SLEEF's Box–Muller, format 1) is refused, not mixed with new draws.
    auto old = state_to_json(s);
    CHECK_NOTHROW(state_from_json(old, c));
    old["format"] = "nnft-sampler-state-1";
    CHECK_THROWS_WITH(state_from_json(old, c), Catch::Contains("written by an older nnft whose random stream differs") &&
                                                   Catch::Contains("rerun or use that version"));
    old["format"] = "nnft-sampler-state-10";
    CHECK_THROWS_WITH(state_from_json(old, c), Catch::Contains("written by a newer nnft"));
    old["format"] = "something-else";
    CHECK_THROWS_WITH(state_from_json(old, c), Catch::Contains("unknown format"));
    // A state claiming 10^18 networks is checked at once (a per-block count took ~4·10^15 steps: fuzz_shard).
    EnsembleConfig huge = c;
    huge.networks = 1000000000000000000ULL;
    auto claimed = state_to_json(initial_state(huge));
    claimed["next_block"] = claimed["end_block"];
    claimed["group_networks"][0] = huge.networks;
    CHECK(state_from_json(claimed, huge).networks() == huge.networks);
    claimed["group_networks"][1] = 1;
    CHECK_THROWS_WITH(state_from_json(claimed, huge), Catch::Contains("network counts disagree"));
    CHECK(estimate_memory_bytes(c, 2) < 1e7);
    EnsembleConfig big = c;
    big.inputs = parse_inputs("0.002;0.004;0.006;0.008;0.01;0.012", 1);
    big.net.d_out = 50;  // 300 points: C(305, 6) six-point tuples
    CHECK(estimate_memory_bytes(big, 2) > 1e12);
}

TEST_CASE("sampled G2 agrees with the closed-form Erf kernel", "[sampler][ensemble]") {
    // Independent reference (docs/physics-setup.md §2): K = σ_b² + σ_W² (2/π) arcsin(2c / √((1+2v)(1+2v'))).
    EnsembleConfig c;
    c.net = nnft::numeric::default_network(nnft::numeric::ActivationKind::erf);
    c.net.width = 4;
    c.inputs = parse_inputs("-1;0.3;1.5", 1);
    c.max_n = 2;
    c.seed = 11;
    c.networks = 100000;
    const EnsembleState s = run(c, 2, 0);
    const Correlators r = correlators_from_state(c, s);
    double worst = 0.0;
    for (const auto& e : r.at("g2")) {
        const double x = c.inputs.x[e.indices[0]], y = c.inputs.x[e.indices[1]];
        const double cxy = 1.0 + x * y, vx = 1.0 + x * x, vy = 1.0 + y * y;
        const double k = 1.0 + (2.0 / std::numbers::pi) * std::asin(2 * cxy / std::sqrt((1 + 2 * vx) * (1 + 2 * vy)));
        const double pull = (e.value - k) / e.error;
        WARN("G2[" << e.indices[0] << e.indices[1] << "] sampled " << e.value << " ± " << e.error << ", kernel " << k
                   << ", pull " << pull);
        worst = std::max(worst, std::abs(pull));
    }
    CHECK(worst < 4.0);
}

TEST_CASE("deep Erf-net G2 approaches the composed NNGP kernel", "[sampler][ensemble]") {
    // Layer recursion (N → ∞): K_{l+1} = σ_b² + σ_W² (2/π) arcsin(2K_l / √((1+2K_l(x,x))(1+2K_l(x',x')))),
    // K_1 = σ_b² + σ_W² x x'. At N = 50 the finite-width corrections are O(1/N): tolerance 4 errors + 3/N.
    EnsembleConfig c;
    c.net = nnft::numeric::default_network(nnft::numeric::ActivationKind::erf);
    c.net.width = 50;
    c.net.depth = 2;
    c.inputs = parse_inputs("-0.8;0.4", 1);
    c.max_n = 2;
    c.seed = 31;
    c.networks = 40000;
    const Correlators r = correlators_from_state(c, run(c, 2, 0));
    const double x[2] = {-0.8, 0.4};
    auto step = [](double kab, double kaa, double kbb) {
        return 1.0 + (2.0 / std::numbers::pi) * std::asin(2 * kab / std::sqrt((1 + 2 * kaa) * (1 + 2 * kbb)));
    };
    for (const auto& e : r.at("g2")) {
        const double a = x[e.indices[0]], b = x[e.indices[1]];
        const double k1ab = 1 + a * b, k1aa = 1 + a * a, k1bb = 1 + b * b;
        const double k2ab = step(k1ab, k1aa, k1bb), k2aa = step(k1aa, k1aa, k1aa), k2bb = step(k1bb, k1bb, k1bb);
        const double k3 = step(k2ab, k2aa, k2bb);
        WARN("deep G2[" << e.indices[0] << e.indices[1] << "] " << e.value << " ± " << e.error << ", NNGP " << k3);
        CHECK(std::abs(e.value - k3) < 4 * e.error + 3.0 / 50 * k3);
    }
}

// The "jackknife" object of the nnft sample document: the delete-one-group estimates of G4_con and G6_con.
TEST_CASE("the sample document carries the jackknife estimates behind every error, and they round-trip", "[sampler][jackknife]") {
    const EnsembleConfig c = small_config();
    EnsembleState s = initial_state(c);
    run_ensemble(c, s, RunOptions{});
    const nlohmann::json doc = sample_document(c, s);
    REQUIRE(doc.contains("jackknife"));
    const auto& jk = doc["jackknife"];
    CHECK(jk["groups"] == kGroups);
    CHECK_FALSE(jk.contains("g2"));  // only the tables the fits refit
    for (const std::string name : {"g4_connected", "g6_connected"}) {
        const auto& entries = doc["correlators"][name];
        REQUIRE(jk[name].size() == entries.size());
        for (std::size_t i = 0; i < entries.size(); i += 7) {
            // The stored error is the jackknife error of the stored estimates (numeric::jackknife_error).
            const std::vector<double> v = jk[name][i].get<std::vector<double>>();
            REQUIRE(v.size() == kGroups);
            CHECK(nnft::numeric::jackknife_error(v) == entries[i]["error"].get<double>());
        }
    }
    // Parse back into tables read from the document (as nnft fit does) and compare the estimates bit for bit.
    Correlators back = correlators_from_state(c, s);
    for (auto& [name, entries] : back.tables)
        for (auto& e : entries) e.jackknife.clear();
    jackknife_from_json(jk, back, "test");
    const Correlators orig = correlators_from_state(c, s);
    CHECK(back.at("g4_connected")[3].jackknife == orig.at("g4_connected")[3].jackknife);
    CHECK(back.at("g6_connected")[5].jackknife == orig.at("g6_connected")[5].jackknife);
    CHECK(back.at("g2")[0].jackknife.empty());
    // A corrupt object is refused with the table named.
    nlohmann::json bad = jk;
    bad["g4_connected"].erase(0);
    CHECK_THROWS_WITH(jackknife_from_json(bad, back, "f.json"), Catch::Contains("jackknife.g4_connected") && Catch::Contains("corrupt"));
    bad = jk;
    bad["g6_connected"][2].erase(0);
    CHECK_THROWS_WITH(jackknife_from_json(bad, back, "f.json"), Catch::Contains("not groups = 32"));
    CHECK_THROWS_AS(jackknife_from_json(nlohmann::json::array(), back, "f.json"), nnft::Error);
}

TEST_CASE("exact tables carry no jackknife object", "[sampler][jackknife]") {
    Correlators c;
    c.tables.push_back({"g4_connected", {CorrelatorEntry{{0, 0, 0, 0}, 1.0, 0.0}}});
    CHECK(jackknife_to_json(c).is_null());
}
