// pipe_input: the step "rounded" takes an int, but the step before it returns a std::vector<double>.
// EXPECT: compile_error::pipe_step_mismatch
// EXPECT: types of a pipe step do not chain
// EXPECT-NAME: spend_per_signup
// EXPECT-NAME: rounded
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

using series = std::vector<double>;

series per_signup(const series& spend, const series& signups) { return signups.empty() ? spend : signups; }
series smoothed(const series& spend, int window) { return window > 0 ? spend : series{}; }
int rounded(int value) { return value; }

constexpr auto m = hamilton::pipe_input(hamilton::node<"spend_per_signup", "spend", "signups">(&per_signup),
                                        HAMILTON_STEP(smoothed, hamilton::value(3)), HAMILTON_STEP(rounded));

int main() {}
