// hamilton/detail/blocks.hpp: fan-out blocks at run time: which block each node belongs to, and
// the plan of an execution that has blocks or runs on several threads.
//
// A node returning parallelizable<T> (an "expander") opens a block; a node belongs to the
// deepest block any of its dependencies is in, where a collect<U> dependency counts as the
// block around the one it collects. The plan of such an execution is a tree of block plans:
// the top block, and one per expander whose block has nodes to run. A block plan lists its
// "units" in an order that respects dependencies: a node, or a whole inner block (its fan-out,
// run once per item). Each item of a block runs in its own frame: a state buffer whose headers
// for values from outside the block are copied from the enclosing frame (see state.hpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "graph_view.hpp"
#include "layout.hpp"
#include "message.hpp"
#include "state.hpp"

namespace hamilton::detail {

struct block_unit {
    std::uint32_t node;            // a node unit: the node; a fan-out unit: its expander
    std::uint32_t body = none;     // a fan-out unit: the index of the inner block's plan
    std::uint32_t step = none;     // a node unit: its step in plan::steps
    std::vector<std::uint32_t> release;  // slots of this frame no unit reads after this one
    std::vector<std::uint32_t> reads;    // slots of this frame it reads (a fan-out unit: for its whole block)
    std::vector<std::uint32_t> next;     // units waiting for this one
    std::uint32_t waits_for = 0;         // units this one waits for
};

struct gathered_value {
    std::uint32_t slot;  // a node of the block, whose values a collect<U> takes
    const gather_ops* ops;
};

struct block_plan {
    std::uint32_t expander = none;  // none for the top block
    std::uint32_t parent = none;    // the enclosing block's plan
    std::vector<block_unit> units;  // in an order that respects dependencies
    std::vector<std::uint32_t> own;       // slots the block's node units compute, in each of its frames
    std::vector<std::uint32_t> imports;   // slots its frames read from the enclosing frame
    std::vector<gathered_value> gathered; // values handed to the enclosing frame as a collect<U>
    std::size_t nodes_per_item = 0;       // node units in this block and the blocks inside it
};

// Which block each node is in, under one config; checks that every block is well formed.
class block_structure {
public:
    block_structure() = default;

    // `active_producer[s]`: the node computing slot s (or none); `selected[d]`: is dependency d wired.
    // Appends one line to `problems` per mistake, naming the nodes.
    block_structure(const graph_view& v, const std::vector<bool>& active, const std::vector<std::uint32_t>& active_producer,
                    const std::vector<bool>& selected, const std::vector<bool>& dep_collects,
                    std::vector<std::string>& problems)
        : scope_(v.node_count, none), expands_(v.node_count, false) {
        for (std::uint32_t n = 0; n < v.node_count; ++n) {
            expands_[n] = active[n] && v.slots[v.node_slot[n]].item_count != nullptr;
            any_ = any_ || expands_[n];
        }
        for (std::uint32_t n = 0; n < v.node_count; ++n)
            for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) any_ = any_ || (active[n] && dep_collects[k]);
        if (!any_) return;
        for (auto n : v.topological_order) {
            if (!active[n]) continue;
            std::uint32_t deepest = none, deepest_via = none;
            for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) {
                const auto s = v.dep_slot[k];
                const auto p = selected[k] ? active_producer[s] : none;
                std::uint32_t scope = p == none ? none : out_scope(p);
                if (dep_collects[k]) {
                    if (p == none) {
                        problems.push_back(detail::message(
                            "node '{}' collects '{}', which no node computes under this config; a "
                            "hamilton::collect<T> parameter must name a node inside a block",
                            v.node_name[n], v.slot_name[s]));
                        continue;
                    }
                    if (scope == none) {
                        problems.push_back(detail::message(
                            "node '{}' collects '{}', which is not inside a block: collect<T> gathers the values of "
                            "a node downstream of a node returning hamilton::parallelizable<T>; take '{}' as a "
                            "plain parameter instead",
                            v.node_name[n], v.slot_name[s], v.slot_name[s]));
                        continue;
                    }
                    collects_.push_back({n, k, scope});
                    scope = scope_[scope];
                }
                if (scope == none) continue;
                if (deepest == none || within(scope, deepest)) {
                    deepest = scope, deepest_via = s;
                } else if (!within(deepest, scope)) {
                    problems.push_back(detail::message(
                        "node '{}' takes items of two blocks that are not nested: of fan-out '{}' (through '{}') "
                        "and of fan-out '{}' (through '{}'); collect one of them (a hamilton::collect<T> "
                        "parameter) before combining them",
                        v.node_name[n], v.node_name[deepest], v.slot_name[deepest_via], v.node_name[scope],
                        v.slot_name[s]));
                }
            }
            scope_[n] = deepest;
        }
        for (const auto& c : collects_) {
            if (within(scope_[c.node], c.block))
                problems.push_back(detail::message(
                    "node '{}' is inside the block of fan-out '{}' and collects '{}' of that same block; a "
                    "collect<T> receives every item's value, so it must be outside the block: move the "
                    "collect to a node that does not depend on the items",
                    v.node_name[c.node], v.node_name[c.block], v.slot_name[v.dep_slot[c.dependency]]));
        }
    }

    [[nodiscard]] bool any() const noexcept { return any_; }
    [[nodiscard]] bool expands(std::uint32_t node) const { return any_ && expands_[node]; }
    // The expander whose block node n is in, or none (outside every block).
    [[nodiscard]] std::uint32_t scope(std::uint32_t node) const { return any_ ? scope_[node] : none; }
    // The block n's value is in: n's own block when n is an expander.
    [[nodiscard]] std::uint32_t out_scope(std::uint32_t node) const { return expands_[node] ? node : scope_[node]; }
    // Is block `inner` the block `outer` or inside it (none: the top, which holds every block)?
    [[nodiscard]] bool within(std::uint32_t inner, std::uint32_t outer) const {
        for (; inner != none; inner = scope_[inner])
            if (inner == outer) return true;
        return outer == none;
    }

private:
    struct collect_dependency {
        std::uint32_t node, dependency, block;
    };
    std::vector<std::uint32_t> scope_;
    std::vector<bool> expands_;
    std::vector<collect_dependency> collects_;
    bool any_ = false;
};

}  // namespace hamilton::detail
