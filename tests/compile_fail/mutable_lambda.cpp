// A mutable lambda could give different values for the same inputs: not a node.
// EXPECT: compile_error::not_a_callable
// EXPECT: mutable lambdas are not allowed
// EXPECT-NAME: counted
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

const auto m = hamilton::module(hamilton::node<"counted", "x">([n = 0](int x) mutable { return x + ++n; }));

int main() {}
