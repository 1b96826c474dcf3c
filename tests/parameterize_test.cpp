// Tests of hamilton/parameterize.hpp: parameterize and inject.
#include <hamilton/cache.hpp>
#include <hamilton/executor.hpp>
#include <hamilton/graphviz.hpp>
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

double scaled(double x, double factor) { return x * factor; }
double total(const std::vector<double>& parts) { return std::accumulate(parts.begin(), parts.end(), 0.0); }
std::string describe(const std::map<std::string, double>& by_channel, const std::string& unit) {
    std::string out;
    for (const auto& [channel, amount] : by_channel) out += channel + "=" + std::to_string(int(amount)) + unit + ";";
    return out;
}
std::vector<double> moved_in(std::vector<double> values, int extra) {
    values.push_back(extra);
    return values;
}

inline constexpr auto scaled_nodes = hamilton::parameterize(
    &scaled, hamilton::output<"spend_doubled">(hamilton::source<"spend">, hamilton::value(2.0)),
    hamilton::output<"signups_tripled">(hamilton::source<"signups">, hamilton::value(3.0))
        .doc("{output}: signups times three."));

inline constexpr auto channels = hamilton::module(
    hamilton::node<"tv", "spend">([](double s) { return s * 0.5; }),
    hamilton::node<"radio", "spend">([](double s) { return s * 0.3; }),
    hamilton::node<"web", "spend">([](double s) { return s * 0.2; }),
    hamilton::inject<"total_spend">(&total, hamilton::group<"tv", "radio", "web">),
    hamilton::inject<"channel_report">(&describe, hamilton::group<"tv", "web">, hamilton::value("$")));

}  // namespace

TEST_CASE("parameterize makes one node per output, each with its own bindings", "[parameterize]") {
    using first = std::remove_cvref_t<decltype(hamilton::detail::node_of<0>(scaled_nodes))>;
    STATIC_REQUIRE(first::name == "spend_doubled");
    STATIC_REQUIRE(first::arity == 1);
    STATIC_REQUIRE(first::dependencies[0] == "spend");
    STATIC_REQUIRE(std::is_same_v<first::result_type, double>);

    auto dr = hamilton::builder().with_modules(scaled_nodes).build();
    auto [doubled, tripled] = dr.execute<"spend_doubled", "signups_tripled">({{"spend", 10.0}, {"signups", 4.0}});
    CHECK(doubled == 20.0);
    CHECK(tripled == 12.0);
    // The literal is not an input; only the sources are.
    const auto vars = dr.list_available_variables();
    std::vector<std::string> inputs;
    for (const auto& v : vars)
        if (v.is_input) inputs.push_back(v.name);
    std::sort(inputs.begin(), inputs.end());
    CHECK(inputs == std::vector<std::string>{"signups", "spend"});
}

TEST_CASE("a parameterized node's documentation may name its output", "[parameterize]") {
    auto dr = hamilton::builder().with_modules(scaled_nodes).build();
    for (const auto& v : dr.list_available_variables())
        if (v.name == "signups_tripled") CHECK(v.documentation == "signups_tripled: signups times three.");
}

TEST_CASE("inject binds a group of nodes to a sequence or a map parameter", "[parameterize]") {
    auto dr = hamilton::builder().with_modules(channels).build();
    auto [sum, report] = dr.execute<"total_spend", "channel_report">({{"spend", 100.0}});
    CHECK(sum == Approx(100.0));
    CHECK(report == "tv=50$;web=20$;");
    const auto up = dr.what_is_upstream_of("total_spend");
    CHECK(up.size() == 5);  // spend, tv, radio, web, total_spend
}

TEST_CASE("a generated node is an ordinary node: overridable, and its function stays testable", "[parameterize]") {
    auto dr = hamilton::builder().with_modules(channels).build();
    CHECK(dr.execute<"total_spend">({{"spend", 100.0}}, {{"radio", 1000.0}}) == Approx(1070.0));
    CHECK(total({1.0, 2.0}) == 3.0);
    const auto node = hamilton::inject<"with_extra">(&moved_in, hamilton::source<"values">, hamilton::value(7));
    CHECK(node.function(std::vector<double>{1.0}) == std::vector<double>{1.0, 7.0});
}

