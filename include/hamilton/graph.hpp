// hamilton/graph.hpp: the compile-time graph of a set of nodes, and its compile-time errors.
//
// graph<Nodes...> resolves every dependency by name to its producer (or makes it an input),
// gives every distinct name a "slot" with one C++ type, orders the nodes topologically, and
// reports each mistake as a compile error naming the nodes (see compile_error.hpp). The
// structure is computed by the constexpr functions of detail/layout.hpp.
//
// Compile time: the types of all edges are checked by one constexpr function over arrays of
// type_ids (detail::check_types), not by a template per edge; finding a node's type by its index
// costs the compiler time linear in the graph's size, so it is done only for requested outputs
// and for errors. Nothing made once per node takes the graph as a template argument: the code
// that runs a node (detail::runner_for, a detail::node_runner) is a template on that node's own
// type and two numbers the graph computes for it, so nodes of the same signature share it. (A
// template on the graph, made once per node, costs the compiler a hash of the whole graph each
// time; and g++ spells out every node in the name of a function or variable made for a graph, in
// time quadratic in the graph's size: report_errors() is therefore evaluated at compile time
// only, and detail/typed_graph.hpp keeps one constant per graph.)
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

// A type's identity as a constant: the compiler's own spelling of it (__PRETTY_FUNCTION__ of a
// function made for it), so that one constexpr function checks every edge of a graph in a
// single pass over arrays, instead of a template instantiation per edge. Not the address of a
// variable made for it: g++ does not compare two such addresses in a constant expression when
// null pointer checks are kept (-fsanitize=undefined, -fno-delete-null-pointer-checks).
template <class T>
constexpr std::string_view type_spelling() {
    return __PRETTY_FUNCTION__;
}
using type_id = std::string_view;
template <class T>
inline constexpr type_id type_id_of = type_spelling<T>();
struct no_type {};
inline constexpr type_id no_type_id = type_id_of<no_type>;

// U for a parameter of type collect<U>, else no_type.
template <class Parameter>
inline constexpr type_id collected_id = no_type_id;
template <class U>
inline constexpr type_id collected_id<collect<U>> = type_id_of<U>;

// The types of a callable's result and parameters as type_ids and slot sizes. Computed once per
// callable type, so nodes of one signature share it. Arrays have one spare entry (no empty arrays).
template <class Fn, class Indices = std::make_index_sequence<callable_traits<Fn>::arity>>
struct signature_types;
template <class Fn, std::size_t... K>
struct signature_types<Fn, std::index_sequence<K...>> {
    using result = std::remove_cvref_t<result_t<Fn>>;
    static constexpr type_id value = type_id_of<result>;
    static constexpr type_id item = type_id_of<typename item_of_slot<result>::type>;
    static constexpr std::size_t size = slot_layout<result>::size;
    static constexpr std::size_t alignment = slot_layout<result>::alignment;
    static constexpr std::array<type_id, sizeof...(K) + 1> parameter{type_id_of<std::remove_cvref_t<param_t<Fn, K>>>...,
                                                                     no_type_id};
    static constexpr std::array<type_id, sizeof...(K) + 1> collected{collected_id<std::remove_cvref_t<param_t<Fn, K>>>...,
                                                                     no_type_id};
    static constexpr std::array<bool, sizeof...(K) + 1> const_reference{
        (std::is_reference_v<param_t<Fn, K>> && std::is_const_v<std::remove_reference_t<param_t<Fn, K>>>)..., false};
    // The slot of an input this parameter is the first to read.
    static constexpr std::array<std::size_t, sizeof...(K) + 1> input_size{
        slot_layout<std::remove_cvref_t<param_t<Fn, K>>>::size..., 0};
    static constexpr std::array<std::size_t, sizeof...(K) + 1> input_alignment{
        slot_layout<std::remove_cvref_t<param_t<Fn, K>>>::alignment..., 1};
};

// How a dependency reads its slot (see parallel.hpp), or why it cannot.
enum class read_kind : std::uint8_t {
    value,              // the value, or in a block the item, of exactly the parameter's type
    base,               // a const reference to a public base of it (confirmed by a template)
    collect_values,     // collect<U>: every item's value of a block
    collect_fan_out,    // collect<U> of the fan-out node itself: its parallelizable<U>
    type_mismatch,      // the compile errors of the same names
    collect_of_input,
    conflicting_input_types,
};

// Every node's result and parameter types, as the arrays check_types reads.
template <std::size_t N>
struct node_types {
    std::array<type_id, N> value{}, item{};
    std::array<std::size_t, N> size{}, alignment{};
    std::array<const type_id*, N> parameter{}, collected{};
    std::array<const bool*, N> const_reference{};
    std::array<const std::size_t*, N> input_size{}, input_alignment{};
};

