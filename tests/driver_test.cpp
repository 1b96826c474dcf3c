// Tests of hamilton/driver.hpp: builder, variants, execute (typed and by name), overrides,
// release of values, threads, and the run-time errors of one call.
#include <hamilton/hamilton.hpp>

#include <hamilton/graphviz.hpp>
#include <hamilton/materialize.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support.hpp"

using test::error_of;
using test::tracked;

namespace {

std::atomic<int> runs{0};

double spend_mean(const std::vector<double>& spend) {
    ++runs;
    return std::accumulate(spend.begin(), spend.end(), 0.0) / static_cast<double>(spend.size());
}
std::vector<double> spend_zero_mean(const std::vector<double>& spend, double spend_mean) {
    ++runs;
    auto out = spend;
    for (auto& x : out) x -= spend_mean;
    return out;
}
double spend_per_signup(const std::vector<double>& spend, const std::vector<double>& signups) {
    ++runs;
    return spend.at(0) / signups.at(0);
}

constexpr auto marketing = hamilton::module(HAMILTON_NODE(spend_mean, spend),
                                            HAMILTON_NODE(spend_zero_mean, spend, spend_mean),
                                            HAMILTON_NODE(spend_per_signup, spend, signups));

std::vector<double> raw__csv(const std::string& path) { return {double(path.size())}; }
std::vector<double> raw__const(double level, std::int64_t weeks) { return std::vector<double>(std::size_t(weeks), level); }
double total(const std::vector<double>& raw) { return std::accumulate(raw.begin(), raw.end(), 0.0); }

constexpr auto sources = hamilton::module(HAMILTON_NODE(raw__csv, path).when("source", "csv"),
                                          HAMILTON_NODE(raw__const, level, weeks).when_in("source", {"const", "fixed"}),
                                          HAMILTON_NODE(total, raw));

const std::vector<double> spend{10, 20, 30, 40};

// A range whose elements are std::string made on each read, by value.
struct made_names {
    struct iterator {
        using value_type = std::string;
        using difference_type = std::ptrdiff_t;
        int at = 0;
        std::string operator*() const { return "name" + std::to_string(at); }
        iterator& operator++() {
            ++at;
            return *this;
        }
        void operator++(int) { ++at; }
        bool operator==(const iterator&) const = default;
    };
    [[nodiscard]] iterator begin() const { return {}; }
    [[nodiscard]] iterator end() const { return {2}; }
};

}  // namespace

TEST_CASE("typed execute returns the outputs with their types", "[driver]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    auto [zero_mean, mean] = dr.execute<"spend_zero_mean", "spend_mean">({{"spend", spend}});
    STATIC_REQUIRE(std::is_same_v<decltype(mean), double>);
    CHECK(mean == 25.0);
    CHECK(zero_mean == std::vector<double>{-15, -5, 5, 15});
    const double only = dr.execute<"spend_mean">({{"spend", spend}});
    CHECK(only == 25.0);
}

TEST_CASE("by-name execute returns hamilton::results", "[driver]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    hamilton::results r = dr.execute({"spend_mean", "spend_zero_mean"}, {{"spend", spend}});
    CHECK(r.size() == 2);
    CHECK(r.get<double>("spend_mean") == 25.0);
    CHECK(r.contains("spend_zero_mean"));
    CHECK(!r.contains("spend_per_signup"));
}

