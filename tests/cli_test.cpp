// Tests of hamilton/cli.hpp: every subcommand, config values from text, printers, and every
// error path, through hamilton::cli with captured output.
#include <hamilton/cli.hpp>
#include <hamilton/hamilton.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support.hpp"

using Catch::Contains;

namespace {

struct table {
    int rows = 0;
};
struct money {
    double amount = 0;
};

std::vector<double> raw__csv(const std::string& path) { return {static_cast<double>(path.size()), 2.0}; }
std::vector<double> raw__const(double level, int weeks) {
    return std::vector<double>(static_cast<std::size_t>(weeks), level);
}
double total(const std::vector<double>& raw, double scale) { return std::accumulate(raw.begin(), raw.end(), 0.0) * scale; }
money total_money(double total) { return {total}; }
table summary(const std::vector<double>& raw) { return {static_cast<int>(raw.size())}; }
std::string label(const std::string& region, bool loud) { return loud ? region + "!" : region; }
std::vector<std::string> regions_upper(const std::vector<std::string>& regions) {
    std::vector<std::string> out;
    for (auto r : regions) {
        for (auto& c : r) c = static_cast<char>(c - 'a' + 'A');
        out.push_back(r);
    }
    return out;
}
int checked(int fuse) {
    if (fuse > 0) throw std::runtime_error("the fuse burnt");
    return fuse;
}
std::uint8_t small(int fuse) { return static_cast<std::uint8_t>(fuse + 7); }
double baseline__mean(const std::vector<double>& raw) { return std::accumulate(raw.begin(), raw.end(), 0.0) / 2; }
double baseline__first(const std::vector<double>& raw) { return raw.at(0); }

const auto graph = hamilton::module(
    HAMILTON_NODE(raw__csv, path).when("source", "csv").doc("Raw values read from path."),
    HAMILTON_NODE(raw__const, level, weeks).when("source", "const").doc("The same level every week."),
    HAMILTON_NODE(total, raw, scale).optional<"scale">(1.0).doc("Sum of raw, scaled.").tag("owner", "growth").tag("stage", "features"),
    HAMILTON_NODE(total_money, total).tag("owner", "finance"),
    HAMILTON_NODE(summary, raw).tag("stage", "statistics"),
    HAMILTON_NODE(label, region, loud),
    HAMILTON_NODE(regions_upper, regions),
    HAMILTON_NODE(checked, fuse),
    HAMILTON_NODE(small, fuse),
    // Variants that nothing reads: without a `method` in the config, baseline is not in the graph.
    HAMILTON_NODE(baseline__mean, raw).when("method", "mean"),
    HAMILTON_NODE(baseline__first, raw).when_in("method", {"first", "head"}));

const auto configured = hamilton::builder().with_modules(graph).with_config({{"source", "const"}});

struct outcome {
    int code;
    std::string out;
    std::string err;
};

outcome run(const hamilton::cli& app, const std::vector<std::string>& arguments) {
    std::ostringstream out, err;
    const int code = app.run(arguments, out, err);
    return {code, out.str(), err.str()};
}

outcome run(const std::vector<std::string>& arguments, hamilton::cli_options options = {}) {
    return run(hamilton::cli(configured, std::move(options)), arguments);
}

// Files in a fresh folder of its own (unique to this run: see test::temp_dir), removed with it.
struct scratch {
    test::temp_dir folder;
    [[nodiscard]] std::string file(const std::string& name) const { return (folder.path / name).string(); }
};

// The text after "  label:" in describe's output, or "<no label>".
std::string field(const std::string& text, const std::string& label) {
    const auto at = text.find("\n  " + label + ":");
    if (at == std::string::npos) return "<no " + label + ">";
    auto start = text.find_first_not_of(' ', at + label.size() + 4);
    return text.substr(start, text.find('\n', start) - start);
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("cli: --help names every subcommand, and every subcommand has --help", "[cli]") {
    hamilton::cli_options options;
    options.name = "spendctl";
    options.description = "Spend pipeline.";
    const auto help = run({"--help"}, options);
    CHECK(help.code == 0);
    CHECK(help.err.empty());
    CHECK_THAT(help.out, Contains("Spend pipeline.") && Contains("spendctl"));
    for (const char* command : {"list", "describe", "viz", "run", "validate", "catalog"}) {
        CHECK_THAT(help.out, Contains(command));
        const auto sub = run({command, "--help"});
        INFO(command);
        CHECK(sub.code == 0);
        CHECK_THAT(sub.out, Contains(command) && Contains("--config"));
    }
    const auto run_help = run({"run", "--help"});
    CHECK_THAT(run_help.out, Contains("--output") && Contains("--input") && Contains("--override") && Contains("--json"));
    CHECK_THAT(run({"viz", "--help"}).out, Contains("--execution") && Contains("--output-node"));
    CHECK_THAT(run({"list", "--help"}).out, Contains("--tag"));
    CHECK_THAT(run({"describe", "--help"}).out, Contains("NODE"));
}

TEST_CASE("cli: a command line CLI11 cannot parse exits with 2 and its message", "[cli]") {
    const auto none = run({});
    CHECK(none.code == 2);
    CHECK_THAT(none.err, Contains("subcommand"));
    CHECK(none.out.empty());

    const auto unknown = run({"lst"});
    CHECK(unknown.code == 2);
    CHECK(unknown.err == "hamilton: unknown command 'lst'; did you mean 'list'? The commands are ['list', 'describe', "
                         "'viz', 'run', 'validate', 'catalog']\nRun with --help for more information.\n");

    const auto far = run({"frobnicate"});
    CHECK(far.code == 2);
    CHECK_THAT(far.err, Contains("unknown command 'frobnicate'; the commands are ['list'"));

    const auto option = run({"run", "--output", "total", "--bogus"});
    CHECK(option.code == 2);
    CHECK_THAT(option.err, Contains("--bogus"));

    const auto no_output = run({"run", "--input", "level=1"});
    CHECK(no_output.code == 2);
    CHECK_THAT(no_output.err, Contains("--output") && Contains("required"));

    const auto no_node = run({"describe"});
    CHECK(no_node.code == 2);
    CHECK_THAT(no_node.err, Contains("NODE"));

    const auto execution_alone = run({"viz", "--execution"});
    CHECK(execution_alone.code == 2);
    CHECK_THAT(execution_alone.err, Contains("--output-node"));
}

TEST_CASE("cli: list shows every node and input with type, kind, tags and doc", "[cli]") {
    const auto all = run({"list"});
    REQUIRE(all.code == 0);
    CHECK(all.err.empty());
    CHECK_THAT(all.out, Contains("name") && Contains("type") && Contains("kind") && Contains("documentation"));
    CHECK_THAT(all.out, Contains("level") && Contains("weeks") && Contains("int "));
    CHECK_THAT(all.out, Contains("owner=growth stage=features  Sum of raw, scaled."));
    CHECK_THAT(all.out, Contains("optional input"));  // scale
    CHECK_THAT(all.out, !Contains("path"));          // only under source=csv

    const auto csv = run({"list", "--config", "source=csv"});
    REQUIRE(csv.code == 0);
    CHECK_THAT(csv.out, Contains("path") && Contains("Raw values read from path.") && !Contains("weeks"));

    const auto growth = run({"list", "--tag", "owner=growth"});
    REQUIRE(growth.code == 0);
    CHECK_THAT(growth.out, Contains("total ") && !Contains("total_money") && !Contains("summary"));

    const auto owned = run({"list", "--tag", "owner"});  // a key alone: any value
    CHECK_THAT(owned.out, Contains("total ") && Contains("total_money") && !Contains("summary"));

    const auto either = run({"list", "--tag", "owner=growth", "--tag", "owner=finance"});
    CHECK_THAT(either.out, Contains("total ") && Contains("total_money"));

    const auto both = run({"list", "--tag", "owner=growth", "--tag", "stage=statistics"});
    CHECK(both.code == 0);
    CHECK_THAT(both.out, Contains("(nothing matches)"));

    const auto bad = run({"list", "--tag", "=growth"});
    CHECK(bad.code == 1);
    CHECK_THAT(bad.err, Contains("--tag '=growth': expected key=value or key"));
}

TEST_CASE("cli: list --json gives each value's fields", "[cli]") {
    const auto listed = run({"list", "--json", "--config", "region=north"});
    REQUIRE(listed.code == 0);
    const auto json = nlohmann::json::parse(listed.out);
    REQUIRE(json.is_array());
    const nlohmann::json* total_entry = nullptr;
    const nlohmann::json* region_entry = nullptr;
    for (const auto& v : json) {
        if (v["name"] == "total") total_entry = &v;
        if (v["name"] == "region") region_entry = &v;
    }
    REQUIRE(total_entry != nullptr);
    CHECK((*total_entry)["type"] == "double");
    CHECK((*total_entry)["kind"] == "node");
    CHECK((*total_entry)["documentation"] == "Sum of raw, scaled.");
    CHECK((*total_entry)["tags"] == nlohmann::json{{"owner", "growth"}, {"stage", "features"}});
    CHECK((*total_entry)["required_dependencies"] == nlohmann::json{"raw"});
    CHECK((*total_entry)["optional_dependencies"] == nlohmann::json{"scale"});
    REQUIRE(region_entry != nullptr);
    CHECK((*region_entry)["kind"] == "config");
    CHECK((*region_entry)["from_config"] == true);
}

TEST_CASE("cli: describe shows a node's type, doc, tags, function, dependencies and lineage", "[cli]") {
    const auto d = run({"describe", "total"});
    REQUIRE(d.code == 0);
    CHECK(d.err.empty());
    CHECK_THAT(d.out, Contains("total (node)"));
    CHECK(field(d.out, "type") == "double");
    CHECK(field(d.out, "documentation") == "Sum of raw, scaled.");
    CHECK(field(d.out, "tags") == "owner=growth, stage=features");
    CHECK(field(d.out, "function") == "total");
    CHECK(field(d.out, "conditions") == "(none)");
    CHECK(field(d.out, "variants") == "(none)");
    CHECK(field(d.out, "dependencies") == "raw");
    CHECK(field(d.out, "optional dependencies") == "scale");
    CHECK(field(d.out, "used by") == "total_money");
    CHECK_THAT(field(d.out, "upstream"), Contains("level") && Contains("weeks") && Contains("raw") && !Contains("total"));
    CHECK(field(d.out, "downstream") == "total_money");

    const auto variant = run({"describe", "raw"});
    REQUIRE(variant.code == 0);
    CHECK(field(variant.out, "function") == "raw__const");
    CHECK(field(variant.out, "conditions") == "when(source=\"const\")");
    CHECK(field(variant.out, "variants") == R"(2 variants: csv (when source == "csv"), const (when source == "const"))");
    CHECK(field(variant.out, "variant selected") == R"(const, because source == "const" (config source="const"))");
    CHECK_THAT(field(variant.out, "used by"), Contains("summary") && Contains("total"));

    const auto input = run({"describe", "weeks"});
    REQUIRE(input.code == 0);
    CHECK_THAT(input.out, Contains("weeks (input)"));
    CHECK(field(input.out, "type") == "int");
    CHECK(field(input.out, "function") == "(none: an input)");
    CHECK(field(input.out, "downstream") == "raw, total, summary, total_money");

    const auto from_config = run({"describe", "region", "--config", "region=north"});
    REQUIRE(from_config.code == 0);
    CHECK_THAT(from_config.out, Contains("region (config)"));
    CHECK(field(from_config.out, "config value") == "\"north\"");
}

TEST_CASE("cli: describe lists a node's variants and their conditions when the config selects none", "[cli]") {
    // baseline: nothing reads it, so under a config without `method` it is only its variants.
    const auto unselected = run({"describe", "baseline"});
    REQUIRE(unselected.code == 0);
    CHECK(unselected.err.empty());
    CHECK_THAT(unselected.out, Contains("baseline (node; no variant selected"));
    CHECK(field(unselected.out, "variants") ==
          R"(2 variants: mean (when method == "mean"), first (when method in ["first", "head"]))");
    CHECK(field(unselected.out, "variant selected") ==
          "none: the config meets no variant's conditions (method is not set); set config key 'method' to select one");

    const auto selected = run({"describe", "baseline", "--config", "method=head"});
    REQUIRE(selected.code == 0);
    CHECK(field(selected.out, "function") == "baseline__first");
    CHECK(field(selected.out, "variant selected") == R"(first, because method in ["first", "head"] (config method="head"))");

    // raw is read by total: with no variant selected it is an input, and says why.
    const auto as_input = run({"describe", "raw", "--config", "source=api"});
    REQUIRE(as_input.code == 0);
    CHECK_THAT(as_input.out, Contains("raw (input; no variant selected)"));
    CHECK(field(as_input.out, "variants") == R"(2 variants: csv (when source == "csv"), const (when source == "const"))");
    CHECK(field(as_input.out, "variant selected") ==
          R"(none: the config meets no variant's conditions (source="api"); set config key 'source' to select one)");
    CHECK(field(as_input.out, "downstream") == "total, summary, total_money");
}

TEST_CASE("cli: describe --json gives the variants and the variant selection", "[cli]") {
    const auto unselected = run({"describe", "--json", "baseline"});
    REQUIRE(unselected.code == 0);
    const auto json = nlohmann::json::parse(unselected.out);
    CHECK(json["name"] == "baseline");
    CHECK(json["in_graph"] == false);
    REQUIRE(json["variants"].size() == 2);
    CHECK(json["variants"][0] == nlohmann::json{{"name", "mean"},
                                                {"function", "baseline__mean"},
                                                {"conditions", {R"(method == "mean")"}},
                                                {"config_keys", {"method"}},
                                                {"selected", false}});
    CHECK(json["variants"][1]["conditions"] == nlohmann::json{R"(method in ["first", "head"])"});
    CHECK(json["variant_selection"]["selected"].is_null());
    CHECK(json["variant_selection"]["config"] == nlohmann::json{{"method", nullptr}});
    CHECK_THAT(json["variant_selection"]["reason"].get<std::string>(), Contains("set config key 'method'"));

    const auto selected = nlohmann::json::parse(run({"describe", "--json", "raw"}).out);
    CHECK(selected["in_graph"] == true);
    CHECK(selected["variants"][1]["selected"] == true);
    CHECK(selected["variants"][0]["selected"] == false);
    CHECK(selected["variant_selection"]["selected"] == "const");
    CHECK(selected["variant_selection"]["function"] == "raw__const");
    CHECK(selected["variant_selection"]["config"] == nlohmann::json{{"source", "const"}});
    CHECK(selected["variant_selection"]["reason"] == R"(const, because source == "const" (config source="const"))");

    // A node without variants has an empty list and no selection; list --json gives the same variants.
    const auto plain = nlohmann::json::parse(run({"describe", "--json", "total"}).out);
    CHECK(plain["variants"] == nlohmann::json::array());
    CHECK(!plain.contains("variant_selection"));
    for (const auto& v : nlohmann::json::parse(run({"list", "--json"}).out))
        if (v["name"] == "raw") CHECK(v["variants"] == selected["variants"]);
}

TEST_CASE("cli: describe --json", "[cli]") {
    const auto d = run({"describe", "--json", "total"});
    REQUIRE(d.code == 0);
    const auto json = nlohmann::json::parse(d.out);
    CHECK(json["name"] == "total");
    CHECK(json["function"] == "total");
    CHECK(json["used_by"] == nlohmann::json{"total_money"});
    CHECK(json["downstream"] == nlohmann::json{"total_money"});
    CHECK_THAT(json["upstream"].dump(), Contains("\"level\"") && Contains("\"weeks\"") && Contains("\"raw\""));
}

TEST_CASE("cli: describe of an unknown name suggests the closest", "[cli]") {
    const auto d = run({"describe", "totl"});
    CHECK(d.code == 1);
    CHECK(d.out.empty());
    CHECK_THAT(d.err, Contains("describe: 'totl' is no node or input of the dataflow; did you mean 'total'"));

    // The closest names are looked for under every config: baseline has no variant selected here.
    const auto unselected = run({"describe", "baselin"});
    CHECK(unselected.code == 1);
    CHECK_THAT(unselected.err, Contains("describe: 'baselin' is no node or input of the dataflow; did you mean 'baseline'?"));

    const auto inactive = run({"describe", "path"});  // a variant's input that this config leaves out
    CHECK(inactive.code == 1);
    CHECK_THAT(inactive.err, Contains("'path' is not in the graph"));
}

TEST_CASE("cli: viz prints DOT, draws an execution and writes files", "[cli]") {
    const auto all = run({"viz"});
    REQUIRE(all.code == 0);
    CHECK_THAT(all.out, Contains("digraph hamilton") && Contains("\"total_money\"") && Contains("\"regions_upper\""));

    const auto execution = run({"viz", "--execution", "--output-node", "total", "--input", "level=2", "--input", "weeks=3"});
    REQUIRE(execution.code == 0);
    CHECK_THAT(execution.out, Contains("\"total\"") && !Contains("\"total_money\"") && Contains("requested output"));

    const auto implied = run({"viz", "--output-node", "total", "--override", "raw=1,2"});
    REQUIRE(implied.code == 0);
    CHECK_THAT(implied.out, Contains("override") && !Contains("\"weeks\""));

    const scratch dir;
    const auto written = run({"viz", "--output", dir.file("graph.dot")});
    REQUIRE(written.code == 0);
    CHECK_THAT(written.out, Contains("wrote the graph to"));
    CHECK_THAT(read(dir.file("graph.dot")), Contains("digraph hamilton"));

    const auto bad_extension = run({"viz", "--output", dir.file("graph.jpg")});
    CHECK(bad_extension.code == 1);
    CHECK_THAT(bad_extension.err, Contains("cannot draw the graph as") && Contains(".dot, .gv, .svg, .png or .pdf"));

    const auto missing = run({"viz", "--output-node", "total"});
    CHECK(missing.code == 1);
    CHECK_THAT(missing.err, Contains("missing input 'level'"));

    const auto stray_input = run({"viz", "--input", "level=2"});
    CHECK(stray_input.code == 1);
    CHECK_THAT(stray_input.err, Contains("--input and --override apply to an execution picture"));
}

TEST_CASE("cli: run prints each output by its type", "[cli]") {
    const auto r = run({"run", "--output", "total", "--output", "raw,regions_upper", "--output", "label",
                        "--output", "small", "--input", "level=2.5", "--input", "weeks=2", "--input", "loud=yes",
                        "--input", "fuse=-2", "--config", "region=north", "--config", "regions=north, south"});
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out == "total = 5\nraw = [2.5, 2.5]\nregions_upper = [\"NORTH\", \"SOUTH\"]\nlabel = north!\nsmall = 5\n");

    const auto scaled = run({"run", "--output", "total", "--input", "level=1", "--input", "weeks=4", "--input", "scale=0.5"});
    CHECK(scaled.out == "total = 2\n");

    const auto csv = run({"run", "--output", "total", "--config", "source=csv", "--input", "path=abcd"});
    REQUIRE(csv.code == 0);
    CHECK(csv.out == "total = 6\n");  // 4 (the path's length) + 2
}

TEST_CASE("cli: run --json and overrides", "[cli]") {
    const auto r = run({"run", "--json", "--output", "total,raw,label", "--override", "raw=1,2,3", "--input",
                        "loud=false", "--config", "region=south"});
    REQUIRE(r.code == 0);
    const auto json = nlohmann::ordered_json::parse(r.out);
    CHECK(json.dump() == R"({"total":6.0,"raw":[1.0,2.0,3.0],"label":"south"})");
}

TEST_CASE("cli: a value without a printer shows its type; a registered printer shows it", "[cli]") {
    const std::vector<std::string> args{"run", "--output", "summary,total_money", "--input", "level=2", "--input", "weeks=3"};
    const auto plain = run(args);
    REQUIRE(plain.code == 0);
    CHECK_THAT(plain.out, Contains("summary = <a value of type (anonymous namespace)::table>"));
    CHECK_THAT(plain.out, Contains("total_money = <a value of type (anonymous namespace)::money>"));

    hamilton::cli_options options;
    options.add_printer<money>([](const money& m) { return fmt::format("{:.2f} EUR", m.amount); });
    options.add_json_printer<table>([](const table& t) { return nlohmann::json{{"rows", t.rows}}; });
    const auto printed = run(args, options);
    REQUIRE(printed.code == 0);
    CHECK_THAT(printed.out, Contains("summary = {\"rows\":3}") && Contains("total_money = 6.00 EUR"));

    auto json_args = args;
    json_args.push_back("--json");
    const auto json = nlohmann::json::parse(run(json_args, options).out);
    CHECK(json["summary"]["rows"] == 3);
    CHECK(json["total_money"] == "6.00 EUR");

    // A printer for a built-in type replaces the built-in one for text; JSON stays a number.
    hamilton::cli_options doubles;
    doubles.add_printer<double>([](double d) { return fmt::format("{:.3f}", d); });
    CHECK(run({"run", "--output", "total", "--input", "level=2", "--input", "weeks=3"}, doubles).out == "total = 6.000\n");
    CHECK(run({"run", "--json", "--output", "total", "--input", "level=2", "--input", "weeks=3"}, doubles).out ==
          "{\n  \"total\": 6.0\n}\n");

    const auto none = run({"run", "--json", "--output", "summary", "--input", "level=2", "--input", "weeks=3"});
    CHECK_THAT(none.out, Contains("\"<a value of type (anonymous namespace)::table>\""));
}

TEST_CASE("cli: a printer that throws is an error, not a crash", "[cli]") {
    hamilton::cli_options options;
    options.name = "spendctl";
    options.add_printer<money>([](const money&) -> std::string { throw std::runtime_error("no currency"); });
    const auto r = run({"run", "--output", "total_money", "--input", "level=2", "--input", "weeks=3"}, options);
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "spendctl: no currency\n");
}

