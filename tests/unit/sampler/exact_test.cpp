#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "sampler/exact.hpp"
#include "kinked_programs.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <numbers>

using namespace nnft::sampler;
using nnft::test::program;

namespace {
ExactConfig config(Activation a, std::size_t width, const char* inputs, std::size_t d_in = 1) {
    ExactConfig c;
    c.net = nnft::numeric::default_network(a);
    c.net.width = width;
    c.net.d_in = d_in;
    c.inputs = parse_inputs(inputs, d_in);
    return c;
}
// The closed-form kernel of σ = c₋u + (c₊ − c₋)relu(u): K = σ_b² + σ_W²((c₊ − c₋)² J + c₊c₋ C), J the arc-cosine kernel
// (σ_W = 1, d_in = 1).
double kinked_kernel(double xa, double xb, double sb, double cp, double cm) {
    const double caa = sb * sb + xa * xa, cbb = sb * sb + xb * xb, cab = sb * sb + xa * xb;
    const double th = std::acos(std::clamp(cab / std::sqrt(caa * cbb), -1.0, 1.0));
    const double j = std::sqrt(caa * cbb) / (2 * std::numbers::pi) * (std::sin(th) + (std::numbers::pi - th) * std::cos(th));
    return sb * sb + (cp - cm) * (cp - cm) * j + cp * cm * cab;
}
double product(const ExactConfig& c, const nnft::numeric::Tuple& idx) {
    double p = 1.0;
    for (auto i : idx)
        p *= c.inputs.x[i];
    return p;
}
}  // namespace

TEST_CASE("ReLU, σ_b = 0, d_in = 1: closed forms of G2, G4_con and G6_con", "[sampler][exact]") {
    // z = w x with w ~ N(0, σ_W²): for inputs of one sign E[Π_{i≤n} relu(w x_i)] = Π|x_i| σ_Wⁿ (n−1)!!/2, and 0
    // for mixed signs (no w makes both positive). For inputs of one sign this gives
    // G4_con = 3 (σ_W⁴/N) σ_W⁴ Πx (3/2 − 1/4) = (15/4) σ_W⁸ Πx / N,
    // G6_con = 15 (σ_W⁶/N²) σ_W⁶ Πx (15/2 − 3·(3/2)(1/2) + 2/8) = 82.5 σ_W¹² Πx / N²;
    // for mixed signs G4_con = −(σ_W⁴/N) Σ_3 E2 E2 over the pairings whose pairs have one sign.
    ExactConfig c = config(nnft::numeric::ActivationKind::relu, 7, "0.3;0.8;1.5;-0.5");
    nnft::numeric::set_gaussian_weights(c.net, c.net.weights.mean(), 1.2);
    const Correlators r = exact_correlators(c);
    const double sw = 1.2, n = 7;
    auto x = [&](std::uint16_t i) { return c.inputs.x[i]; };
    auto e2 = [&](std::uint16_t a, std::uint16_t b) { return (x(a) > 0) == (x(b) > 0) ? sw * sw * x(a) * x(b) / 2 : 0.0; };
    for (const auto& e : r.at("g2_connected"))
        CHECK(e.value == Approx(sw * sw * e2(e.indices[0], e.indices[1])).margin(1e-15));
    for (const auto& e : r.at("g4_connected")) {
        const auto& t = e.indices;
        const bool mixed = std::any_of(t.begin(), t.end(), [&](auto i) { return x(i) < 0; }) &&
                           std::any_of(t.begin(), t.end(), [&](auto i) { return x(i) > 0; });
        const double expect = !mixed ? 3.75 * std::pow(sw, 8) * product(c, t) / n
                                     : -std::pow(sw, 4) / n *
                                           (e2(t[0], t[1]) * e2(t[2], t[3]) + e2(t[0], t[2]) * e2(t[1], t[3]) +
                                            e2(t[0], t[3]) * e2(t[1], t[2]));
        CHECK(e.value == Approx(expect).epsilon(1e-12).margin(1e-15));
    }
    for (const auto& e : r.at("g6_connected")) {
        const auto& t = e.indices;
        if (std::any_of(t.begin(), t.end(), [&](auto i) { return x(i) < 0; }) &&
            std::any_of(t.begin(), t.end(), [&](auto i) { return x(i) > 0; }))
            continue;
        CHECK(e.value == Approx(82.5 * std::pow(sw, 12) * product(c, e.indices) / (n * n)).epsilon(1e-12));
    }
}

