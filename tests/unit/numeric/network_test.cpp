// The one network description (numeric/network.hpp): activation values, their names and predicates, the
// paper's defaults, and the kernel specification derived from a network. The error texts are the CLI's
// (tests/cli check them end to end), so they are pinned here too.
#include "common/error.hpp"
#include "numeric/kernel_spec.hpp"
#include "numeric/network.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace nnft::numeric;

TEST_CASE("activations: name and parse round trip, predicates", "[numeric][network]") {
    REQUIRE(builtin_activations().size() == 4);
    for (ActivationKind k : builtin_activations()) {
        const Activation a = k;
        CHECK(parse_activation(a.name()) == a);
        CHECK(find_activation(a.name())->kind() == k);
    }
    CHECK(Activation().kind() == ActivationKind::erf);
    CHECK(Activation(ActivationKind::tanh).name() == "tanh");
    CHECK(Activation(ActivationKind::erf).has_closed_form_kernel());
    CHECK(Activation(ActivationKind::gauss).has_closed_form_kernel());
    CHECK_FALSE(Activation(ActivationKind::tanh).has_closed_form_kernel());
    CHECK(Activation(ActivationKind::relu).has_deep_kernel());
    CHECK_FALSE(Activation(ActivationKind::gauss).has_deep_kernel());
    CHECK_FALSE(Activation(ActivationKind::gauss).allows_depth());
    CHECK(Activation(ActivationKind::tanh).allows_depth());
    CHECK(Activation(ActivationKind::relu) != Activation(ActivationKind::erf));
}

TEST_CASE("activations: bad names keep their messages", "[numeric][network]") {
    CHECK_FALSE(find_activation("sigmoid").has_value());
    CHECK_FALSE(find_activation("Erf").has_value());
    CHECK_THROWS_WITH(parse_activation("foo"), "unknown network 'foo': use --net erf, relu, gauss or tanh");
    CHECK_THROWS_WITH(parse_kernel_activation("tanh"), "unknown kernel name 'tanh': use one of erf, relu, gauss");
    CHECK(parse_kernel_activation("gauss") == Activation(ActivationKind::gauss));
    CHECK(closed_form_kernel_names(" or ") == "erf, relu or gauss");
}

TEST_CASE("networks: the paper's defaults and the derived GP kernel", "[numeric][network]") {
    const Network erf = default_network(ActivationKind::erf);
    CHECK(erf.weights == ParameterLaw::normal(0.0, 1.0));
    CHECK(erf.biases == ParameterLaw::normal(0.0, 1.0));
    CHECK(erf.output_weights == erf.weights);
    CHECK(erf.output_bias == erf.biases);
    CHECK(has_paper_laws(erf));
    CHECK(erf.width == 1);
    CHECK(erf.depth == 1);
    CHECK(default_network(ActivationKind::relu).biases.sd() == 0.0);
    CHECK(default_network(ActivationKind::tanh).biases.sd() == 1.0);

    Network net = default_network(ActivationKind::relu);
    net.d_in = 3;
    net.depth = 2;
    nnft::numeric::set_gaussian_weights(net, net.weights.mean(), 1.5);
    const KernelSpec k = gp_kernel_spec(net);
    CHECK(k.activation == net.activation);
    CHECK(k.d_in == 3);
    CHECK(k.depth == 2);
    CHECK(k.sigma_w == 1.5);
    CHECK(k.sigma_b == 0.0);
    CHECK_FALSE(k.eft);
    CHECK(gp_kernel_spec(default_network(ActivationKind::tanh)).activation == ActivationKind::tanh);  // by quadrature
    CHECK_THROWS_WITH(gp_kernel_spec(default_network(nnft::numeric::Activation::expression("gelu", nullptr))),
                      Catch::Contains("give it with --activation"));
    nnft::numeric::set_gaussian_biases(net, 0.1, net.biases.sd());
    CHECK_THROWS_WITH(gp_kernel_spec(net), Catch::Contains("set --mu-w 0 --mu-b 0"));
    nnft::numeric::set_gaussian_biases(net, 0.0, net.biases.sd());
    net.output_weights = ParameterLaw::rademacher(3.0);  // any zero-mean output law: its variance (output_variances_test)
    CHECK_FALSE(has_paper_laws(net));
    CHECK(gp_kernel_spec(net).output->weights == 9.0);
    net.weights = ParameterLaw::rademacher(1.0);  // zero-mean weights of any law: the deep kernel over them
    CHECK(gp_kernel_spec(net).first_layer);
    net.biases = ParameterLaw::uniform(-1.0, 1.0);  // and any bias law (bias_mixture_test.cpp)
    CHECK(gp_kernel_spec(net).first_layer->biases == net.biases);
    net.weights = ParameterLaw::uniform(-0.5, 1.5);  // but a deep net's weights must have zero mean
    CHECK_THROWS_WITH(gp_kernel_spec(net), Catch::Contains("weights uniform(-0.5,1.5), biases uniform(-1,1)"));
}

TEST_CASE("activations: growth power at large |z| (what heavy-tailed laws must afford)", "[numeric][network]") {
    CHECK(growth_power(ActivationKind::relu) == 1.0);  // |z|
    CHECK(growth_power(ActivationKind::erf) == 0.0);   // bounded
    CHECK(growth_power(ActivationKind::tanh) == 0.0);
    CHECK(std::isinf(growth_power(ActivationKind::gauss)));  // exp(z)
    CHECK(grows_exponentially(ActivationKind::gauss));
    CHECK_FALSE(grows_exponentially(ActivationKind::relu));
}