TEST_CASE("cli: run reports bad, unknown, repeated and missing values", "[cli]") {
    const auto bad = run({"run", "--output", "total", "--input", "level=2", "--input", "weeks=three"});
    CHECK(bad.code == 1);
    CHECK(bad.out.empty());
    CHECK_THAT(bad.err, Contains("--input weeks=three: 'weeks' of type int: 'three' is not an integer"));

    // Every problem of the command line at once.
    const auto two = run({"run", "--output", "total", "--input", "level=x", "--input", "weeks=1.5", "--override", "scale=no"});
    CHECK(two.code == 1);
    CHECK_THAT(two.err, Contains("3 problems") && Contains("'level' of type double") &&
                            Contains("'weeks' of type int") && Contains("--override scale=no"));

    const auto unknown = run({"run", "--output", "total", "--input", "levle=2", "--input", "weeks=1"});
    CHECK(unknown.code == 1);
    CHECK_THAT(unknown.err, Contains("--input levle=2: 'levle' is not in the graph; did you mean 'level'"));

    const auto unknown_output = run({"run", "--output", "totl", "--input", "level=2", "--input", "weeks=1"});
    CHECK(unknown_output.code == 1);
    CHECK_THAT(unknown_output.err, Contains("no node produces 'totl'") && Contains("did you mean 'total'"));

    const auto no_equals = run({"run", "--output", "total", "--input", "level"});
    CHECK(no_equals.code == 1);
    CHECK_THAT(no_equals.err, Contains("--input 'level': expected name=value, e.g. --input window=4"));

    const auto twice = run({"run", "--output", "total", "--input", "level=1", "--input", "level=2", "--input", "weeks=1"});
    CHECK(twice.code == 1);
    CHECK_THAT(twice.err, Contains("--input: 'level' is given twice; give it once"));

    const auto missing = run({"run", "--output", "total", "--input", "level=2"});
    CHECK(missing.code == 1);
    CHECK_THAT(missing.err, Contains("missing input 'weeks' of type int"));

    const auto unreadable = run({"run", "--output", "total_money", "--override", "summary=3"});
    CHECK(unreadable.code == 1);
    CHECK_THAT(unreadable.err, Contains("'summary' has type (anonymous namespace)::table, which cannot be read from text"));

    const auto computed = run({"run", "--output", "total", "--input", "raw=1,2"});
    CHECK(computed.code == 1);
    CHECK_THAT(computed.err, Contains("pass it as an override"));
}

