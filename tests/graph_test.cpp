// Tests of hamilton/graph.hpp: resolution by name, slot types, order, and the checks that
// become compile errors (inspected here without triggering them; tests/compile_fail/ triggers them).
#include <hamilton/hamilton.hpp>

#include <string>
#include <vector>

#include "support.hpp"

// Only their types are used, so give them external linkage (no "unused function" warning).
namespace graph_test {

int a(int x) { return x + 1; }
int b(int a) { return a * 2; }
int c(int a, int b) { return a + b; }
long wide(int x) { return x; }
int loop_one(int loop_two) { return loop_two; }
int loop_two(int loop_one) { return loop_one; }
double d__fast(int x) { return x; }
double d__slow(int x, int y) { return x + y; }
float d__wrong(int x) { return float(x); }
std::string needs_string(const std::string& x) { return x; }

template <class... N>
using graph_of = hamilton::graph<N...>;

using diamond = graph_of<decltype(HAMILTON_NODE(c, a, b)), decltype(HAMILTON_NODE(b, a)), decltype(HAMILTON_NODE(a, x))>;

}  // namespace graph_test

using namespace graph_test;

TEST_CASE("names resolve to producers; the rest are inputs", "[graph]") {
    STATIC_REQUIRE(diamond::valid);
    STATIC_REQUIRE(diamond::slot_count == 4);  // c, b, a and the input x
    constexpr auto x = diamond::slot_of("x");
    STATIC_REQUIRE(diamond::layout.first_producer[x] == hamilton::detail::none);
    STATIC_REQUIRE(diamond::layout.first_producer[diamond::slot_of("a")] == 2);
    STATIC_REQUIRE(diamond::slot_of("nope") == hamilton::detail::none);
    STATIC_REQUIRE(std::is_same_v<diamond::slot_type<x>, int>);
}

TEST_CASE("the topological order puts producers first", "[graph]") {
    constexpr auto& order = diamond::layout.topological_order;
    STATIC_REQUIRE(diamond::layout.ordered == 3);
    STATIC_REQUIRE(order[0] == 2);  // a
    STATIC_REQUIRE(order[1] == 1);  // b
    STATIC_REQUIRE(order[2] == 0);  // c
}

TEST_CASE("an input's type is what its consumers take, without const&", "[graph]") {
    using g = graph_of<decltype(HAMILTON_NODE(needs_string, x))>;
    STATIC_REQUIRE(std::is_same_v<g::slot_type<g::slot_of("x")>, std::string>);
}

TEST_CASE("a cycle is found, in data-flow order", "[graph]") {
    using g = graph_of<decltype(HAMILTON_NODE(loop_one, loop_two)), decltype(HAMILTON_NODE(loop_two, loop_one))>;
    STATIC_REQUIRE(g::has_cycle);
    STATIC_REQUIRE(!g::valid);
    STATIC_REQUIRE(g::layout.cycle_length == 3);
    STATIC_REQUIRE(g::layout.cycle[0] == g::layout.cycle[2]);
}

TEST_CASE("duplicates are allowed only between gated variants", "[graph]") {
    using variants = graph_of<decltype(HAMILTON_NODE(d__fast, x).when("speed", "fast")),
                              decltype(HAMILTON_NODE(d__slow, x, y).when("speed", "slow"))>;
    STATIC_REQUIRE(variants::valid);
    STATIC_REQUIRE(variants::slot_count == 3);  // d, x, y
    using duplicate = graph_of<decltype(HAMILTON_NODE(a, x)), decltype(HAMILTON_NODE(a, x))>;
    STATIC_REQUIRE(duplicate::first_duplicate != hamilton::detail::none);
    using half_gated = graph_of<decltype(HAMILTON_NODE(d__fast, x).when("speed", "fast")),
                                decltype(hamilton::node<"d", "x">(&d__fast))>;
    STATIC_REQUIRE(half_gated::first_duplicate != hamilton::detail::none);
}

TEST_CASE("type checks: mismatches, conflicting inputs, variants of different types", "[graph]") {
    using mismatch = graph_of<decltype(HAMILTON_NODE(wide, x)), decltype(hamilton::node<"b", "wide">(&b))>;
    STATIC_REQUIRE(!mismatch::types_ok);
    using conflicting = graph_of<decltype(HAMILTON_NODE(a, x)), decltype(HAMILTON_NODE(needs_string, x))>;
    STATIC_REQUIRE(!conflicting::types_ok);
    using variants = graph_of<decltype(HAMILTON_NODE(d__fast, x).when("speed", "fast")),
                              decltype(HAMILTON_NODE(d__wrong, x).when("speed", "wrong"))>;
    STATIC_REQUIRE(!variants::types_ok);
}

TEST_CASE("a const& to a base class accepts a derived value", "[graph]") {
    struct base {
        int v = 0;
    };
    struct derived : base {};
    STATIC_REQUIRE(hamilton::parameter_accepts<const base&, derived>);
    STATIC_REQUIRE(!hamilton::parameter_accepts<base, derived>);  // would slice
    STATIC_REQUIRE(hamilton::parameter_accepts<int&&, int>);
    STATIC_REQUIRE(!hamilton::parameter_accepts<long, int>);
}

namespace graph_test {

double revenue(double price, double units) { return price * units; }
double margin(double revenue, double cost) { return revenue - cost; }

// Every dependency is produced inside (revenue) or declared (price, units, cost).
inline constexpr auto pricing = hamilton::module(hamilton::declare_inputs<"price", "units">, HAMILTON_NODE(revenue, price, units),
                                                 hamilton::declare_inputs<"cost">, HAMILTON_NODE(margin, revenue, cost));

}  // namespace graph_test

TEST_CASE("declare_inputs: a module whose dependencies are produced or declared builds; the declaration adds no node",
          "[graph][declared_inputs]") {
    STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(pricing)>,
                                  std::remove_cvref_t<decltype(hamilton::module(HAMILTON_NODE(revenue, price, units),
                                                                                HAMILTON_NODE(margin, revenue, cost)))>>);
    STATIC_REQUIRE(hamilton::detail::first_undeclared<decltype(HAMILTON_NODE(margin, revenue, cost))>(
                       std::array<std::string_view, 1>{"revenue"})[0] == 0);  // cost: neither produced nor declared
    auto dr = hamilton::builder().with_modules(pricing).build();
    CHECK(dr.execute<"margin">({{"price", 2.0}, {"units", 3.0}, {"cost", 1.0}}) == 5.0);
    // A named module declares its inputs the same way.
    constexpr auto named = hamilton::module<"pricing">(hamilton::declare_inputs<"price", "units">,
                                                       HAMILTON_NODE(revenue, price, units));
    CHECK(hamilton::builder().with_modules(named).build().execute<"revenue">({{"price", 2.0}, {"units", 4.0}}) == 8.0);
}