TEST_CASE("single-neuron moments: quadrature matches closed forms to 1e-10", "[sampler][exact]") {
    // Gauss-net moments are Gaussian integrals of exponentials: compare both quadratures with them.
    for (const char* in : {"-0.01;-0.006;-0.002;0.002;0.006;0.01", "-0.8;0.1;1.3"}) {
        NetworkSpec s = nnft::numeric::default_network(nnft::numeric::ActivationKind::gauss);
        nnft::numeric::set_gaussian_weights(s, s.weights.mean(), 1.1);
        nnft::numeric::set_gaussian_biases(s, s.biases.mean(), 0.6);
        const InputSet x = parse_inputs(in, 1);
        const NeuronMoments exact = neuron_moments(s, x, 6);
        for (auto method : {MomentMethod::Trapezoid, MomentMethod::GaussHermite}) {
            const NeuronMoments q = neuron_moments(s, x, 6, method);
            for (std::size_t i = 0; i < exact.value.size(); ++i)
                CHECK(std::abs(q.value[i] - exact.value[i]) <= 1e-10 * std::abs(exact.value[i]));
        }
    }
    // ReLU with σ_b > 0 (rank 2): kink-aware closed form vs 2-d trapezoid (O(h²) at the kink: 1e-3 only).
    NetworkSpec r = nnft::numeric::default_network(nnft::numeric::ActivationKind::relu);
    nnft::numeric::set_gaussian_biases(r, r.biases.mean(), 0.5);
    const InputSet x = parse_inputs("0.3;-1;2", 1);
    const NeuronMoments kink = neuron_moments(r, x, 4);
    const NeuronMoments trap = neuron_moments(r, x, 4, MomentMethod::Trapezoid);
    for (std::size_t i = 0; i < kink.value.size(); ++i)
        CHECK(trap.value[i] == Approx(kink.value[i]).epsilon(2e-3).margin(1e-6));
    // Erf: E[erf(z)erf(z')] = (2/π) arcsin(2c/√((1+2v)(1+2v'))) (zero mean).
    NetworkSpec e = nnft::numeric::default_network(nnft::numeric::ActivationKind::erf);
    const InputSet y = parse_inputs("-1;0.3;2", 1);
    const NeuronMoments m = neuron_moments(e, y, 2);
    for (std::size_t s = m.table.offset(2); s < m.table.offset(3); ++s) {
        const auto t = m.table.tuple(s);
        const double a = y.x[t[0]], b = y.x[t[1]];
        const double k = (2 / std::numbers::pi) * std::asin(2 * (1 + a * b) / std::sqrt((3 + 2 * a * a) * (3 + 2 * b * b)));
        CHECK(std::abs(m.value[s] - k) < 1e-12);
        CHECK(std::abs(m.value[s] - m.coarse[s]) < 1e-12);
    }
}

TEST_CASE("G4_con·N and G6_con·N² are independent of N; G2 is the kernel", "[sampler][exact]") {
    for (Activation a : {nnft::numeric::ActivationKind::erf, nnft::numeric::ActivationKind::gauss, nnft::numeric::ActivationKind::tanh, nnft::numeric::ActivationKind::relu}) {
        ExactConfig c1 = config(a, 3, "0.2;0.5;-0.9"), c2 = config(a, 1000, "0.2;0.5;-0.9");
        const Correlators r1 = exact_correlators(c1), r2 = exact_correlators(c2);
        for (std::size_t i = 0; i < r1.at("g4_connected").size(); ++i)
            CHECK(r1.at("g4_connected")[i].value * 3 == Approx(r2.at("g4_connected")[i].value * 1000).epsilon(1e-12).margin(1e-300));
        for (std::size_t i = 0; i < r1.at("g6_connected").size(); ++i)
            CHECK(r1.at("g6_connected")[i].value * 9 == Approx(r2.at("g6_connected")[i].value * 1e6).epsilon(1e-12).margin(1e-300));
        for (std::size_t i = 0; i < r1.at("g2").size(); ++i)
            CHECK(r1.at("g2")[i].value == Approx(r2.at("g2")[i].value).epsilon(1e-14));
    }
    // Gauss-net kernel: K = σ_b² + σ_W² exp(−σ_W² |x − x'|²/(2 d_in)).
    const Correlators g = exact_correlators(config(nnft::numeric::ActivationKind::gauss, 10, "0.2;0.5;-0.9"));
    const double x[3] = {0.2, 0.5, -0.9};
    for (const auto& e : g.at("g2"))
        CHECK(e.value == Approx(1.0 + std::exp(-0.5 * std::pow(x[e.indices[0]] - x[e.indices[1]], 2))).epsilon(1e-13));
}

