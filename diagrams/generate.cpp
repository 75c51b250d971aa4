#include "diagrams/generate.hpp"

#include "common/error.hpp"
#include "diagrams/detail/canonical.hpp"
#include "diagrams/detail/ordered_chunks.hpp"
#include "diagrams/topology.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <numeric>
#include <sstream>
#include <unordered_set>

namespace nnft::diagrams {

namespace {

constexpr double kParallelMinClasses = 250;  // smaller searches take about a millisecond: not worth threads

/// The refusal of a search that met more than `limit` classes.
[[noreturn]] void refuse_class_count(std::size_t limit) {
    std::ostringstream os;
    os << "the request produces more than " << limit << " diagram classes; lower the order or raise the limit with --max-classes";
    throw SizeLimitError(os.str(), static_cast<double>(limit) + 1);
}

/// Colour of an internal point: one colour per (term, slot), shared by both slots of a symmetric bilocal.
int internal_color(const Theory& theory, int n_external, int term, int slot) {
    int color = n_external;
    for (int t = 0; t < term; ++t) {
        const auto& pd = theory.terms[t].point_degrees;
        color += (pd.size() == 2 && pd[0] != pd[1]) ? 2 : 1;
    }
    const auto& pd = theory.terms[term].point_degrees;
    return color + ((pd.size() == 2 && pd[0] != pd[1]) ? slot : 0);
}

/// Points of a diagram with the given vertex counts, in generation order: externals, then by term.
std::vector<Point> layout_points(const Theory& theory, int n_external, const VertexCounts& counts) {
    std::vector<Point> pts(n_external);
    int vertex = 0;
    for (std::size_t t = 0; t < theory.terms.size(); ++t)
        for (int i = 0; i < counts[t]; ++i, ++vertex)
            for (std::size_t s = 0; s < theory.terms[t].point_degrees.size(); ++s)
                pts.push_back(Point{static_cast<int>(t), vertex, static_cast<int>(s), theory.terms[t].point_degrees[s]});
    return pts;
}

/// Coloured multigraph skeleton (colours and bonds, no lines) for the given points.
ColoredMultigraph skeleton(const Theory& theory, int n_external, const std::vector<Point>& pts) {
    ColoredMultigraph g(static_cast<int>(pts.size()));
    for (int p = 0; p < g.n; ++p) {
        g.color[p] = pts[p].external() ? p : internal_color(theory, n_external, pts[p].term, pts[p].slot);
        for (int q = n_external; q < g.n; ++q)
            if (q != p && !pts[p].external() && pts[q].vertex == pts[p].vertex) g.bond[p] = q;
    }
    return g;
}

/// Build the canonical Diagram from a labelled graph and its canonical form into `d`, reusing its storage.
void build_diagram_into(Diagram& d, int n_external, const std::vector<Point>& pts,
                        const std::vector<int>& external_labels, const ColoredMultigraph& g,
                        const CanonicalForm& cf, const VertexCounts& counts, const Count& group) {
    d.n_external = n_external;
    d.external_labels = external_labels;
    d.vertex_counts = counts;
    const int n = g.n;
    std::vector<int> position(n), vertex_renumber(n, -1);
    for (int i = 0; i < n; ++i) position[cf.order[i]] = i;
    int vertices = 0;
    d.points.clear();
    for (int i = 0; i < n; ++i) {
        Point pt = pts[cf.order[i]];
        NNFT_ASSERT(i >= n_external || cf.order[i] == i);
        if (!pt.external()) {
            int& renumbered = vertex_renumber[static_cast<std::size_t>(pt.vertex)];
            if (renumbered < 0) renumbered = vertices++;
            pt.vertex = renumbered;
        }
        d.points.push_back(pt);
    }
    Count s = cf.automorphisms;
    d.edges.clear();
    for (int p = 0; p < n; ++p) {
        const int loops = g.at(p, p);
        if (loops > 0) {
            d.edges.push_back(Edge{position[p], position[p], loops});
            s *= factorial(loops) * (Count(1) << loops);
        }
        for (int q = p + 1; q < n; ++q) {
            const int mult = g.at(p, q);
            if (mult == 0) continue;
            d.edges.push_back(Edge{std::min(position[p], position[q]), std::max(position[p], position[q]), mult});
            s *= factorial(mult);
        }
    }
    std::sort(d.edges.begin(), d.edges.end());
    d.symmetry_factor = s;
    NNFT_ASSERT(group % s == 0);
    d.multiplicity = group / s;
    d.connected = is_connected(d);
    d.one_pi = d.connected && is_one_pi(d);
    d.self_energy_free = !has_self_energy_insertion(d);
}

/// Build the canonical Diagram from a labelled graph and its canonical form.
Diagram build_diagram(int n_external, const std::vector<Point>& pts, const std::vector<int>& external_labels,
                      const ColoredMultigraph& g, const CanonicalForm& cf, const VertexCounts& counts,
                      const Count& group) {
    Diagram d;
    build_diagram_into(d, n_external, pts, external_labels, g, cf, counts, group);
    return d;
}

/// Orderly search over symmetric adjacency matrices with prescribed degrees.
class Generator {
public:
    Generator(const Theory& theory, int n_external, const VertexCounts& counts, const GenerationOptions& options)
        : theory_(theory), n_ext_(n_external), counts_(counts), options_(options),
          points_(layout_points(theory, n_external, counts)), graph_(skeleton(theory, n_external, points_)) {
        n_ = graph_.n;
        cap_.resize(n_);
        twin_.assign(n_, 0);
        tied_.assign(n_, 0);
        for (int p = 0; p < n_; ++p) {
            cap_[p] = points_[p].degree;
            // (p-1, p) are interchangeable by a transposition: consecutive points of one local term.
            if (p > n_ext_ && p - 1 >= n_ext_ && points_[p].term == points_[p - 1].term &&
                !theory.terms[points_[p].term].bilocal())
                twin_[p] = 1;
            tied_[p] = twin_[p];
        }
        for (int p = 0; p < n_external; ++p) labels_.push_back(p);
    }

