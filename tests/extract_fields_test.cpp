// Tests of hamilton/extract_fields.hpp: extract_fields and unpack_fields.
#include <hamilton/graphviz.hpp>
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

using series = std::vector<double>;

struct stats {
    double mean = 0;
    double stdev = 0;
    std::size_t weeks = 0;
    [[nodiscard]] double range() const { return 4 * stdev; }
};

stats summarize(const series& spend) {
    const double mean = std::accumulate(spend.begin(), spend.end(), 0.0) / static_cast<double>(spend.size());
    double squares = 0;
    for (double x : spend) squares += (x - mean) * (x - mean);
    return {mean, std::sqrt(squares / static_cast<double>(spend.size())), spend.size()};
}

std::pair<double, double> bounds(const series& spend) {
    const auto [low, high] = std::minmax_element(spend.begin(), spend.end());
    return {*low, *high};
}

std::tuple<int, std::string, series> parts(const series& spend) {
    return {static_cast<int>(spend.size()), "weekly", spend};
}

std::array<double, 2> first_two(const series& spend) { return {spend.at(0), spend.at(1)}; }

std::map<std::string, double> by_channel(const series& spend) {
    const double total = std::accumulate(spend.begin(), spend.end(), 0.0);
    return {{"tv", total * 0.5}, {"web", total * 0.2}};
}

std::unordered_map<std::string, std::string> owners(const series&) { return {{"tv", "ann"}, {"web", "bo"}}; }

double spread(double spend_mean, double spend_stdev) { return spend_stdev / spend_mean; }

inline constexpr auto spend_stats = hamilton::extract_fields(
    HAMILTON_NODE(summarize, spend).doc("Summary of the spend.").tag("owner", "growth"),
    hamilton::field<"spend_mean">(&stats::mean), hamilton::field<"spend_stdev">(&stats::stdev),
    hamilton::field<"spend_range">(&stats::range));

inline constexpr auto spend_bounds = hamilton::unpack_fields<"low", "high">(HAMILTON_NODE(bounds, spend));

inline constexpr auto channels = hamilton::extract_fields<"tv", "web", "radio">(HAMILTON_NODE(by_channel, spend));

const series spend{10, 20, 30, 40};

template <std::size_t I, class Module>
using node_at = std::remove_cvref_t<decltype(hamilton::detail::node_of<I>(std::declval<Module>()))>;

}  // namespace

TEST_CASE("extract_fields on a struct: the original node and one typed node per member", "[extract_fields]") {
    using module_type = decltype(spend_stats);
    using mean = node_at<1, module_type>;
    using range = node_at<3, module_type>;
    STATIC_REQUIRE(node_at<0, module_type>::name == "summarize");
    STATIC_REQUIRE(mean::name == "spend_mean");
    STATIC_REQUIRE(mean::arity == 1);
    STATIC_REQUIRE(mean::dependencies[0] == "summarize");
    STATIC_REQUIRE(std::is_same_v<mean::result_type, double>);
    STATIC_REQUIRE(std::is_same_v<mean::parameter_type<0>, const stats&>);
    STATIC_REQUIRE(range::name == "spend_range");  // a const member function without parameters
    STATIC_REQUIRE(std::is_same_v<range::result_type, double>);

    auto dr = hamilton::builder().with_modules(spend_stats).build();
    auto [m, s, r, whole] = dr.execute<"spend_mean", "spend_stdev", "spend_range", "summarize">({{"spend", spend}});
    CHECK(m == 25.0);
    CHECK(s == Approx(std::sqrt(125.0)));
    CHECK(r == Approx(4 * std::sqrt(125.0)));
    CHECK(whole.weeks == 4);  // the original node is still requestable
    const hamilton::results by_name = dr.execute({"spend_stdev", "spend_mean"}, {{"spend", spend}});
    CHECK(by_name.get<double>("spend_mean") == 25.0);
    CHECK(by_name.get<double>("spend_stdev") == s);
}

TEST_CASE("the example of docs/reuse.md", "[extract_fields]") {
    auto dr = hamilton::builder().with_modules(spend_stats, spend_bounds).build();
    auto [mean, stdev, high] = dr.execute<"spend_mean", "spend_stdev", "high">({{"spend", spend}});
    CHECK(mean == 25.0);
    CHECK(stdev == Approx(std::sqrt(125.0)));
    CHECK(high == 40.0);
}

