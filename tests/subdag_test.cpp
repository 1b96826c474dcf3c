// Tests of hamilton/subdag.hpp: subdag and parameterized_subdag.
#include <hamilton/driver.hpp>
#include <hamilton/subdag.hpp>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

double spend(const std::string& file_path, double scale) { return static_cast<double>(file_path.size()) * scale; }
double spend_mean(double spend, int window) { return spend / window; }
double level__high(double spend) { return spend * 10; }
double level__low(double spend) { return spend / 10; }
std::string label(const std::string& region, int window) { return region + "/" + std::to_string(window); }

inline constexpr auto marketing =
    hamilton::module(HAMILTON_NODE(spend, file_path, scale), HAMILTON_NODE(spend_mean, spend, window),
                     HAMILTON_NODE(level__high, spend).when("mode", "high"),
                     HAMILTON_NODE(level__low, spend).when("mode", "low"), HAMILTON_NODE(label, region, window));

inline constexpr auto us = hamilton::subdag<"us">(
    marketing, hamilton::input<"file_path">(hamilton::source<"us_file">), hamilton::input<"window">(hamilton::value(2)),
    hamilton::setting<"mode">("high"), hamilton::setting<"region">("US"));

double sum(double a, double b) { return a + b; }

const hamilton::values files{{"us_file", std::string("abcd")}, {"uk_file", std::string("ab")}, {"scale", 1.0}};
const hamilton::values us_files{{"us_file", std::string("abcd")}, {"scale", 1.0}};

std::vector<std::string> names_of(const std::vector<hamilton::variable>& variables) {
    std::vector<std::string> out;
    for (const auto& v : variables) out.push_back(v.name + (v.is_input ? " (input)" : ""));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("a subdag renames its nodes into a namespace and wires its inputs", "[subdag]") {
    auto dr = hamilton::builder().with_modules(us).build();
    CHECK(names_of(dr.list_available_variables()) ==
          std::vector<std::string>{"scale (input)", "us.label", "us.level", "us.region", "us.spend", "us.spend_mean",
                                   "us.window", "us_file (input)"});
    auto [mean, level, text] = dr.execute<"us.spend_mean", "us.level", "us.label">(us_files);
    CHECK(mean == 2.0);      // "abcd" -> 4 * scale 1 / window 2
    CHECK(level == 40.0);    // the subdag's setting mode=high picks level__high
    CHECK(text == "US/2");   // a setting read as an input; a value bound to an input
    // The renamed nodes are ordinary nodes: by name, overridable.
    CHECK(dr.execute({"us.spend_mean"}, us_files).get<double>("us.spend_mean") == 2.0);
    CHECK(dr.execute<"us.spend_mean">(us_files, {{"us.spend", 10.0}}) == 5.0);
}

TEST_CASE("a subdag's settings decide its own variants; the driver's config decides the others", "[subdag]") {
    constexpr auto free_mode = hamilton::subdag<"x">(marketing, hamilton::input<"window">(hamilton::value(1)),
                                                     hamilton::setting<"region">("X"));
    auto high = hamilton::builder().with_modules(us, free_mode).with_config({{"mode", "low"}}).build();
    hamilton::values in = us_files;
    in.emplace("file_path", std::string("abcdefghij"));
    auto [us_level, x_level] = high.execute<"us.level", "x.level">(in);
    CHECK(us_level == 40.0);  // its setting wins over the driver's mode=low
    CHECK(x_level == 1.0);    // no setting: the driver's config, 10 / 10
    for (const auto& v : high.list_available_variables())
        if (v.name == "us.level")
            CHECK_THAT(v.conditions.at(0), Catch::Contains("[subdag config mode=\"high\"]"));
}

TEST_CASE("parameterized_subdag makes one subdag per instance; outer nodes read inner ones", "[subdag]") {
    constexpr auto regions = hamilton::parameterized_subdag(
        marketing, hamilton::input<"window">(hamilton::value(2)),
        hamilton::instance<"us">(hamilton::input<"file_path">(hamilton::source<"us_file">),
                                 hamilton::setting<"mode">("high"), hamilton::setting<"region">("US")),
        hamilton::instance<"uk">(hamilton::input<"file_path">(hamilton::source<"uk_file">),
                                 hamilton::setting<"mode">("low"), hamilton::setting<"region">("UK")));
    constexpr auto both = hamilton::module(regions, hamilton::node<"total_mean", "us.spend_mean", "uk.spend_mean">(&sum));
    auto dr = hamilton::builder().with_modules(both).build();
    auto [total, uk_label, uk_level] = dr.execute<"total_mean", "uk.label", "uk.level">(files);
    CHECK(total == 3.0);  // 4 / 2 + 2 / 2
    CHECK(uk_label == "UK/2");
    CHECK(uk_level == Approx(0.2));
}

TEST_CASE("a setting read as an input must fit its readers' type", "[subdag][errors]") {
    constexpr auto wrong = hamilton::subdag<"w">(marketing, hamilton::setting<"window">("three"),
                                                 hamilton::setting<"region">("W"));
    auto dr = hamilton::builder().with_modules(wrong).build();
    try {
        (void)dr.execute<"w.spend_mean">({{"file_path", std::string("abc")}, {"scale", 1.0}});
        FAIL("expected a node_error");
    } catch (const hamilton::node_error& e) {
        CHECK(e.node() == "w.window");
        CHECK_THAT(std::string(e.what()), Catch::Contains("the subdag setting 'window' is \"three\", but the nodes "
                                                          "reading it take int"));
    }
}

TEST_CASE("a setting read as an input must fit in its readers' type", "[subdag][errors]") {
    constexpr auto huge = hamilton::subdag<"h">(marketing, hamilton::setting<"window">(std::int64_t{1} << 40),
                                                hamilton::setting<"region">("H"));
    auto dr = hamilton::builder().with_modules(huge).build();
    try {
        (void)dr.execute<"h.spend_mean">({{"file_path", std::string("abc")}, {"scale", 1.0}});
        FAIL("expected a node_error");
    } catch (const hamilton::node_error& e) {
        CHECK(e.node() == "h.window");
        CHECK_THAT(std::string(e.what()), Catch::Contains("the subdag setting 'window' (1099511627776) does not fit in int"));
        CHECK_THROWS_AS(std::rethrow_if_nested(e), std::out_of_range);
    }
}

TEST_CASE("a setting that cannot be compared with a condition is a build() error", "[subdag][errors]") {
    constexpr auto odd = hamilton::subdag<"o">(marketing, hamilton::setting<"mode">(3), hamilton::setting<"region">("O"),
                                               hamilton::input<"window">(hamilton::value(1)));
    const auto message = test::error_of([&] { (void)hamilton::builder().with_modules(odd).build(); });
    CHECK_THAT(message, Catch::Contains("the subdag config gives key 'mode' the value 3, but node "
                                        "'o.level__high' compares it with \"high\""));
}
