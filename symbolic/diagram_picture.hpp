#pragma once
/// \file Pictures of diagram classes: SVG (written by nnft, no external program), TikZ (a LaTeX document that
/// pdflatex compiles with TikZ alone) and Graphviz source (neato). External points labelled x1..xn, internal vertices
/// dots (a square for a position-weighted term x^p f^k, two dots and a dashed bond for a non-local
/// f(x)^a f(y)^b) with their coupling, parallel lines curved, self-loops as loops; each class captioned with its
/// contribution (exact coefficient and couplings, e.g. −24 λ), multiplicity and symmetry factor S.
#include "symbolic/correlator.hpp"

#include <string>
#include <vector>

namespace nnft::symbolic {

/// Picture formats of a diagram list.
enum class PictureFormat {
    svg,   ///< SVG: one class a picture, several classes a sheet of pictures
    tikz,  ///< a LaTeX document with one tikzpicture per class (pdflatex; TikZ is Debian's texlive-pictures)
    dot,   ///< Graphviz source, one undirected graph per class (layout=neato; render with `dot -Tsvg`)
};

/// The format named "svg", "tikz" or "dot"; false (format untouched) for another name.
bool parse_picture_format(const std::string& name, PictureFormat& format);

/// The caption of a class in plain Unicode text: "−24 λ; multiplicity 24, S = 1".
std::string diagram_caption_text(const CorrelatorTerm& t);

/// One class as a standalone SVG document; `title` (e.g. "#3", may be empty) goes above the caption.
std::string diagram_svg(const CorrelatorTerm& t, const diagrams::Theory& theory, const std::string& title = "");

/// One class as a tikzpicture environment (its caption a node below it), for a document that loads TikZ.
std::string diagram_tikz(const CorrelatorTerm& t, const diagrams::Theory& theory, const std::string& title = "");

/// One class as a Graphviz graph named `name` (an identifier): a node per point (externals x1..xn pinned on the
/// circle of the SVG picture, internals placed by neato), an edge per propagator line (m edges for multiplicity
/// m, a self-loop edge per loop), a dashed edge per non-local bond, the caption as the graph label.
std::string diagram_dot(const CorrelatorTerm& t, const diagrams::Theory& theory, const std::string& name,
                        const std::string& title = "");

/// Every class of a diagram list in one document of `format`: an SVG sheet (a grid of the pictures, the title
/// above), a compilable LaTeX document, or one Graphviz graph per class. Classes are numbered #1, #2, … in order.
std::string diagrams_picture_document(const std::vector<CorrelatorTerm>& terms, const diagrams::Theory& theory,
                                      int points, PictureFormat format);

/// The file name of class `index` (0-based) of a gallery of `count` classes: "class-001.svg", …
std::string gallery_file_name(std::size_t index, std::size_t count, PictureFormat format);

/// The content of that file: a standalone SVG, a compilable LaTeX document or a Graphviz graph of class `index`.
std::string gallery_file(const CorrelatorTerm& t, const diagrams::Theory& theory, int points, std::size_t index,
                         PictureFormat format);

/// The index page of a gallery folder, in HTML: the title, then each class's picture (gallery_file_name) and caption.
std::string gallery_index_html(const std::vector<CorrelatorTerm>& terms, const diagrams::Theory& theory, int points,
                               PictureFormat format);

/// The same index in Markdown (image links for SVG, file links for the other formats).
std::string gallery_index_markdown(const std::vector<CorrelatorTerm>& terms, const diagrams::Theory& theory,
                                   int points, PictureFormat format);

}  // namespace nnft::symbolic
