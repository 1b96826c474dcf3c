// Tests of hamilton/result_builder.hpp: execute with a result builder, by name and typed, the
// compile-time check of typed builders, and a builder that throws.
#include <hamilton/hamilton.hpp>

#include <exception>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "support.hpp"

using test::error_of;
using test::tracked;

namespace {

using series = std::vector<double>;

double spend_mean(const series& spend) {
    return std::accumulate(spend.begin(), spend.end(), 0.0) / static_cast<double>(spend.size());
}
series spend_zero_mean(const series& spend, double spend_mean) {
    series out(spend);
    for (double& x : out) x -= spend_mean;
    return out;
}
std::unique_ptr<int> boxed(double spend_mean) { return std::make_unique<int>(static_cast<int>(spend_mean)); }
tracked heavy(double spend_mean) { return tracked(static_cast<int>(spend_mean)); }

struct shape {
    virtual ~shape() = default;
    virtual double area() const = 0;
};
struct square : shape {
    double side = 2;
    double area() const override { return side * side; }
};
square unit(double spend_mean) {
    square s;
    s.side = spend_mean;
    return s;
}

constexpr auto marketing =
    hamilton::module(HAMILTON_NODE(spend_mean, spend), HAMILTON_NODE(spend_zero_mean, spend, spend_mean),
                     HAMILTON_NODE(boxed, spend_mean), HAMILTON_NODE(heavy, spend_mean), HAMILTON_NODE(unit, spend_mean));

const series spend{10, 20, 30, 40};

// A user's own result type.
struct report {
    double mean = 0;
    series zero_mean;
};

report make_report(double mean, const series& zero_mean) { return {mean, zero_mean}; }

// A by-name builder: a function object that turns any outputs into a name -> text document.
struct to_document {
    std::map<std::string, std::string> operator()(const hamilton::results& r) const {
        std::map<std::string, std::string> doc;
        for (const auto& [name, value] : r) {
            if (const auto* d = std::any_cast<double>(&value))
                doc[name] = std::to_string(*d);
            else if (const auto* s = std::any_cast<series>(&value))
                doc[name] = std::to_string(s->size()) + " values";
        }
        return doc;
    }
};

}  // namespace

TEST_CASE("a by-name builder turns the results into the user's type", "[result_builder]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    const report r = dr.execute(
        [](const hamilton::results& out) {
            return report{out.get<double>("spend_mean"), out.get<series>("spend_zero_mean")};
        },
        {"spend_mean", "spend_zero_mean"}, {{"spend", spend}});
    CHECK(r.mean == 25.0);
    CHECK(r.zero_mean == series{-15, -5, 5, 15});

    const auto doc = dr.execute(to_document{}, {"spend_zero_mean", "spend_mean"}, {{"spend", spend}});
    CHECK(doc == std::map<std::string, std::string>{{"spend_mean", "25.000000"}, {"spend_zero_mean", "4 values"}});
}

TEST_CASE("a by-name builder works on a basic_driver and with overrides", "[result_builder]") {
    const hamilton::basic_driver dr = hamilton::builder().with_modules(marketing).build();
    const auto first = dr.execute([](const hamilton::results& out) { return out.get<series>("spend_zero_mean").at(0); },
                                  {"spend_zero_mean"}, {{"spend", spend}}, {{"spend_mean", 0.0}});
    CHECK(first == 10.0);
}

TEST_CASE("a typed builder gets the values typed, in the order requested", "[result_builder]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    const report r = dr.execute<"spend_mean", "spend_zero_mean">(&make_report, {{"spend", spend}});
    CHECK(r.mean == 25.0);
    CHECK(r.zero_mean == series{-15, -5, 5, 15});

    // The order of the parameters is the order of the names.
    const report swapped = dr.execute<"spend_zero_mean", "spend_mean">(
        [](series zero_mean, double mean) { return report{mean, std::move(zero_mean)}; }, {{"spend", spend}});
    CHECK(swapped.mean == 25.0);

    // One output, with an override.
    const double twice = dr.execute<"spend_mean">([](const double& mean) { return 2 * mean; }, {{"spend", spend}});
    CHECK(twice == 50.0);
    const auto shifted = dr.execute<"spend_zero_mean">([](series&& zm) { return zm.at(0); }, {{"spend", spend}},
                                                       {{"spend_mean", 0.0}});
    CHECK(shifted == 10.0);
}

TEST_CASE("a typed builder takes move-only values, a base class, or any generic callable", "[result_builder]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    const int unboxed = dr.execute<"boxed">([](std::unique_ptr<int> box) { return *box; }, {{"spend", spend}});
    CHECK(unboxed == 25);
    const double area = dr.execute<"unit">([](const shape& s) { return s.area(); }, {{"spend", spend}});
    CHECK(area == 625.0);
    const auto count = dr.execute<"spend_mean", "spend_zero_mean">(
        [](const auto&... values) { return sizeof...(values); }, {{"spend", spend}});
    CHECK(count == 2);
}

