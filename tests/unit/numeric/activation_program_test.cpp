// numeric::ActivationProgram (the bytecode of user-defined activations) against libm, op by op; its bits
// independent of how a batch is split; numeric::Activation's expression kind and apply().
#include "common/error.hpp"
#include "numeric/activation_program.hpp"
#include "numeric/network.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

using namespace nnft::numeric;

namespace {
std::vector<double> points() {
    std::vector<double> v;
    for (int k = -400; k <= 400; ++k)
        v.push_back(k * 0.0371);  // covers [−14.8, 14.8], includes 0
    return v;
}

// The program op(x) (unary) or op(x, c) (binary with a constant second operand).
ActivationProgram single(ActivationOp op, double c = 0.0) {
    ActivationProgram p;
    const auto x = p.emit(ActivationOp::x);
    const auto k = p.constant(c);
    p.emit(op, x, k);
    return p;
}

// |got − want| within `ulps` relative units (absolute near 0), for every point.
void compare(const ActivationProgram& p, const std::function<double(double)>& f, double rel) {
    auto z = points();
    p.evaluate(z.data(), z.size());
    const auto x = points();
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double want = f(x[i]);
        if (!std::isfinite(want)) {  // log(0), 1/0, 0^(−k): the same infinity (or NaN)
            CHECK((std::isnan(want) ? std::isnan(z[i]) : z[i] == want));
            continue;
        }
        INFO("x = " << x[i] << ": " << z[i] << " vs " << want);
        CHECK(std::abs(z[i] - want) <= rel * std::max(1.0, std::abs(want)));
    }
}
}  // namespace

TEST_CASE("activation program: every op against libm (SLEEF or libm kernels)", "[numeric][activation]") {
    for (bool portable : {false, true}) {
        ActivationProgram::force_portable(portable);
        // exp, log, tanh in lanes (≤ 2 ulp, lane_math_test.cpp), against glibc's (≤ 1–2 ulp themselves).
        compare(single(ActivationOp::exp), [](double x) { return std::exp(x); }, 5e-16);
        compare(single(ActivationOp::log), [](double x) { return std::log(x); }, 5e-16);
        compare(single(ActivationOp::tanh), [](double x) { return std::tanh(x); }, 7e-16);
        // The fused sigmoid family (≤ 4 ulp, lane_math_test.cpp).
        compare(single(ActivationOp::sigmoid), [](double x) { return 1 / (1 + std::exp(-x)); }, 1e-15);
        compare(single(ActivationOp::softplus), [](double x) { return std::log1p(std::exp(x)); }, 1e-15);
        compare(single(ActivationOp::tanh_softplus), [](double x) { return std::tanh(std::log1p(std::exp(x))); },
                1.5e-15);
        // The others: SLEEF's 1-ulp functions on AVX2 machines, libm otherwise.
        const double rel = portable ? 0.0 : 4e-16;
        compare(single(ActivationOp::sin), [](double x) { return std::sin(x); }, rel);
        compare(single(ActivationOp::cos), [](double x) { return std::cos(x); }, rel);
        compare(single(ActivationOp::erf), [](double x) { return std::erf(x); }, rel);
        compare(single(ActivationOp::pow, 2.5), [](double x) { return std::pow(x, 2.5); }, rel);
        // Exact IEEE operations: the same bits everywhere.
        compare(single(ActivationOp::add, 0.75), [](double x) { return x + 0.75; }, 0.0);
        compare(single(ActivationOp::sub, 0.75), [](double x) { return x - 0.75; }, 0.0);
        compare(single(ActivationOp::mul, -1.5), [](double x) { return x * -1.5; }, 0.0);
        compare(single(ActivationOp::div, 3.0), [](double x) { return x / 3.0; }, 0.0);
        compare(single(ActivationOp::neg), [](double x) { return -x; }, 0.0);
        compare(single(ActivationOp::abs), [](double x) { return std::fabs(x); }, 0.0);
        compare(single(ActivationOp::sqrt), [](double x) { return std::sqrt(x); }, 0.0);
        compare(single(ActivationOp::step), [](double x) { return x > 0 ? 1.0 : (x < 0 ? 0.0 : 0.5); }, 0.0);
        for (int k : {0, 1, 2, 3, 7, -1, -2}) {
            ActivationProgram p;
            p.powi(p.emit(ActivationOp::x), k);
            compare(p, [k](double x) { return std::pow(x, k); }, 1e-15);
        }
    }
    ActivationProgram::force_portable(false);
    CHECK(single(ActivationOp::step)(0.0) == 0.5);
    CHECK(std::isnan(single(ActivationOp::step)(NAN)));
}

