#pragma once
/// \file Moment ↔ cumulant conversion over index tuples (sums over set partitions), vectorised over
/// replicas (e.g. jackknife samples). Tables are laid out value[slot * replicas + r].
#include "sampler/tuples.hpp"

#include <span>

namespace nnft::sampler {

/// Joint cumulants κ(t) = Σ_π (−1)^{|π|−1}(|π|−1)! Π_{B∈π} m(t_B) of all tuples of length n, written to
/// out[(slot − offset(n)) * replicas + r]; `moments` covers all slots of the table.
void cumulants_from_moments(const TupleTable& table, std::span<const double> moments, std::size_t replicas, int n,
                            std::span<double> out);

/// Σ_π (|π|−1)! Π_{B∈π} |m(t_B)|: the terms of cumulants_from_moments in magnitude (the scale of its rounding
/// error), same layout.
void cumulant_term_magnitudes(const TupleTable& table, std::span<const double> moments, std::size_t replicas, int n,
                              std::span<double> out);

/// Raw moments m(t) = Σ_π Π_{B∈π} κ(t_B) of all tuples of length n, from a full cumulant table.
void moments_from_cumulants(const TupleTable& table, std::span<const double> cumulants, std::size_t replicas, int n,
                            std::span<double> out);

/// Raw moments of y = y' + s for all tuples of length n from the moments of y' (all slots) and the
/// shift s (one value per point): E[Π(y'+s)] = Σ_{A ⊆ t} Π_{i∉A} s_i E[Π_{i∈A} y'_i].
void unshift_moments(const TupleTable& table, std::span<const double> moments, std::size_t replicas,
                     std::span<const double> shift, int n, std::span<double> out);

}  // namespace nnft::sampler
