// The by-name execute is given a builder that does not take const hamilton::results&.
// EXPECT: compile_error::not_a_result_builder
// EXPECT: needs a result builder
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend));

int main() {
    auto dr = hamilton::builder().with_modules(m).build();
    (void)dr.execute([](double mean) { return mean; }, {"spend_mean"}, {{"spend", std::vector<double>{1.0}}});
}
