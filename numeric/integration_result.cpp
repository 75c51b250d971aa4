#include "numeric/integration_result.hpp"

namespace nnft::numeric {

std::string to_string(Status status) {
    switch (status) {
        case Status::ok: return "ok";
        case Status::max_evaluations_reached: return "max_evaluations_reached";
        case Status::not_converged: return "not_converged";
        case Status::diverged: return "diverged";
    }
    return "unknown";
}

}  // namespace nnft::numeric