TEST_CASE("unpack_fields on a pair, a tuple and an array: one node per position", "[extract_fields]") {
    constexpr auto tuple_parts = hamilton::unpack_fields<"weeks", "unit", "copy">(HAMILTON_NODE(parts, spend));
    constexpr auto array_parts = hamilton::unpack_fields<"first", "second">(HAMILTON_NODE(first_two, spend));
    using module_type = decltype(tuple_parts);
    STATIC_REQUIRE(std::is_same_v<node_at<1, module_type>::result_type, int>);
    STATIC_REQUIRE(std::is_same_v<node_at<2, module_type>::result_type, std::string>);
    STATIC_REQUIRE(std::is_same_v<node_at<3, module_type>::result_type, series>);
    STATIC_REQUIRE(node_at<3, module_type>::name == "copy");
    STATIC_REQUIRE(std::is_same_v<node_at<1, decltype(spend_bounds)>::result_type, double>);

    auto dr = hamilton::builder().with_modules(spend_bounds, tuple_parts, array_parts).build();
    auto [low, high, weeks, unit, copy, second] =
        dr.execute<"low", "high", "weeks", "unit", "copy", "second">({{"spend", spend}});
    CHECK(low == 10.0);
    CHECK(high == 40.0);
    CHECK(weeks == 4);
    CHECK(unit == "weekly");
    CHECK(copy == spend);
    CHECK(second == 20.0);
    const auto r = dr.execute({"high", "bounds"}, {{"spend", spend}});
    CHECK(r.get<double>("high") == 40.0);
    CHECK(r.get<std::pair<double, double>>("bounds") == std::pair{10.0, 40.0});
}

TEST_CASE("extract_fields on a map keyed by std::string: one node per key, typed as the mapped type",
          "[extract_fields]") {
    using tv = node_at<1, decltype(channels)>;
    STATIC_REQUIRE(tv::name == "tv");
    STATIC_REQUIRE(std::is_same_v<tv::result_type, double>);

    auto dr = hamilton::builder().with_modules(channels).build();
    auto [t, w] = dr.execute<"tv", "web">({{"spend", spend}});
    CHECK(t == 50.0);
    CHECK(w == 20.0);
    CHECK(dr.execute({"web"}, {{"spend", spend}}).get<double>("web") == 20.0);

    const auto who = hamilton::extract_fields<"tv", "web">(HAMILTON_NODE(owners, spend));
    STATIC_REQUIRE(std::is_same_v<node_at<2, decltype(who)>::result_type, std::string>);
    auto owners_dr = hamilton::builder().with_modules(who).build();
    CHECK(owners_dr.execute<"web">({{"spend", spend}}) == "bo");
}

TEST_CASE("a key missing from the map is a node_error naming the node, the key and the keys present",
          "[extract_fields]") {
    auto dr = hamilton::builder().with_modules(channels).build();
    const std::string message = test::error_of([&] { (void)dr.execute<"radio">({{"spend", spend}}); });
    CHECK(message == "hamilton: node 'radio' failed: 'by_channel' has no key 'radio'; its keys: 'tv', 'web'");
    try {
        (void)dr.execute({"tv", "radio"}, {{"spend", spend}});
        FAIL("expected a node_error");
    } catch (const hamilton::node_error& e) {
        CHECK(e.node() == "radio");
        CHECK_THROWS_AS(std::rethrow_if_nested(e), std::out_of_range);
    }
    // The same message from the field node's function itself, for an empty map.
    const auto radio = hamilton::detail::node_of<3>(channels);
    CHECK_THROWS_WITH(radio.function(std::map<std::string, double>{}), "'by_channel' has no key 'radio': it is empty");
}

TEST_CASE("extract_fields with fill_with gives the fill value for a missing key", "[extract_fields]") {
    const auto filled = hamilton::extract_fields<"tv", "radio">(HAMILTON_NODE(by_channel, spend), hamilton::fill_with(0));
    STATIC_REQUIRE(std::is_same_v<node_at<2, decltype(filled)>::result_type, double>);
    auto dr = hamilton::builder().with_modules(filled).build();
    auto [t, radio] = dr.execute<"tv", "radio">({{"spend", spend}});
    CHECK(t == 50.0);
    CHECK(radio == 0.0);
}

