// extract_fields<"key"...>: the node "by_week" returns a map keyed by int, not by std::string.
// EXPECT: compile_error::not_a_string_keyed_map
// EXPECT: needs a node returning a map keyed by
// EXPECT-NAME: by_week
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <map>

std::map<int, double> by_week(double spend) { return {{1, spend}}; }

constexpr auto m = hamilton::extract_fields<"week_1">(HAMILTON_NODE(by_week, spend));

int main() {}
