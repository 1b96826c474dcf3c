// parameterize: the output "spend_doubled" binds one parameter of a two-parameter function.
// EXPECT: compile_error::binding_count_mismatch
// EXPECT: needs exactly one
// EXPECT-NAME: spend_doubled
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

double scaled(double x, double factor) { return x * factor; }

constexpr auto m = hamilton::parameterize(&scaled, hamilton::output<"spend_doubled">(hamilton::source<"spend">));

int main() {}