TEST_CASE("multiple outputs: connected parts vanish unless outputs pair up", "[sampler][exact]") {
    ExactConfig c = config(nnft::numeric::ActivationKind::erf, 4, "0.5;1");
    c.net.d_out = 2;
    const Correlators r = exact_correlators(c);
    for (const auto& e : r.at("g4_connected")) {
        int ones = 0;
        for (auto p : e.indices)
            ones += p % 2;
        if (ones % 2)
            CHECK(e.value == 0.0);
        else
            CHECK(e.value > 0.0);
    }
    nnft::numeric::set_gaussian_weights(c.net, 0.1, c.net.weights.sd());
    CHECK_THROWS_AS(exact_correlators(c), nnft::Error);
}

TEST_CASE("non-Gaussian laws: exact correlators against closed forms", "[sampler][exact][law]") {
    using nnft::numeric::ParameterLaw;
    SECTION("tanh with zero weights and a uniform bias: z = b, E[tanh^n(b)] by antiderivatives") {
        // ∫ tanh² = b − tanh b and ∫ tanh⁴ = b − tanh b − tanh³ b / 3, over b ∈ [−1, 2] divided by 3.
        ExactConfig c = config(nnft::numeric::ActivationKind::tanh, 3, "0.5;-0.7");
        c.net.weights = ParameterLaw::zero();
        c.net.biases = ParameterLaw::uniform(-1.0, 2.0);
        c.max_n = 4;
        auto f2 = [](double b) { return b - std::tanh(b); };
        auto f4 = [&](double b) { return f2(b) - std::pow(std::tanh(b), 3) / 3.0; };
        const double e2 = (f2(2.0) - f2(-1.0)) / 3.0, e4 = (f4(2.0) - f4(-1.0)) / 3.0;
        const Correlators r = exact_correlators(c);
        // Output weights and bias normal(0, 1): G2 = 1 + E[φ²], G4_con = (3/N)(E[φ⁴] − E[φ²]²).
        // The reported error (fine − coarse rule) must cover the true one.
        const CorrelatorEntry g2 = r.table("g2_connected").at({0, 1});
        const CorrelatorEntry g4 = r.table("g4_connected").at({0, 0, 1, 1});
        CHECK(std::abs(g2.value - (1.0 + e2)) <= g2.error + 1e-15);
        CHECK(std::abs(g4.value - (e4 - e2 * e2)) <= g4.error + 1e-15);
        CHECK(g2.value == Approx(1.0 + e2).epsilon(1e-10));
        CHECK(g4.value == Approx(e4 - e2 * e2).epsilon(1e-9));
    }
    SECTION("erf with Rademacher weights, no bias, Rademacher output weights: two-point sums") {
        // z_i = ±1.5 x_i, so E[Π φ_i] = ½(Π erf(1.5 x_i) + Π erf(−1.5 x_i)); output κ₂ = 1, κ₄ = −2, bias
        // normal(0, 1) (κ₄ = 0): G4_con(a,b,c,d) = (1/N)[Σ_3 (E_abcd − E_ab E_cd) − 2 E_abcd].
        ExactConfig c = config(nnft::numeric::ActivationKind::erf, 2, "0.4;-0.9;1.3");
        c.net.weights = ParameterLaw::rademacher(1.5);
        c.net.biases = ParameterLaw::zero();
        c.net.output_weights = ParameterLaw::rademacher(1.0);
        c.max_n = 4;
        auto e = [&](std::initializer_list<int> idx) {
            double plus = 1.0, minus = 1.0;
            for (int i : idx) {
                plus *= std::erf(1.5 * c.inputs.x[static_cast<std::size_t>(i)]);
                minus *= std::erf(-1.5 * c.inputs.x[static_cast<std::size_t>(i)]);
            }
            return 0.5 * (plus + minus);
        };
        const Correlators r = exact_correlators(c);
        CHECK(r.table("g2_connected").at({0, 2}).value == Approx(1.0 + e({0, 2})).epsilon(1e-14));
        const double e4 = e({0, 1, 2, 2});
        const double pairs = 3 * e4 - e({0, 1}) * e({2, 2}) - 2 * e({0, 2}) * e({1, 2});
        CHECK(r.table("g4_connected").at({0, 1, 2, 2}).value == Approx((pairs - 2.0 * e4) / 2.0).epsilon(1e-13));
    }
    SECTION("laws without the needed cumulant are refused") {
        ExactConfig c = config(nnft::numeric::ActivationKind::erf, 2, "0.4");
        c.net.output_weights = ParameterLaw::student_t(5.0, 1.0);
        c.max_n = 4;
        CHECK_NOTHROW(exact_correlators(c));
        c.max_n = 6;
        CHECK_THROWS_WITH(exact_correlators(c), Catch::Contains("student_t needs nu > 6"));
    }
}

