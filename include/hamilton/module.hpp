// hamilton/module.hpp: a compile-time collection of nodes, the analogue of a Python module.
//
//   inline constexpr auto marketing = hamilton::module(HAMILTON_NODE(spend_mean, spend), ...);
//   inline constexpr auto named = hamilton::module<"marketing">(HAMILTON_NODE(spend_mean, spend), ...);
//   inline constexpr auto closed = hamilton::module(hamilton::declare_inputs<"spend">, HAMILTON_NODE(...), ...);
//
// Modules are values; the builder concatenates the nodes of all modules it is given. A module
// has no name of its own; module<"name">(...) tags each of its nodes ("module", "name"), which
// is how the catalog, the command line and tag filters tell where a node comes from.
//
// declare_inputs<"a", ...> among the parts opts the module in to declared inputs: then every
// dependency of its nodes must be produced by one of its nodes or be declared, or the module
// does not compile (the error names the dependency and the node reading it), so a misspelt
// dependency is caught where it is written instead of when execute() misses an input.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "compile_error.hpp"
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

// The inputs a module declares it reads (see declare_inputs): a part of module(...), not a node.
template <fixed_string... Names>
struct declared_inputs {};
template <fixed_string... Names>
inline constexpr declared_inputs<Names...> declare_inputs{};

template <class T>
inline constexpr bool is_declared_inputs = false;
template <fixed_string... Names>
inline constexpr bool is_declared_inputs<declared_inputs<Names...>> = true;

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

// The names a part declares: none for a node or a module.
template <class Part>
inline constexpr std::array<std::string_view, 0> declared_by{};
template <fixed_string... Names>
inline constexpr std::array<std::string_view, sizeof...(Names)> declared_by<declared_inputs<Names...>>{Names.view()...};

// The names every declared_inputs part declares, in one array (arrays, not folds: see module()).
template <class... Parts>
constexpr auto all_declared() {
    constexpr std::array<std::size_t, sizeof...(Parts) + 1> counts{declared_by<Parts>.size()..., 0};
    constexpr std::size_t count = [&] {
        std::size_t total = 0;
        for (auto c : counts) total += c;
        return total;
    }();
    const std::array<const std::string_view*, sizeof...(Parts) + 1> lists{declared_by<Parts>.data()..., nullptr};
    std::array<std::string_view, count> out{};
    std::size_t at = 0;
    for (std::size_t p = 0; p < sizeof...(Parts); ++p)
        for (std::size_t k = 0; k < counts[p]; ++k) out[at++] = lists[p][k];
    return out;
}

// The first dependency of `Nodes` that none of them produces and `declared` does not name:
// {node, dependency} positions, or {size of Nodes, 0} when there is none.
template <class... Nodes, std::size_t D>
constexpr std::array<std::size_t, 2> first_undeclared(const std::array<std::string_view, D>& declared) {
    // One more element than nodes, so that a module without nodes has arrays too.
    const std::array<std::string_view, sizeof...(Nodes) + 1> produced{Nodes::name..., std::string_view{}};
    const std::array<std::span<const std::string_view>, sizeof...(Nodes) + 1> reads{
        std::span<const std::string_view>(Nodes::dependencies)..., std::span<const std::string_view>{}};
    const auto produced_end = produced.begin() + sizeof...(Nodes);
    for (std::size_t n = 0; n < sizeof...(Nodes); ++n)
        for (std::size_t k = 0; k < reads[n].size(); ++k) {
            const auto name = reads[n][k];
            if (std::find(produced.begin(), produced_end, name) == produced_end &&
                std::find(declared.begin(), declared.end(), name) == declared.end())
                return {n, k};
        }
    return {sizeof...(Nodes), 0};
}

template <class... Parts>
struct declarations {
    static constexpr auto names = all_declared<Parts...>();
};

// Reports the first dependency of `m` neither produced nor declared (nothing when there is none).
template <class Declarations, class... Nodes>
constexpr void check_declared(const module_definition<Nodes...>& m) {
    constexpr auto at = first_undeclared<Nodes...>(Declarations::names);
    if constexpr (at[0] < sizeof...(Nodes)) {
        using consumer = std::remove_cvref_t<decltype(node_of<at[0]>(m))>;
        using compile_error::named;
        (void)sizeof(compile_error::undeclared_input<named<consumer::template dependency_literal<at[1]>>,
                                                     named<consumer::function_literal>>);
    }
}

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
    constexpr std::array<bool, sizeof...(Parts) + 1> part_declares{is_declared_inputs<Parts>..., false};
    if constexpr (std::find(part_declares.begin(), part_declares.end(), true) != part_declares.end()) {
        // Without the declarations: a module of nodes only, then checked against them.
        const auto nodes = [](auto... all) {
            return module([](auto part) {
                if constexpr (is_declared_inputs<decltype(part)>)
                    return module_definition<>{};
                else
                    return part;
            }(all)...);
        }(std::move(parts)...);
        detail::check_declared<detail::declarations<Parts...>>(nodes);
        return nodes;
    } else if constexpr (std::find(part_is_module.begin(), part_is_module.end(), true) != part_is_module.end()) {
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