TEST_CASE("activation program: gelu, the same bits however a batch is split", "[numeric][activation]") {
    // gelu = x (1 + erf(x / √2)) / 2, with x shared.
    ActivationProgram p;
    const auto x = p.emit(ActivationOp::x);
    const auto e = p.emit(ActivationOp::erf, p.emit(ActivationOp::mul, x, p.constant(1.0 / std::sqrt(2.0))));
    p.emit(ActivationOp::mul, p.emit(ActivationOp::mul, x, p.emit(ActivationOp::add, p.constant(1.0), e)),
           p.constant(0.5));
    compare(p, [](double v) { return v * (1.0 + std::erf(v / std::sqrt(2.0))) / 2.0; }, 1e-15);
    std::vector<double> whole(1000);
    for (std::size_t i = 0; i < whole.size(); ++i)
        whole[i] = std::sin(0.37 * static_cast<double>(i)) * 4.0;
    std::vector<double> pieces = whole;
    p.evaluate(whole.data(), whole.size());
    for (std::size_t start = 0, len = 1; start < pieces.size(); start += len, len = len * 3 % 251 + 1)
        p.evaluate(pieces.data() + start, std::min(len, pieces.size() - start));
    CHECK(std::memcmp(whole.data(), pieces.data(), whole.size() * sizeof(double)) == 0);
}

TEST_CASE("activation program: exp, log, tanh give the same bits with the portable kernels", "[numeric][activation]") {
    // mish = x tanh(log(1 + e^x)): every lane function, overflow of e^x (x > 709.8) included.
    ActivationProgram p;
    const auto x = p.emit(ActivationOp::x);
    const auto sp = p.emit(ActivationOp::log, p.emit(ActivationOp::add, p.constant(1.0), p.emit(ActivationOp::exp, x)));
    p.emit(ActivationOp::mul, x, p.emit(ActivationOp::tanh, sp));
    std::vector<double> simd(5000);
    for (std::size_t i = 0; i < simd.size(); ++i)
        simd[i] = -40.0 + 0.016 * static_cast<double>(i) + (i % 7 == 0 ? 700.0 : 0.0);
    std::vector<double> portable = simd;
    p.evaluate(simd.data(), simd.size());
    ActivationProgram::force_portable(true);
    p.evaluate(portable.data(), portable.size());
    ActivationProgram::force_portable(false);
    CHECK(std::memcmp(simd.data(), portable.data(), simd.size() * sizeof(double)) == 0);
    CHECK(p(1.0) == Approx(std::tanh(std::log1p(std::exp(1.0)))).epsilon(1e-15));
}

TEST_CASE("activation: expression kind, apply", "[numeric][activation]") {
    auto prog = std::make_shared<ActivationProgram>(single(ActivationOp::sin));
    const Activation a = Activation::expression("sin(x)", prog);
    CHECK(a.kind() == ActivationKind::expression);
    CHECK(a.name() == "sin(x)");
    CHECK(a == Activation::expression("sin(x)", nullptr));
    CHECK(a != Activation::expression("sin", prog));
    CHECK(a != Activation(ActivationKind::erf));
    CHECK_FALSE(a.has_closed_form_kernel());
    CHECK_FALSE(a.has_deep_kernel());
    CHECK(a.allows_depth());
    CHECK_FALSE(find_activation("sin(x)"));
    std::vector<double> z = {-1.0, 0.5, 2.0};
    a.apply(z.data(), z.size());
    CHECK(z[1] == Approx(std::sin(0.5)).epsilon(1e-15));
    CHECK_THROWS_AS(Activation::expression("gelu", nullptr).apply(z.data(), 1), nnft::Error);
    for (ActivationKind k : builtin_activations()) {
        std::vector<double> v = {-0.7, 0.0, 1.3};
        Activation(k).apply(v.data(), v.size());
        const double want = k == ActivationKind::erf    ? std::erf(1.3)
                            : k == ActivationKind::tanh ? std::tanh(1.3)
                            : k == ActivationKind::relu ? 1.3
                                                        : std::exp(1.3);
        CHECK(v[2] == want);
        CHECK(v[0] == (k == ActivationKind::relu ? 0.0 : v[0]));
    }
}