    void run(GenerationStats& stats, const DiagramSink& sink) {
        stats_ = &stats;
        sink_ = &sink;
        row(0);
    }

    /// The chunked search of parallel generation: each call of row(`cut`) is one chunk, searched when it is the
    /// one `chunks->take` gave this worker (with no `chunks`, only counted); returns the number of chunks met.
    long long run_chunks(GenerationStats& stats, int cut, detail::OrderedChunks* chunks) {
        stats_ = &stats;
        cut_ = cut;
        chunks_ = chunks;
        if (chunks_) target_ = chunks_->take();
        row(0);
        return next_chunk_;
    }

private:
    void row(int p) {
        if (p == cut_ && !in_chunk_) {
            if (next_chunk_++ != target_) return;  // counting, a chunk of another worker, or none left (-1)
            records_ = chunks_->spare();
            in_chunk_ = true;
            row(p);
            in_chunk_ = false;
            chunks_->deliver(target_, std::move(records_));
            target_ = chunks_->take();
            return;
        }
        if (p == n_) {
            finish();
            return;
        }
        const int rem = cap_[p];
        if (points_[p].external()) {
            if (rem == 0) row(p + 1);
            else distribute(p, p + 1, rem);
            return;
        }
        for (int s = 0; 2 * s <= rem; ++s) {
            // Twin constraint on the diagonal: loops of p-1 >= loops of p while still tied.
            if (twin_[p] && tied_[p] && graph_.at(p - 1, p - 1) < s) break;
            graph_.at(p, p) = static_cast<std::uint8_t>(s);
            cap_[p] = rem - 2 * s;
            distribute(p, p + 1, rem - 2 * s);
        }
        graph_.at(p, p) = 0;
        cap_[p] = rem;
    }

    /// Spread `left` lines of row p over the points q, q+1, ... after p.
    void distribute(int p, int q, int left) {
        if (left == 0) {
            // The rest of row p is zero: twins (r-1, r) with a line from p to r-1 are now ordered.
            std::vector<int> untied;
            for (int r = std::max(q, p + 2); r < n_; ++r)
                if (twin_[r] && tied_[r] && graph_.at(p, r - 1) > 0) {
                    tied_[r] = 0;
                    untied.push_back(r);
                }
            const int saved = cap_[p];
            cap_[p] = 0;
            row(p + 1);
            cap_[p] = saved;
            for (int r : untied) tied_[r] = 1;
            return;
        }
        if (q >= n_) return;
        int later = 0;
        for (int r = q + 1; r < n_; ++r) later += cap_[r];
        int hi = std::min(left, cap_[q]);
        if (options_.filter.one_pi && points_[p].external() && points_[q].external()) hi = 0;
        const int lo = std::max(0, left - later);
        const bool check_twin = twin_[q] && q - 1 > p && tied_[q];
        const int prev = check_twin ? graph_.at(p, q - 1) : 0;
        for (int v = hi; v >= lo; --v) {
            if (check_twin && v > prev) continue;
            const bool untie = check_twin && v < prev;
            if (untie) tied_[q] = 0;
            graph_.at(p, q) = graph_.at(q, p) = static_cast<std::uint8_t>(v);
            cap_[q] -= v;
            distribute(p, q + 1, left - v);
            cap_[q] += v;
            if (untie) tied_[q] = 1;
        }
        graph_.at(p, q) = graph_.at(q, p) = 0;
    }

