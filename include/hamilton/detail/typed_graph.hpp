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

// The slot operations of the inputs that the parameters of Fn in `Mask` are the first to read
// (see input_mask); other entries are empty. Shared by nodes of one signature.
template <class Fn, std::uint64_t Mask, class K = std::make_index_sequence<callable_traits<Fn>::arity>>
struct input_slot_ops;
template <class Fn, std::uint64_t Mask, std::size_t... K>
struct input_slot_ops<Fn, Mask, std::index_sequence<K...>> {
    template <std::size_t I>
    static constexpr slot_ops entry() {
        if constexpr (((Mask >> I) & 1u) != 0)
            return slot_ops_for<std::remove_cvref_t<param_t<Fn, I>>>();
        else
            return {};
    }
    static constexpr std::array<slot_ops, sizeof...(K) + 1> ops{entry<K>()..., slot_ops{}};
};

// The typed code of one graph, erased into a graph_view once per graph type. The code that runs
// a node (detail::node_runner) and the slot operations (detail::slot_ops_for) are templates on
// that node's or that value's type only, so each is compiled once however large the graph.
template <class... Nodes>
struct typed_graph {
    using graph_type = graph<Nodes...>;

    // Every table below is a constexpr local: compile-time data copied into the view, so that no
    // symbol of the program needs a name that lists all the nodes. Tables are per node (from the
    // pack, never looked up by index), and a slot takes its code from its first producer, or for
    // an input from its first consumer's parameter.
    //
    // Graph is graph_type, passed as a template parameter: a type that depends on the whole pack
    // Nodes, named inside a pack expansion, is substituted again for every element (time
    // quadratic in the number of nodes); a template parameter is not.
    template <class Graph, std::size_t... E>
    HAMILTON_DETAIL_ALWAYS_INLINE static void fill_code(graph_view& v, std::index_sequence<E...>) {
        constexpr std::array<run_function, sizeof...(E)> runs{&runner_of<Graph, Nodes, E>::type::execute...};
        constexpr std::array<const gather_ops* (*)(std::size_t), sizeof...(E)> gathers{
            &runner_of<Graph, Nodes, E>::type::gather...};
        constexpr std::array<slot_ops, sizeof...(E)> produced{slot_ops_for<typename Nodes::result_type>()...};
        constexpr std::array<const slot_ops*, sizeof...(E)> read{
            input_slot_ops<typename Nodes::function_type, input_mask<Graph>(E)>::ops.data()...};
        constexpr auto& layout = Graph::layout;
        constexpr auto& offsets = Graph::slot_offsets;
        v.run.assign(runs.begin(), runs.end());
        v.dep_gather.resize(v.dep_slot.size());
        for (std::uint32_t n = 0; n < v.node_count; ++n)
            for (auto d = v.dep_offset[n]; d < v.dep_offset[n + 1]; ++d) v.dep_gather[d] = gathers[n](d - v.dep_offset[n]);
        v.slots.reserve(v.slot_count);
        for (std::uint32_t s = 0; s < v.slot_count; ++s) {
            if (const auto producer = layout.first_producer[s]; producer != none) {
                v.slots.push_back(produced[producer]);
            } else {
                const auto d = layout.first_consumer_dep[s], consumer = layout.dep_node[d];
                v.slots.push_back(read[consumer][d - v.dep_offset[consumer]]);
            }
        }
        v.slot_offset.assign(offsets.begin(), offsets.begin() + static_cast<std::ptrdiff_t>(v.slot_count));
        for (std::uint32_t n = 0; n < v.node_count; ++n) {
            v.offsets.push_back(static_cast<std::uint32_t>(v.slot_offset[v.node_slot[n]]));
            for (auto d = v.dep_offset[n]; d < v.dep_offset[n + 1]; ++d)
                v.offsets.push_back(static_cast<std::uint32_t>(v.slot_offset[v.dep_slot[d]]));
        }
    }

