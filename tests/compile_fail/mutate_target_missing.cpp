// mutate<"spend", "signup">: the module has "signups", not "signup".
// EXPECT: compile_error::mutate_target_missing
// EXPECT: names a target that no node of the module has
// EXPECT-NAME: signup
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

using series = std::vector<double>;

series spend(const series& raw_spend) { return raw_spend; }
series signups(const series& raw_signups) { return raw_signups; }
series doubled(series values) { return values; }

constexpr auto loaders = hamilton::module(HAMILTON_NODE(spend, raw_spend), HAMILTON_NODE(signups, raw_signups));
constexpr auto m = hamilton::mutate<"spend", "signup">(loaders, HAMILTON_STEP(doubled));

int main() {}
