// hamilton/detail/engine_execute.hpp: the edges of an execute call: before it runs, the check of
// every name and value given (one error listing every problem) and the binding of inputs,
// overrides and config values into a fresh run_state; after, the results taken from it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "../error.hpp"
#include "engine_decl.hpp"
#include "message.hpp"

namespace hamilton::detail {

HAMILTON_DETAIL_DECL std::unique_ptr<run_state> engine::prepare(const std::vector<std::uint32_t>& output_slots,
                                                                const std::vector<std::string_view>& output_names,
                                                                const values& inputs, const values& overrides,
                                                                bool by_name) const {
    std::vector<std::string> problems;
    std::vector<std::uint32_t> outputs;  // the known ones, each once
    for (std::size_t i = 0; i < output_slots.size(); ++i) {
        const auto s = output_slots[i];
        if (s == none) {
            problems.push_back(detail::message("no node produces '{}' and no node takes it as an input{}",
                                           output_names[i], suggest(output_names[i], known_names())));
        } else if (std::find(outputs.begin(), outputs.end(), s) != outputs.end()) {
            problems.push_back(detail::message("'{}' is requested twice; request each output once", output_names[i]));
        } else {
            outputs.push_back(s);
        }
    }
    std::vector<std::uint32_t> overridden;
    for (const auto& [name, value] : overrides) {
        const auto s = view_->find(name);
        if (s == none) {
            problems.push_back(detail::message("override '{}' names nothing in the graph{}", name,
                                           suggest(name, known_names())));
            continue;
        }
        overridden.push_back(s);
        if (!view_->slots[s].accepts(value))
            problems.push_back(detail::message("override '{}' has the wrong type: expected {}, given {}", name,
                                           view_->slot_type[s], type_name(value.type())));
    }
    for (const auto& [name, value] : inputs) {
        const auto s = view_->find(name);
        if (config_.count(name) != 0)
            problems.push_back(detail::message(
                "'{}' is given both as config and as an input; give it in only one place", name));
        else if (s == none)
            problems.push_back(detail::message("input '{}' names nothing in the graph{}", name,
                                           suggest(name, known_names())));
        else if (active_producer_[s] != none)
            problems.push_back(detail::message(
                "input '{}' is computed by node '{}' (function {}); to replace a computed value, "
                "pass it as an override",
                name, name, view_->function_name[active_producer_[s]]));
        else if (!view_->slots[s].accepts(value))  // checked even when this call does not need it
            problems.push_back(detail::message("input '{}' has the wrong type: expected {}, given {}", name,
                                           view_->slot_type[s], type_name(value.type())));
    }

    std::sort(overridden.begin(), overridden.end());
    if (blocks_.any()) {
        for (auto s : outputs)
            if (const auto e = inside_block(s); e != none)
                problems.push_back(detail::message(
                    "'{}' is computed once per item, inside the block of fan-out '{}'; request a node that "
                    "collects it (a parameter hamilton::collect<T> {}) instead",
                    view_->slot_name[s], view_->node_name[e], view_->slot_name[s]));
        for (auto s : overridden)
            if (const auto e = inside_block(s); e != none)
                problems.push_back(detail::message(
                    "override '{}' names a node inside the block of fan-out '{}', which runs once per item; "
                    "override the fan-out '{}' (its items) or a node outside the block",
                    view_->slot_name[s], view_->node_name[e], view_->node_name[e]));
    }
    // Outputs that could not be handed back are found now, before anything runs.
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const auto s = outputs[i];
        if (view_->slots[s].copyable) continue;
        const auto name = view_->slot_name[s];
        if (active_producer_[s] == none || std::binary_search(overridden.begin(), overridden.end(), s))
            problems.push_back(detail::message(
                "'{}' is the caller's own value (an input or override) of type {}, which cannot be copied "
                "into the results; use your own instead of requesting it",
                name, view_->slot_type[s]));
        else if (by_name)
            problems.push_back(detail::message(
                "'{}' has type {}, which cannot be returned by name (std::any needs a copyable type); request "
                "it with the typed execute<\"{}\">(...)",
                name, view_->slot_type[s], name));
    }
    auto state = std::make_unique<run_state>(*view_, find_plan(outputs, overridden));
    const plan& p = state->steps();
    for (const auto& [name, value] : overrides)
        if (const auto s = view_->find(name); s != none) (void)view_->slots[s].bind(state->slot(s), value);
    for (const auto& need : p.inputs) {
        if (std::binary_search(overridden.begin(), overridden.end(), need.slot)) continue;
        const auto name = view_->slot_name[need.slot];
        if (auto given = inputs.find(name); given != inputs.end()) {
            (void)view_->slots[need.slot].bind(state->slot(need.slot), given->second);  // type checked above
        } else if (auto from_config = config_.find(name); from_config != config_.end()) {
            auto why = view_->slots[need.slot].bind_config(state->slot(need.slot), from_config->second);
            if (!why.empty()) problems.push_back(detail::message("config value '{}' {}", name, why));
        } else if (need.required) {
            problems.push_back(missing_input_message(need, inputs));
        }
    }
    if (!problems.empty()) throw error(detail::message("execute {}", quoted_list(output_names)), std::move(problems));
    return state;
}

