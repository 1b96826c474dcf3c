// hamilton/graph.hpp: the compile-time graph of a set of nodes, and its compile-time errors.
//
// graph<Nodes...> resolves every dependency by name to its producer (or makes it an input),
// gives every distinct name a "slot" with one C++ type, orders the nodes topologically, and
// reports each mistake as a compile error naming the nodes (see compile_error.hpp). The
// structure is computed by the constexpr functions of detail/layout.hpp.
//
// Compile time: what is done once per node or per dependency is a member type of a class
// template (detail::node_check, detail::slot_value), never a function or variable: g++ gives
// every function and variable a name, and one that spells out all the nodes of a large graph
// costs time quadratic in its length. The code that runs a node (detail::node_runner) takes
// only that node's own types, so nodes of the same signature share it.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <tuple>
#include <utility>

#include "compile_error.hpp"
#include "detail/layout.hpp"
#include "detail/state.hpp"
#include "detail/type_list.hpp"
#include "fixed_string.hpp"
#include "parallel.hpp"

namespace hamilton {

// Can a parameter of type `Parameter` take a value of type `Value` stored in the graph?
// The types must be the same after removing const and references, or the parameter is a
// const reference to a public base class of the value.
template <class Parameter, class Value>
inline constexpr bool parameter_accepts =
    std::is_same_v<std::remove_cvref_t<Parameter>, Value> ||
    (std::is_reference_v<Parameter> && std::is_const_v<std::remove_reference_t<Parameter>> &&
     std::is_base_of_v<std::remove_cvref_t<Parameter>, Value>);

namespace detail {

enum class dependency_problem { none, type_mismatch, conflicting_input_types, collect_of_input };

// What a parameter reads from the slot it names (see parallel.hpp): the value itself; one item,
// when the slot holds a parallelizable<T> and the parameter is not a collect; or every item's
// value of a block, for a collect<U>. `type` is what the node's code finds in the slot: for a
// collect of a fan-out node itself, the parallelizable<T> it converts.
template <class Parameter, class Value, class Taken = std::remove_cvref_t<Parameter>>
struct reading {
    using type = Value;
    static constexpr bool accepted = parameter_accepts<Parameter, Value>;
};
template <class Parameter, class T, class Taken>
    requires(!is_collect<Taken>)
struct reading<Parameter, parallelizable<T>, Taken> {
    using type = T;
    static constexpr bool accepted = parameter_accepts<Parameter, T>;
};
template <class Parameter, class Value, class U>
struct reading<Parameter, Value, collect<U>> {
    using type = collect<U>;
    static constexpr bool accepted = std::is_same_v<Value, U>;
};
template <class Parameter, class U>
struct reading<Parameter, parallelizable<U>, collect<U>> {
    using type = parallelizable<U>;
    static constexpr bool accepted = true;
};

// One dependency: a parameter reading a value a node produces, or an input whose type the
// first consumer set.
template <class Parameter, class Value, bool Produced>
struct dependency_check {
    static constexpr dependency_problem value =
        Produced ? (reading<Parameter, Value>::accepted ? dependency_problem::none : dependency_problem::type_mismatch)
        : is_collect<std::remove_cvref_t<Parameter>> ? dependency_problem::collect_of_input
        : (std::is_same_v<std::remove_cvref_t<Parameter>, Value> ? dependency_problem::none
                                                                : dependency_problem::conflicting_input_types);
};

// The type of an input: what its first consumer (dependency Dependency of node Consumer) takes.
template <class Graph, std::uint32_t Dependency, std::uint32_t Consumer = Graph::layout.dep_node[Dependency]>
struct input_value {
    using type = std::remove_cvref_t<typename Graph::template node_at<Consumer>::template parameter_type<
        Dependency - Graph::shape.dep_offset[Consumer]>>;
};

// The C++ type of slot S: what its first producer returns, or what its first consumer takes.
template <class Graph, std::size_t S, std::uint32_t Producer = Graph::layout.first_producer[S]>
struct slot_value {
    using type = typename Graph::template node_at<Producer>::result_type;
};
template <class Graph, std::size_t S>
struct slot_value<Graph, S, none> {
    using type = typename input_value<Graph, Graph::layout.first_consumer_dep[S]>::type;
};

// Everything about one dependency, as template arguments.
template <std::size_t Index, std::uint32_t Slot, class Value, bool Produced, bool Repeated>
struct dependency_info {
    static constexpr std::uint32_t slot = Slot;
    static constexpr bool produced = Produced;
    using value = Value;
    static constexpr bool repeated = Repeated;
};

// Dependency K of node E.
template <class Graph, std::size_t E, std::size_t K, std::size_t Index = Graph::shape.dep_offset[E] + K,
          std::uint32_t Slot = Graph::layout.dep_slot[Index]>
using dependency_of =
    dependency_info<Index, Slot, typename slot_value<Graph, Slot>::type, Graph::layout.first_producer[Slot] != none,
                    Graph::layout.dep_repeated[Index]>;

template <class Graph, class Node, std::size_t E, class Dependencies>
struct node_check_of;
template <class Graph, class Node, std::size_t E, std::size_t... K, class... Dependency>
struct node_check_of<Graph, Node, E, std::tuple<std::index_sequence<K...>, Dependency...>> {
    using first_variant = typename Graph::template node_at<Graph::layout.first_producer[Graph::layout.node_slot[E]]>;
    using variant_type_matches = std::is_same<typename Node::result_type, typename first_variant::result_type>;
    // Member types, not variables: the compiler then creates no symbol per node.
    using ok = std::bool_constant<((dependency_check<typename Node::template parameter_type<K>, typename Dependency::value,
                                                     Dependency::produced>::value == dependency_problem::none) &&
                                   ... && variant_type_matches::value)>;
    // The code that runs node E (shared by every node of the same signature).
    using runner = node_runner<typename Node::function_type, typename Node::defaults_type, typename Node::result_type,
                               dependency_kind<typename reading<typename Node::template parameter_type<K>,
                                                                typename Dependency::value>::type,
                                               Dependency::repeated, Node::dependency_is_optional[K]>...>;