TEST_CASE("the outputs by name are a braced list or any range of names, never taken for a builder", "[driver]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    const hamilton::values inputs{{"spend", spend}};
    const auto names_of = [](const hamilton::results& r) {
        std::vector<std::string> out;
        for (const auto& [name, value] : r) out.push_back(name);
        return out;
    };
    const std::vector<std::string> expected{"spend_mean", "spend_zero_mean"};

    // A non-const vector lvalue once picked execute(builder, outputs) and did not compile.
    std::vector<std::string> outputs{"spend_mean", "spend_zero_mean"};
    STATIC_REQUIRE(std::is_same_v<decltype(dr.execute(outputs, inputs)), hamilton::results>);
    CHECK(names_of(dr.execute(outputs, inputs)) == expected);
    CHECK(names_of(dr.execute(outputs, {{"spend", spend}})) == expected);
    const std::vector<std::string> fixed_outputs = outputs;
    CHECK(names_of(dr.execute(fixed_outputs, inputs)) == expected);
    CHECK(names_of(dr.execute(std::vector<std::string>{"spend_mean", "spend_zero_mean"}, inputs)) == expected);
    const std::array<std::string_view, 2> views{"spend_mean", "spend_zero_mean"};
    CHECK(names_of(dr.execute(views, inputs)) == expected);
    const std::vector<const char*> pointers{"spend_mean", "spend_zero_mean"};
    CHECK(names_of(dr.execute(pointers, inputs)) == expected);
    CHECK(names_of(dr.execute({"spend_mean", std::string("spend_zero_mean")}, inputs)) == expected);

    // The same forms with a result builder.
    const auto mean_of = [](const hamilton::results& r) { return r.get<double>("spend_mean"); };
    CHECK(dr.execute(mean_of, outputs, inputs) == 25.0);
    CHECK(dr.execute(mean_of, fixed_outputs, {{"spend", spend}}) == 25.0);
    CHECK(dr.execute(mean_of, views, inputs) == 25.0);
    CHECK(dr.execute(mean_of, {"spend_mean"}, inputs) == 25.0);

    // validate_execution, visualize_execution and materialize's additional outputs take them too.
    CHECK_NOTHROW(dr.validate_execution(outputs, inputs));
    CHECK_NOTHROW(dr.validate_execution(views, inputs));
    CHECK_THAT(error_of([&] { dr.validate_execution(outputs); }), Catch::Contains("missing input 'spend'"));
    CHECK_THAT(dr.visualize_execution(outputs, {}, inputs), Catch::Contains("spend_zero_mean"));
    CHECK_THAT(dr.visualize_execution(views, {}, inputs), Catch::Contains("spend_zero_mean"));
    std::vector<std::string> extra{"spend_mean"};
    CHECK(dr.materialize({}, inputs, {}, extra).outputs.get<double>("spend_mean") == 25.0);

    // What is not a list of names: a single string (a range of chars), a builder, and a range that
    // makes its strings as it is read (the views would outlive them).
    STATIC_REQUIRE(hamilton::detail::output_names<std::vector<std::string>>);
    STATIC_REQUIRE(hamilton::detail::output_names<std::array<std::string_view, 2>>);
    STATIC_REQUIRE(!hamilton::detail::output_names<std::string>);
    STATIC_REQUIRE(!hamilton::detail::output_names<decltype(mean_of)>);
    STATIC_REQUIRE(!hamilton::detail::output_names<made_names>);
}

TEST_CASE("only the upstream closure runs, each node once", "[driver]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    runs = 0;
    (void)dr.execute<"spend_zero_mean">({{"spend", spend}});  // needs spend_mean: 2 nodes, not 3
    CHECK(runs == 2);
    runs = 0;
    (void)dr.execute<"spend_zero_mean", "spend_mean">({{"spend", spend}});
    CHECK(runs == 2);  // spend_mean is shared, computed once
}

TEST_CASE("an override replaces a node and skips its upstream", "[driver]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    runs = 0;
    auto zero_mean = dr.execute<"spend_zero_mean">({{"spend", spend}}, {{"spend_mean", 0.0}});
    CHECK(runs == 1);
    CHECK(zero_mean == spend);
    // The override's own inputs are then not needed.
    const double mean = dr.execute<"spend_mean">({}, {{"spend_mean", 7.0}});
    CHECK(mean == 7.0);
}

TEST_CASE("inputs can be requested as outputs", "[driver]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    auto [given, mean] = dr.execute<"spend", "spend_mean">({{"spend", spend}});
    CHECK(given == spend);
    CHECK(mean == 25.0);
}

TEST_CASE("inputs given with std::cref are read in place; const& parameters get the stored value", "[driver]") {
    static const tracked* seen = nullptr;
    constexpr auto m = hamilton::module(hamilton::node<"observe", "value">([](const tracked& v) {
                                            seen = &v;
                                            return v.value;
                                        }),
                                        hamilton::node<"make", "n">([](int n) { return tracked(n); }),
                                        hamilton::node<"read", "make">([](const tracked& v) {
                                            seen = &v;
                                            return v.value;
                                        }));
    auto dr = hamilton::builder().with_modules(m).build();
    const tracked input(5);
    tracked::reset_counts();
    CHECK(dr.execute<"observe">({{"value", std::cref(input)}}) == 5);
    CHECK(seen == &input);
    CHECK(tracked::copies == 0);
    CHECK(dr.execute<"read">({{"n", 3}}) == 3);
    CHECK(tracked::copies == 0);
}

