// tests/compile_module/mistakes.cpp: modules each right on its own (they compile), and wrong
// with the others: what build() must find across units (see modules.hpp).
#include <hamilton/compile_module.hpp>

#include "modules.hpp"

namespace {
double half(double count) { return count / 2; }
double total(int seed) { return seed; }
int ping(int pong) { return pong + 1; }
int pong(int ping) { return ping + 1; }
int level__mid() { return 5; }
int rated(int rate) { return rate; }
double rated_too(double rate) { return rate; }
test_units::square a_square() { return {}; }
double area(const test_units::shape& a_square) { return a_square.side * a_square.side; }
}  // namespace

namespace test_units {

constexpr auto count_as_double_nodes = hamilton::module(HAMILTON_NODE(half, count));
hamilton::compiled_module count_as_double() { return hamilton::compile_module<"halves", count_as_double_nodes>(); }
constexpr auto another_total_nodes = hamilton::module(HAMILTON_NODE(total, seed));
hamilton::compiled_module another_total() { return hamilton::compile_module<"totals", another_total_nodes>(); }
constexpr auto ping_module_nodes = hamilton::module(HAMILTON_NODE(ping, pong));
hamilton::compiled_module ping_module() { return hamilton::compile_module<"pings", ping_module_nodes>(); }
constexpr auto pong_module_nodes = hamilton::module(HAMILTON_NODE(pong, ping));
hamilton::compiled_module pong_module() { return hamilton::compile_module<"pongs", pong_module_nodes>(); }
constexpr auto level_as_int_nodes = hamilton::module(HAMILTON_NODE(level__mid).when("tier", "mid"));
hamilton::compiled_module level_as_int() { return hamilton::compile_module<"levels", level_as_int_nodes>(); }
constexpr auto rate_as_int_nodes = hamilton::module(HAMILTON_NODE(rated, rate));
hamilton::compiled_module rate_as_int() { return hamilton::compile_module<"int_rates", rate_as_int_nodes>(); }
constexpr auto rate_as_double_nodes = hamilton::module(HAMILTON_NODE(rated_too, rate));
hamilton::compiled_module rate_as_double() { return hamilton::compile_module<"double_rates", rate_as_double_nodes>(); }
constexpr auto squares_nodes = hamilton::module(HAMILTON_NODE(a_square));
hamilton::compiled_module squares() { return hamilton::compile_module<"squares", squares_nodes>(); }
constexpr auto shape_reader_nodes = hamilton::module(HAMILTON_NODE(area, a_square));
hamilton::compiled_module shape_reader() { return hamilton::compile_module<"shapes", shape_reader_nodes>(); }

}  // namespace test_units
