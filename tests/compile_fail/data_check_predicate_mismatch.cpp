// check_output: the predicate of satisfies<"short"> takes a std::string, and the node returns a double.
// EXPECT: compile_error::data_check_mismatch
// EXPECT: a check does not apply to the value type of the node
// EXPECT-NAME: spend_mean
// EXPECT-NAME: short
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <string>
#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.empty() ? 0.0 : spend.front(); }

const auto m = hamilton::module(hamilton::check_output(
    HAMILTON_NODE(spend_mean, spend), hamilton::satisfies<"short">([](const std::string& s) { return s.size() < 10; })));

int main() {}
