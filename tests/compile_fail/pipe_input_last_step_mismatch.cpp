// pipe_input: the last step "count" returns a std::size_t, but report's parameter, which now
// reads it, takes a std::vector<double>.
// EXPECT: compile_error::pipe_step_mismatch
// EXPECT: for the last step of pipe_input
// EXPECT-NAME: report
// EXPECT-NAME: count
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <cstddef>
#include <vector>

double report(const std::vector<double>& spend) { return spend.empty() ? 0.0 : spend.front(); }
std::size_t count(const std::vector<double>& spend) { return spend.size(); }

constexpr auto m = hamilton::pipe_input(HAMILTON_NODE(report, spend), HAMILTON_STEP(count));

int main() {}
