// The step "scaled" takes the chained value and a factor, but binds nothing to the factor.
// EXPECT: compile_error::pipe_step_binding_count_mismatch
// EXPECT: one binding
// EXPECT-NAME: spend_total
// EXPECT-NAME: scaled
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_total(const std::vector<double>& spend) { return spend.empty() ? 0.0 : spend.front(); }
double scaled(double value, double factor) { return value * factor; }

constexpr auto m = hamilton::pipe_output(HAMILTON_NODE(spend_total, spend), HAMILTON_STEP(scaled));

int main() {}
