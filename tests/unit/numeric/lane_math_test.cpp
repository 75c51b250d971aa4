// numeric/lane_math.hpp: exp, log, tanh and the sigmoid family (sigmoid, softplus, tanh∘softplus) in lanes against
// long double libm over dense sweeps (the largest error in ulp, printed and bounded by the header's constants),
// special values, and the same bits from every instruction set and every way of splitting an array.
#include "numeric/lane_math.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

using namespace nnft::numeric;

namespace {
// n points spread over [lo, hi] with an irrational step (no two sweeps hit the same grid).
std::vector<double> sweep(double lo, double hi, std::size_t n) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = lo + (hi - lo) * std::fmod(0.6180339887498949 * static_cast<double>(i), 1.0);
    return v;
}

// 2^e for e spread over [lo, hi] (logarithmic sweep), times a mantissa that walks [1, 2).
std::vector<double> log_sweep(double lo, double hi, std::size_t n) {
    std::vector<double> v = sweep(lo, hi, n);
    for (double& x : v)
        x = std::exp2(x);
    return v;
}

std::vector<double> apply(LaneFunction f, const std::vector<double>& x, LaneIsa isa = best_lane_isa(),
                          LanePrecision p = LanePrecision::f64) {
    std::vector<double> y(x.size());
    lane_function(f, x.data(), y.data(), x.size(), isa, p);
    return y;
}

// Error of got against the exact value ref, in units of the last place of ref rounded to the precision's type
// (subnormal results: units of its smallest subnormal).
template <class T>
double ulp_error(double got, long double ref) {
    const T r = static_cast<T>(ref);
    if (got == static_cast<double>(r))
        return 0.0;
    const int e = std::max(std::ilogb(r), std::numeric_limits<T>::min_exponent - 1);
    return static_cast<double>(std::fabs(static_cast<long double>(got) - ref) /
                               std::ldexp(1.0L, e - std::numeric_limits<T>::digits + 1));
}

// The largest error over x (float32: against the exact value at the float-rounded argument), and where.
template <class Ref>
double worst_ulp(LaneFunction f, const std::vector<double>& x, Ref ref, double& at,
                 LanePrecision p = LanePrecision::f64) {
    const std::vector<double> y = apply(f, x, best_lane_isa(), p);
    double worst = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const bool f32 = p == LanePrecision::f32;
        const long double arg = f32 ? static_cast<long double>(static_cast<float>(x[i])) : static_cast<long double>(x[i]);
        const double u = f32 ? ulp_error<float>(y[i], ref(arg)) : ulp_error<double>(y[i], ref(arg));
        if (u > worst) {
            worst = u;
            at = x[i];
        }
    }
    return worst;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// A sweep over [lo, hi], a dense one near the origin ([0.5, 2] for log), and a logarithmic one towards 0 from
// 2^log_lo to 2^log_hi (log: 1 ± those), both signs.
std::vector<double> arguments(LaneFunction f, double lo, double hi, std::size_t n, double log_lo, double log_hi) {
    std::vector<double> x = sweep(lo, hi, n);
    for (double v : f == LaneFunction::log ? sweep(0.5, 2.0, n / 4) : sweep(-1.0, 1.0, n / 5))
        x.push_back(v);
    for (double v : log_sweep(log_lo, log_hi, n / 20)) {
        x.push_back(f == LaneFunction::log ? 1.0 + v : v);
        x.push_back(f == LaneFunction::log ? 1.0 - v : -v);
    }
    return x;
}

// f in long double libm: log1p(e^x) computed as x + log1p(e^−x) for x > 0, so that neither overflows.
long double reference(LaneFunction f, long double v) {
    switch (f) {
    case LaneFunction::exp: return expl(v);
    case LaneFunction::log: return logl(v);
    case LaneFunction::tanh: return tanhl(v);
    case LaneFunction::sigmoid: return v >= 0 ? 1 / (1 + expl(-v)) : expl(v) / (1 + expl(v));
    case LaneFunction::softplus: return (v > 0 ? v : 0.0L) + log1pl(expl(-fabsl(v)));
    case LaneFunction::tanh_softplus: return tanhl(reference(LaneFunction::softplus, v));
    }
    return 0;
}

