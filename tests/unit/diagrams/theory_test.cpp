#include "common/error.hpp"
#include "diagrams/generate.hpp"
#include "diagrams/theory.hpp"

#include <catch2/catch.hpp>

using namespace nnft::diagrams;

TEST_CASE("theory text is parsed into terms", "[diagrams][theory]") {
    const Theory th = parse_theory("lambda*f^4 + kappa*f^6 - g*f^3 + lambda2*x^2*f^4 + lambda_nl*f(x)^2*f(y)^2");
    REQUIRE(th.terms.size() == 5);
    CHECK(th.terms[0].coupling == "lambda");
    CHECK(th.terms[0].point_degrees == std::vector<int>{4});
    CHECK(th.terms[2].prefactor == Rational::make(-1, 1));
    CHECK(th.terms[3].weight_power == 2);
    CHECK(th.terms[4].bilocal());
    CHECK(th.terms[4].internal_symmetry() == 8);
    CHECK(th.couplings() == std::vector<std::string>{"lambda", "kappa", "g", "lambda2", "lambda_nl"});
    // Round trip through the text form.
    const Theory again = parse_theory(th.str());
    REQUIRE(again.terms.size() == th.terms.size());
    for (std::size_t i = 0; i < th.terms.size(); ++i) CHECK(again.terms[i].str() == th.terms[i].str());
}

TEST_CASE("rational prefactors, factorials and merging of equal terms", "[diagrams][theory]") {
    const Theory th = parse_theory("lambda/4!*f^4 + 1/24*lambda*f^4 + 2*g*f^3");
    REQUIRE(th.terms.size() == 2);
    CHECK(th.terms[0].prefactor == Rational::make(1, 12));
    CHECK(th.terms[1].prefactor == Rational::make(2, 1));
    CHECK_THROWS_AS(parse_theory("g*f^3 - g*f^3"), nnft::Error);
}

TEST_CASE("numbers with leading zeros are decimal (fuzz_theory: \"092\" threw, \"010\" read as octal 8)",
          "[diagrams][theory]") {
    CHECK(parse_theory("010*lambda*f^4").terms[0].prefactor == Rational::make(10, 1));
    CHECK(parse_theory("092*lambda/007*f^4").terms[0].prefactor == Rational::make(92, 7));
    CHECK(parse_theory("lambda*f^04").terms[0].legs() == 4);
    CHECK(parse_theory("lambda/0010!*f^4").terms[0].prefactor.den == factorial(10));
}

TEST_CASE("prefactors beyond 64 bits stay exact (issue 16)", "[diagrams][theory]") {
    // 2^32 (2^32 + 1) = 18446744078004518912 > 2^64: once read as 1/4294967296 (a wrong coefficient).
    const Theory big = parse_theory("lambda/4294967296/4294967297*f^4");
    CHECK(big.terms[0].prefactor.den == Count("18446744078004518912"));
    CHECK(big.terms[0].str() == "1/18446744078004518912*lambda*f^4");
    CHECK(parse_theory("4294967296*4294967297*lambda*f^4").terms[0].prefactor.num == Count("18446744078004518912"));
    // 1/a + 1/b with a, b near 2^40: the sum's denominator passes 2^64 (once a coefficient with the wrong sign).
    const Theory sum = parse_theory("lambda/1099511627775*f^4 + lambda/1099511627773*f^4");
    CHECK(sum.terms[0].prefactor == Rational::make(Count("2199023255548"), Count("1208925819610231128195075")));
    // 2^64 as a denominator: no "remove the '/0'".
    CHECK(parse_theory("lambda/4294967296/4294967296*f^4").terms[0].prefactor.den == Count("18446744073709551616"));
    CHECK(parse_theory("lambda/30!*f^30").terms[0].prefactor.den == factorial(30));
}

TEST_CASE("leg symmetries beyond 20! are exact, and diagrams of such vertices are generated", "[diagrams][theory]") {
    const Theory th = parse_theory("lambda*f^22 + mu*f(x)^21*f(y)^21");
    CHECK(th.terms[0].internal_symmetry() == factorial(22));
    CHECK(th.terms[1].internal_symmetry() == 2 * factorial(21) * factorial(21));
    // G2 at first order in lambda*f^22: 22*21 ways to attach the externals times 19!! for the 20 legs left.
    const auto d = generate_diagrams(th, 2, {1, 0}, GenerationOptions{});
    REQUIRE(d.size() == 1);
    CHECK(d[0].multiplicity == Count(22 * 21) * double_factorial_odd(20));
}

TEST_CASE("theory sizes beyond the limits are refused", "[diagrams][theory]") {
    CHECK_THROWS_WITH(parse_theory("lambda*f^32*f^32"), Catch::Contains("must be at most 32"));
    CHECK_THROWS_WITH(parse_theory("lambda*x^20*x^20*f^4"), Catch::Contains("must be at most 32"));
    CHECK_THROWS_WITH(parse_theory("lambda/101!*f^4"), Catch::Contains("factorial argument too large (at most 100)"));
    CHECK_THROWS_WITH(parse_theory("lambda*" + std::string(101, '9') + "*f^4"), Catch::Contains("number too long"));
    std::string huge = "lambda";
    for (int i = 0; i < 40; ++i) huge += "*" + std::string(30, '9');
    CHECK_THROWS_WITH(parse_theory(huge + "*f^4"), Catch::Contains("prefactor too large"));
    CHECK_THROWS_WITH(parse_theory("lambda/0*f^4"), Catch::Contains("division by zero"));
}

