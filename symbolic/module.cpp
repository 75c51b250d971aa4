// Placeholder translation unit so that the symbolic library archive is never empty.
namespace nnft::symbolic::detail {
/// Anchor symbol for the symbolic library.
int module_anchor() { return 0; }
}  // namespace nnft::symbolic::detail
