// A wrong number of dependency names in a module that a driver is built from and run: one
// error, the node's, and not the errors of a graph built around a broken node.
// EXPECT: compile_error::arity_mismatch
// EXPECT: 2 dependency names, 1 function parameters|number of dependency names registered
// EXPECT-NAME: spend_mean
// MAX-LINES: 12
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }
double doubled(double spend_mean) { return 2 * spend_mean; }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend, signups), HAMILTON_NODE(doubled, spend_mean));

int main() {
    auto dr = hamilton::builder().with_modules(m).build();
    (void)dr.execute({"doubled"}, {{"spend", std::vector<double>{1.0}}});
}
