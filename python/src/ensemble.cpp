/// nnft.sample, nnft.exact and nnft.expand: the documents of `nnft sample`, `nnft exact` and `nnft expand`, computed by the same library
/// calls, with the GIL released, Ctrl-C and a progress callback between sampling rounds.
#include "common/error.hpp"
#include "common/limits.hpp"
#include "python/src/bindings.hpp"
#include "python/src/interrupt.hpp"
#include "sampler/checkpoint.hpp"
#include "sampler/correlators.hpp"
#include "sampler/deep_expansion.hpp"
#include "sampler/exact.hpp"
#include "symbolic/activation_expression.hpp"
#include "study/network_request.hpp"
#include "study/study.hpp"

#include <thread>

namespace nnft::python {

namespace {

// The network options shared by sample and exact (study::NetworkRequest), inputs and max_n.
void read_network(Options& o, study::NetworkRequest& r, sampler::InputSet& inputs, int& max_n) {
    o.read("net", r.net);
    o.read("activation", r.activation);
    const py::object width = o.take("width");
    try {
        if (py::isinstance<py::int_>(width))
            r.width = width.cast<std::size_t>();
        else if (py::isinstance<py::sequence>(width) && !py::isinstance<py::str>(width))
            for (const py::handle w : width) r.widths.push_back(w.cast<std::size_t>());  // N_1…N_L: the depth
        else
            throw py::cast_error();
    } catch (const py::cast_error&) {
        throw Error(o.prefix() + "argument 'width' must be a non-negative int N or a list of hidden widths [N_1, ..., N_L], not " +
                    std::string(py::str(py::type::of(width).attr("__name__"))) + " " + std::string(py::repr(width)));
    }
    o.read("depth", r.depth);
    if (!r.widths.empty() && r.depth == 1) r.depth = r.widths.size();
    o.read("din", r.din);
    o.read("dout", r.dout);
    o.read("sigma_w", r.sigma_w);
    o.read("sigma_b", r.sigma_b);
    o.read("mu_w", r.mu_w);
    o.read("mu_b", r.mu_b);
    o.read("weights", r.weights_law);
    o.read("biases", r.biases_law);
    o.read("out_weights", r.out_weights_law);
    o.read("out_bias", r.out_bias_law);
    o.read("max_n", max_n);
    const py::object x = o.take("inputs");
    if (x.is_none()) throw Error("inputs is required: points as an (M, din) array or text, e.g. inputs='paper:erf'");
    inputs = input_set(x, "inputs", r.din);
}

// Between rounds of a run (called with the GIL released): the progress callback and Ctrl-C (through
// Interruptible, which keeps a Python exception so that run.stop ends the run), and the checkpoint writer.
class RoundHook {
public:
    RoundHook(py::object progress, py::object save) : link_(std::move(progress)), save_(std::move(save)) {}
    void progress(std::uint64_t done, std::uint64_t total) { link_.poll(done, total, "networks"); }
    // Hand the checkpoint document of `state` to the Python writer (when there is one).
    void save(const sampler::EnsembleConfig& c, const sampler::EnsembleState& state) {
        if (save_.is_none()) return;
        const std::string text = sampler::checkpoint_document(c, state).dump() + "\n";
        link_.call([&] { save_(text); });
    }
    bool saving() const { return !save_.is_none(); }
    bool stop() const { return link_.stopped(); }
    // Re-raise the kept exception (with the GIL held).
    void rethrow() { link_.rethrow(); }

private:
    Interruptible link_;
    py::object save_;
};

// sample(**options): the text of sampler::sample_output_document, as `nnft sample` writes it.
py::str sample(const py::kwargs& kwargs) {
    Options o("sample", kwargs);
    study::NetworkRequest r;
    sampler::EnsembleConfig c;
    py::object networks = py::str("1e6");
    std::string estimator = "auto", deep_sampler = "auto";
    unsigned threads = 0;
    double max_memory_gb = 8.0, max_core_hours = 1000.0;
    bool jackknife = true;
    read_network(o, r, c.inputs, c.max_n);
    networks = o.take("networks");
    o.read("seed", c.seed);
    o.read("threads", threads);
    o.read("estimator", estimator);
    o.read("deep_sampler", deep_sampler);
    o.read("jackknife", jackknife);
    o.read("max_memory_gb", max_memory_gb);
    o.read("max_core_hours", max_core_hours);
    const py::object progress = o.take("progress"), save = o.take("save_checkpoint");
    std::optional<std::string> resume_text;
    std::string checkpoint_name = "checkpoint";
    double checkpoint_every = 60.0;
    o.read("resume_text", resume_text);
    o.read("checkpoint_name", checkpoint_name);
    o.read("checkpoint_every", checkpoint_every);
    o.finish();
    check_threads(threads, "threads");
    check_checkpoint_interval(checkpoint_every, "checkpoint_every");
    c.net = study::network_spec(r);
    c.networks = study::parse_network_count(networks.is_none() ? "1e6" : std::string(py::str(networks)));
    c.deep = sampler::parse_deep_sampling(deep_sampler);
    sampler::set_estimator(c, sampler::parse_estimator(estimator));
    sampler::validate(c);
    sampler::RunOptions run;
    run.threads = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    sampler::check_memory(c, run.threads, max_memory_gb);
    study::check_core_hours(c, max_core_hours);
    sampler::EnsembleState state =
        resume_text ? sampler::state_from_checkpoint(*resume_text, c, checkpoint_name) : sampler::initial_state(c);
    RoundHook hook(progress, save);
    run.progress = [&hook](std::uint64_t done, std::uint64_t total) { hook.progress(done, total); };
    run.stop = [&hook] { return hook.stop(); };
    run.checkpoint = [&hook, &c](const sampler::EnsembleState& s) { hook.save(c, s); };
    run.checkpoint_interval_s = hook.saving() ? checkpoint_every : 0.0;
    std::string text;
    {
        py::gil_scoped_release release;
        sampler::run_ensemble(c, state, run);
        hook.save(c, state);  // the finished run, or where Ctrl-C stopped it (resumable)
        if (!hook.stop()) text = sampler::sample_output_document(c, state, jackknife).dump(1) + "\n";
    }
    hook.rethrow();
    return py::str(text);
}

// exact(**options): the text of sampler::exact_document, as `nnft exact` writes it.
py::str exact(const py::kwargs& kwargs) {
    Options o("exact", kwargs);
    study::NetworkRequest r;
    sampler::ExactConfig c;
    std::string quadrature = "auto";
    read_network(o, r, c.inputs, c.max_n);
    o.read("quadrature", quadrature);
    o.read("max_memory_gb", c.max_memory_gb);
    Interruptible link(o.take("progress"));
    o.finish();
    if (quadrature != "auto" && quadrature != "trapezoid" && quadrature != "gauss-hermite")
        throw Error("quadrature '" + quadrature + "': use auto, trapezoid or gauss-hermite");
    c.net = study::network_spec(r);
    c.method = quadrature == "trapezoid"       ? sampler::MomentMethod::Trapezoid
               : quadrature == "gauss-hermite" ? sampler::MomentMethod::GaussHermite
                                               : sampler::MomentMethod::Automatic;
    c.progress = link.observer();
    std::string text;
    link.run([&] { text = sampler::exact_document(c, sampler::exact_correlators(c)).dump(1) + "\n"; });
    return py::str(text);
}

// expand(**options): the text of sampler::deep_document, as `nnft expand` writes it.
py::str expand(const py::kwargs& kwargs) {
    Options o("expand", kwargs);
    study::NetworkRequest r;
    sampler::DeepExpansionConfig c;
    read_network(o, r, c.inputs, c.max_n);
    o.read("threads", c.threads);
    Interruptible link(o.take("progress"));
    o.finish();
    check_threads(c.threads, "threads");
    c.net = study::network_spec(r);
    c.kink_at_zero = symbolic::has_kink(c.net.activation);
    c.progress = link.observer();
    std::string text;
    link.run([&] {
        const sampler::DeepExpansion e = sampler::deep_expansion(c);
        text = sampler::deep_document(c, e, sampler::deep_correlators(c, e)).dump(1) + "\n";
    });
    return py::str(text);
}

// Check the text of a correlator document (sample, exact or merge) as `nnft fit --data` reads it; throws
// nnft::Error naming `what` when it is not one.
void check_correlator_document(const std::string& text, const std::string& what) {
    try {
        (void)sampler::read_correlator_document(sampler::parse_correlator_document(text, what), what);
    } catch (const nlohmann::json::exception& e) {
        throw Error(what + " is not a correlator document (" + e.what() + ")");
    }
}

}  // namespace

void register_ensemble(py::module_& m) {
    m.def("sample", &sample, "The JSON text of `nnft sample` (see nnft.sample).");
    m.def("exact", &exact, "The JSON text of `nnft exact` (see nnft.exact).");
    m.def("expand", &expand, "The JSON text of `nnft expand` (see nnft.expand).");
    m.def("check_correlator_document", &check_correlator_document, py::arg("text"), py::arg("what"),
          "Raise nnft.Error unless `text` is a correlator document (see nnft.load).");
}

}  // namespace nnft::python
