#pragma once
/// \file Approximate typeset width of the LaTeX the correlator printer writes, for breaking long results into
/// lines (docs/commands/correlator.md, "Line breaking").
#include <string>

namespace nnft::symbolic::detail {

/// Width in TeX points of `tex` typeset in display style at 10 pt (Computer Modern), estimated from per-glyph
/// widths: letters, digits, Greek letters, \int, \sum, scripts at 70 % (50 % in nested scripts), the spacing
/// TeX puts around binary operators and relations, \, \quad \qquad, \text{} and \mathrm{} at roman widths.
/// Meant for the printer's own output (math mode, no line breaks); it errs on the wide side (measured against
/// pdflatex: 0 to 12 % wider on the printer's terms).
double latex_width_pt(const std::string& tex);

}  // namespace nnft::symbolic::detail