// The result of check_types: how each dependency reads, which variants disagree, and where each
// slot lives in the state buffer of an execution (see detail/state.hpp).
template <std::size_t N, std::size_t D, std::size_t S>
struct type_check {
    std::array<read_kind, D> kind{};
    std::array<bool, N> variant_differs{};
    bool errors = false;                          // a kind above `base`, or a variant that differs
    std::size_t base_count = 0;                   // dependencies of kind `base`, checked by a template
    std::array<std::uint32_t, D + 1> base_dep{};  // their indices
    std::array<std::size_t, S + 2> slot_offset{};  // per slot, then the state's size, then its alignment
};

// Checks every dependency's and variant's type in one pass (names resolved in `layout`) and
// places the slots. Linear in nodes + dependencies; templated on sizes only.
template <std::size_t N, std::size_t D, std::size_t S>
constexpr type_check<N, D, S> check_types(const graph_shape<N, D>& shape, const graph_layout<N, D>& layout,
                                          const node_types<N>& t) {
    type_check<N, D, S> out{};
    fill_in_order(out.kind, 0u);  // see compute_layout: g++ writes large arrays in order fastest
    fill_in_order(out.variant_differs, false);
    fill_in_order(out.base_dep, 0u);
    fill_in_order(out.slot_offset, 0u);
    for (std::size_t n = 0; n < N; ++n) {
        out.variant_differs[n] = t.value[n] != t.value[layout.first_producer[layout.node_slot[n]]];
        out.errors = out.errors || out.variant_differs[n];
    }
    for (std::size_t n = 0; n < N; ++n)
        for (std::uint32_t d = shape.dep_offset[n]; d < shape.dep_offset[n + 1]; ++d) {
            const std::size_t k = d - shape.dep_offset[n];
            const std::uint32_t s = layout.dep_slot[d], producer = layout.first_producer[s];
            const type_id parameter = t.parameter[n][k], collected = t.collected[n][k];
            read_kind kind;
            if (producer == none) {
                const std::uint32_t first = layout.first_consumer_dep[s], consumer = layout.dep_node[first];
                kind = collected != no_type_id ? read_kind::collect_of_input
                       : parameter == t.parameter[consumer][first - shape.dep_offset[consumer]]
                           ? read_kind::value
                           : read_kind::conflicting_input_types;
            } else if (collected != no_type_id) {
                const bool fan_out = t.value[producer] != t.item[producer];
                kind = fan_out && collected == t.item[producer] ? read_kind::collect_fan_out
                       : collected == t.value[producer]         ? read_kind::collect_values
                                                                : read_kind::type_mismatch;
            } else {
                kind = parameter == t.item[producer] ? read_kind::value
                       : t.const_reference[n][k]     ? read_kind::base
                                                     : read_kind::type_mismatch;
            }
            out.kind[d] = kind;
            if (kind == read_kind::base) out.base_dep[out.base_count++] = d;
            out.errors = out.errors || kind > read_kind::collect_fan_out;
        }
    std::size_t at = 0, largest = alignof(slot_header);
    for (std::size_t s = 0; s < layout.slot_count; ++s) {
        const std::uint32_t producer = layout.first_producer[s];
        std::size_t size, alignment;
        if (producer != none) {
            size = t.size[producer];
            alignment = t.alignment[producer];
        } else {
            const std::uint32_t first = layout.first_consumer_dep[s], consumer = layout.dep_node[first];
            size = t.input_size[consumer][first - shape.dep_offset[consumer]];
            alignment = t.input_alignment[consumer][first - shape.dep_offset[consumer]];
        }
        at = round_up(at, alignment);
        out.slot_offset[s] = at;
        at += size;
        largest = std::max(largest, alignment);
    }
    out.slot_offset[layout.slot_count] = at;
    out.slot_offset[layout.slot_count + 1] = largest;
    return out;
}

// The C++ type of slot S: what its first producer returns, or what its first consumer takes.
// (A lookup by index, linear in the graph's size: for requested outputs and errors only.)
template <class Graph, std::size_t S, std::uint32_t Producer = Graph::layout.first_producer[S]>
struct slot_value {
    using type = typename Graph::template node_at<Producer>::result_type;
};
template <class Graph, std::size_t S>
struct slot_value<Graph, S, none> {
    static constexpr std::uint32_t dependency = Graph::layout.first_consumer_dep[S];
    static constexpr std::uint32_t consumer = Graph::layout.dep_node[dependency];
    using type = std::remove_cvref_t<typename Graph::template node_at<consumer>::template parameter_type<
        dependency - Graph::shape.dep_offset[consumer]>>;
};

