// total collects 'doubled' as collect<int>, but doubled returns long.
// EXPECT: compile_error::type_mismatch
// EXPECT-NAME: total
// EXPECT-NAME: doubled
// EXPECT: long
// MAX-LINES: 15
#include <hamilton/hamilton.hpp>

#include <vector>

hamilton::parallelizable<int> numbers(std::vector<int> list) { return list; }
long doubled(int numbers) { return 2L * numbers; }
int total(hamilton::collect<int> doubled) { return static_cast<int>(doubled.size()); }

constexpr auto m = hamilton::module(HAMILTON_NODE(numbers, list), HAMILTON_NODE(doubled, numbers),
                                    HAMILTON_NODE(total, doubled));

int main() { (void)hamilton::builder().with_modules(m).build(); }
