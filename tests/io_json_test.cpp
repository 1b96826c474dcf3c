// Tests of hamilton/io/json.hpp: to_json and from_json through materialize, and their errors.
#include <hamilton/hamilton.hpp>
#include <hamilton/io/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
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
          }) == "hamilton: materialize: saver 'typed': output 'spend_mean' has type double, but to_json names type int");
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
          "  - saver 'h': output 'handle' has type (anonymous namespace)::opaque, which to_json cannot write by name; name "
          "the types, to_json<(anonymous namespace)::opaque>(...), and give (anonymous namespace)::opaque a "
          "to_json(nlohmann::json&, const (anonymous namespace)::opaque&) function\n"
          "  - saver 'h': output 'summary' has type report::summary, which to_json cannot write by name; name the types, "
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
                      "array) does not convert to std::vector<double>: [json.exception.type_error.302] type must be number, but "
                      "is string",
                      p("ok.json")));
    CHECK(error_of([&] { (void)hamilton::from_json<series>("spend", "x.json", "spend"); }) ==
          "hamilton: from_json of 'spend': 'spend' is not a JSON pointer ([json.exception.parse_error.107] parse "
          "error at byte 1: JSON pointer must be empty or begin with '/' - was: 'spend'); write it like "
          "\"/weeks/0/spend\"");
}

TEST_CASE("from_json refuses a number its type cannot hold, naming the pointer, the number and the type", "[io][json]") {
    test::temp_dir dir;
    dir.write("n.json", R"({"fraction": 2.75, "negative": -1, "huge": 1e300, "two_to_32": 4294967296, "whole": 3.0,
                            "nested": {"a": [1, 2.5]}, "escaped": {"b/c": [-7]}, "floats": [1.5, 1e39], "rows": [[1], [2, -3]],
                            "pairs": [[1, 2], [3, 4.5]], "big": 18446744073709551615})");
    const auto file = (dir.path / "n.json").string();
    auto refusal = [&](const std::string& number, const std::string& pointer, const std::string& type,
                       const std::string& holds) {
        return fmt::format("hamilton: materialize: loader of 'x' failed: cannot read '{}': the number {} at '{}' does "
                           "not fit in {}, which holds {}; load it as a type that holds it, or fix the file",
                           file, number, pointer, type, holds);
    };
    // Loads the value at `pointer` as a T into a node that reads it.
    auto dx = [&](auto type_tag, const char* pointer) {
        using T = typename decltype(type_tag)::type;
        auto d = hamilton::builder()
                     .with_modules(hamilton::module(hamilton::node<"y", "x">([](const T&) { return 0; })))
                     .build();
        return error_of([&] { d.materialize({hamilton::from_json<T>("x", dir.path / "n.json", pointer)}, {}, {}, {"y"}); });
    };
    const std::string ints = "whole numbers from -2147483648 to 2147483647";
    CHECK(dx(std::type_identity<int>{}, "/fraction") == refusal("2.75", "/fraction", "int", ints));
    CHECK(dx(std::type_identity<unsigned>{}, "/negative") ==
          refusal("-1", "/negative", "unsigned int", "whole numbers from 0 to 4294967295"));
    CHECK(dx(std::type_identity<int>{}, "/huge") == refusal("1e+300", "/huge", "int", ints));
    CHECK(dx(std::type_identity<long long>{}, "/huge") ==
          refusal("1e+300", "/huge", "long long", "whole numbers from -9223372036854775808 to 9223372036854775807"));
    CHECK(dx(std::type_identity<int>{}, "/two_to_32") == refusal("4294967296", "/two_to_32", "int", ints));
    CHECK(dx(std::type_identity<long long>{}, "/big") ==
          refusal("18446744073709551615", "/big", "long long",
                  "whole numbers from -9223372036854775808 to 9223372036854775807"));
    // Nested: the pointer names the very number, escaped as JSON pointers are.
    CHECK(dx(std::type_identity<std::map<std::string, std::vector<int>>>{}, "/nested") ==
          refusal("2.5", "/nested/a/1", "int", ints));
    CHECK(dx(std::type_identity<std::map<std::string, std::vector<unsigned>>>{}, "/escaped") ==
          refusal("-7", "/escaped/b~1c/0", "unsigned int", "whole numbers from 0 to 4294967295"));
    CHECK(dx(std::type_identity<std::vector<float>>{}, "/floats") ==
          refusal("1e+39", "/floats/1", "float", "numbers from -3.4028235e+38 to 3.4028235e+38"));
    CHECK(dx(std::type_identity<std::vector<std::vector<unsigned>>>{}, "/rows") ==
          refusal("-3", "/rows/1/1", "unsigned int", "whole numbers from 0 to 4294967295"));
    CHECK(dx(std::type_identity<std::map<int, int>>{}, "/pairs") == refusal("4.5", "/pairs/1/1", "int", ints));
    CHECK(dx(std::type_identity<std::vector<std::pair<int, short>>>{}, "/pairs") ==
          refusal("4.5", "/pairs/1/1", "short", "whole numbers from -32768 to 32767"));
    CHECK(dx(std::type_identity<std::array<std::vector<unsigned>, 2>>{}, "/rows") ==
          refusal("-3", "/rows/1/1", "unsigned int", "whole numbers from 0 to 4294967295"));

    // What fits loads: a whole number written 3.0, and every number into a double.
    auto di = hamilton::builder()
                  .with_modules(hamilton::module(hamilton::node<"twice", "whole">([](int whole) { return 2 * whole; })))
                  .build();
    CHECK(di.materialize({hamilton::from_json<int>("whole", dir.path / "n.json", "/whole")}, {}, {}, {"twice"})
              .outputs.get<int>("twice") == 6);
    auto dd = hamilton::builder()
                  .with_modules(hamilton::module(
                      hamilton::node<"count", "all">([](const std::map<std::string, nlohmann::json>& all) {
                          return static_cast<int>(all.size());
                      })))
                  .build();
    CHECK(dd.materialize({hamilton::from_json<std::map<std::string, nlohmann::json>>("all", dir.path / "n.json")}, {},
                         {}, {"count"})
              .outputs.get<int>("count") == 11);
}

