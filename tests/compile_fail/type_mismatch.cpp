// spend_zero_mean takes spend_mean as an int, but spend_mean returns double.
// EXPECT: compile_error::type_mismatch
// EXPECT: parameter cannot take the type its producer returns
// EXPECT-NAME: spend_zero_mean
// EXPECT-NAME: spend_mean
// EXPECT: double
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }
std::vector<double> spend_zero_mean(const std::vector<double>& spend, int spend_mean) {
    return {spend.at(0) - spend_mean};
}

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend), HAMILTON_NODE(spend_zero_mean, spend, spend_mean));

int main() { (void)hamilton::builder().with_modules(m).build(); }
