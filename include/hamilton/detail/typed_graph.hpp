// hamilton/detail/typed_graph.hpp: a compile-time graph's typed code erased into a graph_view,
// and the node objects copied once onto the heap: what a driver runs, and what a module compiled
// in its own translation unit (compile_module.hpp) hands to the driver that links it. Kept apart
// from driver.hpp so that such a unit does not parse the builder and the driver.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../graph.hpp"
#include "../module.hpp"
#include "../node.hpp"
#include "always_inline.hpp"
#include "graph_view.hpp"
#include "layout.hpp"
#include "state.hpp"

namespace hamilton::detail {

// Reads the metadata of a node's fields (one function per node_fields type, not per node).
template <class Fields>
node_metadata metadata_of(const void* fields) {
    return static_cast<const Fields*>(fields)->metadata();
}

// Bit k: dependency k of node e is the first to read an input (its slot's type comes from it).
template <class Graph>
constexpr std::uint64_t input_mask(std::size_t e) {
    constexpr auto& shape = Graph::shape;
    constexpr auto& layout = Graph::layout;
    std::uint64_t mask = 0;
    for (auto d = shape.dep_offset[e]; d < shape.dep_offset[e + 1]; ++d)
        if (layout.first_producer[layout.dep_slot[d]] == none && layout.first_consumer_dep[layout.dep_slot[d]] == d)
            mask |= std::uint64_t{1} << (d - shape.dep_offset[e]);
    return mask;
}

// The slot operations of values of type T: one constant per type, which a graph's tables point
// to (a pointer per slot is far cheaper for the compiler to compute than a copy of the operations).
template <class T>
inline constexpr slot_ops slot_ops_of = slot_ops_for<T>();

// The slot operations of the inputs that the parameters of Fn in `Mask` are the first to read
// (see input_mask); other entries are null. Shared by nodes of one signature.
template <class Fn, std::uint64_t Mask, class K = std::make_index_sequence<callable_traits<Fn>::arity>>
struct input_slot_ops;
template <class Fn, std::uint64_t Mask, std::size_t... K>
struct input_slot_ops<Fn, Mask, std::index_sequence<K...>> {
    template <std::size_t I>
    static constexpr const slot_ops* entry() {
        if constexpr (((Mask >> I) & 1u) != 0)
            return &slot_ops_of<std::remove_cvref_t<param_t<Fn, I>>>;
        else
            return nullptr;
    }
    static constexpr std::array<const slot_ops*, sizeof...(K) + 1> ops{entry<K>()..., nullptr};
};

// A graph's run-time view as compile-time data: names, structure, and pointers to the typed code
// that runs each node and handles each slot's value. Templated on sizes only, like the code that
// turns it into a graph_view (make_view), so that the one thing named after a graph's nodes is
// the constant typed_graph<Nodes...>::tables. (g++ spells out every node in the name of each
// function or variable made for a graph, in time quadratic in the graph's size.) Arrays have one
// spare entry: no empty arrays.
template <std::size_t N, std::size_t D, std::size_t S>
struct graph_tables {
    std::array<std::string_view, N + 1> node_name{}, function_name{};
    std::array<std::uint32_t, N + 1> node_slot{}, topological_order{};
    std::array<std::uint32_t, N + 1> dep_offset{};
    std::array<std::uint32_t, D + 1> dep_slot{};
    std::array<bool, D + 1> dep_optional{}, dep_collects{};
    std::array<run_function, N + 1> run{};
    std::array<const gather_ops* (*)(std::size_t), N + 1> gather{};
    std::array<node_metadata (*)(const void*), N + 1> describe{};
    std::array<std::string_view, S + 1> slot_name{};
    std::array<const slot_ops*, S + 1> slot{};
    std::array<std::size_t, S + 1> slot_offset{};
    std::size_t state_size = 0, state_alignment = 1;
};

// The tables of Graph (a graph<Nodes...>): computed at compile time only.
template <class Graph, class... Nodes, std::size_t... E>
constexpr auto make_tables(std::index_sequence<E...>) {
    constexpr std::size_t n_count = Graph::node_count, d_count = Graph::dependency_count, s_count = Graph::slot_count;
    constexpr auto& shape = Graph::shape;
    constexpr auto& layout = Graph::layout;
    graph_tables<n_count, d_count, s_count> t{};
    t.node_name = {shape.node_name[E]..., std::string_view{}};
    t.function_name = {Nodes::function_name..., std::string_view{}};
    t.node_slot = {layout.node_slot[E]..., 0u};
    t.topological_order = {layout.topological_order[E]..., 0u};
    for (std::size_t n = 0; n <= n_count; ++n) t.dep_offset[n] = shape.dep_offset[n];
    for (std::size_t d = 0; d < d_count; ++d) t.dep_slot[d] = layout.dep_slot[d];
    const std::array<const bool*, n_count + 1> optional{Nodes::dependency_is_optional.data()..., nullptr};
    const std::array<const bool*, n_count + 1> collects{Nodes::dependency_is_collect.data()..., nullptr};
    for (std::size_t n = 0, d = 0; n < n_count; ++n)
        for (std::size_t k = 0; k < Graph::arities[n]; ++k, ++d) {
            t.dep_optional[d] = optional[n][k];
            t.dep_collects[d] = collects[n][k];
        }
    t.run = {&runner_t<Graph, Nodes, E>::execute..., nullptr};
    t.gather = {&runner_t<Graph, Nodes, E>::gather..., nullptr};
    t.describe = {&metadata_of<typename Nodes::fields_type>..., nullptr};
    // A slot's code comes from its first producer, or for an input from its first consumer's parameter.
    const std::array<const slot_ops*, n_count + 1> produced{&slot_ops_of<typename Nodes::result_type>..., nullptr};
    const std::array<const slot_ops* const*, n_count + 1> read{
        input_slot_ops<typename Nodes::function_type, input_mask<Graph>(E)>::ops.data()..., nullptr};
    for (std::size_t s = 0; s < s_count; ++s) {
        t.slot_name[s] = layout.slot_name[s];
        if (const auto producer = layout.first_producer[s]; producer != none) {
            t.slot[s] = produced[producer];
        } else {
            const auto d = layout.first_consumer_dep[s], consumer = layout.dep_node[d];
            t.slot[s] = read[consumer][d - shape.dep_offset[consumer]];
        }
        t.slot_offset[s] = Graph::slot_offsets[s];
    }
    t.state_size = Graph::state_size;
    t.state_alignment = Graph::state_alignment;
    return t;
}

// What make_view derives from the tables, the same for every graph: producers and consumers,
// the lookup by name, where each node's slots are, and the types' readable names.
inline void complete_view(graph_view& v, const gather_ops* (*const* gather)(std::size_t)) {
    v.producers.resize(v.slot_count);
    v.consumers.resize(v.slot_count);
    v.dep_gather.resize(v.dep_slot.size());
    for (std::uint32_t n = 0; n < v.node_count; ++n) {
        v.producers[v.node_slot[n]].push_back(n);
        v.offsets.push_back(static_cast<std::uint32_t>(v.slot_offset[v.node_slot[n]]));
        for (auto d = v.dep_offset[n]; d < v.dep_offset[n + 1]; ++d) {
            v.consumers[v.dep_slot[d]].push_back(n);
            v.dep_gather[d] = gather[n](d - v.dep_offset[n]);
            v.offsets.push_back(static_cast<std::uint32_t>(v.slot_offset[v.dep_slot[d]]));
        }
    }
    for (std::uint32_t s = 0; s < v.slot_count; ++s) v.slot_by_name.emplace(v.slot_name[s], s);
    // One readable name per distinct type (demangling is the slow part of a first build).
    std::unordered_map<std::string (*)(), std::string> names;
    for (const auto& ops : v.slots) {
        auto [it, added] = names.try_emplace(ops.type_name);
        if (added) it->second = ops.type_name();
        v.slot_type.push_back(it->second);
    }
}

// The graph_view of `t` (made once per tables by view_of).
template <std::size_t N, std::size_t D, std::size_t S>
graph_view make_view(const void* tables) {
    const auto& t = *static_cast<const graph_tables<N, D, S>*>(tables);
    graph_view v;
    v.node_count = N;
    v.slot_count = S;
    v.node_name.assign(t.node_name.begin(), t.node_name.begin() + N);
    v.function_name.assign(t.function_name.begin(), t.function_name.begin() + N);
    v.node_slot.assign(t.node_slot.begin(), t.node_slot.begin() + N);
    v.dep_offset.assign(t.dep_offset.begin(), t.dep_offset.end());
    v.dep_slot.assign(t.dep_slot.begin(), t.dep_slot.begin() + D);
    v.dep_optional.assign(t.dep_optional.begin(), t.dep_optional.begin() + D);
    v.dep_collects.assign(t.dep_collects.begin(), t.dep_collects.begin() + D);
    v.slot_name.assign(t.slot_name.begin(), t.slot_name.begin() + S);
    v.topological_order.assign(t.topological_order.begin(), t.topological_order.begin() + N);
    v.run.assign(t.run.begin(), t.run.begin() + N);
    v.slots.reserve(S);
    for (std::size_t s = 0; s < S; ++s) v.slots.push_back(*t.slot[s]);
    v.slot_offset.assign(t.slot_offset.begin(), t.slot_offset.begin() + S);
    v.state_size = t.state_size;
    v.state_alignment = t.state_alignment;
    complete_view(v, t.gather.data());
    return v;
}

// The graph_view of the tables at `tables`, made by `make` the first time it is asked for and kept
// for the program's life (drivers of one graph share it). Keyed by the tables' address: one
// function for every graph, not one static variable per graph type.
inline const graph_view& cached_view(const void* tables, graph_view (*make)(const void*)) {
    static std::mutex mutex;
    static std::unordered_map<const void*, std::unique_ptr<const graph_view>> views;
    const std::lock_guard<std::mutex> lock(mutex);
    auto& view = views[tables];
    if (!view) view = std::make_unique<const graph_view>(make(tables));
    return *view;
}

template <std::size_t N, std::size_t D, std::size_t S>
const graph_view& view_of(const graph_tables<N, D, S>& tables) {
    return cached_view(&tables, &make_view<N, D, S>);
}

// The metadata of each node object of a graph whose tables are `t`, in node order.
template <std::size_t N, std::size_t D, std::size_t S>
std::vector<node_metadata> metadata_of_nodes(const graph_tables<N, D, S>& t, const node_objects& objects) {
    std::vector<node_metadata> out;
    out.reserve(objects.size());
    for (std::size_t n = 0; n < objects.size(); ++n) out.push_back(t.describe[n](objects[n].get()));
    return out;
}

// The typed code of one graph: its tables, computed at compile time.
template <class... Nodes>
struct typed_graph {
    using graph_type = graph<Nodes...>;
    static constexpr auto tables = make_tables<graph_type, Nodes...>(std::index_sequence_for<Nodes...>{});
};

// Each node object, copied once onto the heap and shared by builders and drivers. The owner
// type is the same for every node (only the deleter differs), so the graph's size does not
// show in any compiled name.
template <class Node>
void destroy_node(const void* node) {
    delete static_cast<const Node*>(node);
}

template <class Node>
std::shared_ptr<const void> own_copy(const void* node) {
    return std::shared_ptr<const void>(static_cast<const void*>(new Node(*static_cast<const Node*>(node))),
                                       &destroy_node<Node>);
}

// Most nodes (a function pointer, names, literals) are copied as bytes: no code per node.
inline void free_bytes(const void* bytes) { ::operator delete(const_cast<void*>(bytes)); }
inline std::shared_ptr<const void> own_bytes(const void* node, std::size_t size) {
    void* copy = ::operator new(size);
    std::memcpy(copy, node, size);
    return std::shared_ptr<const void>(static_cast<const void*>(copy), &free_bytes);
}

struct node_copy {
    std::size_t size;
    std::shared_ptr<const void> (*copy)(const void*);  // nullptr: copy the bytes
};

template <class Node>
constexpr node_copy copy_of() {
    if constexpr (std::is_trivially_copyable_v<Node> && alignof(Node) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__)
        return {sizeof(Node), nullptr};
    else
        return {sizeof(Node), &own_copy<Node>};
}

// Copies nodes (their node_fields) onto the heap, after those in `out`. Not inlined, and
// without g++'s SLP vectorizer: the node addresses are one long run of stores, which that pass
// takes time and memory quadratic in (15 s of a 4 000-node compile).
template <class... Nodes>
#if defined(__GNUC__) && !defined(__clang__)
[[gnu::noinline, gnu::optimize("no-tree-slp-vectorize")]]
#endif
void append_node_list(node_objects& out, const Nodes&... node) {
    constexpr std::array<node_copy, sizeof...(Nodes)> copies{copy_of<typename Nodes::fields_type>()...};
    const std::array<const void*, sizeof...(Nodes)> addresses{
        static_cast<const void*>(&static_cast<const typename Nodes::fields_type&>(node))...};
    out.reserve(out.size() + sizeof...(Nodes));
    for (std::size_t n = 0; n < sizeof...(Nodes); ++n)
        out.push_back(copies[n].copy ? copies[n].copy(addresses[n]) : own_bytes(addresses[n], copies[n].size));
}

// Copies the nodes of a module (given by its entries) onto the heap, after those in `out`.
template <std::size_t... I, class... Nodes>
HAMILTON_DETAIL_ALWAYS_INLINE void append_nodes(node_objects& out,
                                                const module_entries<std::index_sequence<I...>, Nodes...>& entries) {
    append_node_list(out, static_cast<const module_entry<I, Nodes>&>(entries).node...);
}

}  // namespace hamilton::detail