    // Instantiates the compile errors of node E (nothing when it is right).
    static constexpr int report() {
        [[maybe_unused]] const std::array<int, sizeof...(K) + 1> done{report_dependency<K, Dependency>()..., 0};
        if constexpr (!variant_type_matches::value) {
            (void)sizeof(compile_error::variant_types_differ<
                         compile_error::named<Node::name_literal()>, compile_error::named<first_variant::function_literal>,
                         typename first_variant::result_type, compile_error::named<Node::function_literal>,
                         typename Node::result_type>);
        }
        return 0;
    }

    template <std::size_t I, class D>
    static constexpr int report_dependency() {
        using parameter = typename Node::template parameter_type<I>;
        constexpr auto problem = dependency_check<parameter, typename D::value, D::produced>::value;
        if constexpr (problem == dependency_problem::type_mismatch) {
            (void)sizeof(compile_error::type_mismatch<compile_error::named<Node::function_literal>,
                                                      compile_error::named<Node::template dependency_literal<I>>,
                                                      parameter, typename D::value>);
        } else if constexpr (problem == dependency_problem::collect_of_input) {
            (void)sizeof(compile_error::collect_of_input<compile_error::named<Node::function_literal>,
                                                         compile_error::named<Node::template dependency_literal<I>>,
                                                         parameter>);
        } else if constexpr (problem == dependency_problem::conflicting_input_types) {
            using first = typename Graph::template node_at<Graph::layout.dep_node[Graph::layout.first_consumer_dep[D::slot]]>;
            (void)sizeof(compile_error::conflicting_input_types<
                         compile_error::named<Node::template dependency_literal<I>>,
                         compile_error::named<first::function_literal>, typename D::value,
                         compile_error::named<Node::function_literal>, std::remove_cvref_t<parameter>>);
        }
        return 0;
    }
};

template <class Graph, std::size_t E, class K>
struct dependencies_of;
template <class Graph, std::size_t E, std::size_t... K>
struct dependencies_of<Graph, E, std::index_sequence<K...>> {
    using type = std::tuple<std::index_sequence<K...>, dependency_of<Graph, E, K>...>;
};

// Node E (of type Node): are its dependencies' and its own types right, and the code that runs it.
template <class Graph, class Node, std::size_t E>
using node_check =
    node_check_of<Graph, Node, E, typename dependencies_of<Graph, E, std::make_index_sequence<Node::arity>>::type>;

// The code that runs each node, in the graph's node order.
template <class Graph, class Indices, class... Nodes>
struct runners_of;
template <class Graph, std::size_t... E, class... Nodes>
struct runners_of<Graph, std::index_sequence<E...>, Nodes...> {
    using type = type_list<typename node_check<Graph, Nodes, E>::runner...>;
};

}  // namespace detail

template <class... Nodes>
struct graph {
    using node_list = detail::type_list<Nodes...>;
    template <std::size_t I>
    using node_at = detail::type_at<I, node_list>;

    static constexpr std::size_t node_count = sizeof...(Nodes);
    static constexpr std::array<std::size_t, node_count> arities{Nodes::arity...};
    static constexpr std::size_t dependency_count = [] {
        std::size_t total = 0;
        for (auto a : arities) total += a;
        return total;
    }();

    static constexpr auto shape = [] {
        detail::graph_shape<node_count, dependency_count> s{};
        s.node_name = {Nodes::name...};
        s.gated = {Nodes::gated...};
        s.dynamic = {Nodes::dynamic...};
        const std::array<const std::string_view*, node_count> lists{Nodes::dependencies.data()...};
        std::uint32_t d = 0;
        for (std::size_t n = 0; n < node_count; ++n) {
            s.dep_offset[n] = d;
            for (std::size_t k = 0; k < arities[n]; ++k) s.dep_name[d++] = lists[n][k];
        }
        s.dep_offset[node_count] = d;
        return s;
    }();

