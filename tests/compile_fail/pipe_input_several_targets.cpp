// pipe_input given several dependencies (Python Hamilton's on_input=["a", "b"]): the library's
// own error naming the node and the dependencies, not a failed overload resolution.
// EXPECT: compile_error::pipe_input_several_targets
// EXPECT: over one dependency
// EXPECT-NAME: add
// EXPECT-NAME: a
// EXPECT-NAME: b
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

double add(double a, double b) { return a + b; }
double twice(double x) { return 2 * x; }

constexpr auto piped = hamilton::pipe_input<"a", "b">(HAMILTON_NODE(add, a, b), hamilton::step<"twice">(&twice));

int main() { (void)hamilton::builder().with_modules(piped).build(); }