HAMILTON_DETAIL_DECL void engine::require_output_types(const std::vector<std::uint32_t>& output_slots,
                                                      const std::vector<const std::type_info*>& types,
                                                      const std::vector<std::string_view>& output_names) const {
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < output_slots.size(); ++i) {
        const auto s = output_slots[i];
        if (*view_->slots[s].type != *types[i])
            problems.push_back(detail::message(
                "'{}' has type {}, computed in a module compiled in another unit; this unit's nodes read its items "
                "only, so it cannot return it typed: request it by name (execute({{\"{}\"}}, ...))",
                output_names[i], view_->slot_type[s], output_names[i]));
    }
    if (!problems.empty()) throw error(detail::message("execute {}", quoted_list(output_names)), std::move(problems));
}

HAMILTON_DETAIL_DECL std::string engine::missing_input_message(const plan::input& need, const values& inputs) const {
    const auto& v = *view_;
    const auto name = v.slot_name[need.slot];
    std::string who = need.consumer == none
                          ? "it was requested as an output"
                          : detail::message("needed by '{}'", v.node_name[need.consumer]);
    if (need.consumer != none && need.output != v.node_slot[need.consumer])
        who += detail::message(" for output '{}'", v.slot_name[need.output]);
    std::string variants = variants_text(v.producers[need.slot]);
    if (!variants.empty())
        variants = detail::message("; no variant of node '{}' is active under this config ({})", name, variants);
    std::vector<std::string_view> given;
    for (const auto& [n, value] : inputs) given.push_back(n);
    // A misspelt dependency is an input no one gives: point at the nodes it may have meant, by
    // spelling only, at most a third of the letters changed (a real input is often a prefix of
    // the nodes computed from it, spend and spend_mean, and short names are all close: x and a).
    std::vector<std::string_view> nodes;
    for (const auto n : v.node_name)
        if (n != name) nodes.push_back(n);
    return detail::message("missing input '{}' of type {}, {}{}{}; inputs given: {}", name, v.slot_type[need.slot],
                       who, variants, suggest(name, nodes, {name.size() / 3, false}), quoted_list(given));
}

HAMILTON_DETAIL_DECL results engine::collect(const run_state& state) const {
    results out;
    for (auto s : state.steps().outputs)
        out.add(std::string(view_->slot_name[s]), view_->slots[s].take(state.slot(s)));
    return out;
}

HAMILTON_DETAIL_DECL std::vector<std::uint32_t> engine::slots_of(const std::vector<std::string_view>& names) const {
    std::vector<std::uint32_t> out;
    out.reserve(names.size());
    for (const auto n : names) out.push_back(view_->find(n));
    return out;
}

}  // namespace hamilton::detail