    static constexpr auto layout = detail::compute_layout(shape);
    static constexpr std::size_t slot_count = layout.slot_count;

    // The slot a name is stored in, or detail::none.
    static constexpr std::uint32_t slot_of(std::string_view name) { return layout.find_slot(name); }

    // The C++ type of the value in slot S: what its producers return, or what its consumers take.
    template <std::size_t S>
    using slot_type = typename detail::slot_value<graph, S>::type;

    // ---- where each slot lives in the state buffer of an execution (see detail/state.hpp) --------

    template <std::size_t... S>
    static constexpr auto compute_offsets(std::index_sequence<S...>) {
        constexpr std::array<std::size_t, sizeof...(S) + 1> size{detail::slot_layout<slot_type<S>>::size..., 0};
        constexpr std::array<std::size_t, sizeof...(S) + 1> alignment{detail::slot_layout<slot_type<S>>::alignment...,
                                                                      alignof(detail::slot_header)};
        std::array<std::size_t, sizeof...(S) + 2> offsets{};  // one per slot, then the size, then the alignment
        std::size_t at = 0, largest = alignof(detail::slot_header);
        for (std::size_t s = 0; s < sizeof...(S); ++s) {
            at = detail::round_up(at, alignment[s]);
            offsets[s] = at;
            at += size[s];
            largest = std::max(largest, alignment[s]);
        }
        offsets[sizeof...(S)] = at;
        offsets[sizeof...(S) + 1] = largest;
        return offsets;
    }

    static constexpr auto slot_offsets = compute_offsets(std::make_index_sequence<slot_count>{});
    static constexpr std::size_t state_size = slot_offsets[slot_count];
    static constexpr std::size_t state_alignment = slot_offsets[slot_count + 1];

    // The code that runs each node, as a detail::type_list.
    using runners = typename detail::runners_of<graph, std::index_sequence_for<Nodes...>, Nodes...>::type;

    // ---- checks --------------------------------------------------------------------------------

    template <std::size_t... E>
    static constexpr bool compute_types_ok(std::index_sequence<E...>) {
        constexpr std::array<bool, sizeof...(E) + 1> ok{detail::node_check<graph, Nodes, E>::ok::value..., true};
        for (bool b : ok)
            if (!b) return false;
        return true;
    }

    static constexpr std::uint32_t first_duplicate = [] {
        for (std::size_t s = 0; s < slot_count; ++s)
            if (layout.producer_count[s] > 1 && layout.first_ungated_producer[s] != detail::none)
                return static_cast<std::uint32_t>(s);
        return detail::none;
    }();
    static constexpr bool has_cycle = layout.cycle_length > 0;
    // Type checks only make sense on a graph without duplicates or cycles.
    static constexpr bool types_ok = [] {
        if constexpr (first_duplicate == detail::none && !has_cycle)
            return compute_types_ok(std::index_sequence_for<Nodes...>{});
        else
            return true;
    }();
    static constexpr bool valid = first_duplicate == detail::none && !has_cycle && types_ok;

    // Instantiates the compile error of every mistake in the graph (nothing when it is valid).
    static constexpr void report_errors() {
        if constexpr (first_duplicate != detail::none) {
            using culprit = node_at<layout.first_ungated_producer[first_duplicate]>;
            (void)sizeof(compile_error::duplicate_node<compile_error::named<culprit::name_literal()>>);
        } else if constexpr (has_cycle) {
            (void)sizeof(compile_error::dependency_cycle<compile_error::named<cycle_text()>>);
        } else if constexpr (!types_ok) {
            report_types(std::index_sequence_for<Nodes...>{});
        }
    }

private:
    // "b -> a -> b": the nodes of the cycle in data-flow order.
    static constexpr auto cycle_text() {
        constexpr std::size_t size = [] {
            std::size_t total = 0;
            for (std::size_t i = 0; i < layout.cycle_length; ++i)
                total += (i ? 4 : 0) + shape.node_name[layout.cycle[i]].size();
            return total;
        }();
        fixed_string<size + 1> text{};
        std::size_t at = 0;
        for (std::size_t i = 0; i < layout.cycle_length; ++i) {
            if (i)
                for (char c : std::string_view(" -> ")) text.data[at++] = c;
            for (char c : shape.node_name[layout.cycle[i]]) text.data[at++] = c;
        }
        return text;
    }

    template <std::size_t... E>
    static constexpr void report_types(std::index_sequence<E...>) {
        [[maybe_unused]] const std::array<int, sizeof...(E)> done{detail::node_check<graph, Nodes, E>::report()...};
    }
};

}  // namespace hamilton