const char* name_of(LaneFunction f) {
    constexpr const char* names[] = {"exp", "log", "tanh", "sigmoid", "softplus", "tanh_softplus"};
    return names[static_cast<int>(f)];
}

// The largest error of f over x against long double libm, printed.
double largest_error(LaneFunction f, const std::vector<double>& x, LanePrecision p = LanePrecision::f64) {
    const char* name = name_of(f);
    double at = 0.0;
    const double u = worst_ulp(f, x, [f](long double v) { return reference(f, v); }, at, p);
    std::printf("lane %s%s: max %.3f %sulp (at %.17g) over %zu points\n", name, p == LanePrecision::f32 ? " f32" : "", u,
                p == LanePrecision::f32 ? "float " : "", at, x.size());
    return u;
}
}  // namespace

TEST_CASE("lane exp, log, tanh: largest error in ulp against long double libm", "[numeric][lane_math]") {
    CHECK(largest_error(LaneFunction::exp, arguments(LaneFunction::exp, -708.3, 709.78, 1500000, -1074.0, -1.0)) <=
          kLaneExpMaxUlp);
    // Subnormal results: within one unit of the smallest subnormal.
    CHECK(largest_error(LaneFunction::exp, sweep(-745.13, -708.4, 200000)) <= 1.0);
    CHECK(largest_error(LaneFunction::log, log_sweep(-1074.0, 1024.0, 1500000)) <= kLaneLogMaxUlp);
    CHECK(largest_error(LaneFunction::log, arguments(LaneFunction::log, 0.25, 4.0, 1000000, -60.0, -1.0)) <=
          kLaneLogMaxUlp);
    CHECK(largest_error(LaneFunction::tanh, arguments(LaneFunction::tanh, -25.0, 25.0, 1500000, -1074.0, 0.0)) <=
          kLaneTanhMaxUlp);
}

TEST_CASE("lane exp, log, tanh in float32: largest error in float ulp against long double libm", "[numeric][lane_math]") {
    constexpr LanePrecision f32 = LanePrecision::f32;
    CHECK(largest_error(LaneFunction::exp, arguments(LaneFunction::exp, -87.3, 88.72, 1000000, -149.0, -1.0), f32) <=
          kLaneExpF32MaxUlp);
    CHECK(largest_error(LaneFunction::log, log_sweep(-149.0, 127.9, 1000000), f32) <= kLaneLogF32MaxUlp);
    CHECK(largest_error(LaneFunction::log, arguments(LaneFunction::log, 0.25, 4.0, 1000000, -23.0, -1.0), f32) <=
          kLaneLogF32MaxUlp);
    CHECK(largest_error(LaneFunction::tanh, arguments(LaneFunction::tanh, -12.0, 12.0, 1000000, -149.0, 0.0), f32) <=
          kLaneTanhF32MaxUlp);
    // Specials as in double.
    const std::vector<double> e = apply(LaneFunction::exp, {INFINITY, -INFINITY, NAN, 89.0, -104.0, 0.0}, best_lane_isa(), f32);
    CHECK(e[0] == INFINITY);
    CHECK(e[1] == 0.0);
    CHECK(std::isnan(e[2]));
    CHECK(e[3] == INFINITY);
    CHECK(e[4] == 0.0);
    CHECK(e[5] == 1.0);
    const std::vector<double> l = apply(LaneFunction::log, {0.0, -1.0, INFINITY, NAN, 1.0, 1e-45}, best_lane_isa(), f32);
    CHECK(l[0] == -INFINITY);
    CHECK(std::isnan(l[1]));
    CHECK(l[2] == INFINITY);
    CHECK(std::isnan(l[3]));
    CHECK(l[4] == 0.0);
    CHECK(l[5] == Approx(std::log(static_cast<double>(1e-45f))).epsilon(1e-6));  // the smallest float subnormal
    const std::vector<double> t = apply(LaneFunction::tanh, {INFINITY, -INFINITY, NAN, -0.0, 10.0}, best_lane_isa(), f32);
    CHECK(t[0] == 1.0);
    CHECK(t[1] == -1.0);
    CHECK(std::isnan(t[2]));
    CHECK((t[3] == 0.0 && std::signbit(t[3])));
    CHECK(t[4] == 1.0);
}

