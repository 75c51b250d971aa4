#include "diagrams/count.hpp"

#include "common/error.hpp"

namespace nnft::diagrams {

Count factorial(int n) {
    NNFT_ASSERT(n >= 0);
    Count r = 1;
    for (int i = 2; i <= n; ++i) r *= i;
    return r;
}

Count double_factorial_odd(int two_k) {
    NNFT_ASSERT(two_k >= 0 && two_k % 2 == 0);
    Count r = 1;
    for (int i = two_k - 1; i > 1; i -= 2) r *= i;
    return r;
}

Count binomial(int n, int k) {
    if (k < 0 || k > n) return 0;
    Count r = 1;
    for (int i = 1; i <= k; ++i) {
        r *= (n - k + i);
        r /= i;
    }
    return r;
}

}  // namespace nnft::diagrams
