// hamilton/detail/link.hpp: build() of a driver some of whose modules were compiled in other
// translation units (compile_module.hpp): their graph_views and the driver's own typed one are
// joined by name into one graph_view, and what no unit could check alone is checked here,
// before any node runs, with the wording of the compile-time errors (compile_error.hpp) and the
// module of every node named: a name produced in two units, a value read with another type than
// its producer's, an input read with two types, variants of one name returning different types,
// and cycles through several units.
//
// The driver's own nodes and slots come first, with their indices and state offsets unchanged,
// so that its typed execute<...> reads its outputs where its compile-time code expects them; the
// slots only the compiled modules know are placed after its state.
//
// This code is compiled in the units that define compiled modules (compile_module() stores a
// pointer to link_units), not in the units that only build drivers from them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../compiled_module.hpp"
#include "../error.hpp"
#include "graph_view.hpp"
#include "layout.hpp"
#include "module_unit.hpp"
#include "state.hpp"

namespace hamilton::detail {

// The parts being linked: the typed graph (part 0), then each compiled module.
struct link_parts {
    std::vector<const graph_view*> view;
    std::vector<std::string_view> name;
    std::vector<std::uint32_t> node_base;           // a part's first node in the linked view
    std::vector<std::vector<std::uint32_t>> slot;   // a part's slot -> the linked view's slot
    std::vector<std::uint32_t> part_of;             // per linked node
    const std::vector<node_metadata>* metadata = nullptr;

    // "node 'a' (module 'raw')": a node's function name and the module it comes from.
    [[nodiscard]] std::string who(const graph_view& v, std::uint32_t n) const {
        for (const auto& t : (*metadata)[n].tags)
            if (t.key == "module") return fmt::format("node '{}' (module '{}')", v.function_name[n], t.value);
        if (part_of[n] == 0) return fmt::format("node '{}' (an unnamed header module)", v.function_name[n]);
        return fmt::format("node '{}' (module '{}')", v.function_name[n], name[part_of[n]]);
    }

    // The slot operations of node n's value, as its own unit erased them.
    [[nodiscard]] const slot_ops& produced(std::uint32_t n) const {
        const graph_view& own = *view[part_of[n]];
        return own.slots[own.node_slot[n - node_base[part_of[n]]]];
    }
};

// The nodes of one cycle of `v` (whose topological order stopped short: `waiting` counts what
// each node still waits for), in data-flow order, the first repeated at the end. As in
// compute_layout: from a waiting node, keep following a dependency whose producer also waits.
inline std::vector<std::uint32_t> find_cycle(const graph_view& v, const std::vector<std::uint32_t>& waiting) {
    std::vector<std::uint32_t> position(v.node_count, none), walk;
    std::uint32_t current = none;
    for (std::uint32_t n = 0; n < v.node_count && current == none; ++n)
        if (waiting[n] != 0) current = n;
    while (position[current] == none) {
        position[current] = static_cast<std::uint32_t>(walk.size());
        walk.push_back(current);
        std::uint32_t next = none;
        for (auto d = v.dep_offset[current]; d < v.dep_offset[current + 1] && next == none; ++d)
            for (auto p : v.producers[v.dep_slot[d]])
                if (waiting[p] != 0) {
                    next = p;
                    break;
                }
        current = next;
    }
    std::vector<std::uint32_t> cycle(walk.rbegin(), walk.rend() - position[current]);
    cycle.push_back(cycle.front());
    return cycle;
}

inline linked_graph link_units(const graph_view& typed, node_objects nodes, std::vector<node_metadata> metadata,
                               const std::vector<compiled_module>& units, bool overriding) {
    link_parts parts;
    parts.view.push_back(&typed);
    parts.name.emplace_back();
    for (const auto& u : units) {
        const module_unit& unit = u.unit();
        parts.view.push_back(unit.view);
        parts.name.emplace_back(unit.name);
        nodes.insert(nodes.end(), unit.nodes.begin(), unit.nodes.end());
        metadata.insert(metadata.end(), unit.metadata.begin(), unit.metadata.end());
    }
    parts.metadata = &metadata;
    const std::size_t part_count = parts.view.size();

    // ---- structure: nodes and dependencies in part order, slots joined by name --------------
    auto linked = std::make_shared<graph_view>();
    graph_view& v = *linked;
    v.slot_count = typed.slot_count;
    v.slot_name = typed.slot_name;
    v.slot_by_name = typed.slot_by_name;
    parts.slot.resize(part_count);
    for (std::size_t p = 0; p < part_count; ++p) {
        const graph_view& pv = *parts.view[p];
        for (std::uint32_t ls = 0; ls < pv.slot_count; ++ls) {
            const auto [it, added] = v.slot_by_name.try_emplace(pv.slot_name[ls], static_cast<std::uint32_t>(v.slot_count));
            if (added) {
                v.slot_name.push_back(pv.slot_name[ls]);
                ++v.slot_count;
            }
            parts.slot[p].push_back(it->second);
        }
        const auto node_base = static_cast<std::uint32_t>(v.node_count);
        const auto dep_base = static_cast<std::uint32_t>(v.dep_slot.size());
        parts.node_base.push_back(node_base);
        for (std::uint32_t n = 0; n < pv.node_count; ++n) {
            v.node_name.push_back(pv.node_name[n]);
            v.function_name.push_back(pv.function_name[n]);
            v.node_slot.push_back(parts.slot[p][pv.node_slot[n]]);
            v.dep_offset.push_back(dep_base + pv.dep_offset[n]);
            v.run.push_back(pv.run[n]);
            parts.part_of.push_back(static_cast<std::uint32_t>(p));
        }
        for (std::size_t d = 0; d < pv.dep_slot.size(); ++d) {
            v.dep_slot.push_back(parts.slot[p][pv.dep_slot[d]]);
            v.dep_optional.push_back(pv.dep_optional[d]);
            v.dep_collects.push_back(pv.dep_collects[d]);
            v.dep_gather.push_back(pv.dep_gather[d]);
        }
        v.node_count += pv.node_count;
    }
    v.dep_offset.push_back(static_cast<std::uint32_t>(v.dep_slot.size()));
    v.producers.resize(v.slot_count);
    v.consumers.resize(v.slot_count);
    for (std::uint32_t n = 0; n < v.node_count; ++n) {
        v.producers[v.node_slot[n]].push_back(n);
        for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) v.consumers[v.dep_slot[k]].push_back(n);
    }

