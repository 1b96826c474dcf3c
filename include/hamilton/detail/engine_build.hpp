// hamilton/detail/engine_build.hpp: what build() decides once for a driver's config: which
// nodes are active, which variant computes each value (two that both hold are an error), and
// which values are in the graph; then the fan-out blocks and the cache are bound to that graph
// (engine_blocks.hpp, engine_cache.hpp).
#pragma once

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
#include "engine_plan.hpp"

namespace hamilton::detail {

HAMILTON_DETAIL_DECL engine::engine(const graph_view& view, node_objects objects,
                                    const std::vector<node_metadata>& metadata, config cfg, execution_options options)
    : view_(&view),
      node_objects_(std::move(objects)),
      config_(std::move(cfg)),
      cache_(std::make_shared<plan_cache>()),
      options_(std::move(options)) {
    for (const auto& a : options_.adapters) timing_ = timing_ || a->wants_timing();
    std::vector<std::string> problems;
    dep_selected_ = std::vector<bool>(view.dep_slot.size(), true);  // assign() would compile a second fill
    for (std::size_t n = 0; n < metadata.size(); ++n) {
        const node_metadata& m = metadata[n];
        described_.push_back(describe_node(view.function_name[n], m, config_, problems));
        callables_.push_back(m.function);
        defaults_.push_back(m.defaults);
        // Only a dependency with a default can be left out: the node reads that instead.
        for (auto d = view.dep_offset[n]; d < view.dep_offset[n + 1]; ++d)
            dep_selected_[d] = !view.dep_optional[d] || m.conditions.selected(config_, view.slot_name[view.dep_slot[d]]);
    }
    choose_variants(std::move(problems));
}

HAMILTON_DETAIL_DECL engine::engine(std::shared_ptr<const graph_view> view, node_objects objects,
                                    const std::vector<node_metadata>& metadata, config cfg, execution_options options)
    : engine(*view, std::move(objects), metadata, std::move(cfg), std::move(options)) {
    linked_view_ = std::move(view);
}

HAMILTON_DETAIL_DECL void engine::choose_variants(std::vector<std::string> problems) {
    const auto& v = *view_;
    active_producer_.assign(v.slot_count, none);
    in_graph_ = std::vector<bool>(v.slot_count, false);
    for (std::uint32_t s = 0; s < v.slot_count; ++s) {
        std::vector<std::uint32_t> active;
        for (auto n : v.producers[s])
            if (described_[n].active) active.push_back(n);
        if (active.size() > 1) {
            std::string keys;
            for (auto n : active) {
                for (auto k : described_[n].condition_keys)
                    if (keys.find(detail::message("'{}'", k)) == std::string::npos)
                        keys += detail::message("{}'{}'", keys.empty() ? "" : ", ", k);
            }
            problems.push_back(detail::message(
                "config selects {} variants of node '{}': {}; change config key(s) {} so that exactly one "
                "condition holds",
                active.size(), v.slot_name[s], variants_text(active), keys));
        } else if (active.size() == 1) {
            active_producer_[s] = active.front();
            if (config_.count(v.slot_name[s]) != 0)
                problems.push_back(detail::message(
                    "config key '{}' has the name of node '{}' (function {}); rename the key or the node",
                    v.slot_name[s], v.slot_name[s], v.function_name[active.front()]));
        }
    }
    for (std::uint32_t n = 0; n < v.node_count; ++n) {
        if (!described_[n].active) continue;
        in_graph_[v.node_slot[n]] = true;
        for (auto k = v.dep_offset[n]; k < v.dep_offset[n + 1]; ++k) in_graph_[v.dep_slot[k]] = true;
    }
    if (problems.empty()) find_blocks(problems);
    if (problems.empty() && options_.cache) (this->*options_.parts.bind_cache)(problems);
    if (!problems.empty()) throw error("build", std::move(problems));
}

HAMILTON_DETAIL_DECL std::string engine::variants_text(const std::vector<std::uint32_t>& nodes) const {
    std::string text;
    for (auto n : nodes)
        text += detail::message("{}{} [{}]", text.empty() ? "" : ", ", view_->function_name[n],
                            joined(described_[n].conditions, " and "));
    return text;
}

}  // namespace hamilton::detail
