// tests/compile_module/fan_out.cpp: a fan-out, its block and its collect in one compiled module.
#include <hamilton/compile_module.hpp>

#include <numeric>

#include "modules.hpp"

namespace {
hamilton::parallelizable<int> city(int cities) {
    std::vector<int> out(static_cast<std::size_t>(cities));
    std::iota(out.begin(), out.end(), 1);
    return out;
}
int population(int city) { return 1000 * city; }
int total_population(hamilton::collect<int> population) {
    return std::accumulate(population.begin(), population.end(), 0);
}
}  // namespace

namespace test_units {

constexpr auto cities_nodes = hamilton::module(HAMILTON_NODE(city, cities), HAMILTON_NODE(population, city),
                                              HAMILTON_NODE(total_population, population));
hamilton::compiled_module cities() { return hamilton::compile_module<"cities", cities_nodes>(); }

}  // namespace test_units