    // ---- types: what each part reads as an input against what the others produce -------------
    std::vector<std::string> problems;
    std::vector<const slot_ops*> ops(v.slot_count, nullptr);
    std::vector<bool> relocated(v.slot_count, false);
    for (std::uint32_t s = 0; s < v.slot_count; ++s) {
        const auto& producers = v.producers[s];
        if (producers.empty()) continue;
        ops[s] = &parts.produced(producers.front());
        const auto first_part = parts.part_of[producers.front()];
        if (std::all_of(producers.begin(), producers.end(), [&](auto n) { return parts.part_of[n] == first_part; }))
            continue;  // checked at compile time in its unit
        const bool ungated = std::any_of(producers.begin(), producers.end(),
                                         [&](auto n) { return metadata[n].conditions.conditions.empty(); });
        if (ungated) {
            std::string who;
            for (std::size_t i = 0; i < producers.size(); ++i)
                who += fmt::format("{}{}", i == 0 ? "" : i + 1 == producers.size() ? " and " : ", ",
                                   parts.who(v, producers[i]));
            problems.push_back(fmt::format(
                "two nodes produce the name '{}' and no config condition separates them: {}; rename one, or gate "
                "every variant with .when/.when_not/.when_in/.when_not_in{}",
                v.slot_name[s], who,
                overriding ? " (allow_module_overrides replaces nodes of header modules only, not across "
                             "compiled modules: remove the node from one of the modules)"
                           : ""));
            continue;
        }
        const auto& first = *ops[s];
        for (auto n : producers)
            if (const auto& other = parts.produced(n); *other.type != *first.type) {
                problems.push_back(fmt::format(
                    "variants of node '{}' return different types: {} returns {}, but {} returns {}; every variant "
                    "of a node must return the same type",
                    v.slot_name[s], parts.who(v, producers.front()), first.type_name(), parts.who(v, n),
                    other.type_name()));
                break;
            }
    }
    // The first part to read each slot as an input (its own unit knows no producer), and its slot there.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> first_reader(v.slot_count, {none, none});
    for (std::uint32_t p = 0; p < part_count; ++p) {
        const graph_view& pv = *parts.view[p];
        for (std::uint32_t ls = 0; ls < pv.slot_count; ++ls) {
            if (!pv.producers[ls].empty() || pv.consumers[ls].empty()) continue;
            const auto s = parts.slot[p][ls];
            const slot_ops& expected = pv.slots[ls];
            const auto reader = parts.node_base[p] + pv.consumers[ls].front();
            if (!v.producers[s].empty()) {
                const auto producer = v.producers[s].front();
                if (*ops[s]->read_type != *expected.type) {
                    problems.push_back(fmt::format(
                        "{} reads '{}' as {}, but '{}' is produced as {} by {}; a node's parameter cannot take the "
                        "type its producer returns: make the parameter the produced type (by value or const&) or "
                        "change the producer (across modules compiled apart the types must be the same: a "
                        "const Base& parameter does not read a derived type)",
                        parts.who(v, reader), v.slot_name[s], expected.type_name(), v.slot_name[s],
                        ops[s]->type_name(), parts.who(v, producer)));
                } else if (p == 0 && *ops[s]->type != *expected.type) {
                    // The typed graph reads the items of a fan-out of another unit: its slot holds
                    // the parallelizable, bigger than the item its compile-time layout made room for.
                    relocated[s] = true;
                }
            } else if (first_reader[s].first == none) {
                first_reader[s] = {p, ls};
                ops[s] = &expected;
            } else {
                const auto [fp, fls] = first_reader[s];
                const graph_view& fv = *parts.view[fp];
                if (*fv.slots[fls].type != *expected.type)
                    problems.push_back(fmt::format(
                        "two nodes need the input '{}' with different types: {} takes {}, but {} takes {}; give "
                        "both parameters the same type (const& and by-value of one type are compatible)",
                        v.slot_name[s], parts.who(v, parts.node_base[fp] + fv.consumers[fls].front()),
                        fv.slots[fls].type_name(), parts.who(v, reader), expected.type_name()));
            }
        }
    }

