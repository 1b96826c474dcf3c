// check_output: in_range needs a number or a range of numbers, and the node returns a std::string.
// EXPECT: compile_error::data_check_mismatch
// EXPECT: a check does not apply to the value type of the node
// EXPECT-NAME: label
// EXPECT-NAME: in_range
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <string>

std::string label(double spend) { return std::to_string(spend); }

const auto m = hamilton::module(hamilton::check_output(HAMILTON_NODE(label, spend), hamilton::in_range(0, 10)));

int main() {}
