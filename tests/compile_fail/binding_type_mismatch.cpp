// inject: the literal bound to "total_spend"'s parameter is not a number.
// EXPECT: compile_error::binding_type_mismatch
// EXPECT: does not fit its parameter
// EXPECT-NAME: total_spend
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

double scaled(double x, double factor) { return x * factor; }

constexpr auto m = hamilton::module(hamilton::inject<"total_spend">(&scaled, hamilton::source<"spend">, hamilton::value("two")));

int main() {}
