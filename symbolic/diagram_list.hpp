#pragma once
/// \file Diagram lists written class by class (text, JSON, compact JSON, JSON Lines), and class counts.
#include "symbolic/correlator.hpp"

#include <cstddef>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace nnft::symbolic {

/// Output formats of a diagram list.
enum class DiagramFormat {
    text,          ///< the `nnft diagrams` table (its header carries the class count)
    json,          ///< the `nnft diagrams --json` document, indented by 2
    json_compact,  ///< the same document on one line
    jsonl,         ///< JSON Lines: one class object per line (the entries of the document's "diagrams")
};

/// The format named "text", "json", "json-compact" or "jsonl"; false (format untouched) for another name.
bool parse_diagram_format(const std::string& name, DiagramFormat& format);

/// Writes a diagram list class by class, holding only a small output buffer: `DiagramListWriter w(out, format,
/// theory, points); w.add(term) per class; w.finish();`. The text header carries the class count, so text
/// lines go to `spool` (e.g. an unlinked temporary file) and finish() copies them to `out` after the header;
/// without a spool they are kept in memory. Only the diagram, coefficient and couplings of a term are read.
class DiagramListWriter {
public:
    /// A writer of `format` onto `out` for the `points`-point function of `theory`.
    DiagramListWriter(std::ostream& out, DiagramFormat format, const diagrams::Theory& theory, int points,
                      std::iostream* spool = nullptr);
    /// Writes one class.
    void add(const CorrelatorTerm& t);
    /// Writes the end of the document (and, for text, the header and the spooled lines); flushes `out`.
    void finish();
    /// Classes written so far.
    std::size_t count() const { return count_; }

private:
    void flush_buffer(bool force);

    std::ostream& out_;
    std::iostream* spool_;
    DiagramFormat format_;
    diagrams::Theory theory_;
    int points_;
    std::size_t count_ = 0;
    std::string buffer_;
    std::string document_;                  // json/json_compact: the part of the document before the classes
    std::vector<std::string> term_json_;    // per theory term: its text as a JSON string
    std::vector<std::string> coupling_json_;// per theory term: its coupling name as a JSON string
};

/// The JSON text of one class, compact (`indent` < 0) or indented as an entry of the `--json` document's
/// "diagrams" array (`indent` 2, `depth` 2).
std::string diagram_class_json(const CorrelatorTerm& t, const diagrams::Theory& theory, int indent = -1, int depth = 0);

/// Class counts of a request: per requested coupling monomial (in the request's order) and in total.
struct DiagramCounts {
    std::vector<std::pair<diagrams::CouplingOrders, std::size_t>> per_monomial;  ///< monomial and its classes
    std::size_t total = 0;                                                         ///< all classes
};

/// Counts the classes of a request without formatting or holding them (structures are not built).
DiagramCounts count_diagrams(const CorrelatorRequest& request);

/// Text of the counts: a comment header, one "monomial count" line per monomial, then "total count".
std::string diagram_counts_text(const DiagramCounts& counts, const diagrams::Theory& theory, int points);

/// JSON document {"counts": [{"couplings", "classes"}], "points", "theory", "total"}.
std::string diagram_counts_json(const DiagramCounts& counts, const diagrams::Theory& theory, int points);

}  // namespace nnft::symbolic
