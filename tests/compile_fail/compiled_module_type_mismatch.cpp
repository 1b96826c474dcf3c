// Inside a module compiled on its own, everything is checked at compile time as in any module:
// 'half' reads 'count' as double, but the same module produces it as int.
// EXPECT: compile_error::type_mismatch
// EXPECT-NAME: half
// EXPECT-NAME: count
// MAX-LINES: 15
#include <hamilton/compile_module.hpp>

int count(int seed) { return 2 * seed; }
double half(double count) { return count / 2; }

constexpr auto counts_nodes = hamilton::module(HAMILTON_NODE(count, seed), HAMILTON_NODE(half, count));
hamilton::compiled_module counts() { return hamilton::compile_module<"counts", counts_nodes>(); }

int main() { (void)counts(); }