    HAMILTON_DETAIL_ALWAYS_INLINE static graph_view make_view() {
        constexpr std::array<std::string_view, sizeof...(Nodes)> node_name = graph_type::shape.node_name;
        constexpr std::array<std::string_view, sizeof...(Nodes)> function_name{Nodes::function_name...};
        constexpr auto dep_offset = graph_type::shape.dep_offset;
        constexpr auto node_slot = graph_type::layout.node_slot;
        constexpr auto dep_slot = graph_type::layout.dep_slot;
        constexpr auto slot_name = graph_type::layout.slot_name;
        constexpr auto topological_order = graph_type::layout.topological_order;
        graph_view v;
        v.node_count = graph_type::node_count;
        v.slot_count = graph_type::slot_count;
        v.node_name.assign(node_name.begin(), node_name.end());
        v.function_name.assign(function_name.begin(), function_name.end());
        v.node_slot.assign(node_slot.begin(), node_slot.end());
        v.dep_offset.assign(dep_offset.begin(), dep_offset.end());
        v.dep_slot.assign(dep_slot.begin(), dep_slot.end());
        v.dep_optional = per_dependency<&Nodes::dependency_is_optional...>();
        v.dep_collects = per_dependency<&Nodes::dependency_is_collect...>();
        v.slot_name.assign(slot_name.begin(), slot_name.begin() + static_cast<std::ptrdiff_t>(v.slot_count));
        v.producers.resize(v.slot_count);
        v.consumers.resize(v.slot_count);
        for (std::uint32_t n = 0; n < v.node_count; ++n) {
            v.producers[v.node_slot[n]].push_back(n);
            for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) v.consumers[v.dep_slot[k]].push_back(n);
        }
        v.topological_order.assign(topological_order.begin(), topological_order.end());
        for (std::uint32_t s = 0; s < v.slot_count; ++s) v.slot_by_name.emplace(v.slot_name[s], s);
        fill_code<graph_type>(v, std::index_sequence_for<Nodes...>{});
        // One readable name per distinct type (demangling is the slow part of a first build).
        std::unordered_map<std::string (*)(), std::string> names;
        for (const auto& ops : v.slots) {
            auto [it, added] = names.try_emplace(ops.type_name);
            if (added) it->second = ops.type_name();
            v.slot_type.push_back(it->second);
        }
        v.state_size = graph_type::state_size;
        v.state_alignment = graph_type::state_alignment;
        return v;
    }

    // For every dependency of every node, in order: Flags[node][k].
    template <const auto*... Flags>
    HAMILTON_DETAIL_ALWAYS_INLINE static std::vector<bool> per_dependency() {
        constexpr std::array<bool, graph_type::dependency_count + 1> all = [] {
            std::array<bool, graph_type::dependency_count + 1> out{};
            const std::array<const bool*, sizeof...(Nodes)> lists{Flags->data()...};
            std::size_t d = 0;
            for (std::size_t n = 0; n < sizeof...(Nodes); ++n)
                for (std::size_t k = 0; k < graph_type::arities[n]; ++k) out[d++] = lists[n][k];
            return out;
        }();
        return std::vector<bool>(all.begin(), all.end() - 1);
    }

    static const graph_view& view() {
        static const graph_view v = make_view();
        return v;
    }

    HAMILTON_DETAIL_ALWAYS_INLINE static std::vector<node_metadata> metadata(const node_objects& objects) {
        constexpr std::array<node_metadata (*)(const void*), sizeof...(Nodes)> describe{
            &metadata_of<typename Nodes::fields_type>...};
        std::vector<node_metadata> out;
        out.reserve(objects.size());
        for (std::size_t n = 0; n < objects.size(); ++n) out.push_back(describe[n](objects[n].get()));
        return out;
    }

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

template <class... Nodes>
HAMILTON_DETAIL_ALWAYS_INLINE void append_nodes(node_objects& out, const module_definition<Nodes...>& m) {
    constexpr std::array<node_copy, sizeof...(Nodes)> copies{copy_of<typename Nodes::fields_type>()...};
    const auto addresses = unpack(m, [](const Nodes&... node) {
        return std::array<const void*, sizeof...(Nodes)>{
            static_cast<const void*>(&static_cast<const typename Nodes::fields_type&>(node))...};
    });
    for (std::size_t n = 0; n < sizeof...(Nodes); ++n)
        out.push_back(copies[n].copy ? copies[n].copy(addresses[n]) : own_bytes(addresses[n], copies[n].size));
}

}  // namespace hamilton::detail
