// Placeholder translation unit so that the diagrams library archive is never empty.
namespace nnft::diagrams::detail {
/// Anchor symbol for the diagrams library.
int module_anchor() { return 0; }
}  // namespace nnft::diagrams::detail
