#pragma once
/// \file The text of plot titles, axis labels and legend entries, and the numbers in them.
///
/// Plot text is *markup*: UTF-8 (Greek letters and symbols as they are: λ, Λ, κ, β, ±, −, ·) with
/// `_{…}` and `^{…}` for sub- and superscripts (`_x` / `^x` for a single character), and `\_`, `\^`,
/// `\{`, `\}`, `\\` for the literal characters; e.g. "G_4^{c}", "d_{in}", "|λ(Λ)|", "N^{−2.01}".
/// It is rendered three ways: gnuplot enhanced text (PNG, SVG, PDF), LaTeX (cairolatex and epslatex
/// output) and plain Unicode (report.md, report.json: "G₄ᶜ", "dᵢₙ").
#include <cstddef>
#include <string>

namespace nnft::report {

/// Markup that shows `text` literally (escapes `_`, `^`, `{`, `}`, `\`), e.g. for table or file names.
std::string literal(const std::string& text);

/// Markup as gnuplot enhanced text (for a double-quoted string after gp quoting): sub/superscripts as
/// `_{…}`/`^{…}` (stacked when they follow each other), enhanced-mode special characters escaped.
std::string enhanced_text(const std::string& markup);

/// Markup as LaTeX (text mode): Greek letters and math symbols as `$\lambda$`, sub/superscripts as
/// `$_{\mathrm{in}}$`, LaTeX special characters escaped; for gnuplot's cairolatex and epslatex terminals.
std::string latex_text(const std::string& markup);

/// Markup as plain Unicode: sub/superscripts with Unicode sub/superscript characters where each character
/// has one ("G₄ᶜ", "dᵢₙ", "Λ⁻⁵"), otherwise as `_(…)` / `^(…)`.
std::string plain_text(const std::string& markup);

/// The number of characters plain_text(markup) shows (code points), e.g. to size a legend.
std::size_t plain_length(const std::string& markup);

/// A value and its error rounded for a title or legend, as markup: the error to one significant digit (two
/// when its first digit is 1), the value to the same decimal place, at most `digits` significant digits of
/// the value (then the error is shown on its own, e.g. "−5.000 ± 2·10^{−15}"); powers of ten for very
/// large or small values ("(1.23 ± 0.04)·10^{−5}"); the minus sign is U+2212. E.g. "−6.000 ± 0.002".
std::string format_rounded(double value, double error, int digits = 4);

/// A number with `digits` significant digits as markup: integers as they are ("−5"), trailing zeros kept
/// ("1.50"), powers of ten as "9.2·10^{−14}", the minus sign U+2212.
std::string format_short(double value, int digits = 3);

}  // namespace nnft::report
