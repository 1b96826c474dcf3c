// hamilton/detail/engine_queries.hpp: what a driver tells of its graph without running it: the
// variables (inputs and nodes, with documentation, tags, variants), what is upstream or
// downstream of a value, the value of an input spelled as text, and the variants of a node.
#pragma once

#include <algorithm>
#include <any>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "../error.hpp"
#include "engine_decl.hpp"
#include "message.hpp"
#include "names.hpp"

namespace hamilton::detail {

HAMILTON_DETAIL_DECL std::any engine::value_from_text(std::string_view name, std::string_view text) const {
    const auto s = view_->find(name);
    if (s == none || !in_graph_[s])
        throw error("value_from_text", {detail::message("'{}' is not in the graph{}", name, suggest(name, known_names()))});
    const auto& type = view_->slot_type[s];
    if (view_->slots[s].from_text == nullptr)
        throw error("value_from_text",
                    {detail::message("'{}' has type {}, which cannot be read from text: give it from code, or make it a "
                                 "number, bool, std::string, std::string_view, std::filesystem::path or a "
                                 "std::vector of them",
                                 name, type)});
    try {
        return view_->slots[s].from_text(text);
    } catch (const std::invalid_argument& e) {
        throw error("value_from_text", {detail::message("'{}' of type {}: {}", name, type, e.what())});
    }
}

HAMILTON_DETAIL_DECL variable engine::describe(std::uint32_t slot) const {
    variable v;
    v.name = std::string(view_->slot_name[slot]);
    v.type = view_->slot_type[slot];
    const auto p = active_producer_[slot];
    v.is_input = p == none;
    v.from_config = v.is_input && config_.count(v.name) != 0;
    if (v.is_input) {
        v.is_optional = true;
        for (auto c : view_->consumers[slot])
            if (described_[c].active)
                for (auto k = view_->dep_offset[c]; k < view_->dep_offset[c + 1]; ++k)
                    if (view_->dep_slot[k] == slot && !view_->dep_optional[k]) v.is_optional = false;
    }
    if (p != none) {
        const auto& d = described_[p];
        v.documentation = d.documentation;
        v.tags = d.tags;
        v.function = std::string(view_->function_name[p]);
        v.conditions = d.conditions;
        if (view_->producers[slot].size() > 1 || !d.conditions.empty())
            for (auto n : view_->producers[slot])
                v.variants.push_back(detail::message("{} [{}]", view_->function_name[n],
                                                 joined(described_[n].conditions, " and ")));
        for (auto k = view_->dep_offset[p]; k < view_->dep_offset[p + 1]; ++k)
            (view_->dep_optional[k] ? v.optional_dependencies : v.required_dependencies)
                .emplace_back(view_->slot_name[view_->dep_slot[k]]);
    }
    return v;
}

HAMILTON_DETAIL_DECL std::vector<std::uint32_t> engine::ordered_slots() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t s = 0; s < view_->slot_count; ++s)
        if (in_graph_[s] && active_producer_[s] == none) out.push_back(s);
    for (auto n : view_->topological_order)
        if (described_[n].active) out.push_back(view_->node_slot[n]);
    return out;
}

HAMILTON_DETAIL_DECL std::vector<variable> engine::list_available_variables(const tag_filter& filter) const {
    std::vector<variable> out;
    for (auto s : ordered_slots()) {
        variable v = describe(s);
        bool keep = true;
        for (const auto& wanted : filter) {
            auto it = std::find_if(v.tags.begin(), v.tags.end(),
                                   [&](const auto& t) { return t.first == wanted.first; });
            const auto& accepted = wanted.second;
            keep = keep && it != v.tags.end() &&
                   (accepted.empty() || std::find(accepted.begin(), accepted.end(), it->second) != accepted.end());
        }
        if (keep) out.push_back(std::move(v));
    }
    return out;
}

HAMILTON_DETAIL_DECL std::vector<bool> engine::reachable(const std::vector<std::uint32_t>& start, bool up) const {
    std::vector<bool> seen(view_->slot_count, false);
    std::vector<std::uint32_t> stack = start;
    while (!stack.empty()) {
        const auto s = stack.back();
        stack.pop_back();
        if (seen[s]) continue;
        seen[s] = true;
        if (up) {
            if (const auto p = active_producer_[s]; p != none)
                for (auto k = view_->dep_offset[p]; k < view_->dep_offset[p + 1]; ++k) stack.push_back(view_->dep_slot[k]);
        } else {
            for (auto c : view_->consumers[s])
                if (described_[c].active) stack.push_back(view_->node_slot[c]);
        }
    }
    return seen;
}

HAMILTON_DETAIL_DECL std::vector<std::uint32_t> engine::require_names(const std::vector<std::string>& names,
                                                                      std::string_view context) const {
    std::vector<std::uint32_t> out;
    std::vector<std::string> problems;
    for (const auto& n : names) {
        const auto s = view_->find(n);
        if (s == none || !in_graph_[s])
            problems.push_back(detail::message("'{}' is not in the graph{}", n, suggest(n, known_names())));
        else
            out.push_back(s);
    }
    if (!problems.empty()) throw error(std::string(context), std::move(problems));
    return out;
}

HAMILTON_DETAIL_DECL std::vector<variable> engine::variables_where(const std::vector<bool>& keep) const {
    std::vector<variable> out;
    for (auto s : ordered_slots())
        if (keep[s]) out.push_back(describe(s));
    return out;
}

HAMILTON_DETAIL_DECL std::vector<std::string_view> engine::known_names() const {
    std::vector<std::string_view> out;
    for (std::uint32_t s = 0; s < view_->slot_count; ++s)
        if (in_graph_[s]) out.push_back(view_->slot_name[s]);
    return out;
}

HAMILTON_DETAIL_DECL std::vector<node_variant> engine::variants_of(std::string_view name) const {
    const auto s = view_->find(name);
    if (s == none)
        throw error("variants_of", {detail::message("'{}' is no node or input of the dataflow{}", name,
                                                    suggest(name, view_->slot_name))});
    const auto& producers = view_->producers[s];
    bool gated = false;
    for (auto n : producers) gated = gated || !described_[n].gate_phrases.empty();
    std::vector<node_variant> out;
    if (producers.size() < 2 && !gated) return out;
    const auto prefix = std::string(name) + "__";
    for (auto n : producers) {
        node_variant v;
        v.function = std::string(view_->function_name[n]);
        v.name = v.function.starts_with(prefix) ? v.function.substr(prefix.size()) : v.function;
        v.conditions = described_[n].gate_phrases;
        v.config_keys = described_[n].gate_keys;
        v.selected = described_[n].active;
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace hamilton::detail
