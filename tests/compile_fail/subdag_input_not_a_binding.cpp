// A subdag input given a plain string (Python Hamilton's inputs={"x": "spend"}) instead of
// source<"spend"> or value(v): the library's own error, naming the input, and nothing after it.
// EXPECT: compile_error::subdag_input_not_a_binding
// EXPECT: hamilton::source<
// EXPECT: hamilton::value\(v\)
// EXPECT-NAME: x
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

double scaled(double x, double factor) { return x * factor; }

constexpr auto inner = hamilton::module(HAMILTON_NODE(scaled, x, factor));
constexpr auto outer = hamilton::subdag<"us">(inner, hamilton::input<"x">("spend"),
                                              hamilton::input<"factor">(hamilton::value(2.0)));

int main() { (void)hamilton::builder().with_modules(outer).build(); }
