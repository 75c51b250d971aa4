// Parallel generation (issue 15): the chunked search on several threads yields the serial search's classes in the
// serial order, with the same filters and the same size-limit refusal, for every thread count.
#include "common/error.hpp"
#include "diagrams/generate.hpp"
#include "diagrams/theory.hpp"

#include <catch2/catch.hpp>

using namespace nnft::diagrams;

namespace {

std::vector<Diagram> generate(const std::string& theory, int n, const VertexCounts& m, DiagramFilter f, int threads,
                              std::size_t limit = 1'000'000) {
    GenerationOptions opt;
    opt.filter = f;
    opt.threads = threads;
    opt.max_classes = limit;
    std::vector<Diagram> out;
    for_each_diagram(parse_theory(theory), n, m, opt, [&out](Diagram&& d) { out.push_back(std::move(d)); });
    return out;
}

bool same(const Diagram& a, const Diagram& b) {
    return a.edges == b.edges && a.multiplicity == b.multiplicity && a.symmetry_factor == b.symmetry_factor &&
           a.one_pi == b.one_pi && a.connected == b.connected && a.self_energy_free == b.self_energy_free;
}

}  // namespace

TEST_CASE("parallel generation gives the serial classes in the serial order", "[diagrams][parallel]") {
    struct Case {
        const char* theory;
        int n;
        VertexCounts m;
        DiagramFilter f;
    };
    DiagramFilter connected;
    connected.connected = true;
    DiagramFilter one_pi = connected;
    one_pi.one_pi = true;
    DiagramFilter no_se;
    no_se.no_self_energy = true;
    // Each search is large enough (lower bound >= 250 classes) to take the parallel path.
    for (const auto& c : {Case{"lambda*f^4", 4, {5}, connected}, Case{"lambda*f^4 + kappa*f^6", 4, {2, 2}, connected},
                          Case{"lambda*f^4", 6, {4}, one_pi}, Case{"lambda*f^4", 6, {4}, no_se},
                          Case{"g*f^3", 4, {8}, connected}, Case{"kappa*f^6", 6, {4}, connected},
                          Case{"lambda*f^4 + kappa*f^6", 2, {5, 1}, one_pi}}) {
        const auto serial = generate(c.theory, c.n, c.m, c.f, 1);
        REQUIRE(serial.size() > 100);
        for (int threads : {2, 3, 5}) {
            const auto parallel = generate(c.theory, c.n, c.m, c.f, threads);
            REQUIRE(parallel.size() == serial.size());
            std::size_t mismatches = 0;
            for (std::size_t i = 0; i < serial.size(); ++i) mismatches += same(serial[i], parallel[i]) ? 0 : 1;
            CHECK(mismatches == 0);
        }
    }
}

TEST_CASE("parallel generation refuses a search that meets too many classes, as the serial one", "[diagrams][parallel]") {
    DiagramFilter one_pi;
    one_pi.connected = one_pi.one_pi = true;
    // The limit counts classes met before the 1PI filter: all connected ones.
    const std::size_t all = generate("lambda*f^4", 4, {5}, DiagramFilter{true, false, false}, 1).size();
    for (int threads : {1, 2})
        CHECK_THROWS_AS(generate("lambda*f^4", 4, {5}, one_pi, threads, all - 1), nnft::SizeLimitError);
    CHECK(generate("lambda*f^4", 4, {5}, one_pi, 2, all).size() == generate("lambda*f^4", 4, {5}, one_pi, 1).size());
}

TEST_CASE("a sink's exception ends a parallel search and reaches the caller", "[diagrams][parallel]") {
    // The calling thread searches chunks and runs the sink between them: an error there must stop the other threads
    // and leave the call, after exactly the classes handed on before it, in the serial order.
    const auto serial = generate("lambda*f^4", 6, {4}, DiagramFilter{true, false, false}, 1);
    REQUIRE(serial.size() > 1000);
    for (int threads : {2, 3}) {
        GenerationOptions opt;
        opt.filter.connected = true;
        opt.threads = threads;
        std::vector<Diagram> seen;
        const auto stop_at_500 = [&seen](Diagram&& d) {
            if (seen.size() == 500) throw std::runtime_error("sink full");
            seen.push_back(std::move(d));
        };
        CHECK_THROWS_WITH(for_each_diagram(parse_theory("lambda*f^4"), 6, {4}, opt, stop_at_500), "sink full");
        REQUIRE(seen.size() == 500);
        int mismatches = 0;
        for (std::size_t i = 0; i < seen.size(); ++i) mismatches += same(serial[i], seen[i]) ? 0 : 1;
        CHECK(mismatches == 0);
    }
}
