// A node that could change a value other nodes read.
// EXPECT: compile_error::mutable_reference_parameter
// EXPECT: takes a dependency by non-const reference
// EXPECT-NAME: normalise
// EXPECT-NAME: spend
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double normalise(std::vector<double>& spend) { return spend.at(0); }

constexpr auto m = hamilton::module(HAMILTON_NODE(normalise, spend));

int main() {}
