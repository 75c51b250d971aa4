/// Benchmark of diagram-class generation: classes per second, wall time and peak memory for the cases of
/// the diagram-engine issue, against brute-force Wick enumeration (all (H−1)!! matchings + dedupe), the
/// only other generator on this machine; the Python+nauty generator feyngen is quoted (~100 s for the
/// 6-point 4-loop case) but not installed.
#include "diagrams/detail/canonical.hpp"
#include "diagrams/generate.hpp"
#include "tests/support/wick_enumeration.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

using namespace nnft::diagrams;

namespace {

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

struct Case {
    const char* name;
    const char* theory;
    int n;
    VertexCounts counts;
    bool connected;
};

/// Brute force: every perfect matching of the half-edges, vacuum-free ones deduplicated by nauty.
long long brute_force_classes(const Theory& th, int n, const VertexCounts& m, double& seconds, long long& matchings) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<int> legs, term;
    for (std::size_t t = 0; t < m.size(); ++t)
        for (int i = 0; i < m[t]; ++i) {
            legs.push_back(th.terms[t].legs());
            term.push_back(static_cast<int>(t));
        }
    const int np = n + static_cast<int>(legs.size());
    std::unordered_set<std::string> seen;
    Canonicalizer canon;
    matchings = nnft::testing::for_each_wick_contraction(n, legs, [&](const std::vector<int>& a) {
        ColoredMultigraph g(np);
        for (int p = 0; p < np; ++p) {
            g.color[p] = p < n ? p : n + term[p - n];
            for (int q = 0; q < np; ++q) g.at(p, q) = static_cast<std::uint8_t>(a[p * np + q]);
        }
        seen.insert(canon.canonicalize(g).key);
    });
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return static_cast<long long>(seen.size());
}

}  // namespace

int main() {
    const std::vector<Case> cases = {
        {"connected G4 at lambda^4", "lambda*f^4", 4, {4}, true},
        {"connected G4 at lambda^2 kappa^2", "lambda*f^4 + kappa*f^6", 4, {2, 2}, true},
        {"connected G6, phi^4 with 6 vertices (4 loops)", "lambda*f^4", 6, {6}, true},
        {"G2 at lambda^5", "lambda*f^4", 2, {5}, false},
    };
    std::printf("%-48s %10s %10s %12s %10s\n", "case", "classes", "seconds", "classes/s", "peak MiB");
    for (const auto& c : cases) {
        const Theory th = parse_theory(c.theory);
        GenerationOptions opt;
        opt.filter.connected = c.connected;
        GenerationStats st;
        const auto t0 = std::chrono::steady_clock::now();
        const auto ds = generate_diagrams(th, c.n, c.counts, opt, &st);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("%-48s %10zu %10.3f %12.0f %10.1f\n", c.name, ds.size(), s, static_cast<double>(ds.size()) / s,
                    peak_rss_mib());
    }
    // Brute force on cases it can finish, to show the ratio and the (2m-1)!! wall.
    std::printf("\nbrute force (all matchings + nauty dedupe) vs orderly generation, all non-vacuum classes:\n");
    std::printf("%-28s %12s %10s %10s %10s %8s\n", "case", "matchings", "classes", "brute s", "nnft s", "ratio");
    const std::vector<Case> small = {
        {"G4 at lambda^2", "lambda*f^4", 4, {2}, false},
        {"G4 at lambda^3", "lambda*f^4", 4, {3}, false},
        {"G6 at lambda^3", "lambda*f^4", 6, {3}, false},
    };
    for (const auto& c : small) {
        const Theory th = parse_theory(c.theory);
        double brute_s = 0;
        long long matchings = 0;
        const long long brute = brute_force_classes(th, c.n, c.counts, brute_s, matchings);
        const auto t0 = std::chrono::steady_clock::now();
        const auto ds = generate_diagrams(th, c.n, c.counts, GenerationOptions{});
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("%-28s %12lld %10lld %10.3f %10.4f %8.0f%s\n", c.name, matchings, brute, brute_s, s, brute_s / s,
                    brute == static_cast<long long>(ds.size()) ? "" : "  (class counts differ!)");
    }
    return 0;
}
