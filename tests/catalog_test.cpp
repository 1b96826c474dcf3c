// Tests of hamilton/catalog.hpp: the catalog's JSON, the HTML page (escaping, the graph picture)
// and write_catalog's files and errors. The page's behaviour in a browser is checked by
// tests/catalog/browser_check.py.
#include <hamilton/catalog.hpp>
#include <hamilton/graphviz.hpp>
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

using test::error_of;

namespace {

std::vector<double> raw__csv(const std::string& path) { return {double(path.size())}; }
std::vector<double> raw__const(double level, std::int64_t weeks) { return std::vector<double>(std::size_t(weeks), level); }
double total(const std::vector<double>& raw) {
    double sum = 0;
    for (double x : raw) sum += x;
    return sum;
}
double scaled(double total, double factor) { return total * factor; }

constexpr auto spend = hamilton::module(
    HAMILTON_NODE(raw__csv, path).when("source", "csv").doc("Spend read from a CSV file."),
    HAMILTON_NODE(raw__const, level, weeks).when_in("source", {"const", "fixed"}).doc("A constant spend.").tag("module", "loaders"),
    HAMILTON_NODE(total, raw).doc("Total spend.").tag("owner", "growth").tag("module", "marketing").tag("owner", "finance"),
    HAMILTON_NODE(scaled, total, factor).optional<"factor">(2.0));

auto spend_driver() { return hamilton::builder().with_modules(spend).with_config({{"source", "const"}, {"weeks", 3}}).build(); }

constexpr std::string_view hostile_doc = R"(</script><script>alert(1)</script> "quoted" 'single' & <!-- more)";

// A name no one would choose, with quotes, spaces and markup.
constexpr auto hostile = hamilton::module(
    hamilton::node<"say \"hi\" </script>", "x">([](double x) { return x; })
        .doc(hostile_doc)
        .tag("owner", "<b>team</b>"),
    hamilton::node<"reader", "say \"hi\" </script>">([](double v) { return v; }).doc("caf\xc3\xa9 \xff"));

// The same hostile doc on a node Graphviz can draw.
constexpr auto hostile_doc_only = hamilton::module(hamilton::node<"quiet", "x">([](double x) { return x; }).doc(hostile_doc));



std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The catalog JSON the page carries for its script.
nlohmann::json embedded_json(const std::string& page) {
    const std::string open = R"(<script type="application/json" id="catalog-data">)";
    const auto start = page.find(open);
    REQUIRE(start != std::string::npos);
    const auto end = page.find("</script>", start);
    REQUIRE(end != std::string::npos);
    return nlohmann::json::parse(page.substr(start + open.size(), end - start - open.size()));
}

// Temporary files of the graph drawing this process left in the temporary directory.
std::vector<std::string> leftover_drawings() {
    std::vector<std::string> out;
    const auto prefix = fmt::format("hamilton-catalog.{}.", ::getpid());
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
        if (entry.path().filename().string().rfind(prefix, 0) == 0) out.push_back(entry.path().string());
    return out;
}

// Sets PATH for the lifetime of the object.
struct path_override {
    std::string saved;
    explicit path_override(const char* value) : saved(std::getenv("PATH") ? std::getenv("PATH") : "") {
        setenv("PATH", value, 1);
    }
    ~path_override() { setenv("PATH", saved.c_str(), 1); }
};

hamilton::catalog_options without_drawing() {
    hamilton::catalog_options options;
    options.dot_program = std::nullopt;
    return options;
}

}  // namespace

