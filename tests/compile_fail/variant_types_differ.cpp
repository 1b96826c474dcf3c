// Two variants of raw_spend return different types.
// EXPECT: compile_error::variant_types_differ
// EXPECT: variants of one node return different types
// EXPECT-NAME: raw_spend
// EXPECT-NAME: raw_spend__csv
// EXPECT-NAME: raw_spend__const
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <string>
#include <vector>

std::vector<double> raw_spend__csv(const std::string& path) { return {double(path.size())}; }
std::vector<float> raw_spend__const(float level) { return {level}; }

constexpr auto m = hamilton::module(HAMILTON_NODE(raw_spend__csv, path).when("source", "csv"),
                                    HAMILTON_NODE(raw_spend__const, level).when("source", "const"));

int main() { (void)hamilton::builder().with_modules(m).build(); }
