// hamilton/detail/engine_cache.hpp: the engine's use of a cache (node_cache.hpp): bound to the
// active graph at build() (compiled only in a program that calls with_cache: use_cache), then
// asked, for each node outside blocks, for its value before the node runs and given the value after.
#pragma once

#include <cstdint>
#include <cstddef>
#include <string>
#include <vector>

#include "engine_decl.hpp"

namespace hamilton::detail {

HAMILTON_DETAIL_DECL void engine::use_cache(engine_parts& parts) { parts.bind_cache = &engine::bind_cache; }

HAMILTON_DETAIL_DECL void engine::bind_cache(std::vector<std::string>& problems) {
    std::vector<cached_node> nodes;
    for (std::size_t n = 0; n < described_.size(); ++n) {
        cached_node info{described_[n].active, {}};
        for (const auto& [key, value] : described_[n].tags)
            if (key == version_tag) info.version = value;
        nodes.push_back(info);
    }
    node_cache_ = options_.cache->bind(*view_, nodes, dep_selected_, options_.behaviors, problems);
}

HAMILTON_DETAIL_DECL void engine::run_node(const call& c, const step& st, std::byte* data,
                                          const std::vector<std::size_t>& items) const {
    if (c.cache == nullptr || !items.empty()) {
        run_step(st, c.run_id, data, items);
        return;
    }
    bool restored = false;
    try {
        restored = c.cache->restore(st.node, data);
    } catch (...) {
        throw_node_error(st.node, items);
    }
    if (restored) {
        release_read_last(st, data);
        return;
    }
    run_step(st, c.run_id, data, items);
    try {
        c.cache->store(st.node, data);
    } catch (...) {
        throw_node_error(st.node, items);
    }
}

HAMILTON_DETAIL_DECL void engine::release_read_last(const step& st, std::byte* data) const {
    const auto first = view_->dep_offset[st.node];
    for (std::uint32_t k = 0; first + k < view_->dep_offset[st.node + 1]; ++k)
        if ((st.release >> k & 1u) != 0) view_->slots[view_->dep_slot[first + k]].reset(data + st.offsets[k + 1]);
}

}  // namespace hamilton::detail