TEST_CASE("malformed theory text names the position", "[diagrams][theory]") {
    auto message = [](const std::string& text) {
        try {
            parse_theory(text);
        } catch (const nnft::Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message("lambda*f^"), Catch::Contains("position 10"));
    CHECK_THAT(message("f^4"), Catch::Contains("no coupling"));
    CHECK_THAT(message("lambda*kappa*f^4"), Catch::Contains("exactly one coupling"));
    CHECK_THAT(message("lambda*f^4 +"), Catch::Contains("position"));
    CHECK_THAT(message("lambda*f(z)^2"), Catch::Contains("x or y"));
    CHECK_THAT(message("lambda*f(y)^2"), Catch::Contains("bilocal"));
    CHECK_THAT(message("lambda"), Catch::Contains("no field"));
    CHECK_THAT(message(""), Catch::Contains("empty"));
    CHECK_THAT(message("lambda*f^4 $ 2"), Catch::Contains("position 12"));
    CHECK_THAT(message("lambda/0*f^4"), Catch::Contains("division by zero"));
}

TEST_CASE("orders are parsed and split over terms", "[diagrams][theory]") {
    const Theory th = parse_theory("lambda*f^4 + kappa*f^6 + lambda*x^2*f^4");
    const auto o = parse_orders("lambda=2, kappa=1", th);
    CHECK(o.at("lambda") == 2);
    CHECK(o.at("kappa") == 1);
    // lambda=2 splits over its two terms in 3 ways.
    CHECK(vertex_counts_for(th, o).size() == 3);
    CHECK_THROWS_WITH(parse_orders("mu=1", th), Catch::Contains("unknown coupling 'mu'"));
    CHECK_THROWS_WITH(parse_orders("lambda=-1", th), Catch::Contains("non-negative"));
    CHECK_THROWS_WITH(parse_orders("lambda", th), Catch::Contains("coupling=power"));
    CHECK(orders_up_to(th, 2).size() == 6);  // 1 + 2 + 3 monomials in (lambda, kappa)
    CHECK_THROWS_AS(orders_up_to(th, -1), nnft::Error);
}

TEST_CASE("size limits are enforced before and during generation", "[diagrams][limits]") {
    const Theory th = parse_theory("lambda*f^4");
    nnft::diagrams::GenerationOptions opt;
    opt.max_classes = 100;
    CHECK_THROWS_AS(nnft::diagrams::generate_diagrams(th, 6, {4}, opt), nnft::SizeLimitError);
    CHECK_THROWS_WITH(nnft::diagrams::generate_diagrams(th, 6, {4}, opt), Catch::Contains("--max-classes"));
    // Odd total leg count: an empty result, not an error.
    CHECK(nnft::diagrams::generate_diagrams(th, 3, {1}, {}).empty());
    CHECK_THROWS_AS(nnft::diagrams::generate_diagrams(th, -1, {1}, {}), nnft::Error);
}

TEST_CASE("connected requests without enough lines are empty before any estimate", "[diagrams][limits]") {
    // One quartic vertex and 20 external points: 12 lines cannot connect 21 points (a tree needs 20), so the
    // connected 20-point function vanishes at first order — no search, no limit, whatever the Wick count.
    const Theory th = parse_theory("lambda*f^4");
    nnft::diagrams::DiagramFilter connected;
    connected.connected = true;
    CHECK(nnft::diagrams::search_size(th, 20, {1}, connected) == 0.0);
    CHECK(nnft::diagrams::search_size(th, 20, {1}, {}) > 1e8);  // the disconnected ones exist (and are many)
    nnft::diagrams::GenerationOptions opt;
    opt.filter = connected;
    CHECK(nnft::diagrams::generate_diagrams(th, 20, {1}, opt).empty());
    // Four external points and one vertex: (4 + 4)/2 = 4 lines, a spanning tree of 5 units: counted.
    CHECK(nnft::diagrams::search_size(th, 4, {1}, connected) > 0.0);
    // A non-local vertex f(x)²f(y)² joins its two points: 4 lines connect 4 external points and one vertex.
    const Theory nl = parse_theory("lambda_nl*f(x)^2*f(y)^2");
    CHECK(nnft::diagrams::search_size(nl, 4, {1}, connected) > 0.0);
}

TEST_CASE("a search size beyond 64-bit integers is printed as a number, not an overflow", "[diagrams][limits]") {
    CHECK_THROWS_WITH(nnft::diagrams::refuse_search_size(6.5e40, 1000000), Catch::Contains("at least 6.5e+40 diagram classes"));
    CHECK_THROWS_WITH(nnft::diagrams::refuse_search_size(1234567.0, 1000000), Catch::Contains("at least 1234567 diagram"));
}
