#include "numeric/tensor_network.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include "common/error.hpp"

namespace nnft::numeric {

std::size_t Tensor::size() const {
    std::size_t n = 1;
    for (auto d : dims) n *= d;
    return n;
}

namespace {

/// Row-major strides of t's axes.
std::vector<std::size_t> strides_of(const Tensor& t) {
    std::vector<std::size_t> s(t.dims.size(), 1);
    for (std::size_t i = t.dims.size(); i-- > 1;) s[i - 1] = s[i] * t.dims[i];
    return s;
}

/// Stride of `label` in t (0 when t lacks it, so the value is broadcast along that axis).
std::size_t stride_for(const Tensor& t, const std::vector<std::size_t>& strides, int label) {
    for (std::size_t i = 0; i < t.labels.size(); ++i)
        if (t.labels[i] == label) return strides[i];
    return 0;
}

std::size_t dim_for(const Tensor& t, int label) {
    for (std::size_t i = 0; i < t.labels.size(); ++i)
        if (t.labels[i] == label) return t.dims[i];
    throw InternalError("tensor network: label " + std::to_string(label) + " missing");
}

/// Visit every entry of an index space (dims) with the running offsets into two tensors (strides sa, sb).
template <class F>
void odometer(const std::vector<std::size_t>& dims, const std::vector<std::size_t>& sa,
              const std::vector<std::size_t>& sb, F&& f) {
    const std::size_t rank = dims.size();
    for (auto d : dims)
        if (d == 0) return;
    std::vector<std::size_t> idx(rank, 0);
    std::size_t oa = 0, ob = 0, out = 0;
    for (;;) {
        f(out++, oa, ob);
        std::size_t k = rank;
        for (;;) {
            if (k == 0) return;
            --k;
            if (++idx[k] < dims[k]) {
                oa += sa[k];
                ob += sb[k];
                break;
            }
            oa -= sa[k] * (dims[k] - 1);
            ob -= sb[k] * (dims[k] - 1);
            idx[k] = 0;
        }
    }
}

void check_tensor(const Tensor& t) {
    if (t.labels.size() != t.dims.size() || t.data.size() != t.size())
        throw InternalError("tensor network: labels, dims and data do not match");
    std::set<int> seen(t.labels.begin(), t.labels.end());
    if (seen.size() != t.labels.size()) throw Error("tensor network: a label appears twice in one factor");
}

double product_of_sizes(const std::set<int>& labels, const std::vector<std::size_t>& label_size) {
    double p = 1.0;
    for (int l : labels) p *= static_cast<double>(label_size[static_cast<std::size_t>(l)]);
    return p;
}

}  // namespace

Tensor detail::permuted(const Tensor& t, const std::vector<int>& labels) {
    if (labels == t.labels) return t;
    Tensor out;
    out.labels = labels;
    const auto st = strides_of(t);
    std::vector<std::size_t> sa;
    for (int l : labels) {
        out.dims.push_back(dim_for(t, l));
        sa.push_back(stride_for(t, st, l));
    }
    out.data.resize(out.size());
    const std::vector<std::size_t> zero(labels.size(), 0);
    odometer(out.dims, sa, zero, [&](std::size_t o, std::size_t a, std::size_t) { out.data[o] = t.data[a]; });
    return out;
}

Tensor detail::broadcast_product(const Tensor& a, const Tensor& b) {
    Tensor out;
    out.labels = a.labels;
    out.dims = a.dims;
    for (std::size_t i = 0; i < b.labels.size(); ++i) {
        if (std::find(a.labels.begin(), a.labels.end(), b.labels[i]) != a.labels.end()) {
            if (dim_for(a, b.labels[i]) != b.dims[i]) throw Error("tensor network: a label has two different sizes");
            continue;
        }
        out.labels.push_back(b.labels[i]);
        out.dims.push_back(b.dims[i]);
    }
    const auto sta = strides_of(a), stb = strides_of(b);
    std::vector<std::size_t> sa, sb;
    for (int l : out.labels) {
        sa.push_back(stride_for(a, sta, l));
        sb.push_back(stride_for(b, stb, l));
    }
    out.data.resize(out.size());
    odometer(out.dims, sa, sb, [&](std::size_t o, std::size_t ia, std::size_t ib) { out.data[o] = a.data[ia] * b.data[ib]; });
    return out;
}

Tensor detail::contract_pair(const Tensor& a, const Tensor& b, int label) {
    std::vector<int> batch, left, right;
    for (int l : a.labels) {
        if (l == label) continue;
        if (std::find(b.labels.begin(), b.labels.end(), l) != b.labels.end()) batch.push_back(l);
        else left.push_back(l);
    }
    for (int l : b.labels)
        if (l != label && std::find(a.labels.begin(), a.labels.end(), l) == a.labels.end()) right.push_back(l);
    const std::size_t n = dim_for(a, label);
    if (dim_for(b, label) != n) throw Error("tensor network: a label has two different sizes");
    std::vector<int> la = batch, lb = batch;
    la.insert(la.end(), left.begin(), left.end());
    la.push_back(label);
    lb.push_back(label);
    lb.insert(lb.end(), right.begin(), right.end());
    const Tensor pa = permuted(a, la), pb = permuted(b, lb);
    Tensor out;
    out.labels = batch;
    out.labels.insert(out.labels.end(), left.begin(), left.end());
    out.labels.insert(out.labels.end(), right.begin(), right.end());
    std::size_t nb = 1, nl = 1, nr = 1;
    for (int l : batch) {
        out.dims.push_back(dim_for(a, l));
        if (dim_for(b, l) != out.dims.back()) throw Error("tensor network: a label has two different sizes");
        nb *= out.dims.back();
    }
    for (int l : left) {
        out.dims.push_back(dim_for(a, l));
        nl *= out.dims.back();
    }
    for (int l : right) {
        out.dims.push_back(dim_for(b, l));
        nr *= out.dims.back();
    }
    out.data.assign(out.size(), 0.0);
    using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const auto L = static_cast<Eigen::Index>(nl), N = static_cast<Eigen::Index>(n), R = static_cast<Eigen::Index>(nr);
    for (std::size_t k = 0; k < nb; ++k) {
        Eigen::Map<const RowMat> ma(pa.data.data() + k * nl * n, L, N);
        Eigen::Map<const RowMat> mb(pb.data.data() + k * n * nr, N, R);
        Eigen::Map<RowMat> mo(out.data.data() + k * nl * nr, L, R);
        mo.noalias() = ma * mb;
    }
    return out;
}

EliminationPlan plan_elimination(const std::vector<std::vector<int>>& factor_labels,
                                 const std::vector<std::size_t>& label_size, const std::vector<int>& eliminate) {
    std::vector<std::set<int>> factors;
    for (const auto& f : factor_labels) factors.emplace_back(f.begin(), f.end());
    std::set<int> todo(eliminate.begin(), eliminate.end());
    EliminationPlan plan;
    for (const auto& f : factors) plan.peak_entries = std::max(plan.peak_entries, product_of_sizes(f, label_size));
    while (!todo.empty()) {
        int best = -1;
        double best_size = std::numeric_limits<double>::infinity(), best_flops = best_size, best_product = 0;
        for (int y : todo) {
            std::set<int> all;
            std::vector<double> sizes;
            for (const auto& f : factors)
                if (f.count(y)) {
                    all.insert(f.begin(), f.end());
                    sizes.push_back(product_of_sizes(f, label_size));
                }
            const double flops = product_of_sizes(all, label_size);
            std::set<int> rest = all;
            rest.erase(y);
            const double size = product_of_sizes(rest, label_size);
            // The broadcast product of all involved factors but the largest (the last one is contracted).
            double product = 0;
            if (sizes.size() > 1) {
                std::size_t big = static_cast<std::size_t>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
                std::set<int> others;
                std::size_t i = 0;
                for (const auto& f : factors)
                    if (f.count(y) && i++ != big) others.insert(f.begin(), f.end());
                product = product_of_sizes(others, label_size);
            }
            if (std::max(size, product) < best_size || (std::max(size, product) == best_size && flops < best_flops)) {
                best = y;
                best_size = std::max(size, product);
                best_flops = flops;
                best_product = product;
            }
        }
        plan.order.push_back(best);
        plan.flops += best_flops + best_product;
        plan.peak_entries = std::max(plan.peak_entries, best_size);
        std::set<int> merged;
        std::vector<std::set<int>> kept;
        for (auto& f : factors) {
            if (f.count(best)) merged.insert(f.begin(), f.end());
            else kept.push_back(std::move(f));
        }
        merged.erase(best);
        kept.push_back(std::move(merged));
        factors = std::move(kept);
        todo.erase(best);
    }
    std::set<int> remaining;
    for (const auto& f : factors) remaining.insert(f.begin(), f.end());
    const double final_size = product_of_sizes(remaining, label_size);
    plan.peak_entries = std::max(plan.peak_entries, final_size);
    plan.flops += final_size * static_cast<double>(factors.size());
    return plan;
}

Tensor contract_network(std::vector<Tensor> factors, const EliminationPlan& plan) {
    for (const auto& f : factors) check_tensor(f);
    for (int y : plan.order) {
        std::vector<Tensor> with, without;
        for (auto& f : factors) {
            if (std::find(f.labels.begin(), f.labels.end(), y) != f.labels.end()) with.push_back(std::move(f));
            else without.push_back(std::move(f));
        }
        if (with.empty()) throw InternalError("tensor network: label " + std::to_string(y) + " is in no factor");
        // The largest factor is contracted last; the others are multiplied into one first.
        const auto big = static_cast<std::size_t>(
            std::max_element(with.begin(), with.end(), [](const Tensor& a, const Tensor& b) { return a.size() < b.size(); }) -
            with.begin());
        Tensor other;
        bool have = false;
        for (std::size_t i = 0; i < with.size(); ++i) {
            if (i == big) continue;
            other = have ? detail::broadcast_product(other, with[i]) : std::move(with[i]);
            have = true;
        }
        if (!have) other = Tensor{{y}, {dim_for(with[big], y)}, std::vector<double>(dim_for(with[big], y), 1.0)};
        without.push_back(detail::contract_pair(other, with[big], y));
        factors = std::move(without);
    }
    Tensor out{{}, {}, {1.0}};
    for (const auto& f : factors) out = detail::broadcast_product(out, f);
    std::vector<int> sorted = out.labels;
    std::sort(sorted.begin(), sorted.end());
    return detail::permuted(out, sorted);
}

}  // namespace nnft::numeric
