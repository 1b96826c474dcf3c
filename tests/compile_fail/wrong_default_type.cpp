// The default of an optional dependency must initialise the parameter.
// EXPECT: compile_error::wrong_default_type
// EXPECT: cannot initialise the parameter
// EXPECT-NAME: label_spend
// EXPECT-NAME: label
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <string>

std::string label_spend(double spend, const std::string& label) { return label + std::to_string(spend); }

const auto m = hamilton::module(HAMILTON_NODE(label_spend, spend, label).optional<"label">(42));

int main() {}
