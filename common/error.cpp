#include "common/error.hpp"
// Error types are header-only; this translation unit gives the module a non-empty archive.
namespace nnft::detail {
/// Anchor symbol for the common library.
int common_anchor() { return 0; }
}  // namespace nnft::detail
