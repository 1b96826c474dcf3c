// Two ungated nodes named spend_mean: a compile error naming the node.
// EXPECT: compile_error::duplicate_node
// EXPECT: two functions
// EXPECT: builder\(\)\.allow_module_overrides\(\)
// EXPECT-NAME: spend_mean
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }
double mean_v2(const std::vector<double>& spend) { return spend.at(1); }

constexpr auto first = hamilton::module(HAMILTON_NODE(spend_mean, spend));
constexpr auto second = hamilton::module(hamilton::node<"spend_mean", "spend">(&mean_v2));

int main() { (void)hamilton::builder().with_modules(first, second).build(); }
