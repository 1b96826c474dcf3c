// hamilton/detail/engine_run.hpp: running a plan: the plain loop over its steps in the calling
// thread (no blocks, adapters, cache or pool); otherwise the steps one by one (through the cache
// when there is one), the blocks (engine_fan_out.hpp) or the pool (engine_threads.hpp), between
// the adapters' hooks when there are adapters (engine_hooks.hpp). A node that throws becomes a
// node_error naming it and its items.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "../error.hpp"
#include "clock.hpp"
#include "engine_decl.hpp"
#include "engine_fan_out.hpp"
#include "message.hpp"

namespace hamilton::detail {

HAMILTON_DETAIL_DECL void engine::run(run_state& state) const {
    if (!state.steps().blocks.empty() || !options_.adapters.empty() || node_cache_) {
        run_with_hooks(state);
        return;
    }
    const plan& p = state.steps();
    std::byte* const data = state.data();
    const step* const first = p.steps.data();
    const step* const last = first + p.steps.size();
    const step* at = first;
    try {
        for (; at != last; ++at) at->run(data, *at);
        state.finished = true;
    } catch (...) {
        node_failed(state, static_cast<std::size_t>(at - first));
    }
}

HAMILTON_DETAIL_DECL void engine::node_failed(run_state& state, std::size_t index) const {
    state.completed = index;
    const auto node = state.steps().steps[index].node;
    const std::string what = current_exception_reason();
    std::throw_with_nested(
        node_error(std::string(view_->node_name[node]), std::string(view_->function_name[node]), what));
}

HAMILTON_DETAIL_DECL std::uint64_t engine::next_run_id() {
    static std::atomic<std::uint64_t> last{0};
    return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

HAMILTON_DETAIL_DECL void engine::run_with_hooks(run_state& state) const {
    const auto run_id = next_run_id();
    if (node_cache_) state.cache = node_cache_->begin(run_id);
    const call c{run_id, state.steps(), state, state.cache.get()};
    if (!options_.adapters.empty()) {
        (this->*options_.parts.run_between_graph_hooks)(c);
        return;
    }
    run_plan(c);
    state.finished = true;
}

HAMILTON_DETAIL_DECL void engine::run_plan(const call& c) const {
    if (c.steps.blocks.empty()) {
        run_steps(c);
    } else if (options_.pool && !options_.pool->in_pool()) {
        (this->*options_.parts.run_on_pool)(c);
    } else {
        std::vector<std::size_t> items;
        run_block(c, c.steps.blocks.front(), c.state.data(), c.state.collected, items);
    }
}

HAMILTON_DETAIL_DECL void engine::run_steps(const call& c) const {
    std::byte* const data = c.state.data();
    std::size_t i = 0;
    try {
        for (; i < c.steps.steps.size(); ++i) {
            // Empty until the node's value is in it: when a hook or the cache throws after the
            // node ran, the state then releases that value.
            ::new (c.state.slot(view_->node_slot[c.steps.steps[i].node])) slot_header{nullptr, false};
            run_node(c, c.steps.steps[i], data, no_items);
        }
    } catch (...) {
        c.state.completed = i + 1;  // the error is on its way
        throw;
    }
}

HAMILTON_DETAIL_DECL void engine::run_step(const step& st, std::uint64_t run_id, std::byte* data,
                                          const std::vector<std::size_t>& items) const {
    if (!options_.adapters.empty()) {
        (this->*options_.parts.run_hooked)(st, run_id, data, items);
        return;
    }
    try {
        st.run(data, st);
    } catch (...) {
        throw_node_error(st.node, items);
    }
}

HAMILTON_DETAIL_DECL void engine::throw_node_error(std::uint32_t n, const std::vector<std::size_t>& items) const {
    std::throw_with_nested(node_error(std::string(view_->node_name[n]), std::string(view_->function_name[n]),
                                      current_exception_reason(), items, items_text(n, items)));
}

HAMILTON_DETAIL_DECL std::string engine::items_text(std::uint32_t n, const std::vector<std::size_t>& items) const {
    std::string where;
    auto e = blocks_.scope(n);
    for (auto i = items.rbegin(); i != items.rend() && e != none; ++i, e = blocks_.scope(e))
        where += detail::message("{}item {} of fan-out '{}'", where.empty() ? "" : ", in ", *i, view_->node_name[e]);
    return where;
}

}  // namespace hamilton::detail