TEST_CASE("cli: a node that throws exits with 1 and names the node", "[cli]") {
    const auto r = run({"run", "--output", "checked", "--input", "fuse=1"});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Contains("node 'checked' failed: the fuse burnt"));
}

TEST_CASE("cli: validate checks a call without running it", "[cli]") {
    const auto ok = run({"validate", "--output", "checked", "--input", "fuse=1"});  // would throw if it ran
    CHECK(ok.code == 0);
    CHECK(ok.out == "ok: ['checked'] can be computed from the inputs and config given\n");

    const auto missing = run({"validate", "--output", "total,label"});
    CHECK(missing.code == 1);
    CHECK_THAT(missing.err, Contains("missing input 'level'") && Contains("missing input 'region'"));

    const auto bad = run({"validate", "--output", "checked", "--input", "fuse=lit"});
    CHECK(bad.code == 1);
    CHECK_THAT(bad.err, Contains("'fuse' of type int: 'lit' is not an integer"));
}

TEST_CASE("cli: config values from text", "[cli]") {
    using hamilton::config_value_from_text;
    CHECK(config_value_from_text("true") == hamilton::config_value(true));
    CHECK(config_value_from_text("false") == hamilton::config_value(false));
    CHECK(config_value_from_text("True") == hamilton::config_value("True"));
    CHECK(config_value_from_text("4") == hamilton::config_value(4));
    CHECK(config_value_from_text("-12") == hamilton::config_value(-12));
    CHECK(config_value_from_text("0.92") == hamilton::config_value(0.92));
    CHECK(config_value_from_text("1e3") == hamilton::config_value(1000.0));
    CHECK(config_value_from_text("nan") == hamilton::config_value("nan"));
    CHECK(config_value_from_text("inf") == hamilton::config_value("inf"));
    CHECK(config_value_from_text("4x") == hamilton::config_value("4x"));
    CHECK(config_value_from_text("csv") == hamilton::config_value("csv"));
    CHECK(config_value_from_text("") == hamilton::config_value(""));
    CHECK(config_value_from_text("\"4\"") == hamilton::config_value("4"));
    CHECK(config_value_from_text("\"a,b\"") == hamilton::config_value("a,b"));
    using list = hamilton::config_value::string_list;
    CHECK(config_value_from_text("north, south") == hamilton::config_value(list{"north", "south"}));
    CHECK(config_value_from_text("north,") == hamilton::config_value(list{"north"}));
    CHECK(config_value_from_text("1,2") == hamilton::config_value(list{"1", "2"}));
    CHECK(config_value_from_text(",") == hamilton::config_value(list{}));
}