    int find(int x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }

    void finish() {
        ++stats_->labellings;
        // Components through lines and bonds: reject vacuum parts, and disconnected graphs if asked.
        parent_.resize(n_);
        std::iota(parent_.begin(), parent_.end(), 0);
        for (int p = 0; p < n_; ++p) {
            for (int q = p + 1; q < n_; ++q)
                if (graph_.at(p, q) || graph_.bond[p] == q) parent_[find(p)] = find(q);
        }
        has_ext_.assign(n_, 0);
        for (int p = 0; p < n_ext_; ++p) has_ext_[find(p)] = 1;
        int roots = 0;
        for (int p = 0; p < n_; ++p) {
            if (find(p) != p) continue;
            if (!has_ext_[p]) return;  // vacuum component
            ++roots;
        }
        if (options_.filter.connected && roots > 1) return;
        ++stats_->canonicalized;
        CanonicalForm cf = canon_.canonicalize(graph_);
        if (chunks_) {  // chunked search: the merge in chunk order drops repeats, counts, limits and emits
            Diagram& d = scratch_;
            build_diagram_into(d, n_ext_, points_, labels_, graph_, cf, counts_, group_);
            const bool kept = !(options_.filter.one_pi && !d.one_pi) && !(options_.filter.no_self_energy && !d.self_energy_free);
            detail::append_record(records_, cf.key, kept ? &d : nullptr);
            return;
        }
        if (!seen_.insert(cf.key).second) return;
        ++stats_->classes_seen;
        if (static_cast<std::size_t>(stats_->classes_seen) > options_.max_classes) refuse_class_count(options_.max_classes);
        Diagram d = build_diagram(n_ext_, points_, labels_, graph_, cf, counts_, group_);
        if (options_.filter.one_pi && !d.one_pi) return;
        if (options_.filter.no_self_energy && !d.self_energy_free) return;
        (*sink_)(std::move(d));
    }

