// hamilton/graph.hpp: the compile-time graph of a set of nodes, and its compile-time errors.
//
// graph<Nodes...> resolves every dependency by name to its producer (or makes it an input),
// gives every distinct name a "slot" with one C++ type, orders the nodes topologically, and
// reports each mistake as a compile error naming the nodes (see compile_error.hpp). The
// structure is computed by the constexpr functions of detail/layout.hpp; only the type checks
// are templates, one per node and dependency.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "compile_error.hpp"
#include "detail/layout.hpp"
#include "detail/type_list.hpp"
#include "fixed_string.hpp"

namespace hamilton {

// Can a parameter of type `Parameter` take a value of type `Value` stored in the graph?
// The types must be the same after removing const and references, or the parameter is a
// const reference to a public base class of the value.
template <class Parameter, class Value>
inline constexpr bool parameter_accepts =
    std::is_same_v<std::remove_cvref_t<Parameter>, Value> ||
    (std::is_reference_v<Parameter> && std::is_const_v<std::remove_reference_t<Parameter>> &&
     std::is_base_of_v<std::remove_cvref_t<Parameter>, Value>);

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

    // Dependency K of node E.
    template <std::size_t E, std::size_t K>
    static constexpr std::uint32_t dependency_slot = layout.dep_slot[shape.dep_offset[E] + K];

    // (Public only because an alias template below names it.)
    template <std::size_t S>
    static constexpr auto slot_type_identity() {
        constexpr auto producer = layout.first_producer[S];
        if constexpr (producer != detail::none) {
            return std::type_identity<typename node_at<producer>::result_type>{};
        } else {
            constexpr auto dep = layout.first_consumer_dep[S];
            constexpr auto consumer = layout.dep_node[dep];
            using parameter = typename node_at<consumer>::template parameter_type<dep - shape.dep_offset[consumer]>;
            return std::type_identity<std::remove_cvref_t<parameter>>{};
        }
    }

    // The C++ type of the value in slot S: what its producers return, or what its consumers take.
    template <std::size_t S>
    using slot_type = typename decltype(slot_type_identity<S>())::type;

    // ---- checks --------------------------------------------------------------------------------

    enum class dependency_problem { none, type_mismatch, conflicting_input_types };

    template <std::size_t E, std::size_t K>
    static constexpr dependency_problem check_dependency() {
        constexpr auto s = dependency_slot<E, K>;
        using parameter = typename node_at<E>::template parameter_type<K>;
        if constexpr (layout.first_producer[s] != detail::none) {
            return parameter_accepts<parameter, slot_type<s>> ? dependency_problem::none
                                                              : dependency_problem::type_mismatch;
        } else {
            return std::is_same_v<std::remove_cvref_t<parameter>, slot_type<s>>
                       ? dependency_problem::none
                       : dependency_problem::conflicting_input_types;
        }
    }

    template <std::size_t E>
    static constexpr bool variant_type_matches() {
        constexpr auto first = layout.first_producer[layout.node_slot[E]];
        return std::is_same_v<typename node_at<E>::result_type, typename node_at<first>::result_type>;
    }

    template <std::size_t E, std::size_t... K>
    static constexpr bool node_ok(std::index_sequence<K...>) {
        constexpr std::array<bool, sizeof...(K) + 1> ok{(check_dependency<E, K>() == dependency_problem::none)...,
                                                        variant_type_matches<E>()};
        for (bool b : ok)
            if (!b) return false;
        return true;
    }

    template <std::size_t... E>
    static constexpr bool all_nodes_ok(std::index_sequence<E...>) {
        constexpr std::array<bool, sizeof...(E) + 1> ok{node_ok<E>(std::make_index_sequence<Nodes::arity>{})...,
                                                        true};
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
    static constexpr bool types_ok = all_nodes_ok(std::index_sequence_for<Nodes...>{});
    static constexpr bool valid = first_duplicate == detail::none && !has_cycle && types_ok;

    // Instantiates the compile error of every mistake in the graph (nothing when it is valid).
    static constexpr void report_errors() {
        if constexpr (first_duplicate != detail::none) {
            using culprit = node_at<layout.first_ungated_producer[first_duplicate]>;
            (void)sizeof(compile_error::duplicate_node<compile_error::named<culprit::name_literal>>);
        }
        if constexpr (has_cycle) {
            (void)sizeof(compile_error::dependency_cycle<compile_error::named<cycle_text>>);
        }
        if constexpr (!types_ok) {
            report_types(std::index_sequence_for<Nodes...>{});
        }
    }

private:
    static constexpr std::size_t cycle_text_size = [] {
        std::size_t size = 0;
        for (std::size_t i = 0; i < layout.cycle_length; ++i)
            size += (i ? 4 : 0) + shape.node_name[layout.cycle[i]].size();
        return size;
    }();

    // "b -> a -> b": the nodes of the cycle in data-flow order.
    static constexpr auto cycle_text = [] {
        fixed_string<cycle_text_size + 1> text{};
        std::size_t at = 0;
        for (std::size_t i = 0; i < layout.cycle_length; ++i) {
            if (i)
                for (char c : std::string_view(" -> ")) text.data[at++] = c;
            for (char c : shape.node_name[layout.cycle[i]]) text.data[at++] = c;
        }
        return text;
    }();

    template <std::size_t E, std::size_t K>
    static constexpr int report_dependency() {
        using node = node_at<E>;
        using parameter = typename node::template parameter_type<K>;
        constexpr auto s = dependency_slot<E, K>;
        constexpr auto problem = check_dependency<E, K>();
        if constexpr (problem == dependency_problem::type_mismatch) {
            (void)sizeof(compile_error::type_mismatch<compile_error::named<node::function_literal>,
                                                      compile_error::named<node::template dependency_literal<K>>,
                                                      parameter, slot_type<s>>);
        } else if constexpr (problem == dependency_problem::conflicting_input_types) {
            constexpr auto first_dep = layout.first_consumer_dep[s];
            using first = node_at<layout.dep_node[first_dep]>;
            (void)sizeof(compile_error::conflicting_input_types<
                         compile_error::named<node::template dependency_literal<K>>,
                         compile_error::named<first::function_literal>, slot_type<s>,
                         compile_error::named<node::function_literal>, std::remove_cvref_t<parameter>>);
        }
        return 0;
    }

    template <std::size_t E, std::size_t... K>
    static constexpr int report_node(std::index_sequence<K...>) {
        [[maybe_unused]] const std::array<int, sizeof...(K) + 1> done{report_dependency<E, K>()..., 0};
        if constexpr (!variant_type_matches<E>()) {
            using node = node_at<E>;
            using first = node_at<layout.first_producer[layout.node_slot[E]]>;
            (void)sizeof(compile_error::variant_types_differ<
                         compile_error::named<node::name_literal>, compile_error::named<first::function_literal>,
                         typename first::result_type, compile_error::named<node::function_literal>,
                         typename node::result_type>);
        }
        return 0;
    }

    template <std::size_t... E>
    static constexpr void report_types(std::index_sequence<E...>) {
        [[maybe_unused]] const std::array<int, sizeof...(E)> done{
            report_node<E>(std::make_index_sequence<Nodes::arity>{})...};
    }
};

}  // namespace hamilton