TEST_CASE("cli: --config builds the driver with that config, over the builder's", "[cli]") {
    const auto csv = run({"run", "--output", "raw", "--config", "source=csv", "--input", "path=abc"});
    REQUIRE(csv.code == 0);
    CHECK(csv.out == "raw = [3, 2]\n");

    const auto from_config = run({"run", "--output", "total", "--config", "level=2", "--config", "weeks=3"});
    REQUIRE(from_config.code == 0);
    CHECK(from_config.out == "total = 6\n");

    const auto no_equals = run({"list", "--config", "source"});
    CHECK(no_equals.code == 1);
    CHECK_THAT(no_equals.err, Contains("--config 'source': expected key=value, e.g. --config window=4"));

    const auto twice = run({"list", "--config", "source=csv", "--config", "source=const"});
    CHECK(twice.code == 1);
    CHECK_THAT(twice.err, Contains("--config: key 'source' is given twice; give it once"));

    const auto unlike = run({"list", "--config", "source=3"});  // the conditions compare with strings
    CHECK(unlike.code == 1);
    CHECK_THAT(unlike.err, Contains("config key 'source' is an integer (3)") && Contains("\"const\""));

    const auto quoted = run({"list", "--config", "source=\"3\""});  // a string that matches no variant
    CHECK(quoted.code == 0);
    CHECK_THAT(quoted.out, !Contains("weeks") && !Contains("path"));

    const auto wrong_kind = run({"run", "--output", "label", "--config", "region=4", "--input", "loud=1"});
    CHECK(wrong_kind.code == 1);
    CHECK_THAT(wrong_kind.err, Contains("config value 'region'"));

    const auto both = run({"run", "--output", "label", "--config", "region=x", "--input", "region=y", "--input", "loud=1"});
    CHECK(both.code == 1);
    CHECK_THAT(both.err, Contains("'region' is given both as config and as an input"));
}