TEST_CASE("lane exp, log, tanh: special values", "[numeric][lane_math]") {
    const double inf = INFINITY, nan = NAN;
    const std::vector<double> e = apply(LaneFunction::exp, {inf, -inf, nan, 710.0, 709.78, -746.0, -745.2, 0.0, -0.0, 1e300, -1e300});
    CHECK(e[0] == inf);
    CHECK(e[1] == 0.0);
    CHECK(std::isnan(e[2]));
    CHECK(e[3] == inf);
    CHECK(e[4] == Approx(std::exp(709.78)).epsilon(1e-15));
    CHECK(e[5] == 0.0);
    CHECK(e[6] == 0.0);
    CHECK(e[7] == 1.0);
    CHECK(e[8] == 1.0);
    CHECK(e[9] == inf);
    CHECK(e[10] == 0.0);
    const std::vector<double> l = apply(LaneFunction::log, {0.0, -0.0, -1.0, inf, -inf, nan, 1.0, 4.9e-324, 2.0});
    CHECK(l[0] == -inf);
    CHECK(l[1] == -inf);
    CHECK(std::isnan(l[2]));
    CHECK(l[3] == inf);
    CHECK(std::isnan(l[4]));
    CHECK(std::isnan(l[5]));
    CHECK(l[6] == 0.0);
    CHECK(l[7] == Approx(std::log(4.9e-324)).epsilon(1e-15));
    CHECK(l[8] == std::log(2.0));
    const std::vector<double> t = apply(LaneFunction::tanh, {inf, -inf, nan, 0.0, -0.0, 30.0, -19.5, 1e-310});
    CHECK(t[0] == 1.0);
    CHECK(t[1] == -1.0);
    CHECK(std::isnan(t[2]));
    CHECK((t[3] == 0.0 && !std::signbit(t[3])));
    CHECK((t[4] == 0.0 && std::signbit(t[4])));
    CHECK(t[5] == 1.0);
    CHECK(t[6] == -1.0);
    CHECK(t[7] == 1e-310);
}

TEST_CASE("lane exp, log, tanh: the same bits on every instruction set and however an array is split",
          "[numeric][lane_math]") {
    std::vector<double> x = sweep(-30.0, 30.0, 20000);
    for (double v : log_sweep(-1074.0, 1023.0, 5000))
        x.push_back(v), x.push_back(-v);
    for (double v : {double(INFINITY), -double(INFINITY), double(NAN), 0.0, -0.0, 710.0, -746.0, 1e-310})
        x.push_back(v);
    for (LanePrecision p : {LanePrecision::f64, LanePrecision::f32})
        for (LaneFunction f : {LaneFunction::exp, LaneFunction::log, LaneFunction::tanh, LaneFunction::sigmoid,
                               LaneFunction::softplus, LaneFunction::tanh_softplus}) {
            const std::vector<double> portable = apply(f, x, LaneIsa::portable, p);
            for (LaneIsa isa : {LaneIsa::avx2, LaneIsa::avx512}) {
                if (!lane_isa_available(isa)) {
                    WARN("instruction set " << static_cast<int>(isa) << " not available here: not compared");
                    continue;
                }
                CHECK(same_bits(apply(f, x, isa, p), portable));
            }
            // Odd pieces (1, 4, 13, … values), in place, with the default ISA.
            std::vector<double> pieces = x;
            for (std::size_t start = 0, len = 1; start < pieces.size(); start += len, len = len * 3 % 23 + 1)
                lane_function(f, pieces.data() + start, pieces.data() + start, std::min(len, pieces.size() - start),
                              best_lane_isa(), p);
            CHECK(same_bits(pieces, portable));
        }
    CHECK(lane_isa_available(LaneIsa::portable));
    CHECK(lane_isa_available(best_lane_isa()));
}

