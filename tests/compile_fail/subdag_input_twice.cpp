// subdag "us": "window" is given both as an input and as a setting.
// EXPECT: compile_error::subdag_input_twice
// EXPECT: gets the same name twice
// EXPECT-NAME: us
// EXPECT-NAME: window
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>
#include <hamilton/subdag.hpp>

double spend_mean(double spend, int window) { return spend / window; }

constexpr auto us = hamilton::subdag<"us">(hamilton::module(HAMILTON_NODE(spend_mean, spend, window)),
                                           hamilton::input<"window">(hamilton::value(3)),
                                           hamilton::setting<"window">(4));

int main() {}