TEST_CASE("a value is released after its last reader unless requested", "[driver]") {
    static int alive_in_last = -1;
    constexpr auto chain = hamilton::module(
        hamilton::node<"first", "n">([](int n) { return tracked(n); }),
        hamilton::node<"second", "first">([](const tracked& t) { return tracked(t.value + 1); }),
        hamilton::node<"third", "second">([](const tracked& t) {
            alive_in_last = tracked::alive;
            return t.value + 1;
        }));
    auto dr = hamilton::builder().with_modules(chain).build();
    CHECK(dr.execute<"third">({{"n", 1}}) == 3);
    CHECK(alive_in_last == 1);  // only "second": "first" was released after "second" ran
    auto [first, third] = dr.execute<"first", "third">({{"n", 1}});
    CHECK(alive_in_last == 2);  // "first" was requested, so it is kept
    CHECK(first.value == 1);
    CHECK(third == 3);
}

TEST_CASE("a by-value parameter receives the value moved when it is the last reader", "[driver]") {
    constexpr auto chain = hamilton::module(
        hamilton::node<"first", "n">([](int n) { return tracked(n); }),
        hamilton::node<"second", "first">([](tracked t) { return tracked(t.value + 1); }));
    auto dr = hamilton::builder().with_modules(chain).build();
    tracked::reset_counts();
    CHECK(dr.execute<"second">({{"n", 1}}).value == 2);
    CHECK(tracked::copies == 0);
    // When "first" is also requested it must be copied, not moved away.
    tracked::reset_counts();
    auto [first, second] = dr.execute<"first", "second">({{"n", 1}});
    CHECK(tracked::copies == 1);
    CHECK(first.value == 1);
}

TEST_CASE("move-only values come back from typed execute", "[driver]") {
    constexpr auto m = hamilton::module(hamilton::node<"box", "n">([](int n) { return std::make_unique<int>(n); }),
                                        hamilton::node<"unbox", "box">([](const std::unique_ptr<int>& p) { return *p; }));
    auto dr = hamilton::builder().with_modules(m).build();
    auto [box, value] = dr.execute<"box", "unbox">({{"n", 4}});
    CHECK(*box == 4);
    CHECK(value == 4);
    CHECK_THAT(error_of([&] { (void)dr.execute({"box"}, {{"n", 4}}); }),
               Catch::Contains("'box' has type std::unique_ptr<int>, which cannot be returned by name"));
    CHECK_THAT(error_of([&] { dr.validate_execution({"box"}, {{"n", 4}}); }), Catch::Contains("cannot be returned by name"));
    // The caller's own move-only value cannot be handed back either way.
    const auto own = std::make_unique<int>(1);
    CHECK_THAT(error_of([&] { (void)dr.execute<"unbox", "box">({}, {{"box", std::cref(own)}}); }),
               Catch::Contains("'box' is the caller's own value (an input or override) of type std::unique_ptr<int>"));
}

TEST_CASE("optional dependencies use their default when nothing provides them", "[driver]") {
    constexpr auto m = hamilton::module(
        hamilton::node<"scaled", "x", "factor">([](double x, double factor) { return x * factor; })
            .optional<"factor">(2.0));
    auto dr = hamilton::builder().with_modules(m).build();
    CHECK(dr.execute<"scaled">({{"x", 3.0}}) == 6.0);
    CHECK(dr.execute<"scaled">({{"x", 3.0}, {"factor", 10.0}}) == 30.0);
    auto with_config = hamilton::builder().with_modules(m).with_config({{"factor", 3}}).build();
    CHECK(with_config.execute<"scaled">({{"x", 3.0}}) == 9.0);
    // Produced by a node, the node's value wins.
    auto produced = hamilton::builder().with_modules(m, hamilton::module(hamilton::node<"factor">([] { return 4.0; }))).build();
    CHECK(produced.execute<"scaled">({{"x", 3.0}}) == 12.0);
}

