// hamilton/module.hpp: a compile-time collection of nodes, the analogue of a Python module.
//
//   inline constexpr auto marketing = hamilton::module(HAMILTON_NODE(spend_mean, spend), ...);
//   inline constexpr auto named = hamilton::module<"marketing">(HAMILTON_NODE(spend_mean, spend), ...);
//
// Modules are values; the builder concatenates the nodes of all modules it is given. A module
// has no name of its own; module<"name">(...) tags each of its nodes ("module", "name"), which
// is how the catalog, the command line and tag filters tell where a node comes from.
#pragma once

#include <algorithm>
#include <array>
#include <utility>

#include <boost/hana/basic_tuple.hpp>
#include <boost/hana/flatten.hpp>
#include <boost/hana/unpack.hpp>

#include "fixed_string.hpp"

namespace hamilton {

template <class... Nodes>
struct module_definition {
    // basic_tuple is flat (no recursive inheritance), so thousands of nodes stay cheap to compile.
    boost::hana::basic_tuple<Nodes...> nodes;
};

template <class T>
inline constexpr bool is_module = false;
template <class... Nodes>
inline constexpr bool is_module<module_definition<Nodes...>> = true;

// A module of these nodes; an argument that is itself a module (such as what parameterize
// returns) contributes all its nodes.
template <class... Parts>
constexpr auto module(Parts... parts) {
    // An array, not a fold expression: clang limits folds to 256 operands, and a module may hold thousands.
    constexpr std::array<bool, sizeof...(Parts) + 1> part_is_module{is_module<Parts>..., false};
    if constexpr (std::find(part_is_module.begin(), part_is_module.end(), true) != part_is_module.end()) {
        auto nodes_of = [](auto part) {
            if constexpr (is_module<decltype(part)>)
                return part.nodes;
            else
                return boost::hana::make_basic_tuple(std::move(part));
        };
        return boost::hana::unpack(boost::hana::flatten(boost::hana::make_basic_tuple(nodes_of(std::move(parts))...)),
                                   [](auto... nodes) {
                                       return module_definition<decltype(nodes)...>{
                                           boost::hana::make_basic_tuple(std::move(nodes)...)};
                                   });
    } else {
        return module_definition<Parts...>{boost::hana::make_basic_tuple(std::move(parts)...)};
    }
}

// module(parts...), with every node tagged ("module", Name).
template <fixed_string Name, class... Parts>
constexpr auto module(Parts... parts) {
    return boost::hana::unpack(module(std::move(parts)...).nodes,
                               [](auto... nodes) { return module(nodes.tag("module", Name.view())...); });
}

namespace detail {
// All nodes of `first` followed by all nodes of `second` (what module(first, second) does, for
// code that joins exactly two).
template <class... A, class... B>
constexpr module_definition<A..., B...> concat(const module_definition<A...>& first,
                                               const module_definition<B...>& second) {
    return boost::hana::unpack(first.nodes, [&](const A&... a) {
        return boost::hana::unpack(second.nodes, [&](const B&... b) {
            return module_definition<A..., B...>{boost::hana::make_basic_tuple(a..., b...)};
        });
    });
}
}  // namespace detail

}  // namespace hamilton
