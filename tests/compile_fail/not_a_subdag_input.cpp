// subdag "us": "windw" is not an input of the subdag (its nodes read "window").
// EXPECT: compile_error::not_a_subdag_input
// EXPECT: is not an input of the subdag
// EXPECT-NAME: us
// EXPECT-NAME: windw
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>
#include <hamilton/subdag.hpp>

double spend_mean(double spend, int window) { return spend / window; }

constexpr auto us = hamilton::subdag<"us">(hamilton::module(HAMILTON_NODE(spend_mean, spend, window)),
                                           hamilton::input<"windw">(hamilton::value(3)));

int main() {}
