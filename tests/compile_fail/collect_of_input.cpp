// report collects 'scores', but no node computes scores: it is an input, outside any block.
// EXPECT: compile_error::collect_of_input
// EXPECT: collect<T> gathers the values of a node inside a block
// EXPECT-NAME: report
// EXPECT-NAME: scores
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <cstddef>

std::size_t report(hamilton::collect<int> scores) { return scores.size(); }

constexpr auto m = hamilton::module(HAMILTON_NODE(report, scores));

int main() { (void)hamilton::builder().with_modules(m).build(); }
