#pragma once
/// \file The document of `nnft action`: the reconstructed quartic vertex as JSON and as text, built from an
/// ActionResult (eft/action.hpp) in one place.
#include "eft/action.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace nnft::eft {

/// The JSON document (net name as the user gave it, wall time in seconds): settings, λ0, and when
/// meaningful λ_action with its error parts, pull, verdict, locality and both grids.
nlohmann::json action_document(const ActionResult& result, const std::string& net, double seconds);

/// The same result as a few lines of text.
std::string action_text(const ActionResult& result, const std::string& net);

}  // namespace nnft::eft