    const Theory& theory_;
    int n_ext_;
    VertexCounts counts_;
    GenerationOptions options_;
    std::vector<Point> points_;
    ColoredMultigraph graph_;
    int n_ = 0;
    std::vector<int> cap_;
    std::vector<char> twin_, tied_, has_ext_;
    std::vector<int> parent_, labels_;
    Canonicalizer canon_;
    std::unordered_set<std::string> seen_;
    const DiagramSink* sink_ = nullptr;
    int cut_ = -1;                              // chunked search: the row that splits it
    bool in_chunk_ = false;
    long long next_chunk_ = 0;
    long long target_ = -1;                     // the chunk this worker searches next (-1: none)
    detail::OrderedChunks* chunks_ = nullptr;
    detail::RecordBuffer records_;              // classes of the current chunk
    Diagram scratch_;                           // the chunked search's class being recorded (storage reused)
    GenerationStats* stats_ = nullptr;
    Count group_ = relabelling_group_order(theory_, counts_);
};

}  // namespace

namespace {

/// The search split at the first row with at least max(kChunksPerThread · threads, estimate / kClassesPerChunk)
/// chunks (counted by walking the rows above it), searched by `options.threads` Generators, merged in chunk order:
/// the classes, their order and the size-limit behaviour are those of the serial search. Splitting that deep keeps
/// the chunks small (at the first row with 64 chunks per thread, one chunk of the 6-point λ⁶ search held 35 % of
/// its classes: held for the merge, and unbalanced), while a row more (10× the chunks) costs CPU per chunk.
void generate_in_parallel(const Theory& theory, int n_external, const VertexCounts& counts, double estimate,
                          const GenerationOptions& options, const DiagramSink& sink, GenerationStats& stats) {
    constexpr long long kChunksPerThread = 64;
    constexpr double kClassesPerChunk = 32;
    const int threads = options.threads;
    const double wanted = std::max(static_cast<double>(kChunksPerThread * threads), estimate / kClassesPerChunk);
    int cut = 1;
    long long chunk_count = 0;
    const int n = static_cast<int>(layout_points(theory, n_external, counts).size());
    for (; cut < n; ++cut) {
        GenerationStats ignored;
        chunk_count = Generator(theory, n_external, counts, options).run_chunks(ignored, cut, nullptr);
        if (static_cast<double>(chunk_count) >= wanted) break;
    }
    if (cut >= n) {
        Generator(theory, n_external, counts, options).run(stats, sink);
        return;
    }
    detail::OrderedChunks chunks(chunk_count, 64LL * threads);
    std::mutex stats_mutex;
    const auto search = [&] {
        GenerationStats own;
        Generator(theory, n_external, counts, options).run_chunks(own, cut, &chunks);
        std::lock_guard<std::mutex> lock(stats_mutex);
        stats.labellings += own.labellings;
        stats.canonicalized += own.canonicalized;
    };
    // The serial search's set of classes met, filled in chunk order on this thread (which searches chunks too): no
    // lock, one insertion per canonical form as in the serial search. Repeats of a class (a few per cent of the forms) are built twice.
    std::unordered_set<std::string> seen;
    seen.reserve(static_cast<std::size_t>(std::min(estimate, static_cast<double>(options.max_classes))));
    chunks.run(threads, search, [&](long long, const detail::RecordBuffer& records) {
        detail::RecordReader reader(records);
        for (std::string key; reader.next(key);) {
            if (!seen.insert(std::move(key)).second) continue;
            if (static_cast<std::size_t>(++stats.classes_seen) > options.max_classes) refuse_class_count(options.max_classes);
            if (auto d = reader.diagram()) sink(std::move(*d));
        }
    });
}

}  // namespace

void for_each_diagram(const Theory& theory, int n_external, const VertexCounts& counts,
                      const GenerationOptions& options, const DiagramSink& sink, GenerationStats* stats) {
    GenerationStats local;
    GenerationStats& st = stats ? *stats : local;
    const double estimate = search_size(theory, n_external, counts, options.filter);
    if (estimate == 0.0) return;
    if (estimate > static_cast<double>(options.max_classes)) refuse_search_size(estimate, options.max_classes);
    if (options.threads > 1 && estimate >= kParallelMinClasses) {
        generate_in_parallel(theory, n_external, counts, estimate, options, sink, st);
        return;
    }
    Generator gen(theory, n_external, counts, options);
    gen.run(st, sink);
}

std::vector<Diagram> generate_diagrams(const Theory& theory, int n_external, const VertexCounts& counts,
                                       const GenerationOptions& options, GenerationStats* stats) {
    std::vector<Diagram> kept;
    for_each_diagram(theory, n_external, counts, options, [&kept](Diagram&& d) { kept.push_back(std::move(d)); }, stats);
    return kept;
}

std::string topology_key(const Diagram& d, const Theory& theory) {
    ColoredMultigraph g = skeleton(theory, d.n_external, d.points);
    for (int p = 0; p < d.n_external; ++p) g.color[p] = 0;  // internal colours start at n_external >= 1
    for (const auto& e : d.edges) g.at(e.a, e.b) = g.at(e.b, e.a) = static_cast<std::uint8_t>(e.multiplicity);
    Canonicalizer canon;
    return canon.canonicalize(g).key;
}

Diagram canonical_diagram(const Diagram& d, const Theory& theory) {
    const int n = static_cast<int>(d.points.size());
    ColoredMultigraph g = skeleton(theory, d.n_external, d.points);
    for (const auto& e : d.edges) {
        g.at(e.a, e.b) = static_cast<std::uint8_t>(e.multiplicity);
        g.at(e.b, e.a) = static_cast<std::uint8_t>(e.multiplicity);
    }
    NNFT_ASSERT(n == g.n);
    Canonicalizer canon;
    const CanonicalForm cf = canon.canonicalize(g);
    return build_diagram(d.n_external, d.points, d.external_labels, g, cf, d.vertex_counts,
                         relabelling_group_order(theory, d.vertex_counts));
}

}  // namespace nnft::diagrams
