// extract_fields<"key"...>(node, fill_with(v)): "none" cannot initialise a double of "by_channel"'s map.
// EXPECT: compile_error::wrong_fill_type
// EXPECT: the fill_with value cannot initialise
// EXPECT-NAME: by_channel
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <map>
#include <string>

std::map<std::string, double> by_channel(double spend) { return {{"tv", spend}}; }

const auto m = hamilton::extract_fields<"tv", "radio">(HAMILTON_NODE(by_channel, spend), hamilton::fill_with("none"));

int main() {}