// The type a dependency finds in its slot, by its read_kind: known from the parameter's own type
// except for a base-class reading, which looks up the slot's type.
template <class Graph, class Parameter, read_kind Kind, std::uint32_t Dependency>
struct read_type {
    using type = std::remove_cvref_t<Parameter>;  // value, collect_values
};
template <class Graph, class Parameter, std::uint32_t Dependency>
struct read_type<Graph, Parameter, read_kind::collect_fan_out, Dependency> {
    using type = parallelizable<typename std::remove_cvref_t<Parameter>::value_type>;
};
template <class Graph, class Parameter, std::uint32_t Dependency>
struct read_type<Graph, Parameter, read_kind::base, Dependency> {
    using type = typename item_of_slot<typename slot_value<Graph, Graph::layout.dep_slot[Dependency]>::type>::type;
};

// The value type a parameter finds in its slot when the graph does not need to be consulted:
// its own type, or for a collect<U> of the fan-out node itself, that node's parallelizable<U>.
template <class Parameter, bool CollectsFanOut>
struct own_read_type {
    using type = std::remove_cvref_t<Parameter>;
};
template <class Parameter>
struct own_read_type<Parameter, true> {
    using type = parallelizable<typename std::remove_cvref_t<Parameter>::value_type>;
};

// The code that runs a node of type Node whose dependencies read as the masks say (bit k:
// dependency k), for a node that reads no base class: a template on the node and two numbers,
// never on the graph. (A template on the graph, instantiated once per node, costs the compiler a
// hash of the whole graph each time: time quadratic in its size.)
template <class Node, std::uint64_t Repeated, std::uint64_t CollectsFanOut,
          class K = std::make_index_sequence<Node::arity>>
struct runner_for;
template <class Node, std::uint64_t Repeated, std::uint64_t CollectsFanOut, std::size_t... K>
struct runner_for<Node, Repeated, CollectsFanOut, std::index_sequence<K...>> {
    using type = node_runner<
        typename Node::function_type, typename Node::defaults_type, typename Node::result_type,
        dependency_kind<typename own_read_type<typename Node::template parameter_type<K>,
                                               ((CollectsFanOut >> K) & 1u) != 0>::type,
                        ((Repeated >> K) & 1u) != 0, Node::dependency_is_optional[K]>...>;
};

// The code that runs node E of Graph when one of its dependencies reads a base class of its
// value (rare): the slot's type is looked up in the graph.
template <class Graph, class Node, std::size_t E, class K = std::make_index_sequence<Node::arity>>
struct base_reading_runner;
template <class Graph, class Node, std::size_t E, std::size_t... K>
struct base_reading_runner<Graph, Node, E, std::index_sequence<K...>> {
    using type = node_runner<
        typename Node::function_type, typename Node::defaults_type, typename Node::result_type,
        dependency_kind<typename read_type<Graph, typename Node::template parameter_type<K>,
                                           Graph::types.kind[Graph::shape.dep_offset[E] + K],
                                           Graph::shape.dep_offset[E] + K>::type,
                        Graph::layout.dep_repeated[Graph::shape.dep_offset[E] + K],
                        Node::dependency_is_optional[K]>...>;
};

// runner_t<Graph, Node, E>: the code that runs node E (of type Node). Alias templates, so that
// only the node's own runner is a class made for it.
template <bool ReadsBase>
struct runner_choice {
    template <class Graph, class Node, std::size_t E>
    using type = typename runner_for<Node, Graph::repeated_bits(E), Graph::collects_fan_out_bits(E)>::type;
};
template <>
struct runner_choice<true> {
    template <class Graph, class Node, std::size_t E>
    using type = typename base_reading_runner<Graph, Node, E>::type;
};
template <class Graph, class Node, std::size_t E>
using runner_t = typename runner_choice<Graph::reads_base(E)>::template type<Graph, Node, E>;

// The code that runs each node, in the graph's node order.
template <class Graph, class Indices, class... Nodes>
struct runners_of;
template <class Graph, std::size_t... E, class... Nodes>
struct runners_of<Graph, std::index_sequence<E...>, Nodes...> {
    using type = type_list<runner_t<Graph, Nodes, E>...>;
};

