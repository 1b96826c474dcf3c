// The typed execute asks for a name that is nowhere in the graph.
// EXPECT: compile_error::unknown_output
// EXPECT: asks for a name that no node produces
// EXPECT-NAME: spend_meen
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend));

int main() {
    auto dr = hamilton::builder().with_modules(m).build();
    (void)dr.execute<"spend_meen">({{"spend", std::vector<double>{1.0}}});
}
