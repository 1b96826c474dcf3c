// Two nodes need the input "spend" with different types.
// EXPECT: compile_error::conflicting_input_types
// EXPECT: two nodes need the same input with different types
// EXPECT-NAME: spend
// EXPECT-NAME: spend_mean
// EXPECT-NAME: spend_total
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }
double spend_total(const std::vector<float>& spend) { return spend.at(0); }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend), HAMILTON_NODE(spend_total, spend));

int main() { (void)hamilton::builder().with_modules(m).build(); }
