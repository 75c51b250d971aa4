#include "symbolic/diagram_list.hpp"

#include "common/error.hpp"
#include "symbolic/detail/json_writer.hpp"
#include "symbolic/print.hpp"

#include <nlohmann/json.hpp>

#include <istream>
#include <ostream>
#include <sstream>

namespace nnft::symbolic {

namespace {

constexpr std::size_t kFlushBytes = 1 << 16;

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

/// Per theory term: its text and its coupling name as JSON strings (escaped once, not per class).
void term_strings(const diagrams::Theory& theory, std::vector<std::string>& term, std::vector<std::string>& coupling) {
    for (const auto& t : theory.terms) {
        term.push_back(quoted(t.str()));
        coupling.push_back(quoted(t.coupling));
    }
}

/// The interaction vertices of a class (keys in nlohmann's order: coupling, points, term).
void write_vertices(detail::JsonWriter& w, const diagrams::Diagram& d, const std::vector<std::string>& term,
                    const std::vector<std::string>& coupling) {
    // Vertices are numbered in order of their first point (build_diagram), each point after its vertex's first.
    std::vector<std::vector<int>> points;
    std::vector<int> terms;
    for (int p = d.n_external; p < static_cast<int>(d.points.size()); ++p) {
        const auto& pt = d.points[p];
        if (pt.vertex >= static_cast<int>(points.size())) {
            points.resize(pt.vertex + 1);
            terms.resize(pt.vertex + 1, -1);
        }
        points[pt.vertex].push_back(p);
        terms[pt.vertex] = pt.term;
    }
    w.begin_array();
    for (std::size_t v = 0; v < points.size(); ++v) {
        NNFT_ASSERT(terms[v] >= 0);
        w.begin_object();
        w.key("\"coupling\"");
        w.value(coupling[terms[v]]);
        w.key("\"points\"");
        w.begin_array();
        for (int p : points[v]) w.value(p);
        w.end_array();
        w.key("\"term\"");
        w.value(term[terms[v]]);
        w.end_object();
    }
    w.end_array();
}

/// One class as a JSON object (keys sorted, as nlohmann::json orders them).
void write_class(detail::JsonWriter& w, const CorrelatorTerm& t, const std::vector<std::string>& term,
                 const std::vector<std::string>& coupling) {
    const auto& d = t.diagram;
    w.begin_object();
    w.key("\"coefficient\"");
    w.value(quoted(canonical_text(t.coefficient)));
    w.key("\"connected\"");
    w.value(d.connected ? "true" : "false");
    w.key("\"couplings\"");
    w.begin_object();
    for (const auto& [name, power] : t.couplings) {
        w.key(quoted(name));
        w.value(power);
    }
    w.end_object();
    w.key("\"edges\"");
    w.begin_array();
    for (const auto& e : d.edges) {
        w.begin_object();
        w.key("\"a\"");
        w.value(e.a);
        w.key("\"b\"");
        w.value(e.b);
        w.key("\"multiplicity\"");
        w.value(e.multiplicity);
        w.end_object();
    }
    w.end_array();
    w.key("\"external\"");
    w.begin_array();
    for (int p = 0; p < d.n_external; ++p) w.value(d.external_labels.empty() ? p : d.external_labels[p]);
    w.end_array();
    w.key("\"loops\"");
    w.value(d.loop_count());
    w.key("\"multiplicity\"");
    w.plain_string(d.multiplicity.str());
    w.key("\"one_pi\"");
    w.value(d.one_pi ? "true" : "false");
    w.key("\"self_energy_free\"");
    w.value(d.self_energy_free ? "true" : "false");
    w.key("\"symmetry_factor\"");
    w.plain_string(d.symmetry_factor.str());
    w.key("\"vertices\"");
    write_vertices(w, d, term, coupling);
    w.end_object();
}

/// One line of the text table: coefficient | couplings | multiplicity | symmetry factor | flags | lines.
void write_text_line(std::string& out, const CorrelatorTerm& t) {
    const auto& d = t.diagram;
    out += canonical_text(t.coefficient) + " | " + coupling_monomial_text(t.couplings) + " | " + d.multiplicity.str() +
           " | " + d.symmetry_factor.str() + " | " + (d.connected ? "C" : "-") + (d.one_pi ? "1PI" : "") +
           (d.self_energy_free ? "" : " SE") + " |";
    for (const auto& e : d.edges) {
        out += " " + std::to_string(e.a + 1) + "-" + std::to_string(e.b + 1);
        if (e.multiplicity > 1) out += "^" + std::to_string(e.multiplicity);
    }
    out += '\n';
}

}  // namespace

bool parse_diagram_format(const std::string& name, DiagramFormat& format) {
    if (name == "text") format = DiagramFormat::text;
    else if (name == "json") format = DiagramFormat::json;
    else if (name == "json-compact") format = DiagramFormat::json_compact;
    else if (name == "jsonl") format = DiagramFormat::jsonl;
    else return false;
    return true;
}

std::string diagram_class_json(const CorrelatorTerm& t, const diagrams::Theory& theory, int indent, int depth) {
    std::vector<std::string> term, coupling;
    term_strings(theory, term, coupling);
    std::string out;
    detail::JsonWriter w(out, indent, depth);
    write_class(w, t, term, coupling);
    return out;
}

DiagramListWriter::DiagramListWriter(std::ostream& out, DiagramFormat format, const diagrams::Theory& theory,
                                     int points, std::iostream* spool)
    : out_(out), spool_(spool), format_(format), theory_(theory), points_(points) {
    term_strings(theory_, term_json_, coupling_json_);
    if (format_ == DiagramFormat::json) out_ << "{\n  \"diagrams\": [";
    if (format_ == DiagramFormat::json_compact) out_ << "{\"diagrams\":[";
}

void DiagramListWriter::add(const CorrelatorTerm& t) {
    if (format_ == DiagramFormat::text) {
        write_text_line(buffer_, t);
    } else {
        const bool pretty = format_ == DiagramFormat::json;
        if (format_ != DiagramFormat::jsonl && count_ > 0) buffer_ += ',';
        if (pretty) buffer_ += "\n    ";
        detail::JsonWriter w(buffer_, pretty ? 2 : -1, pretty ? 2 : 0);
        write_class(w, t, term_json_, coupling_json_);
        if (format_ == DiagramFormat::jsonl) buffer_ += '\n';
    }
    ++count_;
    flush_buffer(false);
}

void DiagramListWriter::flush_buffer(bool force) {
    if (buffer_.empty() || (!force && buffer_.size() < kFlushBytes)) return;
    std::ostream& target = format_ == DiagramFormat::text && spool_ ? static_cast<std::ostream&>(*spool_) : out_;
    if (format_ == DiagramFormat::text && !spool_) document_ += buffer_;
    else target.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
}

void DiagramListWriter::finish() {
    flush_buffer(true);
    const std::string theory = quoted(theory_.str());
    switch (format_) {
    case DiagramFormat::text:
        out_ << "# " << count_ << " diagram classes of G" << points_ << " for dS = " << theory_.str() << "\n"
             << "# coefficient | couplings | multiplicity | symmetry factor | flags | lines (points: 1..n external, "
                "then internal)\n";
        if (spool_) {
            spool_->flush();
            spool_->seekg(0);
            if (count_ > 0) out_ << spool_->rdbuf();
        } else {
            out_ << document_;
        }
        break;
    case DiagramFormat::json:
        out_ << (count_ > 0 ? "\n  ]" : "]") << ",\n  \"points\": " << points_ << ",\n  \"theory\": " << theory << "\n}\n";
        break;
    case DiagramFormat::json_compact:
        out_ << "],\"points\":" << points_ << ",\"theory\":" << theory << "}\n";
        break;
    case DiagramFormat::jsonl:
        break;
    }
    out_.flush();
}

}  // namespace nnft::symbolic
