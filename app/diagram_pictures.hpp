#pragma once
/// \file `nnft diagrams --format svg|tikz|dot`: the pictures of a request's diagram classes, in one file or as a
/// gallery folder (one file per class, index.html and index.md).
#include "app/progress.hpp"
#include "symbolic/correlator.hpp"
#include "symbolic/diagram_picture.hpp"

#include <cstddef>
#include <string>

namespace nnft::app {

/// Default of --max-pictures: the most classes drawn by one request.
constexpr std::size_t kDefaultMaxPictures = 200;

/// Draws every class of `request` in `format`: one document to `out` (a file, or stdout for "-"), or, when `out` is
/// a folder (it ends with '/' or exists as one), a gallery there. Throws nnft::Error, before writing anything, when
/// the request has more than `max_pictures` classes (naming the limit and --max-pictures). The request's progress
/// display is `progress`, ended once the classes are generated, before anything is written.
void write_diagram_pictures(const symbolic::CorrelatorRequest& request, symbolic::PictureFormat format,
                            const std::string& out, std::size_t max_pictures, Progress& progress);

}  // namespace nnft::app
