#pragma once
/// \file The cutoff as every JSON document writes it: a number, or null for ∞ (no cutoff) — one type for all
/// documents (docs/results.md#json-conventions). The text outputs write "inf".
#include <cmath>
#include <nlohmann/json.hpp>

namespace nnft::eft {

/// A cutoff in a JSON document: the number, or null when it is infinite.
inline nlohmann::json cutoff_json(double cutoff) { return std::isinf(cutoff) ? nlohmann::json(nullptr) : nlohmann::json(cutoff); }

}  // namespace nnft::eft