TEST_CASE("parameterize and inject can be mixed with nodes in one module", "[parameterize]") {
    constexpr auto m = hamilton::module(hamilton::node<"spend", "raw">([](double r) { return r + 1; }), scaled_nodes);
    auto dr = hamilton::builder().with_modules(m).build();
    CHECK(dr.execute<"spend_doubled">({{"raw", 4.0}}) == 10.0);
}

namespace {

std::string columns_text(const std::map<std::string, double>& columns) {
    std::string out;
    for (const auto& [name, value] : columns) out += name + "=" + std::to_string(static_cast<int>(value)) + ";";
    return out;
}
double sum_of(const std::vector<double>& parts) { return std::accumulate(parts.begin(), parts.end(), 0.0); }

std::atomic<int> expensive_runs{0};

inline constexpr auto wired_by_config = hamilton::module(
    hamilton::node<"spend", "raw">([](double raw) { return raw * 2; }),
    hamilton::node<"signups", "raw">([](double raw) { return raw + 1; }),
    hamilton::node<"expensive", "only_for_expensive">([](double x) {
        ++expensive_runs;
        return x;
    }),
    hamilton::inject<"table">(&columns_text, hamilton::config_group<"columns_wanted", "spend", "signups", "expensive">),
    hamilton::inject<"total">(&sum_of, hamilton::config_group<"columns_wanted", "spend", "signups", "expensive">));

hamilton::config wanting(std::vector<std::string> names) { return {{"columns_wanted", hamilton::config_value(std::move(names))}}; }

}  // namespace

TEST_CASE("config_group wires a node, at build(), to the values a config list names", "[parameterize][resolve]") {
    auto dr = hamilton::builder().with_modules(wired_by_config).with_config(wanting({"signups", "spend"})).build();
    expensive_runs = 0;
    // "expensive" is not selected: it does not run, and its input is not needed.
    auto [table, total] = dr.execute<"table", "total">({{"raw", 3.0}});
    CHECK(table == "signups=4;spend=6;");
    CHECK(total == 10.0);
    CHECK(expensive_runs == 0);
    // Another config wires it differently; a sequence follows the list's order.
    auto all = hamilton::builder().with_modules(wired_by_config).with_config(wanting({"expensive", "spend"})).build();
    CHECK(all.execute<"total">({{"raw", 3.0}, {"only_for_expensive", 100.0}}) == 106.0);
    CHECK(expensive_runs == 1);
    for (const auto& v : dr.list_available_variables())
        if (v.name == "table")
            CHECK(v.conditions == std::vector<std::string>{"selects(columns_wanted=[\"spend\", \"signups\", \"expensive\"])"});
}

namespace {

// A group bound to an optional container: the container is filled and passed engaged.
double first_then_second(const std::optional<std::vector<double>>& parts) {
    return parts ? parts->at(0) * 10 + parts->at(1) : -1.0;
}
double named_b(std::optional<std::map<std::string, double>> parts) { return parts ? parts->at("b") : -1.0; }
double how_many(const std::optional<std::vector<double>>& parts) { return parts ? static_cast<double>(parts->size()) : -1.0; }

inline constexpr auto optional_groups = hamilton::module(
    hamilton::inject<"in_order">(&first_then_second, hamilton::group<"a", "b">),
    hamilton::inject<"by_name">(&named_b, hamilton::group<"a", "b">),
    hamilton::inject<"selected">(&how_many, hamilton::config_group<"wanted", "a", "b">));

}  // namespace

