// hamilton/detail/node_description.hpp: what one node is under the driver's config: whether
// its conditions hold, and what the catalog says of it (documentation, tags, conditions).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../config.hpp"
#include "../node.hpp"
#include "names.hpp"

namespace hamilton::detail {

// One node under the driver's config: does it exist, and what the catalog says of it.
struct node_description {
    bool active = true;
    std::string documentation;
    std::vector<std::pair<std::string, std::string>> tags;
    std::vector<std::string> conditions;
    std::vector<std::string_view> condition_keys;
    std::vector<std::string> gate_phrases, gate_keys;  // for variants_of (see condition_list::gate_phrases)
};

inline node_description describe_node(std::string_view function_name, const node_metadata& node, const config& cfg,
                                      std::vector<std::string>& problems) {
    node_description d;
    d.active = node.conditions.hold(cfg, problems, function_name);
    d.documentation = std::string(node.documentation);
    // A generated node's documentation may name the node it documents (see parameterize.hpp).
    const auto name = node.conditions.conditions.empty() ? function_name : strip_variant_suffix(function_name);
    for (auto at = d.documentation.find("{output}"); at != std::string::npos;
         at = d.documentation.find("{output}", at + name.size()))
        d.documentation.replace(at, 8, name);
    for (const auto& t : node.tags) d.tags.emplace_back(std::string(t.key), std::string(t.value));
    d.conditions = node.conditions.texts();
    for (const auto& c : node.conditions.conditions) d.condition_keys.push_back(c.key);
    node.conditions.gate_phrases(d.gate_phrases, d.gate_keys);
    return d;
}

}  // namespace hamilton::detail