TEST_CASE("cli: catalog prints the catalog's JSON or writes a file", "[cli]") {
    const auto printed = run({"catalog", "--config", "region=north"});
    REQUIRE(printed.code == 0);
    const auto json = nlohmann::json::parse(printed.out);
    CHECK(json["config"]["region"] == "north");
    CHECK(json["nodes"].size() == nlohmann::json::parse(run({"list", "--json", "--config", "region=north"}).out).size());

    const scratch dir;
    const auto written = run({"catalog", "--output", dir.file("catalog.json")});
    REQUIRE(written.code == 0);
    CHECK_THAT(written.out, Contains("wrote the catalog to"));
    CHECK(nlohmann::json::parse(read(dir.file("catalog.json")))["nodes"].is_array());

    const auto bad = run({"catalog", "--output", dir.file("catalog.txt")});
    CHECK(bad.code == 1);
    CHECK_THAT(bad.err, Contains("cannot write the catalog to") && Contains(".json") && Contains(".html"));

    const auto no_folder = run({"catalog", "--output", dir.file("no/such/catalog.json")});
    CHECK(no_folder.code == 1);
    CHECK_THAT(no_folder.err, Contains("does not exist"));
}

TEST_CASE("cli: run with argc/argv, run_cli, and a driver factory", "[cli]") {
    const hamilton::cli app(configured);
    const char* argv[] = {"/usr/local/bin/spendctl", "--help"};
    std::ostringstream out, err;
    CHECK(app.run(2, argv, out, err) == 0);
    CHECK_THAT(out.str(), Contains("spendctl") && !Contains("/usr/local/bin"));

    int factory_calls = 0;
    hamilton::config seen;
    const hamilton::cli from_factory([&](const hamilton::config& cfg) -> hamilton::basic_driver {
        ++factory_calls;
        seen = cfg;
        return hamilton::builder().with_modules(graph).with_config({{"source", "const"}}).with_config(cfg).build();
    });
    const auto r = run(from_factory, {"run", "--output", "total", "--config", "level=1", "--config", "weeks=2"});
    CHECK(r.code == 0);
    CHECK(r.out == "total = 2\n");
    CHECK(factory_calls == 1);
    CHECK(seen.at("weeks") == hamilton::config_value(2));

    const hamilton::cli failing([](const hamilton::config&) -> hamilton::basic_driver { throw 42; });
    const auto odd = run(failing, {"list"});
    CHECK(odd.code == 1);
    CHECK_THAT(odd.err, Contains("an exception not derived from std::exception"));

    // run_cli writes to std::cout, captured here.
    const char* validate[] = {"spendctl", "validate", "--output", "checked", "--input", "fuse=0"};
    std::ostringstream captured;
    auto* const previous = std::cout.rdbuf(captured.rdbuf());
    const int code = hamilton::run_cli(configured, 6, validate);
    std::cout.rdbuf(previous);
    CHECK(code == 0);
    CHECK(captured.str() == "ok: ['checked'] can be computed from the inputs and config given\n");
}
