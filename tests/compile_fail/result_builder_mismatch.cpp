// The typed result builder takes an int where the output spend_zero_mean is a std::vector<double>:
// a compile error naming the outputs and their types.
// EXPECT: compile_error::result_builder_mismatch
// EXPECT: cannot take the outputs
// EXPECT-NAME: spend_mean
// EXPECT-NAME: spend_zero_mean
// EXPECT: vector<double
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

double spend_mean(const std::vector<double>& spend) { return spend.at(0); }
std::vector<double> spend_zero_mean(const std::vector<double>& spend, double spend_mean) {
    return {spend.at(0) - spend_mean};
}

constexpr auto m = hamilton::module(HAMILTON_NODE(spend_mean, spend), HAMILTON_NODE(spend_zero_mean, spend, spend_mean));

struct report {
    double mean;
    int count;
};

int main() {
    auto dr = hamilton::builder().with_modules(m).build();
    (void)dr.execute<"spend_mean", "spend_zero_mean">([](double mean, int count) { return report{mean, count}; },
                                                      {{"spend", std::vector<double>{1.0}}});
}