TEST_CASE("catalog_json lists every value with type, doc, tags, module, variants, lineage and the config",
          "[catalog]") {
    const auto dr = spend_driver();
    const auto catalog = hamilton::catalog_json(dr);
    const nlohmann::json no_names = nlohmann::json::array();
    const nlohmann::json expected = {
        {"schema_version", 1},
        {"config", {{"source", "const"}, {"weeks", 3}}},
        {"nodes",
         {
             {{"name", "level"}, {"type", "double"}, {"doc", ""}, {"tags", nlohmann::json::object()}, {"module", ""},
              {"function", ""}, {"is_input", true}, {"from_config", false}, {"optional", false},
              {"conditions", no_names}, {"variants", no_names}, {"upstream", no_names}, {"optional_upstream", no_names},
              {"downstream", {"raw"}}},
             {{"name", "weeks"}, {"type", "long"}, {"doc", ""}, {"tags", nlohmann::json::object()}, {"module", ""},
              {"function", ""}, {"is_input", true}, {"from_config", true}, {"optional", false},
              {"conditions", no_names}, {"variants", no_names}, {"upstream", no_names}, {"optional_upstream", no_names},
              {"downstream", {"raw"}}},
             {{"name", "factor"}, {"type", "double"}, {"doc", ""}, {"tags", nlohmann::json::object()}, {"module", ""},
              {"function", ""}, {"is_input", true}, {"from_config", false}, {"optional", true},
              {"conditions", no_names}, {"variants", no_names}, {"upstream", no_names}, {"optional_upstream", no_names},
              {"downstream", {"scaled"}}},
             {{"name", "raw"}, {"type", "std::vector<double>"}, {"doc", "A constant spend."},
              {"tags", {{"module", "loaders"}}}, {"module", "loaders"}, {"function", "raw__const"},
              {"is_input", false}, {"from_config", false}, {"optional", false},
              {"conditions", {R"(when_in(source=["const", "fixed"]))"}},
              {"variants", {R"(raw__csv [when(source="csv")])", R"(raw__const [when_in(source=["const", "fixed"])])"}},
              {"upstream", {"level", "weeks"}}, {"optional_upstream", no_names}, {"downstream", {"total"}}},
             {{"name", "total"}, {"type", "double"}, {"doc", "Total spend."},
              // A key given twice keeps its first value, as list_available_variables' filter does.
              {"tags", {{"owner", "growth"}, {"module", "marketing"}}}, {"module", "marketing"}, {"function", "total"},
              {"is_input", false}, {"from_config", false}, {"optional", false}, {"conditions", no_names},
              {"variants", no_names}, {"upstream", {"raw"}}, {"optional_upstream", no_names},
              {"downstream", {"scaled"}}},
             {{"name", "scaled"}, {"type", "double"}, {"doc", ""}, {"tags", nlohmann::json::object()}, {"module", ""},
              {"function", "scaled"}, {"is_input", false}, {"from_config", false}, {"optional", false},
              {"conditions", no_names}, {"variants", no_names}, {"upstream", {"total", "factor"}},
              {"optional_upstream", {"factor"}}, {"downstream", no_names}},
         }},
        {"dot", dr.display_all_functions()},
    };
    CHECK(catalog == expected);
    if (catalog != expected) FAIL(catalog.dump(2));
}