TEST_CASE("a field node is an ordinary node: listed with docs and tags, overridable, testable", "[extract_fields]") {
    constexpr auto with_spread = hamilton::module(spend_stats, HAMILTON_NODE(spread, spend_mean, spend_stdev));
    auto dr = hamilton::builder().with_modules(with_spread).build();

    bool listed = false;
    for (const auto& v : dr.list_available_variables({{"owner", {"growth"}}})) {
        if (v.name != "spend_stdev") continue;
        listed = true;
        CHECK(v.documentation == "Field 'spend_stdev' of 'summarize'.");
        CHECK(v.type == "double");
        CHECK(v.required_dependencies == std::vector<std::string>{"summarize"});
    }
    CHECK(listed);  // the original's tags are copied, so the tag filter finds it
    const std::string dot = dr.display_all_functions();
    CHECK(dot.find("spend_stdev") != std::string::npos);

    // Overriding a field node: the other field still comes from the original node.
    CHECK(dr.execute<"spread">({{"spend", spend}}, {{"spend_stdev", 5.0}}) == Approx(0.2));
    // Overriding the original node: every field reads the override.
    CHECK(dr.execute<"spread">({}, {{"summarize", stats{10.0, 1.0, 3}}}) == Approx(0.1));

    const auto mean = hamilton::detail::node_of<1>(spend_stats);
    CHECK(mean.function(stats{7.0, 1.0, 2}) == 7.0);
    const auto high = hamilton::detail::node_of<2>(spend_bounds);
    CHECK(high.function(std::pair{1.0, 2.0}) == 2.0);
}

namespace {

stats stats__csv(const std::string& file_path) { return {static_cast<double>(file_path.size()), 1.0, 1}; }
stats stats__db(int table) { return {static_cast<double>(table), 2.0, 2}; }

inline constexpr auto loaders = hamilton::module(
    hamilton::extract_fields(HAMILTON_NODE(stats__csv, file_path).when("source", "csv"),
                             hamilton::field<"mean">(&stats::mean), hamilton::field<"stdev">(&stats::stdev)),
    hamilton::extract_fields(HAMILTON_NODE(stats__db, table).when("source", "db"),
                             hamilton::field<"mean">(&stats::mean), hamilton::field<"stdev">(&stats::stdev)));

}  // namespace

TEST_CASE("the fields of two variants are variants themselves, selected by the same config", "[extract_fields]") {
    using csv_mean = node_at<1, decltype(loaders)>;
    STATIC_REQUIRE(csv_mean::name == "mean");
    STATIC_REQUIRE(csv_mean::function_name == "mean__csv");
    STATIC_REQUIRE(csv_mean::dependencies[0] == "stats");
    STATIC_REQUIRE(csv_mean::gated);
    // A gated original without a suffix: a "__" in the field's name is kept.
    constexpr auto odd = hamilton::unpack_fields<"per__week">(
        hamilton::node<"one", "x">([](int x) { return std::tuple<int>{x}; }).when("source", "csv"));
    STATIC_REQUIRE(node_at<1, decltype(odd)>::name == "per__week");

    auto csv = hamilton::builder().with_modules(loaders).with_config({{"source", "csv"}}).build();
    auto [m, s] = csv.execute<"mean", "stdev">({{"file_path", std::string("spend.csv")}});
    CHECK(m == 9.0);
    CHECK(s == 1.0);
    CHECK(csv.execute<"stats">({{"file_path", std::string("a")}}).weeks == 1);

    auto db = hamilton::builder().with_modules(loaders).with_config({{"source", "db"}}).build();
    CHECK(db.execute({"mean"}, {{"table", 42}}).get<double>("mean") == 42.0);
    CHECK(db.execute<"stdev">({{"table", 42}}) == 2.0);
    for (const auto& v : db.list_available_variables())
        if (v.name == "mean") CHECK(v.function == "mean__db");
}

TEST_CASE("a field of a variant and another variant of the field's name; a missing key names the function",
          "[extract_fields]") {
    constexpr auto gated = hamilton::module(
        hamilton::extract_fields<"tv", "radio">(
            hamilton::node<"by_source__csv", "spend">(&by_channel).when("source", "csv")),
        hamilton::node<"tv", "spend">([](const series& s) { return s.front(); }).when("source", "none"));
    auto dr = hamilton::builder().with_modules(gated).with_config({{"source", "csv"}}).build();
    CHECK(dr.execute<"tv">({{"spend", spend}}) == 50.0);
    CHECK(test::error_of([&] { (void)dr.execute<"radio">({{"spend", spend}}); }) ==
          "hamilton: node 'radio' (function radio__csv) failed: 'by_source' has no key 'radio'; its keys: 'tv', 'web'");
    auto none = hamilton::builder().with_modules(gated).with_config({{"source", "none"}}).build();
    CHECK(none.execute<"tv">({{"spend", spend}}) == 10.0);
}
