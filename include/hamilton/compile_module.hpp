// hamilton/compile_module.hpp: a module compiled in its own translation unit.
//
//   // features.cpp
//   #include <hamilton/compile_module.hpp>
//   #include "features.hpp"   // declares hamilton::compiled_module features();
//   double spend_mean(const std::vector<double>& spend) { ... }
//   constexpr auto feature_nodes = hamilton::module(HAMILTON_NODE(spend_mean, spend), ...);
//   hamilton::compiled_module features() { return hamilton::compile_module<"features", feature_nodes>(); }
//
//   // main.cpp: sees only the declaration, not the nodes
//   auto dr = hamilton::builder().with_modules(features(), header_module).build();
//
// compile_module<"name", nodes>() tags every node of the constexpr module `nodes` ("module",
// "name"), as module<"name"> does. The module is checked here, at compile time, as a graph of its
// own: every mistake inside it is a compile error as for any module, where each name it reads but
// does not produce is an input. What crosses units (a value read from another module, two modules
// producing one name, cycles through several) is checked by build() (see detail/link.hpp). A
// collect<T> must name a node of its own module.
//
// The module is a template argument, not a function argument, so that it is built at compile
// time: building hundreds of nodes at run time makes one huge function, which g++ -O2 takes
// over a minute to optimize (measured with g++ 12 -O2: a 500-node module, 74 s instead of 10.5 s).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "compile_error.hpp"
#include "compiled_module.hpp"
#include "detail/link.hpp"
#include "detail/module_unit.hpp"
#include "detail/typed_graph.hpp"
#include "fixed_string.hpp"
#include "graph.hpp"
#include "module.hpp"

namespace hamilton {

namespace compile_error {

// compile_module: a parameter collect<T> names a value no node of the module produces.
template <class Consumer, class Dependency, class ParameterType>
struct collect_outside_module {
#if defined(__clang__)
    static_assert(always_false<Consumer>,
                  "hamilton: in a module compiled on its own (compile_module), a parameter of type "
                  "hamilton::collect<T> must name a node of the same module: put the fan-out, the nodes of its "
                  "block that are collected and the node that collects them in one module");
#else
    static constexpr auto message = say("hamilton: node ", text<Consumer>, ", parameter ", text<Dependency>,
                                        ": in a module compiled on its own (compile_module), a parameter of type "
                                        "hamilton::collect<T> must name a node of the same module: put the fan-out, "
                                        "the nodes of its block that are collected and the node that collects them "
                                        "in one module");
    static_assert(sizeof(error<message, ParameterType>));
#endif
};

}  // namespace compile_error

namespace detail {

// The first dependency of Graph that collects a name no node of it produces, or none.
template <class Graph>
constexpr std::uint32_t first_collect_of_input() {
    for (std::size_t d = 0; d < Graph::dependency_count; ++d)
        if (Graph::types.kind[d] == read_kind::collect_of_input) return static_cast<std::uint32_t>(d);
    return none;
}

// The compile errors of a module compiled on its own: those of any graph, except that a collect
// of an input, which another unit may produce, gets its own explanation.
template <class Graph>
constexpr void report_module_errors() {
    constexpr std::uint32_t collect = first_collect_of_input<Graph>();
    if constexpr (Graph::first_duplicate == none && !Graph::has_cycle && collect != none) {
        constexpr std::uint32_t consumer = Graph::layout.dep_node[collect];
        constexpr std::uint32_t k = collect - Graph::shape.dep_offset[consumer];
        using node = typename Graph::template node_at<consumer>;
        (void)sizeof(compile_error::collect_outside_module<compile_error::named<node::function_literal>,
                                                           compile_error::named<node::template dependency_literal<k>>,
                                                           typename node::template parameter_type<k>>);
    } else {
        Graph::report_errors();
    }
}

template <class... Nodes>
compiled_module compile_nodes(std::string_view name, const module_definition<Nodes...>& m) {
    using graph_type = graph<Nodes...>;
    static_assert((report_module_errors<graph_type>(), true));
    if constexpr (graph_type::valid) {
        constexpr auto& tables = typed_graph<Nodes...>::tables;
        auto unit = std::make_shared<module_unit>();
        unit->name = std::string(name);
        unit->view = &view_of(tables);
        append_nodes(unit->nodes, m.entries);
        unit->metadata = metadata_of_nodes(tables, unit->nodes);
        unit->link = &link_units;
        return compiled_module(std::move(unit));
    } else {
        return compiled_module(nullptr);
    }
}

}  // namespace detail

// The module `Nodes` (a constexpr module: hamilton::module(...)), tagged as module<Name> tags it,
// checked and compiled in this unit, for a builder in any unit:
// builder().with_modules(compile_module<"features", feature_nodes>()).
template <fixed_string Name, const auto& Nodes>
    requires is_module<std::remove_cvref_t<decltype(Nodes)>>
compiled_module compile_module() {
    static constexpr auto tagged = module<Name>(Nodes);
    return detail::compile_nodes(Name.view(), tagged);
}

}  // namespace hamilton
