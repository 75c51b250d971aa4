#include "symbolic/activation_expression.hpp"

#include "common/error.hpp"
#include "numeric/activation_program.hpp"
#include "symbolic/detail/activation_syntax.hpp"

#include <array>
#include <cln/float.h>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace nnft::symbolic {

namespace {
using GiNaC::ex;

ex erf_eval(const ex& a) { return a.is_zero() ? ex(0) : erf(a).hold(); }
ex erf_evalf(const ex& a) {
    if (GiNaC::is_a<GiNaC::numeric>(a) && GiNaC::ex_to<GiNaC::numeric>(a).is_real())
        return GiNaC::numeric(std::erf(GiNaC::ex_to<GiNaC::numeric>(a).to_double()));
    return erf(a).hold();
}
ex erf_derivative(const ex& a, unsigned) { return 2 / GiNaC::sqrt(GiNaC::Pi) * GiNaC::exp(-GiNaC::pow(a, 2)); }

// max and min are read as GiNaC functions that evaluate at once to |·| forms (which the programs run).
ex max_eval(const ex& a, const ex& b) { return (a + b) / 2 + GiNaC::abs(a - b) / 2; }
ex min_eval(const ex& a, const ex& b) { return (a + b) / 2 - GiNaC::abs(a - b) / 2; }
const unsigned kMaxSerial = GiNaC::function::register_new(GiNaC::function_options("max", 2).eval_func(max_eval));
const unsigned kMinSerial = GiNaC::function::register_new(GiNaC::function_options("min", 2).eval_func(min_eval));

constexpr std::array<ActivationPreset, 12> kPresets = {{{"erf", ""},
                                                        {"relu", ""},
                                                        {"gauss", ""},
                                                        {"tanh", ""},
                                                        {"gelu", "x*(1+erf(x/sqrt(2)))/2"},
                                                        {"silu", "x/(1+exp(-x))"},
                                                        {"swish", "x/(1+exp(-x))"},
                                                        {"softplus", "x*step(x)+log(1+exp(-abs(x)))"},  // log(1+exp(x)), without overflow
                                                        {"sigmoid", "1/(1+exp(-x))"},
                                                        {"sin", "sin(x)"},
                                                        {"cos", "cos(x)"},
                                                        {"linear", "x"}}};

// The finiteness grid: 0, ±h, ±2h, … ±kEdge, in order of |x| (the first failure is the one nearest 0).
constexpr double kEdge = 60.0, kGridStep = 0.125;
// Growth bound: refused when log|σ(±kEdge)| > kEdge²/16 (faster than exp(x²/16) there).
constexpr double kGrowthDivisor = 16.0;

std::string format(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string quoted(std::string_view text) { return "activation '" + std::string(text) + "'"; }

// Straight-line code from the expression tree (shared subexpressions computed once).
class Compiler {
public:
    Compiler(std::string_view text, const GiNaC::symbol& x) : text_(text), x_(x) { program_.emit(numeric::ActivationOp::x); }
    std::shared_ptr<const numeric::ActivationProgram> compile(const ex& e) {
        const std::uint32_t r = emit(e);
        NNFT_ASSERT(r + 1 == program_.code().size());
        return std::make_shared<const numeric::ActivationProgram>(std::move(program_));
    }

private:
    std::string_view text_;
    const GiNaC::symbol& x_;
    numeric::ActivationProgram program_;
    std::map<ex, std::uint32_t, GiNaC::ex_is_less> done_;

    std::uint32_t emit(const ex& e) {
        if (const auto it = done_.find(e); it != done_.end())
            return it->second;
        const std::uint32_t r = emit_new(e);
        done_.emplace(e, r);
        return r;
    }
    std::uint32_t fold(const ex& e, numeric::ActivationOp op) {
        std::uint32_t r = emit(e.op(0));
        for (std::size_t k = 1; k < e.nops(); ++k)
            r = program_.emit(op, r, emit(e.op(k)));
        return r;
    }
    std::uint32_t constant(const ex& e) {
        ex v;
        try {
            v = GiNaC::evalf(e);
        } catch (const cln::floating_point_underflow_exception&) {  // exp(−8^28/2): 0 in double precision
            return program_.constant(0.0);
        } catch (const std::exception& error) {  // CLN's overflow and other arithmetic failures
            throw Error(quoted(text_) + ": a constant part cannot be evaluated in floating point (" + error.what() +
                        "): write it as a plain number");
        }
        if (!GiNaC::is_a<GiNaC::numeric>(v) || !GiNaC::ex_to<GiNaC::numeric>(v).is_real())
            throw Error(quoted(text_) + ": the constant " + GiNaC::ex_to<GiNaC::basic>(e).class_name() +
                        " does not evaluate to a real number");
        return program_.constant(GiNaC::ex_to<GiNaC::numeric>(v).to_double());
    }
    std::uint32_t power(const ex& e);
    std::uint32_t function(const ex& e);
    std::uint32_t emit_new(const ex& e) {
        using numeric::ActivationOp;
        if (e.is_equal(x_))
            return 0;
        if (!e.has(x_))
            return constant(e);
        if (GiNaC::is_a<GiNaC::add>(e))
            return fold(e, ActivationOp::add);
        if (GiNaC::is_a<GiNaC::mul>(e))
            return fold(e, ActivationOp::mul);
        if (GiNaC::is_a<GiNaC::power>(e))
            return power(e);
        if (GiNaC::is_a<GiNaC::function>(e))
            return function(e);
        throw Error(quoted(text_) + ": cannot evaluate the part of class " + GiNaC::ex_to<GiNaC::basic>(e).class_name());
    }
};

// Whether e is 1 + exp(u) (then u is set): the sigmoid family's core, compiled as one fused lane op.
bool one_plus_exp(const ex& e, ex& u) {
    if (!GiNaC::is_a<GiNaC::add>(e) || e.nops() != 2)
        return false;
    for (std::size_t i = 0; i < 2; ++i)
        if (e.op(1 - i).is_equal(1) && GiNaC::is_the_function<GiNaC::exp_SERIAL>(e.op(i))) {
            u = e.op(i).op(0);
            return true;
        }
    return false;
}

std::uint32_t Compiler::power(const ex& e) {
    using numeric::ActivationOp;
    const ex k = e.op(1);
    if (ex u; k.is_equal(-1) && one_plus_exp(e.op(0), u))  // 1/(1 + e^u) = sigmoid(−u)
        return program_.emit(ActivationOp::sigmoid, emit(-u));
    if (GiNaC::is_a<GiNaC::numeric>(k)) {
        const GiNaC::numeric n = GiNaC::ex_to<GiNaC::numeric>(k);
        if (n.is_integer() && abs(n) <= 64)
            return program_.powi(emit(e.op(0)), n.to_int());
        if (n == GiNaC::numeric(1, 2))
            return program_.emit(ActivationOp::sqrt, emit(e.op(0)));
        if (n == GiNaC::numeric(-1, 2))
            return program_.powi(program_.emit(ActivationOp::sqrt, emit(e.op(0))), -1);
    }
    if (!k.has(x_) && e.op(0).is_equal(GiNaC::exp(1)))
        return program_.emit(ActivationOp::exp, emit(k));
    return program_.emit(ActivationOp::pow, emit(e.op(0)), emit(k));
}

std::uint32_t Compiler::function(const ex& e) {
    using numeric::ActivationOp;
    static const std::map<std::string, ActivationOp> direct = {
        {"exp", ActivationOp::exp},   {"log", ActivationOp::log}, {"sin", ActivationOp::sin},
        {"cos", ActivationOp::cos},   {"tanh", ActivationOp::tanh}, {"erf", ActivationOp::erf},
        {"abs", ActivationOp::abs},   {"step", ActivationOp::step}};
    const std::string name = GiNaC::ex_to<GiNaC::function>(e).get_name();
    // log(1 + e^u) and tanh(log(1 + e^u)) (softplus, mish's factor): one fused lane op each.
    if (ex u; name == "log" && one_plus_exp(e.op(0), u))
        return program_.emit(ActivationOp::softplus, emit(u));
    if (ex u; name == "tanh" && GiNaC::is_the_function<GiNaC::log_SERIAL>(e.op(0)) && one_plus_exp(e.op(0).op(0), u))
        return program_.emit(ActivationOp::tanh_softplus, emit(u));
    if (const auto it = direct.find(name); it != direct.end() && e.nops() == 1)
        return program_.emit(it->second, emit(e.op(0)));
    const ex a = e.op(0);
    if (name == "sinh" || name == "cosh") {  // (e^a ∓ e^{−a}) / 2
        const std::uint32_t up = emit(GiNaC::exp(a)), down = emit(GiNaC::exp(-a));
        const std::uint32_t sum = program_.emit(name == "sinh" ? ActivationOp::sub : ActivationOp::add, up, down);
        return program_.emit(ActivationOp::mul, sum, program_.constant(0.5));
    }
    if (name == "tan")
        return program_.emit(ActivationOp::div, emit(GiNaC::sin(a)), emit(GiNaC::cos(a)));
    throw Error(quoted(text_) + ": the function '" + name + "' is not supported in activations");
}

// The built-in with the same expression (erf(x), tanh(x), max(0, x) or x·step(x)), if any.
std::optional<numeric::Activation> builtin_of(const ex& e, const GiNaC::symbol& x) {
    if (e.is_equal(erf(x)))
        return numeric::Activation(numeric::ActivationKind::erf);
    if (e.is_equal(GiNaC::tanh(x)))
        return numeric::Activation(numeric::ActivationKind::tanh);
    if (e.is_equal(max_eval(0, x)) || e.is_equal(x * GiNaC::step(x)))
        return numeric::Activation(numeric::ActivationKind::relu);
    return std::nullopt;
}

// Refuse growth faster than exp(x²/16) at x = ±kEdge (exact evaluation, no overflow).
void check_growth(std::string_view text, const ex& e, const GiNaC::symbol& x) {
    for (const double at : {-kEdge, kEdge}) {
        ex v;
        try {
            v = GiNaC::evalf(e.subs(x == GiNaC::numeric(at)));
        } catch (const std::exception& error) {  // e.g. GiNaC::pole_error: 2/(1+erf(x)) at x = −60 (fuzz_activation)
            throw Error(quoted(text) + " cannot be evaluated at x = " + format(at) + " (" + error.what() +
                        "): an activation must be finite on the whole real line");
        }
        if (!GiNaC::is_a<GiNaC::numeric>(v) || v.is_zero())
            continue;
        const double log_size = GiNaC::log(GiNaC::abs(GiNaC::ex_to<GiNaC::numeric>(v))).to_double();
        if (log_size > at * at / kGrowthDivisor)
            throw Error(quoted(text) + " grows too fast: |σ(" + format(at) + ")| = e^" + format(log_size) + " exceeds e^" +
                        format(at * at / kGrowthDivisor) + " = exp(x²/16), so Gaussian moments E[σ(z)ⁿ] diverge " +
                        "(for variances ≥ 4/3 at n = 6): use an activation growing slower than exp(x²/16)");
    }
}

// Refuse a σ that is not finite at a point of the grid (the program's own double values).
void check_finite(std::string_view text, const numeric::ActivationProgram& p) {
    const auto steps = static_cast<std::size_t>(kEdge / kGridStep);
    std::vector<double> grid{0.0}, values;
    for (std::size_t k = 1; k <= steps; ++k) {
        grid.push_back(-static_cast<double>(k) * kGridStep);
        grid.push_back(static_cast<double>(k) * kGridStep);
    }
    values = grid;
    p.evaluate(values.data(), values.size());
    for (std::size_t i = 0; i < grid.size(); ++i)
        if (!std::isfinite(values[i]))
            throw Error(quoted(text) + " is not finite at x = " + format(grid[i]) + " (σ = " + format(values[i]) +
                        "): an activation must be finite on the whole real line");
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\n");
    if (b == std::string_view::npos)
        return "";
    return std::string(s.substr(b, s.find_last_not_of(" \t\n") - b + 1));
}

numeric::Activation make(std::string display, std::string_view expression, const ActivationParseOptions& options) {
    const GiNaC::symbol& x = activation_variable();
    const ex e = activation_ex(expression);
    if (options.map_builtins)
        if (const auto b = builtin_of(e, x))
            return *b;
    try {
        auto program = Compiler(expression, x).compile(e);
        check_growth(expression, e, x);
        check_finite(expression, *program);
        auto slopes = options.piecewise_linear ? kink_slopes_of(e) : std::nullopt;
        return numeric::Activation::expression(std::move(display), std::move(program), slopes, kink_points_of(e));
    } catch (const Error&) {
        throw;
    } catch (const std::exception& error) {  // GiNaC/CLN arithmetic on the expression's constants (fuzz_activation)
        throw Error(quoted(expression) + " cannot be evaluated in floating point (" + error.what() +
                    "): simplify its constants");
    }
}
}  // namespace

REGISTER_FUNCTION(erf, eval_func(erf_eval).evalf_func(erf_evalf).derivative_func(erf_derivative))

std::span<const ActivationPreset> activation_presets() { return kPresets; }

const GiNaC::symbol& activation_variable() {
    static const GiNaC::symbol x("x");
    return x;
}

ex activation_ex(std::string_view text) {
    detail::check_activation_syntax(text);
    (void)kMaxSerial;
    (void)kMinSerial;
    GiNaC::symtab table{{"x", activation_variable()}, {"pi", GiNaC::Pi}, {"Pi", GiNaC::Pi}};
    GiNaC::parser reader(table, true);
    try {
        return reader(std::string(text));
    } catch (const std::exception& e) {
        throw Error(quoted(text) + " does not parse: " + e.what());
    }
}

numeric::Activation parse_activation_expression(std::string_view text, const ActivationParseOptions& options) {
    const std::string t = trim(text);
    return make(t, t, options);
}

numeric::Activation resolve_activation(std::string_view text, const ActivationParseOptions& options) {
    const std::string t = trim(text);
    if (const auto builtin = numeric::find_activation(t))
        return *builtin;
    for (const auto& p : kPresets)
        if (p.name == t)
            return make(t, p.expression, options);
    constexpr std::string_view leaky = "leaky_relu:";
    if (t.starts_with(leaky)) {
        const std::string a = t.substr(leaky.size());
        std::size_t used = 0;
        double v = NAN;
        try {
            v = std::stod(a, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (a.empty() || used != a.size() || !std::isfinite(v))
            throw Error("activation '" + t + "': write leaky_relu:a with a number a, e.g. leaky_relu:0.1");
        return make(t, "x*step(x)+(" + a + ")*x*step(-x)", options);
    }
    return parse_activation_expression(t, options);
}

bool has_kink(const numeric::Activation& activation) {
    switch (activation.kind()) {
    case numeric::ActivationKind::relu: return true;
    case numeric::ActivationKind::expression: break;
    default: return false;
    }
    std::string text = activation.name();
    for (const auto& p : kPresets)
        if (p.name == text) text = std::string(p.expression);
    if (text.starts_with("leaky_relu:")) return true;
    for (const char* kink : {"step(", "abs(", "max(", "min("})
        if (text.find(kink) != std::string::npos) return true;
    return false;
}

}  // namespace nnft::symbolic