    // ---- order: producers before consumers, every variant counted (as compute_layout does) ----
    std::vector<std::uint32_t> waiting(v.node_count, 0);
    for (std::uint32_t n = 0; n < v.node_count; ++n)
        for (auto d = v.dep_offset[n]; d < v.dep_offset[n + 1]; ++d)
            waiting[n] += static_cast<std::uint32_t>(v.producers[v.dep_slot[d]].size());
    for (std::uint32_t n = 0; n < v.node_count; ++n)
        if (waiting[n] == 0) v.topological_order.push_back(n);
    for (std::size_t head = 0; head < v.topological_order.size(); ++head) {
        const auto n = v.topological_order[head];
        for (auto c : v.consumers[v.node_slot[n]])  // once per dependency reading n's slot
            if (--waiting[c] == 0) v.topological_order.push_back(c);
    }
    if (v.topological_order.size() < v.node_count) {
        std::string path;
        for (auto n : find_cycle(v, waiting)) path += fmt::format("{}{}", path.empty() ? "" : " -> ", parts.who(v, n));
        problems.push_back(fmt::format("the nodes depend on each other in a cycle: {}; break the cycle by renaming "
                                       "or removing one dependency",
                                       path));
    }
    if (!problems.empty()) throw error("build", std::move(problems));

    // ---- the state: the typed graph's slots where it placed them, the others after them -------
    v.slot_offset.assign(typed.slot_offset.begin(), typed.slot_offset.end());
    v.slot_offset.resize(v.slot_count, 0);
    std::size_t at = typed.state_size, alignment = typed.state_alignment;
    for (std::uint32_t s = 0; s < v.slot_count; ++s) {
        v.slots.push_back(*ops[s]);
        if (s < typed.slot_count && !relocated[s]) continue;
        at = round_up(at, ops[s]->alignment);
        v.slot_offset[s] = at;
        at += ops[s]->size;
        alignment = std::max(alignment, ops[s]->alignment);
    }
    v.state_size = at;
    v.state_alignment = alignment;
    for (std::uint32_t n = 0; n < v.node_count; ++n) {
        v.offsets.push_back(static_cast<std::uint32_t>(v.slot_offset[v.node_slot[n]]));
        for (auto d = v.dep_offset[n]; d < v.dep_offset[n + 1]; ++d)
            v.offsets.push_back(static_cast<std::uint32_t>(v.slot_offset[v.dep_slot[d]]));
    }
    std::unordered_map<std::string (*)(), std::string> type_names;
    for (const auto& o : v.slots) {
        auto [it, added] = type_names.try_emplace(o.type_name);
        if (added) it->second = o.type_name();
        v.slot_type.push_back(it->second);
    }
    return {std::move(linked), std::move(nodes), std::move(metadata)};
}

}  // namespace hamilton::detail
