// tests/compile_module/raw.cpp: modules compiled in their own unit (see modules.hpp).
#include <hamilton/compile_module.hpp>

#include <vector>

#include "modules.hpp"

namespace {
int count(int seed) { return 2 * seed; }
std::vector<double> series(int count) { return std::vector<double>(static_cast<std::size_t>(count), 1.5); }
double level__low() { return 1.0; }
double offset() { return 100.0; }
}  // namespace

namespace test_units {

constexpr auto raw_nodes = hamilton::module(HAMILTON_NODE(count, seed), HAMILTON_NODE(series, count),
                                           HAMILTON_NODE(level__low).when("tier", "low"));
hamilton::compiled_module raw() { return hamilton::compile_module<"raw", raw_nodes>(); }

constexpr auto offsets_nodes = hamilton::module(HAMILTON_NODE(offset));
hamilton::compiled_module offsets() { return hamilton::compile_module<"offsets", offsets_nodes>(); }

}  // namespace test_units
