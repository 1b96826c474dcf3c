// Tests of hamilton/compile_module.hpp and hamilton/compiled_module.hpp: drivers built from
// modules compiled in other units (tests/compile_module/*.cpp, seen here only through
// modules.hpp) and header modules, and what build() checks across units.
#include <hamilton/executor.hpp>
#include <hamilton/graphviz.hpp>
#include <hamilton/hamilton.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "compile_module/modules.hpp"
#include "support.hpp"

using test::error_of;

namespace {

double report(double scaled, double total) { return scaled + total; }
int count_plus(int count) { return count + 1; }

// Reads what the compiled modules produce: `scaled` and `total` from features, `count` from raw.
constexpr auto header = hamilton::module<"header">(HAMILTON_NODE(report, scaled, total), HAMILTON_NODE(count_plus, count));

double in_thousands(int total_population) { return total_population / 1000.0; }
int doubled_city(int city) { return 2 * city; }
int sum_doubled(hamilton::collect<int> doubled_city) {
    int sum = 0;
    for (int d : doubled_city) sum += d;
    return sum;
}

// Reads the items of the fan-out `city` of the compiled module `cities`, and its collected total.
constexpr auto city_header = hamilton::module<"city_header">(HAMILTON_NODE(in_thousands, total_population),
                                                             HAMILTON_NODE(doubled_city, city),
                                                             HAMILTON_NODE(sum_doubled, doubled_city));

std::vector<std::string> names_of(const std::vector<hamilton::variable>& variables) {
    std::vector<std::string> names;
    for (const auto& v : variables) names.push_back(v.name);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("a driver built from modules compiled in two units and a header module", "[compile_module]") {
    const auto dr = hamilton::builder().with_modules(test_units::raw(), header, test_units::features()).build();

    // seed 3: count 6, six times 1.5, total 9, scaled 1.5.
    CHECK(dr.execute<"report">({{"seed", 3}}) == 10.5);
    const auto [report_value, counted] = dr.execute<"report", "count_plus">({{"seed", 3}});
    CHECK(report_value == 10.5);
    CHECK(counted == 7);
    // A compiled module's value that this unit's nodes read: its type is known here.
    CHECK(dr.execute<"scaled">({{"seed", 3}}) == 1.5);

    const auto r = dr.execute({"total", "series", "count", "report"}, {{"seed", 3}});
    CHECK(r.get<double>("total") == 9.0);
    CHECK(r.get<int>("count") == 6);
    CHECK(r.get<std::vector<double>>("series") == std::vector<double>(6, 1.5));
    CHECK(r.get<double>("report") == 10.5);

    // Every node is seen by the tools that work on names, with its module and documentation.
    const auto variables = dr.list_available_variables();
    CHECK(names_of(variables) ==
          std::vector<std::string>{"adjusted", "boosted", "count", "count_plus", "level", "offset", "report", "scaled",
                                   "seed", "series", "total"});
    CHECK(names_of(dr.list_available_variables({{"module", {"features"}}})) ==
          std::vector<std::string>{"adjusted", "boosted", "scaled", "total"});
    const auto total = std::find_if(variables.begin(), variables.end(), [](const auto& v) { return v.name == "total"; });
    REQUIRE(total != variables.end());
    CHECK(total->documentation == "The sum of the series.");
    CHECK(total->type == "double");
    CHECK(names_of(dr.what_is_upstream_of("report")) ==
          std::vector<std::string>{"count", "report", "scaled", "seed", "series", "total"});
    const auto dot = dr.display_all_functions();
    CHECK(dot.find("\"count\" -> \"scaled\"") != std::string::npos);
    CHECK(dot.find("\"scaled\" -> \"report\"") != std::string::npos);
    CHECK(dr.value_from_text("seed", "4").type() == typeid(int));
}

TEST_CASE("a driver of compiled modules only, added by several with_modules calls", "[compile_module]") {
    const auto dr = hamilton::builder().with_modules(test_units::raw()).with_modules(test_units::features()).build();
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(dr)>, hamilton::driver<>>);
    const auto r = dr.execute({"scaled", "total"}, {{"seed", 2}});
    CHECK(r.get<double>("total") == 6.0);
    CHECK(r.get<double>("scaled") == 1.5);
    // The names of inputs are checked as in any driver.
    CHECK_THAT(error_of([&] { (void)dr.execute({"total"}, {{"sed", 2}}); }),
               Catch::Contains("input 'sed' names nothing in the graph; did you mean 'seed'?"));
    CHECK_THAT(error_of([&] { (void)dr.execute({"total"}, {{"seed", 2.0}}); }),
               Catch::Contains("input 'seed' has the wrong type: expected int, given double"));
}

TEST_CASE("overriding a node of a compiled module, typed and by name", "[compile_module]") {
    const auto dr = hamilton::builder().with_modules(header, test_units::features(), test_units::raw()).build();
    // total 1 instead of 9: scaled 1 / 6.
    const auto r = dr.execute({"report"}, {{"seed", 3}}, {{"total", 1.0}});
    CHECK(r.get<double>("report") == Approx(1.0 / 6 + 1.0));
    CHECK(dr.execute<"report">({{"seed", 3}}, {{"scaled", 2.0}}) == 11.0);
    CHECK(dr.execute<"count_plus">({}, {{"count", 41}}) == 42);
}

TEST_CASE("variants of one node in different compiled modules, chosen by config", "[compile_module]") {
    auto with_tier = [](const char* tier) {
        return hamilton::builder()
            .with_modules(test_units::raw(), test_units::features())
            .with_config({{"tier", tier}})
            .build()
            .execute({"boosted"}, {{"seed", 3}})
            .get<double>("boosted");
    };
    CHECK(with_tier("low") == 1.5);    // level__low, in raw
    CHECK(with_tier("high") == 15.0);  // level__high, in features
    CHECK_THAT(error_of([&] { (void)with_tier("medium"); }),
               Catch::Contains("missing input 'level' of type double") &&
                   Catch::Contains("no variant of node 'level' is active under this config"));
}

TEST_CASE("an optional dependency produced by another compiled module, or not", "[compile_module]") {
    const auto without = hamilton::builder().with_modules(test_units::raw(), test_units::features()).build();
    CHECK(without.execute({"adjusted"}, {{"seed", 3}}).get<double>("adjusted") == 9.5);
    const auto with =
        hamilton::builder().with_modules(test_units::raw(), test_units::features(), test_units::offsets()).build();
    CHECK(with.execute({"adjusted"}, {{"seed", 3}}).get<double>("adjusted") == 109.0);
}

TEST_CASE("a fan-out and its collect in one compiled module, its block extended by a header module",
          "[compile_module]") {
    for (std::size_t threads : {0U, 2U}) {
        CAPTURE(threads);
        auto b = hamilton::builder().with_modules(city_header, test_units::cities());
        const auto dr = threads == 0 ? b.build() : b.with_executor(hamilton::multithreading_executor(threads)).build();
        // cities 3: populations 1000, 2000, 3000; doubled cities 2, 4, 6.
        const auto [thousands, doubled] = dr.execute<"in_thousands", "sum_doubled">({{"cities", 3}});
        CHECK(thousands == 6.0);
        CHECK(doubled == 12);
        CHECK(dr.execute({"total_population"}, {{"cities", 4}}).get<int>("total_population") == 10000);
        // This unit sees `city` as the int its nodes read, not the parallelizable<int> it is.
        CHECK_THAT(error_of([&] { (void)dr.execute<"city">({{"cities", 3}}); }),
                   Catch::Contains("'city' has type hamilton::parallelizable<int>, computed in a module compiled in "
                                   "another unit") &&
                       Catch::Contains("request it by name"));
    }
}

// ---- what build() checks across units ---------------------------------------------------------

namespace {
int int_series() { return 1; }
double count_twice(double count) { return 2 * count; }
int another_count(int seed) { return seed; }
}  // namespace

TEST_CASE("build() reports a value read with another type than its producer's in another unit",
          "[compile_module]") {
    CHECK_THAT(error_of([] { (void)hamilton::builder().with_modules(test_units::raw(), test_units::count_as_double()).build(); }),
               Catch::Contains("hamilton: build: node 'half' (module 'halves') reads 'count' as double, but 'count' is "
                               "produced as int by node 'count' (module 'raw'); a node's parameter cannot take the "
                               "type its producer returns"));
    // A header module reading a compiled module's value, and the other way round.
    constexpr auto reads_double = hamilton::module<"doubles">(HAMILTON_NODE(count_twice, count));
    CHECK_THAT(error_of([&] { (void)hamilton::builder().with_modules(reads_double, test_units::raw()).build(); }),
               Catch::Contains("node 'count_twice' (module 'doubles') reads 'count' as double, but 'count' is "
                               "produced as int by node 'count' (module 'raw')"));
    constexpr auto int_series_module = hamilton::module(hamilton::node<"series">(&int_series));
    CHECK_THAT(error_of([&] { (void)hamilton::builder().with_modules(int_series_module, test_units::features()).build(); }),
               Catch::Contains("node 'total' (module 'features') reads 'series' as std::vector<double>, but 'series' "
                               "is produced as int by node 'series' (an unnamed header module)"));
    // A base-class parameter reads a derived value only inside one unit.
    CHECK_THAT(error_of([] { (void)hamilton::builder().with_modules(test_units::squares(), test_units::shape_reader()).build(); }),
               Catch::Contains("node 'area' (module 'shapes') reads 'a_square' as test_units::shape, but 'a_square' is "
                               "produced as test_units::square by node 'a_square' (module 'squares')") &&
                   Catch::Contains("a const Base& parameter does not read a derived type"));
}

TEST_CASE("build() reports a name produced in two units", "[compile_module]") {
    CHECK_THAT(error_of([] {
                   (void)hamilton::builder()
                       .with_modules(test_units::raw(), test_units::features(), test_units::another_total())
                       .build();
               }),
               Catch::Contains("hamilton: build: two nodes produce the name 'total' and no config condition separates "
                               "them: node 'total' (module 'features') and node 'total' (module 'totals'); rename "
                               "one, or gate every variant with .when/.when_not/.when_in/.when_not_in"));
    constexpr auto counts = hamilton::module<"counts">(hamilton::node<"count", "seed">(&another_count));
    CHECK_THAT(error_of([&] { (void)hamilton::builder().with_modules(counts, test_units::raw()).build(); }),
               Catch::Contains("two nodes produce the name 'count' and no config condition separates them: node "
                               "'count' (module 'counts') and node 'count' (module 'raw')"));
    // Module overrides replace nodes of header modules only.
    CHECK_THAT(error_of([&] {
                   (void)hamilton::builder()
                       .allow_module_overrides()
                       .with_modules(test_units::raw())
                       .with_modules(counts)
                       .build();
               }),
               Catch::Contains("two nodes produce the name 'count'") &&
                   Catch::Contains("allow_module_overrides replaces nodes of header modules only, not across compiled "
                                   "modules"));
    // Without a shared name, overrides allowed change nothing.
    const auto dr = hamilton::builder().allow_module_overrides().with_modules(test_units::raw(), header).build();
    CHECK(dr.execute<"count_plus">({{"seed", 1}}) == 3);
}

TEST_CASE("build() reports a cycle through several units", "[compile_module]") {
    CHECK_THAT(error_of([] { (void)hamilton::builder().with_modules(test_units::ping_module(), test_units::pong_module()).build(); }),
               Catch::Contains("hamilton: build: the nodes depend on each other in a cycle: node 'pong' (module "
                               "'pongs') -> node 'ping' (module 'pings') -> node 'pong' (module 'pongs'); break the "
                               "cycle by renaming or removing one dependency"));
}

TEST_CASE("build() reports variants of one name returning different types in different units", "[compile_module]") {
    CHECK_THAT(error_of([] {
                   (void)hamilton::builder()
                       .with_modules(test_units::raw(), test_units::features(), test_units::level_as_int())
                       .with_config({{"tier", "low"}})
                       .build();
               }),
               Catch::Contains("variants of node 'level' return different types: node 'level__low' (module 'raw') "
                               "returns double, but node 'level__mid' (module 'levels') returns int; every variant "
                               "of a node must return the same type"));
}

TEST_CASE("build() reports one input read with two types in different units", "[compile_module]") {
    CHECK_THAT(error_of([] { (void)hamilton::builder().with_modules(test_units::rate_as_int(), test_units::rate_as_double()).build(); }),
               Catch::Contains("two nodes need the input 'rate' with different types: node 'rated' (module "
                               "'int_rates') takes int, but node 'rated_too' (module 'double_rates') takes double; "
                               "give both parameters the same type"));
}

TEST_CASE("build() lists every problem across units in one error", "[compile_module]") {
    const auto message = error_of([] {
        (void)hamilton::builder()
            .with_modules(test_units::raw(), test_units::count_as_double(), test_units::rate_as_int(),
                          test_units::rate_as_double(), test_units::ping_module(), test_units::pong_module())
            .build();
    });
    CHECK_THAT(message, Catch::StartsWith("hamilton: 3 problems in build:") &&
                            Catch::Contains("reads 'count' as double") && Catch::Contains("the input 'rate'") &&
                            Catch::Contains("in a cycle"));
}