TEST_CASE("group and config_group bind a std::optional container parameter, engaged", "[parameterize]") {
    auto dr = hamilton::builder()
                  .with_modules(optional_groups)
                  .with_config({{"wanted", hamilton::config_value(std::vector<std::string>{"b"})}})
                  .build();
    auto [in_order, by_name, selected] = dr.execute<"in_order", "by_name", "selected">({{"a", 1.0}, {"b", 2.0}});
    CHECK(in_order == 12.0);
    CHECK(by_name == 2.0);
    CHECK(selected == 1.0);  // only "b", as the config list says
}

TEST_CASE("config_group: a missing key, a value of the wrong shape or an unknown name is a build() error",
          "[parameterize][resolve][errors]") {
    const auto build_with = [](const hamilton::config& cfg) {
        return test::error_of([&] { (void)hamilton::builder().with_modules(wired_by_config).with_config(cfg).build(); });
    };
    CHECK_THAT(build_with({}), Catch::Contains("config key 'columns_wanted' is missing: node 'table' is wired from it; "
                                               "give a list of some of 'spend', 'signups', 'expensive'"));
    CHECK_THAT(build_with({{"columns_wanted", "spend"}}),
               Catch::Contains("config key 'columns_wanted' is a string (\"spend\"), but node 'table' is wired from it "
                               "and needs a list of strings"));
    CHECK_THAT(build_with(wanting({"spnd"})),
               Catch::Contains("config key 'columns_wanted' names 'spnd', which node 'table' cannot be wired to "
                               "(choose among 'spend', 'signups', 'expensive'); did you mean 'spend'?"));
}

namespace {

std::atomic<int> shared_runs{0};

std::string two_groups(const std::vector<double>& first, const std::map<std::string, double>& second) {
    std::string out;
    for (double v : first) out += std::to_string(static_cast<int>(v)) + ",";
    out += "|";
    for (const auto& [name, v] : second) out += name + "=" + std::to_string(static_cast<int>(v)) + ",";
    return out;
}

// Two config groups of one node share the candidate "b": the node depends on "b" twice.
inline constexpr auto overlapping_groups = hamilton::module(
    hamilton::node<"a", "raw">([](double raw) { return raw + 1; }),
    hamilton::node<"b", "raw">([](double raw) {
        ++shared_runs;
        return raw + 2;
    }),
    hamilton::node<"c", "raw">([](double raw) { return raw + 3; }),
    hamilton::inject<"both">(&two_groups, hamilton::config_group<"first", "a", "b">,
                             hamilton::config_group<"second", "b", "c">));

hamilton::config choosing(std::vector<std::string> first, std::vector<std::string> second) {
    return {{"first", hamilton::config_value(std::move(first))}, {"second", hamilton::config_value(std::move(second))}};
}

std::string both_with(const hamilton::config& cfg) {
    auto dr = hamilton::builder().with_modules(overlapping_groups).with_config(cfg).build();
    shared_runs = 0;
    return dr.execute<"both">({{"raw", 10.0}});
}

}  // namespace

TEST_CASE("config_group: two groups of one node may share a candidate; each gets what its config list names",
          "[parameterize][resolve]") {
    CHECK(both_with(choosing({"b"}, {"b"})) == "12,|b=12,");
    CHECK(shared_runs == 1);  // computed once, read by both groups
    CHECK(both_with(choosing({"a"}, {"c"})) == "11,|c=13,");
    CHECK(shared_runs == 0);  // selected by neither group
    CHECK(both_with(choosing({"b"}, {"c"})) == "12,|c=13,");
    CHECK(shared_runs == 1);
    CHECK(both_with(choosing({"a"}, {"b"})) == "11,|b=12,");
    CHECK(both_with(choosing({"b", "a"}, {"c", "b"})) == "12,11,|b=12,c=13,");
    CHECK(both_with(choosing({}, {})) == "|");
}

