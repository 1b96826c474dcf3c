// unpack_fields: the node "stats" returns a struct, which has no tuple protocol.
// EXPECT: compile_error::not_tuple_like
// EXPECT: needs a node returning a tuple-like value
// EXPECT-NAME: stats
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

struct summary {
    double mean;
    double stdev;
};

summary stats(double spend) { return {spend, 0.0}; }

constexpr auto m = hamilton::unpack_fields<"mean", "stdev">(HAMILTON_NODE(stats, spend));

int main() {}
