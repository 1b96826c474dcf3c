// A config-gated step must return the type it takes: when the config skips it, its input is
// passed on in its place. "count" turns a std::vector<double> into a std::size_t.
// EXPECT: compile_error::pipe_step_mismatch
// EXPECT: when it is config-gated
// EXPECT-NAME: report
// EXPECT-NAME: count
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <cstddef>
#include <vector>

std::size_t report(std::size_t rows) { return rows; }
std::size_t count(const std::vector<double>& spend) { return spend.size(); }

constexpr auto m = hamilton::pipe_input(HAMILTON_NODE(report, spend), HAMILTON_STEP(count).when("summary", true));

int main() {}