TEST_CASE("config selects the variant; variants may need different inputs", "[driver][config]") {
    auto csv = hamilton::builder().with_modules(sources).with_config({{"source", "csv"}}).build();
    CHECK(csv.execute<"total">({{"path", std::string("abc")}}) == 3.0);
    auto fixed = hamilton::builder().with_modules(sources).with_config({{"source", "fixed"}, {"weeks", 4}}).build();
    CHECK(fixed.execute<"total">({{"level", 2.5}}) == 10.0);  // "weeks" is read from config
    auto vars = fixed.list_available_variables();
    auto raw = std::find_if(vars.begin(), vars.end(), [](const auto& v) { return v.name == "raw"; });
    REQUIRE(raw != vars.end());
    CHECK(raw->function == "raw__const");
    CHECK(raw->conditions == std::vector<std::string>{R"(when_in(source=["const", "fixed"]))"});
    REQUIRE(raw->variants.size() == 2);  // the inactive one too, for catalogs
    CHECK(raw->variants[1] == R"(raw__const [when_in(source=["const", "fixed"])])");
}

TEST_CASE("with no active variant, the node is an input", "[driver][config]") {
    auto dr = hamilton::builder().with_modules(sources).with_config({{"source", "none"}}).build();
    CHECK(dr.execute<"total">({{"raw", std::vector<double>{1, 2}}}) == 3.0);
    const auto message = error_of([&] { (void)dr.execute<"total">(); });
    CHECK_THAT(message, Catch::Contains("missing input 'raw' of type std::vector<double>") &&
                            Catch::Contains("no variant of node 'raw' is active") &&
                            Catch::Contains(R"(raw__csv [when(source="csv")])"));
}

TEST_CASE("variants_of lists a node's variants, their conditions and which one the config selects",
          "[driver][config]") {
    const auto fixed = hamilton::builder().with_modules(sources).with_config({{"source", "fixed"}}).build();
    const auto raw = fixed.variants_of("raw");
    REQUIRE(raw.size() == 2);
    CHECK(raw[0].function == "raw__csv");
    CHECK(raw[0].name == "csv");
    CHECK(raw[0].conditions == std::vector<std::string>{R"(source == "csv")"});
    CHECK(raw[0].config_keys == std::vector<std::string>{"source"});
    CHECK(!raw[0].selected);
    CHECK(raw[1].function == "raw__const");
    CHECK(raw[1].name == "const");
    CHECK(raw[1].conditions == std::vector<std::string>{R"(source in ["const", "fixed"])"});
    CHECK(raw[1].selected);

    // Under a config that selects none, the variants are still listed, none selected.
    const auto none = hamilton::builder().with_modules(sources).with_config({{"source", "api"}}).build();
    const auto unselected = none.variants_of("raw");
    REQUIRE(unselected.size() == 2);
    CHECK(!unselected[0].selected);
    CHECK(!unselected[1].selected);

    // A node without variants and an input have none; a name of an inactive variant's input is known.
    CHECK(fixed.variants_of("total").empty());
    CHECK(fixed.variants_of("level").empty());
    CHECK(fixed.variants_of("path").empty());
    CHECK_THAT(error_of([&] { (void)fixed.variants_of("rwa"); }),
               Catch::Contains("variants_of: 'rwa' is no node or input of the dataflow; did you mean 'raw'?"));
}

TEST_CASE("build() rejects two active variants, naming node, variants and keys", "[driver][config]") {
    constexpr auto clash = hamilton::module(HAMILTON_NODE(raw__csv, path).when("source", "csv"),
                                            HAMILTON_NODE(raw__const, level, weeks).when_not("mode", "test"));
    const auto message = error_of([&] { (void)hamilton::builder().with_modules(clash).with_config({{"source", "csv"}}).build(); });
    CHECK_THAT(message, Catch::Contains("config selects 2 variants of node 'raw'") && Catch::Contains("raw__csv") &&
                            Catch::Contains("raw__const") && Catch::Contains("'source'") && Catch::Contains("'mode'"));
}

TEST_CASE("build() rejects conditions comparing unlike kinds and config keys named like nodes", "[driver][config]") {
    CHECK_THAT(error_of([] { (void)hamilton::builder().with_modules(sources).with_config({{"source", 3}}).build(); }),
               Catch::Contains("config key 'source' is an integer (3), but node 'raw__csv' compares it with \"csv\""));
    CHECK_THAT(error_of([] { (void)hamilton::builder().with_modules(marketing).with_config({{"spend_mean", 1.0}}).build(); }),
               Catch::Contains("config key 'spend_mean' has the name of node 'spend_mean'"));
}

