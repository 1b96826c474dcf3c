// inject: a config_group bound to a parameter that is not a container.
// EXPECT: compile_error::binding_type_mismatch
// EXPECT: does not fit its parameter
// EXPECT-NAME: total
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

double twice(double x) { return 2 * x; }

constexpr auto m = hamilton::module(hamilton::inject<"total">(&twice, hamilton::config_group<"wanted", "a", "b">));

int main() {}
