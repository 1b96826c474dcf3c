// hamilton/variable.hpp: what the graph says about each of its values, for catalogs and tools.
//
//   for (const hamilton::variable& v : dr.list_available_variables({{"team", {"growth"}}}))
//       fmt::print("{}: {} ({})\n", v.name, v.type, v.documentation);
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hamilton {

// One value of the graph as list_available_variables describes it.
struct variable {
    std::string name;
    std::string type;
    std::string documentation;
    std::vector<std::pair<std::string, std::string>> tags;
    bool is_input = false;            // nothing computes it: execute takes it from inputs or config
    bool from_config = false;         // an input that the config supplies
    bool is_optional = false;         // an input every consumer has a default for
    std::string function;             // the function computing it ("" for inputs)
    std::vector<std::string> conditions;  // the .when* conditions of its active variant
    // Every variant of the node, active or not, with its conditions:
    // "raw_spend__csv [when(source=\"csv\")]". Empty for a node without variants.
    std::vector<std::string> variants;
    std::vector<std::string> required_dependencies;
    std::vector<std::string> optional_dependencies;
};

// Filters list_available_variables by tags: every key must be present, with one of the
// listed values (an empty list accepts any value).
using tag_filter = std::map<std::string, std::vector<std::string>, std::less<>>;

}  // namespace hamilton
