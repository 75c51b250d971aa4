// Uses the installed nnft: builds the connected 4-point function at first order in lambda (expect the
// paper's single class with coefficient -24, eq. 3.18 of 2008.08601) and evaluates a ReLU kernel value
// (sigma_b = 0, sigma_W = 1, d_in = 1: K(x, x) = x^2 / 2, the arc-cosine kernel at angle 0).
#include "diagrams/theory.hpp"
#include "numeric/kernels.hpp"
#include "symbolic/correlator.hpp"

#include <cmath>
#include <iostream>
#include <vector>

int main() {
    nnft::symbolic::CorrelatorRequest request;
    request.theory = nnft::diagrams::parse_theory("lambda*f^4");
    request.points = 4;
    request.orders = {{{"lambda", 1}}};
    request.filter.connected = true;
    const nnft::symbolic::Correlator g4 = nnft::symbolic::build_correlator(request);
    if (g4.terms.size() != 1 || !(g4.terms[0].coefficient + 24).is_zero()) {
        std::cerr << "unexpected connected G4: " << g4.expression() << "\n";
        return 1;
    }

    nnft::numeric::KernelSpec spec;
    spec.activation = nnft::numeric::parse_kernel_activation("relu");
    spec.sigma_w = 1.0;
    spec.sigma_b = 0.0;
    const nnft::numeric::Kernel kernel(spec);
    const std::vector<double> x{0.7};
    const double k = kernel(x, x);
    if (std::abs(k - 0.49 / 2) > 1e-14) {
        std::cerr << "unexpected ReLU K(0.7, 0.7) = " << k << "\n";
        return 1;
    }
    std::cout << "consumer: G4_con = " << g4.expression() << "; K_relu(0.7, 0.7) = " << k << "\n";
    return 0;
}
