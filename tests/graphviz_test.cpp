// Tests of hamilton/graphviz.hpp: DOT text, files, rendering through `dot` and its errors.
#include <hamilton/graphviz.hpp>
#include <hamilton/hamilton.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

using test::error_of;

namespace {

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }
double spend_scaled(double spend_mean, double scale) { return spend_mean * scale; }
std::vector<double> spend__fixed(double level) { return {level}; }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend).doc("Mean <weekly> spend."),
                                    HAMILTON_NODE(spend_scaled, spend_mean, scale),
                                    HAMILTON_NODE(spend__fixed, level).when("source", "fixed"));

// A path in this run's own folder (see test::temp_dir), removed when the tests end.
std::filesystem::path scratch(const std::string& name) {
    static const test::temp_dir dir;
    return dir.path / name;
}

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Sets PATH for the lifetime of the object.
struct path_override {
    std::string saved;
    explicit path_override(const char* value) : saved(std::getenv("PATH") ? std::getenv("PATH") : "") {
        setenv("PATH", value, 1);
    }
    ~path_override() { setenv("PATH", saved.c_str(), 1); }
};

}  // namespace

TEST_CASE("display_all_functions draws nodes, inputs, config inputs and variants distinctly", "[graphviz]") {
    auto dr = hamilton::builder().with_modules(m).with_config({{"source", "fixed"}, {"scale", 2.0}}).build();
    const auto dot = dr.display_all_functions();
    CHECK_THAT(dot, Catch::StartsWith("digraph hamilton {"));
    CHECK_THAT(dot, Catch::Contains(R"("level" [label=<<b>level</b><br/><i>double</i>>, shape=box, style="dashed"])"));
    CHECK_THAT(dot, Catch::Contains(R"("scale" [label=<<b>scale</b><br/><i>double</i><br/>(config)>)"));
    CHECK_THAT(dot, Catch::Contains(R"(<br/>when(source=&quot;fixed&quot;)>, shape=box, style="rounded,filled", fillcolor="#ffd8a8")"));
    CHECK_THAT(dot, Catch::Contains(R"("spend" -> "spend_mean";)") && Catch::Contains(R"("spend_mean" -> "spend_scaled";)"));
    CHECK_THAT(dot, Catch::Contains("std::vector&lt;double&gt;"));
}

TEST_CASE("a name with a quote or a backslash stays one DOT identifier", "[graphviz]") {
    const auto odd = hamilton::module(hamilton::node<"say \"hi\"", "path\\to">([](int x) { return x; }));
    const auto dot = hamilton::builder().with_modules(odd).build().display_all_functions();
    CHECK_THAT(dot, Catch::Contains(R"("path\\to" -> "say \"hi\"";)"));
    CHECK_THAT(dot, Catch::Contains(R"("say \"hi\"" [label=<<b>say &quot;hi&quot;</b>)"));
}

TEST_CASE("visualize_execution draws only what runs, with outputs and overrides marked", "[graphviz]") {
    auto dr = hamilton::builder().with_modules(m).build();
    const auto dot = dr.visualize_execution({"spend_scaled"}, {}, {{"scale", 2.0}}, {{"spend_mean", 1.0}});
    CHECK_THAT(dot, Catch::Contains(R"("spend_scaled" [label=<<b>spend_scaled</b><br/><i>double</i>>, shape=box, style="rounded,filled", fillcolor="#ffc857", penwidth=2.5])"));
    CHECK_THAT(dot, Catch::Contains(R"("spend_mean" [label=<<b>spend_mean</b><br/><i>double</i><br/>(override)>)"));
    CHECK_THAT(dot, !Catch::Contains(R"("spend" ->)"));  // an override's upstream is not run
    CHECK_THAT(dot, !Catch::Contains(R"("spend" [)"));
    CHECK_THAT(error_of([&] { (void)dr.visualize_execution({"spend_scaled"}); }), Catch::Contains("missing input"));
}

TEST_CASE("a .dot path gets the DOT text", "[graphviz]") {
    auto dr = hamilton::builder().with_modules(m).build();
    const auto path = scratch("graph.dot");
    const auto dot = dr.display_all_functions(path);
    CHECK(read(path) == dot);
}

TEST_CASE("an .svg path is rendered with dot, or a clear error says dot is missing", "[graphviz]") {
    auto dr = hamilton::builder().with_modules(m).build();
    const auto svg = scratch("graph.svg");
    std::filesystem::remove(svg);
    if (!hamilton::graphviz::detail::find_on_path("dot").empty()) {
        dr.display_all_functions(svg);
        CHECK_THAT(read(svg), Catch::Contains("<svg"));
    }
    path_override no_dot("/nonexistent");
    CHECK_THAT(error_of([&] { (void)dr.display_all_functions(scratch("other.svg")); }),
               Catch::Contains("needs Graphviz's `dot` program, which is not on PATH") &&
                   Catch::Contains("apt-get install graphviz"));
}

TEST_CASE("unknown formats and unwritable paths are errors", "[graphviz]") {
    auto dr = hamilton::builder().with_modules(m).build();
    CHECK_THAT(error_of([&] { (void)dr.display_all_functions(scratch("graph.bmp")); }),
               Catch::Contains("use a .dot, .gv, .svg, .png or .pdf path"));
    CHECK_THAT(error_of([&] { (void)dr.display_all_functions("/nonexistent/dir/graph.dot"); }),
               Catch::Contains("cannot write the graph to '/nonexistent/dir/graph.dot'"));
}

TEST_CASE("the legend lists only the roles drawn; docs become tooltips", "[graphviz]") {
    constexpr auto plain = hamilton::module(HAMILTON_NODE(spend_mean, spend).doc("Mean <weekly> spend."));
    const auto dot = hamilton::builder().with_modules(plain).build().display_all_functions();
    CHECK_THAT(dot, Catch::Contains(R"(label="node")") && Catch::Contains(R"(label="input")"));
    CHECK_THAT(dot, !Catch::Contains("config-gated variant") && !Catch::Contains("input from config"));
    CHECK_THAT(dot, Catch::Contains(R"(tooltip="Mean &lt;weekly&gt; spend.")"));
}

TEST_CASE("a failing dot reports its exit status", "[graphviz]") {
    const auto dir = scratch("fake_dot");
    std::filesystem::create_directories(dir);
    {
        std::ofstream fake(dir / "dot");
        fake << "#!/bin/sh\nexit 3\n";
    }
    std::filesystem::permissions(dir / "dot", std::filesystem::perms::owner_all);
    const std::string path = dir.string() + ":/usr/bin:/bin";
    path_override fake_dot(path.c_str());
    auto dr = hamilton::builder().with_modules(m).build();
    CHECK_THAT(error_of([&] { (void)dr.display_all_functions(scratch("failing.svg")); }),
               Catch::Contains("Graphviz's `dot` failed (exit status 3)"));
}
