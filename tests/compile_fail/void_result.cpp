// A node must return the value it names.
// EXPECT: compile_error::void_result
// EXPECT: returns void
// EXPECT-NAME: log_spend
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

void log_spend(double spend) { (void)spend; }

constexpr auto m = hamilton::module(HAMILTON_NODE(log_spend, spend));

int main() {}