TEST_CASE("the catalog page has a section per value with its links, the config and the graph", "[catalog]") {
    const auto dr = spend_driver();
    hamilton::catalog_options options = without_drawing();
    options.title = "Spend <pipeline>";
    const auto page = hamilton::catalog_html(dr, options);
    CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
    CHECK_THAT(page, Catch::Contains("<title>Spend &lt;pipeline&gt;</title>") &&
                         Catch::Contains("<h1>Spend &lt;pipeline&gt;</h1>"));
    CHECK_THAT(page, Catch::Contains(R"(<label for="search">Search</label><input type="search" id="search")"));
    CHECK_THAT(page, Catch::Contains("<p>6 values: 3 computed by nodes, 3 inputs."));
    // One section per value, with an anchor, in the catalog's order.
    for (const auto* name : {"level", "weeks", "factor", "raw", "total", "scaled"})
        CHECK(count(page, fmt::format(R"(<article class="value" id="node-{}")", name)) == 1);
    // The computed features first, in the catalog's order; the inputs after them, in their own section.
    const auto features = page.find(R"(<h2 id="features-heading">Computed features</h2>)");
    const auto inputs = page.find(R"(<h2 id="inputs-heading">Inputs</h2>)");
    REQUIRE(features != std::string::npos);
    REQUIRE(inputs != std::string::npos);
    CHECK(features < page.find(R"(id="node-raw")"));
    CHECK(page.find(R"(id="node-raw")") < page.find(R"(id="node-total")"));
    CHECK(page.find(R"(id="node-total")") < page.find(R"(id="node-scaled")"));
    CHECK(page.find(R"(id="node-scaled")") < inputs);
    CHECK(inputs < page.find(R"(id="node-level")"));
    CHECK(page.find(R"(id="node-level")") < page.find(R"(id="node-weeks")"));
    CHECK(page.find(R"(id="node-weeks")") < page.find(R"(id="node-factor")"));
    CHECK(page.find(R"(id="node-factor")") < page.find(R"(<section id="config")"));
    CHECK_THAT(page, Catch::Contains(R"(Jump to the <a href="#inputs">inputs</a>)"));
    // Each section's data-index is the value's place in the embedded JSON, which the search reads.
    CHECK_THAT(page, Catch::Contains(R"(<article class="value" id="node-level" data-index="0")") &&
                         Catch::Contains(R"(<article class="value" id="node-raw" data-index="3")"));
    CHECK_THAT(page, Catch::Contains(R"(<h3 id="node-raw-name"><a href="#node-raw">raw</a><span class="kind">config-gated variant</span></h3>)"));
    CHECK_THAT(page, Catch::Contains(R"(<span class="kind">input from config</span>)") &&
                         Catch::Contains(R"(<span class="kind">optional input</span>)"));
    CHECK_THAT(page, Catch::Contains(R"(<dt>upstream</dt><dd><ul><li><a class="upstream" href="#node-level">level</a></li><li><a class="upstream" href="#node-weeks">weeks</a></li></ul></dd>)"));
    CHECK_THAT(page, Catch::Contains(R"(<dt>downstream</dt><dd><ul><li><a class="downstream" href="#node-total">total</a></li></ul></dd>)"));
    CHECK_THAT(page, Catch::Contains("<dt>module</dt><dd>loaders</dd>"));
    CHECK_THAT(page, Catch::Contains("<li><code>owner=growth</code></li>"));
    CHECK_THAT(page, Catch::Contains(R"(<li class="active"><code>raw__const [when_in(source=[&quot;const&quot;, &quot;fixed&quot;])]</code> (active)</li>)"));
    CHECK_THAT(page, Catch::Contains(R"(<li><code>raw__csv [when(source=&quot;csv&quot;)]</code></li>)"));
    CHECK_THAT(page, Catch::Contains("<tr><td><code>source</code></td><td><code>&quot;const&quot;</code></td></tr>"));
    CHECK(embedded_json(page) == hamilton::catalog_json(dr));
    // No server, no network: nothing is loaded from anywhere.
    CHECK_THAT(page, !Catch::Contains("src=") && !Catch::Contains("http://") && !Catch::Contains("https://"));
}

TEST_CASE("the catalog page escapes hostile names, docs and tags", "[catalog]") {
    const auto dr = hamilton::builder().with_modules(hostile).build();
    const auto page = hamilton::catalog_html(dr, without_drawing());
    // Only the page's own two scripts: nothing a doc or name holds opens or closes one.
    CHECK(count(page, "<script") == 2);
    CHECK(count(page, "</script>") == 2);
    CHECK(count(page, "<!--") == 0);
    CHECK_THAT(page, !Catch::Contains("alert(1)</script>"));
    CHECK_THAT(page, Catch::Contains(R"(<p class="doc">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; &lt;!-- more</p>)"));
    CHECK_THAT(page, Catch::Contains("<li><code>owner=&lt;b&gt;team&lt;/b&gt;</code></li>"));
    // The anchor spells every unusual character as ~ and its hex code.
    const std::string anchor = "node-say~20~22hi~22~20~3c~2fscript~3e";
    CHECK_THAT(page, Catch::Contains(fmt::format(R"(<article class="value" id="{}")", anchor)));
    CHECK_THAT(page, Catch::Contains(fmt::format(R"(<a class="upstream" href="#{}">say &quot;hi&quot; &lt;/script&gt;</a>)", anchor)));
    // The embedded JSON reads back as the catalog, the invalid UTF-8 byte replaced.
    auto back = embedded_json(page);
    CHECK(back["nodes"][1]["doc"] == std::string(hostile_doc));
    CHECK(back["nodes"][2]["doc"] == "caf\xc3\xa9 \xef\xbf\xbd");
    CHECK(back["nodes"][1]["name"] == "say \"hi\" </script>");
}

TEST_CASE("the page shows the graph as SVG drawn by dot, or as DOT text and says which", "[catalog]") {
    const auto dr = hamilton::builder().with_modules(hostile_doc_only).build();

    const auto text_only = hamilton::catalog_html(dr, without_drawing());
    CHECK_THAT(text_only, Catch::Contains(R"(<p id="graph-note" data-drawing="dot">Drawing was turned off)"));
    CHECK_THAT(text_only, Catch::Contains(R"(<pre class="dot" aria-label="the graph in Graphviz DOT">digraph hamilton {)"));
    CHECK_THAT(text_only, !Catch::Contains("<svg"));
    CHECK_THAT(text_only, !Catch::Contains(R"(id="zoom-in")"));  // nothing to zoom

    {
        path_override no_dot("/nonexistent");
        const auto page = hamilton::catalog_html(dr);
        CHECK_THAT(page, Catch::Contains(R"(data-drawing="dot">Graphviz&#39;s dot program was not found when this catalog was written)"));
    }

    hamilton::catalog_options failing;
    failing.dot_program = "/bin/false";
    CHECK_THAT(hamilton::catalog_html(dr, failing),
               Catch::Contains(R"(data-drawing="dot">Graphviz&#39;s dot (&#39;/bin/false&#39;) could not draw the graph (exit status 1), so it is shown as DOT text.)"));

    hamilton::catalog_options missing;
    missing.dot_program = "/no/such/dot";
    CHECK(error_of([&] { (void)hamilton::catalog_html(dr, missing); }) ==
          "hamilton: catalog_html: catalog_options::dot_program '/no/such/dot' is not a file; give the path of "
          "Graphviz's dot, leave it empty to look for dot on PATH, or set it to std::nullopt to show the DOT text");

    if (!hamilton::graphviz::detail::find_on_path("dot").empty()) {
        const auto page = hamilton::catalog_html(dr);
        CHECK_THAT(page, Catch::Contains(R"(data-drawing="svg">Drawn by Graphviz&#39;s dot)"));
        CHECK_THAT(page, Catch::Contains("<svg") && Catch::Contains("<title>quiet</title>"));
        CHECK_THAT(page, !Catch::Contains("<?xml") && !Catch::Contains("<!DOCTYPE svg"));
        // The zoom controls, and a picture the keyboard can reach.
        for (const auto* control : {R"(<button type="button" id="zoom-in" aria-label="Zoom in">+</button>)",
                                    R"(<button type="button" id="zoom-out" aria-label="Zoom out">&minus;</button>)",
                                    R"(<button type="button" id="zoom-fit">Fit</button>)",
                                    R"(<span id="zoom-level" aria-live="polite">100%</span>)",
                                    R"(<figure class="picture" tabindex="0" role="group")"})
            CHECK_THAT(page, Catch::Contains(control));
        CHECK(page.find(R"(id="zoom-in")") < page.find("<svg"));
        // The doc is the picture's tooltip: still no script of its own.
        CHECK(count(page, "<script") == 2);
        CHECK(count(page, "</script>") == 2);
    } else {
        WARN("Graphviz's dot is not on PATH: the SVG picture is not checked");
    }
    CHECK(leftover_drawings().empty());
}

TEST_CASE("write_catalog writes JSON or HTML by extension, replacing the file whole", "[catalog]") {
    const auto dr = spend_driver();
    test::temp_dir dir;
    const auto json_path = dir.path / "catalog.json";
    const auto html_path = dir.path / "Catalog.HTML";
    {
        std::ofstream old(json_path);
        old << "old contents";
    }
    hamilton::write_catalog(dr, json_path);
    CHECK(nlohmann::json::parse(test::read_text(json_path)) == hamilton::catalog_json(dr));
    hamilton::write_catalog(dr, html_path, without_drawing());
    CHECK(test::read_text(html_path) == hamilton::catalog_html(dr, without_drawing()));
    CHECK(dir.files() == std::vector<std::string>{"Catalog.HTML", "catalog.json"});  // no temporary file left

    // Invalid UTF-8 in a doc does not stop the JSON file.
    const auto odd = hamilton::builder().with_modules(hostile).build();
    hamilton::write_catalog(odd, json_path);
    CHECK(nlohmann::json::parse(test::read_text(json_path))["nodes"][2]["doc"] == "caf\xc3\xa9 \xef\xbf\xbd");
}

TEST_CASE("write_catalog names the path and the reason when it cannot write, and leaves nothing behind",
          "[catalog]") {
    const auto dr = spend_driver();
    test::temp_dir dir;

    const auto text = dir.path / "catalog.txt";
    CHECK(error_of([&] { hamilton::write_catalog(dr, text); }) ==
          fmt::format("hamilton: write_catalog: cannot write the catalog to '{}': unknown extension '.txt'; use a path "
                      "ending in .json (the catalog as JSON) or .html (a page to open in a browser)",
                      text.string()));
    const auto bare = dir.path / "catalog";
    CHECK(error_of([&] { hamilton::write_catalog(dr, bare); }) ==
          fmt::format("hamilton: write_catalog: cannot write the catalog to '{}': it has no extension; use a path "
                      "ending in .json (the catalog as JSON) or .html (a page to open in a browser)",
                      bare.string()));

    const auto missing = dir.path / "no_such_dir" / "catalog.json";
    CHECK(error_of([&] { hamilton::write_catalog(dr, missing); }) ==
          fmt::format("hamilton: write_catalog: cannot write the catalog to '{}': its folder '{}' does not exist; "
                      "create it first",
                      missing.string(), (dir.path / "no_such_dir").string()));

    const auto folder = dir.path / "sub.html";
    std::filesystem::create_directory(folder);
    CHECK(error_of([&] { hamilton::write_catalog(dr, folder, without_drawing()); }) ==
          fmt::format("hamilton: write_catalog: cannot write the catalog to '{}': it is a directory; give a file name "
                      "such as catalog.html",
                      folder.string()));

    hamilton::catalog_options bad_dot;
    bad_dot.dot_program = "/no/such/dot";
    CHECK_THAT(error_of([&] { hamilton::write_catalog(dr, dir.path / "c.html", bad_dot); }),
               Catch::Contains("catalog_options::dot_program '/no/such/dot' is not a file"));

    // A file where its folder should be: no user, root included, can write there.
    const auto under_a_file = dir.under_a_file("catalog.json");
    CHECK(error_of([&] { hamilton::write_catalog(dr, under_a_file); }) ==
          fmt::format("hamilton: write_catalog: cannot write the catalog to '{}': '{}' is a file, not a folder; "
                      "choose a path under a folder, or move that file away",
                      under_a_file.string(), under_a_file.parent_path().string()));

    // Nothing was written, not even a temporary file.
    CHECK(dir.files() == std::vector<std::string>{"not_a_folder", "sub.html"});
    CHECK(std::filesystem::is_empty(folder));
}
