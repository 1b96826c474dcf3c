// pipe_output: the step "as_text" returns a std::string, but spend_total is a double; its
// consumers would read a different type.
// EXPECT: compile_error::pipe_step_mismatch
// EXPECT: type of the node for pipe_output
// EXPECT-NAME: spend_total
// EXPECT-NAME: as_text
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <string>
#include <vector>

double spend_total(const std::vector<double>& spend) { return spend.empty() ? 0.0 : spend.front(); }
std::string as_text(double value) { return std::to_string(value); }

constexpr auto m = hamilton::pipe_output(HAMILTON_NODE(spend_total, spend), HAMILTON_STEP(as_text));

int main() {}