TEST_CASE("a typed builder receives the values moved, not copied", "[result_builder]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    tracked::reset_counts();
    const int value = dr.execute<"heavy">([](tracked t) { return t.value; }, {{"spend", spend}});
    CHECK(value == 25);
    CHECK(tracked::copies == 0);
    CHECK(tracked::alive == 0);
}

TEST_CASE("builders are checked at compile time", "[result_builder]") {
    auto by_name = [](const hamilton::results& r) { return r.size(); };
    auto returns_nothing = [](const hamilton::results&) {};
    auto takes_a_double = [](double) { return 0; };
    STATIC_REQUIRE(hamilton::result_builder<decltype(by_name)>);
    STATIC_REQUIRE(!hamilton::result_builder<decltype(returns_nothing)>);
    STATIC_REQUIRE(!hamilton::result_builder<decltype(takes_a_double)>);

    auto typed = [](double, const series&) { return 0; };
    STATIC_REQUIRE(hamilton::typed_result_builder<decltype(typed), double, series>);
    STATIC_REQUIRE(hamilton::typed_result_builder<decltype(&make_report), double, series>);
    auto takes_an_int = [](int) { return 0; };
    auto takes_a_reference = [](series&) { return 0; };
    auto returns_void = [](double) {};
    auto takes_a_base = [](const shape&) { return 0; };
    auto takes_a_base_rvalue = [](shape&&) { return 0; };
    // Wrong order, wrong count, a conversion (int from double), a non-const reference, no value.
    STATIC_REQUIRE(!hamilton::typed_result_builder<decltype(typed), series, double>);
    STATIC_REQUIRE(!hamilton::typed_result_builder<decltype(typed), double>);
    STATIC_REQUIRE(!hamilton::typed_result_builder<decltype(takes_an_int), double>);
    STATIC_REQUIRE(!hamilton::typed_result_builder<decltype(takes_a_reference), series>);
    STATIC_REQUIRE(!hamilton::typed_result_builder<decltype(returns_void), double>);
    // A base class only by const& (as for node parameters: anything else would slice or bind oddly).
    STATIC_REQUIRE(hamilton::typed_result_builder<decltype(takes_a_base), square>);
    STATIC_REQUIRE(!hamilton::typed_result_builder<decltype(takes_a_base_rvalue), square>);
}

TEST_CASE("a builder that throws makes a hamilton::error naming the outputs", "[result_builder]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    auto fails = [](const hamilton::results&) -> int { throw std::runtime_error("no table for an empty week"); };
    CHECK(error_of([&] { (void)dr.execute(fails, {"spend_mean"}, {{"spend", spend}}); }) ==
          "hamilton: execute ['spend_mean']: the result builder failed: no table for an empty week");
    CHECK(error_of([&] {
              (void)dr.execute<"spend_mean", "spend_zero_mean">(
                  [](double, const series&) -> int { throw std::runtime_error("boom"); }, {{"spend", spend}});
          }) == "hamilton: execute ['spend_mean', 'spend_zero_mean']: the result builder failed: boom");
    CHECK(error_of([&] {
              (void)dr.execute<"spend_mean">([](double) -> int { throw 42; }, {{"spend", spend}});
          }) == "hamilton: execute ['spend_mean']: the result builder failed: an exception not derived from "
                "std::exception");
    // A hamilton::error from inside the builder (a wrong get<T>) keeps one "hamilton:" prefix.
    CHECK(error_of([&] {
              (void)dr.execute([](const hamilton::results& r) { return r.get<int>("spend_mean"); }, {"spend_mean"},
                               {{"spend", spend}});
          }) == "hamilton: execute ['spend_mean']: the result builder failed: result 'spend_mean' has type double, "
                "not the int asked for; call get<double>(\"spend_mean\")");
}

TEST_CASE("the builder's own exception stays reachable, and nothing is left alive", "[result_builder]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    try {
        (void)dr.execute<"heavy">([](tracked) -> int { throw std::out_of_range("week 53"); }, {{"spend", spend}});
        FAIL("expected a hamilton::error");
    } catch (const hamilton::error& e) {
        CHECK_THROWS_AS(std::rethrow_if_nested(e), std::out_of_range);
    }
    CHECK(tracked::alive == 0);
}

TEST_CASE("a builder is not called when the call has a problem", "[result_builder]") {
    auto dr = hamilton::builder().with_modules(marketing).build();
    int calls = 0;
    auto counting = [&calls](const hamilton::results& r) { return ++calls + static_cast<int>(r.size()); };
    CHECK(error_of([&] { (void)dr.execute(counting, {"spend_mean"}); }) ==
          "hamilton: execute ['spend_mean']: missing input 'spend' of type std::vector<double>, needed by "
          "'spend_mean'; inputs given: []");
    CHECK_THROWS_AS(dr.execute<"spend_mean">([&calls](double) { return ++calls; }), hamilton::error);
    CHECK(calls == 0);
}
