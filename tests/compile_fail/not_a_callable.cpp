// A generic lambda's parameter types cannot be read.
// EXPECT: compile_error::not_a_callable
// EXPECT: generic lambdas and overload sets are not
// EXPECT-NAME: doubled
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

const auto m = hamilton::module(hamilton::node<"doubled", "x">([](auto x) { return 2 * x; }));

int main() {}
