// Two dependency names registered for a function of one parameter.
// EXPECT: compile_error::arity_mismatch
// EXPECT: number of dependency names registered for this node differs
// EXPECT: 2, 1
// EXPECT-NAME: spend_mean
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend, signups));

int main() {}
