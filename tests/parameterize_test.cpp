// Tests of hamilton/parameterize.hpp: parameterize and inject.
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <numeric>
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
    using first = std::remove_cvref_t<decltype(boost::hana::at_c<0>(scaled_nodes.nodes))>;
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