TEST_CASE("config_group: a shared candidate is one dependency: overridable, drawn and listed once, run on threads",
          "[parameterize][resolve]") {
    const auto cfg = choosing({"b"}, {"b", "c"});
    auto dr = hamilton::builder().with_modules(overlapping_groups).with_config(cfg).build();
    shared_runs = 0;
    CHECK(dr.execute<"both">({{"raw", 10.0}}, {{"b", 100.0}}) == "100,|b=100,c=13,");
    CHECK(shared_runs == 0);
    for (const auto& v : dr.list_available_variables())
        if (v.name == "both") {
            CHECK(v.optional_dependencies == std::vector<std::string>{"a", "b", "c"});
            CHECK(v.required_dependencies == std::vector<std::string>{"first", "second"});
        }
    const auto dot = dr.display_all_functions();
    std::size_t edges_from_b = 0;
    for (auto at = dot.find("\"b\" -> \"both\""); at != std::string::npos; at = dot.find("\"b\" -> \"both\"", at + 1))
        ++edges_from_b;
    CHECK(edges_from_b == 1);

    auto threaded = hamilton::builder()
                        .with_modules(overlapping_groups)
                        .with_config(cfg)
                        .with_executor(hamilton::multithreading_executor(2))
                        .build();
    shared_runs = 0;
    CHECK(threaded.execute<"both">({{"raw", 10.0}}) == "12,|b=12,c=13,");
    CHECK(shared_runs == 1);
}

namespace {

// A value that shows when it was moved from.
struct tally {
    int count = 0;
    constexpr tally() = default;
    constexpr explicit tally(int n) : count(n) {}
    constexpr tally(const tally&) = default;
    constexpr tally(tally&& other) noexcept : count(other.count) { other.count = -1; }
    constexpr tally& operator=(const tally&) = default;
    constexpr tally& operator=(tally&& other) noexcept {
        count = other.count;
        other.count = -1;
        return *this;
    }
};

std::string counts(tally first, tally second, const std::vector<tally>& chosen) {
    std::string out = std::to_string(first.count) + "," + std::to_string(second.count) + ":";
    for (const auto& t : chosen) out += std::to_string(t.count) + ",";
    return out;
}

// "votes" is bound by source twice (taken by value) and is a candidate of the group too.
inline constexpr auto bound_and_grouped = hamilton::module(
    hamilton::node<"votes", "raw">([](double raw) { return tally(static_cast<int>(raw)); }),
    hamilton::node<"other", "raw">([](double) { return tally(7); }),
    hamilton::inject<"counted">(&counts, hamilton::source<"votes">, hamilton::source<"votes">,
                                hamilton::config_group<"counts_wanted", "votes", "other">));

}  // namespace

TEST_CASE("config_group: a candidate that a source also binds is computed whatever the config selects",
          "[parameterize][resolve]") {
    const auto run = [](std::vector<std::string> wanted) {
        auto dr = hamilton::builder()
                      .with_modules(bound_and_grouped)
                      .with_config({{"counts_wanted", hamilton::config_value(std::move(wanted))}})
                      .build();
        return dr.execute<"counted">({{"raw", 20.0}});
    };
    // Both by-value parameters get the value: neither is moved from for the other.
    CHECK(run({"other"}) == "20,20:7,");
    CHECK(run({"votes"}) == "20,20:20,");
    CHECK(run({}) == "20,20:");
}

TEST_CASE("config_group: a cached node with a shared candidate keys on what each group selects",
          "[parameterize][resolve][cache]") {
    auto cache = std::make_shared<hamilton::cache>();
    const auto run = [&](const hamilton::config& cfg) {
        auto dr = hamilton::builder().with_modules(overlapping_groups).with_config(cfg).with_cache(cache).build();
        return dr.execute<"both">({{"raw", 10.0}});
    };
    CHECK(run(choosing({"b"}, {"c"})) == "12,|c=13,");
    CHECK(run(choosing({"b"}, {"c"})) == "12,|c=13,");
    // The same values wired, to other groups: another key.
    CHECK(run(choosing({}, {"b", "c"})) == "|b=12,c=13,");
    CHECK(run(choosing({"b"}, {"b"})) == "12,|b=12,");
    CHECK(run(choosing({"a"}, {"c"})) == "11,|c=13,");
}
