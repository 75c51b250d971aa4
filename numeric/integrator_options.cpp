#include "numeric/integrator_options.hpp"

#include "common/error.hpp"

namespace nnft::numeric {

std::string to_string(Method method) {
    switch (method) {
        case Method::gauss_legendre: return "gauss_legendre";
        case Method::adaptive: return "adaptive";
        case Method::lattice_qmc: return "lattice_qmc";
    }
    return "unknown";
}

Method parse_method(std::string_view name) {
    if (name == "gauss_legendre") return Method::gauss_legendre;
    if (name == "adaptive") return Method::adaptive;
    if (name == "lattice_qmc") return Method::lattice_qmc;
    throw Error("unknown integration method '" + std::string(name) +
                "': use one of gauss_legendre, adaptive, lattice_qmc");
}

}  // namespace nnft::numeric
