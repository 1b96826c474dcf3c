// hamilton/detail/module_unit.hpp: what compile_module() erases a module into, and the signature
// of the function that links such modules with a driver's own graph at build() (detail/link.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "../compiled_module.hpp"
#include "../node.hpp"
#include "graph_view.hpp"

namespace hamilton::detail {

// One graph_view for a driver's graph and all its compiled modules, and the objects and
// metadata of all their nodes, in the view's node order.
struct linked_graph {
    std::shared_ptr<const graph_view> view;
    node_objects nodes;
    std::vector<node_metadata> metadata;
};

// Links the driver's typed graph (`typed`, its nodes and their metadata) with `units`; throws the
// hamilton::error of build() listing every problem across units. `overriding`: the builder
// allows module overrides (which compiled modules do not take part in).
using link_function = linked_graph (*)(const graph_view& typed, node_objects nodes,
                                       std::vector<node_metadata> metadata,
                                       const std::vector<compiled_module>& units, bool overriding);

// A module compiled in its own unit: its graph checked and erased there (a graph_view of its
// nodes, where every name it reads but does not produce is an input), its node objects, and the
// linking code, which is compiled with the modules so that the units using them need not parse it.
struct module_unit {
    std::string name;
    const graph_view* view;
    node_objects nodes;
    std::vector<node_metadata> metadata;
    link_function link;
};

}  // namespace hamilton::detail