// Is the base-class reading of dependency D accepted (parameter_accepts)?
template <class Graph, std::uint32_t D>
struct base_reading {
    static constexpr std::uint32_t consumer = Graph::layout.dep_node[D];
    using parameter =
        typename Graph::template node_at<consumer>::template parameter_type<D - Graph::shape.dep_offset[consumer]>;
    using value = typename read_type<Graph, parameter, read_kind::base, D>::type;
    static constexpr bool accepted = parameter_accepts<parameter, value>;
};

// The compile error of dependency D (of kind `Kind`), naming the nodes.
template <class Graph, std::uint32_t D, read_kind Kind = Graph::types.kind[D]>
struct dependency_error {
    static constexpr std::uint32_t consumer = Graph::layout.dep_node[D], k = D - Graph::shape.dep_offset[consumer],
                                   slot = Graph::layout.dep_slot[D];
    using node = typename Graph::template node_at<consumer>;
    using parameter = typename node::template parameter_type<k>;
    using value = typename slot_value<Graph, slot>::type;

    static constexpr int report() {
        using compile_error::named;
        if constexpr (Kind == read_kind::type_mismatch ||
                      (Kind == read_kind::base && !base_reading<Graph, D>::accepted)) {
            (void)sizeof(compile_error::type_mismatch<named<node::function_literal>,
                                                      named<node::template dependency_literal<k>>, parameter, value>);
        } else if constexpr (Kind == read_kind::collect_of_input) {
            (void)sizeof(compile_error::collect_of_input<named<node::function_literal>,
                                                         named<node::template dependency_literal<k>>, parameter>);
        } else if constexpr (Kind == read_kind::conflicting_input_types) {
            using first = typename Graph::template node_at<Graph::layout.dep_node[Graph::layout.first_consumer_dep[slot]]>;
            (void)sizeof(compile_error::conflicting_input_types<named<node::template dependency_literal<k>>,
                                                                named<first::function_literal>, value,
                                                                named<node::function_literal>,
                                                                std::remove_cvref_t<parameter>>);
        }
        return 0;
    }
};

// The compile error of node E, a variant whose type differs from the first variant's.
template <class Graph, std::uint32_t E>
struct variant_error {
    static constexpr int report() {
        using node = typename Graph::template node_at<E>;
        using first = typename Graph::template node_at<Graph::layout.first_producer[Graph::layout.node_slot[E]]>;
        (void)sizeof(compile_error::variant_types_differ<
                     compile_error::named<node::name_literal()>, compile_error::named<first::function_literal>,
                     typename first::result_type, compile_error::named<node::function_literal>,
                     typename node::result_type>);
        return 0;
    }
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

    // ---- types: every edge checked in one constexpr pass over type_ids (detail::check_types) ----

    static constexpr auto types = [] {
        detail::node_types<node_count> t{};
        using detail::signature_types;
        t.value = {signature_types<typename Nodes::function_type>::value...};
        t.item = {signature_types<typename Nodes::function_type>::item...};
        t.size = {signature_types<typename Nodes::function_type>::size...};
        t.alignment = {signature_types<typename Nodes::function_type>::alignment...};
        t.parameter = {signature_types<typename Nodes::function_type>::parameter.data()...};
        t.collected = {signature_types<typename Nodes::function_type>::collected.data()...};
        t.const_reference = {signature_types<typename Nodes::function_type>::const_reference.data()...};
        t.input_size = {signature_types<typename Nodes::function_type>::input_size.data()...};
        t.input_alignment = {signature_types<typename Nodes::function_type>::input_alignment.data()...};
        return detail::check_types<node_count, dependency_count, slot_count>(shape, layout, t);
    }();

    // The C++ type of the value in slot S: what its producers return, or what its consumers take.
    template <std::size_t S>
    using slot_type = typename detail::slot_value<graph, S>::type;

    // Where each slot lives in the state buffer of an execution (see detail/state.hpp).
    static constexpr std::array<std::size_t, slot_count + 2> slot_offsets = types.slot_offset;
    static constexpr std::size_t state_size = slot_offsets[slot_count];
    static constexpr std::size_t state_alignment = slot_offsets[slot_count + 1];

