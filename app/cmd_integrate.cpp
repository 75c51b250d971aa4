/// `nnft integrate`: numeric values of a correlator's terms for a network kernel at given inputs.
#include "app/command.hpp"
#include "app/correlator_options.hpp"
#include "app/progress.hpp"
#include "app/sampler_options.hpp"
#include "study/integrate_request.hpp"

#include <cmath>
#include <iostream>
#include <sstream>

namespace nnft::app {

namespace {

/// Jobs that may run longer than this (their predicted most) and certainly take a noticeable time (kNoticeSeconds)
/// announce the prediction on stderr before they start; a first-order job whose bound is loose stays quiet.
constexpr double kAnnounceSeconds = 60.0;
constexpr double kNoticeSeconds = 0.1;

struct IntegrateOptions {
    CorrelatorCliOptions correlator;
    study::IntegrateRequest request;
    double sigma_b = std::nan("");  // default depends on the net
    bool json = false;
};

void run_integrate(const IntegrateOptions& opt) {
    study::IntegrateRequest r = opt.request;
    r.correlator = opt.correlator.selection;
    if (!std::isnan(opt.sigma_b)) r.kernel.sigma_b = opt.sigma_b;
    Progress progress("nnft integrate");
    r.progress = progress.callback();
    r.on_estimate = [&progress](double certain, double most) {  // a job that may run long says so before it starts
        if (most < kAnnounceSeconds || certain < kNoticeSeconds) return;
        std::ostringstream os;
        os.precision(3);
        os << "nnft integrate: predicted at least " << certain << " s, at most " << most
           << " s on one core (refused above --max-seconds)";
        progress.note(os.str());
    };
    const study::IntegrateResult res = study::integrate(r);
    progress.finish();
    write_output(opt.correlator.out, opt.json ? res.document.dump(2) + "\n" : res.text);
    // After the document is written: exit code 4 when a term could not be computed (diverged, not
    // converged), so that scripts notice a missing number.
    if (!res.complete) {
        for (const auto& t : res.values.tuples)
            for (const auto& v : t.terms)
                if (v.status != numeric::Status::ok) {
                    std::cerr << "nnft integrate: a term has status '" << numeric::to_string(v.status)
                              << "' (see its \"reason\"): exit code " << kExitIncomplete << "\n";
                    throw CommandExit{kExitIncomplete};
                }
    }
}

}  // namespace

void setup_integrate(CLI::App& app) {
    auto opt = std::make_shared<IntegrateOptions>();
    auto* sub = app.add_subcommand("integrate", "Numeric values of a correlator's terms for a network kernel");
    add_correlator_selection(sub, opt->correlator);
    const NetworkChoice network =
        add_network_choice(sub, opt->request.kernel.net, opt->request.kernel.activation, "Kernel: erf, relu, gauss (closed forms) or tanh");
    sub->add_option("--din", opt->request.kernel.d_in, "Input dimension d_in")->capture_default_str();
    sub->add_option("--depth", opt->request.kernel.depth, "Hidden layers L of the NNGP kernel (not gauss)")
        ->capture_default_str();
    auto* sigma_w = sub->add_option("--sigma-w", opt->request.kernel.sigma_w, "Weight scale sigma_W")->capture_default_str();
    auto* sigma_b = sub->add_option("--sigma-b", opt->sigma_b, "Bias scale sigma_b (default 1, ReLU 0)");
    auto& k = opt->request.kernel;
    add_law_options(sub, {&k.weights_law, &k.biases_law, &k.out_weights_law, &k.out_bias_law}, {sigma_w}, {sigma_b});
    sub->add_flag("--keep-bias", opt->request.keep_bias, "Vertex lines use K instead of K_EFT = K - sigma_b^2");
    sub->add_option("--cutoff", opt->request.cutoff, "Box half-width Lambda, or inf for R^d_in")->capture_default_str();
    sub->add_option("--inputs", opt->request.inputs, "Input points 'x1;x2;...' (each a comma-separated d_in-vector) or paper:erf|relu|gauss");
    sub->add_option("--tuples", opt->request.tuples, "sorted (non-decreasing), all, or a list '0,1,2,3;0,0,1,1'")->capture_default_str();
    sub->add_option("--method", opt->request.method, "First rule: gauss_legendre, adaptive or lattice_qmc")->capture_default_str();
    sub->add_option("--check-method", opt->request.check_method, "Second, independent rule")->capture_default_str();
    sub->add_option("--rel-tol", opt->request.rel_tol, "Relative tolerance")->capture_default_str();
    sub->add_option("--max-evaluations", opt->request.max_evaluations, "Integrand-evaluation budget per integral batch")->capture_default_str();
    sub->add_option("--max-memory-gb", opt->request.max_memory_gb,
                    "Refuse requests whose document (tuples x terms) is estimated above this")->capture_default_str();
    sub->add_option("--max-seconds", opt->request.max_seconds,
                    "Refuse requests whose integrals are predicted to take longer (one core; inf: no limit)")
        ->capture_default_str();
    sub->add_option("--grid", opt->request.grid,
                    "Internal-point grids of two-/multi-vertex pieces: auto (tensor for d_in <= 2, qmc above), tensor or qmc "
                    "(shifted rank-1 lattices, error = standard error over shifts, confirmed by a second lattice family)")
        ->capture_default_str();
    sub->add_option("--qmc-rel-tol", opt->request.qmc_rel_tol, "Relative tolerance of the QMC lattice ladders (at least --rel-tol)")
        ->capture_default_str();
    sub->add_flag("--json", opt->json, "Print one JSON document");
    sub->add_option("--out,-o", opt->correlator.out, "Write the result to this file (atomically)");
    sub->callback([opt, network] {
        network.require();
        check_output_path(opt->correlator.out);
        run_integrate(*opt);
    });
}

}  // namespace nnft::app
