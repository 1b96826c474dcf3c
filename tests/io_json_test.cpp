// Tests of hamilton/io/json.hpp: to_json and from_json through materialize, and their errors.
#include <hamilton/hamilton.hpp>
#include <hamilton/io/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "support.hpp"

using test::error_of;

namespace report {
// A type of one's own, which nlohmann::json can hold through its to_json/from_json functions.
struct summary {
    double mean = 0;
    std::string owner;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(summary, mean, owner)
}  // namespace report

namespace {

using series = std::vector<double>;

struct opaque {};

int mean_calls = 0;
double spend_mean(const series& spend) {
    ++mean_calls;
    double sum = 0;
    for (double x : spend) sum += x;
    return sum / static_cast<double>(spend.size());
}
std::map<std::string, int> counts(const series& spend) { return {{"weeks", static_cast<int>(spend.size())}}; }
report::summary summary(double spend_mean) { return {spend_mean, "growth"}; }
opaque handle() { return {}; }
std::string owner(const report::summary& summary) { return summary.owner; }

inline constexpr auto graph = hamilton::module(HAMILTON_NODE(spend_mean, spend), HAMILTON_NODE(counts, spend),
                                               HAMILTON_NODE(summary, spend_mean), HAMILTON_NODE(handle),
                                               HAMILTON_NODE(owner, summary));


nlohmann::json read_json(const std::filesystem::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("to_json writes the outputs as one object", "[io][json]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(graph).build();
    const auto path = dir.path / "summary.json";
    const auto done = dr.materialize({hamilton::to_json(path, {"spend_mean", "counts", "spend"})},
                                     {{"spend", series{1, 2, 6}}});
    CHECK(read_json(path) == nlohmann::json{{"spend_mean", 3.0}, {"counts", {{"weeks", 3}}}, {"spend", {1.0, 2.0, 6.0}}});
    const auto& m = done.metadata.at(path.string());
    CHECK(m.format == "json");
    CHECK(m.rows == 3);
    CHECK(m.bytes == std::filesystem::file_size(path));
    CHECK(dir.files() == std::vector<std::string>{"summary.json"});
}

TEST_CASE("to_json<T...> writes types of one's own, checked at compile time", "[io][json]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(graph).build();
    const auto path = dir.path / "s.json";
    dr.materialize({hamilton::to_json<report::summary, double>(path, {"summary", "spend_mean"}, "typed")},
                   {{"spend", series{2, 4}}});
    CHECK(read_json(path) == nlohmann::json{{"summary", {{"mean", 3.0}, {"owner", "growth"}}}, {"spend_mean", 3.0}});

    // The types named must be the outputs' types, and one per output.
    mean_calls = 0;
    CHECK(error_of([&] {
              dr.materialize({hamilton::to_json<int>(path, {"spend_mean"}, "typed")}, {{"spend", series{2, 4}}});
          }) == "hamilton: materialize: saver 'typed': output 'spend_mean' is a double, but to_json names it a int");
    CHECK(mean_calls == 0);
    CHECK(error_of([&] { (void)hamilton::to_json<double>(path, {"spend_mean", "counts"}); }) ==
          "hamilton: to_json<double>: 1 types for 2 outputs ['spend_mean', 'counts']; give one type per output, in "
          "order");
}

TEST_CASE("to_json by name reports a type it cannot write before anything runs", "[io][json]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(graph).build();
    mean_calls = 0;
    CHECK(error_of([&] {
              dr.materialize({hamilton::to_json(dir.path / "h.json", {"handle", "summary"}, "h")},
                             {{"spend", series{1}}});
          }) ==
          "hamilton: 2 problems in materialize:\n"
          "  - saver 'h': output 'handle' is a (anonymous namespace)::opaque, which to_json cannot write by name; name "
          "the types, to_json<(anonymous namespace)::opaque>(...), and give (anonymous namespace)::opaque a "
          "to_json(nlohmann::json&, const (anonymous namespace)::opaque&) function\n"
          "  - saver 'h': output 'summary' is a report::summary, which to_json cannot write by name; name the types, "
          "to_json<report::summary>(...), and give report::summary a to_json(nlohmann::json&, const "
          "report::summary&) function");
    CHECK(mean_calls == 0);
    CHECK(dir.files().empty());
}

TEST_CASE("to_json with a result builder writes what the builder makes of the outputs", "[io][json]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(graph).build();
    const auto path = dir.path / "combined.json";
    auto combine = [](const hamilton::results& r) {
        return report::summary{r.get<double>("spend_mean"), r.get<std::map<std::string, int>>("counts").begin()->first};
    };
    dr.materialize({hamilton::to_json(path, {"spend_mean", "counts"}, combine, "combined")}, {{"spend", series{5}}});
    CHECK(read_json(path) == nlohmann::json{{"mean", 5.0}, {"owner", "weeks"}});

    // A builder that throws: the saver fails, naming the builder, and nothing is written.
    auto wrong = [](const hamilton::results& r) { return r.get<int>("spend_mean"); };
    CHECK(error_of([&] {
              dr.materialize({hamilton::to_json(dir.path / "w.json", {"spend_mean"}, wrong, "w")},
                             {{"spend", series{5}}});
          }) ==
          "hamilton: materialize: saver 'w' of ['spend_mean'] failed: execute ['spend_mean']: the result builder failed: result "
          "'spend_mean' has type double, not the int asked for; call get<double>(\"spend_mean\")");
    CHECK(dir.files() == std::vector<std::string>{"combined.json"});
}

TEST_CASE("to_json into a folder that does not exist leaves no file", "[io][json]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(graph).build();
    const auto missing = dir.path / "nope" / "s.json";
    CHECK(error_of([&] { dr.materialize({hamilton::to_json(missing, {"spend_mean"}, "s")}, {{"spend", series{1}}}); }) ==
          fmt::format("hamilton: materialize: saver 's' of ['spend_mean'] failed: cannot write '{}': its folder '{}' does not exist; "
                      "create it first",
                      missing.string(), missing.parent_path().string()));
    CHECK(dir.files().empty());
}

TEST_CASE("from_json loads a node or input from a document or a JSON pointer in it", "[io][json]") {
    test::temp_dir dir;
    dir.write("in.json", R"({"weeks": [{"spend": [1, 2, 3]}], "summary": {"mean": 7.5, "owner": "ops"}})");
    auto dr = hamilton::builder().with_modules(graph).build();
    mean_calls = 0;
    const auto done = dr.materialize({hamilton::from_json<report::summary>("summary", dir.path / "in.json", "/summary")},
                                     {}, {}, {"owner"});
    CHECK(done.outputs.get<std::string>("owner") == "ops");
    CHECK(mean_calls == 0);  // summary was loaded, so spend_mean did not run
    CHECK(done.loader_metadata.at("summary").extra.at("pointer") == "/summary");

    const auto spend = dr.materialize({hamilton::from_json<series>("spend", dir.path / "in.json", "/weeks/0/spend")}, {},
                                      {}, {"spend_mean"});
    CHECK(spend.outputs.get<double>("spend_mean") == 2);
    CHECK(spend.loader_metadata.at("spend").rows == 3);

    // A whole document, written by to_json and read back.
    dr.materialize({hamilton::to_json(dir.path / "spend.json", {"spend"}, "spend")}, {{"spend", series{4, 6}}});
    const auto again = dr.materialize({hamilton::from_json<series>("spend", dir.path / "spend.json", "/spend")}, {}, {},
                                      {"spend_mean"});
    CHECK(again.outputs.get<double>("spend_mean") == 5);
}

TEST_CASE("from_json reports a missing file, bad JSON, a missing pointer and a value of another type", "[io][json]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(graph).build();
    auto load = [&](auto loader) { dr.materialize({loader}, {}, {}, {"spend_mean"}); };
    const auto p = [&](const char* name) { return (dir.path / name).string(); };

    CHECK(error_of([&] { load(hamilton::from_json<series>("spend", dir.path / "none.json")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': No such file or directory",
                      p("none.json")));
    dir.write("bad.json", "{\"spend\": [1, 2,]}");
    CHECK(error_of([&] { load(hamilton::from_json<series>("spend", dir.path / "bad.json")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': not valid JSON: "
                      "[json.exception.parse_error.101] parse error at line 1, column 17: syntax error while parsing "
                      "value - unexpected ']'; expected '[', '{{', or a literal",
                      p("bad.json")));
    dir.write("ok.json", R"({"spend": ["a"]})");
    CHECK(error_of([&] { load(hamilton::from_json<series>("spend", dir.path / "ok.json", "/spnd")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': it has no value at '/spnd'",
                      p("ok.json")));
    CHECK(error_of([&] { load(hamilton::from_json<series>("spend", dir.path / "ok.json", "/spend")); }) ==
          fmt::format("hamilton: materialize: loader of 'spend' failed: cannot read '{}': the value at '/spend' (a JSON "
                      "array) is not a std::vector<double>: [json.exception.type_error.302] type must be number, but "
                      "is string",
                      p("ok.json")));
    CHECK(error_of([&] { (void)hamilton::from_json<series>("spend", "x.json", "spend"); }) ==
          "hamilton: from_json of 'spend': 'spend' is not a JSON pointer ([json.exception.parse_error.107] parse "
          "error at byte 1: JSON pointer must be empty or begin with '/' - was: 'spend'); write it like "
          "\"/weeks/0/spend\"");
}
