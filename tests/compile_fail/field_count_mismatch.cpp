// unpack_fields: two names for the node "stats", whose result is a tuple of three values.
// EXPECT: compile_error::field_count_mismatch
// EXPECT: exactly one name per element
// EXPECT-NAME: stats
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <tuple>

std::tuple<double, double, int> stats(double spend) { return {spend, spend, 1}; }

constexpr auto m = hamilton::unpack_fields<"mean", "stdev">(HAMILTON_NODE(stats, spend));

int main() {}
