// a needs c, b needs a, c needs b: the error prints the cycle in data-flow order.
// EXPECT: compile_error::dependency_cycle
// EXPECT-NAME: b -> c -> a -> b
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

int a(int c) { return c; }
int b(int a) { return a; }
int c(int b) { return b; }

constexpr auto m = hamilton::module(HAMILTON_NODE(a, c), HAMILTON_NODE(b, a), HAMILTON_NODE(c, b));

int main() { (void)hamilton::builder().with_modules(m).build(); }
