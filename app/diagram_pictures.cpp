#include "app/diagram_pictures.hpp"

#include "app/command.hpp"
#include "app/report_writer.hpp"
#include "common/error.hpp"

#include <filesystem>
#include <iostream>
#include <vector>

namespace nnft::app {

namespace {

namespace fs = std::filesystem;

/// The classes of the request, refused (before any is drawn) when there are more than `limit`.
std::vector<symbolic::CorrelatorTerm> collect_classes(const symbolic::CorrelatorRequest& request, std::size_t limit) {
    std::vector<symbolic::CorrelatorTerm> terms;
    symbolic::for_each_term(
        request,
        [&terms, limit](symbolic::CorrelatorTerm&& t) {
            if (terms.size() == limit)
                throw Error("more than " + std::to_string(limit) + " diagram classes to draw, above the limit --max-pictures " +
                            std::to_string(limit) + ": narrow the request (--order, --connected, --no-self-energy, --1pi) "
                            "or raise --max-pictures");
            terms.push_back(std::move(t));
        },
        false);
    return terms;
}

/// One file per class and the two index pages, each written atomically.
void write_gallery(const std::vector<symbolic::CorrelatorTerm>& terms, const symbolic::CorrelatorRequest& request,
                   symbolic::PictureFormat format, const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error("cannot create the gallery folder '" + dir + "' (" + ec.message() + "): choose a writable --out folder");
    const fs::path root(dir);
    for (std::size_t k = 0; k < terms.size(); ++k)
        write_output((root / symbolic::gallery_file_name(k, terms.size(), format)).string(),
                     symbolic::gallery_file(terms[k], request.theory, request.points, k, format));
    write_output((root / "index.html").string(), symbolic::gallery_index_html(terms, request.theory, request.points, format));
    write_output((root / "index.md").string(), symbolic::gallery_index_markdown(terms, request.theory, request.points, format));
    inform("nnft diagrams: " + std::to_string(terms.size()) + " pictures, index.html and index.md in " + dir);
}

}  // namespace

void write_diagram_pictures(const symbolic::CorrelatorRequest& request, symbolic::PictureFormat format,
                            const std::string& out, std::size_t max_pictures, Progress& progress) {
    if (max_pictures < 1) throw Error("--max-pictures must be at least 1");
    const std::vector<symbolic::CorrelatorTerm> terms = collect_classes(request, max_pictures);
    progress.finish();
    if (is_report_dir(out)) write_gallery(terms, request, format, out);
    else write_output(out, symbolic::diagrams_picture_document(terms, request.theory, request.points, format));
}

}  // namespace nnft::app
