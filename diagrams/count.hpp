#pragma once
/// \file Exact integer type for Wick counts, multiplicities and symmetry factors.
// GCC 12 reports false -Wmaybe-uninitialized positives inside Boost.Multiprecision (in the
// Boost headers), so the warning is silenced for those headers only (clang has no such warning).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/multiprecision/cpp_int.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace nnft::diagrams {

/// Arbitrary-precision non-negative integer (Wick counts exceed 64 bits beyond ~9 vertices).
using Count = boost::multiprecision::cpp_int;

/// Exact rational number with arbitrary-precision numerator and denominator.
using Fraction = boost::multiprecision::cpp_rational;

/// n! as an exact integer.
Count factorial(int n);

/// (2k-1)!! = number of perfect matchings of 2k objects; 1 for k = 0.
Count double_factorial_odd(int two_k);

/// Binomial coefficient C(n, k) as an exact integer (0 when k < 0 or k > n).
Count binomial(int n, int k);

}  // namespace nnft::diagrams
