// hamilton/detail/engine_blocks.hpp: planning fan-out blocks (see blocks.hpp): at build(), which
// block each node is in; per execution, the block plans: each block's units in dependency order,
// what each frame imports from the one around it, what its fan-out gathers, and when each value
// of a frame is released. Also how an execution on a thread pool is planned (as one top block).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../error.hpp"
#include "engine_decl.hpp"
#include "message.hpp"
#include "names.hpp"

namespace hamilton::detail {

HAMILTON_DETAIL_DECL void engine::find_blocks(std::vector<std::string>& problems) {
    std::vector<bool> active(view_->node_count);
    for (std::size_t n = 0; n < active.size(); ++n) active[n] = described_[n].active;
    blocks_ = block_structure(*view_, active, active_producer_, dep_selected_, view_->dep_collects, problems);
    if (!blocks_.any() || !problems.empty()) return;
    // Blocks that need each other are found by planning every node once.
    plan everything;
    try {
        plan_blocks(everything, active);
    } catch (const error& e) {
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
}

HAMILTON_DETAIL_DECL void engine::plan_blocks(plan& p, const std::vector<bool>& in_plan) const {
    const auto& v = *view_;
    const bool threaded = options_.pool != nullptr;
    auto& blocks = p.blocks;
    blocks.emplace_back();
    std::vector<std::uint32_t> block_of(v.node_count, none);     // expander -> its block
    std::vector<std::uint32_t> unit_of(v.node_count, none);      // node -> its unit in its block
    std::vector<std::uint32_t> fan_out_of(v.node_count, none);   // expander -> its unit in the enclosing block
    auto block_index = [&](std::uint32_t scope) -> std::uint32_t {
        std::vector<std::uint32_t> missing;
        for (auto e = scope; e != none && block_of[e] == none; e = blocks_.scope(e)) missing.push_back(e);
        for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
            const auto e = *it;
            const auto parent = blocks_.scope(e) == none ? 0u : block_of[blocks_.scope(e)];
            block_of[e] = static_cast<std::uint32_t>(blocks.size());
            blocks.push_back({e, parent, {}, {}, {}, {}, 0});
            fan_out_of[e] = static_cast<std::uint32_t>(blocks[parent].units.size());
            blocks[parent].units.push_back({e, block_of[e], none, {}, {}, {}, 0});
        }
        return scope == none ? 0u : block_of[scope];
    };
    for (auto n : v.topological_order) {
        if (!in_plan[n]) continue;
        const auto b = block_index(blocks_.scope(n));
        unit_of[n] = static_cast<std::uint32_t>(blocks[b].units.size());
        blocks[b].units.push_back({n, none, static_cast<std::uint32_t>(p.steps.size()), {}, {}, {}, 0});
        blocks[b].own.push_back(v.node_slot[n]);
        p.steps.push_back({v.run[n], callables_[n], defaults_[n], &v.offsets[n + v.dep_offset[n]], 0, n});
    }
    // The unit of block b that runs node n (n is in b or in a block inside it).
    auto unit_in = [&](std::uint32_t b, std::uint32_t n) {
        const auto target = blocks[b].expander;
        auto scope = blocks_.scope(n);
        if (scope == target) return unit_of[n];
        while (blocks_.scope(scope) != target) scope = blocks_.scope(scope);
        return fan_out_of[scope];
    };
    auto add_once = [](std::vector<std::uint32_t>& list, std::uint32_t value) {
        if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
    };
    auto add_edge = [&](std::uint32_t b, std::uint32_t from, std::uint32_t to) {
        auto& next = blocks[b].units[from].next;
        if (from == to || std::find(next.begin(), next.end(), to) != next.end()) return;
        next.push_back(to);
        ++blocks[b].units[to].waits_for;
    };
    auto is_overridden = [&](std::uint32_t s) {
        return std::binary_search(p.overridden.begin(), p.overridden.end(), s);
    };
    for (auto n : v.topological_order) {
        if (!in_plan[n]) continue;
        const auto own_block = block_index(blocks_.scope(n));
        for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) {
            if (!dep_selected_[k]) continue;
            const auto s = v.dep_slot[k];
            const auto producer = active_producer_[s];
            // The block whose frames hold the value n reads, and the unit there computing it.
            std::uint32_t holder = 0, from = none;
            if (producer == none || is_overridden(s) || !in_plan[producer]) {
                holder = 0;  // an input or override, bound in the top frame
            } else if (v.dep_collects[k] && !blocks_.expands(producer)) {
                const auto e = blocks_.scope(producer);  // gathered by e's fan-out into the block around it
                holder = block_index(blocks_.scope(e));
                from = fan_out_of[e];
                auto& gathered = blocks[block_of[e]].gathered;
                if (std::none_of(gathered.begin(), gathered.end(), [&](const auto& g) { return g.slot == s; }))
                    gathered.push_back({s, v.dep_gather[k]});
            } else if (!v.dep_collects[k] && blocks_.expands(producer)) {
                holder = block_index(producer);  // an item, set in each frame of producer's block
            } else {
                holder = block_index(blocks_.scope(producer));
                from = unit_of[producer];
            }
            for (auto b = own_block; b != holder; b = blocks[b].parent) add_once(blocks[b].imports, s);
            const auto to = unit_in(holder, n);
            if (from != none) add_edge(holder, from, to);
            add_once(blocks[holder].units[to].reads, s);
        }
    }
    for (std::uint32_t b = 1; b < blocks.size(); ++b) {
        const auto e = blocks[b].expander, parent = blocks[b].parent, unit = fan_out_of[e];
        const auto e_slot = v.node_slot[e];
        if (in_plan[e] && !is_overridden(e_slot)) add_edge(parent, unit_of[e], unit);
        add_once(blocks[parent].units[unit].reads, e_slot);
        for (auto s : blocks[b].imports) add_once(blocks[parent].units[unit].reads, s);
    }
    for (const auto& step : p.steps)
        for (auto b = block_index(blocks_.scope(step.node)); b != 0; b = blocks[b].parent) ++blocks[b].nodes_per_item;
    p.node_units = p.steps.size();
    for (auto& block : blocks) order_units(block);

