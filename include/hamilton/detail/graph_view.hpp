// hamilton/detail/graph_view.hpp: a graph's structure and typed code, erased into plain vectors.
//
// driver.hpp builds one graph_view per graph type from the compile-time graph (graph.hpp):
// names, slots, dependencies, a topological order, and function pointers to the typed code
// that runs a node or handles a slot's value. Everything the engine does at run time works on
// this view, so that code is compiled once, not once per graph.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "layout.hpp"
#include "state.hpp"

namespace hamilton::detail {

// The nodes of a graph (each node's node_fields: its function, documentation, defaults), each
// owned on its own.
using node_objects = std::vector<std::shared_ptr<const void>>;

struct graph_view {
    std::size_t node_count = 0;
    std::size_t slot_count = 0;
    std::vector<std::string_view> node_name, function_name;
    std::vector<std::uint32_t> node_slot, dep_offset, dep_slot;
    std::vector<bool> dep_optional;
    std::vector<bool> dep_collects;              // the parameter is a collect<U> (see parallel.hpp)
    std::vector<const gather_ops*> dep_gather;  // how to gather it, unless it collects a fan-out node itself
    std::vector<std::string_view> slot_name;
    std::vector<std::string> slot_type;
    std::vector<std::vector<std::uint32_t>> producers;  // per slot, every variant
    std::vector<std::vector<std::uint32_t>> consumers;  // per slot, nodes reading it
    std::vector<std::uint32_t> topological_order;
    std::unordered_map<std::string_view, std::uint32_t> slot_by_name;
    std::vector<run_function> run;
    std::vector<std::uint32_t> offsets;  // per node at node + dep_offset[node]: its slot's, its dependencies'
    std::vector<slot_ops> slots;
    std::vector<std::size_t> slot_offset;
    std::size_t state_size = 0;
    std::size_t state_alignment = alignof(slot_header);

    [[nodiscard]] std::uint32_t find(std::string_view name) const {
        auto it = slot_by_name.find(name);
        return it == slot_by_name.end() ? none : it->second;
    }
};

}  // namespace hamilton::detail
