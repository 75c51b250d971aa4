// Placeholder translation unit so that the sampler library archive is never empty.
namespace nnft::sampler::detail {
/// Anchor symbol for the sampler library.
int module_anchor() { return 0; }
}  // namespace nnft::sampler::detail
