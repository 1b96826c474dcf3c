// A module compiled on its own collects 'population', which no node of it computes (another
// module's fan-out block does): the collect must be in the module of what it collects.
// EXPECT: compile_error::collect_outside_module
// EXPECT: must name a node of the same module
// EXPECT-NAME: total_population
// EXPECT-NAME: population
// MAX-LINES: 15
#include <hamilton/compile_module.hpp>

int total_population(hamilton::collect<int> population) { return static_cast<int>(population.size()); }

constexpr auto totals_nodes = hamilton::module(HAMILTON_NODE(total_population, population));
hamilton::compiled_module totals() { return hamilton::compile_module<"totals", totals_nodes>(); }

int main() { (void)totals(); }
