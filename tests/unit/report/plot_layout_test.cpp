// Plot layout (ranges, ticks, legend placement, pull panels) and the gnuplot scripts built from it.
#include "common/error.hpp"
#include "report/detail/plot_layout.hpp"
#include "report/report.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nnft::report;

namespace {

/// Sampled A(N) = 2/N with errors and the exact values: the shape of a width-scaling plot.
Plot width_plot() {
    Plot p;
    p.name = "w";
    p.title = "A_4(N)";
    p.logx = p.logy = true;
    const std::vector<double> n = {2, 3, 4, 5, 10, 20};
    Series sampled{"sampled", Style::errorbars, n, {}, {}}, exact{"exact", Style::points, n, {}, {}};
    for (std::size_t i = 0; i < n.size(); ++i) {
        exact.y.push_back(2.0 / n[i]);
        sampled.dy.push_back(0.01 * exact.y[i]);
        sampled.y.push_back(exact.y[i] + (i % 2 ? 1.0 : -2.0) * sampled.dy[i]);  // pulls −2, +1, −2, …
    }
    p.series = {sampled, exact};
    p.pulls = PullPanel{0, 1, "pull"};
    return p;
}

}  // namespace

TEST_CASE("ranges hug the data with small margins; few x values get their own ticks", "[report][layout]") {
    const detail::Layout L = detail::plot_layout(width_plot());
    // Log x over 2 … 20: a few percent of a decade beyond each end, not the decades 1 … 100.
    CHECK(L.x.lo < 2);
    CHECK(L.x.lo > 1.8);
    CHECK(L.x.hi > 20);
    CHECK(L.x.hi < 22.5);
    CHECK(L.x.ticks == std::vector<double>{2, 3, 4, 5, 10, 20});
    // The y range covers the error bars (0.1 − 2 %) and the legend's corner; it does not start at a decade.
    CHECK(L.y.lo < 0.1 * 0.98);
    CHECK(L.y.lo > 0.05);
    // A log axis spanning one decade gets 1-2-5 ticks (gnuplot would label at most one power of ten).
    CHECK(L.y.ticks.size() >= 3);

    // Even an octave gets three labelled ticks or more.
    Plot octave;
    octave.logy = true;
    octave.series = {{"o", Style::points, {0, 1}, {1.0, 2.1}, {}}};
    CHECK(detail::plot_layout(octave).y.ticks.size() >= 3);

    Plot flat;
    flat.series = {{"c", Style::points, {0, 1, 2}, {5, 5, 5}, {}}};
    const detail::Layout F = detail::plot_layout(flat);
    CHECK(F.y.lo == Approx(4.5));  // a constant gets ±10 % around it
    CHECK(F.y.hi == Approx(5.5));
    CHECK(F.x.ticks == std::vector<double>{0, 1, 2});
}

TEST_CASE("the legend goes where nothing is drawn, or the range makes room for it", "[report][layout]") {
    Plot p;
    // A falling line from the top left: the top right corner is free.
    p.series = {{"falling", Style::line, {0, 1}, {1, 0}, {}}};
    CHECK(detail::plot_layout(p).key == "top right");
    // A rising line: the top left corner is free.
    p.series = {{"rising", Style::line, {0, 1}, {0, 1}, {}}};
    CHECK(detail::plot_layout(p).key == "top left");
    // Points along the top and the bottom edge, nothing in between: halfway up the right edge.
    Series top{"top", Style::points, {}, {}, {}}, bottom{"bottom", Style::points, {}, {}, {}};
    for (int i = 0; i <= 40; ++i) {
        top.x.push_back(i);
        top.y.push_back(100);
        bottom.x.push_back(i);
        bottom.y.push_back(i % 2 ? 1e-12 : 1e-14);
    }
    p.series = {top, bottom};
    p.logy = true;
    CHECK(detail::plot_layout(p).key == "right center");
    // A band of points filling the whole plot area: the top grows to leave the legend an empty strip.
    Series band{"band", Style::points, {}, {}, {}};
    for (int i = 0; i <= 40; ++i)
        for (int j = 0; j <= 10; ++j) {
            band.x.push_back(i);
            band.y.push_back(j);
        }
    Plot full;
    full.series = {band};
    const detail::Layout L = detail::plot_layout(full);
    CHECK(L.key == "top right");
    CHECK(L.y.hi > 11.0);
    CHECK(L.y.lo == Approx(-0.4));
}

