// tests/compile_module/features.cpp: a module compiled in its own unit (see modules.hpp), which
// reads values another unit produces.
#include <hamilton/compile_module.hpp>

#include <numeric>
#include <vector>

#include "modules.hpp"

namespace {
double total(const std::vector<double>& series) { return std::accumulate(series.begin(), series.end(), 0.0); }
double scaled(double total, int count) { return total / count; }
double level__high() { return 10.0; }
double boosted(double scaled, double level) { return scaled * level; }
double adjusted(double total, double offset) { return total + offset; }
}  // namespace

namespace test_units {

constexpr auto features_nodes = hamilton::module(HAMILTON_NODE(total, series).doc("The sum of the series."), HAMILTON_NODE(scaled, total, count),
        HAMILTON_NODE(level__high).when("tier", "high"), HAMILTON_NODE(boosted, scaled, level),
        HAMILTON_NODE(adjusted, total, offset).optional<"offset">(0.5));
hamilton::compiled_module features() { return hamilton::compile_module<"features", features_nodes>(); }

}  // namespace test_units