TEST_CASE("to_json refuses NaN and infinity, naming the output and the pointer, and writes nothing", "[io][json]") {
    test::temp_dir dir;
    auto dr = hamilton::builder().with_modules(graph).build();
    const auto path = dir.path / "s.json";
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    auto refusal = [&](const std::string& saver, const std::string& outputs, const std::string& where,
                       const std::string& value, const std::string& pointer) {
        return fmt::format("hamilton: materialize: saver '{}' of {} failed: cannot write '{}': {} holds {} at '{}'; JSON "
                           "has no NaN or infinity (nlohmann-json would write null, which does not read back as a "
                           "number): replace it before saving, or save it with to_csv, which writes nan and inf",
                           saver, outputs, path.string(), where, value, pointer);
    };
    dir.write("s.json", "old\n");

    CHECK(error_of([&] { dr.materialize({hamilton::to_json(path, {"spend_mean", "spend"}, "s")}, {{"spend", series{1, nan}}}); }) ==
          refusal("s", "['spend_mean', 'spend']", "output 'spend'", "nan", "/spend/1"));
    CHECK(error_of([&] { dr.materialize({hamilton::to_json(path, {"spend"}, "s")}, {{"spend", series{1, -inf}}}); }) ==
          refusal("s", "['spend']", "output 'spend'", "-inf", "/spend/1"));
    CHECK(error_of([&] {
              dr.materialize({hamilton::to_json<report::summary>(path, {"summary"}, "s")}, {{"spend", series{inf}}});
          }) == refusal("s", "['summary']", "output 'summary'", "inf", "/summary/mean"));
    auto combine = [](const hamilton::results& r) { return report::summary{r.get<double>("spend_mean"), "x"}; };
    CHECK(error_of([&] { dr.materialize({hamilton::to_json(path, {"spend_mean"}, combine, "s")}, {{"spend", series{}}}); }) ==
          refusal("s", "['spend_mean']", "the document the result builder made", "nan", "/mean"));
    CHECK(test::read_text(path) == "old\n");  // the file is as it was
    CHECK(dir.files() == std::vector<std::string>{"s.json"});

    // Finite values, however large, are written and read back.
    dr.materialize({hamilton::to_json(path, {"spend"}, "s")}, {{"spend", series{1e308, -4.9e-324}}});
    CHECK(dr.materialize({hamilton::from_json<series>("spend", path, "/spend")}, {}, {}, {"spend"})
              .outputs.get<series>("spend") == series{1e308, -4.9e-324});
}