TEST_CASE("piecewise-linear σ with the kink at 0: exact rank-≤2 moments (leaky_relu, the ReLU identity)", "[sampler][exact]") {
    const char* in = "-1.5;-0.4;0.3;1.2;2";
    SECTION("leaky_relu:0.1: G2 is the closed-form kernel, with error 0") {
        ExactConfig c = config(program("leaky_relu:0.1", nnft::numeric::KinkSlopes{1.0, 0.1}), 3, in);
        c.max_n = 2;
        const Correlators r = exact_correlators(c);
        for (const auto& e : r.at("g2")) {
            const double k = kinked_kernel(c.inputs.x[e.indices[0]], c.inputs.x[e.indices[1]], 1.0, 1.0, 0.1);
            CHECK(e.value == Approx(k).epsilon(1e-12));
            CHECK(e.error == 0.0);
        }
        // mpmath (30 digits) of the same kernel; the trapezoid gave 1.825582497 (6e-6 off) before.
        CHECK(r.table("g2").at({0, 1}).value == Approx(1.8255763715392725155).epsilon(1e-14));
        CHECK(r.table("g2").at({1, 4}).value == Approx(1.3720408481314712979).epsilon(1e-14));
    }
    SECTION("x·step(x) marked piecewise linear, and on the kink-split quadrature, reproduce the ReLU closed form") {
        for (auto slopes : {std::optional<nnft::numeric::KinkSlopes>{{1.0, 0.0}}, std::optional<nnft::numeric::KinkSlopes>{}}) {
            ExactConfig relu = config(nnft::numeric::ActivationKind::relu, 3, in), expr = config(program("x*step(x)", slopes), 3, in);
            nnft::numeric::set_gaussian_biases(relu.net, 0.0, 0.7);
            nnft::numeric::set_gaussian_biases(expr.net, 0.0, 0.7);
            const Correlators a = exact_correlators(relu), b = exact_correlators(expr);
            for (const char* name : {"g2", "g4_connected", "g6_connected"})
                for (std::size_t i = 0; i < a.at(name).size(); ++i) {
                    INFO(name << " entry " << i << (slopes ? " closed form " : " quadrature ") << std::setprecision(17)
                              << b.at(name)[i].value << " ± " << b.at(name)[i].error << " vs " << a.at(name)[i].value);
                    // Margin 1e-13: G6_con cancels moments of order 1 down to ~1e-2, where the quadrature's rounding
                    // (~1e-14 relative, summing ~10⁶ nodes) is ~1e-12 relative; the error is the truncation error only.
                    CHECK(b.at(name)[i].value == Approx(a.at(name)[i].value).epsilon(1e-12).margin(1e-13));
                    CHECK(std::abs(b.at(name)[i].value - a.at(name)[i].value) <= b.at(name)[i].error + 2e-14 * std::abs(a.at(name)[i].value) + 1e-13);
                }
        }
    }
    SECTION("leaky_relu:0.1 moments up to n = 6: closed form against the kink-split quadrature") {
        const InputSet x = parse_inputs(in, 1);
        NetworkSpec s = nnft::numeric::default_network(program("leaky_relu:0.1", nnft::numeric::KinkSlopes{1.0, 0.1}));
        const NeuronMoments exact = neuron_moments(s, x, 6);
        s.activation = program("leaky_relu:0.1");
        const NeuronMoments quad = neuron_moments(s, x, 6);
        for (std::size_t i = 0; i < exact.value.size(); ++i) {
            CHECK(exact.value[i] == exact.coarse[i]);
            CHECK(quad.value[i] == Approx(exact.value[i]).epsilon(1e-12).margin(1e-14));
        }
    }
}