TEST_CASE("later with_config values win", "[driver][config]") {
    auto dr = hamilton::builder().with_modules(sources).with_config({{"source", "csv"}}).with_config({{"source", "const"}}).build();
    CHECK(dr.configuration().at("source") == hamilton::config_value("const"));
}

TEST_CASE("one error lists every problem of a call", "[driver][errors]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    try {
        (void)dr.execute({"spend_per_signup", "spend_meen"}, {{"signups", 3}});
        FAIL("expected an error");
    } catch (const hamilton::error& e) {
        const std::string message = e.what();
        CHECK(e.problems().size() == 3);  // the unknown name, the wrong type, the missing input
        CHECK_THAT(message, Catch::Contains("no node produces 'spend_meen'") && Catch::Contains("did you mean 'spend_mean'"));
        CHECK_THAT(message, Catch::Contains("input 'signups' has the wrong type"));
        CHECK_THAT(message, Catch::Contains("missing input 'spend'"));
    }
    try {
        (void)dr.execute({"spend_per_signup", "spend_zero_mean"}, {{"signups", 3}});
        FAIL("expected an error");
    } catch (const hamilton::error& e) {
        const std::string message = e.what();
        CHECK(e.problems().size() == 2);
        CHECK_THAT(message, Catch::Contains("input 'signups' has the wrong type: expected std::vector<double>, given int"));
        CHECK_THAT(message, Catch::Contains("missing input 'spend' of type std::vector<double>") &&
                                Catch::Contains("inputs given: ['signups']"));
    }
}

TEST_CASE("inputs and overrides with wrong names are errors, not ignored", "[driver][errors]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    CHECK_THAT(error_of([&] { (void)dr.execute({"spend_mean"}, {{"spned", spend}}); }),
               Catch::Contains("input 'spned' names nothing in the graph; did you mean 'spend'"));
    CHECK_THAT(error_of([&] { (void)dr.execute({"spend_zero_mean"}, {{"spend", spend}, {"spend_mean", 1.0}}); }),
               Catch::Contains("input 'spend_mean' is computed by node 'spend_mean'") &&
                   Catch::Contains("pass it as an override"));
    CHECK_THAT(error_of([&] { (void)dr.execute({"spend_mean"}, {{"spend", spend}}, {{"spend_mena", 1.0}}); }),
               Catch::Contains("override 'spend_mena' names nothing in the graph"));
    CHECK_THAT(error_of([&] { (void)dr.execute({"spend_mean"}, {}, {{"spend_mean", 1}}); }),
               Catch::Contains("override 'spend_mean' has the wrong type: expected double, given int"));
    CHECK_THAT(error_of([&] { (void)dr.execute({"spend_mean", "spend_mean"}, {{"spend", spend}}); }),
               Catch::Contains("'spend_mean' is requested twice"));
}

TEST_CASE("config and inputs must not share a key; config values must fit their consumers", "[driver][errors]") {
    auto dr = hamilton::builder().with_modules(sources).with_config({{"source", "const"}, {"weeks", 2}}).build();
    CHECK_THAT(error_of([&] { (void)dr.execute({"total"}, {{"level", 1.0}, {"weeks", std::int64_t{3}}}); }),
               Catch::Contains("'weeks' is given both as config and as an input"));
    auto wrong = hamilton::builder().with_modules(sources).with_config({{"source", "const"}, {"weeks", "two"}}).build();
    CHECK_THAT(error_of([&] { (void)wrong.execute({"total"}, {{"level", 1.0}}); }),
               Catch::Contains("config value 'weeks' is a string (\"two\"), but its consumers take long"));
}

TEST_CASE("a node that throws becomes a node_error naming it, with the original nested", "[driver][errors]") {
    constexpr auto m = hamilton::module(hamilton::node<"parse__strict", "text">([](const std::string& t) {
                                            if (t.empty()) throw std::invalid_argument("empty text");
                                            return t.size();
                                        }).when("mode", "strict"));
    auto dr = hamilton::builder().with_modules(m).with_config({{"mode", "strict"}}).build();
    try {
        (void)dr.execute<"parse">({{"text", std::string()}});
        FAIL("expected a node_error");
    } catch (const hamilton::node_error& e) {
        CHECK(e.node() == "parse");
        CHECK(e.function() == "parse__strict");
        CHECK_THAT(std::string(e.what()), Catch::Contains("node 'parse' (function parse__strict) failed: empty text"));
        CHECK_THROWS_AS(std::rethrow_if_nested(e), std::invalid_argument);
    }
    // The driver is usable after the failure.
    CHECK(dr.execute<"parse">({{"text", std::string("abc")}}) == 3);
}

