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
#include <cstddef>
#include <utility>

#include "fixed_string.hpp"

namespace hamilton {

namespace detail {
// The nodes of a module: an aggregate with one base per node, built by aggregate initialization.
// No constructor takes the nodes as parameters and no base has members but `node`: the compiler
// looks a name up in every base of a class and checks every parameter of a member function
// against the class's names, so a tuple with constructors (hana's, std's) costs time quadratic
// in the number of nodes.
template <std::size_t I, class Node>
struct module_entry {
    Node node;
};
template <class Indices, class... Nodes>
struct module_entries;
template <std::size_t... I, class... Nodes>
struct module_entries<std::index_sequence<I...>, Nodes...> : module_entry<I, Nodes>... {};
}  // namespace detail

template <class... Nodes>
struct module_definition {
    detail::module_entries<std::index_sequence_for<Nodes...>, Nodes...> entries;

    static constexpr std::size_t size = sizeof...(Nodes);
};

template <class T>
inline constexpr bool is_module = false;
template <class... Nodes>
inline constexpr bool is_module<module_definition<Nodes...>> = true;

namespace detail {

template <std::size_t... I, class... Nodes, class F>
constexpr decltype(auto) unpack_entries(const module_entries<std::index_sequence<I...>, Nodes...>& entries, F&& f) {
    return std::forward<F>(f)(static_cast<const module_entry<I, Nodes>&>(entries).node...);
}

// f(nodes...): every node of `m`, in order.
template <class... Nodes, class F>
constexpr decltype(auto) unpack(const module_definition<Nodes...>& m, F&& f) {
    return unpack_entries(m.entries, std::forward<F>(f));
}

template <std::size_t I, class Node>
constexpr const Node& entry_node(const module_entry<I, Node>& entry) {
    return entry.node;
}

// Node I of `m`.
template <std::size_t I, class... Nodes>
constexpr const auto& node_of(const module_definition<Nodes...>& m) {
    return entry_node<I>(m.entries);
}

template <class... Nodes>
constexpr module_definition<Nodes...> make_module(Nodes... nodes) {
    return {{{std::move(nodes)}...}};
}

// All nodes of `first` followed by all nodes of `second` (what module(first, second) does, for
// code that joins exactly two).
template <class... A, class... B>
constexpr module_definition<A..., B...> concat(const module_definition<A...>& first,
                                               const module_definition<B...>& second) {
    return unpack(first, [&](const A&... a) {
        return unpack(second, [&](const B&... b) { return make_module(a..., b...); });
    });
}

// Module parts in order: a node is one part, a module's nodes each a part. `part` says which
// argument holds position p, and `index` its place in it.
template <std::size_t Parts, std::size_t Positions>
struct part_positions {
    std::array<std::size_t, Positions + 1> part{}, index{};
};
template <std::size_t Positions, std::size_t Parts>
constexpr part_positions<Parts, Positions> flat_positions(const std::array<std::size_t, Parts>& sizes) {
    part_positions<Parts, Positions> out{};
    std::size_t p = 0;
    for (std::size_t i = 0; i < Parts; ++i)
        for (std::size_t k = 0; k < sizes[i]; ++k) out.part[p] = i, out.index[p++] = k;
    return out;
}

template <class Part>
struct part_nodes {
    using type = module_definition<Part>;
    static constexpr std::size_t size = 1;
};
template <class... Nodes>
struct part_nodes<module_definition<Nodes...>> {
    using type = module_definition<Nodes...>;
    static constexpr std::size_t size = sizeof...(Nodes);
};

// Node K of a part: the part itself, or node K of a module.
template <std::size_t K, class Part>
constexpr const auto& part_node(const Part& part) {
    if constexpr (is_module<Part>)
        return node_of<K>(part);
    else
        return part;
}

template <class Positions, class... Parts>
struct flattened;
template <std::size_t... P, class... Parts>
struct flattened<std::index_sequence<P...>, Parts...> {
    static constexpr auto at = flat_positions<sizeof...(P)>(std::array<std::size_t, sizeof...(Parts)>{part_nodes<Parts>::size...});
    using parts = module_entries<std::index_sequence_for<Parts...>, Parts...>;

    static constexpr auto make(const parts& all) {
        return make_module(part_node<at.index[P]>(entry_node<at.part[P]>(all))...);
    }
};

}  // namespace detail

// One module: itself. (Flattening it would name each node by a function of the whole module,
// which g++ mangles in time quadratic in the module's size.)
template <class... Nodes>
constexpr module_definition<Nodes...> module(module_definition<Nodes...> m) {
    return m;
}

// A module of these nodes; an argument that is itself a module (such as what parameterize
// returns) contributes all its nodes.
template <class... Parts>
constexpr auto module(Parts... parts) {
    // Arrays, not fold expressions: clang limits folds to 256 operands, and a module may hold thousands.
    constexpr std::array<std::size_t, sizeof...(Parts) + 1> sizes{detail::part_nodes<Parts>::size..., 0};
    constexpr std::array<bool, sizeof...(Parts) + 1> part_is_module{is_module<Parts>..., false};
    if constexpr (std::find(part_is_module.begin(), part_is_module.end(), true) != part_is_module.end()) {
        constexpr std::size_t count = [&] {
            std::size_t total = 0;
            for (auto size : sizes) total += size;
            return total;
        }();
        using flat = detail::flattened<std::make_index_sequence<count>, Parts...>;
        return flat::make(typename flat::parts{{std::move(parts)}...});
    } else {
        return detail::make_module(std::move(parts)...);
    }
}

// module(parts...), with every node tagged ("module", Name).
template <fixed_string Name, class... Parts>
constexpr auto module(Parts... parts) {
    return detail::unpack(module(std::move(parts)...),
                          [](const auto&... nodes) { return module(nodes.tag("module", Name.view())...); });
}

}  // namespace hamilton
