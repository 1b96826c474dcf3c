// .optional<"windw">: the node has no dependency of that name.
// EXPECT: compile_error::not_a_dependency
// EXPECT: names a dependency this node does not have
// EXPECT-NAME: rolling_mean
// EXPECT-NAME: windw
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double rolling_mean(const std::vector<double>& spend, int window) { return spend.at(0) * window; }

constexpr auto m = hamilton::module(HAMILTON_NODE(rolling_mean, spend, window).optional<"windw">(3));

int main() {}
