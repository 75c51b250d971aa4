#pragma once
/// \file Comparing two correlator documents (`nnft compare`): per table the pulls (a − b)/√(σ_a² + σ_b²) of the
/// entries both documents hold, their χ² and the worst entries, and the configuration keys that differ.
#include "report/report.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace nnft::study {

/// One compared entry.
struct ComparedEntry {
    std::vector<std::size_t> indices;  ///< the tuple
    double a = 0.0, a_error = 0.0;     ///< the first document's value and error
    double b = 0.0, b_error = 0.0;     ///< the second document's
    double pull = 0.0;                 ///< (a − b)/√(σ_a² + σ_b²); 0 when both errors are 0 and a = b to 1e-12
    bool exact = false;                ///< both errors are 0: equal only if a = b to 1e-12 relative
};

/// One table compared.
struct TableComparison {
    std::string table;                 ///< e.g. "g4_connected"
    std::size_t only_a = 0, only_b = 0;  ///< entries in one document only (not compared)
    std::vector<ComparedEntry> entries;  ///< the entries of both, in the first document's order
    double chi2 = 0.0;                 ///< Σ pull² over the entries with an error
    std::size_t dof = 0;               ///< the number of those entries
    double p_value = 1.0;              ///< P(χ²_dof ≥ chi2), as if the entries were independent
    std::size_t exact_mismatches = 0;  ///< entries without errors that differ by more than 1e-12 relative
    double max_abs_pull = 0.0;         ///< the largest |pull|
};

/// The comparison of two documents.
struct Comparison {
    std::vector<TableComparison> tables;         ///< the tables both documents have, in output order
    std::vector<std::string> config_differences;  ///< "key: A vs B" for configuration keys that differ
};

/// Compare two correlator documents (of nnft sample, exact, expand or merge). `tables`: the names to compare
/// (empty: every table both have). Throws nnft::Error when a document is not a correlator document, when the
/// two are on different input points or output dimensions, or when a named table is missing.
Comparison compare_documents(const nlohmann::json& a, const nlohmann::json& b, const std::vector<std::string>& tables);

/// The comparison as JSON: {"tables": [{"table", "compared", "only_a", "only_b", "chi2", "dof", "p_value",
/// "max_abs_pull", "exact_mismatches", "worst": [{"indices", "a", "a_error", "b", "b_error", "pull"}]}],
/// "config_differences"} with the `worst` entries by |pull|.
nlohmann::json comparison_json(const Comparison& c, std::size_t worst);

/// A plain-text summary: one line per table and the worst entries.
std::string comparison_text(const Comparison& c, std::size_t worst);

/// A report with a table of the summaries and, per table, a plot of the pulls against the entry number.
report::Report comparison_report(const Comparison& c, std::size_t worst, const std::string& a_name, const std::string& b_name);

}  // namespace nnft::study