    // When each value of a frame is read for the last time: then it is released.
    std::vector<bool> keep(v.slot_count, false), releasable(v.slot_count, false);
    std::vector<std::uint32_t> last(v.slot_count, none);
    p.readers.assign(v.slot_count, 0);
    for (std::uint32_t b = 0; b < blocks.size(); ++b) {
        auto& block = blocks[b];
        for (auto s : (b == 0 ? p.outputs : std::vector<std::uint32_t>{})) keep[s] = true;
        for (const auto& g : block.gathered) keep[g.slot] = true;
        for (auto s : block.own) releasable[s] = !keep[s];
        for (const auto& u : block.units)
            if (u.body != none)
                for (const auto& g : blocks[u.body].gathered) releasable[g.slot] = true;
        const bool counted = threaded && b == 0;
        for (std::uint32_t i = 0; i < block.units.size(); ++i)
            for (auto s : block.units[i].reads) {
                last[s] = i;
                if (counted && releasable[s]) ++p.readers[s];
            }
        for (std::uint32_t i = 0; i < block.units.size(); ++i) {
            auto& u = block.units[i];
            for (auto s : u.reads) {
                if (!releasable[s] || last[s] != i || (counted && p.readers[s] != 1)) continue;
                if (u.body != none) {
                    if (!counted) u.release.push_back(s);
                    continue;
                }
                const auto n = u.node;
                for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k)
                    if (dep_selected_[k] && v.dep_slot[k] == s)
                        p.steps[u.step].release |= std::uint64_t{1} << (k - v.dep_offset[n]);
            }
        }
        for (const auto& u : block.units)
            for (auto s : u.reads) keep[s] = releasable[s] = false, last[s] = none;
        for (auto s : block.own) keep[s] = releasable[s] = false;
        for (const auto& g : block.gathered) keep[g.slot] = false;
    }
}

HAMILTON_DETAIL_DECL void engine::order_units(block_plan& block) const {
    const auto count = block.units.size();
    std::vector<std::uint32_t> order, waits(count), position(count, none);
    for (std::uint32_t u = 0; u < count; ++u)
        if ((waits[u] = block.units[u].waits_for) == 0) order.push_back(u);
    for (std::size_t i = 0; i < order.size(); ++i)
        for (auto w : block.units[order[i]].next)
            if (--waits[w] == 0) order.push_back(w);
    if (order.size() < count) {
        // The units left wait for each other, or for those that do: keep only the former,
        // by dropping again and again the units no other unit left waits for.
        std::vector<bool> left(count);
        for (std::uint32_t u = 0; u < count; ++u) left[u] = waits[u] != 0;
        for (bool dropped = true; dropped;) {
            dropped = false;
            std::vector<bool> awaited(count, false);
            for (std::uint32_t u = 0; u < count; ++u)
                if (left[u])
                    for (auto w : block.units[u].next) awaited[u] = awaited[u] || left[w];
            for (std::uint32_t u = 0; u < count; ++u)
                if (left[u] && !awaited[u]) left[u] = false, dropped = true;
        }
        std::vector<std::string> stuck;
        for (std::uint32_t u = 0; u < count; ++u)
            if (left[u])
                stuck.push_back(block.units[u].body == none
                                    ? detail::message("node '{}'", view_->node_name[block.units[u].node])
                                    : detail::message("the block of fan-out '{}'", view_->node_name[block.units[u].node]));
        throw error("build", {detail::message("{} need each other: a node inside the block needs a value computed "
                                          "from the block's collect; compute that value without the collect, "
                                          "or move the node out of the block",
                                          joined(stuck, " and "))});
    }
    std::vector<block_unit> sorted;
    sorted.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) position[order[i]] = i;
    for (auto u : order) {
        sorted.push_back(std::move(block.units[u]));
        for (auto& w : sorted.back().next) w = position[w];
    }
    block.units = std::move(sorted);
}

}  // namespace hamilton::detail
