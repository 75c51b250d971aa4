// The report document: Markdown and JSON rendering, plot data and gnuplot scripts, refusal of bad plots.
#include "common/error.hpp"
#include "report/report.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>

using namespace nnft::report;

namespace {

Plot sample_plot(const std::string& name) {
    Plot p;
    p.name = name;
    p.title = "G4 \"con\" vs N";
    p.xlabel = "N";
    p.ylabel = "A";
    p.logx = p.logy = true;
    p.series.push_back({"sampled", Style::errorbars, {2, 4, 8, 16}, {0.5, 0.25, -0.01, 0.0625}, {0.01, 0.01, 0.02, 0.01}});
    p.series.push_back({"fit", Style::line, {2, 16}, {0.5, 0.0625}, {}});
    return p;
}

/// Non-comment, non-empty rows of one index block of a data file.
std::vector<std::string> block_rows(const std::string& data, int index) {
    std::vector<std::string> rows;
    std::istringstream in(data);
    std::string line;
    int block = -1, blanks = 0;
    while (std::getline(in, line)) {
        if (line.rfind("# index ", 0) == 0) {
            block = std::stoi(line.substr(8));
            blanks = 0;
            continue;
        }
        if (line.empty()) {
            ++blanks;
            continue;
        }
        if (line[0] == '#') continue;
        if (block == index) rows.push_back(line);
    }
    return rows;
}

}  // namespace

TEST_CASE("report renders sections, tables and plot references as Markdown and JSON", "[report]") {
    Report rep("nnft test report");
    rep.set_summary("ALL 2 CHECKS PASSED");
    Section& s = rep.section("Width scaling");
    s.text = "Some text.";
    s.tables.push_back({{"N", "slope"}, {{"2", "-1.0 ± 0.1"}, {"a|b", "x"}}});
    rep.add_plot("Width scaling", sample_plot("g4_vs_n"));
    rep.section("Width scaling").text += "\nMore.";  // the same section, not a new one
    CHECK(rep.sections().size() == 1);
    rep.data()["answer"] = 42;
    const std::string md = rep.markdown();
    CHECK(md.find("# nnft test report") == 0);
    CHECK(md.find("**ALL 2 CHECKS PASSED**") != std::string::npos);
    CHECK(md.find("| N | slope |") != std::string::npos);
    CHECK(md.find("| a\\|b | x |") != std::string::npos);  // pipes escaped in cells
    // Not rendered yet: the data file and the script are referenced with the reason.
    CHECK(md.find("plots/g4_vs_n.dat") != std::string::npos);
    CHECK(md.find("not rendered: no renderer was run") != std::string::npos);
    rep.set_plot_status("g4_vs_n", {true, {"plots/g4_vs_n.png", "plots/g4_vs_n.svg"}, ""});
    CHECK(rep.markdown().find("](plots/g4_vs_n.png)") != std::string::npos);
    CHECK_THROWS_AS(rep.set_plot_status("nope", {}), nnft::Error);

    // The JSON document round-trips through the parser and holds the plot data and the payload.
    const auto files = document_files(rep);
    REQUIRE(files.size() == 2);
    CHECK(files[0].path == "report.md");
    CHECK(files[1].path == "report.json");
    const nlohmann::json j = nlohmann::json::parse(files[1].content);
    CHECK(j["data"]["answer"] == 42);
    CHECK(j["sections"][0]["tables"][0]["rows"][1][0] == "a|b");
    CHECK(j["plots"][0]["rendered"] == true);
    CHECK(j["plots"][0]["series"][0]["dy"].size() == 4);
    CHECK(j["plots"][0]["series"][1].count("dy") == 0);
}

