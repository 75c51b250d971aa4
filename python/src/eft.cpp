/// nnft.fit, nnft.beta and nnft.rg: the documents of `nnft fit`, `nnft beta` and `nnft rg` (study/fit_request.hpp,
/// study/running_request.hpp), computed with the GIL released and GiNaC serialised.
#include "common/error.hpp"
#include "common/limits.hpp"
#include "python/src/bindings.hpp"
#include "python/src/interrupt.hpp"
#include "sampler/correlators.hpp"
#include "study/compare.hpp"
#include "study/fit_request.hpp"
#include "study/running_request.hpp"

#include <algorithm>

namespace nnft::python {

namespace {

// {"document": the --json text, "text": the text output}.
py::dict result(const std::string& document, const std::string& text) {
    py::dict out;
    out["document"] = document;
    out["text"] = text;
    return out;
}

void read_beta(Options& o, study::BetaRequest& r) {
    o.read("net", r.net);
    o.read("activation", r.activation);
    o.read("din", r.d_in);
    o.read("depth", r.depth);
    o.read("sigma_w", r.sigma_w);
    o.read("sigma_b", r.sigma_b);
}

// A data argument of fit: (text, name) of a correlator document, parsed by the library.
std::optional<study::FitData> fit_data(const py::object& data) {
    if (data.is_none()) return std::nullopt;
    const auto [text, name] = data.cast<std::pair<std::string, std::string>>();
    return study::FitData{sampler::parse_correlator_document(text, "data file '" + name + "'"), name};
}

py::dict fit(const py::kwargs& kwargs) {
    Options o("fit", kwargs);
    study::FitRequest r;
    o.read("net", r.net);
    o.read("activation", r.activation);
    o.read("width", r.width);
    o.read("cutoff", r.cutoff);
    o.read("models", r.models);
    o.read("train_inputs", r.train_inputs);
    o.read("test_inputs", r.test_inputs);
    o.read("weights", r.weights);
    o.read("weight_law", r.weights_law);
    o.read("max_memory_gb", r.max_memory_gb);
    o.read("biases", r.biases_law);
    o.read("out_weights", r.out_weights_law);
    o.read("out_bias", r.out_bias_law);
    o.read("six_point", r.six_point);
    o.read("ratio_cutoffs", r.ratio_cutoffs);
    o.read("depth", r.depth);
    o.read("expansion", r.expansion);
    o.read("threads", r.threads);
    const py::object train = o.take("data"), test = o.take("test_data");
    Interruptible link(o.take("progress"));
    o.finish();
    check_threads(r.threads, "threads");
    r.train_data = fit_data(train);
    r.test_data = fit_data(test);
    r.progress = link.observer();
    std::string document, text;
    link.run([&] {
        const std::lock_guard lock(ginac_mutex());
        const eft::FitReport report = study::fit(r);
        document = eft::fit_document(report).dump(2) + "\n";
        text = eft::fit_text(report);
    });
    return result(document, text);
}

py::dict beta(const py::kwargs& kwargs) {
    Options o("beta", kwargs);
    study::BetaRequest r;
    read_beta(o, r);
    o.read("theory", r.theory);
    o.read("coupling", r.coupling);
    o.finish();
    std::string document, text;
    {
        py::gil_scoped_release release;
        const std::lock_guard lock(ginac_mutex());
        const study::BetaResult b = study::beta_function(r);
        document = study::beta_document(r, b).dump(2) + "\n";
        text = study::beta_text(r, b);
    }
    return result(document, text);
}

py::dict rg(const py::kwargs& kwargs) {
    Options o("rg", kwargs);
    study::RgRequest r;
    read_beta(o, r.kernel);
    o.read("width", r.width);
    o.read("cutoffs", r.cutoffs);
    o.read("min_cutoff", r.min_cutoff);
    o.read("inputs", r.inputs);
    Interruptible link(o.take("progress"));
    o.finish();
    r.progress = link.observer();
    study::RgResult res;
    link.run([&] {
        const std::lock_guard lock(ginac_mutex());
        res = study::running_coupling(r);
    });
    return result(res.document.dump(2) + "\n", res.text);
}

// nnft.compare: two (text, name) documents → {"document", "text"} of `nnft compare`.
py::dict compare(const py::kwargs& kwargs) {
    Options o("compare", kwargs);
    std::pair<std::string, std::string> a, b;
    std::string table_list;  // comma-separated
    std::size_t worst = 5;
    o.read("a", a);
    o.read("b", b);
    o.read("tables", table_list);
    o.read("worst", worst);
    o.finish();
    std::vector<std::string> tables;
    for (std::size_t start = 0; start < table_list.size();) {
        const std::size_t end = std::min(table_list.find(',', start), table_list.size());
        tables.push_back(table_list.substr(start, end - start));
        start = end + 1;
    }
    const study::Comparison c = study::compare_documents(sampler::parse_correlator_document(a.first, "document '" + a.second + "'"),
                                                         sampler::parse_correlator_document(b.first, "document '" + b.second + "'"),
                                                         tables);
    return result(study::comparison_json(c, worst).dump() + "\n", study::comparison_text(c, worst));
}

}  // namespace

void register_eft(py::module_& m) {
    m.def("fit", &fit, "The JSON document and text of `nnft fit` (see nnft.fit).");
    m.def("beta", &beta, "The JSON document and text of `nnft beta` (see nnft.beta).");
    m.def("rg", &rg, "The JSON document and text of `nnft rg` (see nnft.rg).");
    m.def("compare", &compare, "The JSON document and text of `nnft compare` (see nnft.compare).");
}

}  // namespace nnft::python
