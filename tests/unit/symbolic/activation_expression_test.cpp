// User-defined activations: presets and expressions in x (symbolic/activation_expression.hpp) against their
// formulas in libm, the mapping to built-ins, and every refusal with its message.
#include "common/error.hpp"
#include "numeric/activation_program.hpp"
#include "symbolic/activation_expression.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace nnft;
using numeric::ActivationKind;

namespace {
void same_function(const numeric::Activation& a, const std::function<double(double)>& f) {
    REQUIRE(a.kind() == ActivationKind::expression);
    REQUIRE(a.program() != nullptr);
    for (double x = -9.0; x <= 9.0; x += 0.173) {
        INFO(a.name() << " at x = " << x);
        CHECK((*a.program())(x) == Approx(f(x)).epsilon(1e-13).margin(1e-14));
    }
}

std::string refusal(const std::string& text) {
    try {
        (void)symbolic::resolve_activation(text);
    } catch (const Error& e) {
        return e.what();
    }
    return "accepted";
}
}  // namespace

TEST_CASE("activation presets and expressions evaluate their formulas", "[symbolic][activation]") {
    const double r2 = std::sqrt(2.0);
    same_function(symbolic::resolve_activation("gelu"), [&](double x) { return x * (1 + std::erf(x / r2)) / 2; });
    same_function(symbolic::resolve_activation("silu"), [](double x) { return x / (1 + std::exp(-x)); });
    same_function(symbolic::resolve_activation("swish"), [](double x) { return x / (1 + std::exp(-x)); });
    same_function(symbolic::resolve_activation("softplus"), [](double x) { return std::log1p(std::exp(x)); });
    same_function(symbolic::resolve_activation("sigmoid"), [](double x) { return 1 / (1 + std::exp(-x)); });
    same_function(symbolic::resolve_activation("sin"), [](double x) { return std::sin(x); });
    same_function(symbolic::resolve_activation("cos"), [](double x) { return std::cos(x); });
    same_function(symbolic::resolve_activation("linear"), [](double x) { return x; });
    same_function(symbolic::resolve_activation("leaky_relu:0.1"), [](double x) { return x > 0 ? x : 0.1 * x; });
    same_function(symbolic::resolve_activation("x^3 - 2*x"), [](double x) { return x * x * x - 2 * x; });
    same_function(symbolic::resolve_activation("max(0, x) + min(x, -1)"),
                  [](double x) { return std::max(0.0, x) + std::min(x, -1.0); });
    same_function(symbolic::resolve_activation("1.5e-1*sqrt(1+x^2) + abs(x)*step(x-1)"),
                  [](double x) { return 0.15 * std::sqrt(1 + x * x) + (x > 1 ? std::fabs(x) : 0.0); });
    same_function(symbolic::resolve_activation("sinh(x/4)+cosh(x/8)+tan(x/10)+pow(1+x^2, 0.3)+pi"),
                  [](double x) {
                      return std::sinh(x / 4) + std::cosh(x / 8) + std::tan(x / 10) + std::pow(1 + x * x, 0.3) + M_PI;
                  });
    same_function(symbolic::resolve_activation("x*tanh(log(1+exp(x)))"),
                  [](double x) { return x * std::tanh(std::log1p(std::exp(x))); });
    same_function(symbolic::resolve_activation("2/(1+exp(3-x/2))"), [](double x) { return 2 / (1 + std::exp(3 - x / 2)); });
    CHECK(symbolic::resolve_activation("gelu").name() == "gelu");
    CHECK(symbolic::resolve_activation(" sin(x) ").name() == "sin(x)");
    CHECK(symbolic::activation_presets().size() == 12);
}

TEST_CASE("activation expressions equal to a built-in are the built-in", "[symbolic][activation]") {
    CHECK(symbolic::resolve_activation("erf(x)") == numeric::Activation(ActivationKind::erf));
    CHECK(symbolic::resolve_activation("tanh(x)") == numeric::Activation(ActivationKind::tanh));
    CHECK(symbolic::resolve_activation("max(0,x)") == numeric::Activation(ActivationKind::relu));
    CHECK(symbolic::resolve_activation("x*step(x)") == numeric::Activation(ActivationKind::relu));
    CHECK(symbolic::resolve_activation("relu") == numeric::Activation(ActivationKind::relu));
    CHECK(symbolic::resolve_activation("exp(x)").kind() == ActivationKind::expression);  // not Gauss-net
    // The benchmark's forced expression path.
    const auto forced = symbolic::resolve_activation("erf(x)", {.map_builtins = false});
    CHECK(forced.kind() == ActivationKind::expression);
    CHECK(forced.name() == "erf(x)");
    CHECK((*forced.program())(0.7) == Approx(std::erf(0.7)).epsilon(1e-15));
    // erf is differentiable for later symbolic work.
    const GiNaC::symbol& x = symbolic::activation_variable();
    CHECK((symbolic::erf(x).diff(x) - 2 / GiNaC::sqrt(GiNaC::Pi) * GiNaC::exp(-GiNaC::pow(x, 2))).is_zero());
}