TEST_CASE("plot data leave out values a log axis cannot show, and the script is standalone", "[report]") {
    Plot p = sample_plot("g4");
    p.series[0].y[1] = std::numeric_limits<double>::quiet_NaN();
    const std::string data = plot_data(p);
    // Block 0 keeps the three finite positive points (-0.01 and NaN dropped); block 1 the two line points.
    const auto rows0 = block_rows(data, 0);
    REQUIRE(rows0.size() == 2);
    CHECK(rows0[0] == "2 0.5 0.01");
    CHECK(rows0[1] == "16 0.0625 0.01");
    CHECK(block_rows(data, 1).size() == 2);
    // Blocks separated by two blank lines (gnuplot's index).
    CHECK(data.find("\n\n\n# index 1") != std::string::npos);
    // A block with no drawable point still exists (so that the indices stay aligned).
    Plot empty = sample_plot("empty");
    empty.series[0].y = {-1, -1, -1, -1};
    CHECK(block_rows(plot_data(empty), 0) == std::vector<std::string>{"NaN NaN NaN"});

    const std::string gp = plot_script(p);
    CHECK(gp.find("datafile = \"g4.dat\"") != std::string::npos);
    CHECK(gp.find("if (!exists(\"outbase\")) outbase = \"g4\"") != std::string::npos);
    CHECK(gp.find("set logscale x") != std::string::npos);
    CHECK(gp.find("set logscale y") != std::string::npos);
    CHECK(gp.find("index 0 using 1:2:3 with yerrorbars") != std::string::npos);
    CHECK(gp.find("index 1 using 1:2 with lines") != std::string::npos);
    CHECK(gp.find("pngcairo") != std::string::npos);
    CHECK(gp.find("set terminal svg") != std::string::npos);
    CHECK(gp.find("t_title = \"G4 \\\"con\\\" vs N\"") != std::string::npos);  // quotes cannot break the script
    CHECK(gp.find("t_title = 'G4 \"con\" vs N'") != std::string::npos);       // (LaTeX strings are single-quoted)

    Report rep("r");
    rep.add_plot("s", p);
    const auto pf = plot_files(rep);
    REQUIRE(pf.size() == 2);
    CHECK(pf[0].path == "plots/g4.dat");
    CHECK(pf[1].path == "plots/g4.gp");
}

TEST_CASE("bad plots are refused with a message", "[report]") {
    Report rep("r");
    Plot bad = sample_plot("has space");
    CHECK_THROWS_WITH(rep.add_plot("s", bad), Catch::Contains("not a file stem"));
    bad = sample_plot("../escape");
    CHECK_THROWS_AS(rep.add_plot("s", bad), nnft::Error);
    Plot p = sample_plot("ok");
    rep.add_plot("s", p);
    CHECK_THROWS_WITH(rep.add_plot("s", p), Catch::Contains("used twice"));
    Plot mismatch = sample_plot("m");
    mismatch.series[0].dy.pop_back();
    CHECK_THROWS_WITH(rep.add_plot("s", mismatch), Catch::Contains("error bars need one dy per point"));
    Plot lengths = sample_plot("l");
    lengths.series[1].x.push_back(3);
    CHECK_THROWS_WITH(rep.add_plot("s", lengths), Catch::Contains("different lengths"));
    Plot none = sample_plot("n");
    none.series.clear();
    CHECK_THROWS_WITH(rep.add_plot("s", none), Catch::Contains("no series"));
    CHECK(rep.plots().size() == 1);
}

TEST_CASE("values with errors are formatted to the error's precision", "[report]") {
    CHECK(format_value_error(-0.99873, 0.0123) == "-0.999 ± 0.012");
    CHECK(format_value_error(-2.03, 0.25) == "-2.03 ± 0.25");
    CHECK(format_value_error(123.456, 7.8) == "123.5 ± 7.8");
    CHECK(format_value_error(-6.25e-11, 3e-20) == "-6.2500000000e-11 ± 3.0e-20");
    CHECK(format_value_error(0.0, 0.5) == "0.00 ± 0.50");
    CHECK(format_value_error(1.5, std::numeric_limits<double>::infinity()) == "1.5 ± inf");
    CHECK(format_number(1234567.0, 3) == "1.23e+06");
}
