// parameterize with too few bindings, in a module a driver is built from: one error, the
// node's, and not the errors of a graph built around a broken node.
// EXPECT: compile_error::binding_count_mismatch
// EXPECT: needs exactly one
// EXPECT-NAME: spend_doubled
// MAX-LINES: 12
#include <hamilton/hamilton.hpp>

double scaled(double x, double factor) { return x * factor; }

constexpr auto m = hamilton::parameterize(&scaled, hamilton::output<"spend_doubled">(hamilton::source<"spend">));

int main() { (void)hamilton::builder().with_modules(m).build(); }