TEST_CASE("validate_execution checks without running", "[driver]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    runs = 0;
    CHECK_NOTHROW(dr.validate_execution({"spend_zero_mean"}, {{"spend", spend}}));
    CHECK(runs == 0);
    CHECK_THAT(error_of([&] { dr.validate_execution({"spend_zero_mean"}); }), Catch::Contains("missing input 'spend'"));
}

TEST_CASE("a built driver executes from several threads at once", "[driver][threads]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const double v = t * 1000 + i;
                auto [mean, zero] = dr.execute<"spend_mean", "spend_zero_mean">({{"spend", std::vector<double>{v, v + 2}}});
                auto by_name = dr.execute({"spend_mean"}, {{"spend", std::vector<double>{v}}});
                if (mean != v + 1 || zero != std::vector<double>{-1, 1} || by_name.get<double>("spend_mean") != v) ++wrong;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(wrong == 0);
}

TEST_CASE("list_available_variables describes nodes and inputs; tag filters select", "[driver][catalog]") {
    constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend).doc("Mean spend.").tag("team", "growth"),
                                        HAMILTON_NODE(spend_zero_mean, spend, spend_mean).tag("team", "core"));
    auto dr = hamilton::builder().with_modules(m).build();
    auto all = dr.list_available_variables();
    REQUIRE(all.size() == 3);
    CHECK(all[0].name == "spend");
    CHECK(all[0].is_input);
    CHECK(all[0].type == "std::vector<double>");
    CHECK(all[1].name == "spend_mean");
    CHECK(all[1].documentation == "Mean spend.");
    CHECK(all[2].required_dependencies == std::vector<std::string>{"spend", "spend_mean"});
    auto growth = dr.list_available_variables({{"team", {"growth"}}});
    REQUIRE(growth.size() == 1);
    CHECK(growth[0].name == "spend_mean");
    CHECK(dr.list_available_variables({{"team", {}}}).size() == 2);
    CHECK(dr.list_available_variables({{"owner", {}}}).empty());
}

TEST_CASE("upstream, downstream and path queries", "[driver][catalog]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    auto names = [](const std::vector<hamilton::variable>& vs) {
        std::vector<std::string> out;
        for (const auto& v : vs) out.push_back(v.name);
        std::sort(out.begin(), out.end());
        return out;
    };
    CHECK(names(dr.what_is_upstream_of("spend_zero_mean")) ==
          std::vector<std::string>{"spend", "spend_mean", "spend_zero_mean"});
    CHECK(names(dr.what_is_downstream_of("spend_mean")) == std::vector<std::string>{"spend_mean", "spend_zero_mean"});
    CHECK(names(dr.what_is_the_path_between("spend", "spend_zero_mean")) ==
          std::vector<std::string>{"spend", "spend_mean", "spend_zero_mean"});
    CHECK(dr.what_is_the_path_between("signups", "spend_mean").empty());
    CHECK_THAT(error_of([&] { (void)dr.what_is_upstream_of("spend_men"); }),
               Catch::Contains("'spend_men' is not in the graph; did you mean 'spend_mean'"));
}

TEST_CASE("a driver without nodes reports what is asked of it", "[driver]") {
    auto dr = hamilton::builder().build();
    CHECK(dr.list_available_variables().empty());
    CHECK_THAT(error_of([&] { (void)dr.execute({"anything"}); }), Catch::Contains("no node produces 'anything'"));
}

TEST_CASE("a given input is type-checked even when this call does not need it", "[driver][errors]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    CHECK_THAT(error_of([&] { (void)dr.execute({"spend_mean"}, {{"spend", spend}, {"signups", 3}}); }),
               Catch::Contains("input 'signups' has the wrong type: expected std::vector<double>, given int"));
}

TEST_CASE("a string literal is accepted where a std::string is expected", "[driver]") {
    auto dr = hamilton::builder().with_modules(sources).with_config({{"source", "csv"}}).build();
    CHECK(dr.execute<"total">({{"path", "abcd"}}) == 4.0);
}

namespace stats {
inline int doubled(int x) { return 2 * x; }
}  // namespace stats

