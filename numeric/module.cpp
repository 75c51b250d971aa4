// Placeholder translation unit so that the numeric library archive is never empty.
namespace nnft::numeric::detail {
/// Anchor symbol for the numeric library.
int module_anchor() { return 0; }
}  // namespace nnft::numeric::detail