TEST_CASE("lane sigmoid, softplus, tanh∘softplus: largest error in ulp against long double libm, both precisions",
          "[numeric][lane_math]") {
    // Normal results only: sigmoid and tanh∘softplus underflow below x ≈ −708 (double), −87 (float); softplus
    // below −708, −87 likewise. Above, far into the tails (where the result is e^x to first order) and near 0.
    for (LanePrecision p : {LanePrecision::f64, LanePrecision::f32}) {
        const bool f32 = p == LanePrecision::f32;
        const double low = f32 ? -87.0 : -700.0, high = f32 ? 40.0 : 60.0;
        CHECK(largest_error(LaneFunction::sigmoid, arguments(LaneFunction::sigmoid, low, high, 1000000, -60.0, 3.0), p) <=
              kLaneSigmoidMaxUlp);
        CHECK(largest_error(LaneFunction::softplus, arguments(LaneFunction::softplus, low, f32 ? 1e6 : 1e12, 1000000,
                                                              -60.0, 3.0), p) <= kLaneSoftplusMaxUlp);
        CHECK(largest_error(LaneFunction::tanh_softplus,
                            arguments(LaneFunction::tanh_softplus, low / 2, high, 1000000, -60.0, 3.0), p) <=
              kLaneTanhSoftplusMaxUlp);
    }
}

TEST_CASE("lane sigmoid, softplus, tanh∘softplus: special values", "[numeric][lane_math]") {
    const double inf = INFINITY, nan = NAN;
    for (LanePrecision p : {LanePrecision::f64, LanePrecision::f32}) {
        const std::vector<double> x = {inf, -inf, nan, 0.0, 1e300, -1e300, 800.0, -800.0};
        const std::vector<double> s = apply(LaneFunction::sigmoid, x, best_lane_isa(), p);
        CHECK(s[0] == 1.0);
        CHECK(s[1] == 0.0);
        CHECK(std::isnan(s[2]));
        CHECK(s[3] == 0.5);
        CHECK(s[4] == 1.0);
        CHECK(s[5] == 0.0);
        CHECK(s[6] == 1.0);
        CHECK(s[7] == 0.0);
        const std::vector<double> sp = apply(LaneFunction::softplus, x, best_lane_isa(), p);
        CHECK(sp[0] == inf);
        CHECK(sp[1] == 0.0);
        CHECK(std::isnan(sp[2]));
        CHECK(sp[3] == Approx(std::log(2.0)).epsilon(1e-7));
        CHECK(sp[4] == (p == LanePrecision::f32 ? inf : 1e300));  // 1e300 overflows float
        CHECK(sp[5] == 0.0);
        CHECK(sp[6] == 800.0);  // no overflow of e^800
        CHECK(sp[7] == 0.0);
        const std::vector<double> t = apply(LaneFunction::tanh_softplus, x, best_lane_isa(), p);
        CHECK(t[0] == 1.0);
        CHECK(t[1] == 0.0);
        CHECK(std::isnan(t[2]));
        CHECK(t[3] == Approx(std::tanh(std::log(2.0))).epsilon(1e-7));
        CHECK(t[4] == 1.0);
        CHECK(t[5] == 0.0);
        CHECK(t[6] == 1.0);
        CHECK(t[7] == 0.0);
    }
}