    // Bit k of dependency k of node e, for the code that runs it (detail::runner_t): it reads a
    // slot that the node reads through another parameter too; it collects the items of the
    // fan-out node itself; some dependency of the node reads a base class of its value.
    static constexpr std::uint64_t repeated_bits(std::size_t e) {
        std::uint64_t bits = 0;
        for (auto d = shape.dep_offset[e]; d < shape.dep_offset[e + 1]; ++d)
            if (layout.dep_repeated[d]) bits |= std::uint64_t{1} << (d - shape.dep_offset[e]);
        return bits;
    }
    static constexpr std::uint64_t collects_fan_out_bits(std::size_t e) {
        std::uint64_t bits = 0;
        for (auto d = shape.dep_offset[e]; d < shape.dep_offset[e + 1]; ++d)
            if (types.kind[d] == detail::read_kind::collect_fan_out) bits |= std::uint64_t{1} << (d - shape.dep_offset[e]);
        return bits;
    }
    static constexpr bool reads_base(std::size_t e) {
        for (auto d = shape.dep_offset[e]; d < shape.dep_offset[e + 1]; ++d)
            if (types.kind[d] == detail::read_kind::base) return true;
        return false;
    }

    // The code that runs each node, as a detail::type_list.
    using runners = typename detail::runners_of<graph, std::index_sequence_for<Nodes...>, Nodes...>::type;

    // ---- checks --------------------------------------------------------------------------------

    static constexpr std::uint32_t first_duplicate = [] {
        for (std::size_t s = 0; s < slot_count; ++s)
            if (layout.producer_count[s] > 1 && layout.first_ungated_producer[s] != detail::none)
                return static_cast<std::uint32_t>(s);
        return detail::none;
    }();
    static constexpr bool has_cycle = layout.cycle_length > 0;
    // Are the dependencies that read a base class of their value accepted (parameter_accepts)?
    template <std::size_t... B>
    static constexpr bool bases_accepted(std::index_sequence<B...>) {
        return (detail::base_reading<graph, types.base_dep[B]>::accepted && ...);
    }

    // Type checks only make sense on a graph without duplicates or cycles.
    static constexpr bool types_ok = [] {
        if constexpr (first_duplicate == detail::none && !has_cycle)
            return !types.errors && bases_accepted(std::make_index_sequence<types.base_count>{});
        else
            return true;
    }();
    static constexpr bool valid = first_duplicate == detail::none && !has_cycle && types_ok;

    // Instantiates the compile error of every mistake in the graph (nothing when it is valid).
    static constexpr void report_errors() {
        if constexpr (first_duplicate != detail::none) {
            constexpr std::size_t first = layout.first_ungated_producer[first_duplicate];
            constexpr std::size_t second = other_producer(first_duplicate);
            using culprit = node_at<first>;
            using other = node_at<second>;
            using compile_error::named;
            (void)sizeof(compile_error::duplicate_node<named<culprit::name_literal()>, named<culprit::function_literal>,
                                                       typename culprit::function_type, first + 1,
                                                       named<other::function_literal>, typename other::function_type,
                                                       second + 1>);
        } else if constexpr (has_cycle) {
            (void)sizeof(compile_error::dependency_cycle<compile_error::named<cycle_text()>>);
        } else if constexpr (!types_ok) {
            report_types(std::make_index_sequence<problems.count>{});
        }
    }

private:
    // A producer of slot `s` other than its first ungated one: the second function of a duplicate.
    static constexpr std::size_t other_producer(std::uint32_t s) {
        for (std::uint32_t p = layout.producer_offset[s]; p < layout.producer_offset[s] + layout.producer_count[s]; ++p)
            if (layout.producer_list[p] != layout.first_ungated_producer[s]) return layout.producer_list[p];
        return layout.first_ungated_producer[s];
    }

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

    // The nodes (variants whose type differs) and dependencies (everything else) in error:
    // entry i < nodes is a node, the rest are dependencies.
    static constexpr auto problems = [] {
        struct {
            std::size_t count = 0, nodes = 0;
            std::array<std::uint32_t, node_count + dependency_count + 1> index{};
        } out{};
        if (!types.errors && types.base_count == 0) return out;
        for (std::size_t n = 0; n < node_count; ++n)
            if (types.variant_differs[n]) out.index[out.count++] = static_cast<std::uint32_t>(n);
        out.nodes = out.count;
        for (std::size_t d = 0; d < dependency_count; ++d)
            if (types.kind[d] == detail::read_kind::base || types.kind[d] > detail::read_kind::collect_fan_out)
                out.index[out.count++] = static_cast<std::uint32_t>(d);
        return out;
    }();

    template <std::size_t... P>
    static constexpr void report_types(std::index_sequence<P...>) {
        [[maybe_unused]] const std::array<int, sizeof...(P) + 1> done{report_problem<P>()..., 0};
    }
    template <std::size_t P>
    static constexpr int report_problem() {
        if constexpr (P < problems.nodes)
            return detail::variant_error<graph, problems.index[P]>::report();
        else
            return detail::dependency_error<graph, problems.index[P]>::report();
    }
};

}  // namespace hamilton