TEST_CASE("HAMILTON_NODE names a node after the function, without its namespace", "[driver]") {
    auto dr = hamilton::builder().with_modules(hamilton::module(HAMILTON_NODE(stats::doubled, x))).build();
    CHECK(dr.execute<"doubled">({{"x", 4}}) == 8);
}

TEST_CASE("an input that every consumer has a default for is listed as optional", "[driver][catalog]") {
    constexpr auto m = hamilton::module(
        hamilton::node<"scaled", "x", "factor">([](double x, double factor) { return x * factor; }).optional<"factor">(2.0));
    auto vars = hamilton::builder().with_modules(m).build().list_available_variables();
    REQUIRE(vars.size() == 3);
    CHECK(vars[0].name == "x");
    CHECK(!vars[0].is_optional);
    CHECK(vars[1].name == "factor");
    CHECK(vars[1].is_optional);
    CHECK(vars[2].optional_dependencies == std::vector<std::string>{"factor"});
}

TEST_CASE("drivers of different graphs can be held as basic_driver for by-name calls", "[driver]") {
    std::vector<hamilton::basic_driver> drivers;
    drivers.push_back(hamilton::builder().with_modules(marketing).build());
    drivers.push_back(hamilton::builder().with_modules(sources).with_config({{"source", "csv"}}).build());
    CHECK(drivers[0].execute({"spend_mean"}, {{"spend", spend}}).get<double>("spend_mean") == 25.0);
    CHECK(drivers[1].execute({"total"}, {{"path", "abc"}}).get<double>("total") == 3.0);
    const hamilton::basic_driver copy = drivers[0];  // copies share the built graph
    CHECK(copy.list_available_variables().size() == drivers[0].list_available_variables().size());
}

namespace {

// "v<I>": the names of a generated chain.
template <std::size_t I>
constexpr auto link_name() {
    constexpr std::size_t digits = I < 10 ? 1 : I < 100 ? 2 : 3;
    hamilton::fixed_string<digits + 2> name{};
    name.data[0] = 'v';
    std::size_t rest = I;
    for (std::size_t k = digits; k >= 1; --k, rest /= 10) name.data[k] = static_cast<char>('0' + rest % 10);
    return name;
}

int most_alive = 0;

// v0 = seed; v<I> = v<I-1> + 1, and throws when v<I-1> is -1.
template <std::size_t I>
constexpr auto link() {
    if constexpr (I == 0) {
        return hamilton::node<"v0", "seed">([](int seed) { return tracked(seed); });
    } else {
        return hamilton::node<link_name<I>(), link_name<I - 1>()>([](const tracked& previous) {
            if (previous.value == -1) throw std::domain_error("reached -1");
            most_alive = std::max(most_alive, tracked::alive.load());
            return tracked(previous.value + 1);
        });
    }
}

template <std::size_t... I>
constexpr auto chain_of(std::index_sequence<I...>) {
    return hamilton::module(link<I>()...);
}

constexpr auto long_chain = chain_of(std::make_index_sequence<300>{});

}  // namespace

// Without variants upstream and without overrides, the typed execute runs a plan fixed at
// compile time (detail/fixed_plan.hpp), in chunks of nodes; these check that it keeps every
// promise of the run-time plan.
TEST_CASE("typed execute of a long chain: same values, releases and errors as by name", "[driver][fixed]") {
    auto dr = hamilton::builder().with_modules(long_chain).build();
    const int before = tracked::alive;
    tracked::reset_counts();
    most_alive = 0;
    {
        const tracked last = dr.execute<"v299">({{"seed", 1}});
        CHECK(last.value == 300);
        CHECK(tracked::copies == 0);              // const& parameters read the stored values
        CHECK(most_alive - before <= 2);          // each value released after its only reader
        CHECK(dr.execute({"v299"}, {{"seed", 1}}).get<tracked>("v299").value == 300);
        auto [middle, end] = dr.execute<"v70", "v299">({{"seed", 0}});
        CHECK(middle.value == 70);
        CHECK(end.value == 299);
    }
    CHECK(tracked::alive == before);

    // A node that throws, in the first chunk, at the start of the second, and in its middle.
    for (const auto& [seed, node] : std::vector<std::pair<int, std::string>>{{-1, "v1"}, {-64, "v64"}, {-100, "v100"}}) {
        try {
            (void)dr.execute<"v299">({{"seed", seed}});
            FAIL("expected a node_error");
        } catch (const hamilton::node_error& e) {
            CHECK(e.node() == node);
            CHECK_THROWS_AS(std::rethrow_if_nested(e), std::domain_error);
        }
        CHECK(tracked::alive == before);  // what the completed nodes computed is destroyed
    }
    // Overrides cut the graph at run time: the run-time plan, with the same results.
    CHECK(dr.execute<"v299">({{"seed", 1}}, {{"v100", tracked(0)}}).value == 199);
    CHECK(dr.execute<"v299">({{"seed", 1}}).value == 300);
}

