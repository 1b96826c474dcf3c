// pipe_input<"signup"> names a dependency spend_per_signup does not have (it has "signups").
// EXPECT: compile_error::pipe_input_target_missing
// EXPECT: has no such dependency
// EXPECT-NAME: spend_per_signup
// EXPECT-NAME: signup
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

using series = std::vector<double>;

series per_signup(const series& spend, const series& signups) { return signups.empty() ? spend : signups; }
series doubled(series values) { return values; }

constexpr auto m = hamilton::pipe_input<"signup">(hamilton::node<"spend_per_signup", "spend", "signups">(&per_signup),
                                                  HAMILTON_STEP(doubled));

int main() {}
