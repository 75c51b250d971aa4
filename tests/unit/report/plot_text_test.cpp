// Plot text markup rendered as gnuplot enhanced text, LaTeX and plain Unicode; rounded numbers for titles.
#include "report/plot_text.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace nnft::report;

TEST_CASE("markup becomes Unicode sub/superscripts in plain text, with a fallback", "[report][plot_text]") {
    CHECK(plain_text("G_4^{c}") == "G₄ᶜ");
    CHECK(plain_text("d_{in} = 1") == "dᵢₙ = 1");
    CHECK(plain_text("Λ^{−5}") == "Λ⁻⁵");
    CHECK(plain_text("N^{−2.01}") == "N^(−2.01)");  // '.' has no superscript form
    CHECK(plain_text("x_q") == "x_q");              // nor has 'q' a subscript
    CHECK(plain_text("|λ(Λ)|") == "|λ(Λ)|");
    CHECK(plain_text(literal("g4_connected^{x}")) == "g4_connected^{x}");
    CHECK(plain_text("trailing_") == "trailing_");
}

TEST_CASE("markup becomes gnuplot enhanced text", "[report][plot_text]") {
    // A subscript next to a superscript is stacked with '@' (the narrower one first).
    CHECK(enhanced_text("G_4^{c}") == "G@_{4}^{c}");
    CHECK(enhanced_text("A_{4}(N)") == "A_{4}(N)");
    // The space after a script is a no-break space (SVG renderers drop a plain one there).
    CHECK(enhanced_text("d_{in} = 1") == "d_{in}\u00A0= 1");
    // Enhanced-mode control characters in plain text are escaped.
    CHECK(enhanced_text("a@b&c~d") == "a\\@b\\&c\\~d");
    CHECK(enhanced_text(literal("g4_connected")) == "g4\\_connected");
}

TEST_CASE("markup becomes LaTeX with math where it is needed", "[report][plot_text]") {
    CHECK(latex_text("G_4^{c}") == "G$_{4}^{\\mathrm{c}}$");
    CHECK(latex_text("λ_0") == "$\\lambda_{0}$");                       // the subscript joins the λ's math
    CHECK(latex_text("|λ(Λ)|") == "$|\\lambda$($\\Lambda$)$|$");          // '|' would be an em dash in text mode
    CHECK(latex_text("slope −5.000 ± 2·10^{−15}") == "slope $-$5.000 $\\pm$ 2$\\cdot$10$^{-15}$");
    CHECK(latex_text("MAPE 0.52 % & #1") == "MAPE 0.52 \\% \\& \\#1");
    CHECK(latex_text("d_{in}") == "d$_{\\mathrm{in}}$");
    CHECK(latex_text("Λ^{−5}") == "$\\Lambda^{-5}$");
    CHECK(latex_text(literal("a_b")) == "a\\_b");
}

TEST_CASE("numbers in titles are rounded to their error", "[report][plot_text]") {
    // The example: a slope known to 1e-15 is not printed with 17 digits.
    CHECK(format_rounded(-6.0000000000000027, 2.4e-15) == "−6.000 ± 2·10^{−15}");
    CHECK(format_rounded(-6.0004, 0.0021) == "−6.000 ± 0.002");
    CHECK(format_rounded(-0.99943, 0.0029) == "−0.999 ± 0.003");
    CHECK(format_rounded(-2.062, 0.089) == "−2.06 ± 0.09");
    CHECK(format_rounded(-2.004, 0.11) == "−2.00 ± 0.11");   // a leading 1 keeps two digits of the error
    CHECK(format_rounded(1.234e-5, 4e-7) == "(1.23 ± 0.04)·10^{−5}");
    CHECK(format_rounded(123456.0, 789.0) == "(1.235 ± 0.008)·10^{5}");
    CHECK(format_rounded(-0.0001, 0.02) == "0.00 ± 0.02");  // no "−0.00"
    CHECK(format_rounded(5.0, 0.0) == "5");
    CHECK(format_rounded(1.5, std::numeric_limits<double>::infinity()) == "1.500 ± ∞");
}

TEST_CASE("short numbers keep their significant digits", "[report][plot_text]") {
    CHECK(format_short(9.17e-14, 2) == "9.2·10^{−14}");
    CHECK(format_short(100.0, 3) == "100");
    CHECK(format_short(-5.0, 4) == "−5");
    CHECK(format_short(0.017912, 2) == "0.018");
    CHECK(format_short(-1.9999999, 3) == "−2.00");
    CHECK(format_short(1e-10, 1) == "10^{−10}");
    CHECK(format_short(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}