namespace from_text {
struct settings {
    int level = 0;
};
std::string summary(int count, double rate, bool verbose, const std::string& name, std::string_view tag,
                    const std::vector<double>& weights, const std::vector<std::string>& labels,
                    const std::filesystem::path& path, const settings& s, std::uint8_t small) {
    return fmt::format("{} {} {} {} {} [{}] [{}] {} {} {}", count, rate, verbose, name, tag, fmt::join(weights, " "),
                       fmt::join(labels, "|"), path.string(), s.level, small);
}
constexpr auto m = hamilton::module(
    HAMILTON_NODE(summary, count, rate, verbose, name, tag, weights, labels, path, s, small));
}  // namespace from_text

TEST_CASE("value_from_text reads an input from text by its type, for command lines", "[driver]") {
    const auto dr = hamilton::builder().with_modules(from_text::m).build();
    hamilton::values in;
    for (auto [name, text] : std::vector<std::pair<std::string, std::string>>{
             {"count", " 42"}, {"rate", "0.25"}, {"verbose", "Yes"}, {"name", "north east"}, {"tag", "t1"},
             {"weights", "1.5,2, 3"}, {"labels", "a, b c ,d"}, {"path", "data/x.csv"}, {"small", "200"}})
        in.emplace(name, dr.value_from_text(name, text));
    in.emplace("s", from_text::settings{7});
    CHECK(dr.execute<"summary">(in) == "42 0.25 true north east t1 [1.5 2 3] [a|b c|d] data/x.csv 7 200");
    CHECK(std::any_cast<std::vector<double>>(dr.value_from_text("weights", "")).empty());

    CHECK(test::error_of([&] { (void)dr.value_from_text("count", "12x"); }) ==
          "hamilton: value_from_text: 'count' of type int: '12x' is not an integer");
    CHECK(test::error_of([&] { (void)dr.value_from_text("small", "300"); }) ==
          "hamilton: value_from_text: 'small' of type unsigned char: '300' does not fit in unsigned char");
    CHECK(test::error_of([&] { (void)dr.value_from_text("rate", "fast"); }) ==
          "hamilton: value_from_text: 'rate' of type double: 'fast' is not a number");
    CHECK(test::error_of([&] { (void)dr.value_from_text("verbose", "maybe"); }) ==
          "hamilton: value_from_text: 'verbose' of type bool: 'maybe' is not a boolean (true, false, 1, 0, yes, no, "
          "on, off)");
    CHECK(test::error_of([&] { (void)dr.value_from_text("weights", "1,,2"); }) ==
          "hamilton: value_from_text: 'weights' of type std::vector<double>: '' is not a number");
    CHECK(test::error_of([&] { (void)dr.value_from_text("s", "3"); }) ==
          "hamilton: value_from_text: 's' has type from_text::settings, which cannot be read from text: give it from "
          "code, or make it a number, bool, std::string, std::string_view, std::filesystem::path or a std::vector of "
          "them");
    CHECK(test::error_of([&] { (void)dr.value_from_text("cuont", "3"); }) ==
          "hamilton: value_from_text: 'cuont' is not in the graph; did you mean 'count'?");
}

TEST_CASE("module<\"name\">(...) tags every node with its module's name", "[driver][catalog]") {
    constexpr auto named = hamilton::module<"sources">(sources);
    const auto dr = hamilton::builder().with_modules(named).with_config({{"source", "csv"}}).build();
    const auto listed = dr.list_available_variables({{"module", {"sources"}}});
    std::vector<std::string> names;
    for (const auto& v : listed) names.push_back(v.name);
    CHECK(names == std::vector<std::string>{"raw", "total"});
    CHECK(dr.execute<"total">({{"path", std::string("abc")}}) == 3.0);
}
