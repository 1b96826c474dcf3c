// examples/project_layout/loading.cpp: the module that reads the data, compiled in this unit: a
// mistake in how its nodes connect to each other is a compile error here. The functions are
// hello_world's (declared in functions.hpp, compiled once in the marketing_functions library):
// an edit to one of their bodies recompiles functions.cpp, not this unit.
#include "loading.hpp"

#include <hamilton/compile_module.hpp>

#include "../hello_world/functions.hpp"

namespace marketing {

// A constexpr module: built at compile time, however many nodes it has.
constexpr auto loading_nodes = hamilton::module(
    HAMILTON_NODE(marketing_data, file_path).doc("Weekly signups and spend, read from the CSV file at file_path."),
    HAMILTON_NODE(spend, marketing_data).doc("Spend per week."),
    HAMILTON_NODE(signups, marketing_data).doc("Signups per week."));

hamilton::compiled_module loading() { return hamilton::compile_module<"loading", loading_nodes>(); }

}  // namespace marketing