TEST_CASE("activation expressions: refusals name the fault", "[symbolic][activation]") {
    CHECK(refusal("x*(1+") == "activation 'x*(1+' does not parse at position 5 (the text ends there): "
                                "expected a number, x, a function call or '('");
    CHECK_THAT(refusal("x*)2"), Catch::Contains("position 3") && Catch::Contains("unexpected ')'"));
    CHECK_THAT(refusal("(x+1"), Catch::Contains("position 4") && Catch::Contains("expected ')'"));
    CHECK_THAT(refusal("x $ 2"), Catch::Contains("position 3"));
    CHECK_THAT(refusal("foo(x)"), Catch::Contains("position 1") && Catch::Contains("unknown function 'foo'"));
    CHECK_THAT(refusal("max(x)"), Catch::Contains("max takes 2 arguments"));
    CHECK_THAT(refusal("x + y"), Catch::Contains("uses the symbol 'y' at position 5"));
    CHECK_THAT(refusal("sigmoidal"), Catch::Contains("symbol 'sigmoidal'"));
    CHECK_THAT(refusal(""), Catch::Contains("empty"));
    CHECK(refusal("1/x") == "activation '1/x' is not finite at x = 0 (σ = inf): an activation must be finite on "
                            "the whole real line");
    CHECK_THAT(refusal("log(x)"), Catch::Contains("not finite at x = 0"));
    CHECK_THAT(refusal("sqrt(x)"), Catch::Contains("not finite at x = -0.125"));
    CHECK_THAT(refusal("exp(x^2)"), Catch::Contains("grows too fast") && Catch::Contains("e^3600"));
    CHECK_THAT(refusal("exp(x^2/4)"), Catch::Contains("grows too fast"));
    CHECK_THAT(refusal("leaky_relu:abc"), Catch::Contains("leaky_relu:0.1"));
    CHECK(refusal("exp(x)") == "accepted");
    CHECK(refusal("x^3") == "accepted");
    // Exact numbers with huge exponents (CLN would compute 10^444447444444; found by fuzz_activation):
    CHECK_THAT(refusal(" .7e444447444444"), Catch::Contains("position 4") && Catch::Contains("exponent out of range"));
    CHECK_THAT(refusal("x*1e-1000"), Catch::Contains("exponent out of range"));
    CHECK(refusal("x*1e-0999") == "accepted");
    CHECK(refusal("x*2.5E+2/250") == "accepted");
    // A pole at the growth check's points (GiNaC::pole_error before; fuzz_activation):
    CHECK_THAT(refusal("x*+++1+2/+(1+erf(x))/1+0/3"), Catch::Contains("cannot be evaluated at x = -60") &&
                                                          Catch::Contains("division by zero"));
    // Exact powers of numbers (27777777777^7777777: CLN for minutes; fuzz_activation):
    CHECK_THAT(refusal("1+27777777777^7777777"), Catch::Contains("position 15") && Catch::Contains("within ±999"));
    CHECK_THAT(refusal("pow(3, 10000)"), Catch::Contains("within ±999"));
    CHECK_THAT(refusal("x/(9^9^9)"), Catch::Contains("position 7") && Catch::Contains("a^b^c"));
    CHECK(refusal("x*(1+x^2)^(-0.5)") == "accepted");
    CHECK(refusal("x*2^999/2^999") == "accepted");
}

namespace {
// The ops of an expression's program, in order.
std::vector<numeric::ActivationOp> ops_of(const std::string& text) {
    std::vector<numeric::ActivationOp> ops;
    const numeric::Activation a = symbolic::resolve_activation(text);  // alive while its code is read
    for (const auto& in : a.program()->code())
        ops.push_back(in.op);
    return ops;
}
}  // namespace

TEST_CASE("the sigmoid family compiles to one fused lane op each", "[symbolic][activation]") {
    using Op = numeric::ActivationOp;
    CHECK(ops_of("sigmoid") == std::vector<Op>{Op::x, Op::sigmoid});
    CHECK(ops_of("silu") == std::vector<Op>{Op::x, Op::sigmoid, Op::mul});
    CHECK(ops_of("x*tanh(log(1+exp(x)))") == std::vector<Op>{Op::x, Op::tanh_softplus, Op::mul});
    CHECK(ops_of("log(1+exp(x))") == std::vector<Op>{Op::x, Op::softplus});
    const auto softplus = ops_of("softplus");  // x·step(x) + log(1 + e^−|x|): the log part fused
    CHECK(std::count(softplus.begin(), softplus.end(), Op::softplus) == 1);
    CHECK(std::count(softplus.begin(), softplus.end(), Op::log) == 0);
    // Not the pattern: 2 + e^x, log(1 + e^x) squared under tanh.
    CHECK(ops_of("1/(2+exp(x))") == std::vector<Op>{Op::x, Op::exp, Op::constant, Op::add, Op::powi});
    const auto other = ops_of("tanh(log(1+exp(x))^2)");
    CHECK(std::count(other.begin(), other.end(), Op::tanh) == 1);
    CHECK(std::count(other.begin(), other.end(), Op::softplus) == 1);
}
