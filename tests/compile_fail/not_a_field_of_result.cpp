// extract_fields: the field "mean" points to a member of another struct than the result of "stats".
// EXPECT: compile_error::not_a_field_of_result
// EXPECT: must point to a data member
// EXPECT-NAME: stats
// EXPECT-NAME: mean
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

struct summary {
    double mean;
    double stdev;
};
struct other {
    double mean;
};

summary stats(double spend) { return {spend, 0.0}; }

constexpr auto m = hamilton::extract_fields(HAMILTON_NODE(stats, spend), hamilton::field<"stdev">(&summary::stdev),
                                            hamilton::field<"mean">(&other::mean));

int main() {}
