// hamilton/detail/engine_plan.hpp: planning an execution: the upstream closure of the requested
// outputs, the order of its steps and, for each value, the step after which it is released.
// Plans are kept per (outputs, overridden values), so that a repeated execute call plans nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine_decl.hpp"

namespace hamilton::detail {

// The plans made so far; execute calls on several threads share them.
struct engine::plan_cache {
    std::shared_mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<const plan>> plans;
};

HAMILTON_DETAIL_DECL std::shared_ptr<const plan> engine::find_plan(const std::vector<std::uint32_t>& outputs,
                                                                   const std::vector<std::uint32_t>& overridden) const {
    std::string key;
    key.reserve(4 * (outputs.size() + overridden.size() + 1));
    auto append = [&](std::uint32_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
    for (auto s : outputs) append(s);
    append(none);
    for (auto s : overridden) append(s);
    {
        std::shared_lock lock(cache_->mutex);
        if (auto it = cache_->plans.find(key); it != cache_->plans.end()) return it->second;
    }
    auto made = std::make_shared<const plan>(make_plan(outputs, overridden));
    std::unique_lock lock(cache_->mutex);
    if (cache_->plans.size() >= plan_cache_capacity) cache_->plans.clear();
    return cache_->plans.emplace(std::move(key), std::move(made)).first->second;
}

HAMILTON_DETAIL_DECL plan engine::make_plan(const std::vector<std::uint32_t>& outputs,
                                            const std::vector<std::uint32_t>& overridden) const {
    const auto& v = *view_;
    plan p;
    p.outputs = outputs;
    p.overridden = overridden;
    std::vector<bool> in_plan(v.node_count, false), seen(v.slot_count, false);
    std::vector<std::uint32_t> input_index(v.slot_count, none);
    auto is_overridden = [&](std::uint32_t s) { return std::binary_search(overridden.begin(), overridden.end(), s); };
    // (slot, output it serves, dependency that reached it or none)
    // A dependency the config does not select (config_group) is not computed: its slot stays
    // empty, like an optional input nobody gave, and the node uses its default.
    struct visit { std::uint32_t slot, output, via_dep; };
    std::vector<visit> stack;
    for (auto s : outputs) stack.push_back({s, s, none});
    while (!stack.empty()) {
        const auto [s, output, via] = stack.back();
        stack.pop_back();
        if (is_overridden(s)) continue;
        const bool unselected = via != none && !dep_selected_[via];
        const auto producer = unselected ? none : active_producer_[s];
        if (producer == none) {
            const bool required = !unselected && (via == none || !v.dep_optional[via]);
            const auto consumer = via == none ? none : consumer_of(via);
            if (input_index[s] == none) {
                input_index[s] = static_cast<std::uint32_t>(p.inputs.size());
                p.inputs.push_back({s, required, consumer, output});
            } else if (required && !p.inputs[input_index[s]].required) {
                p.inputs[input_index[s]] = {s, true, consumer, output};
            }
            continue;
        }
        if (seen[s]) continue;
        seen[s] = true;
        in_plan[producer] = true;
        for (auto k = v.dep_offset[producer]; k < v.dep_offset[producer + 1]; ++k)
            stack.push_back({v.dep_slot[k], output, k});
    }
    if (blocks_.any() || options_.pool) {
        plan_blocks(p, in_plan);
        return p;
    }
    std::vector<std::uint32_t> last_reader(v.slot_count, none);
    for (auto n : v.topological_order) {
        if (!in_plan[n]) continue;
        const auto index = static_cast<std::uint32_t>(p.steps.size());
        p.steps.push_back({v.run[n], callables_[n], defaults_[n], &v.offsets[n + v.dep_offset[n]], 0, n});
        for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k)
            if (dep_selected_[k]) last_reader[v.dep_slot[k]] = index;
    }
    std::vector<bool> requested(v.slot_count, false);
    for (auto s : outputs) requested[s] = true;
    for (std::uint32_t i = 0; i < p.steps.size(); ++i) {
        const auto n = p.steps[i].node;
        for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) {
            const auto s = v.dep_slot[k];
            if (dep_selected_[k] && last_reader[s] == i && !requested[s])
                p.steps[i].release |= std::uint64_t{1} << (k - v.dep_offset[n]);
        }
    }
    return p;
}

HAMILTON_DETAIL_DECL std::uint32_t engine::consumer_of(std::uint32_t dep) const {
    const auto& off = view_->dep_offset;
    return static_cast<std::uint32_t>(std::upper_bound(off.begin(), off.end(), dep) - off.begin() - 1);
}

}  // namespace hamilton::detail
