#pragma once
/// \file Vector-valued integrands evaluated on blocks of nodes (the batching and SIMD hook).
#include <cstddef>
#include <functional>
#include <span>

#include "numeric/points.hpp"

namespace nnft::numeric {

/// Nodes [begin, end) of a block (e.g. the part of a block that belongs to one quadrature level).
struct NodeRange {
    std::size_t begin = 0;  ///< first node
    std::size_t end = 0;    ///< one past the last node
};

/// f: R^dim → R^components, evaluated for many nodes at once. One pass over the nodes serves all components.
class BatchIntegrand {
public:
    virtual ~BatchIntegrand() = default;
    /// Dimension of the integration variable.
    virtual int dim() const = 0;
    /// Number of components (e.g. external index tuples) integrated together.
    virtual std::size_t components() const = 0;
    /// out[c * nodes.count + j] = f_c(node j). Must not throw for finite nodes.
    virtual void evaluate(const PointBlock& nodes, double* out) const = 0;
    /// sums[r * components() + c] = Σ_{j in ranges[r]} w[j] f_c(node j), each sum as detail::dot4 forms it.
    /// The default evaluates into scratch and sums; an integrand with a fused loop (no per-node output) may
    /// override it but must return the same bits.
    virtual void weighted_sums(const PointBlock& nodes, const double* w, std::span<const NodeRange> ranges, double* sums) const;
    /// Doubles of scratch per node that weighted_sums needs (the default: one value per component); rules size
    /// their node blocks by it.
    virtual std::size_t sum_scratch_per_node() const { return components(); }
};

/// A scalar function of one point, wrapped as a one-component batch integrand (tests, simple uses).
class FunctionIntegrand : public BatchIntegrand {
public:
    /// Wrap `f`, a function of a point in R^dim.
    FunctionIntegrand(int dim, std::function<double(std::span<const double>)> f) : dim_(dim), f_(std::move(f)) {}
    /// Dimension of the integration variable.
    int dim() const override { return dim_; }
    /// Always 1.
    std::size_t components() const override { return 1; }
    /// Evaluate f node by node.
    void evaluate(const PointBlock& nodes, double* out) const override;

private:
    int dim_;
    std::function<double(std::span<const double>)> f_;
};

}  // namespace nnft::numeric
