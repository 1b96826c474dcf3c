// allow_module_overrides lets a later module replace nodes; two nodes of one name inside one
// module stay a compile error naming the node.
// EXPECT: compile_error::duplicate_node
// EXPECT: two functions
// EXPECT: builder\(\)\.allow_module_overrides\(\)
// EXPECT-NAME: spend_mean
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }
double mean_v2(const std::vector<double>& spend) { return spend.at(1); }

constexpr auto both = hamilton::module(HAMILTON_NODE(spend_mean, spend), hamilton::node<"spend_mean", "spend">(&mean_v2));

int main() { (void)hamilton::builder().allow_module_overrides().with_modules(both).build(); }