TEST_CASE("piecewise-linear σ at rank 3 (d_in = 2 with a bias): the great-circle sphere rule", "[sampler][exact]") {
    // Three inputs in the plane span rank 3. Independent references: (1) tuples over the first two inputs only depend on
    // their rank-2 marginal, which the exact Fourier path integrates (no quadrature), and (2) G2 is the arc-cosine kernel.
    // Before this rule ReLU at rank 3 took the trapezoid: G2 ~1e-7 off and G6_con up to 43× outside its error.
    const InputSet three = parse_inputs("-1,0.5;0.3,1.2;1.5,-0.7", 2), two = parse_inputs("-1,0.5;0.3,1.2", 2);
    for (const nnft::numeric::Activation& a : {nnft::numeric::Activation(nnft::numeric::ActivationKind::relu),
                                              program("leaky_relu:0.1", nnft::numeric::KinkSlopes{1.0, 0.1})}) {
        NetworkSpec s = nnft::numeric::default_network(a);
        s.d_in = 2;
        nnft::numeric::set_gaussian_weights(s, 0.0, 1.0);
        nnft::numeric::set_gaussian_biases(s, 0.0, 1.0);
        const NeuronMoments m3 = neuron_moments(s, three, 6), m2 = neuron_moments(s, two, 6);
        REQUIRE(m3.rank == 3);
        REQUIRE(m2.rank == 2);
        for (std::size_t slot = 0; slot < m2.table.size(); ++slot) {
            const auto t = m2.table.tuple(slot);
            const std::size_t at = m3.table.slot(t.data(), static_cast<int>(t.size()));
            INFO(a.name() << " tuple of length " << t.size() << ": " << m3.value[at] << " vs " << m2.value[slot]);
            CHECK(m3.value[at] == Approx(m2.value[slot]).epsilon(1e-13));
            CHECK(std::abs(m3.value[at] - m3.coarse[at]) <= 1e-13 * std::abs(m3.value[at]));
        }
    }
    ExactConfig c = config(nnft::numeric::ActivationKind::relu, 3, "-1,0.5;0.3,1.2;1.5,-0.7;0.2,0.1;-0.8,-1.1", 2);
    nnft::numeric::set_gaussian_weights(c.net, 0.0, 1.0);
    nnft::numeric::set_gaussian_biases(c.net, 0.0, 1.0);
    c.max_n = 2;
    const Correlators r = exact_correlators(c);
    for (const auto& e : r.at("g2")) {
        const auto& x = c.inputs.x;  // z = w·x/√2 + b, σ_W = σ_b = 1
        const std::size_t i = e.indices[0], j = e.indices[1];
        const double vx = 1 + (x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1]) / 2, vy = 1 + (x[2 * j] * x[2 * j] + x[2 * j + 1] * x[2 * j + 1]) / 2;
        const double cxy = 1 + (x[2 * i] * x[2 * j] + x[2 * i + 1] * x[2 * j + 1]) / 2;
        const double th = std::acos(std::clamp(cxy / std::sqrt(vx * vy), -1.0, 1.0));
        const double k = 1 + std::sqrt(vx * vy) / (2 * std::numbers::pi) * (std::sin(th) + (std::numbers::pi - th) * std::cos(th));
        CHECK(e.value == Approx(k).epsilon(2e-15));
        CHECK(e.error <= 1e-14 * k);
    }
}