TEST_CASE("pulls compare a measured series with its reference", "[report][layout]") {
    const Plot p = width_plot();
    const auto pulls = detail::pull_points(p);
    REQUIRE(pulls.size() == 6);
    for (std::size_t i = 0; i < pulls.size(); ++i) CHECK(pulls[i].second == Approx(i % 2 ? 1.0 : -2.0));
    // A reference line with points at other x: interpolated on the plot's (log-log) axes, exact for a power law.
    Plot q = p;
    q.series[1] = {"2/N", Style::line, {1, 100}, {2, 0.02}, {}};
    const auto interpolated = detail::pull_points(q);
    REQUIRE(interpolated.size() == 6);
    CHECK(interpolated[2].second == Approx(-2.0));
    // Outside the reference's range there is no pull.
    q.series[1] = {"2/N", Style::line, {1, 4}, {2, 0.5}, {}};
    CHECK(detail::pull_points(q).size() == 3);
    // Reference errors enter σ in quadrature.
    Plot r = p;
    r.series[1].style = Style::errorbars;
    r.series[1].dy = r.series[0].dy;
    CHECK(detail::pull_points(r)[0].second == Approx(-2.0 / std::sqrt(2.0)));
    // The panel shows at least ±3σ, with no tick label on its edge.
    const detail::Layout L = detail::plot_layout(p);
    CHECK(L.pull_range == Approx(3.0));
    CHECK(L.pull_step == Approx(2.0));
    Plot big = p;
    big.series[0].y[0] = big.series[1].y[0] + 22 * big.series[0].dy[0];
    const detail::Layout B = detail::plot_layout(big);
    CHECK(B.pull_range > 22);
    CHECK(std::fmod(B.pull_range, B.pull_step) != Approx(0.0));
}

TEST_CASE("a pull panel needs two series, the measured one with error bars", "[report][layout]") {
    Report rep("r");
    Plot p = width_plot();
    p.pulls = PullPanel{1, 0, "pull"};
    CHECK_THROWS_WITH(rep.add_plot("s", p), Catch::Contains("has no error bars"));
    p.pulls = PullPanel{0, 0, "pull"};
    CHECK_THROWS_WITH(rep.add_plot("s", p), Catch::Contains("two different series"));
    p.pulls = PullPanel{0, 7, "pull"};
    CHECK_THROWS_AS(rep.add_plot("s", p), nnft::Error);
}

TEST_CASE("scripts draw every format, a pull panel and reference lines", "[report][layout]") {
    Plot p = width_plot();
    p.hlines = {1.0};
    const std::string data = plot_data(p);
    // One more data block after the series: the pulls.
    CHECK(data.find("# index 2: pulls (sampled − exact)/σ") != std::string::npos);
    const std::string gp = plot_script(p, {PlotFormat::png, PlotFormat::pdf, PlotFormat::tex});
    CHECK(gp.find("if (!exists(\"formats\")) formats = \"png pdf tex\"") != std::string::npos);
    for (const char* term : {"pngcairo", "svg", "pdfcairo", "cairolatex pdf", "epslatex"}) CHECK(gp.find(std::string("set terminal ") + term) != std::string::npos);
    CHECK(gp.find("outbase.\"-tex.tex\"") != std::string::npos);
    CHECK(gp.find("set multiplot") != std::string::npos);
    CHECK(gp.find("datafile index 2 using 1:2 with impulses") != std::string::npos);
    CHECK(gp.find("set arrow from graph 0, first 1 to graph 1, first 1") != std::string::npos);
    CHECK(gp.find("set xtics (2, 3, 4, 5, 10, 20)") != std::string::npos);
    CHECK(gp.find("t_title = 'A$_{4}$(N)'") != std::string::npos);   // LaTeX labels for tex/epslatex
    CHECK(gp.find("t_title = \"A_{4}(N)\"") != std::string::npos);   // enhanced text for the others
    CHECK(gp.find("set key ") != std::string::npos);
    CHECK(gp.find("outside") == std::string::npos);                    // the legend stays inside
    CHECK_THROWS_AS(plot_script(p, {}), nnft::Error);
}

TEST_CASE("plot formats are parsed from a list and name their files", "[report][layout]") {
    CHECK(parse_plot_formats("png") == std::vector<PlotFormat>{PlotFormat::png});
    CHECK(parse_plot_formats("pdf,tex,epslatex,svg").size() == 4);
    CHECK_THROWS_WITH(parse_plot_formats("png,jpg"), Catch::Contains("unknown plot format 'jpg'"));
    CHECK_THROWS_WITH(parse_plot_formats("png,png"), Catch::Contains("twice"));
    CHECK_THROWS_WITH(parse_plot_formats(","), Catch::Contains("no plot format"));
    CHECK(plot_format_files(PlotFormat::tex, "a") == std::vector<std::string>{"a-tex.tex", "a-tex.pdf"});
    CHECK(plot_format_files(PlotFormat::epslatex, "a") == std::vector<std::string>{"a-eps.tex", "a-eps.eps"});
    CHECK(plot_format_files(PlotFormat::svg, "a") == std::vector<std::string>{"a.svg"});
    Report rep("r");
    CHECK_THROWS_AS(rep.set_plot_formats({}), nnft::Error);
    rep.set_plot_formats({PlotFormat::pdf});
    rep.add_plot("s", width_plot());
    CHECK(plot_files(rep)[1].content.find("formats = \"pdf\"") != std::string::npos);
    CHECK(rep.json()["plot_formats"] == nlohmann::json::array({"pdf"}));
    CHECK(rep.json()["plots"][0]["pulls"]["points"].size() == 6);
}