TEST_CASE("kinks away from 0 and a first-layer mean: the kink-line polar rule", "[sampler][exact]") {
    // References: mpmath (20 digits), tests/support/kinked_g2_reference.py: E[σ(z_a)σ(z_b)] over b ~ N(μ_b, 1) split at
    // every kink, then over w ~ N(0, 1) split where two kinks cross; G2 = μ_b² + 1 + E.
    // Before this rule max(0, x − 1) went to the trapezoid: (0, 0) 1.6139385286883716 ± 5.5e-7, 5.9e-7 off.
    const char* in = "-1.5;-0.4;0.3;1.2;2";
    struct Ref {
        const char* sigma;
        double mu_b;
        std::uint16_t a, b;
        double g2;
    };
    for (const Ref& ref : {Ref{"max(0,x-1)", 0.0, 0, 0, 1.6139391172674922}, Ref{"max(0,x-1)", 0.0, 2, 3, 1.1396903867842918},
                           Ref{"max(0,x-1)", 0.0, 3, 4, 1.6411459951507934}, Ref{"hardtanh", 0.3, 0, 1, 1.57608090295219319}, Ref{"hardtanh", 0.3, 2, 4, 1.48629686411276637}}) {
        ExactConfig c = config(program(ref.sigma), 3, in);
        nnft::numeric::set_gaussian_biases(c.net, ref.mu_b, 1.0);
        c.max_n = 2;
        const CorrelatorEntry e = exact_correlators(c).table("g2").at({ref.a, ref.b});
        INFO(ref.sigma << " (" << ref.a << ", " << ref.b << "): " << std::setprecision(17) << e.value << " ± " << e.error
                       << " vs " << ref.g2);
        CHECK(std::abs(e.value - ref.g2) <= e.error + 2e-14 * ref.g2);  // rounding as in the test below
        CHECK(e.error < 1e-12);
    }
}

TEST_CASE("kinked σ off the closed forms: the quadrature's error covers its deviation", "[sampler][exact]") {
    // References: mpmath (20 digits), E[σ(z_a)σ(z_b)] in polar coordinates split at the kinks, G2 = 1 + E (σ_b = σ_W = 1).
    // Before the kink-split rule the trapezoid gave step(x)·tanh(x) (0,1) 1.2117109760 ± 1.2e-5 (7.0e-6 off) and
    // leaky_relu:0.1 on the trapezoid had pairs 6.7× and 1500× outside their error.
    const char* in = "-1.5;-0.4;0.3;1.2;2";
    struct Ref {
        const char* sigma;
        std::uint16_t a, b;
        double g2;
    };
    for (const Ref& ref : {Ref{"step(x)*tanh(x)", 0, 1, 1.2117039651912133}, Ref{"step(x)*tanh(x)", 0, 2, 1.1354434808208058},
                           Ref{"step(x)*tanh(x)", 3, 4, 1.2932896077685901}, Ref{"(x*step(x))^2", 0, 1, 5.4331692957463963},
                           Ref{"(x*step(x))^2", 0, 4, 1.7165979410400617}}) {
        ExactConfig c = config(program(ref.sigma), 3, in);
        c.max_n = 2;
        const CorrelatorEntry e = exact_correlators(c).table("g2").at({ref.a, ref.b});
        INFO(ref.sigma << " (" << ref.a << ", " << ref.b << "): " << e.value << " ± " << e.error << " vs " << ref.g2);
        // The error is the truncation error (fine − coarse order); summing ~10⁶ nodes adds rounding of ~1e-14 relative.
        CHECK(std::abs(e.value - ref.g2) <= e.error + 2e-14 * ref.g2);
        CHECK(e.error < 1e-12);
    }
}
